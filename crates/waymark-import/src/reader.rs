//! The streaming row reader: opens a file, settles its encoding and dialect from a sample, reads
//! the header, then yields one record at a time with the line it starts on.
//!
//! Malformed records (wrong width, broken quoting, undecodable bytes, an oversized field) come
//! out as row errors ([`Error::is_row_error`]) and reading goes on with the next record. A
//! failure to read the file itself (a damaged gzip stream, a disk error) comes out once as
//! [`Error::Read`] and ends the stream.
//!
//! Memory stays bounded by the sample, the read buffers and the current record, whatever the
//! size of the file.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::decode::DecodingReader;
use crate::dialect::{sniff, Delimiter, Dialect};
use crate::encoding::{detect, TextEncoding};
use crate::error::{Error, Result};
pub use crate::parse::Position;
use crate::parse::{Problem, RawRecord, RecordParser};
use crate::source::{open_sampled, Tally};

/// Bytes sampled from the start of a file to detect its encoding and dialect.
pub const DEFAULT_SAMPLE_BYTES: usize = 64 * 1024;

/// Largest field kept, in bytes. Far above any real cell (a 5 MB note is fine) yet low enough
/// that an unclosed quote in a multi-gigabyte file cannot exhaust memory.
pub const DEFAULT_MAX_FIELD_BYTES: usize = 64 * 1024 * 1024;

/// Size of the buffer between the decoder and the record splitter.
const READ_BUFFER_BYTES: usize = 64 * 1024;

/// How to read a file; every `None` is detected from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// The text encoding; detected when `None` (see [`crate::encoding`]).
    pub encoding: Option<TextEncoding>,
    /// The delimiter; sniffed when `None` (see [`crate::dialect`]).
    pub delimiter: Option<Delimiter>,
    /// Whether the first record is a header; sniffed when `None`.
    pub has_header: Option<bool>,
    /// Bytes sampled for detection; [`DEFAULT_SAMPLE_BYTES`] by default.
    pub sample_bytes: usize,
    /// Largest field kept; [`DEFAULT_MAX_FIELD_BYTES`] by default.
    pub max_field_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: None,
            delimiter: None,
            has_header: None,
            sample_bytes: DEFAULT_SAMPLE_BYTES,
            max_field_bytes: DEFAULT_MAX_FIELD_BYTES,
        }
    }
}

/// One record of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The 1-based physical line the record starts on. With quoted line breaks this is not the
    /// record's ordinal number.
    pub line: u64,
    /// The fields, unquoted, as many as the header (or the file's usual width).
    pub fields: Vec<String>,
    /// Where each field starts, so an error about one cell can name its line and column.
    pub starts: Vec<Position>,
}

/// Reads a CSV (or whitespace-aligned) file record by record; see the module docs.
pub struct CsvReader {
    path: PathBuf,
    encoding: TextEncoding,
    dialect: Dialect,
    header: Option<Vec<String>>,
    parser: RecordParser<Box<dyn BufRead + Send>>,
    tally: Arc<Tally>,
    stopped: bool,
    records: u64,
    skipped: u64,
}

impl CsvReader {
    /// Opens `path`, detects what `options` leaves open, and reads the header if there is one.
    ///
    /// # Errors
    ///
    /// [`Error::Open`] when the file cannot be opened, [`Error::Read`] when reading fails in the
    /// first record, and [`Error::BadHeader`] when the header row is malformed.
    pub fn open(path: &Path, options: &ReadOptions) -> Result<CsvReader> {
        let tally = Arc::new(Tally::default());
        let sampled = open_sampled(path, options.sample_bytes.max(1), Arc::clone(&tally))?;
        let encoding = options
            .encoding
            .unwrap_or_else(|| detect(&sampled.sample, sampled.complete).encoding);
        let text = encoding.decode_sample(&sampled.sample);
        let dialect = sniff(
            &text,
            sampled.complete,
            options.delimiter,
            options.has_header,
        );

        let decoded = DecodingReader::new(sampled.stream, encoding);
        let buffered: Box<dyn BufRead + Send> =
            Box::new(BufReader::with_capacity(READ_BUFFER_BYTES, decoded));
        let parser = RecordParser::new(
            buffered,
            dialect.delimiter.separator(),
            options.max_field_bytes,
        );

        let mut reader = CsvReader {
            path: path.to_path_buf(),
            encoding,
            dialect,
            header: None,
            parser,
            tally,
            stopped: false,
            records: 0,
            skipped: 0,
        };
        reader.read_header()?;
        reader.log_opened();
        Ok(reader)
    }

    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The encoding the file is read as.
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// The dialect the file is read with.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Bytes of the file read so far, as stored on disk (compressed, for a gzip file); with the
    /// file's size, it tells how far reading has come.
    pub fn bytes_read(&self) -> u64 {
        self.tally.bytes_read()
    }

