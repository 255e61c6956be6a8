//! The one path every change to a document takes.
//!
//! An [`Edit`] is a tagged value; [`Document::apply`] applies it in one transaction together
//! with its entry in the document's history, so a change is either wholly stored, with its
//! undo, or not at all. Applying an edit yields the edit that reverses it, computed from the
//! document as it was; undo applies that reverse and redo the original, both again in one
//! transaction. Because the history lives in the document, undo survives a restart.
//!
//! Edits that create rows may leave ids empty; the history keeps the edit with the ids that
//! were given, so a redo recreates exactly the rows that were undone and later edits in the
//! history still find them.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result, SqlContext};
use crate::model::*;
use crate::store::Document;

/// A card as a row of the document: where it sits and what it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CardRow {
    #[ts(type = "number | null")]
    #[serde(default)]
    pub id: Option<Id>,
    #[ts(type = "number")]
    pub lane: Id,
    #[ts(type = "number")]
    pub stage: Id,
    /// Place in its cell, from the top, starting at 0.
    pub position: u32,
    #[serde(flatten)]
    pub fields: CardFields,
}

/// A point of an emotion curve at a stage that is being restored with that stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PointRow {
    #[ts(type = "number")]
    pub lane: Id,
    #[ts(type = "number | null")]
    pub persona_id: Option<Id>,
    pub value: f64,
    pub label: String,
}

/// A point of an emotion curve in a lane that is being restored with that lane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LanePoint {
    #[ts(type = "number")]
    pub stage: Id,
    #[ts(type = "number | null")]
    pub persona_id: Option<Id>,
    pub value: f64,
    pub label: String,
}

/// A lane as a row of the document, without its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LaneRow {
    #[ts(type = "number | null")]
    #[serde(default)]
    pub id: Option<Id>,
    pub kind: LaneKind,
    pub name: String,
    #[serde(default)]
    pub collapsed: bool,
}

/// Where a card goes: a cell, and its place there from the top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CardPlace {
    #[ts(type = "number")]
    pub card: Id,
    #[ts(type = "number")]
    pub lane: Id,
    #[ts(type = "number")]
    pub stage: Id,
    /// Place in the cell once every moved card has arrived; past the end means last.
    pub position: u32,
}

/// The value and word of one emotion point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PointValue {
    pub value: f64,
    pub label: String,
}

/// Every change a document can undergo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Edit {
    /// Adds a whole map; at the end of the map list unless a position is given.
    CreateMap {
        map: MapData,
        #[serde(default)]
        position: Option<u32>,
    },
    DeleteMap {
        #[ts(type = "number")]
        map: Id,
    },
    RenameMap {
        #[ts(type = "number")]
        map: Id,
        name: String,
    },
    /// Adds a stage at `position` (0 is the first column), with any cards and emotion points
    /// it had when it was deleted.
    InsertStage {
        #[ts(type = "number")]
        map: Id,
        position: u32,
        stage: StageData,
        #[serde(default)]
        cards: Vec<CardRow>,
        #[serde(default)]
        points: Vec<PointRow>,
    },
    DeleteStage {
        #[ts(type = "number")]
        stage: Id,
    },
    RenameStage {
        #[ts(type = "number")]
        stage: Id,
        name: String,
    },
    /// Moves a stage, with its cards and points, to `position` among its map's stages.
    MoveStage {
        #[ts(type = "number")]
        stage: Id,
        position: u32,
    },
    RenameLane {
        #[ts(type = "number")]
        lane: Id,
        name: String,
    },
    /// Adds a lane at `position` (0 is the top row), with any cards and emotion points it had
    /// when it was deleted.
    InsertLane {
        #[ts(type = "number")]
        map: Id,
        position: u32,
        lane: LaneRow,
        #[serde(default)]
        cards: Vec<CardRow>,
        #[serde(default)]
        points: Vec<LanePoint>,
    },
    DeleteLane {
        #[ts(type = "number")]
        lane: Id,
    },
    /// Moves a lane, with its cards and points, to `position` among its map's lanes.
    MoveLane {
        #[ts(type = "number")]
        lane: Id,
        position: u32,
    },
    /// Folds a lane to a thin row, or unfolds it.
    SetLaneCollapsed {
        #[ts(type = "number")]
        lane: Id,
        collapsed: bool,
    },
    InsertCard {
        card: CardRow,
    },
    DeleteCard {
        #[ts(type = "number")]
        card: Id,
    },
    /// Moves cards to other cells or places within their cell, all in one step. The cards
    /// are taken out first and then put in their places from the lowest position up, so the
    /// positions are those the cards have once all of them have moved.
    MoveCards {
        moves: Vec<CardPlace>,
    },
    /// Replaces what a card says and how it looks.
    UpdateCard {
        #[ts(type = "number")]
        card: Id,
        fields: CardFields,
    },
    /// Sets, or with `point: null` removes, the emotion of one curve at one stage.
    SetEmotion {
        #[ts(type = "number")]
        lane: Id,
        #[ts(type = "number")]
        stage: Id,
        #[ts(type = "number | null")]
        #[serde(default)]
        persona_id: Option<Id>,
        point: Option<PointValue>,
    },
    CreatePersona {
        persona: Persona,
    },
    /// Replaces a persona's name, description and colour.
    UpdatePersona {
        persona: Persona,
    },
    /// Binds a stage to events, or with `binding: null` unbinds it.
    BindStage {
        #[ts(type = "number")]
        stage: Id,
        binding: Option<StageBinding>,
    },
    /// Replaces how a map's numbers are computed.
    SetMapAnalytics {
        #[ts(type = "number")]
        map: Id,
        analytics: MapAnalytics,
    },
    /// Removes a persona that no map uses.
    DeletePersona {
        #[ts(type = "number")]
        persona: Id,
    },
    /// Several edits undone and redone as one.
    Batch {
        label: String,
        edits: Vec<Edit>,
    },
}

/// What applying an edit did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EditOutcome {
    /// The edit's name as the Undo menu shows it.
    pub label: String,
    /// The id of the map, stage, card or persona the edit created, if it created one.
    #[ts(type = "number | null")]
    pub created: Option<Id>,
}

