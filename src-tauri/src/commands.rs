//! The commands the front end calls. Each is declared once, in [`commands!`], which registers
//! it with Tauri and describes it to the TypeScript bindings; the body finds the open
//! document and lets the core do the work.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, State};
use ts_rs::TS;
use waymark_analytics::metrics::{
    cached_map_metrics, compute_map_metrics, store_map_metrics, MapMetrics,
};
use waymark_core::edit::HistoryState;
use waymark_core::layout::{layout_with_metrics, Scene};
use waymark_core::store::{ImportInfo, RefusedRows};
use waymark_core::template::{Template, TemplateInfo};
use waymark_core::{Document, Edit, EditOutcome, Id, MapData, MapSummary, Persona};
use waymark_export::job::{self, Request, Step};
use waymark_export::pdf::{PageLayout, PdfOptions};
use waymark_export::png::{PngOptions, PngSize};
use waymark_export::{ExportError, Selection, Sheet, Source};
use waymark_import::{import_file, preview, ImportError, ImportReport, ImportSettings, Preview};

use crate::state::{AppState, Session};

/// The event that carries an import's [`Progress`].
pub const IMPORT_PROGRESS_EVENT: &str = "import-progress";
/// The event that carries a metrics computation's [`MetricsProgress`].
pub const METRICS_PROGRESS_EVENT: &str = "metrics-progress";
/// The event that carries a metrics computation's [`MetricsFinished`].
pub const METRICS_FINISHED_EVENT: &str = "metrics-finished";
/// The event that carries an import's [`ImportFinished`].
pub const IMPORT_FINISHED_EVENT: &str = "import-finished";
/// The event that carries an export's [`ExportProgress`].
pub const EXPORT_PROGRESS_EVENT: &str = "export-progress";
/// The event that carries an export's [`ExportFinished`].
pub const EXPORT_FINISHED_EVENT: &str = "export-finished";

/// An error as the front end shows it: one sentence a person can act on.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct CommandError(String);

impl From<waymark_core::Error> for CommandError {
    fn from(err: waymark_core::Error) -> Self {
        tracing::warn!("command failed: {err}");
        CommandError(err.to_string())
    }
}

impl From<ExportError> for CommandError {
    fn from(err: ExportError) -> Self {
        tracing::warn!("export command failed: {err}");
        CommandError(err.to_string())
    }
}

impl From<ImportError> for CommandError {
    fn from(err: ImportError) -> Self {
        tracing::warn!("import command failed: {err}");
        CommandError(err.to_string())
    }
}

type Reply<T> = Result<T, CommandError>;

