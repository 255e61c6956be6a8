//! The document file: opening, creating, migrating and reading a `.waymark` SQLite database.
//!
//! Every connection is made by [`connect`], which sets WAL, foreign keys, full sync and a busy
//! timeout. Opening a file checks it read-only first, so a file that is not a Waymark document,
//! or comes from a newer Waymark, is refused without a single byte of it being written.
//! Changes to maps go through [`crate::edit`]; imported data goes through [`data`].

mod data;
mod events;
mod read;

pub use data::{
    micros_to_rfc3339, DataKind, Finished, ImportInfo, ImportTotals, ImportWriter, NewImport,
    PersonRow, RefusedRows, SurveyRow, TicketRow, TIME_ZONE_SETTING,
};
pub use events::{EventChunk, ImportColumns, PropertyColumn, CHUNK_ROWS};
pub(crate) use read::{analytics_from_json, persona_from_row, read_map};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::error::{Error, Result, SqlContext};

/// Marks a SQLite file as a Waymark document (`PRAGMA application_id`, "WYMK").
pub const APPLICATION_ID: i32 = 0x5759_4d4b;

/// The numbered migrations, in order; a document's `user_version` is how many it has run.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_imported_data.sql"),
    include_str!("migrations/0003_analytics.sql"),
];

/// The schema version this build writes and the newest it can read.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a statement waits for another program's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// An open Waymark document.
pub struct Document {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    /// SQLite's `data_version` when last looked at; it moves when another connection commits.
    seen_version: i64,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("path", &self.path)
            .finish()
    }
}