    /// What has been read of the file so far, shared: another thread can watch it while this
    /// reader is consumed.
    pub fn tally(&self) -> Arc<Tally> {
        Arc::clone(&self.tally)
    }

    /// The hash of the file's bytes as stored on disk; the whole file's once every record has
    /// been read (see [`crate::source::hash_file`]).
    pub fn content_hash(&self) -> String {
        self.tally.hash_hex()
    }

    /// Hands back a record the caller is done with, so that its memory serves the next ones.
    pub fn recycle(&mut self, record: Record) {
        self.parser.recycle(record.fields);
    }

    /// The column names, when the file has a header row (`None` also for an empty file).
    pub fn header(&self) -> Option<&[String]> {
        self.header.as_deref()
    }

    fn read_header(&mut self) -> Result<()> {
        if !self.dialect.has_header {
            return Ok(());
        }
        let Some(raw) = self.parser.next_record() else {
            return Ok(());
        };

        let raw = raw.map_err(|source| self.read_error(source))?;
        if let Some(problem) = raw.problem {
            return Err(self.bad_header(problem));
        }
        self.dialect.fields = raw.fields.len();
        self.header = Some(raw.fields);
        Ok(())
    }

    fn log_opened(&self) {
        tracing::info!(
            path = %self.path.display(),
            encoding = self.encoding.name(),
            delimiter = ?self.dialect.delimiter,
            header = self.dialect.has_header,
            fields = self.dialect.fields,
            "opened CSV file"
        );
    }

    /// Checks one split record: its problem or its width.
    fn check(&self, raw: RawRecord) -> Result<Record> {
        if let Some(problem) = raw.problem {
            return Err(self.row_error(problem));
        }

        let expected = self.dialect.fields;
        if raw.fields.len() != expected {
            return Err(self.field_count_error(&raw, expected));
        }
        Ok(Record {
            line: raw.line,
            fields: raw.fields,
            starts: raw.starts,
        })
    }

    fn row_error(&self, problem: Problem) -> Error {
        let path = self.path.clone();
        match problem {
            Problem::BadQuote(at) => Error::BadQuote {
                path,
                line: at.line,
                column: at.column,
            },
            Problem::UnclosedQuote(at) => Error::UnclosedQuote {
                path,
                line: at.line,
                column: at.column,
            },
            Problem::TooLong(at) => Error::FieldTooLong {
                path,
                line: at.line,
                column: at.column,
                limit: self.parser.max_field_bytes(),
            },
            Problem::Undecodable(at) => Error::Undecodable {
                path,
                line: at.line,
                column: at.column,
                encoding: self.encoding.name(),
            },
        }
    }

    fn field_count_error(&self, raw: &RawRecord, expected: usize) -> Error {
        // Point at the first extra field, or at the end of a short record.
        let at = raw.starts.get(expected).copied().unwrap_or(raw.end);
        Error::FieldCount {
            path: self.path.clone(),
            line: at.line,
            column: at.column,
            record_line: raw.line,
            expected,
            found: raw.fields.len(),
        }
    }

    fn bad_header(&self, problem: Problem) -> Error {
        let (at, reason) = match problem {
            Problem::BadQuote(at) => (at, "unexpected character after a closing quote"),
            Problem::UnclosedQuote(at) => (at, "a quote opened here is never closed"),
            Problem::TooLong(at) => (at, "a column name is far too long"),
            Problem::Undecodable(at) => (at, "a column name holds bytes of another encoding"),
        };
        Error::BadHeader {
            path: self.path.clone(),
            line: at.line,
            column: at.column,
            reason: reason.to_string(),
        }
    }

    fn read_error(&self, source: std::io::Error) -> Error {
        Error::Read {
            path: self.path.clone(),
            line: self.parser.line(),
            source,
        }
    }

    fn log_finished(&self) {
        tracing::info!(
            path = %self.path.display(),
            records = self.records,
            skipped = self.skipped,
            "read CSV file"
        );
    }
}

