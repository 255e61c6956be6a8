//! The journey map as the rest of the program sees it: plain data, serializable to JSON and
//! described to the TypeScript front end through `ts-rs`.
//!
//! A [`MapData`] is a whole map in one value. Inside it, cards and emotion points name their
//! stage by its index in [`MapData::stages`], so a map can be copied, stored in the undo
//! history or sent to another document without rewriting ids. Ids (`id` fields) are the rows
//! of the document the map was read from; `None` means "not stored yet".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A row id in a document.
pub type Id = i64;

/// What a lane holds; it decides how the lane is drawn and which cards make sense in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LaneKind {
    Actions,
    Touchpoints,
    Channels,
    Thoughts,
    Emotions,
    PainPoints,
    Opportunities,
    Owners,
    Metrics,
    Evidence,
    Text,
}

impl LaneKind {
    /// Every kind, in the order a new map usually shows them.
    pub const ALL: [LaneKind; 11] = [
        LaneKind::Actions,
        LaneKind::Touchpoints,
        LaneKind::Channels,
        LaneKind::Thoughts,
        LaneKind::Emotions,
        LaneKind::PainPoints,
        LaneKind::Opportunities,
        LaneKind::Owners,
        LaneKind::Metrics,
        LaneKind::Evidence,
        LaneKind::Text,
    ];

    /// The name stored in the document and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            LaneKind::Actions => "actions",
            LaneKind::Touchpoints => "touchpoints",
            LaneKind::Channels => "channels",
            LaneKind::Thoughts => "thoughts",
            LaneKind::Emotions => "emotions",
            LaneKind::PainPoints => "pain_points",
            LaneKind::Opportunities => "opportunities",
            LaneKind::Owners => "owners",
            LaneKind::Metrics => "metrics",
            LaneKind::Evidence => "evidence",
            LaneKind::Text => "text",
        }
    }

    /// The kind stored under `name`, if any.
    pub fn parse(name: &str) -> Option<LaneKind> {
        LaneKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The lane title a new lane of this kind gets.
    pub fn default_title(self) -> &'static str {
        match self {
            LaneKind::Actions => "Actions",
            LaneKind::Touchpoints => "Touchpoints",
            LaneKind::Channels => "Channels",
            LaneKind::Thoughts => "Thoughts",
            LaneKind::Emotions => "Emotions",
            LaneKind::PainPoints => "Pain points",
            LaneKind::Opportunities => "Opportunities",
            LaneKind::Owners => "Owners",
            LaneKind::Metrics => "Metrics",
            LaneKind::Evidence => "Evidence",
            LaneKind::Text => "Notes",
        }
    }
}

/// One line of the map list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MapSummary {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    /// The persona the whole map belongs to, if any.
    #[ts(type = "number | null")]
    pub persona_id: Option<Id>,
    pub stages: u32,
    pub cards: u32,
    /// When the map last changed, RFC 3339 in UTC.
    pub updated_at: String,
}

/// A whole map: stages left to right, lanes top to bottom, and what is in them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MapData {
    #[ts(type = "number | null")]
    pub id: Option<Id>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The persona the whole map belongs to, if any.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub persona_id: Option<Id>,
    /// Personas whose emotion curves the map shows.
    #[ts(type = "Array<number>")]
    #[serde(default)]
    pub shown_personas: Vec<Id>,
    pub stages: Vec<StageData>,
    pub lanes: Vec<LaneData>,
    /// How the map's numbers are computed from imported data.
    #[serde(default)]
    pub analytics: MapAnalytics,
}

/// A column of the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageData {
    #[ts(type = "number | null")]
    pub id: Option<Id>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The events that mark a customer reaching this stage, if it is bound to data.
    #[serde(default)]
    pub binding: Option<StageBinding>,
}

/// A row of the map and its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LaneData {
    #[ts(type = "number | null")]
    pub id: Option<Id>,
    pub kind: LaneKind,
    pub name: String,
    #[serde(default)]
    pub collapsed: bool,
    /// Cards in stage order, and within a stage in their order top to bottom.
    #[serde(default)]
    pub cards: Vec<CardData>,
    /// The emotion curve's points; only an emotions lane has them.
    #[serde(default)]
    pub points: Vec<EmotionPoint>,
}

/// What a card says and how it looks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CardFields {
    pub text: String,
    /// The channel of a touchpoint: web, app, email, ad, social, store, phone, chat.
    #[serde(default)]
    pub channel: Option<String>,
    /// The team that owns the moment: marketing, product, support, sales, ...
    #[serde(default)]
    pub owner: Option<String>,
    /// A CSS colour such as `#fde68a`; `None` uses the lane's colour.
    #[serde(default)]
    pub colour: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A card inside a [`MapData`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CardData {
    #[ts(type = "number | null")]
    pub id: Option<Id>,
    /// Index of the card's stage in [`MapData::stages`].
    pub stage: u32,
    #[serde(flatten)]
    pub fields: CardFields,
}

/// One point of an emotion curve: how a customer feels at a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EmotionPoint {
    /// Index of the point's stage in [`MapData::stages`].
    pub stage: u32,
    /// The persona whose curve this is; `None` for the map's own curve.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub persona_id: Option<Id>,
    /// From -2 (very negative) to 2 (very positive).
    pub value: f64,
    /// A word for the feeling: frustrated, confused, neutral, confident, delighted.
    #[serde(default)]
    pub label: String,
}

