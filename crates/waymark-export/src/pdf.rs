//! A sheet as a vector PDF: one page sized to the map, the map scaled onto a standard page, or
//! the map tiled over several pages at a readable scale.
//!
//! svg2pdf converts the sheet's SVG once into a form XObject, with the embedded font as a
//! subset and text kept as text, so a reader can select and search it. Each page then draws
//! that one XObject with its own transform (and, for tiles, a clip), so a tiled map embeds
//! the font once however many pages it has.

use std::collections::HashMap;
use std::str::FromStr;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::svg::{self, SvgOptions};
use crate::{fonts, ExportError, Report, Result, Sheet};

/// A centimetre of margin on standard pages, in points.
const MARGIN: f64 = 28.35;
/// Points per sheet pixel on tiles: 12.5 px card text prints at 9.4 pt.
const TILE_SCALE: f64 = 0.75;
/// Sheet pixels that neighbouring tiles share at least, so a line cut at a page's edge is
/// whole on one of the two pages.
const TILE_OVERLAP: f64 = 32.0;
/// Room under a tile for its label, in points.
const LABEL_BAND: f64 = 14.0;
const LABEL_SIZE: f32 = 8.0;
/// The largest page PDF readers are required to open (200 inches); a larger map is scaled
/// down onto it.
const MAX_PAGE: f64 = 14_400.0;

/// A standard paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
    Letter,
    Tabloid,
}

impl Paper {
    /// Width and height in points, portrait.
    fn portrait(self) -> (f64, f64) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::A3 => (841.89, 1190.55),
            Paper::Letter => (612.0, 792.0),
            Paper::Tabloid => (792.0, 1224.0),
        }
    }

    fn parse(name: &str) -> Option<Paper> {
        match name {
            "a4" => Some(Paper::A4),
            "a3" => Some(Paper::A3),
            "letter" => Some(Paper::Letter),
            "tabloid" => Some(Paper::Tabloid),
            _ => None,
        }
    }
}

/// A paper size in an orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize {
    pub paper: Paper,
    pub landscape: bool,
}

impl PageSize {
    /// Width and height in points.
    pub fn points(self) -> (f64, f64) {
        let (w, h) = self.paper.portrait();
        if self.landscape {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// `a4-landscape`, `letter-portrait`, or a bare `a3` (portrait).
    fn parse(text: &str) -> Option<PageSize> {
        let (paper, orientation) = text.split_once('-').unwrap_or((text, "portrait"));
        let landscape = match orientation {
            "portrait" => false,
            "landscape" => true,
            _ => return None,
        };
        Some(PageSize {
            paper: Paper::parse(paper)?,
            landscape,
        })
    }
}

/// How the map is put on pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageLayout {
    /// One page the size of the map.
    #[default]
    Fit,
    /// The whole map scaled to fit one page, centred within margins.
    Page(PageSize),
    /// The map at a readable scale over as many pages as it needs.
    Tiles(PageSize),
}

impl FromStr for PageLayout {
    type Err = ExportError;

    /// `fit`, a page such as `a4-landscape`, or `tiles:` and a page.
    fn from_str(text: &str) -> Result<PageLayout> {
        let text = text.trim().to_ascii_lowercase();
        let parsed = match text.strip_prefix("tiles:") {
            _ if text == "fit" => Some(PageLayout::Fit),
            Some(page) => PageSize::parse(page).map(PageLayout::Tiles),
            None => PageSize::parse(&text).map(PageLayout::Page),
        };
        parsed.ok_or_else(|| {
            ExportError::BadOption(format!(
                "unknown page \"{text}\"; use fit, a page such as a4-landscape, a3-portrait, \
                 letter-portrait or tabloid-landscape, or tiles: and a page (tiles:a4-landscape)"
            ))
        })
    }
}

/// How a PDF is made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PdfOptions {
    pub layout: PageLayout,
    /// Also load the system's fonts, for characters the embedded font lacks.
    pub system_fonts: bool,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions {
            layout: PageLayout::Fit,
            system_fonts: true,
        }
    }
}

/// One page: its size, where the sheet goes on it, and what it clips to.
#[derive(Debug, Clone, PartialEq)]
struct Placement {
    width: f64,
    height: f64,
    /// The sheet's unit square onto the page: `[w, 0, 0, h, x, y]`.
    matrix: [f64; 6],
    /// The part of the page the sheet may draw on: x, y, width, height.
    clip: Option<[f64; 4]>,
    label: Option<String>,
}

