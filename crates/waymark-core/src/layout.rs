//! Turns a map into a scene: every box, line of text and curve with its absolute position,
//! size and colour.
//!
//! The canvas draws the scene as it is and never measures or wraps text itself, so the screen
//! and every export show the same lines in the same places. Stages are columns of equal width;
//! a lane is as tall as its fullest cell; a card is as tall as its wrapped text.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::font;
use crate::model::*;

/// Sizes of the grid, in pixels at 100% zoom.
pub mod metrics {
    pub const LANE_HEADER_WIDTH: f64 = 150.0;
    pub const STAGE_WIDTH: f64 = 220.0;
    pub const STAGE_HEADER_HEIGHT: f64 = 52.0;
    pub const CELL_PADDING: f64 = 10.0;
    pub const CARD_GAP: f64 = 8.0;
    pub const CARD_PADDING: f64 = 8.0;
    pub const CARD_FONT_SIZE: f64 = 12.5;
    pub const CARD_LINE_HEIGHT: f64 = 16.0;
    pub const HEADER_FONT_SIZE: f64 = 14.0;
    pub const HEADER_LINE_HEIGHT: f64 = 18.0;
    pub const LANE_FONT_SIZE: f64 = 13.0;
    pub const EMPTY_LANE_HEIGHT: f64 = 64.0;
    pub const COLLAPSED_LANE_HEIGHT: f64 = 30.0;
    pub const EMOTION_LANE_HEIGHT: f64 = 150.0;
    pub const EMOTION_LABEL_SIZE: f64 = 11.0;
    pub const METRICS_LANE_HEIGHT: f64 = 104.0;
    pub const FIGURE_FONT_SIZE: f64 = 12.0;
}
use metrics::*;

/// A map laid out for drawing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    /// The width of the lane headers on the left; stage columns start here.
    pub lane_header_width: f64,
    /// The height of the stage headers on top; lanes start here.
    pub stage_header_height: f64,
    pub stages: Vec<StageBox>,
    pub lanes: Vec<LaneBox>,
    pub cells: Vec<CellBox>,
    pub cards: Vec<CardBox>,
    pub curves: Vec<Curve>,
    /// The numbers of the metrics lanes, one box per stage.
    pub figures: Vec<FigureBox>,
}

/// What a metrics lane shows: one group's numbers per stage, with a caption saying whose
/// numbers and from which data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct MetricsBand {
    /// Lines under the lane's title: the group, the data's dates, the last import.
    pub caption: Vec<String>,
    /// Per stage of the map; `None` for a stage not bound to data.
    pub stages: Vec<Option<StageFigure>>,
}

/// One stage's numbers in a metrics lane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageFigure {
    #[ts(type = "number")]
    pub customers: u64,
    /// `None` for the first bound stage.
    pub conversion_from_previous: Option<f64>,
    /// Share of the stage's customers who do not reach the next bound stage; `None` at the
    /// last.
    pub drop_off_share: Option<f64>,
    pub median_seconds_to_next: Option<f64>,
    /// Whether this is the map's drop-off point.
    pub drop_off_point: bool,
}

/// A stage's numbers in a metrics lane, laid out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FigureBox {
    #[ts(type = "number")]
    pub lane: Id,
    #[ts(type = "number")]
    pub stage: Id,
    pub rect: Rect,
    pub lines: Vec<TextLine>,
    /// The drop-off bar's track and the part of it that dropped off; `None` without a bar.
    pub bar: Option<Rect>,
    pub bar_fill: Option<Rect>,
    pub bar_colour: String,
    /// Whether this is the map's drop-off point, drawn with a marker.
    pub drop_off_point: bool,
}

/// The header of a stage column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageBox {
    #[ts(type = "number")]
    pub id: Id,
    pub index: u32,
    pub rect: Rect,
    pub fill: String,
    pub lines: Vec<TextLine>,
}

/// A lane: its header on the left and its band across the stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LaneBox {
    #[ts(type = "number")]
    pub id: Id,
    pub kind: LaneKind,
    pub collapsed: bool,
    /// The header on the left.
    pub header: Rect,
    /// The band to the right of the header.
    pub band: Rect,
    pub fill: String,
    pub lines: Vec<TextLine>,
    /// Horizontal guide lines across the band, as y coordinates: an emotions lane's neutral
    /// line.
    pub guides: Vec<f64>,
    /// Labels of the band's scale: an emotions lane's "positive", "neutral", "negative".
    pub scale: Vec<TextLine>,
    /// Where an emotions band puts the top and the bottom of its scale, as the y of a point
    /// at the highest value and at the lowest; `None` for other lanes.
    pub value_span: Option<[f64; 2]>,
}

