//! Imported data in the document: the list of imports, the bulk writer one import goes through,
//! and removing an import with its rows.
//!
//! An import is one transaction. [`Document::begin_import`] opens it and records the import;
//! the [`ImportWriter`] adds rows; [`ImportWriter::finish`] commits. Dropping the writer
//! without finishing it (cancel, error, panic) rolls everything back, and a process killed
//! half way leaves only uncommitted WAL frames that SQLite ignores: in every case the document
//! is exactly as before. Reading files is not this module's concern (see `waymark-import`).

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Statement};

use super::events::{insert_chunk, EventChunk};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::edit::now;
use crate::error::{Error, Result, SqlContext};
use crate::model::Id;
use crate::store::Document;

/// What kind of file an import holds; it decides the columns it needs and where rows go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    /// One row per event: customer, event name, time, other columns as properties.
    Events,
    /// One row per purchase: customer, time, optional amount; stored as events of one name.
    Orders,
    /// One row per customer: id and attributes.
    People,
    /// Support tickets: id, optional customer and time, text, category, channel, status, score.
    Tickets,
    /// Survey answers: a score, optional customer, comment and time.
    Survey,
}

impl DataKind {
    /// Every kind, in the order the import dialog offers them.
    pub const ALL: [DataKind; 5] = [
        DataKind::Events,
        DataKind::Orders,
        DataKind::People,
        DataKind::Tickets,
        DataKind::Survey,
    ];

    /// The name stored in the document and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DataKind::Events => "events",
            DataKind::Orders => "orders",
            DataKind::People => "people",
            DataKind::Tickets => "tickets",
            DataKind::Survey => "survey",
        }
    }

    /// The kind of a stored or typed name.
    pub fn from_name(name: &str) -> Option<DataKind> {
        DataKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// Rows of one reason that an import did not take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RefusedRows {
    /// Why, as a short phrase ("the time cannot be read").
    pub reason: String,
    /// How many rows.
    #[ts(type = "number")]
    pub count: u64,
    /// The lines of the first few of them, in file order.
    #[ts(type = "Array<number>")]
    pub lines: Vec<u64>,
    /// The full message of the first one, with file, line and column.
    pub example: String,
}

/// An import as the document lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportInfo {
    #[ts(type = "number")]
    pub id: Id,
    /// The file's name, without its folder.
    pub file_name: String,
    pub kind: DataKind,
    /// When it was imported, RFC 3339 UTC.
    pub imported_at: String,
    #[ts(type = "number")]
    pub rows_taken: u64,
    #[ts(type = "number")]
    pub rows_refused: u64,
    pub refused: Vec<RefusedRows>,
    /// The earliest and latest time of its rows, RFC 3339 UTC, when its rows have times.
    pub first_at: Option<String>,
    pub last_at: Option<String>,
}

/// What is known of a file before its rows are written.
#[derive(Debug, Clone)]
pub struct NewImport {
    pub file_name: String,
    pub kind: DataKind,
    pub file_size: u64,
    /// Hash of the file's first bytes, to find a possible earlier import of the same file fast.
    pub head_hash: String,
    /// How the file was read, as JSON; kept for the record and shown in the imports list.
    pub options: serde_json::Value,
    /// The headers of the columns kept as properties, in the order rows give their values.
    pub properties: Vec<String>,
}

/// The totals of a finished import.
#[derive(Debug, Clone, Default)]
pub struct ImportTotals {
    /// Hash of the whole file as stored on disk.
    pub content_hash: String,
    pub rows_taken: u64,
    pub rows_refused: u64,
    pub refused: Vec<RefusedRows>,
    /// Earliest and latest row time, microseconds since the epoch.
    pub first_at: Option<i64>,
    pub last_at: Option<i64>,
}

/// How [`ImportWriter::finish`] ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Finished {
    /// The rows are in the document.
    Stored(ImportInfo),
    /// The same file was already imported as the same kind; nothing was added.
    AlreadyImported(ImportInfo),
}

/// A customer's attributes.
#[derive(Debug, Clone, Copy)]
pub struct PersonRow<'a> {
    pub customer: &'a str,
    pub properties: Option<&'a str>,
}

