//! What an import will do before it does it: the settings (kind, column roles, time zone, how
//! to read the file) and the preview the import dialog shows, with the first rows, the guessed
//! roles and what still stands in the way.
//!
//! Settings that worked for a file are remembered in the document under the file's shape (its
//! header, or its width and delimiter when it has none), and a later file of the same shape
//! starts from them instead of from a guess.

use std::path::Path;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use waymark_core::store::DataKind;
use waymark_core::Document;

use crate::dialect::Delimiter;
use crate::encoding::TextEncoding;
use crate::load::ImportError;
use crate::reader::{CsvReader, ReadOptions, Record};
use crate::roles::{fold, guess_kind, guess_roles, required_roles, roles_of, Role};
use crate::time::{detect_format, Detection, TimeFormat};

/// Rows shown in the preview.
pub const PREVIEW_ROWS: usize = 20;

/// Rows read to guess roles and the time format before importing.
pub const SAMPLE_ROWS: usize = 2000;

/// Longest cell text shown in the preview, in characters.
const PREVIEW_CELL_CHARS: usize = 120;

/// The event name purchases get when nobody names it.
pub const DEFAULT_PURCHASE_EVENT: &str = "purchase";

pub use waymark_core::store::TIME_ZONE_SETTING;

/// One column's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnRole {
    pub role: Role,
    /// The column, counted from 0.
    #[ts(type = "number")]
    pub column: usize,
}

/// Everything an import needs to know beyond the file itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportSettings {
    pub kind: DataKind,
    /// The columns that have a role; every other column is kept as a property.
    pub columns: Vec<ColumnRole>,
    /// The event name of purchases in an orders file.
    pub event_name: String,
    /// The IANA zone timestamps without an offset are read in.
    pub time_zone: String,
    /// For slash dates that read both ways (03/04/2024): `true` for day first, `false` for
    /// month first; `None` to settle it from the column.
    pub day_first: Option<bool>,
    /// The encoding's name; `None` to detect it.
    pub encoding: Option<String>,
    /// The delimiter (`,` `;` tab `|`, or a space for whitespace-aligned columns); `None` to
    /// sniff it.
    pub delimiter: Option<String>,
    /// Whether the first row names the columns; `None` to sniff it.
    pub has_header: Option<bool>,
}

/// The start of a file as the import dialog shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Preview {
    pub file_name: String,
    #[ts(type = "number")]
    pub file_size: u64,
    /// How the file is read: encoding name, delimiter and header as detected or chosen.
    pub encoding: String,
    pub delimiter: String,
    pub has_header: bool,
    /// The column names: the header's, or "Column 1", "Column 2", ... without one.
    pub columns: Vec<String>,
    /// The first rows.
    pub rows: Vec<PreviewRow>,
    /// The settings the import would use: remembered for files of this shape, or guessed.
    pub settings: ImportSettings,
    /// Whether `settings` were remembered from an earlier import of a file of this shape.
    pub remembered: bool,
    /// The time column's format as a person reads it ("2024-03-01 14:05:00"), if there is one.
    pub time_format: Option<String>,
    /// Slash dates read both ways and the settings do not say which.
    pub ambiguous_dates: bool,
    /// What must change before the file can be imported; empty when it can be.
    pub problems: Vec<String>,
    /// The roles the chosen kind takes, and those it cannot do without.
    pub roles: Vec<Role>,
    pub required_roles: Vec<Role>,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    #[ts(type = "number")]
    pub line: u64,
    pub cells: Vec<String>,
}

impl ColumnRole {
    /// Column `column` (from 0) has role `role`.
    pub fn new(role: Role, column: usize) -> ColumnRole {
        ColumnRole { role, column }
    }
}