/// The area where a lane crosses a stage; cards are added to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CellBox {
    #[ts(type = "number")]
    pub lane: Id,
    #[ts(type = "number")]
    pub stage: Id,
    pub rect: Rect,
    /// How many cards the cell holds.
    pub cards: u32,
}

/// A card with its text wrapped into lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CardBox {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub lane: Id,
    #[ts(type = "number")]
    pub stage: Id,
    /// Place in its cell, from the top.
    pub position: u32,
    pub rect: Rect,
    pub fill: String,
    pub stroke: String,
    pub lines: Vec<TextLine>,
}

/// One emotion curve across the stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Curve {
    #[ts(type = "number")]
    pub lane: Id,
    #[ts(type = "number | null")]
    pub persona_id: Option<Id>,
    /// The curve's name in a legend: "Map" or the persona's name.
    pub name: String,
    pub colour: String,
    /// The smooth line through the points, as SVG path data.
    pub path: String,
    pub points: Vec<CurvePoint>,
}

/// A point of an emotion curve, coloured by its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CurvePoint {
    #[ts(type = "number")]
    pub stage: Id,
    pub x: f64,
    pub y: f64,
    pub value: f64,
    pub colour: String,
    /// The word for the feeling, placed under the point; empty for persona curves.
    pub label: Option<TextLine>,
}

/// A rectangle in scene pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// One line of text, positioned at its left end on its baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TextLine {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub bold: bool,
    pub colour: String,
    /// `start`, `middle` or `end`: where `x` is on the line.
    pub anchor: String,
    /// A colour drawn around the glyphs, under them, so the text stays readable over lines.
    pub halo: Option<String>,
}

const INK: &str = "#1f2937";
const MUTED: &str = "#6b7280";

/// Lays out `map`, drawing the emotion curves of `personas` that the map shows.
pub fn layout(map: &MapData, personas: &[Persona]) -> Scene {
    layout_with_metrics(map, personas, None)
}

/// Lays out `map` with `metrics` in its metrics lanes.
pub fn layout_with_metrics(
    map: &MapData,
    personas: &[Persona],
    metrics: Option<&MetricsBand>,
) -> Scene {
    let columns = map.stages.len().max(1) as f64;
    let width = LANE_HEADER_WIDTH + columns * STAGE_WIDTH;
    let stages = stage_boxes(map);
    let mut scene = Scene {
        width,
        height: STAGE_HEADER_HEIGHT,
        lane_header_width: LANE_HEADER_WIDTH,
        stage_header_height: STAGE_HEADER_HEIGHT,
        stages,
        lanes: Vec::new(),
        cells: Vec::new(),
        cards: Vec::new(),
        curves: Vec::new(),
        figures: Vec::new(),
    };
    for lane in &map.lanes {
        let top = scene.height;
        let height = match (lane.collapsed, lane.kind) {
            (true, _) => COLLAPSED_LANE_HEIGHT,
            (false, LaneKind::Emotions) => layout_emotions(&mut scene, map, lane, top, personas),
            (false, LaneKind::Metrics) => layout_metrics(&mut scene, map, lane, top, metrics),
            (false, _) => layout_cards(&mut scene, map, lane, top),
        };
        let mut lane_box = lane_box(lane, top, height, width);
        if lane.kind == LaneKind::Metrics && !lane.collapsed {
            metrics_caption(&mut lane_box, metrics);
        }
        if lane.kind == LaneKind::Emotions && !lane.collapsed {
            emotion_scale(&mut lane_box);
        }
        scene.lanes.push(lane_box);
        scene.height += height;
    }
    round_scene(&mut scene);
    scene
}

fn stage_boxes(map: &MapData) -> Vec<StageBox> {
    let inner = STAGE_WIDTH - 2.0 * CELL_PADDING;
    map.stages
        .iter()
        .enumerate()
        .map(|(index, stage)| {
            let x = column_x(index);
            let wrapped = font::wrap(&stage.name, HEADER_FONT_SIZE, inner, true);
            let shown = &clip_lines(wrapped, 2, HEADER_FONT_SIZE, inner, true);
            let block = shown.len() as f64 * HEADER_LINE_HEIGHT;
            let first = (STAGE_HEADER_HEIGHT - block) / 2.0 + HEADER_FONT_SIZE;
            let lines = shown
                .iter()
                .enumerate()
                .map(|(i, text)| TextLine {
                    text: text.clone(),
                    x: x + STAGE_WIDTH / 2.0,
                    y: first + i as f64 * HEADER_LINE_HEIGHT,
                    size: HEADER_FONT_SIZE,
                    bold: true,
                    colour: INK.into(),
                    anchor: "middle".into(),
                    halo: None,
                })
                .collect();
            let rect = Rect {
                x,
                y: 0.0,
                width: STAGE_WIDTH,
                height: STAGE_HEADER_HEIGHT,
            };
            let fill = if index % 2 == 0 { "#e2e8f0" } else { "#cbd5e1" };
            StageBox {
                id: stage.id.unwrap_or(0),
                index: index as u32,
                rect,
                fill: fill.into(),
                lines,
            }
        })
        .collect()
}

