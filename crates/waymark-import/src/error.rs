//! The errors of the reading layer, each naming the file and, where it applies, the line and
//! column, as a sentence a person can act on.
//!
//! Two kinds travel in the same enum. Errors about the whole file ([`Error::Open`],
//! [`Error::Read`], [`Error::UnknownEncoding`], [`Error::BadHeader`]) mean the file cannot be
//! read as CSV at all. Row errors ([`Error::FieldCount`], [`Error::BadQuote`],
//! [`Error::UnclosedQuote`], [`Error::Undecodable`], [`Error::FieldTooLong`],
//! [`Error::Timestamp`]) concern one record; the row reader reports them and goes on with the
//! next record. [`Error::is_row_error`] tells them apart.

use std::path::PathBuf;

use crate::time::InvalidTimestamp;

/// Everything that can go wrong while reading a CSV file.
///
/// Lines and columns are 1-based. A column counts characters (not bytes) from the start of its
/// physical line, so it matches what a text editor shows.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or its first bytes could not be read.
    #[error("{path} could not be opened: {source}; check that it exists and is readable")]
    Open {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// Reading failed part way, for instance a damaged or truncated gzip stream. The rows before
    /// `line` were read; nothing after it can be.
    #[error(
        "{path}: reading stopped at line {line}: {source}; the file may be damaged or truncated, \
         get a fresh copy and import it again"
    )]
    Read {
        /// The file.
        path: PathBuf,
        /// The physical line being read when reading failed.
        line: u64,
        /// The underlying failure.
        source: std::io::Error,
    },

    /// The caller asked for an encoding this importer does not know.
    #[error(
        "\"{name}\" is not an encoding Waymark can read; choose one of utf-8, utf-16le, \
         utf-16be, windows-1252 or latin1"
    )]
    UnknownEncoding {
        /// The name as given.
        name: String,
    },

    /// The header row itself is malformed, so no column can be named.
    #[error("{path}:{line}:{column}: the header row cannot be read: {reason}")]
    BadHeader {
        /// The file.
        path: PathBuf,
        /// Line of the problem.
        line: u64,
        /// Column of the problem.
        column: u64,
        /// What is wrong, as a sentence fragment.
        reason: String,
    },

    /// A record has more or fewer fields than the header (or the file's usual width).
    #[error(
        "{path}:{line}:{column}: the record starting on line {record_line} has {found} fields \
         where {expected} were expected; the row was skipped. Check for a missing or extra \
         delimiter, or a quote that is not closed on an earlier line"
    )]
    FieldCount {
        /// The file.
        path: PathBuf,
        /// Line of the first missing or extra field.
        line: u64,
        /// Column of the first extra field, or of the end of the record when fields are missing.
        column: u64,
        /// Line on which the record starts.
        record_line: u64,
        /// Fields expected.
        expected: usize,
        /// Fields found.
        found: usize,
    },

    /// A quoted field is followed by something other than a delimiter or the end of the line,
    /// as in `"abc"def`.
    #[error(
        "{path}:{line}:{column}: unexpected character after a closing quote; the row was \
         skipped. A quote inside a quoted field must be doubled (\"\")"
    )]
    BadQuote {
        /// The file.
        path: PathBuf,
        /// Line of the character after the quote.
        line: u64,
        /// Column of the character after the quote.
        column: u64,
    },

    /// A quoted field is never closed: everything to the end of the file was read into it.
    #[error(
        "{path}:{line}:{column}: a quoted field opened here is never closed, so the rest of \
         the file was read into it; close the quote, or double the quote character if it is \
         meant literally"
    )]
    UnclosedQuote {
        /// The file.
        path: PathBuf,
        /// Line of the opening quote.
        line: u64,
        /// Column of the opening quote.
        column: u64,
    },

    /// Bytes that are not valid in the file's encoding.
    #[error(
        "{path}:{line}:{column}: the bytes here are not valid {encoding}; the row was skipped. \
         If the file was saved in another encoding, choose it when importing"
    )]
    Undecodable {
        /// The file.
        path: PathBuf,
        /// Line of the first undecodable bytes.
        line: u64,
        /// Column of the first undecodable bytes.
        column: u64,
        /// The encoding the file is read as.
        encoding: &'static str,
    },

    /// A field is longer than the configured limit; its content was dropped to protect memory.
    #[error(
        "{path}:{line}:{column}: the field starting here is longer than {limit} bytes; the row \
         was skipped. This usually means a quote that is never closed"
    )]
    FieldTooLong {
        /// The file.
        path: PathBuf,
        /// Line where the field starts.
        line: u64,
        /// Column where the field starts.
        column: u64,
        /// The limit in bytes.
        limit: usize,
    },

    /// A cell that should hold a timestamp does not.
    #[error("{path}:{line}:{column}: {source}")]
    Timestamp {
        /// The file.
        path: PathBuf,
        /// Line of the cell.
        line: u64,
        /// Column of the cell.
        column: u64,
        /// The value and why it is not a timestamp.
        source: InvalidTimestamp,
    },
}

impl Error {
    /// Whether the error concerns one record only: the reader skipped that record and can go on.
    pub fn is_row_error(&self) -> bool {
        matches!(
            self,
            Error::FieldCount { .. }
                | Error::BadQuote { .. }
                | Error::UnclosedQuote { .. }
                | Error::Undecodable { .. }
                | Error::FieldTooLong { .. }
                | Error::Timestamp { .. }
        )
    }

    /// The line the error points at, if it points at one.
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::Open { .. } | Error::UnknownEncoding { .. } => None,
            Error::Read { line, .. }
            | Error::BadHeader { line, .. }
            | Error::FieldCount { line, .. }
            | Error::BadQuote { line, .. }
            | Error::UnclosedQuote { line, .. }
            | Error::Undecodable { line, .. }
            | Error::FieldTooLong { line, .. }
            | Error::Timestamp { line, .. } => Some(*line),
        }
    }
}

/// The result type of the reading layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_errors_name_file_line_and_column() {
        let error = Error::BadQuote {
            path: PathBuf::from("orders.csv"),
            line: 12,
            column: 7,
        };

        let text = error.to_string();

        assert!(text.starts_with("orders.csv:12:7: "), "{text}");
        assert!(error.is_row_error());
        assert_eq!(error.line(), Some(12));
    }

    #[test]
    fn file_errors_are_not_row_errors() {
        let error = Error::Read {
            path: PathBuf::from("events.csv.gz"),
            line: 40,
            source: std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "early end"),
        };

        assert!(!error.is_row_error());
        assert!(error
            .to_string()
            .contains("events.csv.gz: reading stopped at line 40"));
    }
}