/// The PDF of `sheet`.
///
/// # Errors
/// When svg2pdf fails to convert the sheet.
pub fn render(sheet: &Sheet, options: &PdfOptions) -> Result<(Vec<u8>, Report)> {
    let started = std::time::Instant::now();
    let svg = svg::write(sheet, SvgOptions::default());
    let (tree, missing) = fonts::parse(&svg, sheet, options.system_fonts)?;
    let (chunk, sheet_ref) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
        .map_err(|e| ExportError::Pdf(e.to_string()))?;
    let pages = placements(sheet, options.layout);
    let pdf = assemble(&sheet.name, &chunk, sheet_ref, &pages);
    tracing::info!(
        pages = pages.len(),
        bytes = pdf.len(),
        seconds = started.elapsed().as_secs_f64(),
        "made PDF"
    );
    let report = Report {
        missing_characters: missing,
        pages: pages.len() as u32,
        width: pages[0].width,
        height: pages[0].height,
    };
    Ok((pdf, report))
}

/// How many pages a PDF of `sheet` would have, and the first one's width and height in
/// points.
pub fn pages(sheet: &Sheet, layout: PageLayout) -> (u32, f64, f64) {
    let pages = placements(sheet, layout);
    (pages.len() as u32, pages[0].width, pages[0].height)
}

/// The pages of `layout`; never empty.
fn placements(sheet: &Sheet, layout: PageLayout) -> Vec<Placement> {
    let (w, h) = (sheet.width, sheet.height);
    match layout {
        PageLayout::Fit => {
            let scale = (MAX_PAGE / w.max(h)).min(1.0);
            let (pw, ph) = (w * scale, h * scale);
            vec![Placement {
                width: pw,
                height: ph,
                matrix: [pw, 0.0, 0.0, ph, 0.0, 0.0],
                clip: None,
                label: None,
            }]
        }
        PageLayout::Page(size) => {
            let (pw, ph) = size.points();
            let scale = ((pw - 2.0 * MARGIN) / w).min((ph - 2.0 * MARGIN) / h);
            let (dw, dh) = (w * scale, h * scale);
            vec![Placement {
                width: pw,
                height: ph,
                matrix: [dw, 0.0, 0.0, dh, (pw - dw) / 2.0, (ph - dh) / 2.0],
                clip: None,
                label: None,
            }]
        }
        PageLayout::Tiles(size) => tiles(sheet, size),
    }
}

/// Tiles of the sheet at [`TILE_SCALE`], spread evenly so that neighbours overlap by at least
/// [`TILE_OVERLAP`] and every tile starts inside the sheet (no blank page).
fn tiles(sheet: &Sheet, size: PageSize) -> Vec<Placement> {
    let (pw, ph) = size.points();
    let (cw, ch) = (pw - 2.0 * MARGIN, ph - 2.0 * MARGIN - LABEL_BAND);
    let columns = tile_starts(sheet.width, cw / TILE_SCALE);
    let rows = tile_starts(sheet.height, ch / TILE_SCALE);
    let total = columns.len() * rows.len();
    let (sw, sh) = (sheet.width * TILE_SCALE, sheet.height * TILE_SCALE);
    let mut pages = Vec::with_capacity(total);
    for (row, top) in rows.iter().enumerate() {
        for (column, left) in columns.iter().enumerate() {
            let x = MARGIN - left * TILE_SCALE;
            let content_top = ph - MARGIN;
            let y = content_top + top * TILE_SCALE - sh;
            let label = format!(
                "{} - row {} of {}, column {} of {} (page {} of {total})",
                ascii(&sheet.name),
                row + 1,
                rows.len(),
                column + 1,
                columns.len(),
                pages.len() + 1,
            );
            pages.push(Placement {
                width: pw,
                height: ph,
                matrix: [sw, 0.0, 0.0, sh, x, y],
                clip: Some([MARGIN, content_top - ch, cw, ch]),
                label: Some(label),
            });
        }
    }
    pages
}

/// Where tiles `span` long start along a side `length` long.
fn tile_starts(length: f64, span: f64) -> Vec<f64> {
    if length <= span {
        return vec![0.0];
    }
    let count = ((length - TILE_OVERLAP) / (span - TILE_OVERLAP))
        .ceil()
        .max(2.0) as usize;
    let step = (length - span) / (count - 1) as f64;
    (0..count).map(|i| i as f64 * step).collect()
}

