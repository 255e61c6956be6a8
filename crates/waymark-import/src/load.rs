//! Importing a file into a document: reads it record by record, turns each record into a row of
//! its kind (or a refusal with the reason, line and column), and writes the rows in one
//! transaction.
//!
//! Reading and converting run on one thread and writing on the caller's, joined by a bounded
//! channel, so a file of any size is imported in bounded memory while both cores work. The
//! whole import is one transaction (see `waymark_core::store::ImportWriter`): cancelled,
//! failed, refused or killed, it leaves the document exactly as it was.
//!
//! Refusal rules: a row is refused when it cannot be split (broken quotes, wrong number of
//! fields, undecodable bytes) or when a value its kind needs is empty or unreadable; the row is
//! counted under its reason and the first lines of each reason are kept. A file is refused
//! whole when its settings lack a column its kind needs, when its time column holds no times,
//! when reading stops part way (a truncated gzip stream), or when not a single row is taken.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::time::{Duration, Instant};

use chrono_tz::Tz;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use waymark_core::store::{
    DataKind, EventChunk, Finished, ImportInfo, ImportTotals, ImportWriter, NewImport, PersonRow,
    PropertyColumn, RefusedRows, SurveyRow, TicketRow, CHUNK_ROWS,
};
use waymark_core::Document;
use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

use crate::error::Error as ReadError;
use crate::plan::{
    column_names, describe_format, file_name, remember_settings, shape_key, ImportSettings,
    TIME_ZONE_SETTING,
};
use crate::reader::{CsvReader, Record};
use crate::roles::{required_roles, roles_of, Role};
use crate::source::{hash_file, Tally};
use crate::time::{detect_format, detect_format_with, parse as parse_time, Detection, TimeFormat};

/// Batches waiting between the reading and the writing thread; bounds the memory in flight.
const BATCHES_IN_FLIGHT: usize = 4;

/// Lines kept for each reason a row was refused.
const LINES_PER_REASON: usize = 10;

/// Bytes hashed at the head of a file to find earlier imports of it quickly.
const HEAD_BYTES: u64 = 1 << 20;

/// Values looked at per step when the day/month order must be settled from the whole column.
const DATE_ORDER_CHUNK: usize = 10_000;

/// Customers numbered by the reading thread before it starts its numbering over.
const MAX_NUMBERED_CUSTOMERS: usize = 1 << 21;

/// The share of a chosen time column's sample that must parse in one format.
const MOST: f64 = 0.5;

/// How often progress is reported.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Why an import did not happen. Every case leaves the document as it was.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The settings are wrong (an unknown zone, a role the kind has no use for).
    #[error("{0}")]
    Settings(String),
    /// The file cannot be imported as asked; `refused` tells what happened to its rows when
    /// it came to reading them.
    #[error("{message}")]
    Refused {
        message: String,
        rows_refused: u64,
        refused: Vec<RefusedRows>,
    },
    /// The file cannot be opened or read.
    #[error("{0}; nothing was imported")]
    Read(ReadError),
    /// The file cannot be opened or read for a preview, before anything is imported.
    #[error("{0}")]
    Unreadable(ReadError),
    /// The document refused the rows.
    #[error("{0}; nothing was imported")]
    Document(waymark_core::Error),
    /// Someone cancelled it.
    #[error("the import was cancelled; nothing was imported")]
    Cancelled,
}

impl ImportError {
    fn refused(message: String) -> ImportError {
        ImportError::Refused {
            message,
            rows_refused: 0,
            refused: Vec::new(),
        }
    }
}

/// How far an import has come.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Progress {
    #[ts(type = "number")]
    pub rows_taken: u64,
    #[ts(type = "number")]
    pub rows_refused: u64,
    /// Bytes of the file read, as stored on disk.
    #[ts(type = "number")]
    pub bytes_read: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
    pub seconds: f64,
}

impl Progress {
    /// Rows read per second so far.
    pub fn rows_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            (self.rows_taken + self.rows_refused) as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// The share of the file read, from 0 to 1.
    pub fn fraction(&self) -> f64 {
        if self.bytes_total == 0 {
            return 0.0;
        }
        (self.bytes_read as f64 / self.bytes_total as f64).min(1.0)
    }