/// What Undo and Redo would do now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryState {
    pub undo: Option<String>,
    pub redo: Option<String>,
}

impl Edit {
    /// The edit's name as the Undo menu shows it ("Undo Rename stage").
    pub fn label(&self) -> String {
        let label = match self {
            Edit::CreateMap { .. } => "Create map",
            Edit::DeleteMap { .. } => "Delete map",
            Edit::RenameMap { .. } => "Rename map",
            Edit::InsertStage { .. } => "Add stage",
            Edit::DeleteStage { .. } => "Delete stage",
            Edit::RenameStage { .. } => "Rename stage",
            Edit::MoveStage { .. } => "Move stage",
            Edit::RenameLane { .. } => "Rename lane",
            Edit::InsertLane { .. } => "Add lane",
            Edit::DeleteLane { .. } => "Delete lane",
            Edit::MoveLane { .. } => "Move lane",
            Edit::SetLaneCollapsed {
                collapsed: true, ..
            } => "Collapse lane",
            Edit::SetLaneCollapsed {
                collapsed: false, ..
            } => "Expand lane",
            Edit::MoveCards { moves } if moves.len() == 1 => "Move card",
            Edit::MoveCards { .. } => "Move cards",
            Edit::InsertCard { .. } => "Add card",
            Edit::DeleteCard { .. } => "Delete card",
            Edit::UpdateCard { .. } => "Edit card",
            Edit::SetEmotion { .. } => "Change emotion",
            Edit::CreatePersona { .. } => "Add persona",
            Edit::UpdatePersona { .. } => "Edit persona",
            Edit::DeletePersona { .. } => "Delete persona",
            Edit::BindStage {
                binding: Some(_), ..
            } => "Bind stage",
            Edit::BindStage { binding: None, .. } => "Unbind stage",
            Edit::SetMapAnalytics { .. } => "Change metric settings",
            Edit::Batch { label, .. } => label,
        };
        label.to_string()
    }
}

/// An edit as it was applied, the edit that reverses it, and the id it created.
struct Applied {
    forward: Edit,
    backward: Edit,
    created: Option<Id>,
}

impl Document {
    /// Applies `edit` and records it for undo, in one transaction.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the edit names a row that is not there, [`Error::Invalid`]
    /// when it makes no sense (an empty map name, an emotion off the scale); nothing is
    /// stored then.
    pub fn apply(&mut self, edit: Edit) -> Result<EditOutcome> {
        let label = edit.label();
        let tx = self.conn.transaction()?;
        let applied = apply_in(&tx, edit)?;
        record(&tx, &label, &applied)?;
        tx.commit()?;
        tracing::info!(edit = %label, "applied edit");
        Ok(EditOutcome {
            label,
            created: applied.created,
        })
    }

    /// Adds `map` at the end of the map list, as an undoable edit; returns its id.
    pub fn add_map(&mut self, map: MapData) -> Result<Id> {
        let outcome = self.apply(Edit::CreateMap {
            map,
            position: None,
        })?;
        Ok(outcome.created.expect("creating a map yields its id"))
    }

    /// Adds a copy of map `id` named `name` right after it in the map list, as an undoable
    /// edit; returns the copy's id.
    pub fn duplicate_map(&mut self, id: Id, name: &str) -> Result<Id> {
        let position = self
            .maps()?
            .iter()
            .position(|m| m.id == id)
            .map(|p| p as u32 + 1);
        let mut map = self.map(id)?.without_ids();
        map.name = name.to_string();
        let outcome = self.apply(Edit::CreateMap { map, position })?;
        Ok(outcome.created.expect("creating a map yields its id"))
    }

    /// Reverses the newest edit that is not undone; returns its label, or `None` when there
    /// is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>> {
        self.step_history(true)
    }

    /// Applies again the oldest undone edit; returns its label, or `None` when there is
    /// nothing to redo.
    pub fn redo(&mut self) -> Result<Option<String>> {
        self.step_history(false)
    }

    /// The labels of what Undo and Redo would do now.
    pub fn history(&self) -> Result<HistoryState> {
        let label = |sql: &str| -> Result<Option<String>> {
            self.conn
                .query_row(sql, [], |row| row.get(0))
                .optional()
                .sql(sql)
        };
        Ok(HistoryState {
            undo: label("SELECT label FROM edits WHERE undone = 0 ORDER BY seq DESC LIMIT 1")?,
            redo: label("SELECT label FROM edits WHERE undone = 1 ORDER BY seq LIMIT 1")?,
        })
    }

    fn step_history(&mut self, undo: bool) -> Result<Option<String>> {
        let sql = if undo {
            "SELECT seq, label, backward FROM edits WHERE undone = 0 ORDER BY seq DESC LIMIT 1"
        } else {
            "SELECT seq, label, forward FROM edits WHERE undone = 1 ORDER BY seq LIMIT 1"
        };
        let tx = self.conn.transaction()?;
        let entry: Option<(i64, String, String)> = tx
            .query_row(sql, [], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()
            .sql(sql)?;
        let Some((seq, label, json)) = entry else {
            return Ok(None);
        };
        apply_in(&tx, serde_json::from_str(&json)?)?;
        let mark = "UPDATE edits SET undone = ?2 WHERE seq = ?1";
        tx.execute(mark, params![seq, undo]).sql(mark)?;
        tx.commit()?;
        tracing::info!(edit = %label, "{}", if undo { "undid edit" } else { "redid edit" });
        Ok(Some(label))
    }
}

/// Stores the applied edit in the history and forgets what could have been redone.
fn record(tx: &Transaction, label: &str, applied: &Applied) -> Result<()> {
    let drop_redo = "DELETE FROM edits WHERE undone = 1";
    tx.execute(drop_redo, []).sql(drop_redo)?;
    let sql = "INSERT INTO edits (at, label, forward, backward) VALUES (?1, ?2, ?3, ?4)";
    let forward = serde_json::to_string(&applied.forward)?;
    let backward = serde_json::to_string(&applied.backward)?;
    tx.execute(sql, params![now(), label, forward, backward])
        .sql(sql)?;
    Ok(())
}

