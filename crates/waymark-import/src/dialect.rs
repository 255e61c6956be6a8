//! Guesses how a file is laid out (its delimiter, whether its first row is a header, how many
//! fields a record has) from a sample of its first records.
//!
//! **Delimiter.** The sample is split with each of comma, tab, semicolon and pipe, quotes
//! respected, so a quoted field with line breaks or delimiters inside does not confuse it. A
//! candidate's fit is the share of sample records that have its most common width (records with
//! broken quoting count against it); candidates splitting into fewer than two fields are out.
//! The best fit wins, ties going to the wider split, then to the order above. When no candidate
//! fits at least 90% of the records, columns aligned with runs of spaces (as in fixed-width
//! reports) are tried, then the best ragged candidate is taken.
//!
//! **Header.** Each column votes: a column whose values below the first row are all numbers or
//! all dates votes "header" when its first cell is neither, and "no header" when it is the same
//! kind; a text column votes "no header" when its first cell repeats among its values. When the
//! votes tie (all columns text, say), the first row is a header if its cells are distinct,
//! non-empty, name-like and none is a number or a date. Limitation: a file of text columns only
//! and no header is taken as having one; the caller can say otherwise.
//!
//! The caller can force the delimiter, the header, or both.

use std::collections::HashMap;
use std::io::Cursor;

use crate::parse::{RawRecord, RecordParser, Separator};
use crate::time::looks_like_date;

/// How fields are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delimiter {
    /// `,`
    Comma,
    /// `;`, common where the comma is the decimal separator.
    Semicolon,
    /// A tab character.
    Tab,
    /// `|`
    Pipe,
    /// Runs of spaces or tabs, as in whitespace-aligned reports; no quoting.
    Whitespace,
}

/// How a file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// How fields are separated.
    pub delimiter: Delimiter,
    /// Whether the first record names the columns.
    pub has_header: bool,
    /// How many fields a record has: the header's width, or the most common width in the sample
    /// (0 for an empty file).
    pub fields: usize,
}

/// Records sniffed at most; enough to see a pattern, few enough to stay fast.
const SAMPLE_RECORDS: usize = 200;

/// Fit a delimiter needs to be taken without looking at whitespace alignment.
const GOOD_FIT: f64 = 0.9;

/// The delimiters tried, in order of preference on ties.
const CANDIDATES: [Delimiter; 4] = [
    Delimiter::Comma,
    Delimiter::Tab,
    Delimiter::Semicolon,
    Delimiter::Pipe,
];

/// Longest cell accepted as a column name when the votes tie.
const MAX_NAME_CHARS: usize = 64;

impl Delimiter {
    /// The delimiter for a character: `,`, `;`, tab, `|`, or space for whitespace alignment.
    pub fn from_char(c: char) -> Option<Delimiter> {
        match c {
            ',' => Some(Delimiter::Comma),
            ';' => Some(Delimiter::Semicolon),
            '\t' => Some(Delimiter::Tab),
            '|' => Some(Delimiter::Pipe),
            ' ' => Some(Delimiter::Whitespace),
            _ => None,
        }
    }

    /// The delimiter's character (a space stands for whitespace alignment).
    pub fn as_char(self) -> char {
        match self {
            Delimiter::Comma => ',',
            Delimiter::Semicolon => ';',
            Delimiter::Tab => '\t',
            Delimiter::Pipe => '|',
            Delimiter::Whitespace => ' ',
        }
    }

    pub(crate) fn separator(self) -> Separator {
        match self {
            Delimiter::Whitespace => Separator::Whitespace,
            other => Separator::Byte(other.as_char() as u8),
        }
    }
}

/// Sniffs the dialect of `sample`, the decoded start of a file; `complete` says whether it is
/// the whole file (if not, its last record may be cut and is ignored). `delimiter` and
/// `has_header` force those choices when given.
pub fn sniff(
    sample: &str,
    complete: bool,
    delimiter: Option<Delimiter>,
    has_header: Option<bool>,
) -> Dialect {
    let delimiter = delimiter.unwrap_or_else(|| choose_delimiter(sample, complete));
    let records = sample_records(sample, complete, delimiter);
    let has_header = has_header.unwrap_or_else(|| detect_header(&records));

    let fields = match records.first() {
        Some(first) if has_header => first.fields.len(),
        _ => fit(&records).width,
    };
    Dialect {
        delimiter,
        has_header,
        fields,
    }
}

/// How well one way of splitting fits the sample.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fit {
    /// The most common record width (the wider on ties).
    width: usize,
    /// Share of records of that width without quoting problems.
    share: f64,
}