    /// Seconds left at the speed so far, once there is a speed to go by.
    pub fn seconds_left(&self) -> Option<f64> {
        let fraction = self.fraction();
        (fraction > 0.0 && self.seconds > 0.2).then(|| self.seconds * (1.0 - fraction) / fraction)
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    /// The import as the document lists it; for a file imported before, that earlier import.
    pub import: ImportInfo,
    /// The same file had been imported as the same kind before, so nothing was added.
    pub already_imported: bool,
    /// How the time column was read, if there is one.
    pub time_format: Option<String>,
}

/// Imports `path` into `doc` with `settings`, reporting `progress` about ten times a second;
/// setting `cancel` stops it and rolls it back. See the module docs for the rules.
pub fn import_file(
    doc: &mut Document,
    path: &Path,
    settings: &ImportSettings,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<ImportReport, ImportError> {
    check_settings(settings)?;
    let zone = settings.zone()?;
    let options = settings.read_options()?;
    let io_error = |source| {
        ImportError::Read(ReadError::Open {
            path: path.to_path_buf(),
            source,
        })
    };
    let file_size = std::fs::metadata(path).map_err(io_error)?.len();
    let head_hash = hash_file(path, Some(HEAD_BYTES)).map_err(io_error)?;
    if let Some(earlier) = earlier_import(doc, path, settings.kind, file_size, &head_hash)? {
        return Ok(ImportReport {
            import: earlier,
            already_imported: true,
            time_format: None,
        });
    }

    let mut reader = CsvReader::open(path, &options).map_err(ImportError::Read)?;
    let header = reader.header().map(<[String]>::to_vec);
    let dialect = reader.dialect();
    let columns = column_names(header.as_deref(), dialect.fields);
    let tally = reader.tally();
    let sample = read_sample(&mut reader)?;
    if sample.is_empty() {
        let what = if header.is_some() {
            "has a header but no rows"
        } else {
            "is empty"
        };
        return Err(ImportError::refused(format!(
            "{} {what}; nothing was imported",
            path.display()
        )));
    }
    check_columns(settings, &columns, path)?;
    let time_format = match settings.column_of(Role::Time) {
        Some(column) => Some(time_format(
            path, settings, &options, column, &columns, &sample,
        )?),
        None => None,
    };

    let roles: Vec<usize> = settings.columns.iter().map(|c| c.column).collect();
    let property_columns: Vec<usize> = (0..columns.len()).filter(|c| !roles.contains(c)).collect();
    let properties = property_columns
        .iter()
        .map(|&c| columns[c].clone())
        .collect();
    let import = NewImport {
        file_name: file_name(path),
        kind: settings.kind,
        file_size,
        head_hash,
        options: serde_json::json!({
            "settings": settings,
            "encoding": reader.encoding().name(),
            "delimiter": crate::plan::delimiter_name(dialect.delimiter),
            "header": dialect.has_header,
            "time_format": time_format.map(describe_format),
        }),
        properties,
    };
    let converter = Converter {
        path: path.display().to_string(),
        settings: settings.clone(),
        zone,
        time_format,
        property_columns,
        seen_ids: HashSet::new(),
        customers: Numbering::default(),
        names: NameNumbering::default(),
        max_numbered: MAX_NUMBERED_CUSTOMERS,
        chunk_values: Vec::new(),
        refused: Vec::new(),
        rows_refused: 0,
        first_at: None,
        last_at: None,
    };

    let shape = shape_key(header.as_deref(), dialect.fields, dialect.delimiter);
    let finished = write_all(
        doc, import, converter, sample, reader, &tally, file_size, cancel, progress,
    )?;
    let report = match finished {
        Finished::Stored(import) => {
            remember_settings(doc, &shape, settings)?;
            if doc
                .setting(TIME_ZONE_SETTING)
                .map_err(ImportError::Document)?
                .is_none()
            {
                doc.set_setting(TIME_ZONE_SETTING, &settings.time_zone)
                    .map_err(ImportError::Document)?;
            }
            ImportReport {
                import,
                already_imported: false,
                time_format: time_format.map(|f| describe_format(f).to_string()),
            }
        }
        Finished::AlreadyImported(import) => ImportReport {
            import,
            already_imported: true,
            time_format: None,
        },
    };
    Ok(report)
}

/// Runs the reading thread and writes what it sends, in one transaction.
//
// TODO: imports run at about 600k rows a second on two cores, short of the 1M target. What is
// left: the splitter's byte loop and one `String` per field (a record as one buffer with field
// bounds would do), hash lookups of random customer ids that miss the cache, and chrono's
// local-time path for times that are already UTC. Each is measured by scripts/bench-import.py.
#[allow(clippy::too_many_arguments)]
fn write_all(
    doc: &mut Document,
    import: NewImport,
    converter: Converter,
    sample: Vec<RecordResult>,
    reader: CsvReader,
    tally: &Tally,
    file_size: u64,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Finished, ImportError> {
    let kind = import.kind;
    let path = converter.path.clone();
    let mut writer = doc.begin_import(import).map_err(ImportError::Document)?;
    let started = Instant::now();
    let stop = AtomicBool::new(false);
    let (sender, receiver) = sync_channel::<Batch>(BATCHES_IN_FLIGHT);

    let (record_sender, record_receiver) = sync_channel::<Vec<RecordResult>>(BATCHES_IN_FLIGHT);

    let (written, converted) = std::thread::scope(|scope| {
        let stop = &stop;
        // Splitting records and converting them each take about as long as the other, so they
        // get a thread each; the writer, on this thread, has little to do per chunk.
        let (done_sender, done_receiver) = sync_channel::<Vec<Record>>(BATCHES_IN_FLIGHT);
        scope.spawn(move || split(sample, reader, record_sender, done_receiver, stop));
        let reading = scope
            .spawn(move || converter.run(record_receiver.into_iter(), sender, done_sender, stop));
        let written = receive(
            &receiver,
            &mut writer,
            tally,
            file_size,
            started,
            cancel,
            progress,
        );
        if written.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        drop(receiver);
        let converted = reading.join().unwrap_or_else(|_| {
            Err(ImportError::refused(
                "reading the file failed unexpectedly; nothing was imported".to_string(),
            ))
        });
        (written, converted)
    });
    let rows_taken = written?;
    let done = converted?;

    if rows_taken == 0 {
        return Err(ImportError::Refused {
            message: format!(
                "no row of {path} could be read as {}: {} refused ({}); nothing was imported",
                kind.as_str(),
                done.rows_refused,
                reasons_in_brief(&done.refused)
            ),
            rows_refused: done.rows_refused,
            refused: done.refused,
        });
    }
    let totals = ImportTotals {
        content_hash: tally.hash_hex(),
        rows_taken,
        rows_refused: done.rows_refused,
        refused: done.refused,
        first_at: done.first_at,
        last_at: done.last_at,
    };
    writer.finish(totals).map_err(ImportError::Document)
}

type RecordResult = Result<Record, ReadError>;

/// Reads records and sends them on in batches, until the records end or the import stops.
/// Records already read (the sample) come first. The memory of records the converter is done
/// with comes back through `done` and is reused for new ones.
fn split(
    sample: Vec<RecordResult>,
    mut reader: CsvReader,
    sender: SyncSender<Vec<RecordResult>>,
    done: Receiver<Vec<Record>>,
    stop: &AtomicBool,
) {
    let mut batch = Vec::with_capacity(CHUNK_ROWS);
    let mut sample = sample.into_iter();
    loop {
        while let Ok(records) = done.try_recv() {
            records
                .into_iter()
                .for_each(|record| reader.recycle(record));
        }
        let Some(record) = sample.next().or_else(|| reader.next()) else {
            break;
        };
        batch.push(record);
        if batch.len() >= CHUNK_ROWS {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(CHUNK_ROWS));
            if stop.load(Ordering::Relaxed) || sender.send(full).is_err() {
                return;
            }
        }
    }
    if !batch.is_empty() {
        let _ = sender.send(batch);
    }
}

/// Writes batches as they come; returns the rows written.
fn receive(
    receiver: &Receiver<Batch>,
    writer: &mut ImportWriter<'_>,
    tally: &Tally,
    file_size: u64,
    started: Instant,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<u64, ImportError> {
    let mut rows_taken = 0u64;
    let mut reported = Instant::now();
    for batch in receiver {
        if cancel.load(Ordering::Relaxed) {
            return Err(ImportError::Cancelled);
        }
        let rows_refused = batch.refused_so_far;
        rows_taken += batch.write(writer).map_err(ImportError::Document)?;
        if reported.elapsed() >= PROGRESS_EVERY {
            reported = Instant::now();
            progress(&Progress {
                rows_taken,
                rows_refused,
                bytes_read: tally.bytes_read(),
                bytes_total: file_size,
                seconds: started.elapsed().as_secs_f64(),
            });
        }
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ImportError::Cancelled);
    }
    Ok(rows_taken)
}

/// Rows of one kind on their way to the document.
struct Batch {
    rows: Rows,
    refused_so_far: u64,
}

enum Rows {
    Events(EventRows),
    People(Vec<Person>),
    Tickets(Vec<Ticket>),
    Survey(Vec<Answer>),
}

/// Events with customers and names numbered by the reading thread (see [`EventBatch`]).
#[derive(Default)]
struct EventRows {
    restart: bool,
    new_customers: Vec<String>,
    new_names: Vec<String>,
    /// Customers and names hold the reader's numbers until the writer renumbers them.
    chunk: EventChunk,
}

/// Numbers for the keys (customers or event names) the reading thread has met, so that the
/// writing thread meets each key once; see `ImportWriter::add_events`.
///
/// Keys are told apart by their 128-bit hash, which keeps the table small and free of pointers
/// to chase (two of a million keys share a hash with odds around 10^-27).
#[derive(Default)]
struct Numbering {
    numbers: FxHashMap<u128, u32>,
}

/// Numbers for event names: few and short, so they are kept as they are and looked up by
/// equality, in a table that stays in cache.
#[derive(Default)]
struct NameNumbering {
    numbers: FxHashMap<Box<str>, u32>,
}

impl NameNumbering {
    /// The name's number, noting a new name in `new`.
    fn number(&mut self, name: &str, new: &mut Vec<String>) -> u32 {
        if let Some(&number) = self.numbers.get(name) {
            return number;
        }
        let number = self.numbers.len() as u32;
        self.numbers.insert(name.into(), number);
        new.push(name.to_string());
        number
    }
}

impl Numbering {
    /// The key's number, noting a new key in `new`.
    fn number(&mut self, key: &str, new: &mut Vec<String>) -> u32 {
        let next = self.numbers.len() as u32;
        let number = *self.numbers.entry(xxh3_128(key.as_bytes())).or_insert(next);
        if number == next {
            new.push(key.to_string());
        }
        number
    }
}

struct Person {
    customer: String,
    properties: Option<String>,
}

struct Ticket {
    ticket: String,
    customer: Option<String>,
    at: Option<i64>,
    text: Option<String>,
    category: Option<String>,
    channel: Option<String>,
    status: Option<String>,
    score: Option<f64>,
    properties: Option<String>,
}

struct Answer {
    customer: Option<String>,
    score: f64,
    text: Option<String>,
    at: Option<i64>,
    properties: Option<String>,
}

impl Rows {
    fn new(kind: DataKind) -> Rows {
        match kind {
            DataKind::Events | DataKind::Orders => Rows::Events(EventRows::default()),
            DataKind::People => Rows::People(Vec::new()),
            DataKind::Tickets => Rows::Tickets(Vec::new()),
            DataKind::Survey => Rows::Survey(Vec::new()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Rows::Events(events) => events.chunk.len(),
            Rows::People(rows) => rows.len(),
            Rows::Tickets(rows) => rows.len(),
            Rows::Survey(rows) => rows.len(),
        }
    }
}

impl Batch {
    fn write(self, writer: &mut ImportWriter<'_>) -> waymark_core::Result<u64> {
        let count = self.rows.len() as u64;
        match self.rows {
            Rows::Events(events) => writer.add_events(
                events.restart,
                &events.new_customers,
                &events.new_names,
                events.chunk,
            )?,
            Rows::People(rows) => {
                let rows: Vec<PersonRow> = rows
                    .iter()
                    .map(|row| PersonRow {
                        customer: &row.customer,
                        properties: row.properties.as_deref(),
                    })
                    .collect();
                writer.add_people(&rows)?;
            }
            Rows::Tickets(rows) => {
                let rows: Vec<TicketRow> = rows
                    .iter()
                    .map(|row| TicketRow {
                        ticket: &row.ticket,
                        customer: row.customer.as_deref(),
                        at: row.at,
                        text: row.text.as_deref(),
                        category: row.category.as_deref(),
                        channel: row.channel.as_deref(),
                        status: row.status.as_deref(),
                        score: row.score,
                        properties: row.properties.as_deref(),
                    })
                    .collect();
                writer.add_tickets(&rows)?;
            }
            Rows::Survey(rows) => {
                let rows: Vec<SurveyRow> = rows
                    .iter()
                    .map(|row| SurveyRow {
                        customer: row.customer.as_deref(),
                        score: row.score,
                        text: row.text.as_deref(),
                        at: row.at,
                        properties: row.properties.as_deref(),
                    })
                    .collect();
                writer.add_survey_answers(&rows)?;
            }
        }
        Ok(count)
    }
}

/// What the reading thread found besides the rows.
struct Converted {
    rows_refused: u64,
    refused: Vec<RefusedRows>,
    first_at: Option<i64>,
    last_at: Option<i64>,
}

/// A row not taken: the reason (one of a few fixed phrases) and the full message.
struct Refusal {
    reason: &'static str,
    line: u64,
    message: String,
}

/// Turns records into rows of the import's kind; runs on the reading thread.
struct Converter {
    path: String,
    settings: ImportSettings,
    zone: Tz,
    time_format: Option<TimeFormat>,
    property_columns: Vec<usize>,
    /// Hashes of the row ids taken so far, for orders and tickets with an id column.
    seen_ids: HashSet<u64>,
    customers: Numbering,
    names: NameNumbering,
    /// Customers numbered before the numbering starts over.
    max_numbered: usize,
    /// The distinct values of each property column in the chunk being filled.
    chunk_values: Vec<FxHashMap<Box<str>, u32>>,
    refused: Vec<RefusedRows>,
    rows_refused: u64,
    first_at: Option<i64>,
    last_at: Option<i64>,
}

impl Converter {
    /// Converts batches of records into rows and sends them on in batches of a chunk; hands
    /// the records back through `done` for their memory to be reused.
    fn run(
        mut self,
        batches: impl Iterator<Item = Vec<RecordResult>>,
        sender: SyncSender<Batch>,
        done: SyncSender<Vec<Record>>,
        stop: &AtomicBool,
    ) -> Result<Converted, ImportError> {
        let mut rows = self.new_rows();
        for records in batches {
            let mut converted = Vec::with_capacity(records.len());
            for record in records {
                let outcome = match record {
                    Ok(record) => {
                        let outcome = self.convert(&record, &mut rows);
                        converted.push(record);
                        outcome
                    }
                    // A quote never closed swallowed the rest of the file: taking the rows
                    // before it would lose all those after it without a word.
                    Err(err @ ReadError::UnclosedQuote { .. }) => {
                        return Err(ImportError::refused(format!("{err}. Nothing was imported")))
                    }
                    Err(err) if err.is_row_error() => Err(read_refusal(&err)),
                    Err(err) => return Err(ImportError::Read(err)),
                };
                if let Err(refusal) = outcome {
                    self.refuse(refusal);
                }
                self.send_full(&mut rows, &sender, stop)?;
            }
            let _ = done.try_send(converted);
        }
        if rows.len() > 0 {
            let batch = Batch {
                rows,
                refused_so_far: self.rows_refused,
            };
            if sender.send(batch).is_err() {
                return Err(ImportError::Cancelled);
            }
        }
        Ok(Converted {
            rows_refused: self.rows_refused,
            refused: self.refused,
            first_at: self.first_at,
            last_at: self.last_at,
        })
    }

    /// Sends the rows on once they fill a chunk.
    fn send_full(
        &mut self,
        rows: &mut Rows,
        sender: &SyncSender<Batch>,
        stop: &AtomicBool,
    ) -> Result<(), ImportError> {
        if rows.len() < CHUNK_ROWS {
            return Ok(());
        }
        let mut next = self.new_rows();
        if let Rows::Events(events) = &mut next {
            // Starting the numbering over bounds memory on files of many customers.
            if self.customers.numbers.len() >= self.max_numbered {
                self.customers = Numbering::default();
                self.names = NameNumbering::default();
                events.restart = true;
            }
        }
        let batch = Batch {
            rows: std::mem::replace(rows, next),
            refused_so_far: self.rows_refused,
        };
        if stop.load(Ordering::Relaxed) || sender.send(batch).is_err() {
            return Err(ImportError::Cancelled);
        }
        Ok(())
    }

    /// Empty rows for the next batch; for events, a chunk with the import's property columns.
    fn new_rows(&mut self) -> Rows {
        let mut rows = Rows::new(self.settings.kind);
        if let Rows::Events(events) = &mut rows {
            let columns = self.property_columns.len();
            events.chunk.properties = vec![PropertyColumn::default(); columns];
            self.chunk_values = vec![FxHashMap::default(); columns];
        }
        rows
    }

    fn refuse(&mut self, refusal: Refusal) {
        self.rows_refused += 1;
        match self.refused.iter_mut().find(|r| r.reason == refusal.reason) {
            Some(entry) => {
                entry.count += 1;
                if entry.lines.len() < LINES_PER_REASON {
                    entry.lines.push(refusal.line);
                }
            }
            None => self.refused.push(RefusedRows {
                reason: refusal.reason.to_string(),
                count: 1,
                lines: vec![refusal.line],
                example: refusal.message,
            }),
        }
    }

    fn convert(&mut self, record: &Record, rows: &mut Rows) -> Result<(), Refusal> {
        let time = self.time(record)?;
        match rows {
            Rows::Events(events) => {
                let customer = self.required(record, Role::User, "the customer id is empty")?;
                let name = match self.settings.kind {
                    DataKind::Orders => None,
                    _ => Some(self.required(record, Role::Event, "the event name is empty")?),
                };
                let amount = self.number(record, Role::Amount, "the amount cannot be read")?;
                self.check_id(record, "an order with this id was already taken")?;
                let at =
                    time.ok_or_else(|| self.missing(record, Role::Time, "the time is empty"))?;
                self.saw_time(at);
                let customer = self.customers.number(customer, &mut events.new_customers);
                let name = match name {
                    Some(name) => self.names.number(name, &mut events.new_names),
                    None => self
                        .names
                        .number(&self.settings.event_name, &mut events.new_names),
                };
                let chunk = &mut events.chunk;
                chunk.customers.push(customer);
                chunk.names.push(name);
                chunk.times.push(at);
                if self.settings.column_of(Role::Amount).is_some() {
                    chunk.amounts.push(amount.unwrap_or(f64::NAN));
                }
                for (index, &column) in self.property_columns.iter().enumerate() {
                    let value = record.fields[column].as_str();
                    let property = &mut chunk.properties[index];
                    let code = match value {
                        "" => 0,
                        value => {
                            let values = &mut self.chunk_values[index];
                            match values.get(value) {
                                Some(&code) => code,
                                None => {
                                    let code = values.len() as u32 + 1;
                                    values.insert(value.into(), code);
                                    property.values.push(value.to_string());
                                    code
                                }
                            }
                        }
                    };
                    property.codes.push(code);
                }
            }
            Rows::People(rows) => {
                let customer = self.required(record, Role::User, "the customer id is empty")?;
                let properties = self.properties(record);
                rows.push(Person {
                    customer: customer.to_string(),
                    properties,
                });
            }
            Rows::Tickets(rows) => {
                let ticket = self.required(record, Role::Id, "the ticket id is empty")?;
                self.check_id(record, "a ticket with this id was already taken")?;
                let score = self.number(record, Role::Score, "the score cannot be read")?;
                if let Some(at) = time {
                    self.saw_time(at);
                }
                rows.push(Ticket {
                    ticket: ticket.to_string(),
                    customer: self.optional(record, Role::User),
                    at: time,
                    text: self.optional(record, Role::Text),
                    category: self.optional(record, Role::Category),
                    channel: self.optional(record, Role::Channel),
                    status: self.optional(record, Role::Status),
                    score,
                    properties: self.properties(record),
                });
            }
            Rows::Survey(rows) => {
                let score = self
                    .number(record, Role::Score, "the score cannot be read")?
                    .ok_or_else(|| self.missing(record, Role::Score, "the score is empty"))?;
                if let Some(at) = time {
                    self.saw_time(at);
                }
                rows.push(Answer {
                    customer: self.optional(record, Role::User),
                    score,
                    text: self.optional(record, Role::Text),
                    at: time,
                    properties: self.properties(record),
                });
            }
        }
        Ok(())
    }

    fn saw_time(&mut self, at: i64) {
        self.first_at = Some(self.first_at.map_or(at, |first| first.min(at)));
        self.last_at = Some(self.last_at.map_or(at, |last| last.max(at)));
    }

    /// The time of a record in microseconds, `None` when it has no time column or an empty
    /// cell there.
    fn time(&self, record: &Record) -> Result<Option<i64>, Refusal> {
        let (Some(column), Some(format)) = (self.settings.column_of(Role::Time), self.time_format)
        else {
            return Ok(None);
        };
        let value = trim(&record.fields[column]);
        if value.is_empty() {
            return Ok(None);
        }
        match parse_time(value, format, self.zone) {
            Ok(at) => Ok(Some(at.timestamp_micros())),
            Err(source) => {
                let at = record.starts[column];
                let err = ReadError::Timestamp {
                    path: self.path.clone().into(),
                    line: at.line,
                    column: at.column,
                    source,
                };
                Err(Refusal {
                    reason: "the time cannot be read",
                    line: record.line,
                    message: format!("{err}; the row was skipped"),
                })
            }
        }
    }

    /// The trimmed value of a role's column; empty is a refusal.
    fn required<'r>(
        &self,
        record: &'r Record,
        role: Role,
        reason: &'static str,
    ) -> Result<&'r str, Refusal> {
        self.settings
            .column_of(role)
            .map(|column| trim(&record.fields[column]))
            .filter(|value| !value.is_empty())
            .ok_or_else(|| self.missing(record, role, reason))
    }

    /// The trimmed value of a role's column, `None` when the role has no column or the cell is
    /// empty.
    fn optional(&self, record: &Record, role: Role) -> Option<String> {
        let column = self.settings.column_of(role)?;
        let value = trim(&record.fields[column]);
        (!value.is_empty()).then(|| value.to_string())
    }

    fn number(
        &self,
        record: &Record,
        role: Role,
        reason: &'static str,
    ) -> Result<Option<f64>, Refusal> {
        let Some(column) = self.settings.column_of(role) else {
            return Ok(None);
        };
        let value = trim(&record.fields[column]);
        if value.is_empty() {
            return Ok(None);
        }
        parse_number(value).map(Some).ok_or_else(|| {
            let at = record.starts[column];
            Refusal {
                reason,
                line: record.line,
                message: format!(
                    "{}:{}:{}: \"{}\" is not a number; the row was skipped",
                    self.path,
                    at.line,
                    at.column,
                    shorten(value)
                ),
            }
        })
    }

    /// Refuses a second row with an id already taken in this file.
    fn check_id(&mut self, record: &Record, reason: &'static str) -> Result<(), Refusal> {
        let Some(column) = self.settings.column_of(Role::Id) else {
            return Ok(());
        };
        let value = trim(&record.fields[column]);
        if value.is_empty() {
            return Ok(());
        }
        if self.seen_ids.insert(xxh3_64(value.as_bytes())) {
            return Ok(());
        }
        let at = record.starts[column];
        Err(Refusal {
            reason,
            line: record.line,
            message: format!(
                "{}:{}:{}: the id \"{}\" appeared on an earlier row; the row was skipped",
                self.path,
                at.line,
                at.column,
                shorten(value)
            ),
        })
    }

    fn missing(&self, record: &Record, role: Role, reason: &'static str) -> Refusal {
        let column = self.settings.column_of(role).unwrap_or(0);
        let at = record.starts.get(column).copied();
        let (line, col) = at.map_or((record.line, 1), |at| (at.line, at.column));
        Refusal {
            reason,
            line: record.line,
            message: format!("{}:{line}:{col}: {reason}; the row was skipped", self.path),
        }
    }

    /// The property columns' values as a JSON array (empty cells as null), `None` when the
    /// import keeps no properties.
    fn properties(&self, record: &Record) -> Option<String> {
        if self.property_columns.is_empty() {
            return None;
        }
        let values: Vec<Option<&str>> = self
            .property_columns
            .iter()
            .map(|&column| Some(record.fields[column].as_str()).filter(|v| !v.is_empty()))
            .collect();
        serde_json::to_string(&values).ok()
    }
}

/// The reason and message of a record the reader could not split.
fn read_refusal(err: &ReadError) -> Refusal {
    let reason = match err {
        ReadError::FieldCount { .. } => "the row has the wrong number of fields",
        ReadError::BadQuote { .. } => "text follows a closing quote",
        ReadError::UnclosedQuote { .. } => "a quote is never closed",
        ReadError::Undecodable { .. } => "bytes not valid in the file's encoding",
        ReadError::FieldTooLong { .. } => "a field is too long",
        _ => "the row cannot be read",
    };
    let line = match err {
        ReadError::FieldCount { record_line, .. } => *record_line,
        other => other.line().unwrap_or(0),
    };
    Refusal {
        reason,
        line,
        message: err.to_string(),
    }
}

/// A number as exports write it: `12.50`, `-3`, `1,234.50`, `1.234,50`, `12,5`, with an
/// optional currency sign or code around it.
pub fn parse_number(text: &str) -> Option<f64> {
    let is_sign = |c: char| matches!(c, '$' | '€' | '£' | '¥');
    let trimmed = text
        .trim()
        .trim_start_matches(is_sign)
        .trim_end_matches(|c: char| is_sign(c) || c == '%' || c.is_ascii_alphabetic())
        .trim();
    if let Ok(value) = trimmed.parse::<f64>() {
        return value.is_finite().then_some(value);
    }
    let dot = trimmed.rfind('.');
    let comma = trimmed.rfind(',');
    let normal = match (dot, comma) {
        // 1,234.50: commas group thousands.
        (Some(d), Some(c)) if d > c => trimmed.replace(',', ""),
        // 1.234,50: dots group thousands, the comma is the decimal point.
        (Some(_), Some(_)) => trimmed.replace('.', "").replace(',', "."),
        // 1,234 or 12,5: a comma followed by exactly three digits groups thousands.
        (None, Some(c)) => {
            let decimals = &trimmed[c + 1..];
            if decimals.len() == 3 && trimmed.matches(',').count() >= 1 && !trimmed.starts_with('0')
            {
                trimmed.replace(',', "")
            } else {
                trimmed.replace(',', ".")
            }
        }
        _ => return None,
    };
    normal.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// `value` without surrounding whitespace; most cells have none, and this checks that first.
fn trim(value: &str) -> &str {
    let bytes = value.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => value,
        _ => value.trim(),
    }
}

fn shorten(value: &str) -> String {
    if value.chars().count() <= 40 {
        return value.to_string();
    }
    let mut short: String = value.chars().take(39).collect();
    short.push('…');
    short
}

/// "3 × the time cannot be read, 1 × a quote is never closed"
fn reasons_in_brief(refused: &[RefusedRows]) -> String {
    if refused.is_empty() {
        return "the file has no rows".to_string();
    }
    refused
        .iter()
        .map(|r| format!("{} × {}, first on line {}", r.count, r.reason, r.lines[0]))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Refuses settings that lack a column the kind needs or give a role the kind has no use for.
fn check_settings(settings: &ImportSettings) -> Result<(), ImportError> {
    let kind = settings.kind.as_str();
    for column in &settings.columns {
        if !roles_of(settings.kind).contains(&column.role) {
            let roles: Vec<&str> = roles_of(settings.kind).iter().map(|r| r.as_str()).collect();
            return Err(ImportError::Settings(format!(
                "{kind} files have no {}; the roles of {kind} files are {}",
                column.role.as_str(),
                roles.join(", ")
            )));
        }
        let twice = settings
            .columns
            .iter()
            .filter(|c| c.role == column.role)
            .count();
        if twice > 1 {
            return Err(ImportError::Settings(format!(
                "{} is given to more than one column; give it to one",
                column.role.describe()
            )));
        }
    }
    if settings.kind == DataKind::Orders && settings.event_name.trim().is_empty() {
        return Err(ImportError::Settings(
            "purchases need an event name, such as \"purchase\"".to_string(),
        ));
    }
    Ok(())
}

/// Refuses a file whose columns cannot serve the settings.
fn check_columns(
    settings: &ImportSettings,
    columns: &[String],
    path: &Path,
) -> Result<(), ImportError> {
    for &role in required_roles(settings.kind) {
        if settings.column_of(role).is_none() {
            return Err(ImportError::refused(format!(
                "{} has no column for {} that {} files need; name it (on the command line, \
                 --column {}=HEADER) and import again. Nothing was imported",
                path.display(),
                role.describe(),
                settings.kind.as_str(),
                role.as_str()
            )));
        }
    }
    for column in &settings.columns {
        if column.column >= columns.len() {
            return Err(ImportError::refused(format!(
                "{} has {} columns, so {} cannot be column {}; nothing was imported",
                path.display(),
                columns.len(),
                column.role.describe(),
                column.column + 1
            )));
        }
    }
    Ok(())
}

/// The first records, kept to settle the time format before any row is converted.
fn read_sample(reader: &mut CsvReader) -> Result<Vec<Result<Record, ReadError>>, ImportError> {
    let mut sample = Vec::new();
    let mut good = 0;
    for record in reader.by_ref() {
        match record {
            Ok(record) => {
                good += 1;
                sample.push(Ok(record));
            }
            Err(err) if err.is_row_error() => sample.push(Err(err)),
            Err(err) => return Err(ImportError::Read(err)),
        }
        if good >= crate::plan::SAMPLE_ROWS {
            break;
        }
    }
    Ok(sample)
}

/// The time column's format: detected from the sample, with the day/month order settled by the
/// settings or, failing that, by the whole column.
fn time_format(
    path: &Path,
    settings: &ImportSettings,
    options: &crate::reader::ReadOptions,
    column: usize,
    columns: &[String],
    sample: &[Result<Record, ReadError>],
) -> Result<TimeFormat, ImportError> {
    let values = sample
        .iter()
        .filter_map(|record| record.as_ref().ok())
        .map(|record| record.fields[column].as_str());
    let name = &columns[column];
    let not_times = || {
        ImportError::refused(format!(
            "the column \"{name}\" of {} does not hold times Waymark can read (ISO 8601, \
             YYYYMMDD, MM/DD/YYYY, DD/MM/YYYY or Unix time); choose another time column. \
             Nothing was imported",
            path.display()
        ))
    };
    // The column was chosen as the time column: the format most of its values have is its
    // format, and the rest are refused row by row.
    let detected = match detect_format(values.clone()) {
        Detection::NotTimestamps => detect_format_with(values, MOST),
        found => found,
    };
    match detected {
        Detection::Format { format, .. } => match (format, settings.day_first) {
            (TimeFormat::MonthFirst | TimeFormat::DayFirst, Some(true)) => Ok(TimeFormat::DayFirst),
            (TimeFormat::MonthFirst | TimeFormat::DayFirst, Some(false)) => {
                Ok(TimeFormat::MonthFirst)
            }
            _ => Ok(format),
        },
        Detection::NotTimestamps => Err(not_times()),
        Detection::AmbiguousDayMonth => match settings.day_first {
            Some(true) => Ok(TimeFormat::DayFirst),
            Some(false) => Ok(TimeFormat::MonthFirst),
            None => settle_date_order(path, options, column).and_then(|found| {
                found.ok_or_else(|| {
                    ImportError::refused(format!(
                        "the dates in \"{name}\" of {} read both as month/day and as day/month \
                         (no day is above 12); say which comes first (on the command line, \
                         --day-first or --month-first). Nothing was imported",
                        path.display()
                    ))
                })
            }),
        },
    }
}

/// Reads the whole time column in steps until some step settles the day/month order.
fn settle_date_order(
    path: &Path,
    options: &crate::reader::ReadOptions,
    column: usize,
) -> Result<Option<TimeFormat>, ImportError> {
    let reader = CsvReader::open(path, options).map_err(ImportError::Read)?;
    let mut chunk: Vec<String> = Vec::with_capacity(DATE_ORDER_CHUNK);
    let mut records = reader.filter_map(Result::ok).peekable();
    while records.peek().is_some() {
        chunk.clear();
        chunk.extend(
            records
                .by_ref()
                .take(DATE_ORDER_CHUNK)
                .map(|mut record| std::mem::take(&mut record.fields[column])),
        );
        match detect_format(chunk.iter().map(String::as_str)) {
            Detection::Format {
                format: format @ (TimeFormat::DayFirst | TimeFormat::MonthFirst),
                ..
            } => return Ok(Some(format)),
            Detection::AmbiguousDayMonth => {}
            _ => return Ok(None),
        }
    }
    Ok(None)
}

/// The earlier import of this very file as this kind, if there is one.
fn earlier_import(
    doc: &Document,
    path: &Path,
    kind: DataKind,
    file_size: u64,
    head_hash: &str,
) -> Result<Option<ImportInfo>, ImportError> {
    let candidates = doc
        .imports_like(kind, file_size, head_hash)
        .map_err(ImportError::Document)?;
    if candidates.is_empty() {
        return Ok(None);
    }
    let hash = hash_file(path, None).map_err(|source| {
        ImportError::Read(ReadError::Open {
            path: path.to_path_buf(),
            source,
        })
    })?;
    match candidates.into_iter().find(|(_, content)| *content == hash) {
        Some((id, _)) => Ok(Some(doc.import(id).map_err(ImportError::Document)?)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::Position;
    use crate::ColumnRole;

    #[test]
    fn numbers_as_exports_write_them() {
        assert_eq!(parse_number("12.50"), Some(12.5));
        assert_eq!(parse_number(" -3 "), Some(-3.0));
        assert_eq!(parse_number("$1,234.50"), Some(1234.5));
        assert_eq!(parse_number("1.234,50 €"), Some(1234.5));
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number("29.33 USD"), Some(29.33));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
    }

    fn record(line: u64, fields: &[&str]) -> Record {
        Record {
            line,
            fields: fields.iter().map(|f| f.to_string()).collect(),
            starts: vec![Position { line, column: 1 }; fields.len()],
        }
    }

    #[test]
    fn numbering_starts_over_between_chunks_once_it_holds_too_many_customers() {
        let settings = ImportSettings {
            kind: DataKind::Events,
            columns: vec![
                ColumnRole::new(Role::User, 0),
                ColumnRole::new(Role::Event, 1),
                ColumnRole::new(Role::Time, 2),
            ],
            event_name: String::new(),
            time_zone: "UTC".into(),
            day_first: None,
            encoding: None,
            delimiter: None,
            has_header: None,
        };
        let converter = Converter {
            path: "e.csv".into(),
            settings,
            zone: chrono_tz::UTC,
            time_format: Some(TimeFormat::Unix(crate::time::EpochUnit::Seconds)),
            property_columns: Vec::new(),
            seen_ids: HashSet::new(),
            customers: Numbering::default(),
            names: NameNumbering::default(),
            max_numbered: 3,
            chunk_values: Vec::new(),
            refused: Vec::new(),
            rows_refused: 0,
            first_at: None,
            last_at: None,
        };
        let rows = 2 * CHUNK_ROWS + 10;
        let records: Vec<RecordResult> = (0..rows)
            .map(|n| {
                let user = format!("u{}", n % 5);
                Ok(record(n as u64 + 2, &[&user, "view", "1700000000"]))
            })
            .collect();
        let (sender, receiver) = sync_channel(8);
        let (returned, _) = sync_channel(8);

        let done = converter
            .run(
                std::iter::once(records),
                sender,
                returned,
                &AtomicBool::new(false),
            )
            .unwrap();

        let batches: Vec<Batch> = receiver.into_iter().collect();
        assert_eq!(done.rows_refused, 0);
        assert_eq!(batches.len(), 3);
        let events: Vec<&EventRows> = batches
            .iter()
            .map(|b| match &b.rows {
                Rows::Events(events) => events,
                _ => panic!("not events"),
            })
            .collect();
        assert_eq!(
            events.iter().map(|e| e.restart).collect::<Vec<_>>(),
            [false, true, true]
        );
        // After each restart the keys are given again, numbered from 0.
        for batch in &events {
            assert_eq!(batch.new_customers.len(), 5);
            assert_eq!(batch.new_names, ["view"]);
            assert!(batch.chunk.customers.iter().all(|&c| c < 5));
        }
    }
}
