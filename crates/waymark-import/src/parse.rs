//! The record splitter: turns decoded text into records, keeping the physical line and column
//! of every record and field, and noting malformed quoting instead of failing.
//!
//! It is a byte-level state machine over UTF-8 text. All the bytes it reacts to (delimiters,
//! quotes, CR, LF, spaces) are ASCII, and in UTF-8 an ASCII byte is never part of a longer
//! character, so splitting bytes is splitting characters.
//!
//! Quoting follows RFC 4180: a field that starts with `"` runs to the next lone `"`, a doubled
//! `""` inside it is a literal quote, and it may span lines. Lines end with LF, CRLF or a lone
//! CR. A quote in the middle of an unquoted field is kept literally, as spreadsheets write
//! `5" screen`. Blank lines between records are skipped.
//!
//! The decoder marks undecodable input with the byte [`UNDECODABLE`], which never occurs in
//! UTF-8; the splitter notes where it was and puts U+FFFD in the field.
//!
//! A field longer than the configured limit stops growing (its content is dropped) so that an
//! unclosed quote in a large file cannot exhaust memory; the record is then marked.
//!
//! Own code rather than the `csv` crate because the importer needs what that crate does not
//! report: the column of a stray character after a closing quote, the place where an unclosed
//! quote was opened, and the start of every field for field-count messages.

use std::io::{self, BufRead};

use crate::decode::UNDECODABLE;

/// How fields are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separator {
    /// One byte separates fields; quoting applies.
    Byte(u8),
    /// Runs of spaces and tabs separate fields; leading and trailing ones are ignored and there
    /// is no quoting.
    Whitespace,
}

/// A place in the file: 1-based physical line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

/// What is wrong with a record, with where. Only the first problem of a record is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Problem {
    /// A character other than a delimiter or line end follows a closing quote.
    BadQuote(Position),
    /// The quote opened here is never closed.
    UnclosedQuote(Position),
    /// The field starting here outgrew the limit.
    TooLong(Position),
    /// The input here could not be decoded.
    Undecodable(Position),
}

/// One record as split, before any check of its width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawRecord {
    /// The line the record starts on.
    pub line: u64,
    /// The fields, unquoted.
    pub fields: Vec<String>,
    /// Where each field starts.
    pub starts: Vec<Position>,
    /// Where the record ends (its line break, or the end of the file).
    pub end: Position,
    /// The first thing wrong with the record, if any.
    pub problem: Option<Problem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first character of a field.
    FieldStart,
    /// Inside a field that did not start with a quote.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: either the closing quote or half of `""`.
    QuoteInQuoted,
}

/// The splitter's state between bytes; kept apart from the input so that a buffer borrowed
/// from the input can be fed to it.
#[derive(Debug)]
struct Splitter {
    separator: Separator,
    max_field_bytes: usize,
    /// Position of the next byte.
    at: Position,
    /// The previous byte was a CR, so a LF now belongs to the same line break.
    after_cr: bool,
    state: State,
    field: Vec<u8>,
    field_start: Position,
    overflow: bool,
    quote_open: Position,
    record: RawRecord,
    /// Fields of records the caller is done with, reused for new fields so that splitting a
    /// long file does not allocate for every field.
    spare: Vec<String>,
    /// Fields in the last record, to size the next one's vectors.
    last_width: usize,
    /// The bytes that end a plain run outside quotes and inside them.
    stops: [bool; 256],
    quoted_stops: [bool; 256],
}

/// Spare field strings kept at most; enough for a few batches of records.
const MAX_SPARE_FIELDS: usize = 1 << 17;

/// Splits records from a buffered text stream; see the module docs.
pub(crate) struct RecordParser<R> {
    input: R,
    splitter: Splitter,
    done: bool,
}

impl<R: BufRead> RecordParser<R> {
    /// A parser over `input`, which must be UTF-8 text.
    pub fn new(input: R, separator: Separator, max_field_bytes: usize) -> Self {
        RecordParser {
            input,
            splitter: Splitter::new(separator, max_field_bytes),
            done: false,
        }
    }