fn apply_in(tx: &Transaction, edit: Edit) -> Result<Applied> {
    match edit {
        Edit::CreateMap { map, position } => create_map(tx, map, position),
        Edit::DeleteMap { map } => delete_map(tx, map),
        Edit::RenameMap { map, name } => rename_map(tx, map, name),
        Edit::InsertStage {
            map,
            position,
            stage,
            cards,
            points,
        } => insert_stage(tx, map, position, stage, cards, points),
        Edit::DeleteStage { stage } => delete_stage(tx, stage),
        Edit::RenameStage { stage, name } => rename_stage(tx, stage, name),
        Edit::MoveStage { stage, position } => move_stage(tx, stage, position),
        Edit::RenameLane { lane, name } => rename_lane(tx, lane, name),
        Edit::InsertLane {
            map,
            position,
            lane,
            cards,
            points,
        } => insert_lane(tx, map, position, lane, cards, points),
        Edit::DeleteLane { lane } => delete_lane(tx, lane),
        Edit::MoveLane { lane, position } => move_lane(tx, lane, position),
        Edit::SetLaneCollapsed { lane, collapsed } => set_lane_collapsed(tx, lane, collapsed),
        Edit::MoveCards { moves } => move_cards(tx, moves),
        Edit::InsertCard { card } => insert_card(tx, card),
        Edit::DeleteCard { card } => delete_card(tx, card),
        Edit::UpdateCard { card, fields } => update_card(tx, card, fields),
        Edit::SetEmotion {
            lane,
            stage,
            persona_id,
            point,
        } => set_emotion(tx, lane, stage, persona_id, point),
        Edit::CreatePersona { persona } => create_persona(tx, persona),
        Edit::UpdatePersona { persona } => update_persona(tx, persona),
        Edit::DeletePersona { persona } => delete_persona(tx, persona),
        Edit::BindStage { stage, binding } => bind_stage(tx, stage, binding),
        Edit::SetMapAnalytics { map, analytics } => set_map_analytics(tx, map, analytics),
        Edit::Batch { label, edits } => batch(tx, label, edits),
    }
}

fn batch(tx: &Transaction, label: String, edits: Vec<Edit>) -> Result<Applied> {
    let mut forward = Vec::with_capacity(edits.len());
    let mut backward = Vec::with_capacity(edits.len());
    let mut created = None;
    for edit in edits {
        let applied = apply_in(tx, edit)?;
        forward.push(applied.forward);
        backward.push(applied.backward);
        created = created.or(applied.created);
    }
    backward.reverse();
    Ok(Applied {
        forward: Edit::Batch {
            label: label.clone(),
            edits: forward,
        },
        backward: Edit::Batch {
            label,
            edits: backward,
        },
        created,
    })
}

fn create_map(tx: &Transaction, mut map: MapData, position: Option<u32>) -> Result<Applied> {
    let name = required_name(&map.name, "A map")?;
    let count: u32 = tx.query_row("SELECT count(*) FROM maps", [], |row| row.get(0))?;
    let position = position.unwrap_or(count).min(count);
    let shift = "UPDATE maps SET position = position + 1 WHERE position >= ?1";
    tx.execute(shift, [position]).sql(shift)?;
    let sql = "INSERT INTO maps (id, position, name, description, persona_id, created_at,
               updated_at, analytics) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)";
    let args = params![
        map.id,
        position,
        name,
        map.description,
        map.persona_id,
        now(),
        serde_json::to_string(&map.analytics)?
    ];
    tx.execute(sql, args).sql(sql)?;
    let map_id = tx.last_insert_rowid();
    map.id = Some(map_id);
    insert_map_content(tx, &mut map)?;
    Ok(Applied {
        backward: Edit::DeleteMap { map: map_id },
        forward: Edit::CreateMap {
            map,
            position: Some(position),
        },
        created: Some(map_id),
    })
}

/// Inserts the stages, lanes, cards, points and shown personas of a map whose row exists,
/// filling in the ids they get.
fn insert_map_content(tx: &Transaction, map: &mut MapData) -> Result<()> {
    let map_id = map.id.expect("the map row exists");
    let mut stage_ids = Vec::with_capacity(map.stages.len());
    for (position, stage) in map.stages.iter_mut().enumerate() {
        let id = insert_stage_row(tx, map_id, position as u32, stage)?;
        stage_ids.push(id);
    }
    let stage_id = |index: u32| {
        stage_ids.get(index as usize).copied().ok_or_else(|| {
            Error::Invalid(format!(
                "a card or point names stage {index}, which the map lacks"
            ))
        })
    };
    for (position, lane) in map.lanes.iter_mut().enumerate() {
        let sql = "INSERT INTO lanes (id, map_id, position, kind, name, collapsed)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        let position = position as u32;
        let args = params![
            lane.id,
            map_id,
            position,
            lane.kind.as_str(),
            lane.name,
            lane.collapsed
        ];
        tx.execute(sql, args).sql(sql)?;
        let lane_id = tx.last_insert_rowid();
        lane.id = Some(lane_id);
        let mut in_cell = std::collections::HashMap::<u32, u32>::new();
        for card in &mut lane.cards {
            let slot = in_cell.entry(card.stage).or_default();
            let row = CardRow {
                id: card.id,
                lane: lane_id,
                stage: stage_id(card.stage)?,
                position: *slot,
                fields: card.fields.clone(),
            };
            *slot += 1;
            card.id = Some(insert_card_row(tx, &row)?);
        }
        for point in &lane.points {
            let value = PointValue {
                value: point.value,
                label: point.label.clone(),
            };
            write_point(
                tx,
                lane_id,
                stage_id(point.stage)?,
                point.persona_id,
                &value,
            )?;
        }
    }
    for (position, persona) in map.shown_personas.iter().enumerate() {
        let position = position as u32;
        let sql = "INSERT INTO map_personas (map_id, persona_id, position) VALUES (?1, ?2, ?3)";
        tx.execute(sql, params![map_id, persona, position])
            .sql(sql)?;
    }
    Ok(())
}