fn choose_delimiter(sample: &str, complete: bool) -> Delimiter {
    let fits = CANDIDATES.map(|d| (d, fit(&sample_records(sample, complete, d))));
    let best = fits.iter().filter(|(_, fit)| fit.width >= 2).fold(
        None,
        |best: Option<&(Delimiter, Fit)>, candidate| match best {
            Some(best) if !is_better(&candidate.1, &best.1) => Some(best),
            _ => Some(candidate),
        },
    );

    if let Some((delimiter, fit)) = best {
        if fit.share >= GOOD_FIT {
            return *delimiter;
        }
    }

    let aligned = fit(&sample_records(sample, complete, Delimiter::Whitespace));
    if aligned.width >= 2 && aligned.share >= GOOD_FIT {
        return Delimiter::Whitespace;
    }
    best.map_or(Delimiter::Comma, |(delimiter, _)| *delimiter)
}

fn is_better(candidate: &Fit, best: &Fit) -> bool {
    (candidate.share, candidate.width) > (best.share, best.width)
}

/// The sample's records split by `delimiter`, without a last record the sample may have cut.
fn sample_records(sample: &str, complete: bool, delimiter: Delimiter) -> Vec<RawRecord> {
    let parser = RecordParser::new(
        Cursor::new(sample.as_bytes()),
        delimiter.separator(),
        usize::MAX,
    );
    // Reading from memory cannot fail.
    let mut records: Vec<RawRecord> = parser
        .map_while(Result::ok)
        .take(SAMPLE_RECORDS + 1)
        .collect();

    let reached_end = records.len() <= SAMPLE_RECORDS;
    if reached_end && !complete && records.len() > 1 {
        records.pop();
    }
    records.truncate(SAMPLE_RECORDS);
    records
}

fn fit(records: &[RawRecord]) -> Fit {
    let mut widths: HashMap<usize, usize> = HashMap::new();
    for record in records.iter().filter(|r| r.problem.is_none()) {
        *widths.entry(record.fields.len()).or_default() += 1;
    }

    let (width, count) = widths
        .into_iter()
        .max_by_key(|&(width, count)| (count, width))
        .unwrap_or((0, 0));
    Fit {
        width,
        share: count as f64 / records.len().max(1) as f64,
    }
}

/// What a cell holds, as far as header detection cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Date,
    Text,
}

fn kind(cell: &str) -> Kind {
    let cell = cell.trim();
    if is_number(cell) {
        Kind::Number
    } else if looks_like_date(cell) {
        Kind::Date
    } else {
        Kind::Text
    }
}

fn is_number(cell: &str) -> bool {
    // `f64` also parses "inf" and "NaN", which are words here.
    cell.bytes().any(|b| b.is_ascii_digit()) && cell.parse::<f64>().is_ok()
}

fn detect_header(records: &[RawRecord]) -> bool {
    let Some((first, rest)) = records.split_first() else {
        return false;
    };

    let (mut header, mut data) = (0, 0);
    for column in 0..first.fields.len() {
        match vote(&first.fields[column], column, rest) {
            Some(true) => header += 1,
            Some(false) => data += 1,
            None => {}
        }
    }

    if header != data {
        return header > data;
    }
    looks_like_names(&first.fields)
}

/// One column's vote: `Some(true)` for a header, `Some(false)` against, `None` for no opinion.
fn vote(head: &str, column: usize, rest: &[RawRecord]) -> Option<bool> {
    let values: Vec<&str> = rest
        .iter()
        .filter_map(|record| record.fields.get(column))
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
        .collect();
    let first_value = values.first()?;

    let column_kind = kind(first_value);
    let uniform = values.iter().all(|value| kind(value) == column_kind);
    match column_kind {
        Kind::Number | Kind::Date if uniform => Some(kind(head) != column_kind),
        _ if values.contains(&head.trim()) => Some(false),
        _ => None,
    }
}

