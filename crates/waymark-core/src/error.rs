//! The errors of the core, each carrying what a person needs to act on it.

use std::path::PathBuf;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file exists but is not a SQLite database, or is a SQLite database of another program.
    #[error("{path} is not a Waymark document ({reason}); it was left unchanged")]
    NotADocument { path: PathBuf, reason: String },

    /// The document was written by a newer Waymark whose schema this build does not know.
    #[error(
        "{path} was saved by a newer version of Waymark (document version {found}, this \
         version reads up to {supported}); update Waymark to open it. The file was left unchanged"
    )]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// The file or its folder cannot be written.
    #[error(
        "{path} is read-only; Waymark needs to write to a document it opens. Copy it somewhere \
         writable, or change its permissions, and open it again"
    )]
    ReadOnly { path: PathBuf },

    /// Another program holds a lock on the file.
    #[error("{path} is locked by another program; close it there and try again")]
    Locked { path: PathBuf },

    /// The file is a Waymark document whose content is damaged (cut short, overwritten).
    #[error(
        "{path} is damaged and cannot be read; open a backup or an earlier copy of it. \
         The file was left unchanged"
    )]
    Damaged { path: PathBuf },

    /// No file at the given path.
    #[error("{path} does not exist")]
    Missing { path: PathBuf },

    /// Creating a document where a file already is.
    #[error("{path} already exists; choose another name")]
    AlreadyExists { path: PathBuf },

    /// A thing named in an edit or a query is not in the document; the text says what.
    #[error("{0}")]
    NotFound(String),

    /// An edit or argument that makes no sense for the document as it is.
    #[error("{0}")]
    Invalid(String),

    /// A failed SQL statement, with the statement that failed.
    #[error("database error in `{sql}`: {}", sqlite_message(source))]
    Sql {
        sql: String,
        source: rusqlite::Error,
    },

    /// Any other SQLite failure.
    #[error("database error: {}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),

    /// A file system failure, with the path involved.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A stored value that does not decode (a damaged or hand-edited document).
    #[error("stored data does not decode: {0}")]
    Decode(#[from] serde_json::Error),
}

/// SQLite's own sentence for a failure, without rusqlite's repetition of it.
fn sqlite_message(err: &rusqlite::Error) -> String {
    match err {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        other => other.to_string(),
    }
}

/// The result type of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Adds the failing statement to a rusqlite error.
pub(crate) trait SqlContext<T> {
    fn sql(self, sql: &str) -> Result<T>;
}

impl<T> SqlContext<T> for rusqlite::Result<T> {
    fn sql(self, sql: &str) -> Result<T> {
        self.map_err(|source| Error::Sql {
            sql: sql.trim().to_string(),
            source,
        })
    }
}
