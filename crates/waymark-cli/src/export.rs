//! `waymark export` and `waymark import-map`: a map as PNG, SVG, PDF, JSON or CSV for people
//! and programs outside Waymark, and a map file brought into another document.
//!
//! The output is written to a temporary file beside the target and renamed over it when
//! complete, so a failed or interrupted export never leaves half a file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use waymark_analytics::metrics::{map_metrics, LogCache, MapMetrics};
use waymark_core::{Document, Id};
use waymark_export::pdf::{PageLayout, PdfOptions};
use waymark_export::png::{PngOptions, PngSize};
use waymark_export::svg::SvgOptions;
use waymark_export::{json, pdf, png, svg, table, Report, Selection, Sheet, Source};

use crate::map_id;

/// What `waymark export` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Png,
    Svg,
    Pdf,
    Json,
    Csv,
}

impl Format {
    /// The format a file name's extension names.
    fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::from_str(&extension, true).ok()
    }
}

/// The options of `waymark export`.
#[derive(Args)]
pub struct ExportArgs {
    doc: PathBuf,
    /// The map's name or id; may be left out when the document has one map.
    #[arg(long)]
    map: Option<String>,
    /// png, svg, pdf, json (the map, for `waymark import-map`) or csv (its metrics table);
    /// guessed from the output's extension when left out.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// A persona whose emotion curve is drawn; repeat for several. The first one's numbers
    /// fill the metrics lane; the CSV holds each one's rows.
    #[arg(long = "persona")]
    personas: Vec<String>,
    /// The lanes to show, by name or kind, comma-separated; all when left out.
    #[arg(long, value_delimiter = ',')]
    lanes: Vec<String>,
    /// PDF pages: fit (one page the map's size), a page such as a4-landscape, a3-portrait,
    /// letter-portrait or tabloid-landscape (the map scaled onto it), or tiles:a4-landscape
    /// (the map at a readable size over several pages).
    #[arg(long, default_value = "fit", value_parser = parse_page)]
    page: PageLayout,
    /// PNG pixels per map pixel, from 1 to 4.
    #[arg(long, value_parser = parse_scale, conflicts_with = "width")]
    scale: Option<f32>,
    /// The PNG's width in pixels, instead of a scale.
    #[arg(long)]
    width: Option<u32>,
    /// A PNG with a transparent background instead of white.
    #[arg(long)]
    transparent: bool,
    /// The file to write.
    #[arg(short, long)]
    output: PathBuf,
}

fn parse_page(text: &str) -> Result<PageLayout, String> {
    text.parse()
        .map_err(|e: waymark_export::ExportError| e.to_string())
}

fn parse_scale(text: &str) -> Result<f32, String> {
    match text.trim_end_matches('x').parse::<f32>() {
        Ok(scale) if png::SCALES.contains(&scale) => Ok(scale),
        _ => Err(format!("the scale is a number from 1 to 4, not \"{text}\"")),
    }
}

pub fn run_export(args: ExportArgs) -> Result<()> {
    let Some(format) = args.format.or_else(|| Format::from_path(&args.output)) else {
        bail!(
            "cannot tell the format from \"{}\"; add --format png, svg, pdf, json or csv",
            args.output.display()
        );
    };
    let mut doc = Document::open(&args.doc)?;
    let map = map_id(&doc, &args.doc, args.map.as_deref())?;
    let started = std::time::Instant::now();
    let (bytes, summary) = match format {
        Format::Json => {
            let text = json::export(&doc.map(map)?, &doc.personas()?);
            (text.into_bytes(), "as JSON".to_string())
        }
        Format::Csv => csv(&mut doc, map, &args.personas)?,
        _ => picture(&mut doc, map, format, &args)?,
    };
    write_atomically(&args.output, &bytes)?;
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "exported");
    let name = doc.map(map)?.name;
    out!(
        "Exported map \"{name}\" {summary} to {}",
        args.output.display()
    );
    Ok(())
}