impl Document {
    /// Creates a new, empty document at `path`; refuses to replace an existing file.
    ///
    /// # Errors
    /// [`Error::AlreadyExists`] when something is at `path`, [`Error::Io`] or a database error
    /// when the file cannot be written; a half-created file is removed.
    pub fn create(path: &Path) -> Result<Document> {
        if path.exists() {
            return Err(Error::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        let folder = path.parent().filter(|dir| !dir.as_os_str().is_empty());
        if let Some(folder) = folder.filter(|dir| !dir.is_dir()) {
            return Err(Error::Missing {
                path: folder.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let created = connect(path, flags).and_then(|conn| {
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            let mut doc = Document {
                conn,
                path: Some(path.to_path_buf()),
                seen_version: 0,
            };
            doc.migrate()?;
            // Moves the header, with the application id, from the WAL into the file, where
            // `inspect` reads it even if this process is killed right after.
            doc.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
            Ok(doc)
        });
        if created.is_err() {
            remove_with_sidecars(path);
        }
        let doc = created.map_err(|err| in_file(err, path))?;
        tracing::info!(path = %path.display(), "created document");
        Ok(doc)
    }

    /// Opens the document at `path`, migrating it if it comes from an older Waymark.
    ///
    /// # Errors
    /// [`Error::Missing`], [`Error::NotADocument`], [`Error::NewerVersion`],
    /// [`Error::ReadOnly`] or [`Error::Locked`], each leaving the file as it was.
    pub fn open(path: &Path) -> Result<Document> {
        inspect(path)?;
        if is_read_only(path) {
            return Err(Error::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .and_then(|conn| {
                // Takes the write lock once, to tell a locked file from a free one, and reads
                // the schema, to tell a damaged file from a sound one, before anything else.
                conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;")?;
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                    r.get::<_, i64>(0)
                })?;
                Ok(conn)
            })
            .map_err(|err| in_file(err, path))?;
        let mut doc = Document {
            conn,
            path: Some(path.to_path_buf()),
            seen_version: 0,
        };
        doc.migrate().map_err(|err| in_file(err, path))?;
        tracing::info!(path = %path.display(), "opened document");
        Ok(doc)
    }

    /// A document that lives in memory only; for tests and scratch work.
    pub fn open_in_memory() -> Result<Document> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        let mut doc = Document {
            conn,
            path: None,
            seen_version: 0,
        };
        doc.migrate()?;
        Ok(doc)
    }

    /// Where the document is stored; `None` for an in-memory document.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Writes a consistent copy of the document to `target`, replacing what is there.
    ///
    /// The copy is written beside the target first and renamed into place, so a failure
    /// leaves any existing file at `target` untouched.
    pub fn save_copy(&self, target: &Path) -> Result<()> {
        let dir = target.parent().filter(|dir| !dir.as_os_str().is_empty());
        let dir = dir.unwrap_or_else(|| Path::new("."));
        let name = target
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("copy");
        let partial = dir.join(format!(".{name}.partial"));
        let _ = std::fs::remove_file(&partial);
        let sql = "VACUUM INTO ?1";
        self.conn
            .execute(sql, [partial.to_string_lossy()])
            .sql(sql)?;
        std::fs::rename(&partial, target).map_err(|source| {
            let _ = std::fs::remove_file(&partial);
            Error::Io {
                path: target.to_path_buf(),
                source,
            }
        })?;
        tracing::info!(path = %target.display(), "saved a copy of the document");
        Ok(())
    }

    /// Whether another program (the command-line tool, a script) changed the document since
    /// the last call; the first call only starts watching.
    pub fn changed_elsewhere(&mut self) -> Result<bool> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        let changed = self.seen_version != 0 && version != self.seen_version;
        self.seen_version = version;
        Ok(changed)
    }

    /// Forgets every undo and redo step, keeping the document as it is.
    pub fn clear_history(&mut self) -> Result<()> {
        self.conn
            .execute("DELETE FROM edits", [])
            .sql("DELETE FROM edits")?;
        Ok(())
    }

    /// Runs the migrations the document has not had yet, each in its own transaction.
    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            let path = self.path.clone().unwrap_or_default();
            return Err(Error::NewerVersion {
                path,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql).sql(sql)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()?;
            tracing::info!(version = index + 1, "migrated document");
        }
        Ok(())
    }
}

/// Opens a connection with the settings every Waymark connection has.
pub fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    configure(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if !conn.is_readonly(rusqlite::MAIN_DB)? {
        // WAL keeps readers (the command-line tool) working while the app writes; FULL sync
        // makes a committed edit survive a power cut, not only a killed process.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        keep_wal_files(conn);
        // The kept log is cut back to this after a checkpoint, not left at an import's size.
        conn.pragma_update(None, "journal_size_limit", 16 * 1024 * 1024)?;
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// Leaves the `-wal` and `-shm` files in place when this connection closes.
///
/// The last connection to close normally removes them. It tells it is the last from the
/// locks the others hold, and a process drops every lock it holds on a file when it closes
/// any handle on that file, even one it opened for something else: the system's file dialog
/// in the app reads the files of a folder to tell their types. The command line then took
/// itself for the last and removed the log the window was still writing to, losing its
/// edits. Kept files cost nothing: the log is checkpointed on close as before, so the
/// document file alone holds everything.
fn keep_wal_files(conn: &Connection) {
    let mut keep: std::ffi::c_int = 1;
    // SAFETY: the handle is open for the whole call, and SQLITE_FCNTL_PERSIST_WAL takes a
    // pointer to one int, which lives across it.
    let rc = unsafe {
        rusqlite::ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            rusqlite::ffi::SQLITE_FCNTL_PERSIST_WAL,
            (&mut keep as *mut std::ffi::c_int).cast(),
        )
    };
    if rc != rusqlite::ffi::SQLITE_OK {
        tracing::warn!(rc, "could not ask SQLite to keep the write-ahead log");
    }
}

/// Checks, without writing anything, that `path` is a Waymark document this build can read.
///
/// The check reads the 100-byte SQLite header itself instead of opening the database: even a
/// read-only SQLite connection to a WAL database creates its `-wal` and `-shm` files.
fn inspect(path: &Path) -> Result<()> {
    let not_a_document = |reason: &str| Error::NotADocument {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let header = read_header(path)?;
    if header.is_empty() {
        return Err(not_a_document("the file is empty"));
    }
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        return Err(not_a_document("it is not a SQLite database"));
    }
    let field = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let version = i64::from(field(60));
    let app = field(68) as i32;
    if app != APPLICATION_ID {
        return Err(not_a_document("it is a SQLite database of another program"));
    }
    if version > SCHEMA_VERSION {
        let path = path.to_path_buf();
        return Err(Error::NewerVersion {
            path,
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn read_header(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Missing {
                path: path.to_path_buf(),
            })
        }
        Err(err) => return Err(io(err)),
    };
    if file.metadata().map_err(io)?.is_dir() {
        return Err(Error::NotADocument {
            path: path.to_path_buf(),
            reason: "it is a folder".to_string(),
        });
    }
    let mut header = Vec::with_capacity(100);
    file.by_ref()
        .take(100)
        .read_to_end(&mut header)
        .map_err(io)?;
    Ok(header)
}

/// True when the file's permissions forbid writing, whoever we run as.
fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path)
        .map(|meta| meta.permissions().readonly())
        .unwrap_or(false)
}

/// Turns SQLite's codes for "busy", "read-only", "not a database" and "damaged" into errors
/// that name the file.
fn in_file(err: Error, path: &Path) -> Error {
    let code = match &err {
        Error::Sqlite(rusqlite::Error::SqliteFailure(code, _)) => code.code,
        Error::Sql {
            source: rusqlite::Error::SqliteFailure(code, _),
            ..
        } => code.code,
        _ => return err,
    };
    let path = path.to_path_buf();
    match code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Error::Locked { path },
        ErrorCode::ReadOnly | ErrorCode::CannotOpen => Error::ReadOnly { path },
        ErrorCode::NotADatabase => Error::NotADocument {
            path,
            reason: "it is not a SQLite database".to_string(),
        },
        ErrorCode::DatabaseCorrupt => Error::Damaged { path },
        _ => err,
    }
}

fn remove_with_sidecars(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_on_an_empty_database_and_set_the_version() {
        let doc = Document::open_in_memory().unwrap();
        let version: i64 = doc
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let fk: i64 = doc
            .conn
            .pragma_query_value(None, "foreign_keys", |row| row.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn every_migration_is_valid_sql_on_its_own() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in MIGRATIONS {
            conn.execute_batch(sql).unwrap();
        }
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert!(tables >= 9, "expected the schema's tables, found {tables}");
    }
}