/// A support ticket.
#[derive(Debug, Clone, Copy)]
pub struct TicketRow<'a> {
    pub ticket: &'a str,
    pub customer: Option<&'a str>,
    pub at: Option<i64>,
    pub text: Option<&'a str>,
    pub category: Option<&'a str>,
    pub channel: Option<&'a str>,
    pub status: Option<&'a str>,
    pub score: Option<f64>,
    pub properties: Option<&'a str>,
}

/// A survey answer.
#[derive(Debug, Clone, Copy)]
pub struct SurveyRow<'a> {
    pub customer: Option<&'a str>,
    pub score: f64,
    pub text: Option<&'a str>,
    pub at: Option<i64>,
    pub properties: Option<&'a str>,
}

/// Customer ids kept in memory while importing. Beyond this many, the cache starts over and
/// lookups go to the document's index, so memory stays bounded on files of many customers.
const MAX_CACHED_CUSTOMERS: usize = 1 << 21;

/// Page cache of the importing connection, in KiB (SQLite's negative `cache_size`).
const IMPORT_CACHE_KIB: i64 = 64 * 1024;

/// Writes the rows of one import inside one transaction; see the module docs.
pub struct ImportWriter<'a> {
    conn: &'a Connection,
    import_id: Id,
    find_customer: Statement<'a>,
    insert_customer: Statement<'a>,
    customers: HashMap<Box<str>, Id>,
    names: HashMap<Box<str>, Id>,
    /// Customer and name ids by the numbers of [`ImportWriter::add_events`].
    coded_customers: Vec<u32>,
    coded_names: Vec<u32>,
    open: bool,
}

impl Document {
    /// Every import, oldest first.
    pub fn imports(&self) -> Result<Vec<ImportInfo>> {
        let sql = "SELECT id, file_name, kind, imported_at, rows_taken, rows_refused, refused, \
                   first_at, last_at FROM imports ORDER BY id";
        let mut stmt = self.conn.prepare(sql).sql(sql)?;
        let rows = stmt.query_map([], import_info).sql(sql)?;
        rows.map(|row| row.sql(sql)?).collect()
    }

    /// The import with this id.
    pub fn import(&self, id: Id) -> Result<ImportInfo> {
        import_by_id(&self.conn, id)
    }

    /// Earlier imports of a file of this kind, size and first bytes, with their whole-file
    /// hashes: the candidates for "this file was already imported".
    pub fn imports_like(
        &self,
        kind: DataKind,
        file_size: u64,
        head_hash: &str,
    ) -> Result<Vec<(Id, String)>> {
        let sql = "SELECT id, content_hash FROM imports \
                   WHERE kind = ?1 AND file_size = ?2 AND head_hash = ?3";
        let mut stmt = self.conn.prepare(sql).sql(sql)?;
        let rows = stmt
            .query_map(params![kind.as_str(), file_size as i64, head_hash], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .sql(sql)?;
        rows.map(|row| row.sql(sql)).collect()
    }

    /// Starts an import: opens its transaction and records it. Nothing is visible to other
    /// connections until [`ImportWriter::finish`].
    pub fn begin_import(&mut self, import: NewImport) -> Result<ImportWriter<'_>> {
        let conn = &self.conn;
        conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        conn.execute_batch("BEGIN IMMEDIATE")
            .sql("BEGIN IMMEDIATE")?;
        let writer = (|| {
            let sql = "INSERT INTO imports (file_name, kind, imported_at, file_size, head_hash, \
                       content_hash, options, properties, rows_taken, rows_refused, refused) \
                       VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, 0, 0, '[]')";
            conn.execute(
                sql,
                params![
                    import.file_name,
                    import.kind.as_str(),
                    now(),
                    import.file_size as i64,
                    import.head_hash,
                    import.options.to_string(),
                    serde_json::to_string(&import.properties)?,
                ],
            )
            .sql(sql)?;
            let import_id = conn.last_insert_rowid();
            let prepare = |sql: &str| conn.prepare(sql).sql(sql);
            Ok(ImportWriter {
                conn,
                import_id,
                find_customer: prepare("SELECT id FROM customers WHERE key = ?1")?,
                insert_customer: prepare(
                    "INSERT INTO customers (key) VALUES (?1) ON CONFLICT (key) DO NOTHING",
                )?,
                customers: HashMap::new(),
                names: HashMap::new(),
                coded_customers: Vec::new(),
                coded_names: Vec::new(),
                open: true,
            })
        })();
        if writer.is_err() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        writer
    }

