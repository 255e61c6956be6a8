//! What an exported picture shows: the map's scene with the chosen lanes and personas, a title
//! block above it and a legend below it, all positioned in one coordinate space.
//!
//! The scene comes from the core's layout unchanged, so the exported map is the one on screen;
//! the frame around it is what a reader without the app needs to read it: whose journey it is,
//! which data the numbers come from, and what the colours and marks mean.

use waymark_analytics::metrics::MapMetrics;
use waymark_core::font;
use waymark_core::layout::{self, emotion_colour, Rect, Scene, TextLine};
use waymark_core::{Document, Id, LaneData, LaneKind, MapData, Persona};

use crate::{ExportError, Result};

/// Space around the title block and the legend, in scene pixels.
const PAD: f64 = 16.0;
const INK: &str = "#1f2937";
const MUTED: &str = "#6b7280";
/// The legend's rows, baseline to baseline.
const LEGEND_ROW: f64 = 22.0;
const LEGEND_SIZE: f64 = 11.0;
/// Space before a legend group, before an entry, and between the words of a sentence.
const GROUP_GAP: f64 = 30.0;
const ENTRY_GAP: f64 = 14.0;
const WORD_GAP: f64 = 3.5;

/// A map with everything its picture needs: personas and, when the map is bound to data, its
/// metrics (as cached or computed by the caller).
#[derive(Debug, Clone)]
pub struct Source {
    pub map: MapData,
    /// The document's personas; the map shows those in [`MapData::shown_personas`].
    pub personas: Vec<Persona>,
    pub metrics: Option<MapMetrics>,
}

impl Source {
    /// Reads map `map` and the document's personas, with `metrics` for its numbers.
    ///
    /// # Errors
    /// When the map is not in the document or the document cannot be read.
    pub fn read(doc: &Document, map: Id, metrics: Option<MapMetrics>) -> Result<Source> {
        Ok(Source {
            map: doc.map(map)?,
            personas: doc.personas()?,
            metrics,
        })
    }
}

/// Which parts of a map an export shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Lanes by name or kind (`emotions`, `pain_points`, ...); empty for every lane.
    pub lanes: Vec<String>,
    /// Personas by name whose emotion curves are drawn, the first one's numbers in the
    /// metrics lane; empty for the map's own choice and "All customers".
    pub personas: Vec<String>,
}

/// One mark of the title block or the legend, in sheet coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Text(TextLine),
    /// A filled circle with a white ring, as emotion points are drawn.
    Dot {
        x: f64,
        y: f64,
        r: f64,
        fill: String,
    },
    /// A short horizontal line, as curves are drawn.
    Stroke {
        x1: f64,
        x2: f64,
        y: f64,
        colour: String,
        width: f64,
        dash: Option<&'static str>,
    },
    /// A rounded bar, as drop-off bars are drawn.
    Bar {
        rect: Rect,
        fill: String,
    },
    /// The dashed red frame around the drop-off point's numbers.
    Frame {
        rect: Rect,
    },
}

impl Mark {
    fn shifted(mut self, dx: f64, dy: f64) -> Mark {
        match &mut self {
            Mark::Text(line) => {
                line.x += dx;
                line.y += dy;
            }
            Mark::Dot { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Mark::Stroke { x1, x2, y, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y += dy;
            }
            Mark::Bar { rect, .. } | Mark::Frame { rect } => {
                rect.x += dx;
                rect.y += dy;
            }
        }
        self
    }
}

/// A map ready to be drawn: its scene, placed below a title block and above a legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The map's name, for a PDF's title.
    pub name: String,
    pub scene: Scene,
    /// The scene's top left corner on the sheet.
    pub scene_left: f64,
    pub scene_top: f64,
    pub width: f64,
    pub height: f64,
    /// The title block and the legend.
    pub frame: Vec<Mark>,
}

