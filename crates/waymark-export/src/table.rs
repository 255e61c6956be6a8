//! A map's metrics table as CSV: one row per group and bound stage, as the metrics lane shows
//! them, for a spreadsheet.
//!
//! Stage and persona names are the user's text, and a spreadsheet runs a cell that starts
//! with `=`, `+`, `-` or `@` as a formula; such cells (and those starting with a tab or a
//! carriage return, which some programs strip first) get a leading apostrophe, which
//! spreadsheets show as text and do not run.

use waymark_analytics::funnel::FunnelGroup;
use waymark_analytics::metrics::MapMetrics;
use waymark_core::MapData;

use crate::{ExportError, Result};

const HEADER: [&str; 11] = [
    "group",
    "stage_number",
    "stage",
    "customers",
    "conversion_from_previous",
    "conversion_from_first",
    "drop_off_customers",
    "drop_off_share",
    "median_seconds_from_previous",
    "median_seconds_to_next",
    "drop_off_point",
];

/// The CSV of `metrics` for `map`'s bound stages, for the groups named in `groups` (persona
/// names or "All customers"), or every group when it is empty.
///
/// # Errors
/// [`ExportError::BadOption`] when the map has no numbers or a group is not among them.
pub fn metrics_csv(map: &MapData, metrics: &MapMetrics, groups: &[String]) -> Result<String> {
    let Some(funnel) = &metrics.funnel else {
        return Err(ExportError::BadOption(format!(
            "map \"{}\" has no numbers: no stage is bound to events (see `waymark bind`)",
            map.name
        )));
    };
    let chosen = chosen_groups(&funnel.groups, groups)?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADER)?;
    for group in chosen {
        for (index, stage) in map.stages.iter().enumerate() {
            let Some(step) = metrics.stage_steps.get(index).copied().flatten() else {
                continue;
            };
            writer.write_record(row(group, step as usize, index, &stage.name))?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8(bytes).expect("the CSV is written from strings"))
}

fn chosen_groups<'a>(all: &'a [FunnelGroup], wanted: &[String]) -> Result<Vec<&'a FunnelGroup>> {
    if wanted.is_empty() {
        return Ok(all.iter().collect());
    }
    wanted
        .iter()
        .map(|name| {
            all.iter()
                .find(|g| g.name.group.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| {
                    let names: Vec<_> = all
                        .iter()
                        .map(|g| format!("\"{}\"", g.name.group))
                        .collect();
                    ExportError::BadOption(format!(
                        "the numbers have no group \"{name}\"; they have {}",
                        names.join(", ")
                    ))
                })
        })
        .collect()
}

/// One group's numbers at the stage at `index`, which is step `step` of its funnel.
fn row(group: &FunnelGroup, step: usize, index: usize, stage: &str) -> Vec<String> {
    let Some(numbers) = group.steps.get(step) else {
        return vec![
            text_cell(&group.name.group),
            (index + 1).to_string(),
            text_cell(stage),
        ];
    };
    let next = group.steps.get(step + 1);
    let last = next.is_none();
    vec![
        text_cell(&group.name.group),
        (index + 1).to_string(),
        text_cell(stage),
        numbers.customers.to_string(),
        share(numbers.conversion_from_previous),
        share(numbers.conversion_from_first),
        if last {
            String::new()
        } else {
            numbers.drop_off.to_string()
        },
        if last {
            String::new()
        } else {
            share(numbers.drop_off_share)
        },
        seconds(numbers.median_seconds_from_previous),
        seconds(next.and_then(|n| n.median_seconds_from_previous)),
        (group.drop_off_point == Some(step as u32)).to_string(),
    ]
}

/// A share as a fraction with four decimals; empty when there is none.
fn share(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.4}")).unwrap_or_default()
}

fn seconds(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.0}")).unwrap_or_default()
}

/// User text made safe for a spreadsheet: a cell that would start a formula gets a leading
/// apostrophe.
pub fn text_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_start_a_formula_get_an_apostrophe() {
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(text_cell(formula), format!("'{formula}"));
        }
        assert_eq!(text_cell("Purchase"), "Purchase");
        assert_eq!(text_cell(""), "");
        assert_eq!(text_cell("a=b"), "a=b");
    }
}