/// Declares the commands: registers them with Tauri, checks each function against its
/// declared argument and result types, and lists them for the TypeScript bindings.
macro_rules! commands {
    ($( $(#[doc = $doc:literal])* fn $name:ident($args:ty) -> $ret:ty; )*) => {
        /// The handler that routes `invoke` calls to the commands.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            $( const _: fn(AppHandle, State<AppState>, $args) -> Reply<$ret> = $name; )*
            tauri::generate_handler![$($name),*]
        }

        /// Each command's name, documentation, and TypeScript argument and result types.
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<(&'static str, String, String, String)> {
            vec![$((
                stringify!($name),
                [$($doc),*].join("\n"),
                <$args as TS>::name(cfg),
                <$ret as TS>::name(cfg),
            )),*]
        }
    };
}

commands! {
    /// Everything the window shows besides the map: document, maps, history, recent files.
    fn get_state(NoArgs) -> AppSnapshot;
    /// A map laid out for the canvas; it becomes the map shown.
    fn load_map(MapRef) -> MapView;
    /// Applies one edit to the open document and records it for undo.
    fn apply_edit(EditArgs) -> EditOutcome;
    /// Undoes the newest edit; returns its label, or null when there was nothing to undo.
    fn undo(NoArgs) -> Option<String>;
    /// Redoes the edit undone last; returns its label, or null when there was nothing to redo.
    fn redo(NoArgs) -> Option<String>;
    /// Adds a map made from a template; returns its id.
    fn create_map(CreateMapArgs) -> i64;
    /// Adds a copy of a map under a new name; returns the copy's id.
    fn duplicate_map(DuplicateMapArgs) -> i64;
    /// Opens the document at a path the user picked.
    fn open_document(PathArgs) -> AppSnapshot;
    /// Creates an empty document at a path the user picked, and opens it.
    fn new_document(PathArgs) -> AppSnapshot;
    /// Writes a copy of the open document to a path the user picked; the open one stays open.
    fn save_copy(PathArgs) -> ();
    /// Closes the open document.
    fn close_document(NoArgs) -> AppSnapshot;
    /// Opens the sample document, creating it if it is missing.
    fn open_sample(NoArgs) -> AppSnapshot;
    /// Whether another program changed the open document since the last call.
    fn check_for_changes(NoArgs) -> bool;
    /// The start of a CSV file with the settings an import would use (remembered or guessed;
    /// `settings` overrides them).
    fn preview_import(PreviewImportArgs) -> Preview;
    /// Starts importing a file in the background; progress comes as `import-progress` events
    /// and the end as one `import-finished` event.
    fn start_import(StartImportArgs) -> ();
    /// Asks the running import to stop; it rolls back and reports itself cancelled.
    fn cancel_import(NoArgs) -> ();
    /// The imports of the open document, oldest first.
    fn list_imports(NoArgs) -> Vec<ImportInfo>;
    /// Removes an import with every row it brought; returns what was removed.
    fn remove_import(ImportRef) -> ImportInfo;
    /// The time zones an import can read times in, by IANA name.
    fn time_zones(NoArgs) -> Vec<String>;
    /// Brings a map's metrics up to date in the background; progress comes as
    /// `metrics-progress` events and the end as one `metrics-finished` event.
    fn compute_metrics(MapRef) -> ();
    /// Asks the running metrics computation to stop.
    fn cancel_metrics(NoArgs) -> ();
    /// Every event name of the imported data with how many events carry it, most first.
    fn event_names(NoArgs) -> Vec<NameCount>;
    /// The property columns of the imported events and people, and their most frequent values.
    fn data_properties(NoArgs) -> Vec<PropertyValues>;
    /// The SVG an export with these options draws, with the size and pages it would have.
    fn preview_export(ExportOptions) -> ExportPreview;
    /// Starts exporting a map to a path the user picked; progress comes as `export-progress`
    /// events and the end as one `export-finished` event.
    fn start_export(StartExportArgs) -> ();
}

/// The formats the app exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Png,
    Svg,
    Pdf,
    Json,
    Csv,
}

impl ExportFormat {
    fn job(self) -> job::Format {
        match self {
            ExportFormat::Png => job::Format::Png,
            ExportFormat::Svg => job::Format::Svg,
            ExportFormat::Pdf => job::Format::Pdf,
            ExportFormat::Json => job::Format::Json,
            ExportFormat::Csv => job::Format::Csv,
        }
    }
}

/// What the export dialog asks for.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportOptions {
    pub map: Id,
    pub format: ExportFormat,
    /// The lanes to show, by id; every lane when null.
    pub lanes: Option<Vec<Id>>,
    /// Personas whose curves are drawn, by name; the first one's numbers fill the metrics
    /// lane (and are the CSV's rows). Empty for the map's own choice and "All customers".
    pub personas: Vec<String>,
    /// PNG pixels per map pixel, from 1 to 4; ignored when `width` is set.
    pub scale: f32,
    /// The PNG's width in pixels, instead of a scale.
    pub width: Option<u32>,
    /// A PNG or SVG without the white background.
    pub transparent: bool,
    /// PDF pages as the command line writes them: `fit`, `a4-landscape`, `tiles:a3-portrait`.
    pub page: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct StartExportArgs {
    pub options: ExportOptions,
    pub path: String,
}

/// An export as the dialog previews it.
#[derive(Debug, Serialize, TS)]
pub struct ExportPreview {
    /// The map as the export draws it.
    pub svg: String,
    /// The file's size: pixels for a PNG, points for a PDF's first page, else the SVG's.
    pub width: f64,
    pub height: f64,
    /// A PDF's pages; 1 otherwise.
    pub pages: u32,
    /// Why this export would fail, such as a PNG too large to make.
    pub problem: Option<String>,
}

