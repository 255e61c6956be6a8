//! Reads the third-party files in the `shared/data` folder beside the repository and checks the
//! sniffed dialect and record counts against counts made independently.
//!
//! The expected counts were made with Python's standard `csv` module, not with this crate:
//! `len(list(csv.reader(f)))` minus the header row for the three CSV files (read with
//! `newline=''`, the gzip one through `gzip.open(..., 'rt', newline='')`), and for the CDNOW
//! file the number of non-blank lines, each of which `str.split()` splits into 5 fields. The
//! line count of `nps.csv` is `sum(1 for _ in open(path, 'rb'))`.
//!
//! A fresh clone has no `shared` folder; then every test prints why it skips and passes.

mod common;

use std::path::Path;

use common::data_dir;

use waymark_import::time::{detect_format, Detection, TimeFormat};
use waymark_import::{CsvReader, Delimiter, Dialect, ReadOptions, Record};

/// What reading a data file whole gave.
struct Read {
    dialect: Dialect,
    header: Option<Vec<String>>,
    records: Vec<Record>,
}

/// Opens a data file and reads it whole, failing on any error.
fn read(path: &Path) -> Read {
    let reader = CsvReader::open(path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let dialect = reader.dialect();
    let header = reader.header().map(<[String]>::to_vec);

    let records = reader
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    Read {
        dialect,
        header,
        records,
    }
}

fn column(records: &[Record], index: usize) -> impl Iterator<Item = &str> {
    records
        .iter()
        .map(move |record| record.fields[index].as_str())
}

#[test]
fn gzipped_clickstream() {
    let Some(dir) = data_dir() else { return };

    let Read {
        dialect,
        header,
        records,
    } = read(&dir.join("events/ecom.csv.gz"));

    assert_eq!(dialect.delimiter, Delimiter::Comma);
    assert!(dialect.has_header);
    assert_eq!(header.as_ref().unwrap().len(), 8);
    assert_eq!(header.as_ref().unwrap()[3], "timestamp");
    assert_eq!(records.len(), 31_106);
    assert_eq!(records.last().unwrap().line, 31_107);
    assert_eq!(
        detect_format(column(&records, 3)),
        Detection::Format {
            format: TimeFormat::Iso,
            unparsed: 0
        }
    );
}

#[test]
fn whitespace_aligned_cdnow_orders() {
    let Some(dir) = data_dir() else { return };

    let Read {
        dialect,
        header,
        records,
    } = read(&dir.join("orders/CDNOW_sample.txt"));

    assert_eq!(dialect.delimiter, Delimiter::Whitespace);
    assert!(!dialect.has_header);
    assert_eq!(header, None);
    assert_eq!(dialect.fields, 5);
    assert_eq!(records.len(), 6_919);
    assert_eq!(records[0].fields[2], "19970101");
    assert_eq!(
        detect_format(column(&records, 2)),
        Detection::Format {
            format: TimeFormat::Compact,
            unparsed: 0
        }
    );
    assert_eq!(detect_format(column(&records, 4)), Detection::NotTimestamps);
}

#[test]
fn nps_answers_with_multi_line_comments() {
    let Some(dir) = data_dir() else { return };

    let Read {
        dialect,
        header,
        records,
    } = read(&dir.join("feedback/nps.csv"));

    assert_eq!(dialect.delimiter, Delimiter::Comma);
    assert_eq!(header.unwrap(), ["user_id", "text", "NPS_Score"]);
    assert_eq!(records.len(), 441);
    // The first answer's comment ends in a line break, so the second record starts on line 4.
    assert_eq!(records[0].line, 2);
    assert_eq!(records[1].line, 4);
    assert!(records.last().unwrap().line <= 583);
    assert!(records.iter().any(|record| record.fields[1].contains('\n')));
}

#[test]
fn support_tickets_with_seventeen_columns() {
    let Some(dir) = data_dir() else { return };

    let Read {
        dialect,
        header,
        records,
    } = read(&dir.join("support/support_tickets.csv"));

    assert_eq!(dialect.delimiter, Delimiter::Comma);
    assert_eq!(dialect.fields, 17);
    let header = header.unwrap();
    assert_eq!(header.first().map(String::as_str), Some("Ticket ID"));
    assert_eq!(
        header.last().map(String::as_str),
        Some("Customer Satisfaction Rating")
    );
    assert_eq!(records.len(), 8_469);
    assert_eq!(
        detect_format(column(&records, 6)),
        Detection::Format {
            format: TimeFormat::Iso,
            unparsed: 0
        }
    );
}
