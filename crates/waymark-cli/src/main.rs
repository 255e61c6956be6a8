//! `waymark`: Waymark's core on the command line, for scripts and scheduled jobs.
//!
//! It links no GUI library; it opens documents through the same store and changes them
//! through the same edits as the desktop app, so a document made here opens there and the
//! other way round.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};
use waymark_core::template::Template;
use waymark_core::{sample, Document, Edit, LaneKind, MapData};

/// Importing splits records on one thread and frees them on another, which the system
/// allocator handles poorly; mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "waymark",
    version,
    about = "Journey maps backed by data, from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a document with a map from a template; adds the map if the document exists.
    New {
        /// The document, e.g. team.waymark.
        doc: PathBuf,
        /// ad-to-repeat-purchase (default), trial-to-paid, blank, or sample (the demo map and
        /// its personas).
        #[arg(long, default_value = "ad-to-repeat-purchase")]
        template: String,
        /// The new map's name; the template's title if left out.
        #[arg(long)]
        name: Option<String>,
    },
    /// List the maps of a document.
    Maps {
        doc: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print a whole map: its stages, lanes, cards and emotion points.
    Show {
        doc: PathBuf,
        /// The map's name or id; may be left out when the document has one map.
        #[arg(long)]
        map: Option<String>,
        /// Print JSON instead of an outline.
        #[arg(long)]
        json: bool,
    },
    /// List the templates a map can start from.
    Templates,
    /// Import a CSV export (events, orders, people, support tickets or survey answers).
    Import(import::ImportArgs),
    /// List the imports of a document.
    Imports {
        doc: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remove an import and every row it brought (see `waymark imports` for ids).
    RemoveImport {
        doc: PathBuf,
        /// The import's id.
        id: i64,
    },
    /// Funnel over a list of events: customers per step, conversion, drop-off, time.
    Funnel(analytics::FunnelArgs),
    /// Repeat-purchase intervals: buyers, repeat buyers, time between purchases.
    Intervals(analytics::IntervalsArgs),
    /// A map's numbers: the funnel over its bound stages and its repeat purchases.
    Metrics(analytics::MetricsArgs),
    /// Bind a stage of a map to event names.
    Bind(analytics::BindArgs),
    /// Show or change a map's metric settings: window, mode, purchase events, split.
    Settings(analytics::SettingsArgs),
    /// Define and list personas.
    #[command(subcommand)]
    Persona(analytics::PersonaCommand),
    /// Export a map as PNG, SVG, PDF, JSON (for `waymark import-map`) or its metrics as CSV.
    Export(export::ExportArgs),
    /// Import a map exported as JSON, with its personas, as one undoable edit.
    ImportMap {
        doc: PathBuf,
        /// The map file written by `waymark export --format json`.
        file: PathBuf,
    },
    /// Move a stage, with its cards, to another place among the map's stages.
    MoveStage(arrange::MoveStageArgs),
    /// Move a card to another cell, or to another place in its cell.
    MoveCard(arrange::MoveCardArgs),
    /// Undo the newest edit of a document.
    Undo { doc: PathBuf },
    /// Redo the edit undone last.
    Redo { doc: PathBuf },
}

fn main() -> ExitCode {
    init_logging();
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.is::<import::FileRefused>() => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether writing failed because the reader went away (`waymark show ... | head`), which
/// is how a pipeline ends, not an error.
fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Prints a line to standard output, returning write errors instead of panicking on them.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

mod analytics;
mod arrange;
mod export;
mod import;

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("WAYMARK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Import(args) => import::import(args),
        Command::Funnel(args) => analytics::run_funnel(args),
        Command::Intervals(args) => analytics::run_intervals(args),
        Command::Metrics(args) => analytics::run_metrics(args),
        Command::Bind(args) => analytics::run_bind(args),
        Command::Settings(args) => analytics::run_settings(args),
        Command::Persona(command) => analytics::run_persona(command),
        Command::Export(args) => export::run_export(args),
        Command::ImportMap { doc, file } => export::run_import_map(&doc, &file),
        Command::Imports { doc, json } => import::list(&doc, json),
        Command::RemoveImport { doc, id } => import::remove(&doc, id),
        Command::New {
            doc,
            template,
            name,
        } => new(&doc, &template, name),
        Command::Maps { doc, json } => maps(&doc, json),
        Command::Show { doc, map, json } => show(&doc, map.as_deref(), json),
        Command::Templates => {
            out!("{:<24} {:<22} description", "name", "title");
            for template in Template::ALL {
                let info = template.info();
                out!(
                    "{:<24} {:<22} {}",
                    template.as_str(),
                    info.title,
                    info.description
                );
            }
            out!(
                "{:<24} {:<22} The demo map, with personas",
                "sample",
                "Sample"
            );
            Ok(())
        }
        Command::MoveStage(args) => arrange::move_stage(args),
        Command::MoveCard(args) => arrange::move_card(args),
        Command::Undo { doc } => step(&doc, true),
        Command::Redo { doc } => step(&doc, false),
    }
}

fn new(path: &Path, template: &str, name: Option<String>) -> Result<()> {
    let is_sample = template.eq_ignore_ascii_case("sample");
    let template = match Template::parse(template) {
        Some(template) => Some(template),
        None if is_sample => None,
        None => bail!(
            "unknown template \"{template}\"; choose one of ad-to-repeat-purchase, \
             trial-to-paid, blank, sample"
        ),
    };
    let existed = path.exists();
    let mut doc = if existed {
        Document::open(path)?
    } else {
        Document::create(path)?
    };
    let id = match template {
        Some(template) => {
            let name = name.clone().unwrap_or_else(|| template.info().title);
            let map = template.build(&name);
            doc.add_map(map)?
        }
        None => sample::fill(&mut doc)?,
    };
    if let Some(name) = name.filter(|_| is_sample) {
        doc.apply(Edit::RenameMap { map: id, name })?;
    }
    let map = doc.map(id)?;
    let verb = if existed { "Added" } else { "Created" };
    out!(
        "{verb} map \"{}\" (id {id}) in {}",
        map.name,
        path.display()
    );
    Ok(())
}

fn maps(path: &Path, json: bool) -> Result<()> {
    let doc = Document::open(path)?;
    let maps = doc.maps()?;
    if json {
        out!("{}", serde_json::to_string_pretty(&maps)?);
        return Ok(());
    }
    if maps.is_empty() {
        out!("{} has no maps", path.display());
        return Ok(());
    }
    out!(
        "{:>4}  {:<40} {:>6} {:>6}  updated",
        "id",
        "name",
        "stages",
        "cards"
    );
    for map in maps {
        out!(
            "{:>4}  {:<40} {:>6} {:>6}  {}",
            map.id,
            map.name,
            map.stages,
            map.cards,
            map.updated_at
        );
    }
    Ok(())
}

fn show(path: &Path, name: Option<&str>, json: bool) -> Result<()> {
    let doc = Document::open(path)?;
    let map = doc.map(map_id(&doc, path, name)?)?;
    if json {
        let personas = doc.personas()?;
        let mut value = serde_json::to_value(&map)?;
        value["personas"] = serde_json::to_value(personas)?;
        out!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print_outline(&map)?;
    }
    Ok(())
}

/// The map named (or numbered) `name`, or the only map when no name is given.
fn map_id(doc: &Document, path: &Path, name: Option<&str>) -> Result<waymark_core::Id> {
    Ok(match name {
        Some(name) => doc.find_map(name)?.id,
        None => match doc.maps()?.as_slice() {
            [only] => only.id,
            maps => bail!(
                "{} has {} maps; choose one with --map NAME (see `waymark maps`)",
                path.display(),
                maps.len()
            ),
        },
    })
}

fn print_outline(map: &MapData) -> Result<()> {
    out!("{}", map.name);
    if !map.description.is_empty() {
        out!("  {}", map.description);
    }
    for (index, stage) in map.stages.iter().enumerate() {
        out!("\n{}. {}", index + 1, stage.name);
        for lane in &map.lanes {
            let cards: Vec<_> = lane
                .cards
                .iter()
                .filter(|c| c.stage as usize == index)
                .collect();
            let point = lane
                .points
                .iter()
                .find(|p| p.stage as usize == index && p.persona_id.is_none());
            if lane.kind == LaneKind::Emotions {
                if let Some(point) = point {
                    out!("   {}: {:+.1} {}", lane.name, point.value, point.label);
                }
                continue;
            }
            for card in cards {
                out!(
                    "   {}: {}",
                    lane.name,
                    card.fields.text.replace('\n', " / ")
                );
            }
        }
    }
    Ok(())
}

fn step(path: &Path, undo: bool) -> Result<()> {
    let mut doc = Document::open(path)?;
    let done = if undo { doc.undo()? } else { doc.redo()? };
    match (done, undo) {
        (Some(label), true) => out!("Undid: {label}"),
        (Some(label), false) => out!("Redid: {label}"),
        (None, true) => out!("Nothing to undo"),
        (None, false) => out!("Nothing to redo"),
    }
    Ok(())
}
