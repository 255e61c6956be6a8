//! Rearranging a map from the command line: a stage or a card moved, each as one undoable
//! edit, the same edits the canvas makes when they are dragged.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;
use waymark_core::edit::CardPlace;
use waymark_core::{Document, Edit, MapData};

use crate::map_id;

#[derive(Args)]
pub struct MoveStageArgs {
    doc: PathBuf,
    /// The map, by name or id; may be left out when the document has one map.
    #[arg(long)]
    map: Option<String>,
    /// The stage: its number from 1, or its name.
    #[arg(long)]
    stage: String,
    /// Its new number from 1; past the last stage means last.
    #[arg(long)]
    to: usize,
}

#[derive(Args)]
pub struct MoveCardArgs {
    doc: PathBuf,
    /// The card's id, as `waymark show --json` prints it.
    card: i64,
    /// The map, by name or id; may be left out when the document has one map.
    #[arg(long)]
    map: Option<String>,
    /// The stage of the cell it goes to: its number from 1, or its name.
    #[arg(long)]
    stage: String,
    /// The lane of the cell it goes to: its number from 1 counted from the top, or its name.
    #[arg(long)]
    lane: String,
    /// Its place in the cell from 1 at the top; last when left out.
    #[arg(long)]
    position: Option<u32>,
}

pub fn move_stage(args: MoveStageArgs) -> Result<()> {
    let mut doc = Document::open(&args.doc)?;
    let map = doc.map(map_id(&doc, &args.doc, args.map.as_deref())?)?;
    let names: Vec<&str> = map.stages.iter().map(|s| s.name.as_str()).collect();
    let index = pick(&names, &args.stage, "stage", &map)?;
    let stage = map.stages[index].id.expect("a stored stage has an id");
    let position = args.to.saturating_sub(1) as u32;
    doc.apply(Edit::MoveStage { stage, position })?;
    let moved = doc.map(map.id.expect("a stored map has an id"))?;
    let at = moved
        .stages
        .iter()
        .position(|s| s.id == Some(stage))
        .unwrap_or(0);
    out!("Moved stage \"{}\" to place {}", names[index], at + 1);
    Ok(())
}

pub fn move_card(args: MoveCardArgs) -> Result<()> {
    let mut doc = Document::open(&args.doc)?;
    let map = doc.map(map_id(&doc, &args.doc, args.map.as_deref())?)?;
    let stages: Vec<&str> = map.stages.iter().map(|s| s.name.as_str()).collect();
    let lanes: Vec<&str> = map.lanes.iter().map(|l| l.name.as_str()).collect();
    let stage = pick(&stages, &args.stage, "stage", &map)?;
    let lane = pick(&lanes, &args.lane, "lane", &map)?;
    let place = CardPlace {
        card: args.card,
        lane: map.lanes[lane].id.expect("a stored lane has an id"),
        stage: map.stages[stage].id.expect("a stored stage has an id"),
        position: args.position.map_or(u32::MAX, |p| p.saturating_sub(1)),
    };
    doc.apply(Edit::MoveCards { moves: vec![place] })?;
    out!(
        "Moved card {} to {} in {}",
        args.card,
        lanes[lane],
        stages[stage]
    );
    Ok(())
}

/// The index of the item numbered (from 1) or named `wanted`, or an error listing the names.
fn pick(names: &[&str], wanted: &str, what: &str, map: &MapData) -> Result<usize> {
    let index = match wanted.parse::<usize>() {
        Ok(number) if (1..=names.len()).contains(&number) => Some(number - 1),
        _ => names.iter().position(|name| *name == wanted),
    };
    let Some(index) = index else {
        let listed: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        bail!(
            "map \"{}\" has no {what} \"{wanted}\"; its {what}s are {}",
            map.name,
            listed.join(", ")
        );
    };
    Ok(index)
}
