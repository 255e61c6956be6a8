//! How long the 2,000-card map of 40 stages and 8 lanes takes to export: laid out into a
//! sheet, then written as SVG, made into a PDF, or rendered as a 2x PNG.
//!
//! Run with `cargo bench -p waymark-export`; each export should stay under a second.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use waymark_export::pdf::{self, PdfOptions};
use waymark_export::png::{self, PngOptions, PngSize};
use waymark_export::svg::{self, SvgOptions};
use waymark_export::{Selection, Sheet};

fn big_map(c: &mut Criterion) {
    let source = common::big_source();
    let sheet = || Sheet::new(&source, &Selection::default()).unwrap();
    let mut group = c.benchmark_group("2,000 cards");
    // A 2x PNG of this map is 121 million pixels; ten samples keep the run short.
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));

    group.bench_function("layout", |b| b.iter(sheet));
    group.bench_function("svg", |b| {
        b.iter(|| svg::write(&sheet(), SvgOptions::default()))
    });
    group.bench_function("pdf", |b| {
        let options = PdfOptions {
            system_fonts: false,
            ..PdfOptions::default()
        };
        b.iter(|| pdf::render(&sheet(), &options).unwrap());
    });
    group.bench_function("png 2x", |b| {
        let options = PngOptions {
            size: PngSize::Scale(2.0),
            transparent: false,
            system_fonts: false,
        };
        b.iter(|| png::render(&sheet(), &options).unwrap());
    });
    group.finish();
}

criterion_group!(benches, big_map);
criterion_main!(benches);
