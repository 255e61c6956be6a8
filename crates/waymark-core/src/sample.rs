//! The sample document a first start opens: a home-goods brand's journey from an Instagram ad
//! to a repeat purchase, filled in so that the first thing a person sees is a real map.

use crate::edit::Edit;
use crate::error::Result;
use crate::model::*;
use crate::store::Document;
use crate::template::{lane, Template};

/// The name of the sample map.
pub const SAMPLE_MAP: &str = "Instagram ad to repeat purchase";

/// Cards per lane, one list per stage; `|` separates cards in one cell.
const CARDS: [(LaneKind, [&str; 7]); 6] = [
    (
        LaneKind::Actions,
        [
            "Scrolls Instagram in the evening and stops at a reel of a linen throw",
            "Opens the product page, reads reviews|Compares two colours side by side",
            "Adds the throw and a cushion to the cart and pays with a wallet",
            "Tracks the parcel from the shipping e-mail",
            "Unboxes, reads the care card, washes the throw once",
            "Asks in chat how to exchange a cushion cover for another size",
            "Comes back for the matching cushion when a restock e-mail arrives",
        ],
    ),
    (
        LaneKind::Touchpoints,
        [
            "Instagram reel ad",
            "Product page|Customer reviews",
            "Checkout page",
            "Shipping e-mail|Courier text message",
            "Care card in the box|Welcome e-mail",
            "Support chat",
            "Restock e-mail|Loyalty discount",
        ],
    ),
    (
        LaneKind::Thoughts,
        [
            "\"That would look good on our sofa.\"",
            "\"Is linen going to wrinkle? What do other people say?\"",
            "\"Free returns, good, that makes it easy.\"",
            "\"Three days is fine, if it actually comes on Thursday.\"",
            "\"Softer than I expected. Can it go in the dryer?\"",
            "\"I hope I do not have to print a label.\"",
            "\"I know the quality now, I can buy without reading reviews.\"",
        ],
    ),
    (
        LaneKind::PainPoints,
        [
            "The ad does not say the price",
            "Colour photos look different on the phone",
            "Shipping cost appears only at the last step",
            "No delivery time window; waits at home all day",
            "Care instructions are only in the box, not online",
            "Exchange needs a printed label and a post office trip",
            "Restock e-mail comes weeks after the item is back",
        ],
    ),
    (
        LaneKind::Opportunities,
        [
            "Show the price and free returns in the ad",
            "Daylight photos and a swatch request|Reviews filtered by colour",
            "Show shipping cost on the product page",
            "Two-hour delivery window with live tracking",
            "Care guide in the welcome e-mail, with a video",
            "QR-code exchanges at any parcel shop",
            "Send the restock e-mail the day stock arrives\
             |Remind at day 45, before most second orders",
        ],
    ),
    (
        LaneKind::Owners,
        [
            "Marketing",
            "E-commerce|Product content",
            "E-commerce",
            "Operations",
            "CRM",
            "Customer support",
            "CRM|Merchandising",
        ],
    ),
];

/// How the sample customer feels at each stage, from -2 to 2, and the word for it.
const EMOTIONS: [(f64, &str); 7] = [
    (0.5, "curious"),
    (-0.5, "unsure"),
    (1.0, "confident"),
    (-1.0, "impatient"),
    (1.5, "delighted"),
    (-1.5, "frustrated"),
    (1.8, "loyal"),
];