/// How far an export has gone, sent with `export-progress`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportProgress {
    pub step: u32,
    pub steps: u32,
    /// What is being done now, for the dialog to say.
    pub doing: String,
}

/// How an export ended, sent with `export-finished`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportFinished {
    pub path: String,
    /// Why nothing was written, when nothing was.
    pub error: Option<String>,
    pub pages: u32,
    /// Characters no font could draw; they show as empty boxes in the file.
    pub missing_characters: Vec<String>,
}

#[derive(Debug, Deserialize, TS)]
pub struct PreviewImportArgs {
    pub path: String,
    pub settings: Option<ImportSettings>,
}

#[derive(Debug, Deserialize, TS)]
pub struct StartImportArgs {
    pub path: String,
    pub settings: ImportSettings,
}

#[derive(Debug, Deserialize, TS)]
pub struct ImportRef {
    pub id: Id,
}

/// How a background import ended, sent with the `import-finished` event.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportFinished {
    /// What was imported, when it was.
    pub report: Option<ImportReport>,
    /// Why nothing was imported, when nothing was.
    pub error: Option<String>,
    pub cancelled: bool,
    /// For a refused file, the rows refused by reason.
    pub refused: Vec<RefusedRows>,
}

/// An event name or a property value and how many rows carry it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NameCount {
    pub name: String,
    #[ts(type = "number")]
    pub count: u64,
}

/// A property of the imported data and its most frequent values.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PropertyValues {
    pub property: String,
    /// Up to 50 values, most frequent first.
    pub values: Vec<NameCount>,
}

/// The arguments of a command that takes none.
#[derive(Debug, Deserialize, TS)]
pub struct NoArgs {}

#[derive(Debug, Deserialize, TS)]
pub struct MapRef {
    pub map: Id,
    /// Whose numbers the metrics lane shows: "All customers" (the default), a persona's
    /// name or "Other".
    #[serde(default)]
    #[ts(optional)]
    pub group: Option<String>,
}

#[derive(Debug, Deserialize, TS)]
pub struct EditArgs {
    pub edit: Edit,
}

#[derive(Debug, Deserialize, TS)]
pub struct CreateMapArgs {
    pub template: Template,
    pub name: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct DuplicateMapArgs {
    pub map: Id,
    pub name: String,
}

#[derive(Debug, Deserialize, TS)]
pub struct PathArgs {
    pub path: String,
}

/// The open document as the window shows it.
#[derive(Debug, Serialize, TS)]
pub struct DocumentInfo {
    pub path: String,
    /// The file name without its folder.
    pub name: String,
}

/// Everything the window shows besides the map itself.
#[derive(Debug, Serialize, TS)]
pub struct AppSnapshot {
    pub document: Option<DocumentInfo>,
    pub maps: Vec<MapSummary>,
    /// The map to show; `null` when the document has none.
    pub selected_map: Option<Id>,
    pub history: HistoryState,
    /// Recent documents, most recent first.
    pub recent: Vec<String>,
    pub templates: Vec<TemplateInfo>,
    /// A problem met while starting, to show once.
    pub notice: Option<String>,
}

/// A map, its layout and the document's personas.
#[derive(Debug, Serialize, TS)]
pub struct MapView {
    pub map: MapData,
    pub scene: Scene,
    pub personas: Vec<Persona>,
    /// The map's numbers as last computed, when it has any: a stage bound to data, or
    /// purchases to find repeat buyers in.
    pub metrics: Option<MapMetrics>,
    /// Whether `metrics` are current, or the map has no numbers; when not, `compute_metrics`
    /// brings them up to date.
    pub metrics_current: bool,
}

/// How far a metrics computation has read the events, sent with `metrics-progress`.
#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct MetricsProgress {
    #[ts(type = "number")]
    pub map: Id,
    #[ts(type = "number")]
    pub events_read: u64,
    #[ts(type = "number")]
    pub events: u64,
}

