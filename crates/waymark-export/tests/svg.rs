//! Golden SVGs of the sample map and a small template map: the exact bytes an export writes.

mod common;

use base64::Engine as _;
use waymark_export::svg::{self, SvgOptions};
use waymark_export::Selection;

#[test]
fn the_sample_map_matches_its_golden_svg() {
    let (_doc, source) = common::sample_source();
    let text = svg::write(&common::sheet(&source), SvgOptions::default());
    common::golden_text("sample.svg", &text);
}

#[test]
fn a_template_map_matches_its_golden_svg() {
    let source = common::template_source();
    let text = svg::write(&common::sheet(&source), SvgOptions::default());
    common::golden_text("trial-to-paid.svg", &text);
}

#[test]
fn the_svg_is_self_contained_and_draws_every_card() {
    let (_doc, source) = common::sample_source();
    let sheet = common::sheet(&source);
    let options = SvgOptions {
        embed_fonts: true,
        ..SvgOptions::default()
    };
    let text = svg::write(&sheet, options);
    // The only address in it is the font's two faces, inline.
    for outside in ["href", "@import", "<image"] {
        assert!(
            !text.contains(outside),
            "the SVG refers outside itself: {outside}"
        );
    }
    assert_eq!(text.matches("url(").count(), 2);
    assert_eq!(text.matches("url(data:font/ttf;base64,").count(), 2);
    let faces = text.split("@font-face").skip(1);
    let weights: Vec<&str> = faces
        .map(|face| {
            face.split("font-weight:")
                .nth(1)
                .unwrap()
                .split(';')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(weights, ["400", "700"]);
    let data = text
        .split("base64,")
        .nth(1)
        .unwrap()
        .split(')')
        .next()
        .unwrap();
    let regular = base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap();
    assert_eq!(regular, waymark_core::font::REGULAR);
    // Cards and the drop-off point's dashed frames share a corner radius; frames are unfilled.
    let rounded = text.matches("rx=\"6\" fill=").count();
    let frames = text.matches("rx=\"6\" fill=\"none\"").count();
    assert_eq!(rounded - frames, sheet.scene.cards.len());
    for line in sheet.scene.cards.iter().flat_map(|c| &c.lines) {
        let escaped = line.text.replace('&', "&amp;").replace('"', "&quot;");
        assert!(
            text.contains(&format!(">{escaped}</text>")),
            "{}",
            line.text
        );
    }
    assert!(text.contains(">Instagram ad to repeat purchase</text>"));
    assert!(text.contains("last import 2024-10-01 07:30 UTC"));
}

#[test]
fn a_transparent_svg_has_no_background_and_lanes_can_be_left_out() {
    let (_doc, source) = common::sample_source();
    let selection = Selection {
        lanes: vec!["actions".into(), "Metrics".into()],
        personas: vec!["Deal seeker".into()],
    };
    let sheet = waymark_export::Sheet::new(&source, &selection).unwrap();
    let options = SvgOptions {
        transparent: true,
        ..SvgOptions::default()
    };
    let text = svg::write(&sheet, options);
    assert!(!text.contains("fill=\"#ffffff\"/>\n<g"));
    assert!(!text.contains("Pain points"));
    assert!(text.contains(">Actions</text>") && text.contains(">Metrics</text>"));
    // The metrics lane shows the chosen persona's numbers and says so.
    assert!(text.contains("Numbers for Deal seeker"), "{text}");
}