    /// Removes an import and every row it brought; customers and event names no other import
    /// mentions go too. Maps are untouched. Returns what was removed.
    pub fn remove_import(&mut self, id: Id) -> Result<ImportInfo> {
        let tx = self.conn.transaction()?;
        let removed = import_by_id(&tx, id)?;
        for sql in [
            "DELETE FROM event_chunks WHERE import_id = ?1",
            "DELETE FROM people WHERE import_id = ?1",
            "DELETE FROM tickets WHERE import_id = ?1",
            "DELETE FROM survey_answers WHERE import_id = ?1",
            "DELETE FROM imports WHERE id = ?1",
        ] {
            tx.execute(sql, [id]).sql(sql)?;
        }
        forget_unused_keys(&tx)?;
        tx.commit()?;
        tracing::info!(id, file = %removed.file_name, "removed import");
        Ok(removed)
    }

    /// A document setting, `None` when never set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        let sql = "SELECT value FROM settings WHERE key = ?1";
        self.conn
            .query_row(sql, [key], |row| row.get(0))
            .optional()
            .sql(sql)
    }

    /// The time zone of the document's data (naive timestamps, calendar days); UTC until
    /// someone picks one.
    pub fn time_zone(&self) -> Result<String> {
        Ok(self
            .setting(TIME_ZONE_SETTING)?
            .unwrap_or_else(|| "UTC".to_string()))
    }

    /// The metrics last computed for a map: their fingerprint, when, and the result as JSON.
    pub fn cached_metrics(&self, map: Id) -> Result<Option<(String, String, String)>> {
        let sql = "SELECT fingerprint, computed_at, result FROM metrics_cache WHERE map_id = ?1";
        self.conn
            .query_row(sql, [map], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()
            .sql(sql)
    }

    /// Keeps a map's metrics with the fingerprint of what they were computed from. Derived
    /// data: outside the undo history, and replaced whenever the fingerprint changes.
    pub fn store_metrics(
        &mut self,
        map: Id,
        fingerprint: &str,
        computed_at: &str,
        result: &str,
    ) -> Result<()> {
        let sql = "INSERT INTO metrics_cache (map_id, fingerprint, computed_at, result) \
                   VALUES (?1, ?2, ?3, ?4) ON CONFLICT (map_id) DO UPDATE SET \
                   fingerprint = excluded.fingerprint, computed_at = excluded.computed_at, \
                   result = excluded.result";
        self.conn
            .execute(sql, params![map, fingerprint, computed_at, result])
            .sql(sql)?;
        Ok(())
    }

    /// Sets a document setting. Settings are preferences, outside the undo history.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let sql = "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        self.conn.execute(sql, [key, value]).sql(sql)?;
        Ok(())
    }
}

