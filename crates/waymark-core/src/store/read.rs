//! Queries that read maps and personas out of a document.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use crate::error::{Error, Result, SqlContext};
use crate::model::*;

use super::Document;

impl Document {
    /// Every map, in the order of the map list.
    pub fn maps(&self) -> Result<Vec<MapSummary>> {
        let sql = "SELECT m.id, m.name, m.persona_id, m.updated_at,
                          (SELECT count(*) FROM stages s WHERE s.map_id = m.id),
                          (SELECT count(*) FROM cards c JOIN lanes l ON l.id = c.lane_id
                            WHERE l.map_id = m.id)
                   FROM maps m ORDER BY m.position, m.id";
        let mut stmt = self.conn.prepare_cached(sql).sql(sql)?;
        let rows = stmt.query_map([], |row| {
            Ok(MapSummary {
                id: row.get(0)?,
                name: row.get(1)?,
                persona_id: row.get(2)?,
                updated_at: row.get(3)?,
                stages: row.get(4)?,
                cards: row.get(5)?,
            })
        });
        let collected = rows.sql(sql)?.collect::<rusqlite::Result<_>>()?;
        Ok(collected)
    }

    /// The map called `name`, or whose id is `name`; names are matched exactly first, then
    /// ignoring case. A name that several maps share is refused: the id tells them apart.
    pub fn find_map(&self, name: &str) -> Result<MapSummary> {
        let maps = self.maps()?;
        let exact: Vec<_> = maps.iter().filter(|map| map.name == name).collect();
        let loose: Vec<_> = maps
            .iter()
            .filter(|m| m.name.eq_ignore_ascii_case(name))
            .collect();
        let by_id = name
            .parse::<Id>()
            .ok()
            .and_then(|id| maps.iter().find(|m| m.id == id));
        let found = match (exact.as_slice(), by_id, loose.as_slice()) {
            ([one], _, _) => Some(*one),
            ([], Some(map), _) => Some(map),
            ([], None, [one]) => Some(*one),
            _ => None,
        };
        if let Some(map) = found {
            return Ok(map.clone());
        }
        let shared = if exact.len() > 1 { exact } else { loose };
        if shared.len() > 1 {
            let ids: Vec<_> = shared.iter().map(|m| m.id.to_string()).collect();
            return Err(Error::NotFound(format!(
                "{} maps are called \"{name}\"; name one by its id ({})",
                shared.len(),
                ids.join(", ")
            )));
        }
        let names: Vec<_> = maps.iter().map(|map| format!("\"{}\"", map.name)).collect();
        let known = if names.is_empty() {
            "it has no maps".to_string()
        } else {
            format!("its maps are {}", names.join(", "))
        };
        Err(Error::NotFound(format!(
            "no map \"{name}\" in this document; {known}"
        )))
    }

    /// The whole map with id `id`.
    pub fn map(&self, id: Id) -> Result<MapData> {
        read_map(&self.conn, id)
    }

    /// Every persona of the document.
    pub fn personas(&self) -> Result<Vec<Persona>> {
        let sql = "SELECT id, name, description, colour, rule FROM personas ORDER BY id";
        let mut stmt = self.conn.prepare_cached(sql).sql(sql)?;
        let rows = stmt.query_map([], persona_from_row);
        let collected = rows.sql(sql)?.collect::<rusqlite::Result<_>>()?;
        Ok(collected)
    }
}

/// The whole map with id `id`, read through any connection or transaction.
pub(crate) fn read_map(conn: &Connection, id: Id) -> Result<MapData> {
    let sql = "SELECT name, description, persona_id, analytics FROM maps WHERE id = ?1";
    let head = conn.query_row(sql, [id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get(2)?,
            row.get::<_, Option<String>>(3)?,
        ))
    });
    let (name, description, persona_id, analytics) = match head {
        Err(rusqlite::Error::QueryReturnedNoRows) => {
            return Err(Error::NotFound(format!("map {id} not found")))
        }
        other => other.sql(sql)?,
    };
    let stages = stages_of(conn, id)?;
    let index: HashMap<Id, u32> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.unwrap_or(0), i as u32))
        .collect();
    let mut lanes = lanes_of(conn, id)?;
    for lane in &mut lanes {
        let lane_id = lane.id.unwrap_or(0);
        lane.cards = cards_of(conn, lane_id, &index)?;
        lane.points = points_of(conn, lane_id, &index)?;
    }
    let shown_personas = shown_personas(conn, id)?;
    let analytics = analytics_from_json(analytics.as_deref())?;
    Ok(MapData {
        id: Some(id),
        name,
        description,
        persona_id,
        shown_personas,
        stages,
        lanes,
        analytics,
    })
}

/// A map's analytics settings as stored: JSON, or NULL for the defaults.
pub(crate) fn analytics_from_json(json: Option<&str>) -> Result<MapAnalytics> {
    Ok(json
        .map(serde_json::from_str)
        .transpose()?
        .unwrap_or_default())
}

