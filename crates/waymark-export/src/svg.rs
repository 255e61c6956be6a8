//! A sheet as a self-contained SVG document, drawn element for element as the canvas
//! (`ui/src/canvas/SceneView.tsx`) draws the scene, so the export equals the screen.
//!
//! Numbers are written with at most two decimals and without trailing zeros, so the same map
//! always gives the same bytes and golden files stay stable. Text is drawn in the embedded
//! font's family with kerning off, as the core measured it.

use std::fmt::Write as _;

use base64::Engine as _;
use waymark_core::font;
use waymark_core::layout::{CardBox, Curve, FigureBox, LaneBox, Rect, Scene, StageBox, TextLine};

use crate::sheet::{Mark, Sheet};

/// The font family the text asks for; the PNG and PDF renderers load DejaVu Sans under it.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// How the SVG is written.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SvgOptions {
    /// Leave out the white background, for a PNG with a transparent one.
    pub transparent: bool,
    /// Carry the embedded font's two faces in the file, so that it draws the same anywhere.
    /// The PNG and PDF renderers have the font already and leave it out.
    pub embed_fonts: bool,
}

/// The SVG of `sheet`.
pub fn write(sheet: &Sheet, options: SvgOptions) -> String {
    let mut out = String::with_capacity(256 + sheet.scene.cards.len() * 400);
    let (w, h) = (num(sheet.width), num(sheet.height));
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}, sans-serif\" \
         font-kerning=\"none\" text-rendering=\"geometricPrecision\" xml:space=\"preserve\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&sheet.name));
    if options.embed_fonts {
        font_faces(&mut out);
    }
    if !options.transparent {
        let _ = writeln!(out, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
    }
    let _ = writeln!(
        out,
        "<g transform=\"translate({} {})\">",
        num(sheet.scene_left),
        num(sheet.scene_top)
    );
    scene(&mut out, &sheet.scene);
    out.push_str("</g>\n");
    for mark in &sheet.frame {
        frame_mark(&mut out, mark);
    }
    out.push_str("</svg>\n");
    out
}

/// The embedded font's faces as `@font-face` rules with the font files inline.
///
/// TODO: both faces are carried whole (about 2 MB of base64); a subset of the glyphs the map
/// uses, keeping the `cmap` a browser needs, would make a small map's file small.
fn font_faces(out: &mut String) {
    out.push_str("<defs><style>");
    for (data, weight) in [(font::REGULAR, 400), (font::BOLD, 700)] {
        let _ = write!(
            out,
            "@font-face{{font-family:\"{FONT_FAMILY}\";font-weight:{weight};\
             src:url(data:font/ttf;base64,{}) format(\"truetype\")}}",
            base64::engine::general_purpose::STANDARD.encode(data)
        );
    }
    out.push_str("</style></defs>\n");
}

/// The scene in the canvas's order: lanes, stage columns, guides, curves, numbers, cards.
fn scene(out: &mut String, scene: &Scene) {
    for lane in &scene.lanes {
        lane_box(out, lane, scene);
    }
    for stage in &scene.stages {
        stage_box(out, stage, scene.height);
    }
    for lane in &scene.lanes {
        guides(out, lane);
    }
    // Persona curves first, so the map's own curve and its labels stay on top.
    let mut curves: Vec<&Curve> = scene.curves.iter().collect();
    curves.sort_by_key(|c| c.persona_id.is_none());
    for curve_view in curves {
        curve(out, curve_view);
    }
    for figure_box in &scene.figures {
        figure(out, figure_box);
    }
    for card_box in &scene.cards {
        card(out, card_box);
    }
}

fn lane_box(out: &mut String, lane: &LaneBox, scene: &Scene) {
    rect(out, &lane.band, &format!("fill=\"{}\"", lane.fill));
    rect(out, &lane.header, "fill=\"#f1f5f9\"");
    let y = num(lane.band.y);
    let _ = writeln!(
        out,
        "<line x1=\"0\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#e2e8f0\"/>",
        num(scene.width)
    );
    for line in &lane.lines {
        text(out, line);
    }
    if lane.kind == waymark_core::LaneKind::Emotions {
        curve_legend(out, lane, &scene.curves);
    }
}

/// The names of the lane's curves in its header, when it has more than one.
fn curve_legend(out: &mut String, lane: &LaneBox, curves: &[Curve]) {
    let own: Vec<&Curve> = curves.iter().filter(|c| c.lane == lane.id).collect();
    if own.len() < 2 {
        return;
    }
    for (i, curve) in own.iter().enumerate() {
        let y = lane.header.y + 44.0 + i as f64 * 17.0;
        let dash = match curve.persona_id {
            None => String::new(),
            Some(_) => " stroke-dasharray=\"5 3\"".into(),
        };
        let _ = writeln!(
            out,
            "<line x1=\"10\" x2=\"26\" y1=\"{y1}\" y2=\"{y1}\" stroke=\"{}\" \
             stroke-width=\"3\"{dash}/>",
            attr(&curve.colour),
            y1 = num(y - 4.0)
        );
        let _ = writeln!(
            out,
            "<text x=\"32\" y=\"{}\" font-size=\"11\" fill=\"#374151\">{}</text>",
            num(y),
            escape(&curve.name)
        );
    }
}

fn stage_box(out: &mut String, stage: &StageBox, height: f64) {
    let x = num(stage.rect.x);
    let _ = writeln!(
        out,
        "<line x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"{}\" stroke=\"#e2e8f0\"/>",
        num(height)
    );
    let style = format!("fill=\"{}\" stroke=\"#ffffff\"", attr(&stage.fill));
    rect(out, &stage.rect, &style);
    for line in &stage.lines {
        text(out, line);
    }
}