impl Sheet {
    /// Lays out `source` with the lanes and personas of `selection`.
    ///
    /// # Errors
    /// [`ExportError::UnknownLane`] or [`ExportError::UnknownPersona`] for a name that is not
    /// there.
    pub fn new(source: &Source, selection: &Selection) -> Result<Sheet> {
        let mut map = source.map.clone();
        map.lanes = chosen_lanes(&map, &selection.lanes)?;
        let chosen = chosen_personas(&source.personas, &selection.personas)?;
        if !selection.personas.is_empty() {
            map.shown_personas = chosen.iter().filter_map(|p| p.id).collect();
        }
        let group = chosen.first().map(|p| p.name.as_str());
        let band = source.metrics.as_ref().map(|m| m.band(group));
        let scene = layout::layout_with_metrics(&map, &source.personas, band.as_ref());

        // The scene gets a margin on both sides, as the title and legend have.
        let width = scene.width + 2.0 * PAD;
        let mut frame = title_block(&map, source, group, width);
        // On whole pixels, so that a PNG at 1x draws the scene's edges as sharply as the
        // canvas at 100% does, instead of spread over two rows of pixels.
        let scene_top = (frame_bottom(&frame) + PAD).ceil();
        let legend_top = (scene_top + scene.height + PAD).ceil();
        let legend = legend(&scene, width);
        let height = match legend.is_empty() {
            true => scene_top + scene.height + PAD,
            false => legend_top + legend.iter().map(mark_bottom).fold(0.0, f64::max) + PAD,
        }
        .ceil();
        frame.extend(legend.into_iter().map(|m| m.shifted(0.0, legend_top)));
        tracing::debug!(width, height, "laid out the export sheet");
        Ok(Sheet {
            name: map.name.clone(),
            scene,
            scene_left: PAD,
            scene_top,
            width,
            height,
            frame,
        })
    }

    /// Every text the sheet draws, for checking which characters the fonts cover.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        let scene = &self.scene;
        let lines = scene
            .stages
            .iter()
            .flat_map(|s| &s.lines)
            .chain(
                scene
                    .lanes
                    .iter()
                    .flat_map(|l| l.lines.iter().chain(&l.scale)),
            )
            .chain(scene.cards.iter().flat_map(|c| &c.lines))
            .chain(scene.figures.iter().flat_map(|f| &f.lines))
            .chain(
                scene
                    .curves
                    .iter()
                    .flat_map(|c| c.points.iter())
                    .filter_map(|p| p.label.as_ref()),
            );
        let frame = self.frame.iter().filter_map(|m| match m {
            Mark::Text(line) => Some(line),
            _ => None,
        });
        let names = scene.curves.iter().map(|c| c.name.as_str());
        lines.chain(frame).map(|l| l.text.as_str()).chain(names)
    }
}

/// The map's lanes that `wanted` names, in the map's order; every lane when it is empty.
fn chosen_lanes(map: &MapData, wanted: &[String]) -> Result<Vec<LaneData>> {
    if wanted.is_empty() {
        return Ok(map.lanes.clone());
    }
    for name in wanted {
        let known = map.lanes.iter().any(|lane| lane_matches(lane, name));
        if !known {
            let names: Vec<_> = map
                .lanes
                .iter()
                .map(|l| format!("\"{}\"", l.name))
                .collect();
            return Err(ExportError::UnknownLane {
                map: map.name.clone(),
                lane: name.clone(),
                known: names.join(", "),
            });
        }
    }
    let lanes = map
        .lanes
        .iter()
        .filter(|lane| wanted.iter().any(|w| lane_matches(lane, w)));
    Ok(lanes.cloned().collect())
}

fn lane_matches(lane: &LaneData, name: &str) -> bool {
    let name = name.trim();
    lane.name.eq_ignore_ascii_case(name)
        || lane
            .kind
            .as_str()
            .eq_ignore_ascii_case(&name.replace([' ', '-'], "_"))
}

/// The personas named in `wanted`, in its order.
fn chosen_personas<'a>(personas: &'a [Persona], wanted: &[String]) -> Result<Vec<&'a Persona>> {
    wanted
        .iter()
        .map(|name| {
            let found = personas.iter().find(|p| p.name == *name).or_else(|| {
                personas
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
            });
            found.ok_or_else(|| {
                let names: Vec<_> = personas.iter().map(|p| format!("\"{}\"", p.name)).collect();
                let known = match names.is_empty() {
                    true => "it has none (see `waymark persona add`)".to_string(),
                    false => format!("its personas are {}", names.join(", ")),
                };
                ExportError::UnknownPersona {
                    name: name.clone(),
                    known,
                }
            })
        })
        .collect()
}

