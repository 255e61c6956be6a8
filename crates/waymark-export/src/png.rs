//! A sheet as a PNG: its SVG rendered by resvg at a scale or to a width, on white or on
//! transparency.
//!
//! A PNG needs all its pixels in memory at once (four bytes each), so its size is limited to
//! [`MAX_PIXELS`]; a larger map is refused with a suggestion to export a PDF, which keeps
//! the map as vectors at any size.

use resvg::tiny_skia::{Pixmap, Transform};

use crate::svg::{self, SvgOptions};
use crate::{fonts, ExportError, Report, Result, Sheet};

/// The most pixels a PNG export makes: 150 million, 600 MB while rendering. A 40-stage map
/// at 2x is about 90 million.
pub const MAX_PIXELS: u64 = 150_000_000;

/// The scales a PNG can be made at.
pub const SCALES: std::ops::RangeInclusive<f32> = 1.0..=4.0;

/// How large the PNG is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PngSize {
    /// Pixels per scene pixel, from 1 to 4.
    Scale(f32),
    /// The PNG's width in pixels; the height follows.
    Width(u32),
}

/// How a PNG is made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PngOptions {
    pub size: PngSize,
    /// A transparent background instead of white.
    pub transparent: bool,
    /// Also load the system's fonts, for characters the embedded font lacks.
    pub system_fonts: bool,
}

impl Default for PngOptions {
    fn default() -> PngOptions {
        PngOptions {
            size: PngSize::Scale(1.0),
            transparent: false,
            system_fonts: true,
        }
    }
}

/// The PNG of `sheet`.
///
/// # Errors
/// [`ExportError::BadOption`] for a scale outside 1 to 4 or a width of 0,
/// [`ExportError::TooLarge`] when the PNG would pass [`MAX_PIXELS`].
pub fn render(sheet: &Sheet, options: &PngOptions) -> Result<(Vec<u8>, Report)> {
    let started = std::time::Instant::now();
    let scale = scale(sheet, options.size)?;
    let (width, height) = pixel_size(sheet, scale)?;
    let svg = svg::write(
        sheet,
        SvgOptions {
            transparent: options.transparent,
            embed_fonts: false,
        },
    );
    let (tree, missing) = fonts::parse(&svg, sheet, options.system_fonts)?;
    let mut pixmap = Pixmap::new(width, height).ok_or_else(|| too_large(width, height))?;
    draw(&tree, scale, &mut pixmap)?;
    let png = encode(pixmap, options.transparent)?;
    tracing::info!(
        width,
        height,
        bytes = png.len(),
        seconds = started.elapsed().as_secs_f64(),
        "rendered PNG"
    );
    let report = Report {
        missing_characters: missing,
        pages: 1,
        width: f64::from(width),
        height: f64::from(height),
    };
    Ok((png, report))
}

/// Rows drawn above and below each strip and thrown away: tiny-skia's anti-aliasing differs
/// from a single pass in the rows next to a pixmap's clipped edge, and a stroke or a glyph
/// reaches across the seam by less than this.
const STRIP_MARGIN: u32 = 32;

/// Draws `tree` at `scale` into `pixmap`, in horizontal strips on the machine's cores.
///
/// Each strip is drawn with a margin of rows on both sides, moved by whole pixels, so the rows
/// it keeps are the ones one pass over the whole picture gives.
fn draw(tree: &resvg::usvg::Tree, scale: f32, pixmap: &mut Pixmap) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    draw_in_strips(tree, scale, pixmap, cores.min(8) as u32)
}