/// Keeps the first `most` lines; when some are dropped, the last one kept ends in an
/// ellipsis, shortened until it fits, so a cut name never looks complete.
fn clip_lines(
    mut lines: Vec<String>,
    most: usize,
    size: f64,
    width: f64,
    bold: bool,
) -> Vec<String> {
    if lines.len() <= most {
        return lines;
    }
    lines.truncate(most);
    let metrics = font::metrics(bold);
    if let Some(last) = lines.last_mut() {
        while !last.is_empty() && metrics.width(&format!("{last}…"), size) > width {
            last.pop();
        }
        *last = format!("{}…", last.trim_end());
    }
    lines
}

fn column_x(index: usize) -> f64 {
    LANE_HEADER_WIDTH + index as f64 * STAGE_WIDTH
}

fn lane_box(lane: &LaneData, top: f64, height: f64, width: f64) -> LaneBox {
    let inner = LANE_HEADER_WIDTH - 2.0 * CELL_PADDING;
    let wrapped = font::wrap(&lane.name, LANE_FONT_SIZE, inner, true);
    let most = if lane.collapsed { 1 } else { 3 };
    let lines = clip_lines(wrapped, most, LANE_FONT_SIZE, inner, true)
        .into_iter()
        .enumerate()
        .map(|(i, text)| TextLine {
            text,
            x: CELL_PADDING,
            y: top + CELL_PADDING + LANE_FONT_SIZE + i as f64 * HEADER_LINE_HEIGHT,
            size: LANE_FONT_SIZE,
            bold: true,
            colour: INK.into(),
            anchor: "start".into(),
            halo: None,
        })
        .collect();
    LaneBox {
        id: lane.id.unwrap_or(0),
        kind: lane.kind,
        collapsed: lane.collapsed,
        header: Rect {
            x: 0.0,
            y: top,
            width: LANE_HEADER_WIDTH,
            height,
        },
        band: Rect {
            x: LANE_HEADER_WIDTH,
            y: top,
            width: width - LANE_HEADER_WIDTH,
            height,
        },
        fill: lane_colours(lane.kind).0.into(),
        lines,
        guides: Vec::new(),
        scale: Vec::new(),
        value_span: None,
    }
}

/// The top and bottom of the emotion scale in a band starting at `top`: 18 px are kept
/// above for the highest point and 30 px below for the label under the lowest.
fn emotion_range(top: f64) -> (f64, f64) {
    (top + 18.0, top + EMOTION_LANE_HEIGHT - 30.0)
}

/// The neutral line and the words of the scale at the left of an emotions band.
fn emotion_scale(lane: &mut LaneBox) {
    let (upper, lower) = emotion_range(lane.band.y);
    let middle = (upper + lower) / 2.0;
    lane.value_span = Some([upper, lower]);
    lane.guides.push(middle);
    for (text, y) in [
        ("positive", upper),
        ("neutral", middle),
        ("negative", lower),
    ] {
        lane.scale.push(TextLine {
            text: text.into(),
            x: lane.band.x + 6.0,
            y: y + 3.5,
            size: 10.0,
            bold: false,
            colour: "#9ca3af".into(),
            anchor: "start".into(),
            halo: Some(lane.fill.clone()),
        });
    }
}

/// The lane's band colour and its cards' fill and border.
fn lane_colours(kind: LaneKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        LaneKind::Actions => ("#f8fafc", "#dbeafe", "#93c5fd"),
        LaneKind::Touchpoints => ("#ffffff", "#ede9fe", "#c4b5fd"),
        LaneKind::Channels => ("#f8fafc", "#e0e7ff", "#a5b4fc"),
        LaneKind::Thoughts => ("#ffffff", "#fef9c3", "#fde047"),
        LaneKind::Emotions => ("#f8fafc", "#ffffff", "#d1d5db"),
        LaneKind::PainPoints => ("#ffffff", "#fee2e2", "#fca5a5"),
        LaneKind::Opportunities => ("#f8fafc", "#dcfce7", "#86efac"),
        LaneKind::Owners => ("#ffffff", "#f1f5f9", "#cbd5e1"),
        LaneKind::Metrics => ("#f8fafc", "#ccfbf1", "#5eead4"),
        LaneKind::Evidence => ("#ffffff", "#fae8ff", "#f0abfc"),
        LaneKind::Text => ("#f8fafc", "#ffffff", "#d1d5db"),
    }
}

