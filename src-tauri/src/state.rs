//! What the app holds between commands: the open document and the settings file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};
use waymark_core::{sample, Document, Id};

/// How many documents File > Open Recent lists.
const RECENT_LIMIT: usize = 10;

/// The name of the sample document in the app's data folder.
const SAMPLE_FILE: &str = "Sample.waymark";

/// The open document and the map shown from it.
pub struct Session {
    pub doc: Document,
    pub path: PathBuf,
    pub map: Option<Id>,
    /// Held while the document is open, so a second Waymark window cannot open it too.
    _lock: Option<std::fs::File>,
}

/// Takes the exclusive advisory lock that marks a document as open in a Waymark window.
///
/// The lock is `flock`, which SQLite's own byte-range locks do not see, so the command-line
/// tool can still read and change the document; the window notices such changes (see
/// `check_for_changes`).
#[cfg(unix)]
fn lock_document(path: &Path) -> waymark_core::Result<Option<std::fs::File>> {
    let io = |source| waymark_core::Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Err(waymark_core::Error::Invalid(format!(
            "{} is already open in another Waymark window; switch to that window",
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(err)) => Err(io(err)),
    }
}

/// TODO: on Windows a whole-file lock would also block SQLite's own reads and writes; a
/// lock on a companion file would keep a second window out there too.
#[cfg(not(unix))]
fn lock_document(_path: &Path) -> waymark_core::Result<Option<std::fs::File>> {
    Ok(None)
}

/// What the app remembers across starts.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Settings {
    /// The document open when the app last closed; `None` after File > Close.
    pub last_document: Option<PathBuf>,
    /// Most recent first.
    #[serde(default)]
    pub recent: Vec<PathBuf>,
    /// The map last shown in each document, by the document's path.
    #[serde(default)]
    pub last_map: std::collections::BTreeMap<String, Id>,
}

/// The state Tauri hands to every command.
pub struct AppState {
    session: Mutex<Option<Session>>,
    settings: Mutex<Settings>,
    settings_path: PathBuf,
    data_dir: PathBuf,
    /// Why the document could not be opened at start, shown once by the UI.
    pub startup_error: Mutex<Option<String>>,
    /// The cancel flag of the import running in the background, if one is.
    import: Mutex<Option<Arc<AtomicBool>>>,
    /// The cancel flag of the metrics computation running in the background, if one is.
    metrics: Mutex<Option<Arc<AtomicBool>>>,
    /// The events as last read for metrics, kept so that a change of binding recomputes
    /// without reading the document again.
    pub logs: Arc<Mutex<waymark_analytics::metrics::LogCache>>,
}

impl AppState {
    /// Loads the settings and opens the last document, or the sample on a first start.
    pub fn start(app: &AppHandle) -> tauri::Result<AppState> {
        let settings_path = app.path().app_config_dir()?.join("settings.json");
        let data_dir = app.path().app_data_dir()?;
        let settings = load_settings(&settings_path);
        let state = AppState {
            session: Mutex::new(None),
            settings: Mutex::new(settings),
            settings_path,
            data_dir,
            startup_error: Mutex::new(None),
            import: Mutex::new(None),
            metrics: Mutex::new(None),
            logs: Arc::default(),
        };
        state.open_at_start();
        Ok(state)
    }

    fn open_at_start(&self) {
        let last = self.settings().last_document.clone();
        if let Some(path) = last {
            match self.open(&path) {
                Ok(()) => return,
                Err(err) => {
                    let shown = path.display();
                    tracing::warn!(path = %shown, "could not reopen the last document: {err}");
                    *self.startup_error.lock().unwrap() =
                        Some(format!("Waymark could not reopen the last document: {err}"));
                }
            }
        }
        if let Err(err) = self.open_sample() {
            tracing::warn!("could not open the sample document: {err}");
            *self.startup_error.lock().unwrap() = Some(err.to_string());
        }
    }

    /// Opens the sample document, creating it in the app's data folder if it is not there.
    pub fn open_sample(&self) -> waymark_core::Result<()> {
        let path = self.data_dir.join(SAMPLE_FILE);
        if !path.exists() {
            std::fs::create_dir_all(&self.data_dir).map_err(|source| waymark_core::Error::Io {
                path: self.data_dir.clone(),
                source,
            })?;
            let mut doc = Document::create(&path)?;
            sample::fill(&mut doc)?;
            tracing::info!(path = %path.display(), "created the sample document");
        }
        self.open(&path)
    }

    /// Opens the document at `path` in place of the open one.
    pub fn open(&self, path: &Path) -> waymark_core::Result<()> {
        let already_open = self.session().as_ref().map(|s| s.path.clone());
        if already_open.is_some() && already_open == std::fs::canonicalize(path).ok() {
            return Ok(());
        }
        let lock = lock_document(path)?;
        let doc = Document::open(path)?;
        self.install(doc, path, lock)
    }