    /// The longest field kept, in bytes.
    pub fn max_field_bytes(&self) -> usize {
        self.splitter.max_field_bytes
    }

    /// Keeps the fields of a record the caller is done with, to reuse their memory.
    pub fn recycle(&mut self, fields: Vec<String>) {
        self.splitter.recycle(fields);
    }

    /// The line the parser has reached.
    pub fn line(&self) -> u64 {
        self.splitter.at.line
    }

    /// The next record, `None` at the end of the input, or the input's I/O error (after which
    /// the parser stops).
    pub fn next_record(&mut self) -> Option<io::Result<RawRecord>> {
        while !self.done {
            let buffer = match self.input.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    self.done = true;
                    return Some(Err(error));
                }
            };

            if buffer.is_empty() {
                self.done = true;
                return self.splitter.finish().map(Ok);
            }

            let (used, record) = self.splitter.feed(buffer);
            self.input.consume(used);
            if record.is_some() {
                return record.map(Ok);
            }
        }
        None
    }
}

impl<R: BufRead> Iterator for RecordParser<R> {
    type Item = io::Result<RawRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record()
    }
}

impl Splitter {
    fn new(separator: Separator, max_field_bytes: usize) -> Self {
        let start = Position { line: 1, column: 1 };
        Splitter {
            separator,
            max_field_bytes,
            at: start,
            after_cr: false,
            state: State::FieldStart,
            field: Vec::new(),
            field_start: start,
            overflow: false,
            quote_open: start,
            record: empty_record(start, 0),
            spare: Vec::new(),
            last_width: 0,
            stops: run_stops(separator, false),
            quoted_stops: run_stops(separator, true),
        }
    }

    /// Keeps the fields of a record the caller is done with, for reuse.
    fn recycle(&mut self, fields: Vec<String>) {
        if self.spare.len() < MAX_SPARE_FIELDS {
            self.spare.extend(fields);
        }
    }

    /// Feeds bytes until a record is complete; returns how many bytes were used and the record.
    ///
    /// Inside a field, runs of bytes that cannot change the state are taken whole (the fast
    /// path most of a file goes through); every other byte goes through [`Splitter::step`].
    fn feed(&mut self, bytes: &[u8]) -> (usize, Option<RawRecord>) {
        let mut index = 0;
        while index < bytes.len() {
            let run = self.plain_run(&bytes[index..]);
            if run > 0 {
                self.take_run(&bytes[index..index + run]);
                index += run;
                continue;
            }
            let byte = bytes[index];
            index += 1;
            if let Some(record) = self.step(byte) {
                return (index, Some(record));
            }
        }
        (bytes.len(), None)
    }

    /// How many leading bytes of `bytes` are plain text of the field being read: no line
    /// break, quote, undecodable mark, or (outside quotes) separator.
    fn plain_run(&self, bytes: &[u8]) -> usize {
        let stops = match self.state {
            State::Unquoted => &self.stops,
            State::Quoted => &self.quoted_stops,
            _ => return 0,
        };
        if self.after_cr {
            return 0;
        }
        bytes
            .iter()
            .position(|&byte| stops[usize::from(byte)])
            .unwrap_or(bytes.len())
    }

    /// Adds a run of plain bytes to the field, as [`Splitter::push`] would one by one.
    fn take_run(&mut self, run: &[u8]) {
        let characters = run.iter().filter(|&&b| !is_utf8_continuation(b)).count();
        self.at.column += characters as u64;
        let room = self.max_field_bytes.saturating_sub(self.field.len());
        if run.len() > room {
            self.field.extend_from_slice(&run[..room]);
            self.overflow = true;
        } else {
            self.field.extend_from_slice(run);
        }
    }

    /// Takes one byte; returns a record when the byte completes one.
    fn step(&mut self, byte: u8) -> Option<RawRecord> {
        let here = self.at;

        if std::mem::take(&mut self.after_cr) && byte == b'\n' {
            // Second half of CRLF: the line was already counted at the CR.
            if self.state == State::Quoted {
                self.push(byte);
            }
            return None;
        }

        if byte == b'\r' || byte == b'\n' {
            self.after_cr = byte == b'\r';
            let record = self.line_break(byte, here);
            self.at = Position {
                line: here.line + 1,
                column: 1,
            };
            return record;
        }

        if !is_utf8_continuation(byte) {
            self.at.column += 1;
        }
        if byte == UNDECODABLE {
            self.mark(Problem::Undecodable(here));
        }
        self.character(byte, here);
        None
    }