/// Places a lane's cards; returns the lane's height, that of its fullest cell.
fn layout_cards(scene: &mut Scene, map: &MapData, lane: &LaneData, top: f64) -> f64 {
    let (_, fill, stroke) = lane_colours(lane.kind);
    let card_width = STAGE_WIDTH - 2.0 * CELL_PADDING;
    let text_width = card_width - 2.0 * CARD_PADDING;
    let mut bottoms = vec![top + CELL_PADDING; map.stages.len()];
    let mut counts = vec![0u32; map.stages.len()];
    for card in &lane.cards {
        let stage = card.stage as usize;
        let Some(bottom) = bottoms.get_mut(stage) else {
            tracing::warn!(card = ?card.id, "card names a stage the map lacks; not drawn");
            continue;
        };
        let x = column_x(stage) + CELL_PADDING;
        let y = *bottom;
        let wrapped = font::wrap(&card.fields.text, CARD_FONT_SIZE, text_width, false);
        let height = 2.0 * CARD_PADDING + wrapped.len() as f64 * CARD_LINE_HEIGHT;
        let lines = text_lines(wrapped, x + CARD_PADDING, y + CARD_PADDING);
        scene.cards.push(CardBox {
            id: card.id.unwrap_or(0),
            lane: lane.id.unwrap_or(0),
            stage: map.stages[stage].id.unwrap_or(0),
            position: counts[stage],
            rect: Rect {
                x,
                y,
                width: card_width,
                height,
            },
            fill: card.fields.colour.clone().unwrap_or_else(|| fill.into()),
            stroke: stroke.into(),
            lines,
        });
        counts[stage] += 1;
        *bottom = y + height + CARD_GAP;
    }
    let fullest = bottoms
        .iter()
        .map(|b| b - top - CARD_GAP + CELL_PADDING)
        .fold(0.0, f64::max);
    let height = fullest.max(EMPTY_LANE_HEIGHT);
    push_cells(scene, map, lane, top, height, &counts);
    height
}

fn text_lines(wrapped: Vec<String>, x: f64, top: f64) -> Vec<TextLine> {
    // The baseline sits a little above the bottom of the line box: DejaVu's descender is
    // about 0.24 em, so at 12.5 px a baseline 12 px into a 16 px line centres the ink.
    wrapped
        .into_iter()
        .enumerate()
        .map(|(i, text)| TextLine {
            text,
            x,
            y: top + 12.0 + i as f64 * CARD_LINE_HEIGHT,
            size: CARD_FONT_SIZE,
            bold: false,
            colour: INK.into(),
            anchor: "start".into(),
            halo: None,
        })
        .collect()
}

fn push_cells(
    scene: &mut Scene,
    map: &MapData,
    lane: &LaneData,
    top: f64,
    height: f64,
    counts: &[u32],
) {
    for (index, stage) in map.stages.iter().enumerate() {
        scene.cells.push(CellBox {
            lane: lane.id.unwrap_or(0),
            stage: stage.id.unwrap_or(0),
            rect: Rect {
                x: column_x(index),
                y: top,
                width: STAGE_WIDTH,
                height,
            },
            cards: counts.get(index).copied().unwrap_or(0),
        });
    }
}

