//! A map as a JSON file another document can import, and the import.
//!
//! The file holds the whole map (stages with their bindings, lanes, cards, emotion points,
//! the metric settings) and the personas it refers to, under a format name and version. Row
//! ids mean nothing outside their document, so the file has none: personas are numbered 1,
//! 2, ... in the file and the map refers to them by those numbers. Exporting a map, importing
//! it into a fresh document and exporting it again gives the same bytes.
//!
//! An import is one edit (a batch of the personas to create and the map), so one Undo takes
//! it back. A persona of the file is matched by name with one of the document; the document's
//! rule then decides who belongs to it.

use serde::{Deserialize, Serialize};
use waymark_core::{Document, Edit, Id, MapData, Persona};

use crate::{ExportError, Result};

/// The `format` of a map file.
pub const FORMAT: &str = "waymark-map";
/// The newest format version this build writes and reads.
pub const VERSION: u32 = 1;

/// A map file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct MapFile {
    format: String,
    version: u32,
    /// The personas the map refers to, numbered from 1.
    #[serde(default)]
    personas: Vec<Persona>,
    map: MapData,
}

/// The part of a map file read first, so that a newer version is refused before its content
/// is judged.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// What an import created.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub map: Id,
    /// The map's name in the document: the file's, with " (2)" and so on when taken.
    pub name: String,
    /// Personas the document did not have.
    pub created_personas: Vec<String>,
    /// Personas of the file the document had already, by name.
    pub matched_personas: Vec<String>,
}

/// The JSON file of `map`, whose persona ids refer to `personas`.
pub fn export(map: &MapData, personas: &[Persona]) -> String {
    let used = used_personas(map);
    let listed: Vec<&Persona> = personas
        .iter()
        .filter(|p| p.id.is_some_and(|id| used.contains(&id)))
        .collect();
    let number = |id: Id| {
        listed
            .iter()
            .position(|p| p.id == Some(id))
            .map(|i| i as Id + 1)
    };
    let mut map = map.clone().without_ids();
    remap_personas(&mut map, number);
    let personas = listed
        .iter()
        .enumerate()
        .map(|(i, p)| Persona {
            id: Some(i as Id + 1),
            ..(*p).clone()
        })
        .collect();
    let file = MapFile {
        format: FORMAT.into(),
        version: VERSION,
        personas,
        map,
    };
    let mut text = serde_json::to_string_pretty(&file).expect("a map always serializes");
    text.push('\n');
    text
}

/// Imports the map file `text` into `doc` as one undoable edit.
///
/// # Errors
/// [`ExportError::BadJson`] with the line and column of what cannot be read,
/// [`ExportError::NotAMap`] for JSON of another kind, [`ExportError::NewerFormat`] for a
/// file of a newer Waymark; the document is unchanged then.
pub fn import(doc: &mut Document, text: &str) -> Result<Imported> {
    let file = read(text)?;
    let existing = doc.personas()?;
    let mut next_id = existing.iter().filter_map(|p| p.id).max().unwrap_or(0) + 1;
    let mut edits = Vec::new();
    let mut ids = Vec::new();
    let (mut created, mut matched) = (Vec::new(), Vec::new());
    for persona in &file.personas {
        let found = existing.iter().find(|p| p.name == persona.name);
        if let Some(id) = found.and_then(|p| p.id) {
            ids.push((persona.id, id));
            matched.push(persona.name.clone());
            continue;
        }
        // The map refers to the persona by id, so it gets one before the batch is applied.
        ids.push((persona.id, next_id));
        edits.push(Edit::CreatePersona {
            persona: Persona {
                id: Some(next_id),
                ..persona.clone()
            },
        });
        created.push(persona.name.clone());
        next_id += 1;
    }
    let mut map = file.map.without_ids();
    check_persona_refs(&map, &ids)?;
    remap_personas(&mut map, |id| {
        ids.iter()
            .find(|(from, _)| *from == Some(id))
            .map(|(_, to)| *to)
    });
    map.name = free_name(doc, &map.name)?;
    let name = map.name.clone();
    edits.push(Edit::CreateMap {
        map,
        position: None,
    });
    doc.apply(Edit::Batch {
        label: "Import map".into(),
        edits,
    })?;
    // A new map goes at the end of the list.
    let id = doc
        .maps()?
        .last()
        .map(|m| m.id)
        .expect("the imported map is listed");
    tracing::info!(map = id, name = %name, personas = created.len(), "imported map");
    Ok(Imported {
        map: id,
        name,
        created_personas: created,
        matched_personas: matched,
    })
}