    /// A CR or LF at `here`.
    fn line_break(&mut self, byte: u8, here: Position) -> Option<RawRecord> {
        match self.state {
            State::Quoted => {
                self.push(byte);
                None
            }
            State::FieldStart if self.record.fields.is_empty() => None,
            State::FieldStart if self.separator == Separator::Whitespace => {
                Some(self.end_record(here))
            }
            State::FieldStart => {
                self.start_field(here);
                self.end_field();
                Some(self.end_record(here))
            }
            State::Unquoted | State::QuoteInQuoted => {
                self.end_field();
                Some(self.end_record(here))
            }
        }
    }

    /// Any byte other than a line break, at `here`.
    fn character(&mut self, byte: u8, here: Position) {
        match (self.state, self.separator) {
            (State::FieldStart, Separator::Whitespace) if is_blank(byte) => {}
            (State::FieldStart, Separator::Whitespace) => self.begin_unquoted(byte, here),
            (State::FieldStart, Separator::Byte(delimiter)) if byte == delimiter => {
                self.start_field(here);
                self.end_field();
            }
            (State::FieldStart, Separator::Byte(_)) if byte == b'"' => {
                self.start_field(here);
                self.quote_open = here;
                self.state = State::Quoted;
            }
            (State::FieldStart, Separator::Byte(_)) => self.begin_unquoted(byte, here),
            (State::Unquoted, separator) if is_separator(separator, byte) => {
                self.end_field();
                self.state = State::FieldStart;
            }
            (State::Unquoted, _) => self.push(byte),
            (State::Quoted, _) if byte == b'"' => self.state = State::QuoteInQuoted,
            (State::Quoted, _) => self.push(byte),
            (State::QuoteInQuoted, _) => self.after_quote(byte, here),
        }
    }

    /// A byte right after a quote inside a quoted field.
    fn after_quote(&mut self, byte: u8, here: Position) {
        if byte == b'"' {
            self.push(byte);
            self.state = State::Quoted;
        } else if is_separator(self.separator, byte) {
            self.end_field();
            self.state = State::FieldStart;
        } else {
            // `"abc"def`: keep the text, as most readers do, but mark the record.
            self.mark(Problem::BadQuote(here));
            self.push(byte);
            self.state = State::Unquoted;
        }
    }

    fn begin_unquoted(&mut self, byte: u8, here: Position) {
        self.start_field(here);
        self.push(byte);
        self.state = State::Unquoted;
    }

    fn start_field(&mut self, here: Position) {
        if self.record.fields.is_empty() {
            self.record.line = here.line;
        }
        self.field_start = here;
    }

    fn push(&mut self, byte: u8) {
        if self.field.len() >= self.max_field_bytes {
            self.overflow = true;
        } else if byte == UNDECODABLE {
            self.field.extend_from_slice(REPLACEMENT);
        } else {
            self.field.push(byte);
        }
    }

    fn end_field(&mut self) {
        let mut text = self.spare.pop().unwrap_or_default();
        text.clear();
        if std::mem::take(&mut self.overflow) {
            self.mark(Problem::TooLong(self.field_start));
        } else {
            match std::str::from_utf8(&self.field) {
                Ok(valid) => text.push_str(valid),
                Err(_) => text.push_str(&String::from_utf8_lossy(&self.field)),
            }
        }
        self.field.clear();
        self.record.fields.push(text);
        self.record.starts.push(self.field_start);
    }

    fn end_record(&mut self, here: Position) -> RawRecord {
        self.state = State::FieldStart;
        self.last_width = self.record.fields.len();
        let next = empty_record(here, self.last_width);
        let mut record = std::mem::replace(&mut self.record, next);
        record.end = here;
        record
    }