fn csv(doc: &mut Document, map: Id, personas: &[String]) -> Result<(Vec<u8>, String)> {
    let data = doc.map(map)?;
    let Some(metrics) = metrics(doc, map)? else {
        bail!(
            "map \"{}\" has no numbers: no stage is bound to events (see `waymark bind`)",
            data.name
        );
    };
    let text = table::metrics_csv(&data, &metrics, personas)?;
    Ok((text.into_bytes(), "metrics as CSV".into()))
}

/// The map's numbers, computed and cached as `waymark metrics` does; `None` when no stage is
/// bound.
fn metrics(doc: &mut Document, map: Id) -> Result<Option<MapMetrics>> {
    if !doc.map(map)?.stages.iter().any(|s| s.binding.is_some()) {
        return Ok(None);
    }
    let (metrics, _) = map_metrics(doc, map, &mut LogCache::default(), &mut |_, _| true)?;
    Ok(Some(metrics))
}

fn picture(
    doc: &mut Document,
    map: Id,
    format: Format,
    args: &ExportArgs,
) -> Result<(Vec<u8>, String)> {
    let metrics = metrics(doc, map)?;
    let source = Source::read(doc, map, metrics)?;
    let selection = Selection {
        lanes: args.lanes.clone(),
        personas: args.personas.clone(),
    };
    let sheet = Sheet::new(&source, &selection)?;
    let (bytes, report) = match format {
        Format::Svg => {
            let text = svg::write(
                &sheet,
                SvgOptions {
                    transparent: args.transparent,
                },
            );
            let report = Report {
                pages: 1,
                width: sheet.width,
                height: sheet.height,
                ..Report::default()
            };
            (text.into_bytes(), report)
        }
        Format::Png => png::render(&sheet, &png_options(args))?,
        _ => {
            let options = PdfOptions {
                layout: args.page,
                system_fonts: true,
            };
            pdf::render(&sheet, &options)?
        }
    };
    Ok((bytes, summary(format, &report)))
}

fn png_options(args: &ExportArgs) -> PngOptions {
    let size = match (args.width, args.scale) {
        (Some(width), _) => PngSize::Width(width),
        (None, scale) => PngSize::Scale(scale.unwrap_or(1.0)),
    };
    PngOptions {
        size,
        transparent: args.transparent,
        system_fonts: true,
    }
}

/// "as PNG (3,580 x 2,040 pixels)", "as PDF (4 pages)".
fn summary(format: Format, report: &Report) -> String {
    match format {
        Format::Png => format!("as PNG ({} x {} pixels)", report.width, report.height),
        Format::Pdf if report.pages == 1 => format!(
            "as PDF (1 page, {:.0} x {:.0} pt)",
            report.width, report.height
        ),
        Format::Pdf => format!("as PDF ({} pages)", report.pages),
        _ => "as SVG".into(),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed over `path`
/// once complete.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".waymark-export-")
        .tempfile_in(folder)
        .with_context(|| format!("cannot write in {}", folder.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .and_then(|()| set_permissions(file.as_file(), path))
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Gives the temporary file the permissions of the file it replaces, or the usual ones for a
/// new file: temporary files are made readable by their owner only.
fn set_permissions(file: &std::fs::File, path: &Path) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::metadata(path) {
        return file.set_permissions(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(())
}

pub fn run_import_map(doc: &Path, file: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut document = Document::open(doc)?;
    let imported = json::import(&mut document, &text)
        .with_context(|| format!("{} was not imported", file.display()))?;
    out!(
        "Imported map \"{}\" (id {}) into {}",
        imported.name,
        imported.map,
        doc.display()
    );
    if !imported.created_personas.is_empty() {
        out!("Added personas: {}", imported.created_personas.join(", "));
    }
    if !imported.matched_personas.is_empty() {
        out!(
            "Personas already in the document, used as they are: {}",
            imported.matched_personas.join(", ")
        );
    }
    Ok(())
}
