//! The `waymark` binary as a script would run it: real files, real exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn waymark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn new_creates_a_document_that_maps_lists_and_show_prints() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("team.waymark");
    let out = waymark(&[
        "new",
        path(&doc),
        "--template",
        "trial-to-paid",
        "--name",
        "Trial",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Created map \"Trial\""));

    let out = waymark(&[
        "new",
        path(&doc),
        "--template",
        "blank",
        "--name",
        "Scratch",
    ]);
    assert!(
        stdout(&out).contains("Added map \"Scratch\""),
        "{}",
        stderr(&out)
    );

    let out = waymark(&["maps", path(&doc), "--json"]);
    let maps: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<_> = maps
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].clone())
        .collect();
    assert_eq!(names, ["Trial", "Scratch"]);
    assert_eq!(maps[0]["stages"], 8);

    let out = waymark(&["show", path(&doc), "--map", "Trial", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let map: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(map["name"], "Trial");
    assert_eq!(map["stages"][7]["name"], "Renewal");
    assert_eq!(map["lanes"][3]["kind"], "emotions");
}

#[test]
fn the_sample_template_makes_the_demo_map_with_its_personas() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("demo.waymark");
    assert!(waymark(&["new", path(&doc), "--template", "sample"])
        .status
        .success());
    let out = waymark(&[
        "show",
        path(&doc),
        "--map",
        "Instagram ad to repeat purchase",
        "--json",
    ]);
    let map: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(map["personas"].as_array().unwrap().len(), 2);
    let outline = stdout(&waymark(&["show", path(&doc)]));
    assert!(outline.contains("Scrolls Instagram"), "{outline}");
}

#[test]
fn undo_and_redo_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("u.waymark");
    waymark(&["new", path(&doc), "--template", "blank", "--name", "A"]);
    assert!(stdout(&waymark(&["undo", path(&doc)])).contains("Undid: Create map"));
    assert!(stdout(&waymark(&["maps", path(&doc)])).contains("has no maps"));
    assert!(stdout(&waymark(&["redo", path(&doc)])).contains("Redid: Create map"));
    assert!(stdout(&waymark(&["undo", path(&doc)])).contains("Undid"));
    assert!(stdout(&waymark(&["undo", path(&doc)])).contains("Nothing to undo"));
}

#[test]
fn bad_input_fails_with_a_sentence_and_a_non_zero_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("d.waymark");
    let out = waymark(&["new", path(&doc), "--template", "kanban"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown template \"kanban\""));
    assert!(!doc.exists(), "a refused command creates no file");

    waymark(&["new", path(&doc), "--name", "Shop"]);
    let out = waymark(&["show", path(&doc), "--map", "Nope", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no map \"Nope\" in this document"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("\"Shop\""),
        "the error lists the maps there are"
    );

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    let out = waymark(&["maps", path(&text)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not a Waymark document"));
    assert_eq!(std::fs::read(&text).unwrap(), b"hello");

    let out = waymark(&["maps", path(&dir.path().join("missing.waymark"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("does not exist"));

    let out = waymark(&["show"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a missing argument is a usage error"
    );

    waymark(&["new", path(&doc), "--name", "Second"]);
    let out = waymark(&["show", path(&doc)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("has 2 maps; choose one with --map"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn output_cut_short_by_a_closed_pipe_is_not_an_error() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("pipe.waymark");
    waymark(&["new", path(&doc), "--template", "sample"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["show", path(&doc), "--map", "1", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closing the reading end before the tool writes makes its first write fail the way
    // `| head` does once it has read enough.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}
