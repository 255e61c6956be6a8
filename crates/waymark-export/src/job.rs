//! One export as a program asks for it: a format, the parts of the map to show and the
//! format's options in, the file's bytes out, with the steps reported as they are done.
//!
//! The command line and the app both export through [`run`] and write through
//! [`write_atomically`], so a map exported from either is the same file.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::pdf::PdfOptions;
use crate::png::PngOptions;
use crate::svg::SvgOptions;
use crate::{json, pdf, png, svg, table, ExportError, Report, Result, Selection, Sheet, Source};

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
    Pdf,
    /// The map, for another document.
    Json,
    /// The metrics table.
    Csv,
}

impl Format {
    /// Every format, in the order a menu lists them.
    pub const ALL: [Format; 5] = [
        Format::Png,
        Format::Svg,
        Format::Pdf,
        Format::Json,
        Format::Csv,
    ];

    /// The file name extension, which is also the format's name.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// The format a file name's extension names.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension()?.to_str()?.parse().ok()
    }
}

impl FromStr for Format {
    type Err = ExportError;

    fn from_str(text: &str) -> Result<Format> {
        let text = text.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == text)
            .ok_or_else(|| {
                ExportError::BadOption(format!(
                    "unknown format \"{text}\"; use png, svg, pdf, json or csv"
                ))
            })
    }
}

/// Everything an export needs besides the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub format: Format,
    pub selection: Selection,
    pub png: PngOptions,
    pub pdf: PdfOptions,
    /// An SVG without its white background.
    pub transparent_svg: bool,
}

/// The steps of an export, reported as each begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Placing the map, its title and its legend.
    Layout,
    /// Drawing the picture: rasterizing a PNG, converting to PDF, writing the SVG.
    Render,
    /// Writing the file.
    Write,
}

impl Step {
    /// The step's place among the [`STEPS`] steps, from 1.
    pub fn number(self) -> u32 {
        match self {
            Step::Layout => 1,
            Step::Render => 2,
            Step::Write => 3,
        }
    }
}

/// How many steps an export reports.
pub const STEPS: u32 = 3;

/// The file's bytes for `request`, and what was made.
///
/// # Errors
/// Whatever the format's writer refuses: an unknown lane or persona, a PNG too large, a CSV
/// of a map without numbers.
pub fn run(source: &Source, request: &Request, progress: &mut dyn FnMut(Step)) -> Result<Output> {
    match request.format {
        Format::Json => {
            let text = json::export(&source.map, &source.personas);
            Ok(Output::text(text))
        }
        Format::Csv => {
            let Some(metrics) = &source.metrics else {
                return Err(ExportError::BadOption(format!(
                    "map \"{}\" has no numbers: no stage is bound to events",
                    source.map.name
                )));
            };
            let text = table::metrics_csv(&source.map, metrics, &request.selection.personas)?;
            Ok(Output::text(text))
        }
        format => {
            progress(Step::Layout);
            let sheet = Sheet::new(source, &request.selection)?;
            progress(Step::Render);
            picture(&sheet, format, request)
        }
    }
}

fn picture(sheet: &Sheet, format: Format, request: &Request) -> Result<Output> {
    let (bytes, report) = match format {
        Format::Png => png::render(sheet, &request.png)?,
        Format::Pdf => pdf::render(sheet, &request.pdf)?,
        _ => {
            let options = SvgOptions {
                transparent: request.transparent_svg,
                embed_fonts: true,
            };
            let report = Report {
                pages: 1,
                width: sheet.width,
                height: sheet.height,
                ..Report::default()
            };
            (svg::write(sheet, options).into_bytes(), report)
        }
    };
    Ok(Output { bytes, report })
}

/// An export's file and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub bytes: Vec<u8>,
    pub report: Report,
}

impl Output {
    fn text(text: String) -> Output {
        Output {
            bytes: text.into_bytes(),
            report: Report {
                pages: 1,
                ..Report::default()
            },
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed over `path`
/// once complete, so a failed or interrupted export never leaves half a file.
///
/// # Errors
/// [`ExportError::Io`] when the folder cannot be written.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let io = |path: &Path| {
        let path = PathBuf::from(path);
        move |source| ExportError::Io { path, source }
    };
    let mut file = tempfile::Builder::new()
        .prefix(".waymark-export-")
        .tempfile_in(folder)
        .map_err(io(folder))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .and_then(|()| set_permissions(file.as_file(), path))
        .map_err(io(path))?;
    file.persist(path).map_err(|e| io(path)(e.error))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_named_by_their_extensions() {
        assert_eq!("PDF".parse::<Format>().unwrap(), Format::Pdf);
        assert_eq!(
            Format::from_path(Path::new("map.final.png")),
            Some(Format::Png)
        );
        assert_eq!(Format::from_path(Path::new("map")), None);
        let err = "gif".parse::<Format>().unwrap_err().to_string();
        assert!(err.contains("unknown format \"gif\""), "{err}");
    }

    #[test]
    fn a_file_is_replaced_whole_and_keeps_its_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map.svg");
        write_atomically(&path, b"old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "a temporary file was left behind");

        let err = write_atomically(&dir.path().join("missing/map.svg"), b"x").unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
    }
}