impl Iterator for CsvReader {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stopped {
            return None;
        }

        let item = match self.parser.next_record() {
            None => {
                self.stopped = true;
                self.log_finished();
                return None;
            }
            Some(Err(source)) => {
                self.stopped = true;
                Err(self.read_error(source))
            }
            Some(Ok(raw)) => self.check(raw),
        };

        match &item {
            Ok(_) => self.records += 1,
            Err(_) => self.skipped += 1,
        }
        Some(item)
    }
}

impl std::fmt::Debug for CsvReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvReader")
            .field("path", &self.path)
            .field("encoding", &self.encoding)
            .field("dialect", &self.dialect)
            .field("header", &self.header)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::write::GzEncoder;
    use flate2::Compression;

    use super::*;

    /// A file in a temporary folder, removed with it.
    struct Fixture {
        _dir: tempfile::TempDir,
        path: PathBuf,
    }

    fn fixture(name: &str, bytes: &[u8]) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        Fixture { _dir: dir, path }
    }

    fn open(file: &Fixture) -> CsvReader {
        CsvReader::open(&file.path, &ReadOptions::default()).unwrap()
    }

    fn open_with(file: &Fixture, options: ReadOptions) -> CsvReader {
        CsvReader::open(&file.path, &options).unwrap()
    }

    fn records(reader: CsvReader) -> Vec<Record> {
        reader.map(Result::unwrap).collect()
    }

    fn lines_and_fields(records: Vec<Record>) -> Vec<(u64, Vec<String>)> {
        records
            .into_iter()
            .map(|record| (record.line, record.fields))
            .collect()
    }

    fn lines_and_first_fields(reader: CsvReader) -> Vec<(u64, String)> {
        records(reader)
            .into_iter()
            .map(|r| (r.line, r.fields[0].clone()))
            .collect()
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let bom: &[u8] = if big_endian {
            &[0xFE, 0xFF]
        } else {
            &[0xFF, 0xFE]
        };
        let units = text.encode_utf16();
        let bytes = units.flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        });
        bom.iter().copied().chain(bytes).collect()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn reads_a_simple_file_with_its_header() {
        let file = fixture("simple.csv", b"id,name\n1,Ann\n2,Bob\n");

        let reader = open(&file);

        assert_eq!(reader.header().unwrap(), ["id", "name"]);
        assert_eq!(reader.dialect().fields, 2);
        assert_eq!(
            lines_and_fields(records(reader)),
            [
                (2, vec!["1".into(), "Ann".into()]),
                (3, vec!["2".into(), "Bob".into()]),
            ]
        );
    }

    #[test]
    fn a_utf8_bom_is_stripped_from_the_first_column_name() {
        let file = fixture("bom.csv", b"\xEF\xBB\xBFid,city\n1,K\xC3\xB6ln\n");

        let reader = open(&file);

        assert_eq!(reader.encoding(), TextEncoding::Utf8);
        assert_eq!(reader.header().unwrap(), ["id", "city"]);
        assert_eq!(records(reader)[0].fields[1], "Köln");
    }

    #[test]
    fn reads_utf16_in_both_byte_orders() {
        for big_endian in [false, true] {
            let file = fixture("utf16.csv", &utf16("id,city\n1,Zoë\n2,東京\n", big_endian));

            let reader = open(&file);
            let expected = if big_endian {
                TextEncoding::Utf16Be
            } else {
                TextEncoding::Utf16Le
            };

            assert_eq!(reader.encoding(), expected);
            assert_eq!(reader.header().unwrap(), ["id", "city"]);
            let cities: Vec<String> = records(reader)
                .into_iter()
                .map(|r| r.fields[1].clone())
                .collect();
            assert_eq!(cities, ["Zoë", "東京"]);
        }
    }

    #[test]
    fn windows_1252_bytes_are_decoded() {
        let file = fixture("latin.csv", b"id;name\n1;Ren\xE9\n2;\x80 price\n");

        let reader = open(&file);

        assert_eq!(reader.encoding(), TextEncoding::Windows1252);
        assert_eq!(reader.dialect().delimiter, Delimiter::Semicolon);
        let names: Vec<String> = records(reader)
            .into_iter()
            .map(|r| r.fields[1].clone())
            .collect();
        assert_eq!(names, ["René", "€ price"]);
    }

    #[test]
    fn a_forced_encoding_wins_over_detection() {
        let file = fixture("forced.csv", "id,name\n1,René\n".as_bytes());
        let options = ReadOptions {
            encoding: Some(TextEncoding::Windows1252),
            ..ReadOptions::default()
        };

        let reader = open_with(&file, options);

        assert_eq!(records(reader)[0].fields[1], "RenÃ©");
    }

    #[test]
    fn bytes_invalid_in_the_detected_encoding_are_a_row_error() {
        // The bad byte comes after the sample, so detection saw only valid UTF-8.
        let mut bytes = b"id,name\n1,Ann\n".to_vec();
        bytes.extend_from_slice(b"2,Ren\xE9\n3,Bob\n");
        let file = fixture("late.csv", &bytes);
        let options = ReadOptions {
            sample_bytes: 14,
            ..ReadOptions::default()
        };

        let results: Vec<Result<Record>> = open_with(&file, options).collect();

        assert_eq!(results.len(), 3);
        let error = results[1].as_ref().unwrap_err();
        assert!(
            matches!(
                error,
                Error::Undecodable {
                    line: 3,
                    column: 6,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("not valid UTF-8"), "{error}");
        assert_eq!(results[2].as_ref().unwrap().line, 4);
    }

    #[test]
    fn a_replacement_character_in_the_file_is_data_not_an_error() {
        // The support-ticket sample holds literal U+FFFD characters; they are valid UTF-8.
        let file = fixture("tickets.csv", "id,text\n1,caf\u{FFFD}\n".as_bytes());

        assert_eq!(records(open(&file))[0].fields[1], "caf\u{FFFD}");
    }

    #[test]
    fn an_empty_file_has_no_header_and_no_records() {
        let file = fixture("empty.csv", b"");

        let reader = open(&file);

        assert_eq!(reader.header(), None);
        assert_eq!(reader.dialect().fields, 0);
        assert_eq!(records(reader), []);
    }

    #[test]
    fn a_file_of_only_a_header_has_columns_and_no_records() {
        let file = fixture("header.csv", b"user_id,event,timestamp\r\n");

        let reader = open(&file);

        assert_eq!(reader.header().unwrap(), ["user_id", "event", "timestamp"]);
        assert_eq!(records(reader), []);
    }

    #[test]
    fn records_carry_the_line_they_start_on_across_quoted_line_breaks() {
        let text =
            "user_id,text,score\n1,\"slow\nand\r\nbuggy\",0\n2,fine,9\n\n3,\"a\n\nb\",7\n4,x,1\n";
        let file = fixture("nps.csv", text.as_bytes());

        let reader = open(&file);

        assert_eq!(
            lines_and_first_fields(reader),
            [
                (2, "1".into()),
                (5, "2".into()),
                (7, "3".into()),
                (10, "4".into())
            ]
        );
    }

    #[test]
    fn broken_quotes_are_reported_and_reading_goes_on() {
        let text = "id,text,score\n1,\"ok\",1\n2,\"bad\"x,2\n3,fine,3\n";
        let file = fixture("quotes.csv", text.as_bytes());

        let results: Vec<Result<Record>> = open(&file).collect();

        let error = results[1].as_ref().unwrap_err();
        assert!(
            matches!(
                error,
                Error::BadQuote {
                    line: 3,
                    column: 8,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("quotes.csv:3:8:"), "{error}");
        assert_eq!(results[2].as_ref().unwrap().line, 4);
    }

    #[test]
    fn an_unclosed_quote_points_at_where_it_opened() {
        let text = "id,text\n1,a\n2,\"never closed\n3,b\n";
        let file = fixture("unclosed.csv", text.as_bytes());

        let results: Vec<Result<Record>> = open(&file).collect();

        assert_eq!(results.len(), 2);
        let error = results[1].as_ref().unwrap_err();
        assert!(
            matches!(
                error,
                Error::UnclosedQuote {
                    line: 3,
                    column: 3,
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn ragged_rows_are_row_errors_pointing_at_the_odd_field() {
        let text = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n";
        let file = fixture("ragged.csv", text.as_bytes());

        let results: Vec<Result<Record>> = open(&file).collect();

        assert_eq!(results.len(), 4);
        let short = results[1].as_ref().unwrap_err();
        let long = results[2].as_ref().unwrap_err();
        assert!(
            matches!(
                short,
                Error::FieldCount {
                    line: 3,
                    column: 4,
                    expected: 3,
                    found: 2,
                    ..
                }
            ),
            "{short:?}"
        );
        assert!(
            matches!(
                long,
                Error::FieldCount {
                    line: 4,
                    column: 7,
                    expected: 3,
                    found: 4,
                    ..
                }
            ),
            "{long:?}"
        );
        assert!(
            short
                .to_string()
                .contains("has 2 fields where 3 were expected"),
            "{short}"
        );
        assert_eq!(results[3].as_ref().unwrap().fields, ["10", "11", "12"]);
    }

    #[test]
    fn a_field_of_five_megabytes_is_read_whole() {
        let big = "x".repeat(5 * 1024 * 1024);
        let text = format!("id,note\n1,\"{big}\"\n2,small\n");
        let file = fixture("big.csv", text.as_bytes());

        let reader = open(&file);

        assert_eq!(reader.dialect().delimiter, Delimiter::Comma);
        let rows = records(reader);
        assert_eq!(rows[0].fields[1].len(), big.len());
        assert_eq!((rows[1].line, rows[1].fields[1].as_str()), (3, "small"));
    }

    #[test]
    fn a_field_over_the_limit_is_skipped_with_a_reason() {
        let text = format!("id,note\n1,{}\n2,small\n", "x".repeat(1000));
        let file = fixture("limit.csv", text.as_bytes());
        let options = ReadOptions {
            max_field_bytes: 100,
            ..ReadOptions::default()
        };

        let results: Vec<Result<Record>> = open_with(&file, options).collect();

        let error = results[0].as_ref().unwrap_err();
        assert!(matches!(
            error,
            Error::FieldTooLong {
                line: 2,
                column: 3,
                limit: 100,
                ..
            }
        ));
        assert_eq!(results[1].as_ref().unwrap().fields, ["2", "small"]);
    }

    #[test]
    fn gzip_is_read_transparently() {
        let file = fixture("events.csv.gz", &gzip(b"user,event\nu1,home\nu2,cart\n"));

        let reader = open(&file);

        assert_eq!(reader.header().unwrap(), ["user", "event"]);
        assert_eq!(records(reader).len(), 2);
    }

    #[test]
    fn a_truncated_gzip_stops_with_a_read_error() {
        let rows: String = (0..20_000)
            .map(|i| format!("{i},event{}\n", i * 7919 % 1000))
            .collect();
        let bytes = gzip(format!("id,event\n{rows}").as_bytes());
        let file = fixture("cut.csv.gz", &bytes[..bytes.len() / 2]);
        let options = ReadOptions {
            sample_bytes: 1024,
            ..ReadOptions::default()
        };

        let results: Vec<Result<Record>> = open_with(&file, options).collect();

        let last = results.last().unwrap().as_ref().unwrap_err();
        assert!(matches!(last, Error::Read { .. }), "{last:?}");
        assert!(results[..results.len() - 1].iter().all(Result::is_ok));
    }

    #[test]
    fn whitespace_aligned_files_split_on_runs_of_spaces() {
        let text = " 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n";
        let file = fixture("cdnow.txt", text.as_bytes());

        let reader = open(&file);

        assert_eq!(reader.dialect().delimiter, Delimiter::Whitespace);
        assert_eq!(reader.header(), None);
        let rows = records(reader);
        assert_eq!(rows[1].fields, ["00004", "0001", "19970118", "2", "29.73"]);
        assert_eq!(rows[1].line, 2);
    }

    #[test]
    fn forced_delimiter_and_header_are_used() {
        let file = fixture("forced.txt", b"a|b\n1|2\n");
        let options = ReadOptions {
            delimiter: Some(Delimiter::Pipe),
            has_header: Some(false),
            ..ReadOptions::default()
        };

        let rows = records(open_with(&file, options));

        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].line, rows[0].fields.clone()),
            (1, vec!["a".into(), "b".into()])
        );
    }

    #[test]
    fn a_malformed_header_refuses_the_file() {
        let file = fixture("header.csv", b"id,\"name\"x\n1,2\n");
        let options = ReadOptions {
            has_header: Some(true),
            ..ReadOptions::default()
        };

        let error = CsvReader::open(&file.path, &options).unwrap_err();

        assert!(
            matches!(
                error,
                Error::BadHeader {
                    line: 1,
                    column: 10,
                    ..
                }
            ),
            "{error:?}"
        );
    }
}