impl ImportWriter<'_> {
    /// The id the import will have once finished.
    pub fn import_id(&self) -> Id {
        self.import_id
    }

    /// Adds a chunk of events (or purchases) whose customers and names are given by number:
    /// the numbers count, across the calls of one import, the keys of `new_customers` and
    /// `new_names` passed so far, from 0. `restart` forgets the numbers of earlier calls first
    /// (the reader started its numbering over, to bound its memory). This way the reading
    /// thread hashes keys and the writing thread meets each key once.
    pub fn add_events(
        &mut self,
        restart: bool,
        new_customers: &[String],
        new_names: &[String],
        mut chunk: EventChunk,
    ) -> Result<()> {
        if restart {
            self.coded_customers.clear();
            self.coded_names.clear();
        }
        for key in new_customers {
            let id = self.lookup_customer(key)?;
            self.coded_customers.push(stored_id(id)?);
        }
        for name in new_names {
            let id = self.event_name(name)?;
            self.coded_names.push(stored_id(id)?);
        }
        renumber(&mut chunk.customers, &self.coded_customers, "customer")?;
        renumber(&mut chunk.names, &self.coded_names, "event name")?;
        insert_chunk(self.conn, self.import_id, &chunk)
    }

    /// The connection the import writes through.
    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        self.conn
    }

    /// Adds customers' attributes.
    pub fn add_people(&mut self, rows: &[PersonRow]) -> Result<()> {
        for row in rows {
            let customer = self.customer(row.customer)?;
            let sql = "INSERT INTO people (import_id, customer_id, properties) VALUES (?1, ?2, ?3)";
            let mut stmt = self.conn.prepare_cached(sql).sql(sql)?;
            stmt.execute(params![self.import_id, customer, row.properties])
                .sql(sql)?;
        }
        Ok(())
    }

    /// Adds support tickets.
    pub fn add_tickets(&mut self, rows: &[TicketRow]) -> Result<()> {
        for row in rows {
            let customer = row.customer.map(|key| self.customer(key)).transpose()?;
            let sql = "INSERT INTO tickets (import_id, ticket, customer_id, at, text, category, \
                       channel, status, score, properties) \
                       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
            let mut stmt = self.conn.prepare_cached(sql).sql(sql)?;
            stmt.execute(params![
                self.import_id,
                row.ticket,
                customer,
                row.at,
                row.text,
                row.category,
                row.channel,
                row.status,
                row.score,
                row.properties
            ])
            .sql(sql)?;
        }
        Ok(())
    }

    /// Adds survey answers.
    pub fn add_survey_answers(&mut self, rows: &[SurveyRow]) -> Result<()> {
        for row in rows {
            let customer = row.customer.map(|key| self.customer(key)).transpose()?;
            let sql = "INSERT INTO survey_answers (import_id, customer_id, score, text, at, \
                       properties) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
            let mut stmt = self.conn.prepare_cached(sql).sql(sql)?;
            stmt.execute(params![
                self.import_id,
                customer,
                row.score,
                row.text,
                row.at,
                row.properties
            ])
            .sql(sql)?;
        }
        Ok(())
    }

    /// Commits the import with its totals, unless the same file was already imported as the
    /// same kind: then everything is rolled back and the earlier import is returned.
    pub fn finish(mut self, totals: ImportTotals) -> Result<Finished> {
        let sql = "SELECT id FROM imports WHERE kind = (SELECT kind FROM imports WHERE id = ?1) \
                   AND content_hash = ?2 AND id != ?1 ORDER BY id LIMIT 1";
        let earlier: Option<Id> = self
            .conn
            .query_row(sql, params![self.import_id, totals.content_hash], |row| {
                row.get(0)
            })
            .optional()
            .sql(sql)?;
        if let Some(earlier) = earlier {
            self.rollback();
            return Ok(Finished::AlreadyImported(import_by_id(self.conn, earlier)?));
        }

        let sql = "UPDATE imports SET content_hash = ?2, rows_taken = ?3, rows_refused = ?4, \
                   refused = ?5, first_at = ?6, last_at = ?7 WHERE id = ?1";
        self.conn
            .execute(
                sql,
                params![
                    self.import_id,
                    totals.content_hash,
                    totals.rows_taken as i64,
                    totals.rows_refused as i64,
                    serde_json::to_string(&totals.refused)?,
                    totals.first_at,
                    totals.last_at,
                ],
            )
            .sql(sql)?;
        self.conn.execute_batch("COMMIT").sql("COMMIT")?;
        self.open = false;
        self.restore_cache();
        let info = import_by_id(self.conn, self.import_id)?;
        tracing::info!(
            id = info.id,
            file = %info.file_name,
            kind = info.kind.as_str(),
            taken = info.rows_taken,
            refused = info.rows_refused,
            "imported"
        );
        Ok(Finished::Stored(info))
    }

    fn customer(&mut self, key: &str) -> Result<Id> {
        if let Some(&id) = self.customers.get(key) {
            return Ok(id);
        }
        let id = self.lookup_customer(key)?;
        if self.customers.len() >= MAX_CACHED_CUSTOMERS {
            self.customers.clear();
        }
        self.customers.insert(key.into(), id);
        Ok(id)
    }

    /// The id of a customer key in the document, adding the key if it is new.
    fn lookup_customer(&mut self, key: &str) -> Result<Id> {
        // Most keys of an import are new: inserting first costs one statement for those.
        let inserted = self
            .insert_customer
            .execute([key])
            .sql("INSERT INTO customers")?;
        if inserted == 1 {
            return Ok(self.conn.last_insert_rowid());
        }
        self.find_customer
            .query_row([key], |row| row.get(0))
            .sql("SELECT id FROM customers")
    }

    fn event_name(&mut self, name: &str) -> Result<Id> {
        if let Some(&id) = self.names.get(name) {
            return Ok(id);
        }
        let sql = "INSERT INTO event_names (name) VALUES (?1) \
                   ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id";
        let id = self
            .conn
            .query_row(sql, [name], |row| row.get(0))
            .sql(sql)?;
        self.names.insert(name.into(), id);
        Ok(id)
    }

    fn rollback(&mut self) {
        if self.open {
            self.open = false;
            if let Err(err) = self.conn.execute_batch("ROLLBACK") {
                tracing::error!(%err, "rolling back an import failed");
            }
            self.restore_cache();
        }
    }

    fn restore_cache(&self) {
        let _ = self.conn.pragma_update(None, "cache_size", -2000);
    }
}

