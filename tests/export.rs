//! Exporting from the app as a person does it: the sample map opened, the export dialog
//! reached with Ctrl+E, the options chosen, the system's save dialog answered, and the file
//! checked. A PNG at 1x must be the canvas at 100%: the map's part of the export is compared
//! pixel by pixel with a screenshot of the canvas.

use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::Locator;
use serde_json::Value;
use waymark_e2e::{artifacts, show_map, waymark, App, Home};

const SAMPLE_MAP: &str = "Instagram ad to repeat purchase";
const DIALOG: &str = "[data-testid=export-dialog]";
/// The title the app gives the system's save dialog.
const SAVE_DIALOG: &str = "Export map";

/// An RGBA image.
struct Image {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Image {
    fn decode(bytes: &[u8]) -> Image {
        let mut decoder = png::Decoder::new(bytes);
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        pixels.truncate(info.buffer_size());
        if info.color_type == png::ColorType::Rgb {
            pixels = pixels
                .chunks(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect();
        }
        Image {
            width: info.width as usize,
            height: info.height as usize,
            pixels,
        }
    }

    fn pixel(&self, x: i64, y: i64) -> Option<[u8; 3]> {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return None;
        }
        let at = (y as usize * self.width + x as usize) * 4;
        Some([self.pixels[at], self.pixels[at + 1], self.pixels[at + 2]])
    }

