//! `waymark funnel`, `intervals`, `persona`, `bind` and `metrics` as a script runs them, on a
//! small export whose numbers are worked out by hand beside each check.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn waymark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> Output {
    let out = waymark(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Four customers of a shop, with the channel they came from:
/// - ann (email): visit, view 10 min later, buy 20 min after that, buy again 10 days later;
/// - bob (ads): visit, view 1 hour later, no purchase;
/// - cem (ads): visit only;
/// - dee (email): view first, then visit and buy: visit and purchase 5 min apart, no view after
///   the visit, so dee stops at the first step in an ordered funnel visit, view, purchase.
const EVENTS: &str = "\
user,event,time,channel
ann,visit,2024-05-01 10:00:00,email
ann,view,2024-05-01 10:10:00,email
ann,purchase,2024-05-01 10:30:00,email
ann,purchase,2024-05-11 10:30:00,email
bob,visit,2024-05-02 09:00:00,ads
bob,view,2024-05-02 10:00:00,ads
cem,visit,2024-05-03 12:00:00,ads
dee,view,2024-05-04 08:00:00,email
dee,visit,2024-05-04 09:00:00,email
dee,purchase,2024-05-04 09:05:00,email
";

fn document() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("shop.waymark");
    let file = dir.path().join("events.csv");
    std::fs::write(&file, EVENTS).unwrap();
    ok(&["new", path(&doc), "--name", "Shop"]);
    ok(&["import", path(&doc), path(&file), "--kind", "events"]);
    (dir, doc)
}

#[test]
fn funnel_prints_the_documented_json_per_persona() {
    let (_dir, doc) = document();
    ok(&[
        "persona",
        "add",
        path(&doc),
        "Email",
        "--where",
        "channel = email",
    ]);
    let out = ok(&[
        "funnel",
        path(&doc),
        "--steps",
        "visit,view,purchase",
        "--window",
        "1d",
        "--by",
        "persona",
        "--json",
    ]);
    let report = json(&out);

    assert_eq!(report["window_seconds"], 86_400);
    assert_eq!(report["mode"], "ordered");
    let groups = report["groups"].as_array().unwrap();
    let names: Vec<_> = groups
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["All customers", "Email", "Other"]);
    // Everyone visits; ann and bob view; only ann buys after viewing.
    let all = &groups[0]["steps"];
    let counts: Vec<_> = (0..3)
        .map(|i| all[i]["customers"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [4, 2, 1]);
    assert_eq!(all[1]["name"], "view");
    assert_eq!(all[1]["conversion_from_previous"], 0.5);
    assert_eq!(all[2]["conversion_from_first"], 0.25);
    assert_eq!(all[0]["drop_off"], 2);
    assert_eq!(all[2]["drop_off"], 0);
    // ann 600 s, bob 3,600 s: the median of two is their mean.
    assert_eq!(all[1]["median_seconds_from_previous"], 2_100.0);
    assert_eq!(
        all[0]["median_seconds_from_previous"],
        serde_json::Value::Null
    );
    // Email: ann and dee; dee never views after her visit.
    let email: Vec<_> = (0..3)
        .map(|i| groups[1]["steps"][i]["customers"].as_u64().unwrap())
        .collect();
    assert_eq!(email, [2, 1, 1]);

    let either = ok(&[
        "funnel",
        path(&doc),
        "--steps",
        "view|visit,purchase",
        "--json",
    ]);
    // Every customer has a view or a visit; ann and dee buy after one.
    let steps = &json(&either)["groups"][0]["steps"];
    assert_eq!(steps[1]["customers"], 2);
    let none = ok(&[
        "funnel",
        path(&doc),
        "--steps",
        "visit,view",
        "--window",
        "none",
        "--json",
    ]);
    assert_eq!(json(&none)["window_seconds"], serde_json::Value::Null);
}

