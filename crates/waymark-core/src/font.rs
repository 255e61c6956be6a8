//! The fonts embedded in Waymark and the measuring of text with them.
//!
//! Layout wraps text with the same font files the canvas and the exporters draw with, so a
//! line that fits on screen fits in the export. DejaVu Sans is used for its free licence
//! (see `fonts/LICENSE-DejaVu.txt`) and its wide coverage of Latin, Greek and Cyrillic.

use std::sync::OnceLock;

/// DejaVu Sans, the regular weight.
pub const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
/// DejaVu Sans, the bold weight.
pub const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// The family name the canvas and exporters use for the embedded font.
pub const FAMILY: &str = "Waymark Sans";

/// Advance widths of one face, in em, with the ASCII range cached.
pub struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f64,
    ascii: [f64; 128],
}

impl Metrics {
    fn new(data: &'static [u8]) -> Metrics {
        let face = ttf_parser::Face::parse(data, 0).expect("the embedded font parses");
        let units_per_em = f64::from(face.units_per_em());
        let mut metrics = Metrics {
            face,
            units_per_em,
            ascii: [0.0; 128],
        };
        for code in 0..128u8 {
            metrics.ascii[code as usize] = metrics.advance_uncached(code as char);
        }
        metrics
    }

    fn advance_uncached(&self, c: char) -> f64 {
        match self.face.glyph_index(c) {
            Some(glyph) => {
                f64::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) / self.units_per_em
            }
            None => fallback_advance(c),
        }
    }

    /// The advance of `c` in em.
    pub fn advance(&self, c: char) -> f64 {
        match self.ascii.get(c as usize) {
            Some(width) => *width,
            None => self.advance_uncached(c),
        }
    }

    /// The width of `text` at `size` pixels, without kerning (the canvas turns kerning off
    /// so that it draws exactly this width).
    pub fn width(&self, text: &str, size: f64) -> f64 {
        text.chars().map(|c| self.advance(c)).sum::<f64>() * size
    }

    /// Whether the font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }
}

/// The advance assumed for a character the embedded font lacks, which the system draws with
/// another font: a full em for wide characters (CJK, most emoji), 0.6 em for the rest. It
/// errs wide, so that a line drawn in the fallback font still fits its box.
// TODO: measure with the fallback font itself once exports embed fallback fonts; until then
// lines of CJK text may end a little short of the box's edge.
fn fallback_advance(c: char) -> f64 {
    use unicode_width::UnicodeWidthChar;
    match c.width() {
        Some(2) => 1.0,
        Some(0) => 0.0,
        _ => 0.6,
    }
}

/// The metrics of the regular or bold face.
pub fn metrics(bold: bool) -> &'static Metrics {
    static REGULAR_METRICS: OnceLock<Metrics> = OnceLock::new();
    static BOLD_METRICS: OnceLock<Metrics> = OnceLock::new();
    if bold {
        BOLD_METRICS.get_or_init(|| Metrics::new(BOLD))
    } else {
        REGULAR_METRICS.get_or_init(|| Metrics::new(REGULAR))
    }
}

/// Breaks `text` into lines no wider than `max_width` pixels at `size`.
///
/// Lines break at spaces; a word wider than a line is broken between characters; a newline
/// in the text always starts a new line. An empty text is one empty line.
pub fn wrap(text: &str, size: f64, max_width: f64, bold: bool) -> Vec<String> {
    let metrics = metrics(bold);
    let space = metrics.width(" ", size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split(' ').filter(|word| !word.is_empty()) {
            let word_width = metrics.width(word, size);
            let needed = if line.is_empty() {
                word_width
            } else {
                line_width + space + word_width
            };
            if needed <= max_width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_width = needed;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line_width = 0.0;
            for c in word.chars() {
                let width = metrics.advance(c) * size;
                if line_width + width > max_width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += width;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text = "Adds the throw and a cushion to the cart and pays with a wallet";
        let lines = wrap(text, 13.0, 150.0, false);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(
                metrics(false).width(line, 13.0) <= 150.0,
                "{line:?} is too wide"
            );
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_between_characters() {
        let lines = wrap(&"x".repeat(200), 13.0, 100.0, false);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), "x".repeat(200));
    }

    #[test]
    fn newlines_start_new_lines_and_empty_text_is_one_line() {
        assert_eq!(wrap("a\nb", 13.0, 500.0, false), vec!["a", "b"]);
        assert_eq!(wrap("", 13.0, 500.0, false), vec![""]);
    }

    #[test]
    fn text_the_font_lacks_is_measured_as_the_fallback_font_draws_it() {
        let cjk = "顧客は広告を見てから商品ページを開き";
        assert_eq!(
            metrics(false).width(cjk, 10.0),
            10.0 * cjk.chars().count() as f64
        );
        let lines = wrap(cjk, 12.5, 184.0, false);
        assert!(lines.len() >= 2, "{lines:?}");
        for line in &lines {
            assert!(metrics(false).width(line, 12.5) <= 184.0);
        }
    }

    #[test]
    fn bold_is_wider_than_regular() {
        assert!(metrics(true).width("Awareness", 14.0) > metrics(false).width("Awareness", 14.0));
    }
}
