//! Waymark's exports: a map as SVG, PNG and PDF for people who were not in the room, as JSON
//! for another document, and its numbers as CSV for a spreadsheet.
//!
//! Every picture starts from the same [`Sheet`]: the core's laid-out
//! [`Scene`](waymark_core::layout::Scene) of the map, with the lanes and personas chosen
//! for the export, framed by a title block (map name, personas, the data's dates and last
//! import) and a legend (emotion scale, curves, the metrics lane's marks). [`svg::write`]
//! draws it exactly as the canvas does; [`png`] rasterizes that SVG with resvg and [`pdf`]
//! converts it to vector PDF with svg2pdf, both with the embedded DejaVu Sans, so no system
//! font is needed and the export equals the screen. [`job::run`] is one export as the
//! command line and the app ask for it, and [`job::write_atomically`] writes its file.
//!
//! Limitations:
//! - One metrics lane shows one group's numbers: the first persona chosen, or "All customers".
//!   The CSV holds every chosen group.
//! - A saved SVG carries both faces of the font whole, about 2 MB, whatever the map's size.
//! - A PNG is limited to [`png::MAX_PIXELS`]; larger maps export to PDF, which has no such
//!   limit.
//!
//! Nothing here depends on a GUI toolkit.

pub mod fonts;
pub mod job;
pub mod json;
pub mod pdf;
pub mod png;
mod sheet;
pub mod svg;
pub mod table;

pub use sheet::{Selection, Sheet, Source};

use std::path::PathBuf;

/// Everything an export can fail with, each saying what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// `--lanes` named a lane the map does not have.
    #[error("map \"{map}\" has no lane \"{lane}\"; its lanes are {known}")]
    UnknownLane {
        map: String,
        lane: String,
        known: String,
    },

    /// `--persona` named a persona the document does not have.
    #[error("the document has no persona \"{name}\"; {known}")]
    UnknownPersona { name: String, known: String },

    /// The picture would need more pixels than a PNG export may use.
    #[error(
        "a PNG of {width} x {height} pixels is too large to make (the limit is {limit} \
         million pixels); choose a smaller --scale or --width, or export a PDF, which keeps the \
         map as vectors at any size"
    )]
    TooLarge { width: u64, height: u64, limit: u64 },

    /// A PNG option out of range.
    #[error("{0}")]
    BadOption(String),

    /// The SVG written for the map could not be read back; a bug, not bad input.
    #[error("the map's SVG could not be read back for rendering: {0}")]
    Svg(#[from] resvg::usvg::Error),

    /// svg2pdf could not convert the map.
    #[error("the map could not be converted to PDF: {0}")]
    Pdf(String),

    /// The rendered picture could not be encoded as PNG.
    #[error("the map could not be encoded as PNG: {0}")]
    Png(String),

    /// A map file that is not valid JSON, or not a map.
    #[error("the map file cannot be read at line {line}, column {column}: {message}")]
    BadJson {
        line: usize,
        column: usize,
        message: String,
    },

    /// A map file written by a newer Waymark.
    #[error(
        "the map file has format version {found}, and this version of Waymark reads up to \
         {supported}; update Waymark to import it"
    )]
    NewerFormat { found: u32, supported: u32 },

    /// A JSON file of another kind.
    #[error("the file is not a Waymark map (its \"format\" is \"{0}\", not \"waymark-map\")")]
    NotAMap(String),

    /// Writing the CSV failed.
    #[error("the metrics table could not be written: {0}")]
    Csv(#[from] csv::Error),

    /// Reading from or writing to the document failed.
    #[error(transparent)]
    Document(#[from] waymark_core::Error),

    /// A file could not be written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The result type of exports.
pub type Result<T, E = ExportError> = std::result::Result<T, E>;

/// What an export made, for the caller to show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Characters no available font could draw; they show as empty boxes.
    pub missing_characters: Vec<char>,
    /// Pages of a PDF; 1 for the other formats.
    pub pages: u32,
    /// The picture's size: pixels for a PNG, points for a PDF's first page, user units for
    /// an SVG.
    pub width: f64,
    pub height: f64,
}