/// Draws one stage's numbers per cell of a metrics lane; returns the lane's height.
fn layout_metrics(
    scene: &mut Scene,
    map: &MapData,
    lane: &LaneData,
    top: f64,
    metrics: Option<&MetricsBand>,
) -> f64 {
    // The figures keep this far inside their box, so the drop-off point's frame around the
    // box touches none of them.
    const INSET: f64 = 6.0;
    let height = METRICS_LANE_HEIGHT;
    let inner = STAGE_WIDTH - 2.0 * CELL_PADDING;
    for (index, stage) in map.stages.iter().enumerate() {
        let rect = Rect {
            x: column_x(index) + CELL_PADDING,
            y: top + CELL_PADDING,
            width: inner,
            height: height - 2.0 * CELL_PADDING,
        };
        let x = rect.x + INSET;
        let line = |text: String, row: usize, bold: bool, colour: &str| TextLine {
            text,
            x,
            y: top + CELL_PADDING + 18.0 + row as f64 * 19.0,
            size: if bold { 15.0 } else { FIGURE_FONT_SIZE },
            bold,
            colour: colour.into(),
            anchor: "start".into(),
            halo: None,
        };
        let figure = metrics
            .and_then(|m| m.stages.get(index))
            .and_then(Option::as_ref);
        let mut boxed = FigureBox {
            lane: lane.id.unwrap_or(0),
            stage: stage.id.unwrap_or(0),
            rect,
            lines: Vec::new(),
            bar: None,
            bar_fill: None,
            bar_colour: "#0d9488".into(),
            drop_off_point: false,
        };
        let Some(figure) = figure else {
            let hint = match (metrics, &stage.binding) {
                (_, None) => "Not bound to data",
                (None, Some(_)) => "No numbers yet",
                (Some(_), Some(_)) => "No customers",
            };
            boxed.lines.push(line(hint.into(), 0, false, MUTED));
            scene.figures.push(boxed);
            continue;
        };
        let customers = format!("{} customers", group_digits(figure.customers));
        boxed.lines.push(line(customers, 0, true, INK));
        let conversion = match figure.conversion_from_previous {
            Some(share) => format!("{} of previous stage", percent(share)),
            None => "entered the journey".into(),
        };
        boxed.lines.push(line(conversion, 1, false, MUTED));
        if let Some(share) = figure.drop_off_share {
            drop_off_bar(
                &mut boxed,
                figure,
                share,
                x,
                top + CELL_PADDING + 48.0,
                inner - 2.0 * INSET,
            );
        }
        if let Some(seconds) = figure.median_seconds_to_next {
            let text = format!("median {} to next", duration(seconds));
            boxed.lines.push(line(text, 3, false, MUTED));
        }
        scene.figures.push(boxed);
    }
    push_cells(scene, map, lane, top, height, &vec![0; map.stages.len()]);
    height
}

/// A stage's drop-off: a bar whose filled part is the share that does not go on, and its
/// label beside it. The bar gives up width to the label, which is measured, so a long label
/// ("57.1% drop off (largest)") stays inside the stage's column.
fn drop_off_bar(
    boxed: &mut FigureBox,
    figure: &StageFigure,
    share: f64,
    x: f64,
    y: f64,
    inner: f64,
) {
    const GAP: f64 = 6.0;
    let label = if figure.drop_off_point {
        format!("{} drop off (largest)", percent(share))
    } else {
        format!("{} drop off", percent(share))
    };
    // A bar under 32 px hardly reads as a share; the label takes a size smaller first.
    const SHORTEST_BAR: f64 = 32.0;
    let measure = |size| font::metrics(false).width(&label, size);
    // A gap on both sides of the label.
    let size = if measure(FIGURE_FONT_SIZE) + 2.0 * GAP + SHORTEST_BAR > inner {
        FIGURE_FONT_SIZE - 1.0
    } else {
        FIGURE_FONT_SIZE
    };
    let width = (inner - measure(size) - 2.0 * GAP)
        .min(inner * 0.45)
        .max(SHORTEST_BAR);
    let track = Rect {
        x,
        y,
        width,
        height: 8.0,
    };
    let fill = Rect {
        width: width * share.clamp(0.0, 1.0),
        ..track
    };
    boxed.bar = Some(track);
    boxed.bar_fill = Some(fill);
    boxed.drop_off_point = figure.drop_off_point;
    boxed.bar_colour = if figure.drop_off_point {
        "#dc2626"
    } else {
        "#f59e0b"
    }
    .into();
    boxed.lines.push(TextLine {
        text: label,
        x: x + width + GAP,
        y: y + 8.0,
        size,
        bold: false,
        colour: if figure.drop_off_point {
            "#b91c1c"
        } else {
            INK
        }
        .into(),
        anchor: "start".into(),
        halo: None,
    });
}

/// The metrics caption under a metrics lane's title.
fn metrics_caption(lane: &mut LaneBox, metrics: Option<&MetricsBand>) {
    let Some(metrics) = metrics else { return };
    let inner = LANE_HEADER_WIDTH - 2.0 * CELL_PADDING;
    let mut y = lane.lines.last().map_or(lane.header.y, |l| l.y) + 17.0;
    for text in &metrics.caption {
        for wrapped in clip_lines(font::wrap(text, 11.0, inner, false), 2, 11.0, inner, false) {
            if y > lane.header.y + lane.header.height - 6.0 {
                return;
            }
            lane.lines.push(TextLine {
                text: wrapped,
                x: CELL_PADDING,
                y,
                size: 11.0,
                bold: false,
                colour: MUTED.into(),
                anchor: "start".into(),
                halo: None,
            });
            y += 14.0;
        }
    }
}

