//! The TypeScript bindings of the commands and of every type they carry, generated from the
//! Rust declarations into `ui/src/bindings.ts`.
//!
//! The test below fails when the committed file differs from what the code declares; run it
//! with `WAYMARK_UPDATE_BINDINGS=1` to write the file anew.

#![cfg_attr(not(test), allow(dead_code))]

use ts_rs::{Config, TS};

use crate::commands::*;
use waymark_analytics::funnel::{FunnelGroup, FunnelReport, FunnelStep};
use waymark_analytics::groups::GroupName;
use waymark_analytics::intervals::{Gap, IntervalGroup, IntervalReport};
use waymark_analytics::metrics::{DataSpan, MapMetrics, Opportunity};
use waymark_analytics::stats::Bin;
use waymark_core::edit::{
    CardPlace, CardRow, HistoryState, LanePoint, LaneRow, PointRow, PointValue,
};
use waymark_core::layout::*;
use waymark_core::store::{DataKind, ImportInfo, RefusedRows};
use waymark_core::template::{Template, TemplateInfo};
use waymark_core::*;
use waymark_import::{
    ColumnRole, ImportReport, ImportSettings, Preview, PreviewRow, Progress, Role,
};

/// The whole `bindings.ts` file.
pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust declarations by src-tauri/src/bindings.rs; do not edit.\n\
         // Regenerate with: WAYMARK_UPDATE_BINDINGS=1 cargo test -p waymark-app bindings\n\n\
         import { invoke } from \"@tauri-apps/api/core\";\n\n",
    );
    for decl in declarations(&cfg) {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    for (name, doc, args, ret) in signatures(&cfg) {
        let camel = camel_case(name);
        out.push_str(&format!("/** {doc} */\n"));
        out.push_str(&format!(
            "export function {camel}(args: {args}): Promise<{ret}> {{\n"
        ));
        out.push_str(&format!("  return invoke(\"{name}\", {{ args }});\n}}\n\n"));
    }
    out.trim_end().to_string() + "\n"
}

fn declarations(cfg: &Config) -> Vec<String> {
    vec![
        LaneKind::decl(cfg),
        MapSummary::decl(cfg),
        MapData::decl(cfg),
        StageData::decl(cfg),
        LaneData::decl(cfg),
        CardFields::decl(cfg),
        CardData::decl(cfg),
        EmotionPoint::decl(cfg),
        Persona::decl(cfg),
        Condition::decl(cfg),
        ConditionOp::decl(cfg),
        StageBinding::decl(cfg),
        FunnelMode::decl(cfg),
        MapAnalytics::decl(cfg),
        Edit::decl(cfg),
        CardRow::decl(cfg),
        PointRow::decl(cfg),
        PointValue::decl(cfg),
        LaneRow::decl(cfg),
        LanePoint::decl(cfg),
        CardPlace::decl(cfg),
        EditOutcome::decl(cfg),
        HistoryState::decl(cfg),
        Template::decl(cfg),
        TemplateInfo::decl(cfg),
        Scene::decl(cfg),
        StageBox::decl(cfg),
        LaneBox::decl(cfg),
        CellBox::decl(cfg),
        CardBox::decl(cfg),
        Curve::decl(cfg),
        CurvePoint::decl(cfg),
        Rect::decl(cfg),
        TextLine::decl(cfg),
        MetricsBand::decl(cfg),
        StageFigure::decl(cfg),
        FigureBox::decl(cfg),
        MapMetrics::decl(cfg),
        DataSpan::decl(cfg),
        Opportunity::decl(cfg),
        FunnelReport::decl(cfg),
        FunnelGroup::decl(cfg),
        FunnelStep::decl(cfg),
        GroupName::decl(cfg),
        Bin::decl(cfg),
        IntervalReport::decl(cfg),
        IntervalGroup::decl(cfg),
        Gap::decl(cfg),
        MetricsProgress::decl(cfg),
        MetricsFinished::decl(cfg),
        NameCount::decl(cfg),
        PropertyValues::decl(cfg),
        NoArgs::decl(cfg),
        MapRef::decl(cfg),
        EditArgs::decl(cfg),
        CreateMapArgs::decl(cfg),
        DuplicateMapArgs::decl(cfg),
        PathArgs::decl(cfg),
        DocumentInfo::decl(cfg),
        AppSnapshot::decl(cfg),
        MapView::decl(cfg),
        DataKind::decl(cfg),
        Role::decl(cfg),
        ColumnRole::decl(cfg),
        ImportSettings::decl(cfg),
        Preview::decl(cfg),
        PreviewRow::decl(cfg),
        Progress::decl(cfg),
        RefusedRows::decl(cfg),
        ImportInfo::decl(cfg),
        ImportReport::decl(cfg),
        ImportFinished::decl(cfg),
        ExportFormat::decl(cfg),
        ExportOptions::decl(cfg),
        StartExportArgs::decl(cfg),
        ExportPreview::decl(cfg),
        ExportProgress::decl(cfg),
        ExportFinished::decl(cfg),
        PreviewImportArgs::decl(cfg),
        StartImportArgs::decl(cfg),
        ImportRef::decl(cfg),
    ]
}

fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn bindings_ts_matches_the_rust_declarations() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let generated = super::typescript();
        if std::env::var_os("WAYMARK_UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/bindings.ts is stale; regenerate it with \
             WAYMARK_UPDATE_BINDINGS=1 cargo test -p waymark-app bindings"
        );
    }

    #[test]
    fn command_names_become_camel_case_functions() {
        assert_eq!(super::camel_case("get_state"), "getState");
        assert_eq!(super::camel_case("undo"), "undo");
    }
}
