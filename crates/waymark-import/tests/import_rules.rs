//! The import rules on small files written here: encodings, broken rows, every timestamp
//! format, time zones, day/month order, refusing a file whole, importing twice, cancelling.
//! Each test checks what the document holds afterwards, through the document's own API.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use waymark_core::store::DataKind;
use waymark_core::Document;
use waymark_import::plan::settings_for_file;
use waymark_import::{
    import_file, preview, ColumnRole, ImportError, ImportReport, ImportSettings, Role,
};

struct Fixture {
    dir: tempfile::TempDir,
    doc: Document,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let doc = Document::create(&dir.path().join("data.waymark")).unwrap();
        Fixture { dir, doc }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Settings for `kind` as the command line starts from them: guessed roles, UTC.
    fn settings(&self, path: &Path, kind: DataKind) -> ImportSettings {
        let base = ImportSettings {
            kind,
            columns: Vec::new(),
            event_name: "purchase".to_string(),
            time_zone: "UTC".to_string(),
            day_first: None,
            encoding: None,
            delimiter: None,
            has_header: None,
        };
        settings_for_file(&self.doc, path, kind, &base).unwrap().0
    }

    fn import(
        &mut self,
        path: &Path,
        settings: &ImportSettings,
    ) -> Result<ImportReport, ImportError> {
        import_file(
            &mut self.doc,
            path,
            settings,
            &AtomicBool::new(false),
            &mut |_| {},
        )
    }

