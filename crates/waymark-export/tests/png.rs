//! PNG exports compared pixel by pixel with reference images, and the size limits.

mod common;

use resvg::tiny_skia::Pixmap;
use waymark_export::png::{self, PngOptions, PngSize};
use waymark_export::ExportError;

/// How far a channel may differ before a pixel counts as different: anti-aliasing moves by
/// a few levels between builds of the rasterizer.
const CHANNEL_TOLERANCE: u8 = 24;
/// The share of pixels that may differ.
const PIXEL_TOLERANCE: f64 = 0.002;

fn options(size: PngSize, transparent: bool) -> PngOptions {
    PngOptions {
        size,
        transparent,
        // Goldens must not depend on the fonts of the machine.
        system_fonts: false,
    }
}

fn compare(name: &str, png: &[u8]) {
    let path = common::golden_path(name);
    if common::updating() {
        std::fs::write(&path, png).unwrap();
        return;
    }
    let expected = Pixmap::load_png(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with WAYMARK_UPDATE_GOLDEN=1",
            path.display()
        )
    });
    let actual = Pixmap::decode_png(png).unwrap();
    assert_eq!(
        (actual.width(), actual.height()),
        (expected.width(), expected.height()),
        "{name} changed size"
    );
    let differing = actual
        .data()
        .chunks(4)
        .zip(expected.data().chunks(4))
        .filter(|(a, e)| {
            a.iter()
                .zip(*e)
                .any(|(a, e)| a.abs_diff(*e) > CHANNEL_TOLERANCE)
        })
        .count();
    let share = differing as f64 / f64::from(actual.width() * actual.height());
    if share > PIXEL_TOLERANCE {
        let out = std::env::temp_dir().join(name);
        std::fs::write(&out, png).unwrap();
        panic!(
            "{name}: {differing} pixels ({:.2}%) differ; the new image is {}. If the change \
             is intended, run with WAYMARK_UPDATE_GOLDEN=1",
            share * 100.0,
            out.display()
        );
    }
}

#[test]
fn the_sample_map_matches_its_reference_png() {
    let (_doc, source) = common::sample_source();
    let sheet = common::sheet(&source);
    let (png, report) = png::render(&sheet, &options(PngSize::Scale(1.0), false)).unwrap();
    assert_eq!(report.width, sheet.width.ceil());
    assert!(report.missing_characters.is_empty());
    compare("sample.png", &png);
}

#[test]
fn a_template_map_at_2x_matches_its_reference_png() {
    let sheet = common::sheet(&common::template_source());
    let (png, report) = png::render(&sheet, &options(PngSize::Scale(2.0), false)).unwrap();
    assert_eq!(report.width, (sheet.width * 2.0).ceil());
    compare("trial-to-paid@2x.png", &png);
}

#[test]
fn a_width_sets_the_size_and_transparent_leaves_the_margins_clear() {
    let sheet = common::sheet(&common::template_source());
    let (png, report) = png::render(&sheet, &options(PngSize::Width(800), true)).unwrap();
    assert_eq!(report.width, 800.0);
    let image = Pixmap::decode_png(&png).unwrap();
    assert_eq!(image.width(), 800);
    // The top left corner is outside the title and the map.
    assert_eq!(image.pixel(1, 1).unwrap().alpha(), 0);
    let (png, _) = png::render(&sheet, &options(PngSize::Width(800), false)).unwrap();
    let image = Pixmap::decode_png(&png).unwrap();
    assert_eq!(image.pixel(1, 1).unwrap().alpha(), 255);
}

#[test]
fn scales_outside_one_to_four_are_refused() {
    let sheet = common::sheet(&common::template_source());
    for scale in [0.5, 4.5] {
        let err = png::render(&sheet, &options(PngSize::Scale(scale), false)).unwrap_err();
        assert!(matches!(err, ExportError::BadOption(_)), "{err}");
    }
}

#[test]
fn a_character_no_font_has_is_named_in_the_report() {
    let mut source = common::template_source();
    source.map.lanes[0]
        .cards
        .push(common::card(0, "Private use \u{F8FF}\u{10FFFD} here"));
    let sheet = common::sheet(&source);
    let (_, report) = png::render(&sheet, &options(PngSize::Scale(1.0), false)).unwrap();
    assert!(
        report.missing_characters.contains(&'\u{10FFFD}'),
        "{report:?}"
    );
}
