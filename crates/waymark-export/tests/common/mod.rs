//! What the export tests share: the maps they export, golden files, and poppler.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use waymark_analytics::metrics::{map_metrics, LogCache};
use waymark_core::template::Template;
use waymark_core::{sample, CardData, CardFields, Document, LaneKind, MapData, StageData};
use waymark_export::{Selection, Sheet, Source};

/// The sample map with its numbers, its dates fixed so that goldens do not move with the
/// clock (the sample's events are dated back from today).
pub fn sample_source() -> (Document, Source) {
    let mut doc = Document::open_in_memory().unwrap();
    let id = sample::fill(&mut doc).unwrap();
    let (mut metrics, _) =
        map_metrics(&mut doc, id, &mut LogCache::default(), &mut |_, _| true).unwrap();
    metrics.data.first_at = Some("2024-01-04T09:12:00Z".into());
    metrics.data.last_at = Some("2024-09-29T18:40:00Z".into());
    metrics.data.last_import_at = Some("2024-10-01T07:30:00Z".into());
    let source = Source::read(&doc, id, Some(metrics)).unwrap();
    (doc, source)
}

/// A small map from the trial-to-paid template, with a few cards and no data.
pub fn template_source() -> Source {
    let mut doc = Document::open_in_memory().unwrap();
    let mut map = Template::TrialToPaid.build("Trial to enterprise");
    let texts = [
        (LaneKind::Actions, 0, "Reads a comparison post"),
        (LaneKind::Actions, 1, "Signs up with a work e-mail"),
        (
            LaneKind::PainPoints,
            2,
            "Sample data looks nothing like theirs",
        ),
        (
            LaneKind::Opportunities,
            3,
            "A guided import of their own CSV",
        ),
    ];
    for (kind, stage, text) in texts {
        let lane = map.lanes.iter_mut().find(|l| l.kind == kind).unwrap();
        lane.cards.push(card(stage, text));
    }
    let id = doc.add_map(map).unwrap();
    Source::read(&doc, id, None).unwrap()
}

pub fn card(stage: u32, text: &str) -> CardData {
    CardData {
        id: None,
        stage,
        fields: CardFields {
            text: text.into(),
            ..CardFields::default()
        },
    }
}

/// A map of 40 stages and 8 card lanes holding 2,000 cards, stored through the core.
pub fn big_source() -> Source {
    let mut doc = Document::open_in_memory().unwrap();
    let mut map = Template::Blank.build("Forty stages");
    map.stages = (0..40)
        .map(|i| StageData {
            id: None,
            name: format!("Stage {}", i + 1),
            description: String::new(),
            binding: None,
        })
        .collect();
    let kinds = [
        LaneKind::Actions,
        LaneKind::Touchpoints,
        LaneKind::Channels,
        LaneKind::Thoughts,
        LaneKind::PainPoints,
        LaneKind::Opportunities,
        LaneKind::Owners,
        LaneKind::Evidence,
    ];
    map.lanes = kinds
        .iter()
        .map(|kind| waymark_core::LaneData {
            id: None,
            kind: *kind,
            name: kind.default_title().into(),
            collapsed: false,
            cards: Vec::new(),
            points: Vec::new(),
        })
        .collect();
    for n in 0..2_000u32 {
        let lane = &mut map.lanes[(n % 8) as usize];
        let words = if n % 5 == 0 {
            " with a longer note that wraps over two lines"
        } else {
            ""
        };
        lane.cards
            .push(card((n / 8) % 40, &format!("Card {n:04}{words}")));
    }
    let id = doc.add_map(map).unwrap();
    Source::read(&doc, id, None).unwrap()
}

pub fn sheet(source: &Source) -> Sheet {
    Sheet::new(source, &Selection::default()).unwrap()
}

pub fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Whether golden files are to be written instead of compared.
pub fn updating() -> bool {
    std::env::var_os("WAYMARK_UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

/// Compares `actual` with golden file `name`, or writes it with `WAYMARK_UPDATE_GOLDEN=1`.
pub fn golden_text(name: &str, actual: &str) {
    let path = golden_path(name);
    if updating() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with WAYMARK_UPDATE_GOLDEN=1",
            path.display()
        )
    });
    if expected != actual {
        let out = std::env::temp_dir().join(name);
        std::fs::write(&out, actual).unwrap();
        panic!(
            "{name} differs from its golden file; the new one is {}. If the change is \
             intended, run with WAYMARK_UPDATE_GOLDEN=1",
            out.display()
        );
    }
}

/// The text of a PDF as `pdftotext -raw` reads it, whitespace collapsed.
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    collapse(&String::from_utf8_lossy(&out.stdout))
}

pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `pdfinfo`'s page count and first page size in points.
pub fn pdf_pages(pdf: &Path) -> (u32, f64, f64) {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs (install poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("pdfinfo has no {name}: {info}"))
            .to_string()
    };
    let pages = field("Pages:").parse().unwrap();
    let size = field("Page size:");
    let numbers: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (pages, numbers[0], numbers[1])
}

/// Every line of every card of `sheet`, each found in `text`; returns those missing.
pub fn missing_card_lines(sheet: &Sheet, text: &str) -> Vec<String> {
    sheet
        .scene
        .cards
        .iter()
        .flat_map(|c| &c.lines)
        .map(|l| collapse(&l.text))
        .filter(|l| !l.is_empty() && !text.contains(l.as_str()))
        .collect()
}

/// A map with no stage bound and no lanes other than one, for quick checks.
pub fn tiny_map() -> MapData {
    Template::Blank.build("Tiny")
}
