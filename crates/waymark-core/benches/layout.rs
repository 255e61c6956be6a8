//! How long laying out a big map takes: [`waymark_core::large::map`] with 40 stages, 8 lanes
//! (seven of cards and an emotion curve) and 2,000 cards, some long enough to wrap over several
//! lines, read back from a document so that every id is set.
//!
//! Run with `cargo bench -p waymark-core --bench layout`; the layout should stay under 20 ms,
//! so that an edit on such a map redraws without a visible pause.

use criterion::{criterion_group, criterion_main, Criterion};
use waymark_core::layout::layout;
use waymark_core::{large, Document};

fn bench_layout(c: &mut Criterion) {
    let mut doc = Document::open_in_memory().unwrap();
    let id = doc.add_map(large::map("Forty stages", 40, 2_000)).unwrap();
    let map = doc.map(id).unwrap();
    assert_eq!(map.card_count(), 2_000);
    c.bench_function("layout 40 stages, 8 lanes, 2,000 cards", |b| {
        b.iter(|| layout(&map, &[]))
    });
}

criterion_group!(benches, bench_layout);
criterion_main!(benches);