/// A persona from a row of `id, name, description, colour, rule`.
pub(crate) fn persona_from_row(row: &rusqlite::Row) -> rusqlite::Result<Persona> {
    let rule: Option<String> = row.get(4)?;
    let rule = match rule.as_deref().map(serde_json::from_str) {
        Some(Ok(rule)) => Some(rule),
        Some(Err(err)) => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                4,
                rusqlite::types::Type::Text,
                Box::new(err),
            ))
        }
        None => None,
    };
    Ok(Persona {
        id: row.get(0)?,
        name: row.get(1)?,
        description: row.get(2)?,
        colour: row.get(3)?,
        rule,
    })
}

fn stages_of(conn: &Connection, map: Id) -> Result<Vec<StageData>> {
    let sql = "SELECT id, name, description, binding FROM stages WHERE map_id = ?1
               ORDER BY position";
    let mut stmt = conn.prepare_cached(sql).sql(sql)?;
    let rows = stmt.query_map([map], |row| {
        Ok((
            StageData {
                id: row.get(0)?,
                name: row.get(1)?,
                description: row.get(2)?,
                binding: None,
            },
            row.get::<_, Option<String>>(3)?,
        ))
    });
    let mut stages = Vec::new();
    for row in rows.sql(sql)? {
        let (mut stage, binding) = row?;
        stage.binding = binding.as_deref().map(serde_json::from_str).transpose()?;
        stages.push(stage);
    }
    Ok(stages)
}

fn lanes_of(conn: &Connection, map: Id) -> Result<Vec<LaneData>> {
    let sql = "SELECT id, kind, name, collapsed FROM lanes WHERE map_id = ?1 ORDER BY position";
    let mut stmt = conn.prepare_cached(sql).sql(sql)?;
    let rows = stmt.query_map([map], |row| {
        let kind: String = row.get(1)?;
        Ok(LaneData {
            id: row.get(0)?,
            kind: LaneKind::parse(&kind).unwrap_or(LaneKind::Text),
            name: row.get(2)?,
            collapsed: row.get(3)?,
            cards: Vec::new(),
            points: Vec::new(),
        })
    });
    let collected = rows.sql(sql)?.collect::<rusqlite::Result<_>>()?;
    Ok(collected)
}

fn cards_of(conn: &Connection, lane: Id, stage_index: &HashMap<Id, u32>) -> Result<Vec<CardData>> {
    let sql = "SELECT c.id, c.stage_id, c.text, c.channel, c.owner, c.colour, c.tags
               FROM cards c JOIN stages s ON s.id = c.stage_id
               WHERE c.lane_id = ?1 ORDER BY s.position, c.position";
    let mut stmt = conn.prepare_cached(sql).sql(sql)?;
    let rows = stmt.query_map([lane], |row| {
        let stage_id: Id = row.get(1)?;
        let tags: String = row.get(6)?;
        Ok((
            row.get(0)?,
            stage_id,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
            row.get(5)?,
            tags,
        ))
    });
    let mut cards = Vec::new();
    for row in rows.sql(sql)? {
        let (id, stage_id, text, channel, owner, colour, tags) = row?;
        let stage = stage_index[&stage_id];
        let tags = serde_json::from_str(&tags)?;
        let fields = CardFields {
            text,
            channel,
            owner,
            colour,
            tags,
        };
        cards.push(CardData {
            id: Some(id),
            stage,
            fields,
        });
    }
    Ok(cards)
}

fn points_of(
    conn: &Connection,
    lane: Id,
    stage_index: &HashMap<Id, u32>,
) -> Result<Vec<EmotionPoint>> {
    let sql = "SELECT p.stage_id, p.persona_id, p.value, p.label
               FROM emotion_points p JOIN stages s ON s.id = p.stage_id
               WHERE p.lane_id = ?1 ORDER BY ifnull(p.persona_id, 0), s.position";
    let mut stmt = conn.prepare_cached(sql).sql(sql)?;
    let rows = stmt.query_map(params![lane], |row| {
        let stage_id: Id = row.get(0)?;
        Ok(EmotionPoint {
            stage: stage_index[&stage_id],
            persona_id: row.get(1)?,
            value: row.get(2)?,
            label: row.get(3)?,
        })
    });
    let collected = rows.sql(sql)?.collect::<rusqlite::Result<_>>()?;
    Ok(collected)
}

fn shown_personas(conn: &Connection, map: Id) -> Result<Vec<Id>> {
    let sql = "SELECT persona_id FROM map_personas WHERE map_id = ?1 ORDER BY position";
    let mut stmt = conn.prepare_cached(sql).sql(sql)?;
    let rows = stmt.query_map([map], |row| row.get(0));
    let collected = rows.sql(sql)?.collect::<rusqlite::Result<_>>()?;
    Ok(collected)
}
