//! `waymark import`, `waymark imports` and `waymark remove-import`: bringing CSV exports into a
//! document, listing what was brought in, and taking an import out again.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::{bail, Result};
use clap::Args;
use waymark_core::store::{DataKind, ImportInfo};
use waymark_core::Document;
use waymark_import::plan::{document_zone, DEFAULT_PURCHASE_EVENT};
use waymark_import::roles::fold;
use waymark_import::{
    import_file, settings_for_file, ColumnRole, ImportError, ImportReport, ImportSettings,
    Progress, Role,
};

/// The options of `waymark import`.
#[derive(Args)]
pub struct ImportArgs {
    /// The document to import into.
    doc: PathBuf,
    /// The CSV file (also .gz, UTF-16, Windows-1252).
    file: PathBuf,
    /// What the file holds: events, orders, people, tickets or survey.
    #[arg(long)]
    kind: String,
    /// Gives a column a role, e.g. `--column user=customer_email`; with --no-header, the column
    /// is its number counted from 1. Roles: user, event, time, amount, id, text, score,
    /// category, channel, status. Columns without a role are kept as properties.
    #[arg(long = "column", value_name = "ROLE=HEADER")]
    columns: Vec<String>,
    /// The event name purchases get in an orders file.
    #[arg(long, value_name = "NAME")]
    event: Option<String>,
    /// The time zone of timestamps without an offset, e.g. Europe/Berlin; the document's zone
    /// (UTC until set) if left out.
    #[arg(long, value_name = "ZONE")]
    timezone: Option<String>,
    /// The delimiter: , ; | tab or whitespace; sniffed if left out.
    #[arg(long, value_name = "C")]
    delimiter: Option<String>,
    /// The encoding: utf-8, utf-16le, utf-16be, windows-1252 (latin1); detected if left out.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// The first row is data, not column names.
    #[arg(long)]
    no_header: bool,
    /// Slash dates are day first (31/01/2024), when the file does not tell.
    #[arg(long, conflicts_with = "month_first")]
    day_first: bool,
    /// Slash dates are month first (01/31/2024), when the file does not tell.
    #[arg(long)]
    month_first: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

/// A refused file, whose reasons `waymark import` has already printed; it exits with status 1.
#[derive(Debug, thiserror::Error)]
#[error("the file was refused")]
pub struct FileRefused;

/// Runs `waymark import`; a refused file is [`FileRefused`], with the summary printed.
pub fn import(args: ImportArgs) -> Result<()> {
    let Some(kind) = DataKind::from_name(&args.kind) else {
        bail!(
            "unknown kind \"{}\"; choose events, orders, people, tickets or survey",
            args.kind
        );
    };
    let mut doc = Document::open(&args.doc)?;
    let base = ImportSettings {
        kind,
        columns: Vec::new(),
        event_name: args
            .event
            .clone()
            .unwrap_or_else(|| DEFAULT_PURCHASE_EVENT.to_string()),
        time_zone: match &args.timezone {
            Some(zone) => zone.clone(),
            None => document_zone(&doc)?,
        },
        day_first: match (args.day_first, args.month_first) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        encoding: args.encoding.clone(),
        delimiter: args.delimiter.clone(),
        has_header: args.no_header.then_some(false),
    };
    let (mut settings, names) = settings_for_file(&doc, &args.file, kind, &base)?;
    for given in &args.columns {
        let (role, column) = parse_column(given, &names, args.no_header)?;
        settings
            .columns
            .retain(|c| c.role != role && c.column != column);
        settings.columns.push(ColumnRole { role, column });
    }
    settings.columns.sort_by_key(|c| c.column);

    let show_progress = !args.json && std::io::stderr().is_terminal();
    let mut progress = |progress: &Progress| {
        if show_progress {
            print_progress(progress);
        }
    };
    let outcome = import_file(
        &mut doc,
        &args.file,
        &settings,
        &AtomicBool::new(false),
        &mut progress,
    );
    if show_progress {
        eprint!("\r\x1b[K");
    }
    match outcome {
        Ok(report) => print_report(&args.file, &report, &names, &settings, args.json),
        Err(ImportError::Refused {
            message,
            rows_refused,
            refused,
        }) => {
            if args.json {
                let value = serde_json::json!({
                    "error": message,
                    "rows_taken": 0,
                    "rows_refused": rows_refused,
                    "refused": refused,
                });
                out!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                eprintln!("error: {message}");
                for reason in &refused {
                    eprintln!("  {}", reason.example);
                }
            }
            Err(FileRefused.into())
        }
        Err(err) => Err(err.into()),
    }
}

/// `ROLE=HEADER` (or `ROLE=N` without a header) as a role and a 0-based column.
fn parse_column(given: &str, names: &[String], no_header: bool) -> Result<(Role, usize)> {
    let Some((role, header)) = given.split_once('=') else {
        bail!("--column takes ROLE=HEADER, e.g. --column user=customer_id; got \"{given}\"");
    };
    let Some(role) = Role::from_name(role.trim()) else {
        let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        bail!(
            "unknown role \"{}\"; roles are {}",
            role.trim(),
            roles.join(", ")
        );
    };
    if no_header {
        let Ok(number) = header.trim().parse::<usize>() else {
            bail!("with --no-header, --column takes a column number from 1; got \"{header}\"");
        };
        if number == 0 || number > names.len() {
            bail!(
                "the file has {} columns; column {number} does not exist",
                names.len()
            );
        }
        return Ok((role, number - 1));
    }
    let exact = names.iter().position(|name| name == header);
    let folded = || names.iter().position(|name| fold(name) == fold(header));
    match exact.or_else(folded) {
        Some(column) => Ok((role, column)),
        None => bail!(
            "the file has no column \"{header}\"; its columns are {}",
            names
                .iter()
                .map(|name| format!("\"{name}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn print_progress(progress: &Progress) {
    let left = progress
        .seconds_left()
        .map(|s| format!(", {} left", duration(s)))
        .unwrap_or_default();
    eprint!(
        "\r\x1b[K{} rows ({:.0}%), {} rows/s{left}",
        thousands(progress.rows_taken + progress.rows_refused),
        progress.fraction() * 100.0,
        thousands(progress.rows_per_second() as u64),
    );
    let _ = std::io::stderr().flush();
}

fn print_report(
    file: &Path,
    report: &ImportReport,
    names: &[String],
    settings: &ImportSettings,
    json: bool,
) -> Result<()> {
    let import = &report.import;
    if json {
        let mut value = serde_json::to_value(import)?;
        value["import"] = import.id.into();
        value["already_imported"] = report.already_imported.into();
        value["time_format"] = report.time_format.clone().into();
        if report.already_imported {
            value["rows_taken"] = 0.into();
            value["rows_refused"] = 0.into();
            value["refused"] = serde_json::json!([]);
        }
        out!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    if report.already_imported {
        out!(
            "{} was already imported as {} on {} (import {}); nothing was added. Remove that \
             import first (waymark remove-import) to import it again.",
            file.display(),
            import.kind.as_str(),
            import.imported_at,
            import.id
        );
        return Ok(());
    }
    let roles: Vec<String> = settings
        .columns
        .iter()
        .map(|c| format!("{}={}", c.role.as_str(), names[c.column]))
        .collect();
    let rows = if import.rows_taken == 1 {
        "row"
    } else {
        "rows"
    };
    out!(
        "Imported {} {rows} of {} as {} (import {}); {} refused.",
        thousands(import.rows_taken),
        file.display(),
        import.kind.as_str(),
        import.id,
        thousands(import.rows_refused)
    );
    out!("  columns: {}", roles.join(", "));
    if let Some(format) = &report.time_format {
        out!("  times: {format}, zone {}", settings.time_zone);
    }
    if let (Some(first), Some(last)) = (&import.first_at, &import.last_at) {
        out!("  from {first} to {last}");
    }
    for reason in &import.refused {
        let lines: Vec<String> = reason.lines.iter().map(u64::to_string).collect();
        out!(
            "  refused {} × {} (lines {}{})",
            thousands(reason.count),
            reason.reason,
            lines.join(", "),
            if reason.count > reason.lines.len() as u64 {
                ", ..."
            } else {
                ""
            }
        );
        out!("    {}", reason.example);
    }
    Ok(())
}

/// Runs `waymark imports`.
pub fn list(path: &Path, json: bool) -> Result<()> {
    let doc = Document::open(path)?;
    let imports = doc.imports()?;
    if json {
        out!("{}", serde_json::to_string_pretty(&imports)?);
        return Ok(());
    }
    if imports.is_empty() {
        out!("{} has no imports", path.display());
        return Ok(());
    }
    out!(
        "{:>4}  {:<32} {:<8} {:>12} {:>9}  imported",
        "id",
        "file",
        "kind",
        "rows",
        "refused"
    );
    for import in imports {
        out!(
            "{:>4}  {:<32} {:<8} {:>12} {:>9}  {}",
            import.id,
            import.file_name,
            import.kind.as_str(),
            thousands(import.rows_taken),
            thousands(import.rows_refused),
            import.imported_at
        );
    }
    Ok(())
}

/// Runs `waymark remove-import`.
pub fn remove(path: &Path, id: i64) -> Result<()> {
    let mut doc = Document::open(path)?;
    let removed: ImportInfo = doc.remove_import(id)?;
    out!(
        "Removed import {} ({}, {} rows of {})",
        removed.id,
        removed.file_name,
        thousands(removed.rows_taken),
        removed.kind.as_str()
    );
    Ok(())
}

/// 1234567 as "1,234,567".
fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn duration(seconds: f64) -> String {
    let seconds = seconds.round() as u64;
    if seconds >= 60 {
        format!("{}m {:02}s", seconds / 60, seconds % 60)
    } else {
        format!("{seconds}s")
    }
}