/// The sample's personas: name, description, colour, their own emotion curve, and the
/// sources of the sample data that make a customer this persona.
type SamplePersona = (
    &'static str,
    &'static str,
    &'static str,
    [f64; 7],
    [&'static str; 2],
);

const PERSONAS: [SamplePersona; 2] = [
    (
        "Deal seeker",
        "Comes through ads and discounts; compares prices; buys on promotion.",
        "#d97706",
        [1.0, -1.0, 0.5, -0.5, 1.0, -1.8, 1.2],
        ["instagram", "tiktok"],
    ),
    (
        "Home maker",
        "Furnishes a new home; values quality and care; buys sets over time.",
        "#2563eb",
        [0.2, 0.0, 1.2, -1.2, 1.8, -1.0, 2.0],
        ["search", "pinterest"],
    ),
];

/// The events each stage of the sample map is bound to; empty for a stage left unbound.
const BINDINGS: [&[&str]; 7] = [
    &["ad_click", "search_click", "newsletter_open"],
    &["product_view"],
    &["purchase"],
    &[],
    &["care_guide_view"],
    &[],
    &["purchase"],
];

/// Fills `doc` with the sample personas and map, and leaves nothing to undo: the sample is
/// where a document starts, not something the user did.
pub fn fill(doc: &mut Document) -> Result<Id> {
    let existing = doc.personas()?;
    let mut persona_ids = Vec::new();
    for (name, description, colour, _, sources) in PERSONAS {
        // A document that has the sample's personas already keeps them once.
        if let Some(id) = existing.iter().find(|p| p.name == name).and_then(|p| p.id) {
            persona_ids.push(id);
            continue;
        }
        let persona = Persona {
            id: None,
            name: name.into(),
            description: description.into(),
            colour: colour.into(),
            rule: Some(Condition {
                property: "source".into(),
                op: ConditionOp::OneOf,
                values: sources.iter().map(|s| s.to_string()).collect(),
            }),
        };
        let outcome = doc.apply(Edit::CreatePersona { persona })?;
        persona_ids.push(outcome.created.expect("a created persona has an id"));
    }
    let id = doc.add_map(sample_map(&persona_ids))?;
    crate::sample_data::fill_data(doc)?;
    doc.clear_history()?;
    Ok(id)
}

fn sample_map(persona_ids: &[Id]) -> MapData {
    let mut lanes = Vec::new();
    for (kind, cells) in CARDS {
        let mut lane = lane(kind);
        for (stage, cell) in cells.iter().enumerate() {
            for text in cell.split('|') {
                let fields = CardFields {
                    text: text.into(),
                    ..CardFields::default()
                };
                lane.cards.push(CardData {
                    id: None,
                    stage: stage as u32,
                    fields,
                });
            }
        }
        lanes.push(lane);
    }
    let mut emotions = lane(LaneKind::Emotions);
    emotions.points = emotion_points(persona_ids);
    lanes.insert(3, emotions);
    lanes.push(lane(LaneKind::Metrics));
    let mut stages = Template::AdToRepeatPurchase.build(SAMPLE_MAP).stages;
    for (stage, events) in stages.iter_mut().zip(BINDINGS) {
        stage.binding = (!events.is_empty()).then(|| StageBinding {
            events: events.iter().map(|e| e.to_string()).collect(),
            condition: None,
        });
    }
    MapData {
        id: None,
        name: SAMPLE_MAP.into(),
        description: "Hearth & Oak, home goods: a shopper who finds a linen throw in an \
                      Instagram reel, buys it, and comes back for the matching cushion."
            .into(),
        persona_id: None,
        shown_personas: persona_ids.to_vec(),
        stages,
        lanes,
        analytics: MapAnalytics {
            // Long enough for a second purchase, which comes weeks after the first.
            window_seconds: Some(180 * 24 * 3600),
            purchase_events: vec!["purchase".into()],
            ..MapAnalytics::default()
        },
    }
}

fn emotion_points(persona_ids: &[Id]) -> Vec<EmotionPoint> {
    let mut points: Vec<EmotionPoint> = EMOTIONS
        .iter()
        .enumerate()
        .map(|(stage, (value, label))| EmotionPoint {
            stage: stage as u32,
            persona_id: None,
            value: *value,
            label: label.to_string(),
        })
        .collect();
    for (persona, (_, _, _, values, _)) in persona_ids.iter().zip(PERSONAS) {
        for (stage, value) in values.iter().enumerate() {
            let label = EMOTIONS[stage].1.to_string();
            points.push(EmotionPoint {
                stage: stage as u32,
                persona_id: Some(*persona),
                value: *value,
                label,
            });
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_has_cards_in_every_lane_but_emotions_and_a_full_curve() {
        let mut doc = Document::open_in_memory().unwrap();
        let id = fill(&mut doc).unwrap();
        let map = doc.map(id).unwrap();
        assert_eq!(map.stages.len(), EMOTIONS.len());
        for lane in &map.lanes {
            if lane.kind == LaneKind::Metrics {
                continue;
            }
            if lane.kind == LaneKind::Emotions {
                let own = lane
                    .points
                    .iter()
                    .filter(|p| p.persona_id.is_none())
                    .count();
                assert_eq!(own, EMOTIONS.len());
            } else {
                assert!(!lane.cards.is_empty(), "lane {} is empty", lane.name);
            }
        }
        assert_eq!(doc.history().unwrap().undo, None);
    }

    #[test]
    fn filling_twice_adds_a_second_map_but_not_a_second_set_of_personas() {
        let mut doc = Document::open_in_memory().unwrap();
        fill(&mut doc).unwrap();
        let second = fill(&mut doc).unwrap();
        assert_eq!(doc.maps().unwrap().len(), 2);
        assert_eq!(doc.personas().unwrap().len(), PERSONAS.len());
        let shown = doc.map(second).unwrap().shown_personas;
        let ids: Vec<_> = doc
            .personas()
            .unwrap()
            .iter()
            .filter_map(|p| p.id)
            .collect();
        assert_eq!(shown, ids);
    }
}