/// The map file in `text`, refused if it is not one this build reads.
fn read(text: &str) -> Result<MapFile> {
    let header: Header = serde_json::from_str(text).map_err(bad_json)?;
    if header.format != FORMAT {
        return Err(ExportError::NotAMap(header.format));
    }
    if header.version > VERSION {
        return Err(ExportError::NewerFormat {
            found: header.version,
            supported: VERSION,
        });
    }
    serde_json::from_str(text).map_err(bad_json)
}

fn bad_json(err: serde_json::Error) -> ExportError {
    let message = err.to_string();
    // serde_json ends its message with the place; it is given separately.
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    ExportError::BadJson {
        line: err.line(),
        column: err.column(),
        message,
    }
}

/// Every persona id the map refers to.
fn used_personas(map: &MapData) -> Vec<Id> {
    let mut used: Vec<Id> = map.persona_id.into_iter().collect();
    used.extend(&map.shown_personas);
    let points = map.lanes.iter().flat_map(|l| &l.points);
    used.extend(points.filter_map(|p| p.persona_id));
    used.sort_unstable();
    used.dedup();
    used
}

/// Rewrites every persona reference of `map` through `to`; references it has no answer for
/// are dropped, with a warning.
fn remap_personas(map: &mut MapData, to: impl Fn(Id) -> Option<Id>) {
    map.persona_id = map.persona_id.and_then(&to);
    map.shown_personas = map.shown_personas.iter().filter_map(|id| to(*id)).collect();
    for lane in &mut map.lanes {
        lane.points.retain_mut(|point| match point.persona_id {
            None => true,
            Some(id) => {
                point.persona_id = to(id);
                if point.persona_id.is_none() {
                    tracing::warn!(persona = id, "emotion point of an unknown persona skipped");
                }
                point.persona_id.is_some()
            }
        });
    }
}

/// Refuses a map that refers to a persona its file does not list.
fn check_persona_refs(map: &MapData, ids: &[(Option<Id>, Id)]) -> Result<()> {
    for id in used_personas(map) {
        if !ids.iter().any(|(from, _)| *from == Some(id)) {
            return Err(waymark_core::Error::Invalid(format!(
                "the map refers to persona {id}, which the file does not list"
            ))
            .into());
        }
    }
    Ok(())
}

/// `name`, or `name (2)`, `name (3)`... when the document has a map called that.
fn free_name(doc: &Document, name: &str) -> Result<String> {
    let maps = doc.maps()?;
    let taken = |candidate: &str| maps.iter().any(|m| m.name == candidate);
    let mut candidate = name.to_string();
    let mut n = 2;
    while taken(&candidate) {
        candidate = format!("{name} ({n})");
        n += 1;
    }
    Ok(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_json_is_placed_by_line_and_column() {
        let err =
            read("{\n  \"format\": \"waymark-map\",\n  \"version\": 1,\n  oops\n}").unwrap_err();
        let ExportError::BadJson { line, column, .. } = err else {
            panic!("{err:?}");
        };
        assert_eq!((line, column), (4, 3));
    }

    #[test]
    fn a_newer_version_is_refused_before_its_content_is_read() {
        let err =
            read("{\"format\": \"waymark-map\", \"version\": 9, \"map\": \"?\"}").unwrap_err();
        assert!(matches!(
            err,
            ExportError::NewerFormat {
                found: 9,
                supported: 1
            }
        ));
        assert!(err.to_string().contains("update Waymark"));
    }

    #[test]
    fn json_of_another_kind_is_refused_by_its_format() {
        let err = read("{\"format\": \"funnel\", \"version\": 1}").unwrap_err();
        assert!(err.to_string().contains("not a Waymark map"), "{err}");
    }
}