    fn fill(&mut self, area: Area, colour: [u8; 3]) {
        for y in area.top..area.top + area.height {
            for x in area.left..area.left + area.width {
                let at = (y as usize * self.width + x as usize) * 4;
                self.pixels[at..at + 3].copy_from_slice(&colour);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Area {
    left: i64,
    top: i64,
    width: i64,
    height: i64,
}

/// How far a channel may differ: WebKit and resvg anti-alias edges differently.
const CHANNEL_TOLERANCE: u8 = 16;
/// Tiles of this many pixels square are judged one by one, so that one missing or moved
/// element fails the comparison however large the map is.
const TILE: i64 = 24;
/// The share of a tile's pixels that may differ.
const TILE_TOLERANCE: f64 = 0.08;

/// Where the two pictures are compared, and how they line up.
struct Comparison<'a> {
    shot: &'a Image,
    export: &'a Image,
    /// The part of the window that shows the map.
    area: Area,
    /// The export's pixel (x + dx, y + dy) shows what the window's (x, y) does.
    offset: (i64, i64),
    /// The lines of text, in window pixels, widened for the difference described at
    /// [`text_boxes`].
    text: Vec<Area>,
}

impl<'a> Comparison<'a> {
    fn new(
        shot: &'a Image,
        export: &'a Image,
        area: Area,
        offset: (i64, i64),
        text: &[Area],
    ) -> Comparison<'a> {
        Comparison {
            shot,
            export,
            area,
            offset,
            text: text.to_vec(),
        }
    }

    fn in_text(&self, x: i64, y: i64) -> bool {
        self.text
            .iter()
            .any(|t| x >= t.left && x < t.left + t.width && y >= t.top && y < t.top + t.height)
    }

    /// Whether the window's pixel (x, y) has a close match within one pixel of its place in
    /// the export, which absorbs anti-aliasing and where exactly an edge falls.
    fn matches(&self, x: i64, y: i64) -> bool {
        let Some(seen) = self.shot.pixel(x, y) else {
            return true;
        };
        let (dx, dy) = self.offset;
        let close = |e: [u8; 3]| {
            seen.iter()
                .zip(e)
                .all(|(a, b)| a.abs_diff(b) <= CHANNEL_TOLERANCE)
        };
        (-1..=1).any(|oy| {
            (-1..=1).any(|ox| {
                self.export
                    .pixel(x + dx + ox, y + dy + oy)
                    .is_some_and(close)
            })
        })
    }

    /// The tiles whose drawing, text aside, differs: their corner and share of differing pixels.
    fn differing_tiles(&self) -> Vec<(i64, i64, f64)> {
        let area = self.area;
        let mut failed = Vec::new();
        for top in (area.top..area.top + area.height).step_by(TILE as usize) {
            for left in (area.left..area.left + area.width).step_by(TILE as usize) {
                let bottom = (top + TILE).min(area.top + area.height);
                let right = (left + TILE).min(area.left + area.width);
                let pixels: Vec<(i64, i64)> = (top..bottom)
                    .flat_map(|y| (left..right).map(move |x| (x, y)))
                    .filter(|&(x, y)| !self.in_text(x, y))
                    .collect();
                if pixels.len() < (TILE * TILE / 4) as usize {
                    continue;
                }
                let wrong = pixels.iter().filter(|&&(x, y)| !self.matches(x, y)).count();
                let share = wrong as f64 / pixels.len() as f64;
                if share > TILE_TOLERANCE {
                    failed.push((left, top, share));
                }
            }
        }
        failed
    }

    /// The lines of text whose ink differs: the export's ink over the canvas's, per line that
    /// shows whole. A line drawn in both has about as much ink in each; a line missing from
    /// one has none there.
    fn differing_text(&self) -> Vec<(Area, f64)> {
        let (dx, dy) = self.offset;
        let inside = |t: &Area| {
            t.left >= self.area.left
                && t.top >= self.area.top
                && t.left + t.width <= self.area.left + self.area.width
                && t.top + t.height <= self.area.top + self.area.height
        };
        let mut failed = Vec::new();
        for line in self.text.iter().filter(|t| inside(t)) {
            let seen = ink(self.shot, *line, (0, 0));
            let drawn = ink(self.export, *line, (dx, dy));
            let ratio = (drawn + 1.0) / (seen + 1.0);
            if seen.max(drawn) > 8.0 && !(0.6..=1.6).contains(&ratio) {
                failed.push((*line, ratio));
            }
        }
        failed
    }
}

/// How much darker than its lightest pixel the area is, in pixels of full ink.
fn ink(image: &Image, area: Area, (dx, dy): (i64, i64)) -> f64 {
    let light = |p: [u8; 3]| p.iter().map(|c| f64::from(*c)).sum::<f64>() / 3.0;
    let pixels: Vec<f64> = (area.top..area.top + area.height)
        .flat_map(|y| (area.left..area.left + area.width).map(move |x| (x, y)))
        .filter_map(|(x, y)| image.pixel(x + dx, y + dy).map(light))
        .collect();
    let paper = pixels.iter().copied().fold(0.0, f64::max);
    pixels.iter().map(|p| (paper - p) / 255.0).sum()
}

/// The boxes of the canvas's lines of text in the window. WebKit on Linux draws glyph
/// advances rounded to whole pixels, so its lines run up to a few per cent longer than the
/// core measured them and the export draws them; each box is widened by that much on both
/// sides, so that text is compared by its ink, not pixel by pixel.
async fn text_boxes(app: &App) -> Vec<Area> {
    let script = "return [...document.querySelectorAll('svg.scene text')].map(t => { \
                  const r = t.getBoundingClientRect(); \
                  return [r.left, r.top, r.width, r.height]; });";
    let boxes = app.client.execute(script, vec![]).await.unwrap();
    boxes
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let n = |i: usize| b[i].as_f64().unwrap();
            let grow = n(2) * 0.05 + 3.0;
            Area {
                left: (n(0) - grow).floor() as i64,
                top: (n(1) - 2.0).floor() as i64,
                width: (n(2) + 2.0 * grow).ceil() as i64,
                height: (n(3) + 4.0).ceil() as i64,
            }
        })
        .collect()
}

/// GTK draws its scroll bars over the content when the pointer comes near, so the strips
/// they take at the right and bottom edge are left out of the comparison.
const SCROLLBAR: f64 = 14.0;

/// Where the canvas draws the scene in the window, and which part of it shows, in CSS pixels.
async fn canvas_geometry(app: &App) -> (f64, f64, Area) {
    let script = "const svg = document.querySelector('svg.scene'); \
                  const box = svg.getBoundingClientRect(); \
                  const view = document.querySelector('[data-testid=canvas]'); \
                  const port = view.getBoundingClientRect(); \
                  return [box.left, box.top, port.left + view.clientLeft, \
                          port.top + view.clientTop, view.clientWidth, view.clientHeight, \
                          window.devicePixelRatio];";
    let v = app.client.execute(script, vec![]).await.unwrap();
    let n = |i: usize| v[i].as_f64().unwrap();
    assert_eq!(
        n(6),
        1.0,
        "the comparison assumes one device pixel per CSS pixel"
    );
    let (left, top) = (n(0), n(1));
    let visible_left = n(2).max(left).ceil() as i64;
    let visible_top = n(3).max(top).ceil() as i64;
    let area = Area {
        left: visible_left,
        top: visible_top,
        width: (n(2) + n(4) - SCROLLBAR).floor() as i64 - visible_left,
        height: (n(3) + n(5) - SCROLLBAR).floor() as i64 - visible_top,
    };
    (left, top, area)
}

/// The first card's box in the window.
async fn view_card(app: &App) -> Area {
    let script = "const r = document.querySelector('[data-testid=card] rect')\
                  .getBoundingClientRect(); return [r.left, r.top, r.width, r.height];";
    let b = app.client.execute(script, vec![]).await.unwrap();
    let n = |i: usize| b[i].as_f64().unwrap().round() as i64;
    Area {
        left: n(0),
        top: n(1),
        width: n(2),
        height: n(3),
    }
}

/// The scene's place in the export, from the transform of the preview's map group.
async fn scene_offset_in_export(app: &App) -> (f64, f64) {
    let script = "return document.querySelector('[data-testid=export-preview] svg > g')\
                  .getAttribute('transform');";
    let transform = app.client.execute(script, vec![]).await.unwrap();
    let transform = transform.as_str().unwrap().to_string();
    let numbers: Vec<f64> = transform
        .trim_start_matches("translate(")
        .trim_end_matches(')')
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    (numbers[0], numbers[1])
}

/// A folder for exports whose path can be typed without Shift, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let dir = std::env::temp_dir().join(format!("waymark-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Folder(dir)
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn open_the_sample_with_its_numbers(app: &App) {
    app.wait_for_text("[data-testid=map-title]", SAMPLE_MAP)
        .await;
    // The first start computes the sample's numbers in the background; both the canvas and
    // the export show them once they are there.
    app.wait_for_text_in("[data-testid=stage-figure]", "2,400 customers")
        .await;
    app.chord('0', true, false).await;
    app.wait_for_text("[data-testid=zoom]", "100%").await;
}

async fn open_the_export_dialog(app: &App) {
    app.client
        .find(Locator::Css("[data-testid=canvas]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    app.chord('e', true, false).await;
    app.wait_for(DIALOG).await;
    app.wait_for("[data-testid=export-preview] svg").await;
}

async fn choose(app: &App, css: &str, value: &str) {
    let select = app.wait_for(css).await;
    select.select_by_value(value).await.unwrap();
}

/// Presses Export in the dialog, answers the save dialog with `path` and waits for the end.
async fn export_to(app: &App, path: &Path) {
    let save = app.wait_for("[data-testid=export-save]").await;
    app.click(&save).await;
    app.answer_file_dialog(SAVE_DIALOG, path).await;
    app.wait_for("[data-testid=export-done]").await;
    let said = app.text("[data-testid=export-done]").await;
    assert!(said.contains(path.to_str().unwrap()), "{said}");
}

/// The texts of every card of the sample map, whitespace collapsed.
fn card_texts(doc: &Path) -> Vec<String> {
    let map = show_map(doc, SAMPLE_MAP);
    let lanes = map["lanes"].as_array().unwrap();
    let cards = lanes.iter().flat_map(|l| l["cards"].as_array().unwrap());
    cards
        .map(|c: &Value| collapse(c["text"].as_str().unwrap()))
        .collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|_| panic!("{tool} runs (install poppler-utils)"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_png_exported_at_1x_is_the_canvas_at_100_percent() {
    let home = Home::new();
    let app = App::start(&home).await;
    open_the_sample_with_its_numbers(&app).await;
    open_the_export_dialog(&app).await;

    app.click(&app.wait_for("[data-testid=export-format-png]").await)
        .await;
    choose(&app, "[data-testid=export-scale]", "1").await;
    app.wait_for_text_in("[data-testid=export-size]", "pixels")
        .await;
    let offset = scene_offset_in_export(&app).await;
    let dir = Folder::new("png");
    let path = dir.join("sample.png");
    export_to(&app, &path).await;
    let kept = artifacts().join("export-sample.png");
    std::fs::copy(&path, &kept).unwrap();
    app.click(&app.wait_for("[data-testid=export-close]").await)
        .await;
    app.wait_until(
        "the dialog closed",
        &format!("!document.querySelector('{DIALOG}')"),
    )
    .await;

    // The pointer away from the map and nothing focused, so that nothing is highlighted.
    app.click_at(2.0, 2.0, 0).await;
    app.client
        .execute(
            "document.activeElement && document.activeElement.blur();",
            vec![],
        )
        .await
        .unwrap();
    let shot_path = app.screenshot("export-canvas").await;
    let (left, top, area) = canvas_geometry(&app).await;
    let shot = Image::decode(&std::fs::read(&shot_path).unwrap());
    let export = Image::decode(&std::fs::read(&path).unwrap());

    // Window pixel (x, y) shows scene point (x - left, y - top), which the export draws at
    // that plus the scene's offset.
    let dx = (offset.0 - left).round() as i64;
    let dy = (offset.1 - top).round() as i64;
    assert!(
        area.width > 600 && area.height > 400,
        "too little of the map shows: {area:?}"
    );
    let text = text_boxes(&app).await;
    let same = Comparison::new(&shot, &export, area, (dx, dy), &text);
    let tiles = same.differing_tiles();
    let lines = same.differing_text();
    assert!(
        tiles.is_empty() && lines.is_empty(),
        "the canvas differs from the export in {} tiles {:?} and {} lines of text {:?}; see {} \
         and {}",
        tiles.len(),
        &tiles[..tiles.len().min(5)],
        lines.len(),
        lines.first(),
        shot_path.display(),
        kept.display()
    );

    // The comparison sees a map moved by three pixels, a card left out and a text left out.
    assert!(!Comparison::new(&shot, &export, area, (dx + 3, dy), &text)
        .differing_tiles()
        .is_empty());
    let card = &view_card(&app).await;
    let mut without_card = Image {
        pixels: export.pixels.clone(),
        ..export
    };
    let hole = Area {
        left: card.left + dx,
        top: card.top + dy,
        ..*card
    };
    let background = without_card.pixel(hole.left - 4, hole.top - 4).unwrap();
    without_card.fill(hole, background);
    let missing = Comparison::new(&shot, &without_card, area, (dx, dy), &text);
    assert!(
        !missing.differing_tiles().is_empty(),
        "a card left out went unseen"
    );
    assert!(
        !missing.differing_text().is_empty(),
        "a card's text left out went unseen"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pdf_exported_from_the_dialog_holds_the_whole_map_on_an_a4_page() {
    let home = Home::new();
    let app = App::start(&home).await;
    open_the_sample_with_its_numbers(&app).await;
    open_the_export_dialog(&app).await;

    app.click(&app.wait_for("[data-testid=export-format-pdf]").await)
        .await;
    app.click(&app.wait_for("[data-testid=export-pages-page]").await)
        .await;
    choose(&app, "[data-testid=export-paper]", "a4").await;
    choose(&app, "[data-testid=export-orientation]", "landscape").await;
    app.wait_for_text("[data-testid=export-size]", "1 page, 842 × 595 pt")
        .await;
    app.screenshot("export-dialog").await;
    let dir = Folder::new("pdf");
    let path = dir.join("sample.pdf");
    export_to(&app, &path).await;

    let info = poppler("pdfinfo", &[], &path);
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(
        info.contains("Page size:       841.89 x 595.28 pts (A4)"),
        "{info}"
    );
    let text = collapse(&poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &path));
    let missing: Vec<_> = card_texts(&home.sample())
        .into_iter()
        .filter(|card| !text.contains(card.as_str()))
        .collect();
    assert!(missing.is_empty(), "not in the PDF's text: {missing:?}");
    assert!(
        text.contains(SAMPLE_MAP) && text.contains("2,400 customers"),
        "{text}"
    );

    // Tiles are offered too, and the dialog says how many pages they make.
    app.click(&app.wait_for("[data-testid=export-close]").await)
        .await;
    open_the_export_dialog(&app).await;
    app.click(&app.wait_for("[data-testid=export-format-pdf]").await)
        .await;
    app.click(&app.wait_for("[data-testid=export-pages-tiles]").await)
        .await;
    app.wait_for_text("[data-testid=export-size]", "4 pages, each 842 × 595 pt")
        .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn json_and_csv_from_the_dialog_are_what_the_command_line_writes() {
    let home = Home::new();
    let app = App::start(&home).await;
    open_the_sample_with_its_numbers(&app).await;
    let dir = Folder::new("files");
    let doc = home.sample();
    for format in ["json", "csv"] {
        open_the_export_dialog(&app).await;
        let radio = app
            .wait_for(&format!("[data-testid=export-format-{format}]"))
            .await;
        app.click(&radio).await;
        let path = dir.join(&format!("dialog.{format}"));
        export_to(&app, &path).await;
        app.click(&app.wait_for("[data-testid=export-close]").await)
            .await;

        let by_hand = dir.join(&format!("command-line.{format}"));
        let args = [doc.to_str().unwrap(), "-o", by_hand.to_str().unwrap()];
        waymark(&[&["export"], &args[..]].concat());
        let (dialog, command_line) = (std::fs::read(&path), std::fs::read(&by_hand));
        assert_eq!(
            dialog.unwrap(),
            command_line.unwrap(),
            "the two {format} files differ"
        );
    }
    app.quit().await;
}
