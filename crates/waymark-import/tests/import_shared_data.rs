//! Imports the third-party files of the `shared/data` folder into a real document, with the
//! settings the import dialog would propose, and checks what the document holds against figures
//! made independently with Python's `csv` module (the commands are beside each figure).
//!
//! A fresh clone has no `shared` folder; then every test prints why it skips and passes.

mod common;

use std::path::{Path, PathBuf};

use common::data_dir;
use std::sync::atomic::AtomicBool;

use rusqlite::Connection;
use waymark_core::store::DataKind;
use waymark_core::Document;
use waymark_import::{import_file, preview, ImportReport, ImportSettings, Role};

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    doc: Document,
}

fn document() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.waymark");
    let doc = Document::create(&path).unwrap();
    Fixture {
        _dir: dir,
        path,
        doc,
    }
}

/// Imports `file` with the previewed settings, after checking the guessed kind.
fn import_guessed(fixture: &mut Fixture, file: &Path, kind: DataKind) -> ImportReport {
    let preview = preview(&fixture.doc, file, None).unwrap();
    assert_eq!(
        preview.settings.kind,
        kind,
        "guessed kind of {}",
        file.display()
    );
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    import(fixture, file, &preview.settings)
}

fn import(fixture: &mut Fixture, file: &Path, settings: &ImportSettings) -> ImportReport {
    import_file(
        &mut fixture.doc,
        file,
        settings,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// One number from the document, through a separate read-only connection.
fn count(fixture: &Fixture, sql: &str) -> f64 {
    let conn = Connection::open(&fixture.path).unwrap();
    conn.query_row(sql, [], |row| row.get::<_, f64>(0)).unwrap()
}

#[test]
fn clickstream_events() {
    let Some(data) = data_dir() else { return };
    let mut fixture = document();

    let report = import_guessed(
        &mut fixture,
        &data.join("events/ecom.csv.gz"),
        DataKind::Events,
    );

    // len(list(csv.DictReader(gzip.open(path, 'rt', newline='')))) == 31106
    assert_eq!(report.import.rows_taken, 31_106);
    assert_eq!(report.import.rows_refused, 0);
    // len({row['user_id'] for row in rows}) == 600; 19 event names.
    assert_eq!(count(&fixture, "SELECT count(*) FROM customers"), 600.0);
    assert_eq!(count(&fixture, "SELECT count(*) FROM event_names"), 19.0);
    // Counter(row['event'] ...)['product_view'] == 6851, the most common name.
    let names = fixture.doc.event_names().unwrap();
    assert_eq!(names[0], ("product_view".to_string(), 6851));
    // min and max of the timestamp column, read as UTC.
    assert_eq!(
        report.import.first_at.as_deref(),
        Some("2024-01-04T11:45:38Z")
    );
    assert_eq!(
        report.import.last_at.as_deref(),
        Some("2024-06-29T22:02:40Z")
    );
    // The other five columns are kept as properties: session_id, platform, ...
    // Counter(row["platform"] for row in rows)["desktop"] == 16146
    let mut desktop = 0;
    fixture
        .doc
        .read_events(|_, chunk| {
            desktop += (0..chunk.len())
                .filter(|&row| chunk.property(1, row) == Some("desktop"))
                .count();
        })
        .unwrap();
    assert_eq!(desktop, 16146);
}

#[test]
fn headerless_whitespace_orders() {
    let Some(data) = data_dir() else { return };
    let mut fixture = document();

    let report = import_guessed(
        &mut fixture,
        &data.join("orders/CDNOW_sample.txt"),
        DataKind::Orders,
    );

    // Non-blank lines: 6919; distinct first fields: 2357; sum of the fifth: 244091.94.
    assert_eq!(report.import.rows_taken, 6919);
    assert_eq!(count(&fixture, "SELECT count(*) FROM customers"), 2357.0);
    let mut total = 0.0;
    fixture
        .doc
        .read_events(|_, chunk| {
            total += (0..chunk.len())
                .filter_map(|r| chunk.amount(r))
                .sum::<f64>()
        })
        .unwrap();
    assert_eq!((total * 100.0).round() / 100.0, 244_091.94);
    let names = fixture.doc.event_names().unwrap();
    assert_eq!(names, [("purchase".to_string(), 6919)]);
    assert_eq!(
        report.import.first_at.as_deref(),
        Some("1997-01-01T00:00:00Z")
    );
}

#[test]
fn survey_people_and_tickets() {
    let Some(data) = data_dir() else { return };
    let mut fixture = document();

    let nps = import_guessed(
        &mut fixture,
        &data.join("feedback/nps.csv"),
        DataKind::Survey,
    );
    // 441 records; the scores add up to 3905.
    assert_eq!(nps.import.rows_taken, 441);
    assert_eq!(
        count(&fixture, "SELECT sum(score) FROM survey_answers"),
        3905.0
    );

    let people = import_guessed(
        &mut fixture,
        &data.join("feedback/segments.csv"),
        DataKind::People,
    );
    // 6059 rows, one with an empty user id (line 233 of the file).
    assert_eq!(people.import.rows_taken, 6058);
    assert_eq!(people.import.rows_refused, 1);
    assert_eq!(people.import.refused[0].lines, [233]);
    assert!(people.import.refused[0]
        .example
        .contains("segments.csv:233:1: the customer id is empty"));

    let tickets = import_guessed(
        &mut fixture,
        &data.join("support/support_tickets.csv"),
        DataKind::Tickets,
    );
    // 8469 tickets with distinct ids; 2769 have a satisfaction rating.
    assert_eq!(tickets.import.rows_taken, 8469);
    assert_eq!(count(&fixture, "SELECT count(score) FROM tickets"), 2769.0);
    let refunds = "SELECT count(*) FROM tickets WHERE category = 'Refund request'";
    assert_eq!(count(&fixture, refunds), 1752.0);
}

#[test]
fn feature_feedback_with_blank_scores_is_taken_row_by_row() {
    let Some(data) = data_dir() else { return };
    let mut fixture = document();
    let file = data.join("feedback/feature_feedback.csv");
    let preview = preview(&fixture.doc, &file, None).unwrap();
    assert_eq!(preview.settings.column_of(Role::Score), Some(2));

    let report = import(&mut fixture, &file, &preview.settings);

    // 1622 records, 10 with a blank FF_Score.
    assert_eq!(report.import.rows_taken, 1612);
    assert_eq!(report.import.rows_refused, 10);
    assert_eq!(report.import.refused[0].reason, "the score is empty");
}

#[test]
fn removing_an_import_takes_exactly_its_rows() {
    let Some(data) = data_dir() else { return };
    let mut fixture = document();
    let events = import_guessed(
        &mut fixture,
        &data.join("events/ecom.csv.gz"),
        DataKind::Events,
    );
    import_guessed(
        &mut fixture,
        &data.join("orders/CDNOW_sample.txt"),
        DataKind::Orders,
    );

    fixture.doc.remove_import(events.import.id).unwrap();

    assert_eq!(fixture.doc.event_count().unwrap(), 6919);
    assert_eq!(count(&fixture, "SELECT count(*) FROM customers"), 2357.0);
    assert_eq!(count(&fixture, "SELECT count(*) FROM event_names"), 1.0);
    assert_eq!(fixture.doc.imports().unwrap().len(), 1);
}