    fn mark(&mut self, problem: Problem) {
        self.record.problem.get_or_insert(problem);
    }

    /// The last record at the end of the input, if one was begun.
    fn finish(&mut self) -> Option<RawRecord> {
        let here = self.at;
        match self.state {
            State::FieldStart if self.record.fields.is_empty() => return None,
            State::FieldStart if self.separator == Separator::Whitespace => {}
            State::FieldStart => {
                self.start_field(here);
                self.end_field();
            }
            State::Quoted => {
                self.mark(Problem::UnclosedQuote(self.quote_open));
                self.end_field();
            }
            State::Unquoted | State::QuoteInQuoted => self.end_field(),
        }
        Some(self.end_record(here))
    }
}

/// U+FFFD in UTF-8, put in a field where the input could not be decoded.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

fn empty_record(at: Position, width: usize) -> RawRecord {
    RawRecord {
        line: at.line,
        fields: Vec::with_capacity(width),
        starts: Vec::with_capacity(width),
        end: at,
        problem: None,
    }
}

/// The bytes that end a run of plain field text: line breaks, quotes, the undecodable mark and,
/// outside quotes, the separator.
fn run_stops(separator: Separator, quoted: bool) -> [bool; 256] {
    let mut stops = [false; 256];
    for byte in [b'\r', b'\n', b'"', UNDECODABLE] {
        stops[usize::from(byte)] = true;
    }
    if !quoted {
        for byte in 0..=u8::MAX {
            if is_separator(separator, byte) {
                stops[usize::from(byte)] = true;
            }
        }
    }
    stops
}