fn delete_map(tx: &Transaction, map_id: Id) -> Result<Applied> {
    let map = crate::store::read_map(tx, map_id)?;
    let position: u32 = tx.query_row("SELECT position FROM maps WHERE id = ?1", [map_id], |r| {
        r.get(0)
    })?;
    let sql = "DELETE FROM maps WHERE id = ?1";
    tx.execute(sql, [map_id]).sql(sql)?;
    let shift = "UPDATE maps SET position = position - 1 WHERE position > ?1";
    tx.execute(shift, [position]).sql(shift)?;
    Ok(Applied {
        forward: Edit::DeleteMap { map: map_id },
        backward: Edit::CreateMap {
            map,
            position: Some(position),
        },
        created: None,
    })
}

fn rename_map(tx: &Transaction, map: Id, name: String) -> Result<Applied> {
    let name = required_name(&name, "A map")?;
    let old: String = lookup(tx, "SELECT name FROM maps WHERE id = ?1", map, "map")?;
    let sql = "UPDATE maps SET name = ?2, updated_at = ?3 WHERE id = ?1";
    tx.execute(sql, params![map, name, now()]).sql(sql)?;
    Ok(Applied {
        forward: Edit::RenameMap {
            map,
            name: name.to_string(),
        },
        backward: Edit::RenameMap { map, name: old },
        created: None,
    })
}

fn insert_stage(
    tx: &Transaction,
    map: Id,
    position: u32,
    mut stage: StageData,
    cards: Vec<CardRow>,
    points: Vec<PointRow>,
) -> Result<Applied> {
    required_name(&stage.name, "A stage")?;
    let _: String = lookup(tx, "SELECT name FROM maps WHERE id = ?1", map, "map")?;
    let count: u32 = tx.query_row(
        "SELECT count(*) FROM stages WHERE map_id = ?1",
        [map],
        |r| r.get(0),
    )?;
    let position = position.min(count);
    let shift = "UPDATE stages SET position = position + 1 WHERE map_id = ?1 AND position >= ?2";
    tx.execute(shift, params![map, position]).sql(shift)?;
    let stage_id = insert_stage_row(tx, map, position, &mut stage)?;
    let mut stored_cards = Vec::with_capacity(cards.len());
    for mut card in cards {
        card.stage = stage_id;
        card.id = Some(insert_card_row(tx, &card)?);
        stored_cards.push(card);
    }
    for point in &points {
        let value = PointValue {
            value: point.value,
            label: point.label.clone(),
        };
        write_point(tx, point.lane, stage_id, point.persona_id, &value)?;
    }
    touch(tx, map)?;
    Ok(Applied {
        forward: Edit::InsertStage {
            map,
            position,
            stage,
            cards: stored_cards,
            points,
        },
        backward: Edit::DeleteStage { stage: stage_id },
        created: Some(stage_id),
    })
}

fn insert_stage_row(tx: &Transaction, map: Id, position: u32, stage: &mut StageData) -> Result<Id> {
    let name = required_name(&stage.name, "A stage")?;
    let binding = stage
        .binding
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    let sql = "INSERT INTO stages (id, map_id, position, name, description, binding)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    let args = params![stage.id, map, position, name, stage.description, binding];
    tx.execute(sql, args).sql(sql)?;
    let id = tx.last_insert_rowid();
    stage.id = Some(id);
    Ok(id)
}