/// Whether cells read as column names: distinct, non-empty, short, starting with a letter or
/// one of `_ $ @ #` (Mixpanel names its own properties `$browser`, `$city`), and neither
/// numbers nor dates.
fn looks_like_names(cells: &[String]) -> bool {
    let mut seen = std::collections::HashSet::new();
    cells.iter().all(|cell| {
        let cell = cell.trim();
        let starts_well = cell
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || matches!(c, '_' | '$' | '@' | '#'));
        starts_well
            && cell.chars().count() <= MAX_NAME_CHARS
            && kind(cell) == Kind::Text
            && seen.insert(cell.to_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(sample: &str) -> Dialect {
        sniff(sample, true, None, None)
    }

    fn dialect(delimiter: Delimiter, has_header: bool, fields: usize) -> Dialect {
        Dialect {
            delimiter,
            has_header,
            fields,
        }
    }

    #[test]
    fn sniffs_each_delimiter() {
        let rows = |d: &str| format!("id{d}name{d}score\n1{d}ann{d}3.5\n2{d}bob{d}4\n");

        assert_eq!(sniffed(&rows(",")), dialect(Delimiter::Comma, true, 3));
        assert_eq!(sniffed(&rows(";")), dialect(Delimiter::Semicolon, true, 3));
        assert_eq!(sniffed(&rows("\t")), dialect(Delimiter::Tab, true, 3));
        assert_eq!(sniffed(&rows("|")), dialect(Delimiter::Pipe, true, 3));
    }

    #[test]
    fn sniffs_whitespace_aligned_columns() {
        let sample =
            "   4   00001  19970101   2   29.33\r\n   4   00001  19970118   2   29.73\r\n \
                      18   00002  19970101   1   11.77\r\n";

        assert_eq!(sniffed(sample), dialect(Delimiter::Whitespace, false, 5));
    }

    #[test]
    fn a_comma_file_with_spaces_in_values_stays_comma() {
        let sample = "user,event,timestamp\nu1,home,2024-03-13 10:21:14\nu2,cart,2024-03-13 \
                      10:22:00\n";

        assert_eq!(sniffed(sample), dialect(Delimiter::Comma, true, 3));
    }

    #[test]
    fn semicolons_beat_commas_used_as_decimal_separators() {
        let sample = "name;price;qty\nTee;12,50;1\nCap;9,99;2\nMug;7;3\n";

        assert_eq!(sniffed(sample).delimiter, Delimiter::Semicolon);
    }

    #[test]
    fn quoted_line_breaks_and_delimiters_do_not_confuse_the_sniffer() {
        let sample = "user_id,text,NPS_Score\n11,\"slow; very\nslow, and\n\nbuggy\",0\n\
                      12,fine,9\n13,\"a|b\",10\n";

        assert_eq!(sniffed(sample), dialect(Delimiter::Comma, true, 3));
    }

    #[test]
    fn numeric_first_rows_are_data() {
        assert_eq!(
            sniffed("1,2.5,x\n3,4,y\n5,6,z\n"),
            dialect(Delimiter::Comma, false, 3)
        );
    }

    #[test]
    fn date_columns_reveal_a_header() {
        let sample = "when,who\n2024-01-01,ann\n2024-01-02 10:00:00,bob\n";

        assert!(sniffed(sample).has_header);
    }

    #[test]
    fn text_only_files_are_decided_by_the_names_and_repeats() {
        let named = "city,country\nParis,France\nLyon,France\n";
        let repeating = "Paris,France\nLyon,France\nNice,France\n";

        assert!(sniffed(named).has_header);
        assert!(!sniffed(repeating).has_header);
    }

    #[test]
    fn mixpanel_property_names_read_as_a_header() {
        let sample = "event,distinct_id,time,$browser\nSign Up,u1,1704067200,Chrome\n\
                      View,u1,not-a-time,Chrome\n";
        assert!(sniffed(sample).has_header);
    }

    #[test]
    fn a_file_of_only_a_header_has_a_header() {
        assert_eq!(
            sniffed("user_id,event,timestamp\n"),
            dialect(Delimiter::Comma, true, 3)
        );
        assert!(!sniffed("1,2,3\n").has_header);
    }

    #[test]
    fn an_empty_sample_gives_an_empty_comma_dialect() {
        assert_eq!(sniffed(""), dialect(Delimiter::Comma, false, 0));
    }

    #[test]
    fn a_single_column_stays_one_column() {
        assert_eq!(sniffed("email\na@x.org\nb@y.org\n").fields, 1);
    }

    #[test]
    fn the_caller_can_force_delimiter_and_header() {
        let sample = "a;b,c\n1;2,3\n";

        let forced = sniff(sample, true, Some(Delimiter::Semicolon), Some(false));

        assert_eq!(forced, dialect(Delimiter::Semicolon, false, 2));
    }

    #[test]
    fn a_cut_last_record_is_ignored() {
        let sample = "a,b,c\n1,2,3\n4,5,6\n7,\"cut";

        assert_eq!(
            sniff(sample, false, None, None),
            dialect(Delimiter::Comma, true, 3)
        );
    }

    #[test]
    fn a_ragged_file_still_gets_its_most_common_width() {
        let sample = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n1,2,3\n";

        assert_eq!(sniffed(sample), dialect(Delimiter::Comma, true, 3));
    }
}