fn guides(out: &mut String, lane: &LaneBox) {
    for y in &lane.guides {
        let y = num(*y);
        let _ = writeln!(
            out,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#d1d5db\" \
             stroke-dasharray=\"2 4\"/>",
            num(lane.band.x),
            num(lane.band.x + lane.band.width)
        );
    }
    for line in &lane.scale {
        text(out, line);
    }
}

fn curve(out: &mut String, curve: &Curve) {
    let own = curve.persona_id.is_none();
    let (width, dash) = if own {
        (3, "")
    } else {
        (2, " stroke-dasharray=\"6 4\"")
    };
    let _ = writeln!(
        out,
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{width}\"{dash} \
         stroke-linecap=\"round\"/>",
        attr(&curve.path),
        attr(&curve.colour)
    );
    for point in &curve.points {
        let (r, fill) = if own {
            (7, &point.colour)
        } else {
            (4, &curve.colour)
        };
        let _ = writeln!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{r}\" fill=\"{}\" stroke=\"#ffffff\" \
             stroke-width=\"2\"/>",
            num(point.x),
            num(point.y),
            attr(fill)
        );
        if let Some(label) = &point.label {
            text(out, label);
        }
    }
}

fn figure(out: &mut String, figure: &FigureBox) {
    if let Some(bar) = &figure.bar {
        rect(out, bar, "rx=\"4\" fill=\"#e5e7eb\"");
    }
    if let Some(fill) = &figure.bar_fill {
        rect(
            out,
            fill,
            &format!("rx=\"4\" fill=\"{}\"", attr(&figure.bar_colour)),
        );
    }
    if figure.drop_off_point {
        drop_off_frame(out, &figure.rect);
    }
    for line in &figure.lines {
        text(out, line);
    }
}

fn drop_off_frame(out: &mut String, area: &Rect) {
    let style = "rx=\"6\" fill=\"none\" stroke=\"#dc2626\" stroke-width=\"1.5\" \
                 stroke-dasharray=\"4 3\"";
    rect(out, area, style);
}

fn card(out: &mut String, card: &CardBox) {
    let style = format!(
        "rx=\"6\" fill=\"{}\" stroke=\"{}\"",
        attr(&card.fill),
        attr(&card.stroke)
    );
    rect(out, &card.rect, &style);
    for line in &card.lines {
        text(out, line);
    }
}

fn frame_mark(out: &mut String, mark: &Mark) {
    match mark {
        Mark::Text(line) => text(out, line),
        Mark::Dot { x, y, r, fill } => {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#ffffff\" \
                 stroke-width=\"2\"/>",
                num(*x),
                num(*y),
                num(*r),
                attr(fill)
            );
        }
        Mark::Stroke {
            x1,
            x2,
            y,
            colour,
            width,
            dash,
        } => {
            let dash = dash
                .map(|d| format!(" stroke-dasharray=\"{d}\""))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{}\" \
                 stroke-width=\"{}\" stroke-linecap=\"round\"{dash}/>",
                num(*x1),
                num(*x2),
                attr(colour),
                num(*width),
                y = num(*y)
            );
        }
        Mark::Bar { rect: bar, fill } => {
            rect(out, bar, &format!("rx=\"4\" fill=\"{}\"", attr(fill)));
        }
        Mark::Frame { rect: area } => drop_off_frame(out, area),
    }
}

fn rect(out: &mut String, rect: &Rect, style: &str) {
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {style}/>",
        num(rect.x),
        num(rect.y),
        num(rect.width.max(0.0)),
        num(rect.height.max(0.0))
    );
}

/// One line of text, with its halo drawn under the glyphs as the canvas does.
fn text(out: &mut String, line: &TextLine) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
        num(line.x),
        num(line.y),
        num(line.size)
    );
    if line.bold {
        out.push_str(" font-weight=\"700\"");
    }
    let _ = write!(out, " fill=\"{}\"", attr(&line.colour));
    if line.anchor != "start" {
        let _ = write!(out, " text-anchor=\"{}\"", attr(&line.anchor));
    }
    if let Some(halo) = &line.halo {
        let _ = write!(
            out,
            " stroke=\"{}\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
            attr(halo)
        );
    }
    let _ = writeln!(out, ">{}</text>", escape(&line.text));
}

/// `v` with at most two decimals and no trailing zeros: `12.5`, `150`, `-3.25`.
pub fn num(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    // `-0` and `0` are the same place; write it one way.
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let text = format!("{rounded:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Text for an element's content: XML's special characters escaped, and characters XML 1.0
/// forbids (control characters other than tab and newline) left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(' '),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An attribute value: a colour or path from the scene, which may hold user text (a card's
/// CSS colour), escaped the same way.
fn attr(value: &str) -> String {
    escape(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_two_decimals_and_no_trailing_zeros() {
        assert_eq!(num(150.0), "150");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(1.0 / 3.0), "0.33");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(-3.256), "-3.26");
    }

    #[test]
    fn text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            escape("<b>\"Fish & chips\"</b>\u{7}"),
            "&lt;b&gt;&quot;Fish &amp; chips&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn a_halo_is_painted_under_the_glyphs() {
        let line = TextLine {
            text: "neutral".into(),
            x: 156.0,
            y: 88.5,
            size: 10.0,
            bold: false,
            colour: "#9ca3af".into(),
            anchor: "start".into(),
            halo: Some("#f8fafc".into()),
        };
        let mut out = String::new();
        text(&mut out, &line);
        assert_eq!(
            out,
            "<text x=\"156\" y=\"88.5\" font-size=\"10\" fill=\"#9ca3af\" stroke=\"#f8fafc\" \
             stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">neutral</text>\n"
        );
    }
}
