//! The metrics table as CSV, as a spreadsheet would read it.

mod common;

use waymark_core::Edit;
use waymark_export::table;

#[test]
fn every_group_and_bound_stage_has_a_row() {
    let (_doc, source) = common::sample_source();
    let metrics = source.metrics.as_ref().unwrap();
    let text = table::metrics_csv(&source.map, metrics, &[]).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let groups = metrics.groups();
    let bound = source
        .map
        .stages
        .iter()
        .filter(|s| s.binding.is_some())
        .count();
    assert_eq!(rows.len(), groups.len() * bound);
    assert_eq!(&rows[0][0], "All customers");
    assert_eq!(&rows[0][2], "Awareness");
    assert_eq!(&rows[0][3], "2400");
    assert!(rows.iter().any(|r| &r[10] == "true"));

    let one = table::metrics_csv(&source.map, metrics, &["deal seeker".into()]).unwrap();
    assert_eq!(one.lines().count(), 1 + bound);
    let err = table::metrics_csv(&source.map, metrics, &["Nobody".into()]).unwrap_err();
    assert!(err.to_string().contains("no group \"Nobody\""), "{err}");
}

#[test]
fn a_stage_name_that_would_start_a_formula_is_escaped() {
    let (mut doc, source) = common::sample_source();
    let stage = source.map.stages[0].id.unwrap();
    let name = "=HYPERLINK(\"http://example.com\",\"x\")";
    doc.apply(Edit::RenameStage {
        stage,
        name: name.into(),
    })
    .unwrap();
    let map = doc.map(source.map.id.unwrap()).unwrap();
    let text = table::metrics_csv(&map, source.metrics.as_ref().unwrap(), &[]).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[2], format!("'{name}"));
}
