//! A made-up map of a chosen size, for benchmarks and for trying the app on a big map: many
//! stages, seven lanes of cards and an emotion curve, with card texts of one to several lines
//! so that layout has real wrapping to do.

use crate::model::*;
use crate::template::lane;

/// The lanes of cards, top to bottom; the emotions lane comes fourth.
const CARD_LANES: [LaneKind; 7] = [
    LaneKind::Actions,
    LaneKind::Touchpoints,
    LaneKind::Thoughts,
    LaneKind::PainPoints,
    LaneKind::Opportunities,
    LaneKind::Owners,
    LaneKind::Evidence,
];

/// A map named `name` with `stages` stages, eight lanes and `cards` cards spread evenly over
/// the cells, with every id empty, ready to be stored.
pub fn map(name: &str, stages: u32, cards: u32) -> MapData {
    let mut lanes: Vec<LaneData> = CARD_LANES.into_iter().map(lane).collect();
    let per_lane = CARD_LANES.len() as u32;
    for n in 0..cards {
        let text = match n % 4 {
            0 => format!("Card {n}"),
            1 => format!("Card {n} reads the reviews and compares prices"),
            2 => format!(
                "Card {n}: {}",
                "a longer note that wraps over many lines ".repeat(3)
            ),
            _ => format!("Card {n}\nwith a second paragraph"),
        };
        lanes[(n % per_lane) as usize].cards.push(CardData {
            id: None,
            stage: n / per_lane % stages.max(1),
            fields: CardFields {
                text,
                ..CardFields::default()
            },
        });
    }
    for lane in &mut lanes {
        lane.cards.sort_by_key(|card| card.stage);
    }
    let mut emotions = lane(LaneKind::Emotions);
    emotions.points = (0..stages)
        .map(|stage| EmotionPoint {
            stage,
            persona_id: None,
            value: ((f64::from(stage) * 0.7).sin() * 2.0 * 10.0).round() / 10.0,
            label: "neutral".into(),
        })
        .collect();
    lanes.insert(3, emotions);
    MapData {
        id: None,
        name: name.into(),
        description: String::new(),
        persona_id: None,
        shown_personas: Vec::new(),
        stages: (0..stages)
            .map(|i| StageData {
                id: None,
                name: format!("Stage {}", i + 1),
                description: String::new(),
                binding: None,
            })
            .collect(),
        lanes,
        analytics: MapAnalytics::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_has_the_size_asked_for_and_can_be_stored() {
        let map = map("Big", 40, 2_000);
        assert_eq!(map.stages.len(), 40);
        assert_eq!(map.lanes.len(), 8);
        assert_eq!(map.card_count(), 2_000);
        assert_eq!(map.lanes[3].points.len(), 40);
        let mut doc = crate::Document::open_in_memory().unwrap();
        let id = doc.add_map(map).unwrap();
        assert_eq!(doc.map(id).unwrap().card_count(), 2_000);
    }
}