impl ImportSettings {
    /// The reading options these settings ask for.
    pub fn read_options(&self) -> Result<ReadOptions, ImportError> {
        let encoding = match &self.encoding {
            Some(name) => Some(TextEncoding::from_name(name).ok_or_else(|| {
                ImportError::Settings(format!(
                    "\"{name}\" is not an encoding Waymark can read; choose utf-8, utf-16le, \
                     utf-16be, windows-1252 or latin1"
                ))
            })?),
            None => None,
        };
        let delimiter = match &self.delimiter {
            Some(text) => Some(parse_delimiter(text)?),
            None => None,
        };
        Ok(ReadOptions {
            encoding,
            delimiter,
            has_header: self.has_header,
            ..ReadOptions::default()
        })
    }

    /// The column of a role, if one has it.
    pub fn column_of(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|column| column.role == role)
            .map(|column| column.column)
    }

    /// The zone, checked.
    pub fn zone(&self) -> Result<Tz, ImportError> {
        self.time_zone.parse().map_err(|_| {
            ImportError::Settings(format!(
                "\"{}\" is not a time zone; use a name such as UTC, Europe/Berlin or \
                 America/New_York",
                self.time_zone
            ))
        })
    }
}

/// The delimiter a user typed: one of `,` `;` `|`, a tab (or `\t`, `tab`), a space (or
/// `whitespace`).
pub fn parse_delimiter(text: &str) -> Result<Delimiter, ImportError> {
    let c = match text {
        "\\t" | "tab" | "\t" => '\t',
        "whitespace" | "space" | " " => ' ',
        other => {
            let mut chars = other.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => '\0',
            }
        }
    };
    Delimiter::from_char(c).ok_or_else(|| {
        ImportError::Settings(format!(
            "\"{text}\" is not a delimiter Waymark reads; use , ; | tab or whitespace"
        ))
    })
}

/// How a delimiter is shown and stored.
pub fn delimiter_name(delimiter: Delimiter) -> String {
    match delimiter {
        Delimiter::Tab => "tab".to_string(),
        Delimiter::Whitespace => "whitespace".to_string(),
        other => other.as_char().to_string(),
    }
}

/// Reads the start of `path` and proposes settings. `chosen` overrides the guess (the dialog
/// sends back what the user changed); its reading options decide how the file is read.
pub fn preview(
    doc: &Document,
    path: &Path,
    chosen: Option<&ImportSettings>,
) -> Result<Preview, ImportError> {
    let options = match chosen {
        Some(settings) => settings.read_options()?,
        None => ReadOptions::default(),
    };
    let reader = CsvReader::open(path, &options).map_err(ImportError::Unreadable)?;
    let encoding = reader.encoding();
    let dialect = reader.dialect();
    let header = reader.header().map(<[String]>::to_vec);
    let sample = sample_records(reader, SAMPLE_ROWS)?;
    let rows: Vec<Vec<String>> = sample.iter().map(|r| r.fields.clone()).collect();

    let shape = shape_key(header.as_deref(), dialect.fields, dialect.delimiter);
    let remembered = match chosen {
        Some(_) => None,
        None => remembered_settings(doc, &shape)?,
    };
    let was_remembered = remembered.is_some();
    let settings = match (chosen, remembered) {
        // A kind chosen without roles (the user just switched kinds) gets roles guessed anew.
        (Some(settings), _) if settings.columns.is_empty() => ImportSettings {
            columns: settings_for_kind(doc, settings.kind, header.as_deref(), &rows)?.columns,
            ..settings.clone()
        },
        (Some(settings), _) => settings.clone(),
        (None, Some(settings)) => settings,
        (None, None) => guess_settings(doc, header.as_deref(), &rows)?,
    };

    let columns = column_names(header.as_deref(), dialect.fields);
    let time = settings.column_of(Role::Time).map(|column| {
        detect_format(
            rows.iter()
                .filter_map(|row| row.get(column))
                .map(String::as_str),
        )
    });
    let ambiguous_dates =
        matches!(time, Some(Detection::AmbiguousDayMonth)) && settings.day_first.is_none();
    let time_format = match time {
        Some(Detection::Format { format, .. }) => Some(describe_format(format).to_string()),
        Some(Detection::AmbiguousDayMonth) => Some(match settings.day_first {
            Some(true) => describe_format(TimeFormat::DayFirst).to_string(),
            Some(false) => describe_format(TimeFormat::MonthFirst).to_string(),
            None => "slash dates, day and month order unclear".to_string(),
        }),
        _ => None,
    };
    let problems = problems(
        &settings,
        &columns,
        time,
        ambiguous_dates,
        sample.is_empty(),
    );

    Ok(Preview {
        file_name: file_name(path),
        file_size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        encoding: encoding.name().to_string(),
        delimiter: delimiter_name(dialect.delimiter),
        has_header: dialect.has_header,
        columns,
        rows: sample
            .iter()
            .take(PREVIEW_ROWS)
            .map(|record| PreviewRow {
                line: record.line,
                cells: record.fields.iter().map(|cell| shorten(cell)).collect(),
            })
            .collect(),
        remembered: was_remembered,
        time_format,
        ambiguous_dates,
        problems,
        roles: roles_of(settings.kind).to_vec(),
        required_roles: required_roles(settings.kind).to_vec(),
        settings,
    })
}