/// The map's name, whose journey it shows, and where its numbers come from.
fn title_block(map: &MapData, source: &Source, group: Option<&str>, width: f64) -> Vec<Mark> {
    let inner = width - 2.0 * PAD;
    let mut marks = Vec::new();
    let mut y = PAD;
    let mut add = |text: &str, size: f64, bold: bool, colour: &str, most: usize| {
        let step = size * 1.3;
        for line in font::wrap(text, size, inner, bold).into_iter().take(most) {
            y += step;
            marks.push(Mark::Text(text_line(
                line,
                PAD,
                y - step * 0.25,
                size,
                bold,
                colour,
            )));
        }
        y += 4.0;
    };
    add(&map.name, 22.0, true, INK, 2);
    for line in info_lines(map, source, group) {
        add(&line, 12.5, false, INK, 2);
    }
    if !map.description.is_empty() {
        add(&map.description, 12.0, false, MUTED, 3);
    }
    marks
}

/// "Personas shown: ...", "Numbers for ...: data from ... to ..., last import ...".
fn info_lines(map: &MapData, source: &Source, group: Option<&str>) -> Vec<String> {
    let name_of = |id: &Id| {
        source
            .personas
            .iter()
            .find(|p| p.id == Some(*id))
            .map(|p| &p.name)
    };
    let mut lines = Vec::new();
    if let Some(owner) = map.persona_id.as_ref().and_then(name_of) {
        lines.push(format!("Persona: {owner}"));
    }
    let shown: Vec<_> = map
        .shown_personas
        .iter()
        .filter_map(name_of)
        .cloned()
        .collect();
    let has = |kind| map.lanes.iter().any(|l| l.kind == kind);
    if has(LaneKind::Emotions) && !shown.is_empty() {
        lines.push(format!(
            "Emotion curves: all customers, {}",
            shown.join(", ")
        ));
    }
    let Some(metrics) = source.metrics.as_ref().filter(|_| has(LaneKind::Metrics)) else {
        return lines;
    };
    let mut numbers = format!("Numbers for {}", group.unwrap_or("all customers"));
    let data = &metrics.data;
    if let (Some(first), Some(last)) = (&data.first_at, &data.last_at) {
        numbers.push_str(&format!(": data from {} to {}", day(first), day(last)));
    }
    if let Some(imported) = &data.last_import_at {
        numbers.push_str(&format!(", last import {}", minute(imported)));
    }
    lines.push(numbers);
    lines
}

/// `2024-06-29` from an RFC 3339 time.
fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