/// `0.523` as "52.3%".
fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// `12345` as "12,345".
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A duration in seconds as "45 s", "4.7 min", "3.2 h" or "12.5 days".
pub fn duration(seconds: f64) -> String {
    if seconds < 60.0 {
        format!("{seconds:.0} s")
    } else if seconds < 3_600.0 {
        format!("{:.1} min", seconds / 60.0)
    } else if seconds < 86_400.0 {
        format!("{:.1} h", seconds / 3_600.0)
    } else {
        format!("{:.1} days", seconds / 86_400.0)
    }
}

/// Draws the map's own curve and those of the personas it shows; returns the lane's height.
fn layout_emotions(
    scene: &mut Scene,
    map: &MapData,
    lane: &LaneData,
    top: f64,
    personas: &[Persona],
) -> f64 {
    let height = EMOTION_LANE_HEIGHT;
    let mut owners: Vec<Option<Id>> = vec![None];
    owners.extend(map.shown_personas.iter().map(|id| Some(*id)));
    for owner in owners {
        let persona = owner.and_then(|id| personas.iter().find(|p| p.id == Some(id)));
        if owner.is_some() && persona.is_none() {
            continue;
        }
        let mut points: Vec<&EmotionPoint> = lane
            .points
            .iter()
            .filter(|p| p.persona_id == owner)
            .collect();
        points.sort_by_key(|p| p.stage);
        if points.is_empty() {
            continue;
        }
        scene.curves.push(curve(map, lane, &points, persona, top));
    }
    push_cells(scene, map, lane, top, height, &vec![0; map.stages.len()]);
    height
}

fn curve(
    map: &MapData,
    lane: &LaneData,
    points: &[&EmotionPoint],
    persona: Option<&Persona>,
    top: f64,
) -> Curve {
    let (upper, lower) = emotion_range(top);
    let placed: Vec<CurvePoint> = points
        .iter()
        .filter(|p| (p.stage as usize) < map.stages.len())
        .map(|p| {
            let x = column_x(p.stage as usize) + STAGE_WIDTH / 2.0;
            let share = (EMOTION_MAX - p.value.clamp(EMOTION_MIN, EMOTION_MAX)) / 4.0;
            let y = upper + share * (lower - upper);
            let label = (persona.is_none() && !p.label.is_empty()).then(|| TextLine {
                text: p.label.clone(),
                x,
                y: y + 20.0,
                size: EMOTION_LABEL_SIZE,
                bold: false,
                colour: MUTED.into(),
                anchor: "middle".into(),
                halo: Some(lane_colours(LaneKind::Emotions).0.into()),
            });
            CurvePoint {
                stage: map.stages[p.stage as usize].id.unwrap_or(0),
                x,
                y,
                value: p.value,
                colour: emotion_colour(p.value),
                label,
            }
        })
        .collect();
    Curve {
        lane: lane.id.unwrap_or(0),
        persona_id: persona.and_then(|p| p.id),
        name: persona.map_or("All customers".to_string(), |p| p.name.clone()),
        colour: persona.map_or("#374151".to_string(), |p| p.colour.clone()),
        path: smooth_path(&placed),
        points: placed,
    }
}

/// A Catmull-Rom spline through the points, as cubic Bézier segments.
fn smooth_path(points: &[CurvePoint]) -> String {
    let mut path = String::new();
    for (i, p) in points.iter().enumerate() {
        if i == 0 {
            path.push_str(&format!("M{:.1},{:.1}", p.x, p.y));
            continue;
        }
        // The point before the segment's start; the start itself for the first segment.
        let p0 = &points[i.saturating_sub(2)];
        let p1 = &points[i - 1];
        let p3 = points.get(i + 1).unwrap_or(p);
        let (c1x, c1y) = (p1.x + (p.x - p0.x) / 6.0, p1.y + (p.y - p0.y) / 6.0);
        let (c2x, c2y) = (p.x - (p3.x - p1.x) / 6.0, p.y - (p3.y - p1.y) / 6.0);
        path.push_str(&format!(
            " C{c1x:.1},{c1y:.1} {c2x:.1},{c2y:.1} {:.1},{:.1}",
            p.x, p.y
        ));
    }
    path
}