/// Settings to import `path` as `kind`: `base` gives the reading options, zone, event name and
/// date order; the column roles are those remembered for files of this shape when they were
/// for the same kind, or else guessed. Also returns the column names (the header, or "Column
/// N").
pub fn settings_for_file(
    doc: &Document,
    path: &Path,
    kind: DataKind,
    base: &ImportSettings,
) -> Result<(ImportSettings, Vec<String>), ImportError> {
    let reader = CsvReader::open(path, &base.read_options()?).map_err(ImportError::Unreadable)?;
    let dialect = reader.dialect();
    let header = reader.header().map(<[String]>::to_vec);
    let rows: Vec<Vec<String>> = sample_records(reader, SAMPLE_ROWS)?
        .into_iter()
        .map(|record| record.fields)
        .collect();
    let shape = shape_key(header.as_deref(), dialect.fields, dialect.delimiter);
    let columns = match remembered_settings(doc, &shape)? {
        Some(remembered) if remembered.kind == kind => remembered.columns,
        _ => settings_for_kind(doc, kind, header.as_deref(), &rows)?.columns,
    };
    let names = column_names(header.as_deref(), dialect.fields);
    let settings = ImportSettings {
        kind,
        columns,
        ..base.clone()
    };
    Ok((settings, names))
}

/// Guessed settings for a file nobody has said anything about.
fn guess_settings(
    doc: &Document,
    header: Option<&[String]>,
    rows: &[Vec<String>],
) -> Result<ImportSettings, ImportError> {
    let kind = guess_kind(header, rows);
    settings_for_kind(doc, kind, header, rows)
}

/// Settings for a file read as `kind`, with roles guessed for that kind.
pub fn settings_for_kind(
    doc: &Document,
    kind: DataKind,
    header: Option<&[String]>,
    rows: &[Vec<String>],
) -> Result<ImportSettings, ImportError> {
    let columns = guess_roles(kind, header, rows)
        .into_iter()
        .enumerate()
        .filter_map(|(column, role)| role.map(|role| ColumnRole { role, column }))
        .collect();
    Ok(ImportSettings {
        kind,
        columns,
        event_name: DEFAULT_PURCHASE_EVENT.to_string(),
        time_zone: document_zone(doc)?,
        day_first: None,
        encoding: None,
        delimiter: None,
        has_header: None,
    })
}

/// The document's time zone for timestamps without an offset; UTC until someone picks one.
pub fn document_zone(doc: &Document) -> Result<String, ImportError> {
    doc.time_zone().map_err(ImportError::Document)
}