fn delete_stage(tx: &Transaction, stage_id: Id) -> Result<Applied> {
    let sql = "SELECT map_id, position, name, description, binding FROM stages WHERE id = ?1";
    let row = tx
        .query_row(sql, [stage_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()
        .sql(sql)?;
    let (map, position, name, description, binding): (Id, u32, String, String, Option<String>) =
        row.ok_or_else(|| Error::NotFound(format!("stage {stage_id} not found")))?;
    let binding = binding.as_deref().map(serde_json::from_str).transpose()?;
    let cards = cards_in_stage(tx, stage_id)?;
    let points = points_in_stage(tx, stage_id)?;
    let delete = "DELETE FROM stages WHERE id = ?1";
    tx.execute(delete, [stage_id]).sql(delete)?;
    let shift = "UPDATE stages SET position = position - 1 WHERE map_id = ?1 AND position > ?2";
    tx.execute(shift, params![map, position]).sql(shift)?;
    touch(tx, map)?;
    let stage = StageData {
        id: Some(stage_id),
        name,
        binding,
        description,
    };
    Ok(Applied {
        forward: Edit::DeleteStage { stage: stage_id },
        backward: Edit::InsertStage {
            map,
            position,
            stage,
            cards,
            points,
        },
        created: None,
    })
}

fn cards_in_stage(tx: &Transaction, stage: Id) -> Result<Vec<CardRow>> {
    let sql = "SELECT id FROM cards WHERE stage_id = ?1 ORDER BY lane_id, position";
    cards_selected(tx, sql, stage)
}

/// The cards whose ids `sql` selects for `id`, in its order.
fn cards_selected(tx: &Transaction, sql: &str, id: Id) -> Result<Vec<CardRow>> {
    let mut stmt = tx.prepare_cached(sql).sql(sql)?;
    let ids: Vec<Id> = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| read_card(tx, id)).collect()
}

fn points_in_stage(tx: &Transaction, stage: Id) -> Result<Vec<PointRow>> {
    let sql = "SELECT lane_id, persona_id, value, label FROM emotion_points WHERE stage_id = ?1
               ORDER BY lane_id, ifnull(persona_id, 0)";
    let mut stmt = tx.prepare_cached(sql).sql(sql)?;
    let rows = stmt.query_map([stage], |r| {
        Ok(PointRow {
            lane: r.get(0)?,
            persona_id: r.get(1)?,
            value: r.get(2)?,
            label: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn rename_stage(tx: &Transaction, stage: Id, name: String) -> Result<Applied> {
    let name = required_name(&name, "A stage")?;
    let old: String = lookup(tx, "SELECT name FROM stages WHERE id = ?1", stage, "stage")?;
    let sql = "UPDATE stages SET name = ?2 WHERE id = ?1";
    tx.execute(sql, params![stage, name]).sql(sql)?;
    touch_via(tx, "SELECT map_id FROM stages WHERE id = ?1", stage)?;
    Ok(Applied {
        forward: Edit::RenameStage {
            stage,
            name: name.to_string(),
        },
        backward: Edit::RenameStage { stage, name: old },
        created: None,
    })
}

fn move_stage(tx: &Transaction, stage: Id, position: u32) -> Result<Applied> {
    let (map, old, new) = move_row(tx, "stages", "stage", stage, position)?;
    touch(tx, map)?;
    Ok(Applied {
        forward: Edit::MoveStage {
            stage,
            position: new,
        },
        backward: Edit::MoveStage {
            stage,
            position: old,
        },
        created: None,
    })
}

fn move_lane(tx: &Transaction, lane: Id, position: u32) -> Result<Applied> {
    let (map, old, new) = move_row(tx, "lanes", "lane", lane, position)?;
    touch(tx, map)?;
    Ok(Applied {
        forward: Edit::MoveLane {
            lane,
            position: new,
        },
        backward: Edit::MoveLane {
            lane,
            position: old,
        },
        created: None,
    })
}

/// Moves row `id` of `table` (stages or lanes) to `position` among the rows of its map,
/// shifting those in between; returns the map, the old position and the new one.
fn move_row(
    tx: &Transaction,
    table: &str,
    what: &str,
    id: Id,
    position: u32,
) -> Result<(Id, u32, u32)> {
    let sql = format!("SELECT map_id, position FROM {table} WHERE id = ?1");
    let row: Option<(Id, u32)> = tx
        .query_row(&sql, [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .sql(&sql)?;
    let (map, old) = row.ok_or_else(|| Error::NotFound(format!("{what} {id} not found")))?;
    let count_sql = format!("SELECT count(*) FROM {table} WHERE map_id = ?1");
    let count: u32 = tx.query_row(&count_sql, [map], |r| r.get(0))?;
    let new = position.min(count - 1);

    let shift = if new > old {
        format!(
            "UPDATE {table} SET position = position - 1
             WHERE map_id = ?1 AND position > ?2 AND position <= ?3"
        )
    } else {
        format!(
            "UPDATE {table} SET position = position + 1
             WHERE map_id = ?1 AND position >= ?3 AND position < ?2"
        )
    };
    tx.execute(&shift, params![map, old, new]).sql(&shift)?;
    let place = format!("UPDATE {table} SET position = ?2 WHERE id = ?1");
    tx.execute(&place, params![id, new]).sql(&place)?;
    Ok((map, old, new))
}

fn insert_lane(
    tx: &Transaction,
    map: Id,
    position: u32,
    mut lane: LaneRow,
    cards: Vec<CardRow>,
    points: Vec<LanePoint>,
) -> Result<Applied> {
    let name = required_name(&lane.name, "A lane")?;
    let _: String = lookup(tx, "SELECT name FROM maps WHERE id = ?1", map, "map")?;
    let count: u32 = tx.query_row("SELECT count(*) FROM lanes WHERE map_id = ?1", [map], |r| {
        r.get(0)
    })?;
    let position = position.min(count);
    let shift = "UPDATE lanes SET position = position + 1 WHERE map_id = ?1 AND position >= ?2";
    tx.execute(shift, params![map, position]).sql(shift)?;
    let sql = "INSERT INTO lanes (id, map_id, position, kind, name, collapsed)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    let args = params![
        lane.id,
        map,
        position,
        lane.kind.as_str(),
        name,
        lane.collapsed
    ];
    tx.execute(sql, args).sql(sql)?;
    let lane_id = tx.last_insert_rowid();
    lane.id = Some(lane_id);

    let mut stored_cards = Vec::with_capacity(cards.len());
    for mut card in cards {
        card.lane = lane_id;
        card.id = Some(insert_card_row(tx, &card)?);
        stored_cards.push(card);
    }
    for point in &points {
        let value = PointValue {
            value: point.value,
            label: point.label.clone(),
        };
        write_point(tx, lane_id, point.stage, point.persona_id, &value)?;
    }
    touch(tx, map)?;
    Ok(Applied {
        forward: Edit::InsertLane {
            map,
            position,
            lane,
            cards: stored_cards,
            points,
        },
        backward: Edit::DeleteLane { lane: lane_id },
        created: Some(lane_id),
    })
}

fn delete_lane(tx: &Transaction, lane_id: Id) -> Result<Applied> {
    let sql = "SELECT map_id, position, kind, name, collapsed FROM lanes WHERE id = ?1";
    let row = tx
        .query_row(sql, [lane_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()
        .sql(sql)?;
    let (map, position, kind, name, collapsed): (Id, u32, String, String, bool) =
        row.ok_or_else(|| Error::NotFound(format!("lane {lane_id} not found")))?;
    let kind = LaneKind::parse(&kind)
        .ok_or_else(|| Error::Invalid(format!("lane {lane_id} is of an unknown kind {kind}")))?;
    let cards = cards_in_lane(tx, lane_id)?;
    let points = points_in_lane(tx, lane_id)?;

    let delete = "DELETE FROM lanes WHERE id = ?1";
    tx.execute(delete, [lane_id]).sql(delete)?;
    let shift = "UPDATE lanes SET position = position - 1 WHERE map_id = ?1 AND position > ?2";
    tx.execute(shift, params![map, position]).sql(shift)?;
    touch(tx, map)?;
    let lane = LaneRow {
        id: Some(lane_id),
        kind,
        name,
        collapsed,
    };
    Ok(Applied {
        forward: Edit::DeleteLane { lane: lane_id },
        backward: Edit::InsertLane {
            map,
            position,
            lane,
            cards,
            points,
        },
        created: None,
    })
}

fn cards_in_lane(tx: &Transaction, lane: Id) -> Result<Vec<CardRow>> {
    let sql = "SELECT id FROM cards WHERE lane_id = ?1 ORDER BY stage_id, position";
    cards_selected(tx, sql, lane)
}

fn points_in_lane(tx: &Transaction, lane: Id) -> Result<Vec<LanePoint>> {
    let sql = "SELECT stage_id, persona_id, value, label FROM emotion_points WHERE lane_id = ?1
               ORDER BY stage_id, ifnull(persona_id, 0)";
    let mut stmt = tx.prepare_cached(sql).sql(sql)?;
    let rows = stmt.query_map([lane], |r| {
        Ok(LanePoint {
            stage: r.get(0)?,
            persona_id: r.get(1)?,
            value: r.get(2)?,
            label: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn set_lane_collapsed(tx: &Transaction, lane: Id, collapsed: bool) -> Result<Applied> {
    let sql = "SELECT collapsed FROM lanes WHERE id = ?1";
    let old: bool = lookup(tx, sql, lane, "lane")?;
    let update = "UPDATE lanes SET collapsed = ?2 WHERE id = ?1";
    tx.execute(update, params![lane, collapsed]).sql(update)?;
    touch_via(tx, "SELECT map_id FROM lanes WHERE id = ?1", lane)?;
    Ok(Applied {
        forward: Edit::SetLaneCollapsed { lane, collapsed },
        backward: Edit::SetLaneCollapsed {
            lane,
            collapsed: old,
        },
        created: None,
    })
}

fn rename_lane(tx: &Transaction, lane: Id, name: String) -> Result<Applied> {
    let name = required_name(&name, "A lane")?;
    let old: String = lookup(tx, "SELECT name FROM lanes WHERE id = ?1", lane, "lane")?;
    let sql = "UPDATE lanes SET name = ?2 WHERE id = ?1";
    tx.execute(sql, params![lane, name]).sql(sql)?;
    touch_via(tx, "SELECT map_id FROM lanes WHERE id = ?1", lane)?;
    Ok(Applied {
        forward: Edit::RenameLane {
            lane,
            name: name.to_string(),
        },
        backward: Edit::RenameLane { lane, name: old },
        created: None,
    })
}

fn insert_card(tx: &Transaction, mut card: CardRow) -> Result<Applied> {
    let lane_map: Id = lookup(
        tx,
        "SELECT map_id FROM lanes WHERE id = ?1",
        card.lane,
        "lane",
    )?;
    let stage_map: Id = lookup(
        tx,
        "SELECT map_id FROM stages WHERE id = ?1",
        card.stage,
        "stage",
    )?;
    if lane_map != stage_map {
        return Err(Error::Invalid(
            "a card's lane and stage belong to different maps".into(),
        ));
    }
    let count: u32 = tx.query_row(
        "SELECT count(*) FROM cards WHERE lane_id = ?1 AND stage_id = ?2",
        params![card.lane, card.stage],
        |r| r.get(0),
    )?;
    card.position = card.position.min(count);
    let shift = "UPDATE cards SET position = position + 1
                 WHERE lane_id = ?1 AND stage_id = ?2 AND position >= ?3";
    tx.execute(shift, params![card.lane, card.stage, card.position])
        .sql(shift)?;
    let id = insert_card_row(tx, &card)?;
    card.id = Some(id);
    touch(tx, lane_map)?;
    Ok(Applied {
        forward: Edit::InsertCard { card },
        backward: Edit::DeleteCard { card: id },
        created: Some(id),
    })
}

fn insert_card_row(tx: &Transaction, card: &CardRow) -> Result<Id> {
    let sql = "INSERT INTO cards (id, lane_id, stage_id, position, text, channel, owner, colour,
               tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    let f = &card.fields;
    let tags = serde_json::to_string(&f.tags)?;
    let args = params![
        card.id,
        card.lane,
        card.stage,
        card.position,
        f.text,
        f.channel,
        f.owner,
        f.colour,
        tags
    ];
    tx.execute(sql, args).sql(sql)?;
    Ok(tx.last_insert_rowid())
}

fn read_card(tx: &Transaction, id: Id) -> Result<CardRow> {
    let sql = "SELECT lane_id, stage_id, position, text, channel, owner, colour, tags
               FROM cards WHERE id = ?1";
    let row = tx
        .query_row(sql, [id], |r| {
            let tags: String = r.get(7)?;
            let fields = CardFields {
                text: r.get(3)?,
                channel: r.get(4)?,
                owner: r.get(5)?,
                colour: r.get(6)?,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
            };
            Ok(CardRow {
                id: Some(id),
                lane: r.get(0)?,
                stage: r.get(1)?,
                position: r.get(2)?,
                fields,
            })
        })
        .optional()
        .sql(sql)?;
    row.ok_or_else(|| Error::NotFound(format!("card {id} not found")))
}

fn delete_card(tx: &Transaction, id: Id) -> Result<Applied> {
    let card = read_card(tx, id)?;
    let sql = "DELETE FROM cards WHERE id = ?1";
    tx.execute(sql, [id]).sql(sql)?;
    let shift = "UPDATE cards SET position = position - 1
                 WHERE lane_id = ?1 AND stage_id = ?2 AND position > ?3";
    tx.execute(shift, params![card.lane, card.stage, card.position])
        .sql(shift)?;
    touch_via(tx, "SELECT map_id FROM lanes WHERE id = ?1", card.lane)?;
    Ok(Applied {
        forward: Edit::DeleteCard { card: id },
        backward: Edit::InsertCard { card },
        created: None,
    })
}

const LANE_KIND: &str = "SELECT kind FROM lanes WHERE id = ?1";

fn move_cards(tx: &Transaction, mut moves: Vec<CardPlace>) -> Result<Applied> {
    let mut backward: Vec<CardPlace> = Vec::with_capacity(moves.len());
    let mut maps = Vec::new();
    for place in &moves {
        if backward.iter().any(|b| b.card == place.card) {
            return Err(Error::Invalid(format!(
                "card {} is moved twice in one step",
                place.card
            )));
        }
        let card = read_card(tx, place.card)?;
        let map = cell_map(tx, place.lane, place.stage)?;
        if cell_map(tx, card.lane, card.stage)? != map {
            return Err(Error::Invalid(
                "a card can only move within its own map".into(),
            ));
        }
        let kind: String = lookup(tx, LANE_KIND, place.lane, "lane")?;
        if matches!(
            LaneKind::parse(&kind),
            Some(LaneKind::Emotions | LaneKind::Metrics)
        ) {
            return Err(Error::Invalid(
                "an emotions or metrics lane holds no cards".into(),
            ));
        }
        if !maps.contains(&map) {
            maps.push(map);
        }
        backward.push(CardPlace {
            card: place.card,
            lane: card.lane,
            stage: card.stage,
            position: card.position,
        });
    }

    for place in &moves {
        take_out_card(tx, place.card)?;
    }
    // From the lowest position up, each card finds above it exactly the cards that end above
    // it, so its position is final once it is put in.
    moves.sort_by_key(|place| place.position);
    for place in &mut moves {
        place.position = put_in_card(tx, place)?;
    }
    for map in maps {
        touch(tx, map)?;
    }
    Ok(Applied {
        forward: Edit::MoveCards { moves },
        backward: Edit::MoveCards { moves: backward },
        created: None,
    })
}

/// Takes a card out of its cell, closing the gap. The card keeps its row, marked with no
/// position until [`put_in_card`] places it.
fn take_out_card(tx: &Transaction, id: Id) -> Result<()> {
    let card = read_card(tx, id)?;
    let shift = "UPDATE cards SET position = position - 1
                 WHERE lane_id = ?1 AND stage_id = ?2 AND position > ?3";
    tx.execute(shift, params![card.lane, card.stage, card.position])
        .sql(shift)?;
    let mark = "UPDATE cards SET position = -1 WHERE id = ?1";
    tx.execute(mark, [id]).sql(mark)?;
    Ok(())
}

/// Puts a card taken out by [`take_out_card`] into its place; returns its position there.
fn put_in_card(tx: &Transaction, place: &CardPlace) -> Result<u32> {
    let count: u32 = tx.query_row(
        "SELECT count(*) FROM cards WHERE lane_id = ?1 AND stage_id = ?2 AND position >= 0",
        params![place.lane, place.stage],
        |r| r.get(0),
    )?;
    let position = place.position.min(count);
    let shift = "UPDATE cards SET position = position + 1
                 WHERE lane_id = ?1 AND stage_id = ?2 AND position >= ?3";
    tx.execute(shift, params![place.lane, place.stage, position])
        .sql(shift)?;
    let sql = "UPDATE cards SET lane_id = ?2, stage_id = ?3, position = ?4 WHERE id = ?1";
    tx.execute(sql, params![place.card, place.lane, place.stage, position])
        .sql(sql)?;
    Ok(position)
}

/// The map a cell belongs to, or an error when its lane and stage are in different maps.
fn cell_map(tx: &Transaction, lane: Id, stage: Id) -> Result<Id> {
    let lane_map: Id = lookup(tx, "SELECT map_id FROM lanes WHERE id = ?1", lane, "lane")?;
    let stage_map: Id = lookup(
        tx,
        "SELECT map_id FROM stages WHERE id = ?1",
        stage,
        "stage",
    )?;
    if lane_map != stage_map {
        return Err(Error::Invalid(
            "a card's lane and stage belong to different maps".into(),
        ));
    }
    Ok(lane_map)
}

fn update_card(tx: &Transaction, id: Id, fields: CardFields) -> Result<Applied> {
    let old = read_card(tx, id)?;
    let sql = "UPDATE cards SET text = ?2, channel = ?3, owner = ?4, colour = ?5, tags = ?6
               WHERE id = ?1";
    let tags = serde_json::to_string(&fields.tags)?;
    let args = params![
        id,
        fields.text,
        fields.channel,
        fields.owner,
        fields.colour,
        tags
    ];
    tx.execute(sql, args).sql(sql)?;
    touch_via(tx, "SELECT map_id FROM lanes WHERE id = ?1", old.lane)?;
    Ok(Applied {
        forward: Edit::UpdateCard { card: id, fields },
        backward: Edit::UpdateCard {
            card: id,
            fields: old.fields,
        },
        created: None,
    })
}

fn set_emotion(
    tx: &Transaction,
    lane: Id,
    stage: Id,
    persona_id: Option<Id>,
    point: Option<PointValue>,
) -> Result<Applied> {
    let kind: String = lookup(tx, "SELECT kind FROM lanes WHERE id = ?1", lane, "lane")?;
    if kind != LaneKind::Emotions.as_str() {
        return Err(Error::Invalid(
            "only an emotions lane holds emotion points".into(),
        ));
    }
    let sql = "SELECT value, label FROM emotion_points
               WHERE lane_id = ?1 AND stage_id = ?2 AND ifnull(persona_id, 0) = ifnull(?3, 0)";
    let old = tx
        .query_row(sql, params![lane, stage, persona_id], |r| {
            Ok(PointValue {
                value: r.get(0)?,
                label: r.get(1)?,
            })
        })
        .optional()
        .sql(sql)?;
    let delete = "DELETE FROM emotion_points
                  WHERE lane_id = ?1 AND stage_id = ?2 AND ifnull(persona_id, 0) = ifnull(?3, 0)";
    tx.execute(delete, params![lane, stage, persona_id])
        .sql(delete)?;
    if let Some(point) = &point {
        write_point(tx, lane, stage, persona_id, point)?;
    }
    touch_via(tx, "SELECT map_id FROM lanes WHERE id = ?1", lane)?;
    Ok(Applied {
        forward: Edit::SetEmotion {
            lane,
            stage,
            persona_id,
            point,
        },
        backward: Edit::SetEmotion {
            lane,
            stage,
            persona_id,
            point: old,
        },
        created: None,
    })
}

fn write_point(
    tx: &Transaction,
    lane: Id,
    stage: Id,
    persona: Option<Id>,
    point: &PointValue,
) -> Result<()> {
    if !(EMOTION_MIN..=EMOTION_MAX).contains(&point.value) {
        return Err(Error::Invalid(format!(
            "an emotion is between {EMOTION_MIN} and {EMOTION_MAX}, not {}",
            point.value
        )));
    }
    let sql = "INSERT INTO emotion_points (lane_id, stage_id, persona_id, value, label)
               VALUES (?1, ?2, ?3, ?4, ?5)";
    tx.execute(sql, params![lane, stage, persona, point.value, point.label])
        .sql(sql)?;
    Ok(())
}

fn bind_stage(tx: &Transaction, stage: Id, binding: Option<StageBinding>) -> Result<Applied> {
    if let Some(binding) = &binding {
        if binding.events.iter().all(|e| e.trim().is_empty()) {
            return Err(Error::Invalid("a stage binding needs an event name".into()));
        }
    }
    let sql = "SELECT map_id, binding FROM stages WHERE id = ?1";
    let row: Option<(Id, Option<String>)> = tx
        .query_row(sql, [stage], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .sql(sql)?;
    let (map, old) = row.ok_or_else(|| Error::NotFound(format!("stage {stage} not found")))?;
    let old = old.as_deref().map(serde_json::from_str).transpose()?;
    let json = binding.as_ref().map(serde_json::to_string).transpose()?;
    let update = "UPDATE stages SET binding = ?2 WHERE id = ?1";
    tx.execute(update, params![stage, json]).sql(update)?;
    touch(tx, map)?;
    Ok(Applied {
        forward: Edit::BindStage { stage, binding },
        backward: Edit::BindStage {
            stage,
            binding: old,
        },
        created: None,
    })
}

fn set_map_analytics(tx: &Transaction, map: Id, analytics: MapAnalytics) -> Result<Applied> {
    if analytics.window_seconds.is_some_and(|w| w <= 0) {
        return Err(Error::Invalid(
            "a conversion window must be longer than zero".into(),
        ));
    }
    let sql = "SELECT analytics FROM maps WHERE id = ?1";
    let old: Option<Option<String>> = tx.query_row(sql, [map], |r| r.get(0)).optional().sql(sql)?;
    let old = old.ok_or_else(|| Error::NotFound(format!("map {map} not found")))?;
    let old = crate::store::analytics_from_json(old.as_deref())?;
    let update = "UPDATE maps SET analytics = ?2 WHERE id = ?1";
    tx.execute(update, params![map, serde_json::to_string(&analytics)?])
        .sql(update)?;
    touch(tx, map)?;
    Ok(Applied {
        forward: Edit::SetMapAnalytics { map, analytics },
        backward: Edit::SetMapAnalytics {
            map,
            analytics: old,
        },
        created: None,
    })
}

fn create_persona(tx: &Transaction, mut persona: Persona) -> Result<Applied> {
    let name = required_name(&persona.name, "A persona")?;
    let rule = persona
        .rule
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    let sql = "INSERT INTO personas (id, name, description, colour, rule)
               VALUES (?1, ?2, ?3, ?4, ?5)";
    let args = params![persona.id, name, persona.description, persona.colour, rule];
    tx.execute(sql, args).sql(sql)?;
    let id = tx.last_insert_rowid();
    persona.id = Some(id);
    Ok(Applied {
        forward: Edit::CreatePersona { persona },
        backward: Edit::DeletePersona { persona: id },
        created: Some(id),
    })
}

fn update_persona(tx: &Transaction, persona: Persona) -> Result<Applied> {
    let id = persona
        .id
        .ok_or_else(|| Error::Invalid("a persona to edit needs its id".into()))?;
    let name = required_name(&persona.name, "A persona")?;
    let old = read_persona(tx, id)?;
    let rule = persona
        .rule
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    let sql = "UPDATE personas SET name = ?2, description = ?3, colour = ?4, rule = ?5
               WHERE id = ?1";
    let args = params![id, name, persona.description, persona.colour, rule];
    tx.execute(sql, args).sql(sql)?;
    Ok(Applied {
        forward: Edit::UpdatePersona { persona },
        backward: Edit::UpdatePersona { persona: old },
        created: None,
    })
}

fn delete_persona(tx: &Transaction, id: Id) -> Result<Applied> {
    let persona = read_persona(tx, id)?;
    // TODO: deleting a persona that maps use would also have to record and restore those
    // uses (map owner, shown curves, emotion points) for undo; until that exists it is refused.
    let sql = "SELECT (SELECT count(*) FROM maps WHERE persona_id = ?1)
                    + (SELECT count(*) FROM map_personas WHERE persona_id = ?1)
                    + (SELECT count(*) FROM emotion_points WHERE persona_id = ?1)";
    let uses: i64 = tx.query_row(sql, [id], |r| r.get(0)).sql(sql)?;
    if uses > 0 {
        return Err(Error::Invalid(format!(
            "persona \"{}\" is used by a map; remove it from the maps first",
            persona.name
        )));
    }
    let delete = "DELETE FROM personas WHERE id = ?1";
    tx.execute(delete, [id]).sql(delete)?;
    Ok(Applied {
        forward: Edit::DeletePersona { persona: id },
        backward: Edit::CreatePersona { persona },
        created: None,
    })
}

fn read_persona(tx: &Transaction, id: Id) -> Result<Persona> {
    let sql = "SELECT id, name, description, colour, rule FROM personas WHERE id = ?1";
    let row = tx
        .query_row(sql, [id], crate::store::persona_from_row)
        .optional()
        .sql(sql)?;
    row.ok_or_else(|| Error::NotFound(format!("persona {id} not found")))
}

/// A single value looked up by id, or [`Error::NotFound`] naming `what`.
fn lookup<T: rusqlite::types::FromSql>(
    tx: &Transaction,
    sql: &str,
    id: Id,
    what: &str,
) -> Result<T> {
    let value = tx.query_row(sql, [id], |r| r.get(0)).optional().sql(sql)?;
    value.ok_or_else(|| Error::NotFound(format!("{what} {id} not found")))
}

/// Marks a map as changed now.
fn touch(tx: &Transaction, map: Id) -> Result<()> {
    let sql = "UPDATE maps SET updated_at = ?2 WHERE id = ?1";
    tx.execute(sql, params![map, now()]).sql(sql)?;
    Ok(())
}

/// Marks as changed the map found by `sql` from a stage or lane id.
fn touch_via(tx: &Transaction, sql: &str, id: Id) -> Result<()> {
    let map: Id = lookup(tx, sql, id, "map of row")?;
    touch(tx, map)
}

/// The trimmed name, or an error saying that `what` needs one.
fn required_name<'a>(name: &'a str, what: &str) -> Result<&'a str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Invalid(format!("{what} needs a name")));
    }
    Ok(name)
}

/// Now, as stored in the document: RFC 3339 in UTC, to the second.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