#[test]
fn intervals_print_the_documented_json() {
    let (_dir, doc) = document();
    let out = ok(&[
        "intervals",
        path(&doc),
        "--event",
        "purchase",
        "--by",
        "channel",
        "--json",
    ]);
    let report = json(&out);
    let all = &report["groups"][0];
    assert_eq!(all["group"], "All customers");
    // ann and dee buy; ann buys again 10 days later.
    assert_eq!(all["buyers"], 2);
    assert_eq!(all["repeat_buyers"], 1);
    let gap = &all["gaps"][0];
    assert_eq!(
        (gap["from"].as_u64(), gap["to"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(gap["count"], 1);
    for field in [
        "mean_days",
        "median_days",
        "p25_days",
        "p75_days",
        "p90_days",
    ] {
        assert_eq!(gap[field], 10.0, "{field}");
    }
    // The data ends at ann's second purchase, 10 days after the first purchase of anyone:
    // nobody bought at least 30 days before the end, so there is no share to give.
    assert_eq!(all["repeat_within_days"]["30"], serde_json::Value::Null);
    let by_channel: Vec<_> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap().to_string())
        .collect();
    // Two customers each; equal groups go by name. Everyone has a channel: no "(none)".
    assert_eq!(by_channel, ["All customers", "ads", "email"]);
}

#[test]
fn binding_stages_gives_the_map_metrics_which_are_cached_until_a_binding_changes() {
    let (_dir, doc) = document();
    ok(&[
        "persona",
        "add",
        path(&doc),
        "Ads",
        "--where",
        "channel one of ads, social",
    ]);
    let list = json(&ok(&["persona", "list", path(&doc), "--json"]));
    assert_eq!(list[0]["rule"]["op"], "one_of");
    assert_eq!(list[0]["rule"]["values"][1], "social");

    ok(&[
        "bind",
        path(&doc),
        "--map",
        "Shop",
        "--stage",
        "1",
        "--events",
        "visit",
    ]);
    ok(&[
        "bind",
        path(&doc),
        "--map",
        "Shop",
        "--stage",
        "Consideration",
        "--events",
        "view",
    ]);
    let first = json(&ok(&["metrics", path(&doc), "--map", "Shop", "--json"]));
    assert_eq!(first["cached"], false);
    let steps = &first["funnel"]["groups"][0]["steps"];
    assert_eq!(steps[0]["name"], "Awareness");
    assert_eq!(
        (
            steps[0]["customers"].as_u64(),
            steps[1]["customers"].as_u64()
        ),
        (Some(4), Some(2))
    );
    assert_eq!(first["stage_steps"][0], 0);
    assert_eq!(first["stage_steps"][2], serde_json::Value::Null);
    // No orders import and no purchase event chosen: the intervals say why they are missing.
    assert!(first["intervals_note"]
        .as_str()
        .unwrap()
        .contains("purchase event"));

    let again = json(&ok(&["metrics", path(&doc), "--map", "Shop", "--json"]));
    assert_eq!(again["cached"], true);
    assert_eq!(again["computed_at"], first["computed_at"]);

    ok(&[
        "bind",
        path(&doc),
        "--map",
        "Shop",
        "--stage",
        "2",
        "--events",
        "view",
        "--where",
        "channel = email",
    ]);
    let changed = json(&ok(&["metrics", path(&doc), "--map", "Shop", "--json"]));
    assert_eq!(changed["cached"], false);
    // Only ann's view carries channel = email.
    assert_eq!(changed["funnel"]["groups"][0]["steps"][1]["customers"], 1);

    // Undo takes the condition back, and the numbers with it.
    ok(&["undo", path(&doc)]);
    let undone = json(&ok(&["metrics", path(&doc), "--map", "Shop", "--json"]));
    assert_eq!(undone["funnel"]["groups"][0]["steps"][1]["customers"], 2);
}

#[test]
fn bad_analytics_input_is_named_and_changes_nothing() {
    let (_dir, doc) = document();
    let cases: [(&[&str], &str); 5] = [
        (
            &["funnel", path(&doc), "--steps", "visit", "--window", "3w"],
            "window \"3w\"",
        ),
        (
            &[
                "funnel",
                path(&doc),
                "--steps",
                "visit",
                "--mode",
                "sideways",
            ],
            "unknown mode",
        ),
        (
            &["persona", "add", path(&doc), "X", "--where", "channel"],
            "cannot read the condition",
        ),
        (
            &[
                "bind",
                path(&doc),
                "--map",
                "Shop",
                "--stage",
                "Nowhere",
                "--events",
                "visit",
            ],
            "no stage \"Nowhere\"",
        ),
        (&["intervals", path(&doc)], "no purchase event"),
    ];
    for (args, message) in cases {
        let out = waymark(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let personas = json(&ok(&["persona", "list", path(&doc), "--json"]));
    assert_eq!(personas, serde_json::json!([]));
}

#[test]
fn a_persona_is_removed_by_name_and_undo_brings_it_back() {
    let (_dir, doc) = document();
    ok(&[
        "persona",
        "add",
        path(&doc),
        "Ghost",
        "--where",
        "channel = nowhere",
    ]);
    let out = waymark(&["persona", "remove", path(&doc), "Nobody"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no persona \"Nobody\"; it has Ghost"));
    ok(&["persona", "remove", path(&doc), "Ghost"]);
    assert_eq!(
        json(&ok(&["persona", "list", path(&doc), "--json"])),
        serde_json::json!([])
    );
    ok(&["undo", path(&doc)]);
    let personas = json(&ok(&["persona", "list", path(&doc), "--json"]));
    assert_eq!(personas[0]["name"], "Ghost");
}

/// The customers of one group of a metrics report, stage by stage.
fn customers(metrics: &serde_json::Value, group: &str) -> Vec<u64> {
    let groups = metrics["funnel"]["groups"].as_array().unwrap();
    let group = groups
        .iter()
        .find(|g| g["group"] == group)
        .unwrap_or_else(|| panic!("no group {group} in {groups:?}"));
    let steps = group["steps"].as_array().unwrap();
    steps
        .iter()
        .map(|s| s["customers"].as_u64().unwrap())
        .collect()
}

#[test]
fn settings_change_the_window_the_purchase_events_and_the_split_of_the_map_metrics() {
    let (_dir, doc) = document();
    for (stage, event) in [("1", "visit"), ("2", "view"), ("3", "purchase")] {
        // The document has one map, so --map may be left out.
        ok(&["bind", path(&doc), "--stage", stage, "--events", event]);
    }
    let settings = json(&ok(&[
        "settings",
        path(&doc),
        "--window",
        "30m",
        "--purchase-events",
        "purchase",
        "--split-by",
        "channel",
        "--json",
    ]));
    assert_eq!(settings["window_seconds"], 1800);
    assert_eq!(settings["purchase_events"], serde_json::json!(["purchase"]));
    assert_eq!(settings["split_by"], "channel");

    let metrics = json(&ok(&["metrics", path(&doc), "--map", "Shop", "--json"]));
    assert_eq!(metrics["split_by"], "channel");
    // Within 30 minutes of the visit only ann views and buys: bob's view is an hour later,
    // and dee views before her visit.
    assert_eq!(customers(&metrics, "All customers"), [4, 1, 1]);
    assert_eq!(customers(&metrics, "email"), [2, 1, 1]);
    assert_eq!(customers(&metrics, "ads"), [2, 0, 0]);
    let intervals = metrics["intervals"]["groups"].as_array().unwrap();
    let email = intervals.iter().find(|g| g["group"] == "email").unwrap();
    assert_eq!(
        (email["buyers"].as_u64(), email["repeat_buyers"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(email["gaps"][0]["median_days"], 10.0);

    // Back to personas: with none defined, only all customers and "Other" are left.
    ok(&[
        "settings",
        path(&doc),
        "--split-by",
        "persona",
        "--window",
        "none",
    ]);
    let metrics = json(&ok(&["metrics", path(&doc), "--map", "Shop", "--json"]));
    assert_eq!(metrics["split_by"], serde_json::Value::Null);
    assert_eq!(customers(&metrics, "All customers"), [4, 2, 1]);
    let groups = metrics["funnel"]["groups"].as_array().unwrap();
    assert!(groups.iter().all(|g| g["group"] != "email"), "{groups:?}");

    // A bad value is named and leaves the settings as they were.
    for (option, value, message) in [
        ("--window", "3w", "window \"3w\""),
        ("--mode", "sideways", "unknown mode"),
        ("--from", "May 1", "cannot read the day"),
        ("--window", "100000000000d", "longer than 100 years"),
    ] {
        let out = waymark(&["settings", path(&doc), option, value]);
        assert_eq!(out.status.code(), Some(1), "{option} {value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{option} {value}: {stderr}");
    }
    let out = waymark(&[
        "settings",
        path(&doc),
        "--from",
        "2024-06-01",
        "--to",
        "2024-05-01",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("after it ends"));
    let kept = json(&ok(&["settings", path(&doc), "--json"]));
    assert_eq!(kept["window_seconds"], serde_json::Value::Null);
    assert_eq!(kept["mode"], "ordered");
}