    fn import_as(&mut self, path: &Path, kind: DataKind) -> ImportReport {
        let settings = self.settings(path, kind);
        self.import(path, &settings)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn times(&self) -> Vec<i64> {
        let mut times = Vec::new();
        self.doc
            .read_events(|_, chunk| times.extend_from_slice(&chunk.times))
            .unwrap();
        times
    }

    /// The document holds no imported data at all.
    fn assert_untouched(&self) {
        assert!(self.doc.imports().unwrap().is_empty());
        assert_eq!(self.doc.event_count().unwrap(), 0);
    }
}

fn refusal(result: Result<ImportReport, ImportError>) -> String {
    match result {
        Err(err @ ImportError::Refused { .. }) => err.to_string(),
        Err(other) => panic!("expected a refused file, got {other}"),
        Ok(report) => panic!("expected a refused file, imported {:?}", report.import),
    }
}

/// Microseconds since the epoch of an RFC 3339 time.
fn micros(text: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap()
        .timestamp_micros()
}

#[test]
fn an_empty_file_and_a_header_alone_are_refused_whole() {
    let mut fixture = Fixture::new();
    let empty = fixture.file("empty.csv", b"");
    let header = fixture.file("header.csv", b"user_id,event,timestamp\n");
    let mut settings = fixture.settings(&header, DataKind::Events);

    let message = refusal(fixture.import(&header, &settings));
    assert!(message.contains("has a header but no rows"), "{message}");

    let message = refusal(fixture.import(&empty, &fixture.settings(&empty, DataKind::Events)));
    assert!(message.contains("empty.csv is empty"), "{message}");
    settings.columns = vec![
        ColumnRole::new(Role::User, 0),
        ColumnRole::new(Role::Event, 1),
        ColumnRole::new(Role::Time, 2),
    ];
    let message = refusal(fixture.import(&empty, &settings));
    assert!(message.contains("empty.csv is empty"), "{message}");
    fixture.assert_untouched();
}

#[test]
fn a_file_without_a_customer_column_is_refused_with_the_role_named() {
    let mut fixture = Fixture::new();
    let file = fixture.file("no_user.csv", b"event,timestamp\nsignup,2024-01-01\n");
    let settings = fixture.settings(&file, DataKind::Events);

    let message = refusal(fixture.import(&file, &settings));

    assert!(message.contains("the customer id"), "{message}");
    assert!(message.contains("--column user=HEADER"), "{message}");
    fixture.assert_untouched();
}

#[test]
fn a_latin1_survey_with_semicolons_keeps_its_accents_and_counts_a_bad_score() {
    let mut fixture = Fixture::new();
    let mut bytes = b"user_id;comment;score\n".to_vec();
    for n in 1..=20 {
        let comment = if n == 7 { "Très déçu" } else { "Bien sûr" };
        let score = if n == 12 { "neuf" } else { "9" };
        bytes.extend_from_slice(format!("u{n};").as_bytes());
        // Written as Windows-1252 bytes (each of these characters is one byte there), not UTF-8.
        bytes.extend(comment.chars().map(|c| c as u32 as u8));
        bytes.extend_from_slice(format!(";{score}\n").as_bytes());
    }
    let file = fixture.file("nps_latin1.csv", &bytes);

    let shown = preview(&fixture.doc, &file, None).unwrap();
    assert_eq!(shown.encoding, "Windows-1252");
    assert_eq!(shown.delimiter, ";");
    assert_eq!(shown.settings.kind, DataKind::Survey);
    assert_eq!(shown.rows[6].cells[1], "Très déçu");
    let report = fixture.import(&file, &shown.settings).unwrap();

    assert_eq!(report.import.rows_taken, 19);
    assert_eq!(report.import.rows_refused, 1);
    let refused = &report.import.refused[0];
    assert_eq!(refused.reason, "the score cannot be read");
    // Row 12 of the data is line 13 of the file: `u12;Bien sûr;neuf`, the score at column 14.
    assert_eq!(refused.lines, [13]);
    assert!(
        refused.example.contains("nps_latin1.csv:13:14"),
        "{}",
        refused.example
    );
}

#[test]
fn a_utf8_bom_and_a_utf16_tab_file_read_alike() {
    let mut fixture = Fixture::new();
    let text = "user_id\tevent\ttimestamp\nu1\tsignup\t2024-03-01 10:00:00\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let utf16 = fixture.file("events16.tsv", &utf16);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(b"user_id,event,timestamp\nu2,login,2024-03-02 10:00:00\n");
    let bom = fixture.file("events_bom.csv", &bom);

    let first = fixture.import_as(&utf16, DataKind::Events);
    let second = fixture.import_as(&bom, DataKind::Events);

    assert_eq!(first.import.rows_taken, 1);
    assert_eq!(second.import.rows_taken, 1);
    assert_eq!(fixture.doc.event_count().unwrap(), 2);
    let names: Vec<String> = fixture
        .doc
        .event_names()
        .unwrap()
        .into_iter()
        .map(|n| n.0)
        .collect();
    assert_eq!(names, ["login", "signup"]);
}

#[test]
fn broken_rows_are_refused_by_reason_with_their_lines_and_the_rest_taken() {
    let mut fixture = Fixture::new();
    let text = "user_id,event,timestamp\n\
                u1,signup,2024-01-01T10:00:00Z\n\
                u2,\"login\"x,2024-01-01T10:00:00Z\n\
                u3,login\n\
                ,login,2024-01-01T11:00:00Z\n\
                u4,login,yesterday\n\
                u5,,2024-01-01T12:00:00Z\n\
                u6,view,2024-01-01T13:00:00Z\n";
    let file = fixture.file("broken.csv", text.as_bytes());

    let report = fixture.import_as(&file, DataKind::Events);

    assert_eq!(report.import.rows_taken, 2);
    assert_eq!(report.import.rows_refused, 5);
    let reasons: Vec<(&str, &[u64])> = report
        .import
        .refused
        .iter()
        .map(|r| (r.reason.as_str(), r.lines.as_slice()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("text follows a closing quote", &[3][..]),
            ("the row has the wrong number of fields", &[4][..]),
            ("the customer id is empty", &[5][..]),
            ("the time cannot be read", &[6][..]),
            ("the event name is empty", &[7][..]),
        ]
    );
    let time = &report.import.refused[3].example;
    assert!(
        time.starts_with(&format!("{}:6:10: ", file.display())),
        "{time}"
    );
}

#[test]
fn a_quote_never_closed_refuses_the_whole_file() {
    let mut fixture = Fixture::new();
    let mut text = String::from("user_id,event,timestamp\nu1,signup,2024-01-01\n");
    text.push_str("u2,\"login,2024-01-02\n");
    for n in 0..5000 {
        text.push_str(&format!("u{n},view,2024-01-03\n"));
    }
    let file = fixture.file("open_quote.csv", text.as_bytes());

    let message = refusal(fixture.import(&file, &fixture.settings(&file, DataKind::Events)));

    // Taking the first row would lose the 5,000 after the quote without a word.
    assert!(message.contains("open_quote.csv:3:4"), "{message}");
    assert!(message.contains("never closed"), "{message}");
    fixture.assert_untouched();
}

#[test]
fn every_timestamp_format_lands_on_the_same_instant() {
    // 2024-03-05 14:30:00 UTC written eight ways.
    let cases = [
        ("iso_offset.csv", "2024-03-05T15:30:00.000+01:00"),
        ("iso_fraction.csv", "2024-03-05 14:30:00.000000"),
        ("iso_z.csv", "2024-03-05T14:30:00Z"),
        ("month_first.csv", "03/05/2024 2:30 PM"),
        ("unix_seconds.csv", "1709649000"),
        ("unix_millis.csv", "1709649000000"),
        ("unix_micros.csv", "1709649000000000"),
    ];
    let expected = micros("2024-03-05T14:30:00Z");
    for (name, stamp) in cases {
        let mut fixture = Fixture::new();
        // A second row with a day above 12 settles slash dates as month first.
        let other = if stamp.contains('/') {
            "12/25/2024 9:00 AM"
        } else {
            stamp
        };
        let text = format!("user_id,event,timestamp\nu1,a,{stamp}\nu1,b,{other}\n");
        let file = fixture.file(name, text.as_bytes());

        fixture.import_as(&file, DataKind::Events);

        assert_eq!(fixture.times()[0], expected, "{name}: {stamp}");
    }

    let mut fixture = Fixture::new();
    let file = fixture.file("compact.csv", b"user_id,event,date\nu1,a,20240305\n");
    fixture.import_as(&file, DataKind::Events);
    assert_eq!(fixture.times(), [micros("2024-03-05T00:00:00Z")]);
}

#[test]
fn times_without_an_offset_are_read_in_the_chosen_zone() {
    let mut fixture = Fixture::new();
    let text =
        "user_id,event,timestamp\nu1,winter,2024-01-15 12:00:00\nu1,summer,2024-07-15 12:00:00\n";
    let file = fixture.file("berlin.csv", text.as_bytes());
    let mut settings = fixture.settings(&file, DataKind::Events);
    settings.time_zone = "Europe/Berlin".to_string();

    fixture.import(&file, &settings).unwrap();

    assert_eq!(
        fixture.times(),
        [
            micros("2024-01-15T11:00:00Z"),
            micros("2024-07-15T10:00:00Z")
        ]
    );
    let bad = ImportSettings {
        time_zone: "Mars/Olympus".to_string(),
        ..settings
    };
    let err = fixture.import(&file, &bad).unwrap_err();
    assert!(
        err.to_string()
            .contains("\"Mars/Olympus\" is not a time zone"),
        "{err}"
    );
}

#[test]
fn day_and_month_order_is_settled_from_the_whole_column_or_asked() {
    let mut fixture = Fixture::new();
    // 3,000 rows whose days never pass 12, then one that settles it: 25/01 is day first.
    let mut text = String::from("user_id,event,date\n");
    for n in 0..3000 {
        text.push_str(&format!(
            "u{n},visit,{:02}/{:02}/2024\n",
            n % 12 + 1,
            n % 7 + 1
        ));
    }
    let ambiguous = fixture.file("ambiguous.csv", text.as_bytes());
    text.push_str("u1,visit,25/01/2024\n");
    let settled = fixture.file("settled.csv", text.as_bytes());

    let shown = preview(&fixture.doc, &ambiguous, None).unwrap();
    assert!(shown.ambiguous_dates);
    assert!(!shown.problems.is_empty());
    let message = refusal(fixture.import(&ambiguous, &shown.settings));
    assert!(
        message.contains("--day-first or --month-first"),
        "{message}"
    );
    fixture.assert_untouched();

    let report = fixture.import_as(&settled, DataKind::Events);
    assert_eq!(report.import.rows_taken, 3001);
    // The first row, 01/01, and the second, 02/02, read the same either way; the third is
    // 03/03; the fourth, 04/04. Row 8 is 08/01: the 8th of January when day first.
    assert_eq!(fixture.times()[7], micros("2024-01-08T00:00:00Z"));

    let mut month_first = fixture.settings(&ambiguous, DataKind::Events);
    month_first.day_first = Some(false);
    fixture.import(&ambiguous, &month_first).unwrap();
    let times = fixture.times();
    assert_eq!(times[3001 + 7], micros("2024-08-01T00:00:00Z"));
}

#[test]
fn importing_the_same_file_twice_adds_nothing() {
    let mut fixture = Fixture::new();
    let file = fixture.file(
        "twice.csv",
        b"user_id,event,timestamp\nu1,a,2024-01-01\nu2,b,2024-01-02\n",
    );
    let first = fixture.import_as(&file, DataKind::Events);

    let second = fixture.import_as(&file, DataKind::Events);

    assert!(!first.already_imported);
    assert!(second.already_imported);
    assert_eq!(second.import.id, first.import.id);
    assert_eq!(fixture.doc.imports().unwrap().len(), 1);
    assert_eq!(fixture.doc.event_count().unwrap(), 2);
}

#[test]
fn an_order_export_with_line_items_counts_each_order_once() {
    let mut fixture = Fixture::new();
    let text = "Name,Email,Created at,Total,Lineitem name\n\
                #1001,a@example.com,2024-01-05 10:15:22 -0500,12.50,Mug\n\
                #1001,a@example.com,2024-01-05 10:15:22 -0500,,Spoon\n\
                #1002,b@example.com,2024-01-06 09:00:00 -0500,\"1,020.00\",Table\n";
    let file = fixture.file("orders_export.csv", text.as_bytes());
    let mut settings = fixture.settings(&file, DataKind::Orders);
    settings.event_name = "order".to_string();

    let report = fixture.import(&file, &settings).unwrap();

    assert_eq!(report.import.rows_taken, 2);
    assert_eq!(
        report.import.refused[0].reason,
        "an order with this id was already taken"
    );
    assert_eq!(report.import.refused[0].lines, [3]);
    let mut amounts = Vec::new();
    fixture
        .doc
        .read_events(|_, chunk| amounts.extend((0..chunk.len()).map(|r| chunk.amount(r))))
        .unwrap();
    assert_eq!(amounts, [Some(12.5), Some(1020.0)]);
    assert_eq!(
        fixture.doc.event_names().unwrap(),
        [("order".to_string(), 2)]
    );
    assert_eq!(fixture.times()[0], micros("2024-01-05T15:15:22Z"));
}

#[test]
fn a_cancelled_import_leaves_the_document_as_it_was() {
    let mut fixture = Fixture::new();
    let mut text = String::from("user_id,event,timestamp\n");
    for n in 0..200_000 {
        text.push_str(&format!(
            "u{},e{},2024-01-01T00:00:{:02}Z\n",
            n % 5000,
            n % 9,
            n % 60
        ));
    }
    let file = fixture.file("big.csv", text.as_bytes());
    let settings = fixture.settings(&file, DataKind::Events);
    let cancel = AtomicBool::new(false);
    let mut reports = 0;

    let result = import_file(
        &mut fixture.doc,
        &file,
        &settings,
        &cancel,
        &mut |progress| {
            reports += 1;
            assert!(progress.bytes_read <= progress.bytes_total);
            cancel.store(true, Ordering::Relaxed);
        },
    );

    assert!(matches!(result, Err(ImportError::Cancelled)), "{result:?}");
    assert!(reports >= 1);
    fixture.assert_untouched();
    // The document still takes the next import.
    let report = fixture.import(&file, &settings).unwrap();
    assert_eq!(report.import.rows_taken, 200_000);
}

#[test]
fn a_truncated_gzip_file_is_refused_and_nothing_is_kept() {
    let mut fixture = Fixture::new();
    let mut text = String::from("user_id,event,timestamp\n");
    for n in 0..50_000 {
        text.push_str(&format!("u{n},e,2024-01-01T00:00:00Z\n"));
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(text.as_bytes()).unwrap();
    let gz = encoder.finish().unwrap();
    let file = fixture.file("cut.csv.gz", &gz[..gz.len() / 2]);
    let settings = fixture.settings(&file, DataKind::Events);

    let err = fixture.import(&file, &settings).unwrap_err();

    assert!(err.to_string().contains("reading stopped at line"), "{err}");
    assert!(err.to_string().contains("nothing was imported"), "{err}");
    fixture.assert_untouched();
}

#[test]
fn a_headerless_file_takes_roles_by_column_number() {
    let mut fixture = Fixture::new();
    let file = fixture.file("plain.txt", b"a|2024-01-01|x\nb|2024-01-02|y\n");
    let mut settings = fixture.settings(&file, DataKind::Events);
    settings.has_header = Some(false);
    settings.columns = vec![
        ColumnRole::new(Role::User, 0),
        ColumnRole::new(Role::Time, 1),
        ColumnRole::new(Role::Event, 2),
    ];

    let report = fixture.import(&file, &settings).unwrap();

    assert_eq!(report.import.rows_taken, 2);
    let names: Vec<String> = fixture
        .doc
        .event_names()
        .unwrap()
        .into_iter()
        .map(|n| n.0)
        .collect();
    assert_eq!(names, ["x", "y"]);
}