/// What stands in the way of importing with these settings.
fn problems(
    settings: &ImportSettings,
    columns: &[String],
    time: Option<Detection>,
    ambiguous_dates: bool,
    empty: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    if let Err(err) = settings.zone() {
        problems.push(err.to_string());
    }
    if empty {
        problems.push("the file has no rows to import".to_string());
    }
    for &role in required_roles(settings.kind) {
        if settings.column_of(role).is_none() {
            problems.push(format!(
                "choose the column that holds {} ({} files need one)",
                role.describe(),
                settings.kind.as_str()
            ));
        }
    }
    for column in &settings.columns {
        if !roles_of(settings.kind).contains(&column.role) {
            problems.push(format!(
                "{} files have no {}; clear that role",
                settings.kind.as_str(),
                column.role.describe()
            ));
        }
        if column.column >= columns.len() {
            problems.push(format!(
                "{} is set to column {}, but the file has {} columns",
                column.role.describe(),
                column.column + 1,
                columns.len()
            ));
        }
    }
    if let (Some(Detection::NotTimestamps), Some(column)) = (time, settings.column_of(Role::Time)) {
        if !empty {
            let name = columns.get(column).map(String::as_str).unwrap_or("?");
            problems.push(format!(
                "the column \"{name}\" does not hold times Waymark can read; choose another \
                 time column"
            ));
        }
    }
    if ambiguous_dates {
        problems.push(
            "the dates read both as month/day and as day/month; say which comes first".to_string(),
        );
    }
    problems
}

/// Reads up to `limit` good records, skipping bad ones; a file that cannot be read at all is an
/// error.
pub(crate) fn sample_records(reader: CsvReader, limit: usize) -> Result<Vec<Record>, ImportError> {
    let mut records = Vec::new();
    for record in reader {
        match record {
            Ok(record) => records.push(record),
            Err(err) if err.is_row_error() => {}
            Err(err) => return Err(ImportError::Unreadable(err)),
        }
        if records.len() >= limit {
            break;
        }
    }
    Ok(records)
}

/// The key remembered settings are stored under.
pub(crate) fn shape_key(header: Option<&[String]>, width: usize, delimiter: Delimiter) -> String {
    match header {
        Some(names) => {
            let names: Vec<String> = names.iter().map(|name| fold(name)).collect();
            format!("import.shape.header:{}", names.join(","))
        }
        None => format!("import.shape.columns:{width}:{}", delimiter_name(delimiter)),
    }
}

fn remembered_settings(doc: &Document, shape: &str) -> Result<Option<ImportSettings>, ImportError> {
    let stored = doc.setting(shape).map_err(ImportError::Document)?;
    Ok(stored.and_then(|json| serde_json::from_str(&json).ok()))
}

/// Remembers settings that worked for a file of this shape.
pub(crate) fn remember_settings(
    doc: &mut Document,
    shape: &str,
    settings: &ImportSettings,
) -> Result<(), ImportError> {
    let json =
        serde_json::to_string(settings).map_err(|err| ImportError::Settings(err.to_string()))?;
    doc.set_setting(shape, &json).map_err(ImportError::Document)
}

/// A timestamp format as a person reads it.
pub fn describe_format(format: TimeFormat) -> &'static str {
    match format {
        TimeFormat::Iso => "ISO 8601 (2024-03-01 14:05:00)",
        TimeFormat::Compact => "YYYYMMDD (20240301)",
        TimeFormat::MonthFirst => "month first (03/01/2024)",
        TimeFormat::DayFirst => "day first (01/03/2024)",
        TimeFormat::Unix(crate::time::EpochUnit::Seconds) => "Unix seconds",
        TimeFormat::Unix(crate::time::EpochUnit::Milliseconds) => "Unix milliseconds",
        TimeFormat::Unix(crate::time::EpochUnit::Microseconds) => "Unix microseconds",
    }
}

/// The columns' names: the header's, or "Column 1", "Column 2", ... for `width` columns.
pub(crate) fn column_names(header: Option<&[String]>, width: usize) -> Vec<String> {
    match header {
        Some(names) => names.to_vec(),
        None => (1..=width).map(|n| format!("Column {n}")).collect(),
    }
}

/// The file's name without its folder.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn shorten(cell: &str) -> String {
    if cell.chars().count() <= PREVIEW_CELL_CHARS {
        return cell.to_string();
    }
    let mut short: String = cell.chars().take(PREVIEW_CELL_CHARS - 1).collect();
    short.push('…');
    short
}