/// Red for very negative, grey for neutral, green for very positive.
pub fn emotion_colour(value: f64) -> String {
    let t = (value.clamp(EMOTION_MIN, EMOTION_MAX) - EMOTION_MIN) / (EMOTION_MAX - EMOTION_MIN);
    let (from, to, t) = if t < 0.5 {
        ((220.0, 38.0, 38.0), (156.0, 163.0, 175.0), t * 2.0)
    } else {
        ((156.0, 163.0, 175.0), (22.0, 163.0, 74.0), (t - 0.5) * 2.0)
    };
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(from.0, to.0),
        mix(from.1, to.1),
        mix(from.2, to.2)
    )
}

/// Rounds every coordinate to a tenth of a pixel, so that scenes compare and serialize
/// stably.
fn round_scene(scene: &mut Scene) {
    let r = |v: &mut f64| *v = (*v * 10.0).round() / 10.0;
    let rect = |rect: &mut Rect| {
        for v in [&mut rect.x, &mut rect.y, &mut rect.width, &mut rect.height] {
            r(v);
        }
    };
    r(&mut scene.width);
    r(&mut scene.height);
    scene.stages.iter_mut().for_each(|s| rect(&mut s.rect));
    for lane in &mut scene.lanes {
        rect(&mut lane.header);
        rect(&mut lane.band);
        lane.value_span.iter_mut().flatten().for_each(r);
    }
    scene.cells.iter_mut().for_each(|c| rect(&mut c.rect));
    for card in &mut scene.cards {
        rect(&mut card.rect);
        for line in &mut card.lines {
            r(&mut line.x);
            r(&mut line.y);
        }
    }
    for point in scene.curves.iter_mut().flat_map(|c| c.points.iter_mut()) {
        r(&mut point.x);
        r(&mut point.y);
    }
    for figure in &mut scene.figures {
        rect(&mut figure.rect);
        figure
            .bar
            .iter_mut()
            .chain(figure.bar_fill.iter_mut())
            .for_each(rect);
        for line in &mut figure.lines {
            r(&mut line.x);
            r(&mut line.y);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Template;

    fn with_ids(mut map: MapData) -> MapData {
        let mut next = 1;
        let mut id = || {
            next += 1;
            Some(next)
        };
        map.stages.iter_mut().for_each(|s| s.id = id());
        for lane in &mut map.lanes {
            lane.id = id();
            lane.cards.iter_mut().for_each(|c| c.id = id());
        }
        map
    }

    fn card(stage: u32, text: &str) -> CardData {
        CardData {
            id: None,
            stage,
            fields: CardFields {
                text: text.into(),
                ..Default::default()
            },
        }
    }

    #[test]
    fn a_long_card_grows_and_stays_inside_its_cell() {
        let mut map = Template::Blank.build("m");
        assert_eq!(map.lanes[0].kind, LaneKind::Actions);
        map.lanes[0].cards = vec![card(0, &"word ".repeat(80)), card(0, "short")];
        let scene = layout(&with_ids(map), &[]);
        let lane = &scene.lanes[0];
        let cards: Vec<_> = scene.cards.iter().filter(|c| c.lane == lane.id).collect();
        assert!(cards[0].rect.height > 100.0);
        assert!(cards[1].rect.y >= cards[0].rect.y + cards[0].rect.height);
        let cell_bottom = lane.band.y + lane.band.height;
        assert!(cards[1].rect.y + cards[1].rect.height <= cell_bottom);
        for c in &cards {
            let column = &scene.stages[0].rect;
            assert!(c.rect.x >= column.x && c.rect.x + c.rect.width <= column.x + column.width);
        }
    }

    #[test]
    fn a_stage_name_too_long_for_its_header_ends_in_an_ellipsis() {
        let mut map = Template::Blank.build("m");
        map.stages[0].name = "Discovery & awareness of the brand through social ads".into();
        let scene = layout(&with_ids(map), &[]);
        let lines: Vec<_> = scene.stages[0]
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert_eq!(scene.stages[1].lines[0].text, "Stage 2");
    }

    #[test]
    fn lanes_stack_without_gaps_and_the_scene_holds_them_all() {
        let scene = layout(&with_ids(Template::AdToRepeatPurchase.build("m")), &[]);
        let mut y = scene.stage_header_height;
        for lane in &scene.lanes {
            assert_eq!(lane.band.y, y);
            y += lane.band.height;
        }
        assert_eq!(scene.height, y);
        assert_eq!(scene.cells.len(), scene.lanes.len() * scene.stages.len());
    }

    #[test]
    fn emotion_points_run_from_top_for_positive_to_bottom_for_negative() {
        let mut map = Template::Blank.build("m");
        let lane = map
            .lanes
            .iter_mut()
            .find(|l| l.kind == LaneKind::Emotions)
            .unwrap();
        for (stage, value) in [(0, 2.0), (1, 0.0), (2, -2.0)] {
            lane.points.push(EmotionPoint {
                stage,
                persona_id: None,
                value,
                label: "x".into(),
            });
        }
        let scene = layout(&with_ids(map), &[]);
        let points = &scene.curves[0].points;
        assert!(points[0].y < points[1].y && points[1].y < points[2].y);
        assert_eq!(points[0].colour, "#16a34a");
        assert_eq!(points[2].colour, "#dc2626");
        assert!(scene.curves[0].path.starts_with('M'));
        let band = scene.lanes.iter().find(|l| l.kind == LaneKind::Emotions);
        let [top, bottom] = band.unwrap().value_span.unwrap();
        assert_eq!(
            (points[0].y, points[2].y),
            (top, bottom),
            "the span is the scale's ends"
        );
        assert_eq!(scene.lanes[0].value_span, None);
    }

    #[test]
    fn a_metrics_lane_shows_each_bound_stage_and_marks_the_drop_off_point() {
        let mut map = with_ids(Template::Blank.build("m"));
        map.stages[0].binding = Some(StageBinding {
            events: vec!["visit".into()],
            condition: None,
        });
        let figure = |customers, conversion, drop, point| StageFigure {
            customers,
            conversion_from_previous: conversion,
            drop_off_share: drop,
            median_seconds_to_next: Some(4_000.0),
            drop_off_point: point,
        };
        let band = MetricsBand {
            caption: vec!["All customers".into(), "Jan 4 to Jun 29, 2024".into()],
            stages: vec![
                Some(figure(12_345, None, Some(0.5), true)),
                Some(figure(6_172, Some(0.5), Some(0.1), false)),
                None,
            ],
        };
        let scene = layout_with_metrics(&map, &[], Some(&band));

        let lane = scene
            .lanes
            .iter()
            .find(|l| l.kind == LaneKind::Metrics)
            .unwrap();
        assert_eq!(scene.figures.len(), 3);
        let first = &scene.figures[0];
        assert_eq!(first.lines[0].text, "12,345 customers");
        assert_eq!(first.lines[1].text, "entered the journey");
        assert_eq!(first.lines[2].text, "50.0% drop off (largest)");
        assert_eq!(first.lines[3].text, "median 1.1 h to next");
        assert!(first.drop_off_point);
        assert_eq!(
            first.bar_fill.unwrap().width * 2.0,
            first.bar.unwrap().width
        );
        assert_eq!(scene.figures[1].lines[1].text, "50.0% of previous stage");
        assert_eq!(scene.figures[2].lines[0].text, "Not bound to data");
        for figure in &scene.figures {
            let bottom = lane.band.y + lane.band.height;
            assert!(figure
                .lines
                .iter()
                .all(|l| l.y < bottom && l.y > lane.band.y));
        }
        let captions: Vec<_> = lane.lines.iter().map(|l| l.text.as_str()).collect();
        assert!(captions.contains(&"All customers"), "{captions:?}");
    }

    #[test]
    fn the_figures_keep_clear_of_the_drop_off_points_frame() {
        let map = with_ids(Template::Blank.build("m"));
        let band = MetricsBand {
            caption: Vec::new(),
            stages: vec![Some(StageFigure {
                customers: 7,
                conversion_from_previous: Some(0.7),
                drop_off_share: Some(0.571),
                median_seconds_to_next: Some(3.9 * 86_400.0),
                drop_off_point: true,
            })],
        };
        let scene = layout_with_metrics(&map, &[], Some(&band));

        // The frame is drawn along the figure's rectangle; text and bar stay 4 px inside it.
        let figure = &scene.figures[0];
        let frame = figure.rect;
        let (left, right) = (frame.x + 4.0, frame.x + frame.width - 4.0);
        let (top, bottom) = (frame.y + 4.0, frame.y + frame.height - 4.0);
        for line in &figure.lines {
            let width = font::metrics(line.bold).width(&line.text, line.size);
            assert!(line.x >= left, "{:?} starts at {}", line.text, line.x);
            assert!(
                line.x + width <= right,
                "{:?} ends at {} past {right}",
                line.text,
                line.x + width
            );
            // Ascent and descent of DejaVu Sans: about 0.76 and 0.24 of the size.
            assert!(
                line.y - 0.76 * line.size >= top,
                "{:?} rises above",
                line.text
            );
            assert!(
                line.y + 0.24 * line.size <= bottom,
                "{:?} sinks below",
                line.text
            );
        }
        let bar = figure.bar.unwrap();
        assert!(bar.x >= left);
        assert!(bar.x + bar.width < figure.lines[2].x);
    }
}
