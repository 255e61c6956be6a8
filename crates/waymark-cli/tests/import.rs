//! `waymark import`, `imports` and `remove-import` as a script runs them: real files, real
//! exit codes, JSON summaries, and a process killed half way through an import.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn waymark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .output()
        .unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A document with a map and no imported data, in its own folder.
fn document() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("team.waymark");
    let out = waymark(&["new", path(&doc)]);
    assert!(out.status.success());
    (dir, doc)
}

#[test]
fn import_prints_the_summary_as_json_with_refused_lines() {
    let (dir, doc) = document();
    let file = dir.path().join("events.csv");
    std::fs::write(
        &file,
        "who,what,when,plan\nu1,signup,2024-01-01 10:00,free\nu2,signup,not a time,pro\n\
         u1,upgrade,2024-01-03 09:30,pro\n",
    )
    .unwrap();

    let out = waymark(&[
        "import",
        path(&doc),
        path(&file),
        "--kind",
        "events",
        "--column",
        "user=who",
        "--column",
        "event=WHAT",
        "--timezone",
        "America/New_York",
        "--json",
    ]);

    assert!(out.status.success());
    let summary = json(&out);
    assert_eq!(summary["rows_taken"], 2);
    assert_eq!(summary["rows_refused"], 1);
    assert_eq!(summary["refused"][0]["reason"], "the time cannot be read");
    assert_eq!(summary["refused"][0]["count"], 1);
    assert_eq!(summary["refused"][0]["lines"], serde_json::json!([3]));
    // 10:00 in New York in January is 15:00 UTC.
    assert_eq!(summary["first_at"], "2024-01-01T15:00:00Z");

    let listed = json(&waymark(&["imports", path(&doc), "--json"]));
    assert_eq!(listed[0]["file_name"], "events.csv");
    assert_eq!(listed[0]["kind"], "events");
}

#[test]
fn a_headerless_file_names_columns_by_number_and_a_refused_file_exits_non_zero() {
    let (dir, doc) = document();
    let file = dir.path().join("orders.txt");
    std::fs::write(
        &file,
        " 00004  19970101  2  29.33\n 00005  19970102  1  11.77\n",
    )
    .unwrap();

    let out = waymark(&[
        "import",
        path(&doc),
        path(&file),
        "--kind",
        "orders",
        "--no-header",
        "--column",
        "user=1",
        "--column",
        "time=2",
        "--column",
        "amount=4",
        "--event",
        "cd purchase",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["rows_taken"], 2);

    let people = dir.path().join("people.csv");
    std::fs::write(&people, "segment\nSelfServe\n").unwrap();
    let out = waymark(&[
        "import",
        path(&doc),
        path(&people),
        "--kind",
        "people",
        "--json",
    ]);
    assert!(!out.status.success());
    let summary = json(&out);
    assert_eq!(summary["rows_taken"], 0);
    assert!(summary["error"]
        .as_str()
        .unwrap()
        .contains("the customer id"));

    let out = waymark(&[
        "import",
        path(&doc),
        path(&people),
        "--kind",
        "people",
        "--column",
        "user=nope",
    ]);
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("no column \"nope\""), "{message}");
}

#[test]
fn importing_again_adds_nothing_and_remove_import_takes_the_rows_back_out() {
    let (dir, doc) = document();
    let file = dir.path().join("events.csv");
    std::fs::write(
        &file,
        "user_id,event,timestamp\nu1,a,2024-01-01\nu2,b,1704153600\n",
    )
    .unwrap();
    let args = [
        "import",
        path(&doc),
        path(&file),
        "--kind",
        "events",
        "--json",
    ];

    let first = json(&waymark(&args));
    let second = json(&waymark(&args));

    assert_eq!(first["already_imported"], false);
    assert_eq!(second["already_imported"], true);
    assert_eq!(second["rows_taken"], 0);
    let id = first["import"].to_string();
    let out = waymark(&["remove-import", path(&doc), &id]);
    assert!(out.status.success());
    assert_eq!(
        json(&waymark(&["imports", path(&doc), "--json"])),
        serde_json::json!([])
    );
    let out = waymark(&["remove-import", path(&doc), &id]);
    assert!(!out.status.success());
}

#[test]
fn a_killed_import_leaves_the_document_exactly_as_it_was() {
    let (dir, doc) = document();
    let map_before = waymark(&["show", path(&doc), "--json"]).stdout;
    let file = dir.path().join("big.csv");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        writeln!(out, "user_id,event,timestamp,channel").unwrap();
        for n in 0..1_000_000u64 {
            writeln!(
                out,
                "u{},e{},2024-01-01T00:{:02}:{:02}Z,web",
                n % 50_000,
                n % 17,
                n / 60 % 60,
                n % 60
            )
            .unwrap();
        }
    }
    let mut wal = doc.as_os_str().to_owned();
    wal.push("-wal");
    let wal = PathBuf::from(wal);
    let wal_before = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);

    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["import", path(&doc), path(&file), "--kind", "events"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it is writing rows: its uncommitted pages are in the WAL.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if size > wal_before + 2_000_000 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it was killed"
        );
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(
        json(&waymark(&["imports", path(&doc), "--json"])),
        serde_json::json!([])
    );
    assert_eq!(waymark(&["show", path(&doc), "--json"]).stdout, map_before);
    let conn = rusqlite::Connection::open(&doc).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let chunks: i64 = conn
        .query_row("SELECT count(*) FROM event_chunks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(chunks, 0);
    drop(conn);
    // And the document takes the next import.
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "user_id,event,timestamp\nu1,a,2024-01-01\n").unwrap();
    let out = waymark(&[
        "import",
        path(&doc),
        path(&small),
        "--kind",
        "events",
        "--json",
    ]);
    assert_eq!(json(&out)["rows_taken"], 1);
}
