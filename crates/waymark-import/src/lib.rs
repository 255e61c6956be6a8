//! Waymark's CSV reading layer: everything between a file on disk and a stream of records with
//! line numbers, plus the timestamp parsing the importer applies to their cells.
//!
//! - [`source`] opens a file as bytes, gunzipping `.gz` content on the fly;
//! - [`encoding`] detects (or takes from the caller) UTF-8, UTF-16LE/BE or Windows-1252;
//! - [`dialect`] sniffs the delimiter (comma, semicolon, tab, pipe or whitespace alignment) and
//!   whether the first row is a header;
//! - [`reader`] yields records with the physical line each starts on, reporting malformed
//!   records as row errors without stopping;
//! - [`time`] parses the usual timestamp formats into UTC and detects a column's format;
//! - [`roles`] guesses what each column means and what kind of file it is;
//! - [`plan`] previews a file with the settings an import would use, and remembers them;
//! - [`load`] imports a file into a document in one transaction, with progress and cancel.
//!
//! ```no_run
//! use waymark_import::{CsvReader, ReadOptions};
//!
//! let reader = CsvReader::open("events.csv.gz".as_ref(), &ReadOptions::default())?;
//! println!("{:?}, header {:?}", reader.dialect(), reader.header());
//! for record in reader {
//!     match record {
//!         Ok(record) => println!("line {}: {:?}", record.line, record.fields),
//!         Err(error) if error.is_row_error() => eprintln!("skipped: {error}"),
//!         Err(error) => return Err(error),
//!     }
//! }
//! # Ok::<(), waymark_import::Error>(())
//! ```
//!
//! Limitations: whitespace-aligned files have no quoting, so a value with a space in it splits;
//! a file made only of text columns without a header is taken as having one unless the caller
//! says otherwise; UTF-16 without a BOM is recognised only for text that is mostly Latin script.

mod decode;
pub mod dialect;
pub mod encoding;
pub mod error;
pub mod load;
mod parse;
pub mod plan;
pub mod reader;
pub mod roles;
pub mod source;
pub mod time;

pub use dialect::{Delimiter, Dialect};
pub use encoding::TextEncoding;
pub use error::{Error, Result};
pub use load::{import_file, ImportError, ImportReport, Progress};
pub use plan::{preview, settings_for_file, ColumnRole, ImportSettings, Preview, PreviewRow};
pub use reader::{CsvReader, Position, ReadOptions, Record};
pub use roles::Role;
pub use time::{Detection, EpochUnit, InvalidTimestamp, TimeFormat};
