//! The map file: exported, imported into another document, exported again.

mod common;

use waymark_core::Document;
use waymark_export::{json, ExportError};

#[test]
fn a_map_survives_export_import_export_byte_for_byte() {
    let (doc, source) = common::sample_source();
    let first = json::export(&source.map, &doc.personas().unwrap());
    assert!(first.starts_with("{\n  \"format\": \"waymark-map\",\n  \"version\": 1,"));

    let mut other = Document::open_in_memory().unwrap();
    let imported = json::import(&mut other, &first).unwrap();
    assert_eq!(imported.name, "Instagram ad to repeat purchase");
    assert_eq!(imported.created_personas, ["Deal seeker", "Home maker"]);
    let map = other.map(imported.map).unwrap();
    let second = json::export(&map, &other.personas().unwrap());
    assert_eq!(first, second);

    // Bindings, emotion points of personas and settings came along.
    assert!(map.stages.iter().any(|s| s.binding.is_some()));
    assert_eq!(map.shown_personas.len(), 2);
    assert_eq!(map.analytics, source.map.analytics);
    assert_eq!(map.card_count(), source.map.card_count());
}

#[test]
fn an_import_is_one_undoable_edit() {
    let (doc, source) = common::sample_source();
    let text = json::export(&source.map, &doc.personas().unwrap());
    let mut other = Document::open_in_memory().unwrap();
    json::import(&mut other, &text).unwrap();
    assert_eq!(other.history().unwrap().undo.as_deref(), Some("Import map"));
    other.undo().unwrap();
    assert!(other.maps().unwrap().is_empty());
    assert!(other.personas().unwrap().is_empty());
    other.redo().unwrap();
    assert_eq!(other.maps().unwrap().len(), 1);
    assert_eq!(other.personas().unwrap().len(), 2);
}

#[test]
fn importing_beside_the_original_matches_personas_and_renames_the_map() {
    let (mut doc, source) = common::sample_source();
    let text = json::export(&source.map, &doc.personas().unwrap());
    let imported = json::import(&mut doc, &text).unwrap();
    assert_eq!(imported.name, "Instagram ad to repeat purchase (2)");
    assert!(imported.created_personas.is_empty());
    assert_eq!(doc.personas().unwrap().len(), 2);
    let copy = doc.map(imported.map).unwrap();
    assert_eq!(copy.shown_personas, source.map.shown_personas);
}

#[test]
fn bad_files_are_refused_with_where_and_why_and_change_nothing() {
    let mut doc = Document::open_in_memory().unwrap();
    let newer = "{\"format\": \"waymark-map\", \"version\": 2, \"map\": {}}";
    let err = json::import(&mut doc, newer).unwrap_err();
    assert!(
        matches!(err, ExportError::NewerFormat { found: 2, .. }),
        "{err}"
    );

    let broken = "{\n\"format\": \"waymark-map\",\n\"version\": 1,\n\"map\": {\"name\": 3}\n}";
    let err = json::import(&mut doc, broken).unwrap_err().to_string();
    assert!(err.contains("line 4"), "{err}");

    let dangling = json::export(&common::tiny_map(), &[])
        .replace("\"shown_personas\": []", "\"shown_personas\": [7]");
    let err = json::import(&mut doc, &dangling).unwrap_err().to_string();
    assert!(err.contains("persona 7"), "{err}");
    assert!(doc.maps().unwrap().is_empty());
    assert_eq!(doc.history().unwrap().undo, None);
}
