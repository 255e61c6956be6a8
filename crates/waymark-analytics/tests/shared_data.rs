//! The analytics on the third-party files of the `shared/data` folder, imported into a real
//! document the way the import dialog proposes, against figures computed independently by
//! `scripts/reference-figures.py` (plain Python over the raw files: every entry tried per
//! customer, steps searched exhaustively, percentiles by `statistics.quantiles`).
//!
//! A fresh clone has no `shared` folder; then every test prints why it skips and passes.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use waymark_analytics::funnel::{funnel, FunnelQuery, FunnelReport, Step};
use waymark_analytics::intervals::{intervals, IntervalQuery, IntervalReport};
use waymark_analytics::{Breakdown, EventLog};
use waymark_core::store::DataKind;
use waymark_core::{Condition, Document, FunnelMode, Persona};
use waymark_import::{import_file, preview};

const DAY: i64 = 86_400_000_000;

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    println!(
        "skipped: {} is absent (a fresh clone has none)",
        dir.display()
    );
    None
}

/// A document holding `file`, imported as the dialog proposes it (checked to be `kind`).
fn imported(file: &Path, kind: DataKind) -> (tempfile::TempDir, Document) {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Document::create(&dir.path().join("data.waymark")).unwrap();
    let preview = preview(&doc, file, None).unwrap();
    assert_eq!(preview.settings.kind, kind);
    import_file(
        &mut doc,
        file,
        &preview.settings,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (dir, doc)
}

fn personas() -> Vec<Persona> {
    let persona = |id, name: &str, rule: &str| Persona {
        id: Some(id),
        name: name.into(),
        description: String::new(),
        colour: "#000".into(),
        rule: Some(Condition::parse(rule).unwrap()),
    };
    vec![
        persona(1, "Email", "acquisition_channel = email"),
        persona(2, "Paid", "acquisition_channel one of paid_search, social"),
    ]
}

fn steps(names: &[&str]) -> Vec<Step> {
    names
        .iter()
        .map(|name| Step {
            name: name.to_string(),
            events: name.split('|').map(String::from).collect(),
            condition: None,
        })
        .collect()
}

fn counts(report: &FunnelReport, group: &str) -> Vec<u64> {
    let group = report
        .groups
        .iter()
        .find(|g| g.name.group == group)
        .unwrap();
    group.steps.iter().map(|s| s.customers).collect()
}

fn ecom() -> Option<(tempfile::TempDir, Document, EventLog)> {
    let file = data_dir()?.join("events/ecom.csv.gz");
    let (dir, doc) = imported(&file, DataKind::Events);
    let log = EventLog::load(&doc, &["acquisition_channel".to_string()]).unwrap();
    Some((dir, doc, log))
}

#[test]
fn the_shop_funnel_per_persona_matches_the_reference() {
    let Some((_dir, _doc, log)) = ecom() else {
        return;
    };
    let query = FunnelQuery {
        steps: steps(&["catalog", "product_view", "add_to_cart", "purchase"]),
        window: Some(30 * DAY),
        mode: FunnelMode::Ordered,
        entry_from: None,
        entry_to: None,
    };
    let report = funnel(&log, &query, &Breakdown::Personas(personas())).unwrap();

    let names: Vec<_> = report
        .groups
        .iter()
        .map(|g| g.name.group.as_str())
        .collect();
    assert_eq!(names, ["All customers", "Email", "Paid", "Other"]);
    assert_eq!(counts(&report, "All customers"), [600, 596, 465, 222]);
    assert_eq!(counts(&report, "Email"), [95, 94, 78, 37]);
    assert_eq!(counts(&report, "Paid"), [256, 254, 197, 105]);
    assert_eq!(counts(&report, "Other"), [249, 248, 190, 80]);
    let medians = |group: &str| -> Vec<Option<f64>> {
        let group = report
            .groups
            .iter()
            .find(|g| g.name.group == group)
            .unwrap();
        group
            .steps
            .iter()
            .map(|s| s.median_seconds_from_previous)
            .collect()
    };
    assert_eq!(
        medians("All customers"),
        [None, Some(281.5), Some(1515.0), Some(984.0)]
    );
    assert_eq!(
        medians("Email"),
        [None, Some(199.5), Some(390141.5), Some(754.0)]
    );
    assert_eq!(
        medians("Paid"),
        [None, Some(309.0), Some(1225.0), Some(1084.0)]
    );
    assert_eq!(
        medians("Other"),
        [None, Some(265.5), Some(1403.0), Some(926.0)]
    );
    let all = &report.groups[0];
    let drop_offs: Vec<u64> = all.steps.iter().map(|s| s.drop_off).collect();
    assert_eq!(drop_offs, [4, 131, 243, 0]);
    // 243 of 465 leave after add_to_cart: the largest share.
    assert_eq!(all.drop_off_point, Some(2));
}

#[test]
fn the_shop_funnel_in_the_other_modes_matches_the_reference() {
    let Some((_dir, _doc, log)) = ecom() else {
        return;
    };
    let run = |names: &[&str], window: Option<i64>, mode| {
        let query = FunnelQuery {
            steps: steps(names),
            window,
            mode,
            entry_from: None,
            entry_to: None,
        };
        counts(
            &funnel(&log, &query, &Breakdown::None).unwrap(),
            "All customers",
        )
    };
    let shop = ["catalog", "product_view", "add_to_cart", "purchase"];
    assert_eq!(
        run(&shop, Some(30 * DAY), FunnelMode::Strict),
        [600, 547, 76, 2]
    );
    let checkout = ["cart", "payment_details", "purchase"];
    assert_eq!(run(&checkout, None, FunnelMode::Any), [489, 390, 328]);
    let either = ["home|promo_page", "search", "purchase"];
    assert_eq!(
        run(&either, Some(7 * DAY), FunnelMode::Ordered),
        [590, 527, 133]
    );
}

#[test]
fn the_shop_repeat_purchases_per_persona_match_the_reference() {
    let Some((_dir, _doc, log)) = ecom() else {
        return;
    };
    let query = IntervalQuery {
        events: vec!["purchase".into()],
        same_day_as_one: false,
        time_zone: chrono_tz::Tz::UTC,
    };
    let report = intervals(&log, &query, &Breakdown::Personas(personas())).unwrap();
    let expected = [
        ("All customers", 328, 104, 28.863177083333333),
        ("Email", 51, 18, 45.46740740740741),
        ("Paid", 147, 51, 21.260324074074074),
        ("Other", 130, 35, 27.86740740740741),
    ];
    for (name, buyers, repeat, median) in expected {
        let group = report.groups.iter().find(|g| g.name.group == name).unwrap();
        assert_eq!(
            (group.buyers, group.repeat_buyers),
            (buyers, repeat),
            "{name}"
        );
        assert_eq!(group.gaps[0].count, repeat);
        assert_close(group.gaps[0].median_days.unwrap(), median);
    }
}

fn assert_close(got: f64, expected: f64) {
    assert!(
        (got - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{got} is not {expected}"
    );
}

fn cdnow(same_day_as_one: bool) -> Option<IntervalReport> {
    let file = data_dir()?.join("orders/CDNOW_sample.txt");
    let (_dir, doc) = imported(&file, DataKind::Orders);
    let log = EventLog::load(&doc, &[]).unwrap();
    let query = IntervalQuery {
        events: Vec::new(),
        same_day_as_one,
        time_zone: chrono_tz::Tz::UTC,
    };
    Some(intervals(&log, &query, &Breakdown::None).unwrap())
}

/// One group's figures: buyers, repeat buyers, then per gap count, mean, median, p25, p75,
/// p90, then the shares bought again within 30, 60, 90, 180 and 365 days.
type Figures = (u64, u64, [(u64, [f64; 5]); 3], [f64; 5]);

fn assert_figures(report: &IntervalReport, expected: Figures) {
    let all = &report.groups[0];
    assert_eq!((all.buyers, all.repeat_buyers), (expected.0, expected.1));
    for (gap, (count, stats)) in all.gaps.iter().zip(expected.2) {
        assert_eq!(gap.count, count);
        let got = [
            gap.mean_days,
            gap.median_days,
            gap.p25_days,
            gap.p75_days,
            gap.p90_days,
        ];
        for (got, want) in got.iter().zip(stats) {
            assert_close(got.unwrap(), want);
        }
    }
    for (days, share) in ["30", "60", "90", "180", "365"].iter().zip(expected.3) {
        assert_close(all.repeat_within_days[*days].unwrap(), share);
        // Every CDNOW customer first bought in early 1997 and the data runs to mid 1998.
        assert_eq!(all.eligible_buyers[*days], expected.0);
    }
}

#[test]
fn cdnow_repeat_purchase_intervals_match_the_reference() {
    let Some(report) = cdnow(false) else { return };
    assert_eq!(report.events, ["purchase"]);
    assert_eq!(report.data_end.as_deref(), Some("1998-06-30T00:00:00Z"));
    let gaps = [
        (1152, [105.62760416666667, 53.0, 14.0, 158.25, 296.8]),
        (746, [87.82037533512064, 49.0, 15.0, 128.0, 240.0]),
        (538, [74.61710037174721, 41.5, 14.0, 104.5, 193.3]),
    ];
    let within = [
        0.18498090793381416,
        0.2634705133644463,
        0.29910903691132795,
        0.38226559185405173,
        0.4611794654221468,
    ];
    assert_figures(&report, (2357, 1152, gaps, within));
}

#[test]
fn cdnow_counting_one_purchase_a_day_matches_the_reference() {
    let Some(report) = cdnow(true) else { return };
    let gaps = [
        (1139, [107.88498683055312, 55.0, 16.0, 161.0, 299.2]),
        (736, [89.98641304347827, 49.5, 16.0, 132.0, 245.5]),
        (527, [75.11574952561669, 43.0, 15.0, 105.0, 193.0]),
    ];
    let within = [
        0.17394993635977937,
        0.2549851506151888,
        0.29147221043699617,
        0.37632583792957147,
        0.4556639796351294,
    ];
    assert_figures(&report, (2357, 1139, gaps, within));
}