/// `2024-06-29 14:03 UTC` from an RFC 3339 time in UTC.
fn minute(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(day), Some(time)) if rfc3339.ends_with('Z') => format!("{day} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

fn text_line(text: String, x: f64, y: f64, size: f64, bold: bool, colour: &str) -> TextLine {
    TextLine {
        text,
        x,
        y,
        size,
        bold,
        colour: colour.into(),
        anchor: "start".into(),
        halo: None,
    }
}

fn mark_bottom(mark: &Mark) -> f64 {
    match mark {
        // The descender of DejaVu is about a quarter of the size.
        Mark::Text(line) => line.y + line.size * 0.25,
        Mark::Dot { y, r, .. } => y + r + 1.0,
        Mark::Stroke { y, width, .. } => y + width / 2.0,
        Mark::Bar { rect, .. } | Mark::Frame { rect } => rect.y + rect.height,
    }
}

fn frame_bottom(marks: &[Mark]) -> f64 {
    marks.iter().map(mark_bottom).fold(PAD, f64::max)
}

/// A legend entry: marks relative to its left end on the baseline, and its width.
struct Entry {
    width: f64,
    marks: Vec<Mark>,
    /// Space before it in its row: wider before a group, narrow within a sentence.
    gap: f64,
}

/// The legend of what the scene shows, flowed into rows no wider than the sheet.
fn legend(scene: &Scene, width: f64) -> Vec<Mark> {
    let mut entries = Vec::new();
    let shows = |kind| scene.lanes.iter().any(|l| l.kind == kind && !l.collapsed);
    if shows(LaneKind::Emotions) {
        entries.extend(emotion_entries());
        entries.extend(curve_entries(scene));
    }
    if shows(LaneKind::Metrics) {
        entries.extend(metrics_entries());
    }
    flow(entries, width - 2.0 * PAD)
}

fn label(text: &str, x: f64, bold: bool) -> (f64, Mark) {
    let width = font::metrics(bold).width(text, LEGEND_SIZE);
    let mark = Mark::Text(text_line(text.into(), x, 0.0, LEGEND_SIZE, bold, INK));
    (x + width, mark)
}

fn heading(text: &str) -> Entry {
    let (width, mark) = label(text, 0.0, true);
    Entry {
        width,
        marks: vec![mark],
        gap: GROUP_GAP,
    }
}

fn emotion_entries() -> Vec<Entry> {
    let mut entries = vec![heading("Emotion")];
    let words = [
        "very negative",
        "negative",
        "neutral",
        "positive",
        "very positive",
    ];
    for (value, word) in (-2..=2).zip(words) {
        let dot = Mark::Dot {
            x: 6.0,
            y: -4.0,
            r: 5.0,
            fill: emotion_colour(f64::from(value)),
        };
        let (width, text) = label(word, 16.0, false);
        entries.push(Entry {
            width,
            marks: vec![dot, text],
            gap: ENTRY_GAP,
        });
    }
    entries
}

/// One entry per curve, drawn as the canvas draws it: solid for the map, dashed for a
/// persona.
fn curve_entries(scene: &Scene) -> Vec<Entry> {
    let mut seen = Vec::new();
    let mut entries = Vec::new();
    for curve in &scene.curves {
        if seen.contains(&curve.persona_id) {
            continue;
        }
        seen.push(curve.persona_id);
        let own = curve.persona_id.is_none();
        let stroke = Mark::Stroke {
            x1: 0.0,
            x2: 22.0,
            y: -4.0,
            colour: curve.colour.clone(),
            width: if own { 3.0 } else { 2.0 },
            dash: (!own).then_some("6 4"),
        };
        let name = if own {
            "All customers (the map's curve)"
        } else {
            &curve.name
        };
        let (width, text) = label(name, 28.0, false);
        entries.push(Entry {
            width,
            marks: vec![stroke, text],
            gap: if entries.is_empty() {
                GROUP_GAP
            } else {
                ENTRY_GAP
            },
        });
    }
    entries
}

fn metrics_entries() -> Vec<Entry> {
    let bar = |fill: &str| Mark::Bar {
        rect: Rect {
            x: 0.0,
            y: -8.0,
            width: 30.0,
            height: 8.0,
        },
        fill: fill.into(),
    };
    let (width, text) = label("drop-off to the next stage", 36.0, false);
    let amber = Entry {
        width,
        marks: vec![bar("#f59e0b"), text],
        gap: ENTRY_GAP,
    };
    let frame = Mark::Frame {
        rect: Rect {
            x: -3.0,
            y: -12.0,
            width: 36.0,
            height: 16.0,
        },
    };
    let (width, text) = label("largest drop-off: the map's drop-off point", 40.0, false);
    let red = Entry {
        width,
        marks: vec![bar("#dc2626"), frame, text],
        gap: ENTRY_GAP,
    };
    // Separate entries, so that a narrow map flows the sentence over several rows.
    let words = [
        "Per stage: customers who reached it,",
        "share of the previous stage,",
        "median time to the next stage",
    ];
    let words = words.into_iter().enumerate().map(|(i, words)| {
        let (width, text) = label(words, 0.0, false);
        Entry {
            width,
            marks: vec![text],
            gap: if i == 0 { GROUP_GAP } else { WORD_GAP },
        }
    });
    let mut entries = vec![heading("Metrics"), amber, red];
    entries.extend(words);
    entries
}

/// Places entries left to right, starting a new row when one would pass `width`.
fn flow(entries: Vec<Entry>, width: f64) -> Vec<Mark> {
    let mut marks = Vec::new();
    let (mut x, mut y) = (0.0, LEGEND_ROW - 6.0);
    for (i, entry) in entries.into_iter().enumerate() {
        let gap = if i == 0 { 0.0 } else { entry.gap };
        if x > 0.0 && x + gap + entry.width > width {
            x = 0.0;
            y += LEGEND_ROW;
        } else {
            x += gap;
        }
        marks.extend(entry.marks.into_iter().map(|m| m.shifted(PAD + x, y)));
        x += entry.width;
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use waymark_core::template::Template;

    fn source(map: MapData) -> Source {
        Source {
            map,
            personas: Vec::new(),
            metrics: None,
        }
    }

    #[test]
    fn lanes_are_chosen_by_name_or_kind_and_an_unknown_one_is_named() {
        let map = Template::AdToRepeatPurchase.build("Journey");
        let selection = Selection {
            lanes: vec!["Pain points".into(), "emotions".into()],
            personas: Vec::new(),
        };
        let sheet = Sheet::new(&source(map.clone()), &selection).unwrap();
        let kinds: Vec<_> = sheet.scene.lanes.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, [LaneKind::Emotions, LaneKind::PainPoints]);

        let selection = Selection {
            lanes: vec!["Feelings".into()],
            personas: Vec::new(),
        };
        let err = Sheet::new(&source(map), &selection)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no lane \"Feelings\""), "{err}");
        assert!(err.contains("\"Pain points\""), "{err}");
    }

    #[test]
    fn an_unknown_persona_is_refused_with_the_known_ones() {
        let map = Template::Blank.build("m");
        let mut source = source(map);
        source.personas.push(Persona {
            id: Some(3),
            name: "Email".into(),
            description: String::new(),
            colour: "#2563eb".into(),
            rule: None,
        });
        let selection = Selection {
            lanes: Vec::new(),
            personas: vec!["Paid".into()],
        };
        let err = Sheet::new(&source, &selection).unwrap_err().to_string();
        assert!(
            err.contains("no persona \"Paid\"") && err.contains("\"Email\""),
            "{err}"
        );
    }

    #[test]
    fn the_title_is_above_the_scene_and_the_legend_below_it() {
        let sheet = Sheet::new(
            &source(Template::TrialToPaid.build("Trial")),
            &Selection::default(),
        )
        .unwrap();
        let texts: Vec<_> = sheet
            .frame
            .iter()
            .filter_map(|m| match m {
                Mark::Text(line) => Some(line),
                _ => None,
            })
            .collect();
        assert_eq!(texts[0].text, "Trial");
        assert!(texts[0].y < sheet.scene_top);
        let scene_bottom = sheet.scene_top + sheet.scene.height;
        let legend: Vec<_> = texts.iter().filter(|l| l.y > scene_bottom).collect();
        assert!(legend.iter().any(|l| l.text == "very positive"));
        for mark in &sheet.frame {
            assert!(mark_bottom(mark) <= sheet.height, "{mark:?} is cut off");
        }
    }

    #[test]
    fn the_scene_starts_on_a_whole_pixel() {
        let sheet = Sheet::new(
            &source(Template::TrialToPaid.build("Trial")),
            &Selection::default(),
        )
        .unwrap();
        assert_eq!(sheet.scene_top.fract(), 0.0);
        assert_eq!(sheet.scene_left.fract(), 0.0);
    }

    #[test]
    fn legend_rows_stay_inside_a_narrow_sheet() {
        let marks = flow(metrics_entries(), 300.0);
        for mark in marks {
            if let Mark::Text(line) = mark {
                let right = line.x + font::metrics(line.bold).width(&line.text, line.size);
                // An entry wider than the row gets a row of its own.
                assert!(line.x <= PAD || right <= PAD + 300.0, "{line:?}");
            }
        }
    }
}