/// How a metrics computation ended, sent with `metrics-finished`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MetricsFinished {
    #[ts(type = "number")]
    pub map: Id,
    pub error: Option<String>,
    pub cancelled: bool,
}

#[tauri::command]
fn get_state(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> Reply<AppSnapshot> {
    let NoArgs {} = args;
    let _ = app;
    snapshot(&state)
}

/// Whether `map` has numbers to compute: a stage bound to events, or purchases to find repeat
/// buyers in (its own purchase events, or an orders import).
fn has_numbers(doc: &Document, map: &waymark_core::MapData) -> waymark_core::Result<bool> {
    if map.stages.iter().any(|s| s.binding.is_some()) || !map.analytics.purchase_events.is_empty() {
        return Ok(true);
    }
    let imports = doc.imports()?;
    Ok(imports
        .iter()
        .any(|info| info.kind == waymark_core::store::DataKind::Orders))
}

#[tauri::command]
fn load_map(app: AppHandle, state: State<'_, AppState>, args: MapRef) -> Reply<MapView> {
    let view = {
        let session = state.session();
        let session = session.as_ref().ok_or_else(no_document)?;
        let map = session.doc.map(args.map)?;
        let personas = session.doc.personas()?;
        let measured = has_numbers(&session.doc, &map)?;
        let cached = match measured {
            true => cached_map_metrics(&session.doc, args.map).map_err(analytics_error)?,
            false => None,
        };
        let metrics_current = !measured || cached.as_ref().is_some_and(|(_, current)| *current);
        let metrics = cached.map(|(metrics, _)| metrics);
        let band = metrics.as_ref().map(|m| m.band(args.group.as_deref()));
        let scene = layout_with_metrics(&map, &personas, band.as_ref());
        MapView {
            map,
            scene,
            personas,
            metrics,
            metrics_current,
        }
    };
    // After an edit the same map is loaded again; the title and menu are already current.
    if state.remember_map(args.map) {
        refresh_window(&app);
    }
    Ok(view)
}

#[tauri::command]
fn apply_edit(app: AppHandle, state: State<'_, AppState>, args: EditArgs) -> Reply<EditOutcome> {
    let outcome = with_doc(&state, |session| session.doc.apply(args.edit))?;
    refresh_window(&app);
    Ok(outcome)
}

#[tauri::command]
fn undo(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> Reply<Option<String>> {
    let NoArgs {} = args;
    let label = with_doc(&state, |session| session.doc.undo())?;
    refresh_window(&app);
    Ok(label)
}

#[tauri::command]
fn redo(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> Reply<Option<String>> {
    let NoArgs {} = args;
    let label = with_doc(&state, |session| session.doc.redo())?;
    refresh_window(&app);
    Ok(label)
}

#[tauri::command]
fn create_map(app: AppHandle, state: State<'_, AppState>, args: CreateMapArgs) -> Reply<i64> {
    let map = args.template.build(&args.name);
    let id = with_doc(&state, |session| session.doc.add_map(map))?;
    state.remember_map(id);
    refresh_window(&app);
    Ok(id)
}

#[tauri::command]
fn duplicate_map(app: AppHandle, state: State<'_, AppState>, args: DuplicateMapArgs) -> Reply<i64> {
    let id = with_doc(&state, |session| {
        session.doc.duplicate_map(args.map, &args.name)
    })?;
    state.remember_map(id);
    refresh_window(&app);
    Ok(id)
}

#[tauri::command]
fn open_document(app: AppHandle, state: State<'_, AppState>, args: PathArgs) -> Reply<AppSnapshot> {
    state.open(&PathBuf::from(&args.path))?;
    refresh_window(&app);
    snapshot(&state)
}

#[tauri::command]
fn new_document(app: AppHandle, state: State<'_, AppState>, args: PathArgs) -> Reply<AppSnapshot> {
    let mut path = PathBuf::from(&args.path);
    if path.extension().is_none() {
        path.set_extension("waymark");
    }
    if path.exists() {
        let open = state.session().as_ref().map(|session| session.path.clone());
        if open.is_some() && open == std::fs::canonicalize(&path).ok() {
            return Err(CommandError(format!(
                "{} is the open document; choose another name for the new one",
                path.display()
            )));
        }
        // The save dialog already asked whether to replace the file; a new document must not
        // inherit anything of the old one, its WAL included, so those go first.
        for companion in ["", "-wal", "-shm"] {
            let mut name = path.clone().into_os_string();
            name.push(companion);
            match std::fs::remove_file(&name) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                    let path = PathBuf::from(name);
                    return Err(waymark_core::Error::Io { path, source: err }.into());
                }
                _ => {}
            }
        }
    }
    state.create(&path)?;
    refresh_window(&app);
    snapshot(&state)
}

#[tauri::command]
fn save_copy(app: AppHandle, state: State<'_, AppState>, args: PathArgs) -> Reply<()> {
    let _ = app;
    let target = PathBuf::from(&args.path);
    with_doc(&state, |session| {
        if std::fs::canonicalize(&target).ok().as_ref() == Some(&session.path) {
            return Err(waymark_core::Error::Invalid(
                "a copy needs another name than the open document".into(),
            ));
        }
        session.doc.save_copy(&target)
    })?;
    Ok(())
}

#[tauri::command]
fn close_document(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> Reply<AppSnapshot> {
    let NoArgs {} = args;
    state.close();
    refresh_window(&app);
    snapshot(&state)
}

#[tauri::command]
fn open_sample(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> Reply<AppSnapshot> {
    let NoArgs {} = args;
    state.open_sample()?;
    refresh_window(&app);
    snapshot(&state)
}

#[tauri::command]
fn check_for_changes(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> Reply<bool> {
    let NoArgs {} = args;
    let changed = {
        let mut session = state.session();
        match session.as_mut() {
            // While the window's own import runs, its commit is no change by another program;
            // the import absorbs it when it ends (see `start_import`).
            Some(session) => session.doc.changed_elsewhere()? && !state.import_running(),
            None => false,
        }
    };
    if changed {
        tracing::info!("the document was changed by another program");
        refresh_window(&app);
    }
    Ok(changed)
}

#[tauri::command]
fn preview_import(
    app: AppHandle,
    state: State<'_, AppState>,
    args: PreviewImportArgs,
) -> Reply<Preview> {
    let _ = app;
    let session = state.session();
    let session = session.as_ref().ok_or_else(no_document)?;
    Ok(preview(
        &session.doc,
        std::path::Path::new(&args.path),
        args.settings.as_ref(),
    )?)
}

#[tauri::command]
fn start_import(app: AppHandle, state: State<'_, AppState>, args: StartImportArgs) -> Reply<()> {
    let doc_path = state
        .session()
        .as_ref()
        .map(|session| session.path.clone())
        .ok_or_else(no_document)?;
    let cancel = state.begin_import().ok_or_else(|| {
        CommandError("An import is already running; wait for it or cancel it.".into())
    })?;
    std::thread::spawn(move || {
        let finished = run_import(&app, &doc_path, &args, &cancel);
        let state = app.state::<AppState>();
        // The import wrote through its own connection; the window's should not take that for
        // a change made by another program.
        if let Some(session) = state.session().as_mut() {
            let _ = session.doc.changed_elsewhere();
        }
        state.end_import();
        if let Err(err) = app.emit(IMPORT_FINISHED_EVENT, finished) {
            tracing::error!(%err, "could not report the end of an import");
        }
        refresh_window(&app);
    });
    Ok(())
}

/// Imports on its own connection to the document, so the window's stays free for reading.
fn run_import(
    app: &AppHandle,
    doc_path: &std::path::Path,
    args: &StartImportArgs,
    cancel: &std::sync::atomic::AtomicBool,
) -> ImportFinished {
    let outcome = Document::open(doc_path)
        .map_err(ImportError::Document)
        .and_then(|mut doc| {
            import_file(
                &mut doc,
                std::path::Path::new(&args.path),
                &args.settings,
                cancel,
                &mut |progress| {
                    let _ = app.emit(IMPORT_PROGRESS_EVENT, *progress);
                },
            )
        });
    let mut finished = ImportFinished {
        report: None,
        error: None,
        cancelled: false,
        refused: Vec::new(),
    };
    match outcome {
        Ok(report) => finished.report = Some(report),
        Err(ImportError::Cancelled) => finished.cancelled = true,
        Err(err) => {
            tracing::warn!("import failed: {err}");
            finished.error = Some(err.to_string());
            if let ImportError::Refused { refused, .. } = err {
                finished.refused = refused;
            }
        }
    }
    finished
}

#[tauri::command]
fn cancel_import(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> Reply<()> {
    let (NoArgs {}, _) = (args, app);
    state.cancel_import();
    Ok(())
}

#[tauri::command]
fn list_imports(
    app: AppHandle,
    state: State<'_, AppState>,
    args: NoArgs,
) -> Reply<Vec<ImportInfo>> {
    let (NoArgs {}, _) = (args, app);
    with_doc(&state, |session| session.doc.imports())
}

#[tauri::command]
fn remove_import(app: AppHandle, state: State<'_, AppState>, args: ImportRef) -> Reply<ImportInfo> {
    let removed = with_doc(&state, |session| session.doc.remove_import(args.id))?;
    refresh_window(&app);
    Ok(removed)
}

#[tauri::command]
fn time_zones(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> Reply<Vec<String>> {
    let (NoArgs {}, _, _) = (args, app, state);
    Ok(chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name().to_string())
        .collect())
}

#[tauri::command]
fn compute_metrics(app: AppHandle, state: State<'_, AppState>, args: MapRef) -> Reply<()> {
    let doc_path = state
        .session()
        .as_ref()
        .map(|session| session.path.clone())
        .ok_or_else(no_document)?;
    let cancel = state.begin_metrics().ok_or_else(|| {
        CommandError("The metrics are already being computed; wait for them.".into())
    })?;
    let logs = std::sync::Arc::clone(&state.logs);
    std::thread::spawn(move || {
        let map = args.map;
        let mut finished = MetricsFinished {
            map,
            error: None,
            cancelled: false,
        };
        // Computed on a connection of its own, so that the window stays responsive; stored
        // through the window's, so that the cache write is not taken for an outside change.
        let outcome = Document::open(&doc_path)
            .map_err(waymark_analytics::Error::from)
            .and_then(|doc| {
                let mut logs = logs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                compute_map_metrics(&doc, map, &mut logs, &mut |events_read, events| {
                    let progress = MetricsProgress {
                        map,
                        events_read,
                        events,
                    };
                    let _ = app.emit(METRICS_PROGRESS_EVENT, progress);
                    !cancel.load(std::sync::atomic::Ordering::Relaxed)
                })
            });
        let state = app.state::<AppState>();
        let stored = outcome.and_then(|(metrics, to_store)| {
            let Some(fingerprint) = to_store else {
                return Ok(());
            };
            match state.session().as_mut() {
                Some(session) if session.path == doc_path => {
                    store_map_metrics(&mut session.doc, map, &metrics, &fingerprint)
                }
                // Another document is open now; these numbers are not its.
                _ => Ok(()),
            }
        });
        match stored {
            Ok(()) => {}
            Err(waymark_analytics::Error::Cancelled) => finished.cancelled = true,
            Err(err) => {
                tracing::warn!("metrics failed: {err}");
                finished.error = Some(err.to_string());
            }
        }
        state.end_metrics();
        if let Err(err) = app.emit(METRICS_FINISHED_EVENT, finished) {
            tracing::error!(%err, "could not report the end of a metrics computation");
        }
    });
    Ok(())
}

#[tauri::command]
fn cancel_metrics(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> Reply<()> {
    let (NoArgs {}, _) = (args, app);
    state.cancel_metrics();
    Ok(())
}

#[tauri::command]
fn event_names(app: AppHandle, state: State<'_, AppState>, args: NoArgs) -> Reply<Vec<NameCount>> {
    let (NoArgs {}, _) = (args, app);
    let names = with_doc(&state, |session| session.doc.event_names())?;
    Ok(names
        .into_iter()
        .map(|(name, count)| NameCount { name, count })
        .collect())
}

#[tauri::command]
fn data_properties(
    app: AppHandle,
    state: State<'_, AppState>,
    args: NoArgs,
) -> Reply<Vec<PropertyValues>> {
    let (NoArgs {}, _) = (args, app);
    let session = state.session();
    let session = session.as_ref().ok_or_else(no_document)?;
    let values =
        waymark_analytics::log::property_values(&session.doc, 50).map_err(analytics_error)?;
    Ok(values
        .into_iter()
        .map(|(property, values)| PropertyValues {
            property,
            values: values
                .into_iter()
                .map(|(name, count)| NameCount { name, count })
                .collect(),
        })
        .collect())
}

#[tauri::command]
fn preview_export(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ExportOptions,
) -> Reply<ExportPreview> {
    let _ = app;
    let (source, request) = export_source(&state, &args)?;
    let sheet = Sheet::new(&source, &request.selection)?;
    let picture = matches!(request.format, job::Format::Png | job::Format::Svg);
    // The window has the font; the preview goes without the two faces' megabytes.
    let svg_options = waymark_export::svg::SvgOptions {
        transparent: picture && options_transparent(&request),
        embed_fonts: false,
    };
    let svg = waymark_export::svg::write(&sheet, svg_options);
    let (mut width, mut height, mut pages) = (sheet.width, sheet.height, 1);
    let mut problem = None;
    match request.format {
        job::Format::Png => match waymark_export::png::size(&sheet, request.png.size) {
            Ok((w, h)) => (width, height) = (f64::from(w), f64::from(h)),
            Err(err) => problem = Some(err.to_string()),
        },
        job::Format::Pdf => {
            (pages, width, height) = waymark_export::pdf::pages(&sheet, request.pdf.layout)
        }
        job::Format::Csv if source.metrics.is_none() => {
            problem = Some(format!(
                "map \"{}\" has no numbers to export: bind its stages to events first",
                source.map.name
            ));
        }
        _ => {}
    }
    Ok(ExportPreview {
        svg,
        width,
        height,
        pages,
        problem,
    })
}

#[tauri::command]
fn start_export(app: AppHandle, state: State<'_, AppState>, args: StartExportArgs) -> Reply<()> {
    let (source, request) = export_source(&state, &args.options)?;
    let path = PathBuf::from(&args.path);
    // Rendering a big map takes a moment; the window's connection stays free meanwhile.
    // TODO: an export cannot be cancelled, as imports and metrics can: resvg and svg2pdf have
    // no way to stop partway, so a cancel flag could only be checked between the steps.
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let mut progress = |step: Step| {
            let doing = match step {
                Step::Layout => "Laying out the map",
                Step::Render => "Drawing",
                Step::Write => "Writing the file",
            };
            let progress = ExportProgress {
                step: step.number(),
                steps: job::STEPS,
                doing: doing.into(),
            };
            let _ = app.emit(EXPORT_PROGRESS_EVENT, progress);
        };
        let outcome = job::run(&source, &request, &mut progress).and_then(|output| {
            progress(Step::Write);
            job::write_atomically(&path, &output.bytes)?;
            Ok(output.report)
        });
        let mut finished = ExportFinished {
            path: args.path,
            error: None,
            pages: 0,
            missing_characters: Vec::new(),
        };
        match outcome {
            Ok(report) => {
                tracing::info!(
                    path = %path.display(),
                    seconds = started.elapsed().as_secs_f64(),
                    "exported map"
                );
                finished.pages = report.pages;
                finished.missing_characters = report
                    .missing_characters
                    .iter()
                    .map(char::to_string)
                    .collect();
            }
            Err(err) => {
                tracing::warn!("export failed: {err}");
                finished.error = Some(err.to_string());
            }
        }
        if let Err(err) = app.emit(EXPORT_FINISHED_EVENT, finished) {
            tracing::error!(%err, "could not report the end of an export");
        }
    });
    Ok(())
}

fn options_transparent(request: &Request) -> bool {
    request.png.transparent || request.transparent_svg
}

/// The open document's map with what the export dialog chose, read while the document is
/// locked; the export itself runs without it.
fn export_source(state: &AppState, options: &ExportOptions) -> Reply<(Source, Request)> {
    let session = state.session();
    let session = session.as_ref().ok_or_else(no_document)?;
    let doc = &session.doc;
    let map = doc.map(options.map)?;
    let bound = map.stages.iter().any(|s| s.binding.is_some());
    let metrics = match bound {
        // The numbers the canvas shows: the cached ones, even while they are being redone.
        true => cached_map_metrics(doc, options.map)
            .map_err(analytics_error)?
            .map(|(metrics, _)| metrics),
        false => None,
    };
    let mut source = Source::read(doc, options.map, metrics)?;
    if let Some(lanes) = &options.lanes {
        source
            .map
            .lanes
            .retain(|lane| lane.id.is_some_and(|id| lanes.contains(&id)));
    }
    let layout: PageLayout = options.page.parse()?;
    let size = match options.width {
        Some(width) => PngSize::Width(width),
        None => PngSize::Scale(options.scale),
    };
    let request = Request {
        format: options.format.job(),
        selection: Selection {
            lanes: Vec::new(),
            personas: options.personas.clone(),
        },
        png: PngOptions {
            size,
            transparent: options.transparent,
            system_fonts: true,
        },
        pdf: PdfOptions {
            layout,
            system_fonts: true,
        },
        transparent_svg: options.transparent,
    };
    Ok((source, request))
}

fn analytics_error(err: waymark_analytics::Error) -> CommandError {
    tracing::warn!("analytics command failed: {err}");
    CommandError(err.to_string())
}

fn no_document() -> CommandError {
    CommandError("No document is open; open or create one first.".into())
}

/// Runs `work` on the open document, or says that none is open.
fn with_doc<T>(
    state: &AppState,
    work: impl FnOnce(&mut Session) -> waymark_core::Result<T>,
) -> Reply<T> {
    let mut session = state.session();
    let session = session.as_mut().ok_or_else(no_document)?;
    Ok(work(session)?)
}

fn snapshot(state: &AppState) -> Reply<AppSnapshot> {
    let recent = state
        .settings()
        .recent
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let templates = Template::ALL.into_iter().map(Template::info).collect();
    let notice = state.startup_error.lock().unwrap().take();
    let session = state.session();
    let Some(session) = session.as_ref() else {
        let history = HistoryState::default();
        let (document, maps, selected_map) = (None, Vec::new(), None);
        return Ok(AppSnapshot {
            document,
            maps,
            selected_map,
            history,
            recent,
            templates,
            notice,
        });
    };
    let maps = session.doc.maps()?;
    let selected_map = session.map.filter(|id| maps.iter().any(|m| m.id == *id));
    let selected_map = selected_map.or(maps.first().map(|m| m.id));
    Ok(AppSnapshot {
        document: Some(DocumentInfo {
            path: session.path.display().to_string(),
            name: file_name(&session.path),
        }),
        maps,
        selected_map,
        history: session.doc.history()?,
        recent,
        templates,
        notice,
    })
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

/// Brings the window title and the menu in line with the open document.
pub fn refresh_window(app: &AppHandle) {
    let state = app.state::<AppState>();
    let (title, history) = {
        let session = state.session();
        match session.as_ref() {
            None => ("Waymark".to_string(), HistoryState::default()),
            Some(session) => {
                // The list's summary has the name; the whole map need not be read for it.
                let maps = session.doc.maps().unwrap_or_default();
                let map = session
                    .map
                    .and_then(|id| maps.into_iter().find(|m| m.id == id));
                let doc = file_name(&session.path);
                let title = match map {
                    Some(map) => format!("{} — {doc} — Waymark", map.name),
                    None => format!("{doc} — Waymark"),
                };
                (title, session.doc.history().unwrap_or_default())
            }
        }
    };
    if let Some(window) = app.get_webview_window("main") {
        if let Err(err) = window.set_title(&title) {
            tracing::warn!("could not set the window title: {err}");
        }
    }
    let recent = state.settings().recent.clone();
    crate::menu::update(app, &history, &recent);
}
