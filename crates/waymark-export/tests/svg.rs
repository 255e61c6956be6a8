//! Golden SVGs of the sample map and a small template map: the exact bytes an export writes.

mod common;

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
    let text = svg::write(&sheet, SvgOptions::default());
    for outside in ["href", "url(", "@import", "<image"] {
        assert!(
            !text.contains(outside),
            "the SVG refers outside itself: {outside}"
        );
    }
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
    let text = svg::write(&sheet, SvgOptions { transparent: true });
    assert!(!text.contains("fill=\"#ffffff\"/>\n<g"));
    assert!(!text.contains("Pain points"));
    assert!(text.contains(">Actions</text>") && text.contains(">Metrics</text>"));
    // The metrics lane shows the chosen persona's numbers and says so.
    assert!(text.contains("Numbers for Deal seeker"), "{text}");
}