fn draw_in_strips(
    tree: &resvg::usvg::Tree,
    scale: f32,
    pixmap: &mut Pixmap,
    strips: u32,
) -> Result<()> {
    let (width, height) = (pixmap.width(), pixmap.height());
    // A strip must be worth its margins.
    let strips = strips.min(height / (4 * STRIP_MARGIN)).max(1);
    if strips == 1 {
        resvg::render(
            tree,
            Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        return Ok(());
    }
    let rows = height.div_ceil(strips);
    let drawn: Vec<Option<(u32, Pixmap)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..strips)
            .map(|index| {
                scope.spawn(move || {
                    let top = index * rows;
                    let bottom = (top + rows).min(height);
                    let from = top.saturating_sub(STRIP_MARGIN);
                    let to = (bottom + STRIP_MARGIN).min(height);
                    let mut strip = Pixmap::new(width, to - from)?;
                    let shift =
                        Transform::from_scale(scale, scale).post_translate(0.0, -(from as f32));
                    resvg::render(tree, shift, &mut strip.as_mut());
                    Some((top - from, strip))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or(None))
            .collect()
    });
    let row_bytes = width as usize * 4;
    for (index, strip) in drawn.into_iter().enumerate() {
        let (skip, strip) = strip.ok_or_else(|| too_large(width, height))?;
        let top = index as u32 * rows;
        let count = (rows.min(height - top)) as usize;
        let source = &strip.data()[skip as usize * row_bytes..][..count * row_bytes];
        pixmap.data_mut()[top as usize * row_bytes..][..count * row_bytes].copy_from_slice(source);
    }
    Ok(())
}

/// The size in pixels a PNG of `sheet` would have, or why it cannot be made.
///
/// # Errors
/// As [`render`], for a bad option or a PNG too large.
pub fn size(sheet: &Sheet, size: PngSize) -> Result<(u32, u32)> {
    pixel_size(sheet, scale(sheet, size)?)
}

/// The PNG file of `pixmap`. Fast compression with the Paeth filter makes a 2x PNG of
/// 40 stages in a seventh of a second at two thirds of the size of tiny-skia's own
/// encoder's output; the best compression would take five times as long.
fn encode(mut pixmap: Pixmap, transparent: bool) -> Result<Vec<u8>> {
    let (width, height) = (pixmap.width(), pixmap.height());
    // tiny-skia keeps colours multiplied by their alpha; PNG wants them as they are.
    if transparent {
        for pixel in pixmap.data_mut().chunks_exact_mut(4) {
            let alpha = u16::from(pixel[3]);
            if alpha != 0 && alpha != 255 {
                for channel in &mut pixel[..3] {
                    *channel = ((u16::from(*channel) * 255 + alpha / 2) / alpha).min(255) as u8;
                }
            }
        }
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Paeth);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
    let failed = |e: png::EncodingError| ExportError::Png(e.to_string());
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(pixmap.data()).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(png)
}

fn scale(sheet: &Sheet, size: PngSize) -> Result<f32> {
    match size {
        PngSize::Scale(scale) if SCALES.contains(&scale) => Ok(scale),
        PngSize::Scale(scale) => Err(ExportError::BadOption(format!(
            "a PNG's scale is from 1 to 4, not {scale}"
        ))),
        PngSize::Width(0) => Err(ExportError::BadOption(
            "a PNG's width must be at least 1 pixel".into(),
        )),
        PngSize::Width(width) => Ok(width as f32 / sheet.width as f32),
    }
}

/// The PNG's size in pixels at `scale`, within [`MAX_PIXELS`].
fn pixel_size(sheet: &Sheet, scale: f32) -> Result<(u32, u32)> {
    let width = (sheet.width * f64::from(scale)).ceil().max(1.0);
    let height = (sheet.height * f64::from(scale)).ceil().max(1.0);
    if width * height > MAX_PIXELS as f64
        || width > f64::from(u32::MAX)
        || height > f64::from(u32::MAX)
    {
        return Err(too_large(width as u64, height as u64));
    }
    Ok((width as u32, height as u32))
}

fn too_large(width: impl Into<u64>, height: impl Into<u64>) -> ExportError {
    ExportError::TooLarge {
        width: width.into(),
        height: height.into(),
        limit: MAX_PIXELS / 1_000_000,
    }
}

#[cfg(test)]
mod tests {
    use resvg::usvg::{Options, Tree};

    use super::*;

    /// A pixmap of every alpha over a few colours, as anti-aliased edges on transparency give.
    fn edges() -> Pixmap {
        let mut pixmap = Pixmap::new(256, 3).unwrap();
        let width = pixmap.width() as usize;
        for (i, pixel) in pixmap.pixels_mut().iter_mut().enumerate() {
            let alpha = (i % width) as u8;
            let colour = [(220, 38, 38), (15, 118, 110), (255, 255, 255)][i / width];
            *pixel = resvg::tiny_skia::ColorU8::from_rgba(colour.0, colour.1, colour.2, alpha)
                .premultiply();
        }
        pixmap
    }

    #[test]
    fn a_transparent_png_decodes_to_the_pixels_drawn() {
        let drawn = edges();
        let png = encode(drawn.clone(), true).unwrap();
        let decoded = Pixmap::decode_png(&png).unwrap();
        for (a, b) in drawn.pixels().iter().zip(decoded.pixels()) {
            let (a, b) = (a.demultiply(), b.demultiply());
            let close = |x: u8, y: u8| x.abs_diff(y) <= 1;
            assert_eq!(a.alpha(), b.alpha());
            assert!(
                a.alpha() == 0
                    || close(a.red(), b.red())
                        && close(a.green(), b.green())
                        && close(a.blue(), b.blue()),
                "{a:?} came back as {b:?}"
            );
        }
    }

    /// Text, strokes and curves across every seam between strips.
    fn picture() -> Tree {
        let mut svg = String::from(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"900\" \
             font-family=\"DejaVu Sans\"><rect width=\"300\" height=\"900\" fill=\"#fff\"/>",
        );
        for i in 0..60 {
            let y = i * 15;
            svg.push_str(&format!(
                "<text x=\"{}\" y=\"{y}.4\" font-size=\"13.5\">Seam {i} gyp ÉÅ</text>\
                 <line x1=\"0\" y1=\"{y}.3\" x2=\"300\" y2=\"{}.7\" stroke=\"#c00\"/>\
                 <circle cx=\"200\" cy=\"{y}.5\" r=\"6.3\" fill=\"none\" stroke=\"#00c\"/>",
                5 + i % 7,
                y + 9
            ));
        }
        svg.push_str("</svg>");
        let options = Options {
            fontdb: fonts::database(false),
            ..Options::default()
        };
        Tree::from_str(&svg, &options).unwrap()
    }

    #[test]
    fn strips_draw_the_same_pixels_as_one_pass() {
        let tree = picture();
        for scale in [1.0, 2.0, 3.0] {
            let (width, height) = ((300.0 * scale) as u32, (900.0 * scale) as u32);
            let mut whole = Pixmap::new(width, height).unwrap();
            resvg::render(
                &tree,
                Transform::from_scale(scale, scale),
                &mut whole.as_mut(),
            );
            for count in [2, 3, 5] {
                let mut strips = Pixmap::new(width, height).unwrap();
                draw_in_strips(&tree, scale, &mut strips, count).unwrap();
                assert!(
                    whole.data() == strips.data(),
                    "{count} strips differ at {scale}x"
                );
            }
        }
    }
}
