//! How long laying out a big map takes: 40 stages, 8 lanes (seven of cards and an emotion
//! curve) and 2,000 cards, some of them long enough to wrap over several lines.
//!
//! Run with `cargo bench -p waymark-core --bench layout`; the layout should stay under 20 ms,
//! so that an edit on such a map redraws without a visible pause.

use criterion::{criterion_group, criterion_main, Criterion};
use waymark_core::layout::layout;
use waymark_core::*;

const STAGES: u32 = 40;
const CARDS: u32 = 2_000;
const CARD_LANES: [LaneKind; 7] = [
    LaneKind::Actions,
    LaneKind::Touchpoints,
    LaneKind::Thoughts,
    LaneKind::PainPoints,
    LaneKind::Opportunities,
    LaneKind::Owners,
    LaneKind::Evidence,
];

fn big_map() -> MapData {
    let mut next_id = 0;
    let mut id = || {
        next_id += 1;
        Some(next_id)
    };
    let stages = (0..STAGES)
        .map(|i| StageData {
            id: id(),
            name: format!("Stage {}", i + 1),
            description: String::new(),
            binding: None,
        })
        .collect();
    let mut lanes: Vec<LaneData> = CARD_LANES.iter().map(|&kind| lane(kind, id())).collect();
    for n in 0..CARDS {
        let text = match n % 4 {
            0 => format!("Card {n}"),
            1 => format!("Card {n} reads the reviews and compares prices"),
            2 => format!(
                "Card {n}: {}",
                "a longer note that wraps over many lines ".repeat(3)
            ),
            _ => format!("Card {n}\nwith a second paragraph"),
        };
        let lane = &mut lanes[(n % 7) as usize];
        lane.cards.push(CardData {
            id: id(),
            stage: n / 7 % STAGES,
            fields: CardFields {
                text,
                ..Default::default()
            },
        });
    }
    for lane in &mut lanes {
        lane.cards.sort_by_key(|card| card.stage);
    }
    let mut emotions = lane(LaneKind::Emotions, id());
    emotions.points = (0..STAGES)
        .map(|stage| EmotionPoint {
            stage,
            persona_id: None,
            value: (stage as f64 * 0.7).sin() * 2.0,
            label: "neutral".into(),
        })
        .collect();
    lanes.insert(3, emotions);
    MapData {
        id: id(),
        name: "Forty stages".into(),
        description: String::new(),
        persona_id: None,
        shown_personas: Vec::new(),
        stages,
        lanes,
        analytics: MapAnalytics::default(),
    }
}

fn lane(kind: LaneKind, id: Option<Id>) -> LaneData {
    LaneData {
        id,
        kind,
        name: kind.default_title().into(),
        collapsed: false,
        cards: Vec::new(),
        points: Vec::new(),
    }
}

fn bench_layout(c: &mut Criterion) {
    let map = big_map();
    assert_eq!(map.card_count(), CARDS as usize);
    c.bench_function("layout 40 stages, 8 lanes, 2,000 cards", |b| {
        b.iter(|| layout(&map, &[]))
    });
}

criterion_group!(benches, bench_layout);
criterion_main!(benches);
