//! `waymark export` and `waymark import-map`: a map as PNG, SVG, PDF, JSON or CSV for people
//! and programs outside Waymark, and a map file brought into another document.
//!
//! The output is written to a temporary file beside the target and renamed over it when
//! complete, so a failed or interrupted export never leaves half a file.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use waymark_analytics::metrics::{map_metrics, LogCache, MapMetrics};
use waymark_core::{Document, Id};
use waymark_export::job::{self, Request};
use waymark_export::pdf::{PageLayout, PdfOptions};
use waymark_export::png::{PngOptions, PngSize};
use waymark_export::{json, png, Report, Selection, Source};

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
    fn job(self) -> job::Format {
        match self {
            Format::Png => job::Format::Png,
            Format::Svg => job::Format::Svg,
            Format::Pdf => job::Format::Pdf,
            Format::Json => job::Format::Json,
            Format::Csv => job::Format::Csv,
        }
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
    let Some(format) = args
        .format
        .map(Format::job)
        .or_else(|| job::Format::from_path(&args.output))
    else {
        bail!(
            "cannot tell the format from \"{}\"; add --format png, svg, pdf, json or csv",
            args.output.display()
        );
    };
    let mut doc = Document::open(&args.doc)?;
    let map = map_id(&doc, &args.doc, args.map.as_deref())?;
    let started = std::time::Instant::now();
    let metrics = match format {
        job::Format::Json => None,
        _ => metrics(&mut doc, map)?,
    };
    let source = Source::read(&doc, map, metrics)?;
    if format == job::Format::Csv && source.metrics.is_none() {
        bail!(
            "map \"{}\" has no numbers: no stage is bound to events (see `waymark bind`)",
            source.map.name
        );
    }
    let output = job::run(&source, &request(format, &args), &mut |_| {})?;
    job::write_atomically(&args.output, &output.bytes)?;
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "exported");
    out!(
        "Exported map \"{}\" {} to {}",
        source.map.name,
        summary(format, &output.report),
        args.output.display()
    );
    Ok(())
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

fn request(format: job::Format, args: &ExportArgs) -> Request {
    let size = match (args.width, args.scale) {
        (Some(width), _) => PngSize::Width(width),
        (None, scale) => PngSize::Scale(scale.unwrap_or(1.0)),
    };
    Request {
        format,
        selection: Selection {
            lanes: args.lanes.clone(),
            personas: args.personas.clone(),
        },
        png: PngOptions {
            size,
            transparent: args.transparent,
            system_fonts: true,
        },
        pdf: PdfOptions {
            layout: args.page,
            system_fonts: true,
        },
        transparent_svg: args.transparent,
    }
}

/// "as PNG (3,580 x 2,040 pixels)", "as PDF (4 pages)".
fn summary(format: job::Format, report: &Report) -> String {
    match format {
        job::Format::Png => format!("as PNG ({} x {} pixels)", report.width, report.height),
        job::Format::Pdf if report.pages == 1 => format!(
            "as PDF (1 page, {:.0} x {:.0} pt)",
            report.width, report.height
        ),
        job::Format::Pdf => format!("as PDF ({} pages)", report.pages),
        job::Format::Svg => "as SVG".into(),
        job::Format::Json => "as JSON".into(),
        job::Format::Csv => "metrics as CSV".into(),
    }
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
