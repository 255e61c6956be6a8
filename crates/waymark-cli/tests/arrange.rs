//! `waymark move-stage` and `waymark move-card` on the sample map, read back with
//! `waymark show --json` and undone with `waymark undo`.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn waymark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .output()
        .unwrap()
}

fn run(args: &[&str]) -> String {
    let out = waymark(args);
    assert!(
        out.status.success(),
        "waymark {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn show(doc: &Path) -> Value {
    serde_json::from_str(&run(&["show", doc.to_str().unwrap(), "--json"])).unwrap()
}

fn sample(dir: &Path) -> std::path::PathBuf {
    let doc = dir.join("sample.waymark");
    run(&["new", doc.to_str().unwrap(), "--template", "sample"]);
    doc
}

fn stage_names(map: &Value) -> Vec<String> {
    let stages = map["stages"].as_array().unwrap();
    stages
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn move_stage_moves_a_stage_by_name_and_undo_moves_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let doc = sample(dir.path());
    let before = show(&doc);
    let doc_arg = doc.to_str().unwrap();

    let out = run(&["move-stage", doc_arg, "--stage", "Purchase", "--to", "1"]);
    assert_eq!(out.trim(), "Moved stage \"Purchase\" to place 1");
    let mut wanted = stage_names(&before);
    let purchase = wanted.remove(2);
    wanted.insert(0, purchase);
    assert_eq!(stage_names(&show(&doc)), wanted);

    run(&["undo", doc_arg]);
    assert_eq!(show(&doc), before);
}

#[test]
fn move_card_puts_a_card_in_another_cell_at_a_place_and_undo_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let doc = sample(dir.path());
    let before = show(&doc);
    let doc_arg = doc.to_str().unwrap();
    let card = before["lanes"][0]["cards"][0]["id"].as_i64().unwrap();

    let card_arg = card.to_string();
    let args = [
        "move-card",
        doc_arg,
        &card_arg,
        "--stage",
        "2",
        "--lane",
        "Touchpoints",
        "--position",
        "1",
    ];
    let out = run(&args);
    assert_eq!(
        out.trim(),
        format!("Moved card {card} to Touchpoints in Consideration")
    );
    let after = show(&doc);
    let touchpoints = after["lanes"][1]["cards"].as_array().unwrap();
    let first_of_cell = touchpoints.iter().find(|c| c["stage"] == 1).unwrap();
    assert_eq!(first_of_cell["id"], card);

    run(&["undo", doc_arg]);
    assert_eq!(show(&doc), before);
}

#[test]
fn an_unknown_stage_is_refused_with_the_names_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let doc = sample(dir.path());
    let out = waymark(&[
        "move-stage",
        doc.to_str().unwrap(),
        "--stage",
        "Checkout",
        "--to",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has no stage \"Checkout\""), "{err}");
    assert!(err.contains("\"Awareness\""), "{err}");
}
