//! PDF exports read back through poppler: page count and size, and the text a reader can
//! search.

mod common;

use std::path::PathBuf;

use waymark_export::pdf::{self, PageLayout, PdfOptions};

fn write_pdf(dir: &tempfile::TempDir, sheet: &waymark_export::Sheet, page: &str) -> PathBuf {
    let options = PdfOptions {
        layout: page.parse().unwrap(),
        system_fonts: false,
    };
    let (bytes, _) = pdf::render(sheet, &options).unwrap();
    let path = dir.path().join(format!("{}.pdf", page.replace(':', "-")));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_fit_pdf_is_one_page_the_size_of_the_map_with_every_card_searchable() {
    let (_doc, source) = common::sample_source();
    let sheet = common::sheet(&source);
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(&dir, &sheet, "fit");
    let (pages, width, height) = common::pdf_pages(&path);
    assert_eq!(pages, 1);
    assert!((width - sheet.width).abs() < 0.5 && (height - sheet.height).abs() < 0.5);
    let text = common::pdf_text(&path);
    assert_eq!(
        common::missing_card_lines(&sheet, &text),
        Vec::<String>::new()
    );
    for words in [
        "Instagram ad to repeat purchase",
        "2,400 customers",
        "very positive",
    ] {
        assert!(text.contains(words), "{words} is not in the PDF's text");
    }
}

#[test]
fn an_a4_landscape_pdf_holds_the_whole_map_on_one_page() {
    let (_doc, source) = common::sample_source();
    let sheet = common::sheet(&source);
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(&dir, &sheet, "a4-landscape");
    let (pages, width, height) = common::pdf_pages(&path);
    assert_eq!((pages, width.round(), height.round()), (1, 842.0, 595.0));
    let text = common::pdf_text(&path);
    assert_eq!(
        common::missing_card_lines(&sheet, &text),
        Vec::<String>::new()
    );
}

#[test]
fn other_standard_pages_have_their_sizes() {
    let sheet = common::sheet(&common::template_source());
    let dir = tempfile::tempdir().unwrap();
    for (page, size) in [
        ("a3-portrait", (842.0, 1191.0)),
        ("letter-portrait", (612.0, 792.0)),
        ("tabloid-landscape", (1224.0, 792.0)),
    ] {
        let path = write_pdf(&dir, &sheet, page);
        let (pages, width, height) = common::pdf_pages(&path);
        assert_eq!(
            (pages, width.round(), height.round()),
            (1, size.0, size.1),
            "{page}"
        );
    }
}

#[test]
fn tiles_cover_the_map_over_labelled_pages() {
    let (_doc, source) = common::sample_source();
    let sheet = common::sheet(&source);
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(&dir, &sheet, "tiles:a4-landscape");
    let (pages, width, height) = common::pdf_pages(&path);
    // 1,722 x 1,115 px at 0.75 pt per px over A4 landscape's 785 x 525 pt of content.
    assert_eq!(pages, 4);
    assert_eq!((width.round(), height.round()), (842.0, 595.0));
    let text = common::pdf_text(&path);
    for page in 1..=4 {
        assert!(
            text.contains(&format!("(page {page} of 4)")),
            "no label on page {page}"
        );
    }
    assert!(text.contains("row 2 of 2, column 2 of 2"));
    let layout: PageLayout = "tiles:a4-landscape".parse().unwrap();
    assert!(matches!(layout, PageLayout::Tiles(_)));
}