    /// Creates an empty document at `path` and opens it.
    pub fn create(&self, path: &Path) -> waymark_core::Result<()> {
        let doc = Document::create(path)?;
        let lock = lock_document(path)?;
        self.install(doc, path, lock)
    }

    fn install(
        &self,
        mut doc: Document,
        path: &Path,
        lock: Option<std::fs::File>,
    ) -> waymark_core::Result<()> {
        doc.changed_elsewhere()?;
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let key = path.to_string_lossy().into_owned();
        let remembered = self.settings().last_map.get(&key).copied();
        let maps = doc.maps()?;
        let map = remembered
            .filter(|id| maps.iter().any(|m| m.id == *id))
            .or(maps.first().map(|m| m.id));
        *self.session.lock().unwrap() = Some(Session {
            doc,
            path: path.clone(),
            map,
            _lock: lock,
        });
        self.update_settings(|settings| {
            settings.last_document = Some(path.clone());
            settings.recent.retain(|p| p != &path);
            settings.recent.insert(0, path.clone());
            settings.recent.truncate(RECENT_LIMIT);
        });
        Ok(())
    }

    /// Closes the open document; the next start opens the sample.
    pub fn close(&self) {
        if let Some(session) = self.session.lock().unwrap().take() {
            tracing::info!(path = %session.path.display(), "closed document");
        }
        self.update_settings(|settings| settings.last_document = None);
    }

    /// The open document, if any.
    pub fn session(&self) -> MutexGuard<'_, Option<Session>> {
        self.session.lock().unwrap()
    }

    /// Marks an import as running and returns its cancel flag; `None` when one already runs.
    pub fn begin_import(&self) -> Option<Arc<AtomicBool>> {
        let mut import = self.import.lock().unwrap();
        if import.is_some() {
            return None;
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *import = Some(Arc::clone(&cancel));
        Some(cancel)
    }

    /// Whether an import runs in the background.
    pub fn import_running(&self) -> bool {
        self.import.lock().unwrap().is_some()
    }

    /// Asks the running import, if any, to stop.
    pub fn cancel_import(&self) {
        if let Some(cancel) = self.import.lock().unwrap().as_ref() {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Marks the running import as over.
    pub fn end_import(&self) {
        *self.import.lock().unwrap() = None;
    }

    /// Marks a metrics computation as running and returns its cancel flag; `None` when one
    /// already runs.
    pub fn begin_metrics(&self) -> Option<Arc<AtomicBool>> {
        let mut running = self.metrics.lock().unwrap();
        if running.is_some() {
            return None;
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *running = Some(Arc::clone(&cancel));
        Some(cancel)
    }

    /// Asks the running metrics computation, if any, to stop.
    pub fn cancel_metrics(&self) {
        if let Some(cancel) = self.metrics.lock().unwrap().as_ref() {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Marks the running metrics computation as over.
    pub fn end_metrics(&self) {
        *self.metrics.lock().unwrap() = None;
    }

    /// Remembers `map` as the one shown in the open document; returns whether that changed.
    /// The canvas reloads its map after every edit, so an unchanged map writes nothing.
    pub fn remember_map(&self, map: Id) -> bool {
        let path = {
            let mut session = self.session();
            let Some(session) = session.as_mut() else {
                return false;
            };
            if session.map == Some(map) {
                return false;
            }
            session.map = Some(map);
            session.path.to_string_lossy().into_owned()
        };
        self.update_settings(|settings| {
            settings.last_map.insert(path, map);
        });
        true
    }

    /// The settings as they are now.
    pub fn settings(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap()
    }

    /// Changes the settings and writes them to disk at once.
    pub fn update_settings(&self, change: impl FnOnce(&mut Settings)) {
        let mut settings = self.settings.lock().unwrap();
        change(&mut settings);
        if let Err(err) = save_settings(&self.settings_path, &settings) {
            tracing::warn!(path = %self.settings_path.display(), "could not save settings: {err}");
        }
    }
}

fn load_settings(path: &Path) -> Settings {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Settings::default();
    };
    serde_json::from_str(&text).unwrap_or_else(|err| {
        tracing::warn!(path = %path.display(), "settings unreadable, starting afresh: {err}");
        Settings::default()
    })
}

/// Writes the settings beside their file and renames them into place, so a crash never
/// leaves half a settings file.
fn save_settings(path: &Path, settings: &Settings) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, serde_json::to_vec_pretty(settings)?)?;
    std::fs::rename(partial, path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_document_open_in_one_window_is_refused_by_a_second() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team.waymark");
        Document::create(&path).unwrap();
        let first = lock_document(&path).unwrap();
        let err = lock_document(&path).unwrap_err();
        assert!(
            err.to_string()
                .contains("already open in another Waymark window"),
            "{err}"
        );
        assert!(
            Document::open(&path).is_ok(),
            "the command-line tool still gets in"
        );
        drop(first);
        assert!(
            lock_document(&path).is_ok(),
            "closing the first window frees it"
        );
    }
}