/// A kind of customer, with its own journey numbers once data is imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Persona {
    #[ts(type = "number | null")]
    pub id: Option<Id>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A CSS colour used for the persona's curve and badges.
    pub colour: String,
    /// Which customers are this persona, judged on their first event (or people row) that
    /// carries the rule's property; `None` for a persona drawn by hand, with no numbers.
    #[serde(default)]
    pub rule: Option<Condition>,
}

/// A test on one property of an event or a person: `channel = email`,
/// `segment one of SelfServe, HighTouch`, `page contains /pricing`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Condition {
    pub property: String,
    pub op: ConditionOp,
    /// One value for `equals` and `contains`, any number for `one_of`.
    pub values: Vec<String>,
}

/// How a [`Condition`] compares. Comparisons are exact and case-sensitive, as the values are
/// stored; `contains` looks for a substring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConditionOp {
    Equals,
    OneOf,
    Contains,
}

impl Condition {
    /// Whether `value` passes the test.
    pub fn matches(&self, value: &str) -> bool {
        match self.op {
            ConditionOp::Equals | ConditionOp::OneOf => self.values.iter().any(|v| v == value),
            ConditionOp::Contains => self.values.iter().any(|v| value.contains(v.as_str())),
        }
    }

    /// Reads `PROPERTY = VALUE`, `PROPERTY one of V1, V2` or `PROPERTY contains TEXT`; spaces
    /// around names and values are ignored.
    pub fn parse(text: &str) -> Result<Condition, String> {
        let forms = [
            (" one of ", ConditionOp::OneOf),
            (" contains ", ConditionOp::Contains),
            ("=", ConditionOp::Equals),
        ];
        for (word, op) in forms {
            let Some((property, rest)) = text.split_once(word) else {
                continue;
            };
            let property = property.trim();
            let values: Vec<String> = match op {
                ConditionOp::OneOf => rest.split(',').map(|v| v.trim().to_string()).collect(),
                _ => vec![rest.trim().to_string()],
            };
            if property.is_empty() || values.iter().any(String::is_empty) {
                break;
            }
            return Ok(Condition {
                property: property.to_string(),
                op,
                values,
            });
        }
        Err(format!(
            "cannot read the condition \"{text}\"; write PROPERTY = VALUE, \
             PROPERTY one of V1, V2 or PROPERTY contains TEXT"
        ))
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let op = match self.op {
            ConditionOp::Equals => "=",
            ConditionOp::OneOf => "one of",
            ConditionOp::Contains => "contains",
        };
        write!(f, "{} {op} {}", self.property, self.values.join(", "))
    }
}

/// The events that mark a customer reaching a stage: any of `events`, and, when there is a
/// condition, only those events whose property passes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct StageBinding {
    pub events: Vec<String>,
    #[serde(default)]
    pub condition: Option<Condition>,
}

/// How customers move through a map's stages, for the funnel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FunnelMode {
    /// Stages in the map's order, other events allowed in between.
    #[default]
    Ordered,
    /// Stages in order with no other event of the customer in between.
    Strict,
    /// Stages in any order.
    Any,
}

impl FunnelMode {
    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FunnelMode::Ordered => "ordered",
            FunnelMode::Strict => "strict",
            FunnelMode::Any => "any",
        }
    }
}

/// The conversion window a new map gets: 30 days.
pub const DEFAULT_WINDOW_SECONDS: i64 = 30 * 24 * 3600;

fn default_window() -> Option<i64> {
    Some(DEFAULT_WINDOW_SECONDS)
}

/// A map's settings for its numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct MapAnalytics {
    /// Seconds from the first stage within which later stages count; `None` for no limit.
    #[serde(default = "default_window")]
    #[ts(type = "number | null")]
    pub window_seconds: Option<i64>,
    #[serde(default)]
    pub mode: FunnelMode,
    /// Only customers who enter the funnel on or after this day (`YYYY-MM-DD`, in the
    /// document's time zone) count.
    #[serde(default)]
    pub entry_from: Option<String>,
    /// Only customers who enter the funnel on or before this day count.
    #[serde(default)]
    pub entry_to: Option<String>,
    /// The events that are purchases; empty means the events of the orders imports.
    #[serde(default)]
    pub purchase_events: Vec<String>,
    /// Purchases on the same calendar day count as one.
    #[serde(default)]
    pub same_day_as_one: bool,
    /// A property whose first-touch values split the numbers into groups, in place of the
    /// personas; `None` splits by persona.
    #[serde(default)]
    pub split_by: Option<String>,
}

impl Default for MapAnalytics {
    fn default() -> MapAnalytics {
        MapAnalytics {
            window_seconds: default_window(),
            mode: FunnelMode::Ordered,
            entry_from: None,
            entry_to: None,
            purchase_events: Vec::new(),
            same_day_as_one: false,
            split_by: None,
        }
    }
}

/// The lowest value of an emotion point.
pub const EMOTION_MIN: f64 = -2.0;
/// The highest value of an emotion point.
pub const EMOTION_MAX: f64 = 2.0;

impl MapData {
    /// The same map with every id cleared, ready to be stored again as a new map.
    pub fn without_ids(mut self) -> MapData {
        self.id = None;
        for stage in &mut self.stages {
            stage.id = None;
        }
        for lane in &mut self.lanes {
            lane.id = None;
            for card in &mut lane.cards {
                card.id = None;
            }
        }
        self
    }

    /// How many cards the map holds.
    pub fn card_count(&self) -> usize {
        self.lanes.iter().map(|lane| lane.cards.len()).sum()
    }
}
