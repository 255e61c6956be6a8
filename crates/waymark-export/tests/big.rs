//! The 2,000-card map of 40 stages and 8 lanes: whole in a PDF and a 2x PNG, and refused as a
//! PNG too large to make with the PDF suggested.

mod common;

use resvg::tiny_skia::Pixmap;
use waymark_export::pdf::{self, PdfOptions};
use waymark_export::png::{self, PngOptions, PngSize};
use waymark_export::ExportError;

#[test]
fn the_big_map_is_whole_in_a_one_page_pdf() {
    let sheet = common::sheet(&common::big_source());
    assert_eq!(sheet.scene.cards.len(), 2_000);
    let options = PdfOptions {
        system_fonts: false,
        ..PdfOptions::default()
    };
    let (bytes, report) = pdf::render(&sheet, &options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.pdf");
    std::fs::write(&path, bytes).unwrap();

    let (pages, width, height) = common::pdf_pages(&path);
    assert_eq!(pages, 1);
    assert_eq!(
        (width.round(), height.round()),
        (report.width.round(), report.height.round())
    );
    assert!((width - sheet.width).abs() < 0.5 && (height - sheet.height).abs() < 0.5);
    let text = common::pdf_text(&path);
    assert_eq!(
        common::missing_card_lines(&sheet, &text),
        Vec::<String>::new()
    );
    assert!(text.contains("Card 1999") && text.contains("Stage 40"));
}

#[test]
fn the_big_map_at_2x_is_a_png_with_the_last_stage_drawn() {
    let sheet = common::sheet(&common::big_source());
    let options = PngOptions {
        size: PngSize::Scale(2.0),
        transparent: false,
        system_fonts: false,
    };
    let (bytes, report) = png::render(&sheet, &options).unwrap();
    let image = Pixmap::decode_png(&bytes).unwrap();
    assert_eq!(f64::from(image.width()), (sheet.width * 2.0).ceil());
    assert_eq!(f64::from(image.height()), report.height);

    // The last card's fill, inside its rounded corners, is drawn at the far right.
    let last = sheet
        .scene
        .cards
        .iter()
        .max_by(|a, b| a.rect.x.total_cmp(&b.rect.x))
        .unwrap();
    let x = (sheet.scene_left + last.rect.x + last.rect.width - 8.0) * 2.0;
    let y = (sheet.scene_top + last.rect.y + last.rect.height - 8.0) * 2.0;
    let pixel = image.pixel(x as u32, y as u32).unwrap();
    let fill = last.fill.trim_start_matches('#');
    let expected = u32::from_str_radix(fill, 16).unwrap();
    let channels = [pixel.red(), pixel.green(), pixel.blue()];
    let wanted = [
        (expected >> 16) as u8,
        (expected >> 8) as u8,
        expected as u8,
    ];
    assert_eq!(channels, wanted, "the last card at ({x}, {y})");
}

#[test]
fn a_png_too_large_to_make_says_so_and_suggests_the_pdf() {
    let sheet = common::sheet(&common::big_source());
    let options = PngOptions {
        size: PngSize::Scale(4.0),
        transparent: false,
        system_fonts: false,
    };
    let err = png::render(&sheet, &options).unwrap_err();
    assert!(matches!(err, ExportError::TooLarge { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("too large") && message.contains("export a PDF"),
        "{message}"
    );
}