impl Drop for ImportWriter<'_> {
    fn drop(&mut self) {
        if self.open {
            tracing::info!(id = self.import_id, "import rolled back");
        }
        self.rollback();
    }
}

/// Deletes the customers and event names no remaining row mentions.
fn forget_unused_keys(conn: &Connection) -> Result<()> {
    let mut customers = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    super::events::scan_chunks(conn, |chunk| {
        customers.extend(chunk.customers.iter().copied());
        names.extend(chunk.names.iter().copied());
    })?;
    let sql = "DELETE FROM customers WHERE id NOT IN (SELECT id FROM temp.kept \
               UNION SELECT customer_id FROM people \
               UNION SELECT customer_id FROM tickets WHERE customer_id IS NOT NULL \
               UNION SELECT customer_id FROM survey_answers WHERE customer_id IS NOT NULL)";
    delete_unkept(conn, &customers, sql)?;
    let sql = "DELETE FROM event_names WHERE id NOT IN (SELECT id FROM temp.kept)";
    delete_unkept(conn, &names, sql)?;
    Ok(())
}

/// Runs `delete`, which deletes what `temp.kept` does not list, with `kept` in that table.
fn delete_unkept(
    conn: &Connection,
    kept: &std::collections::HashSet<u32>,
    delete: &str,
) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS kept (id INTEGER PRIMARY KEY); DELETE FROM temp.kept;",
    )?;
    let sql = "INSERT INTO temp.kept (id) VALUES (?1)";
    let mut keep = conn.prepare(sql).sql(sql)?;
    for id in kept {
        keep.execute([id]).sql(sql)?;
    }
    conn.execute(delete, []).sql(delete)?;
    conn.execute("DELETE FROM temp.kept", [])?;
    Ok(())
}

/// Replaces the reader's numbers by stored ids.
fn renumber(numbers: &mut [u32], ids: &[u32], what: &str) -> Result<()> {
    for number in numbers {
        *number = *ids.get(*number as usize).ok_or_else(|| {
            Error::Invalid(format!(
                "an imported event names {what} {number}, never given"
            ))
        })?;
    }
    Ok(())
}

/// A row id as event chunks store it.
fn stored_id(id: Id) -> Result<u32> {
    u32::try_from(id).map_err(|_| Error::Invalid(format!("id {id} is too large for an event")))
}

fn import_by_id(conn: &Connection, id: Id) -> Result<ImportInfo> {
    let sql = "SELECT id, file_name, kind, imported_at, rows_taken, rows_refused, refused, \
               first_at, last_at FROM imports WHERE id = ?1";
    conn.query_row(sql, [id], import_info)
        .optional()
        .sql(sql)?
        .ok_or_else(|| Error::NotFound(format!("there is no import {id} in this document")))?
}

fn import_info(row: &rusqlite::Row) -> rusqlite::Result<Result<ImportInfo>> {
    let kind: String = row.get(2)?;
    let refused: String = row.get(6)?;
    let time = |at: Option<i64>| at.and_then(micros_to_rfc3339);
    let info = (|| {
        Ok(ImportInfo {
            id: row.get(0)?,
            file_name: row.get(1)?,
            kind: DataKind::from_name(&kind)
                .ok_or_else(|| Error::Invalid(format!("unknown import kind \"{kind}\"")))?,
            imported_at: row.get(3)?,
            rows_taken: row.get::<_, i64>(4)? as u64,
            rows_refused: row.get::<_, i64>(5)? as u64,
            refused: serde_json::from_str(&refused)?,
            first_at: time(row.get(7)?),
            last_at: time(row.get(8)?),
        })
    })();
    Ok(info)
}

/// The document setting holding the time zone of its data.
pub const TIME_ZONE_SETTING: &str = "time_zone";

/// Microseconds since the epoch as RFC 3339 UTC, to the second.
pub fn micros_to_rfc3339(micros: i64) -> Option<String> {
    chrono::DateTime::from_timestamp_micros(micros)
        .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}