/// `text` with what the label's standard font cannot show replaced by `?`.
// TODO: labels use the standard Helvetica to stay small, so a map name outside ASCII shows
// question marks there; drawing the label through svg2pdf with the embedded font would fix it.
fn ascii(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// The PDF: a page per placement, each drawing the one sheet XObject.
fn assemble(name: &str, chunk: &pdf_writer::Chunk, sheet_ref: Ref, pages: &[Placement]) -> Vec<u8> {
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let page_tree = alloc.bump();
    let font = alloc.bump();
    let info = alloc.bump();
    let mut renumbered = HashMap::new();
    let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| alloc.bump()));
    let sheet_ref = renumbered[&sheet_ref];
    let refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc.bump(), alloc.bump())).collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(page_tree);
    pdf.pages(page_tree)
        .kids(refs.iter().map(|(page, _)| *page))
        .count(pages.len() as i32);
    for (placement, (page_ref, content_ref)) in pages.iter().zip(&refs) {
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(
            0.0,
            0.0,
            placement.width as f32,
            placement.height as f32,
        ));
        page.parent(page_tree);
        page.contents(*content_ref);
        let mut resources = page.resources();
        resources.x_objects().pair(Name(b"Map"), sheet_ref);
        if placement.label.is_some() {
            resources.fonts().pair(Name(b"Label"), font);
        }
        resources.finish();
        page.finish();
        pdf.stream(*content_ref, &page_content(placement));
    }
    if pages.iter().any(|p| p.label.is_some()) {
        pdf.type1_font(font)
            .base_font(Name(b"Helvetica"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.extend(&chunk);
    pdf.document_info(info)
        .title(TextStr(name))
        .producer(TextStr("Waymark"));
    pdf.finish()
}

fn page_content(placement: &Placement) -> Vec<u8> {
    let mut content = Content::new();
    content.save_state();
    if let Some([x, y, w, h]) = placement.clip {
        content.rect(x as f32, y as f32, w as f32, h as f32);
        content.clip_nonzero();
        content.end_path();
    }
    content.transform(placement.matrix.map(|v| v as f32));
    content.x_object(Name(b"Map"));
    content.restore_state();
    if let Some(label) = &placement.label {
        content.set_fill_gray(0.42);
        content.begin_text();
        content.set_font(Name(b"Label"), LABEL_SIZE);
        content.next_line(MARGIN as f32, (MARGIN + 2.0) as f32);
        content.show(Str(label.as_bytes()));
        content.end_text();
    }
    content.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_read_as_the_command_line_writes_them() {
        let a4l = PageSize {
            paper: Paper::A4,
            landscape: true,
        };
        assert_eq!("fit".parse::<PageLayout>().unwrap(), PageLayout::Fit);
        assert_eq!(
            "A4-landscape".parse::<PageLayout>().unwrap(),
            PageLayout::Page(a4l)
        );
        assert_eq!(
            "tiles:a4-landscape".parse::<PageLayout>().unwrap(),
            PageLayout::Tiles(a4l)
        );
        assert!(matches!(
            "letter".parse::<PageLayout>().unwrap(),
            PageLayout::Page(PageSize {
                paper: Paper::Letter,
                landscape: false
            })
        ));
        for bad in ["a5", "tiles:", "a4-sideways", "tiles:fit"] {
            assert!(bad.parse::<PageLayout>().is_err(), "{bad} was read");
        }
    }

    #[test]
    fn tiles_overlap_cover_the_whole_side_and_none_starts_past_it() {
        for (length, span) in [
            (1000.0, 400.0),
            (401.0, 400.0),
            (5000.0, 1048.0),
            (300.0, 400.0),
        ] {
            let starts = tile_starts(length, span);
            assert_eq!(starts[0], 0.0);
            let last = starts.last().unwrap();
            assert!(last + span >= length - 1e-9, "{length} {span}: {starts:?}");
            assert!(*last < length - TILE_OVERLAP || starts.len() == 1);
            for pair in starts.windows(2) {
                assert!(
                    pair[0] + span - pair[1] >= TILE_OVERLAP - 1e-9,
                    "{starts:?}"
                );
            }
        }
    }
}
