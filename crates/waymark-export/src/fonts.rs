//! The fonts the PNG and PDF renderers draw with, and the check for text none of them covers.
//!
//! The embedded DejaVu Sans (the font the core measured every line with) is loaded from the
//! binary, so exports look the same on every machine without any installed font. For scripts
//! DejaVu lacks (CJK, most emoji), the system's fonts are loaded too when asked for, and
//! usvg falls back to one that has the character.

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb::Database;
use resvg::usvg::{Options, Tree};
use waymark_core::font;

use crate::svg::FONT_FAMILY;
use crate::{Result, Sheet};

/// The font database: the embedded faces, and the system's when `system` is set.
///
/// Loading the system's fonts takes a moment, so each database is built once per process.
pub fn database(system: bool) -> Arc<Database> {
    static EMBEDDED: OnceLock<Arc<Database>> = OnceLock::new();
    static WITH_SYSTEM: OnceLock<Arc<Database>> = OnceLock::new();
    let cell = if system { &WITH_SYSTEM } else { &EMBEDDED };
    cell.get_or_init(|| {
        let mut db = Database::new();
        db.load_font_data(font::REGULAR.to_vec());
        db.load_font_data(font::BOLD.to_vec());
        if system {
            db.load_system_fonts();
        }
        db.set_sans_serif_family(FONT_FAMILY);
        tracing::debug!(faces = db.len(), system, "loaded the export fonts");
        Arc::new(db)
    })
    .clone()
}

/// The characters of `texts` that no face of `db` has a glyph for, each once, in the order
/// met. Spaces and control characters are not drawn, so they are never missing.
pub fn missing_characters<'a>(db: &Database, texts: impl Iterator<Item = &'a str>) -> Vec<char> {
    let regular = font::metrics(false);
    let mut uncovered: Vec<char> = Vec::new();
    for c in texts.flat_map(str::chars) {
        if c.is_whitespace() || c.is_control() || regular.covers(c) || uncovered.contains(&c) {
            continue;
        }
        uncovered.push(c);
    }
    if uncovered.is_empty() {
        return uncovered;
    }
    for face in db.faces() {
        if uncovered.is_empty() {
            break;
        }
        db.with_face_data(face.id, |data, index| {
            if let Ok(parsed) = ttf_parser::Face::parse(data, index) {
                uncovered.retain(|c| parsed.glyph_index(*c).is_none());
            }
        });
    }
    uncovered
}

/// Reads `svg` with the export fonts, and names the characters of `sheet` that no font
/// covers (logging a warning for them): they will show as empty boxes.
///
/// # Errors
/// When the SVG does not parse, which would be a bug in [`crate::svg`].
pub(crate) fn parse(svg: &str, sheet: &Sheet, system: bool) -> Result<(Tree, Vec<char>)> {
    let db = database(system);
    let missing = missing_characters(&db, sheet.texts());
    if !missing.is_empty() {
        let list: String = missing
            .iter()
            .map(|c| format!(" {c} (U+{:04X})", *c as u32))
            .collect();
        tracing::warn!("no font has a glyph for{list}; these characters are drawn as empty boxes");
    }
    let options = Options {
        font_family: FONT_FAMILY.into(),
        fontdb: db,
        ..Options::default()
    };
    let tree = Tree::from_str(svg, &options)?;
    Ok((tree, missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_covers_latin_and_a_character_no_font_has_is_named() {
        let db = database(false);
        let missing = missing_characters(&db, ["Café — naïve", "顧客\u{10FFFD}"].into_iter());
        assert_eq!(missing, ['顧', '客', '\u{10FFFD}']);
    }
}