fn is_blank(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

fn is_separator(separator: Separator, byte: u8) -> bool {
    match separator {
        Separator::Byte(delimiter) => byte == delimiter,
        Separator::Whitespace => is_blank(byte),
    }
}

fn is_utf8_continuation(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

#[cfg(test)]
mod tests {
    use std::io::{BufReader, Cursor};

    use super::*;

    const COMMA: Separator = Separator::Byte(b',');

    fn split_with(text: &str, separator: Separator, limit: usize) -> Vec<RawRecord> {
        let parser = RecordParser::new(Cursor::new(text.as_bytes()), separator, limit);
        parser.map(Result::unwrap).collect()
    }

    fn split(text: &str) -> Vec<RawRecord> {
        split_with(text, COMMA, usize::MAX)
    }

    fn fields(records: &[RawRecord]) -> Vec<Vec<&str>> {
        records
            .iter()
            .map(|record| record.fields.iter().map(String::as_str).collect())
            .collect()
    }

    fn at(line: u64, column: u64) -> Position {
        Position { line, column }
    }

    #[test]
    fn splits_simple_records() {
        let records = split("a,b,c\n1,2,3\n");

        assert_eq!(fields(&records), [["a", "b", "c"], ["1", "2", "3"]]);
        assert_eq!(records[1].line, 2);
        assert_eq!(records[1].starts, [at(2, 1), at(2, 3), at(2, 5)]);
    }

    #[test]
    fn keeps_empty_fields_and_a_trailing_empty_field() {
        let records = split(",a,\n,,");

        assert_eq!(fields(&records), [["", "a", ""], ["", "", ""]]);
    }

    #[test]
    fn the_last_record_needs_no_line_break() {
        assert_eq!(fields(&split("a,b\n1,2")), [["a", "b"], ["1", "2"]]);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let records = split("a,b\r\n1,2\r3,4\r\n");

        assert_eq!(fields(&records), [["a", "b"], ["1", "2"], ["3", "4"]]);
        assert_eq!(
            records.iter().map(|r| r.line).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn blank_lines_are_skipped_but_counted() {
        let records = split("a\n\n\r\nb\n");

        assert_eq!(fields(&records), [["a"], ["b"]]);
        assert_eq!(records[1].line, 4);
    }

    #[test]
    fn quoted_fields_hold_delimiters_quotes_and_line_breaks() {
        let records = split("id,text\n1,\"a, \"\"b\"\"\nc\r\nd\"\n2,x\n");

        assert_eq!(
            fields(&records),
            [["id", "text"], ["1", "a, \"b\"\nc\r\nd"], ["2", "x"]]
        );
        assert_eq!(
            records.iter().map(|r| r.line).collect::<Vec<_>>(),
            [1, 2, 5]
        );
        assert_eq!(records[1].end, at(4, 3));
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_literal() {
        let records = split("5\" screen,2\n");

        assert_eq!(fields(&records), [["5\" screen", "2"]]);
        assert_eq!(records[0].problem, None);
    }

    #[test]
    fn text_after_a_closing_quote_is_marked_where_it_is() {
        let records = split("a,b\n\"x\"y,2\nok,3\n");

        assert_eq!(fields(&records)[1], ["xy", "2"]);
        assert_eq!(records[1].problem, Some(Problem::BadQuote(at(2, 4))));
        assert_eq!(records[2].problem, None);
    }

    #[test]
    fn an_unclosed_quote_is_marked_where_it_opened() {
        let records = split("a,b\n1,\"never\nclosed\n");

        assert_eq!(records.len(), 2);
        assert_eq!(records[1].problem, Some(Problem::UnclosedQuote(at(2, 3))));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let records = split("é€,x\n");

        assert_eq!(records[0].starts[1], at(1, 4));
    }

    #[test]
    fn undecodable_markers_mark_the_record_where_they_are() {
        let input: &[u8] = b"ok,ba\xFFd\n";
        let parser = RecordParser::new(Cursor::new(input), COMMA, usize::MAX);

        let records: Vec<RawRecord> = parser.map(Result::unwrap).collect();

        assert_eq!(records[0].problem, Some(Problem::Undecodable(at(1, 6))));
        assert_eq!(records[0].fields[1], "ba\u{FFFD}d");
    }

    #[test]
    fn a_real_replacement_character_is_fine() {
        assert_eq!(split("ok,\u{FFFD}\n")[0].problem, None);
    }

    #[test]
    fn an_oversized_field_is_dropped_and_marked_and_reading_goes_on() {
        let text = format!("a,b\n1,{}\n2,y\n", "x".repeat(100));

        let records = split_with(&text, COMMA, 10);

        assert_eq!(records[1].problem, Some(Problem::TooLong(at(2, 3))));
        assert_eq!(records[1].fields[1], "");
        assert_eq!(fields(&records)[2], ["2", "y"]);
    }

    #[test]
    fn whitespace_separation_splits_on_runs_and_ignores_edges() {
        let text = " 00004 0001 19970101  2   29.33\r\n\t7  8\t\t9 \r\n   \r\n";

        let records = split_with(text, Separator::Whitespace, usize::MAX);

        assert_eq!(
            fields(&records),
            [
                vec!["00004", "0001", "19970101", "2", "29.33"],
                vec!["7", "8", "9"]
            ]
        );
        assert_eq!(records[1].line, 2);
        assert_eq!(records[0].starts[0], at(1, 2));
    }

    #[test]
    fn whitespace_separation_has_no_quoting() {
        let records = split_with("\"a b\" c\n", Separator::Whitespace, usize::MAX);

        assert_eq!(fields(&records), [["\"a", "b\"", "c"]]);
    }

    #[test]
    fn other_delimiters_split_too() {
        let records = split_with("a;\"b;c\";d\n", Separator::Byte(b';'), usize::MAX);

        assert_eq!(fields(&records), [["a", "b;c", "d"]]);
    }

    #[test]
    fn records_split_across_small_buffers_are_the_same() {
        let text = "id,text\n1,\"multi\r\nline\"\r\n2,\"x\"\"y\"\r\n";
        let small = BufReader::with_capacity(1, Cursor::new(text.as_bytes()));

        let records: Vec<_> = RecordParser::new(small, COMMA, usize::MAX)
            .map(Result::unwrap)
            .collect();

        assert_eq!(records, split(text));
        assert_eq!(records[2].line, 4);
    }

    #[test]
    fn an_empty_input_has_no_records() {
        assert!(split("").is_empty());
        assert!(split("\n\r\n").is_empty());
    }
}
