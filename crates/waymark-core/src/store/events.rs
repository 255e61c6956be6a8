//! How events are kept: in chunks of up to [`CHUNK_ROWS`] rows, column by column.
//!
//! Event files run to tens of millions of rows, and the analytics read every row of them. One
//! SQLite row per chunk (instead of per event) makes writing an import and reading it back for
//! analysis a matter of copying arrays, while the chunk table stays small. Each chunk holds:
//!
//! - `customers`, `names`: `u32` little-endian ids into `customers` and `event_names`;
//! - `times`: `i64` little-endian microseconds since the epoch, UTC;
//! - `amounts`: `f64` little-endian, NaN for none; NULL when no row of the chunk has one;
//! - `property_values`: JSON, for each property column of the import, the distinct values the
//!   chunk uses; `property_codes`: for each property column in turn, one `u32` per row, 0 for an
//!   empty cell and k for the k-th value (from 1). Conditions on properties are then checked
//!   once per distinct value, not once per row.

use rusqlite::{params, Connection};

use crate::error::{Error, Result, SqlContext};
use crate::model::Id;
use crate::store::{DataKind, Document};

/// Rows in a full chunk.
pub const CHUNK_ROWS: usize = 8192;

/// One property column of a chunk: its distinct values and one code per row (0 for none, k for
/// `values[k - 1]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PropertyColumn {
    pub values: Vec<String>,
    pub codes: Vec<u32>,
}

/// Events column by column; all vectors have one entry per row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventChunk {
    /// Ids of `customers` rows.
    pub customers: Vec<u32>,
    /// Ids of `event_names` rows.
    pub names: Vec<u32>,
    /// Microseconds since the epoch, UTC.
    pub times: Vec<i64>,
    /// Amounts, NaN where a row has none; empty when no row has one.
    pub amounts: Vec<f64>,
    /// The import's property columns, in the order of its `properties`.
    pub properties: Vec<PropertyColumn>,
}

impl EventChunk {
    /// Rows in the chunk.
    pub fn len(&self) -> usize {
        self.times.len()
    }

    /// Whether the chunk has no rows.
    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }

    /// Row `row`'s value of property column `column`, if it has one.
    pub fn property(&self, column: usize, row: usize) -> Option<&str> {
        let property = self.properties.get(column)?;
        let code = *property.codes.get(row)? as usize;
        code.checked_sub(1)
            .and_then(|index| property.values.get(index))
            .map(String::as_str)
    }

    /// Row `row`'s amount, if it has one.
    pub fn amount(&self, row: usize) -> Option<f64> {
        self.amounts.get(row).copied().filter(|a| !a.is_nan())
    }
}

/// Stores one chunk of an import.
pub(crate) fn insert_chunk(conn: &Connection, import_id: Id, chunk: &EventChunk) -> Result<()> {
    let rows = chunk.len();
    let sound = chunk.customers.len() == rows
        && chunk.names.len() == rows
        && (chunk.amounts.is_empty() || chunk.amounts.len() == rows)
        && chunk.properties.iter().all(|p| p.codes.len() == rows);
    if !sound {
        return Err(Error::Invalid(
            "an event chunk's columns differ in length".to_string(),
        ));
    }
    let amounts = (!chunk.amounts.is_empty() && chunk.amounts.iter().any(|a| !a.is_nan()))
        .then(|| f64_bytes(&chunk.amounts));
    let (values, codes) = if chunk.properties.is_empty() {
        (None, None)
    } else {
        let values: Vec<&Vec<String>> = chunk.properties.iter().map(|p| &p.values).collect();
        let codes: Vec<u32> = chunk
            .properties
            .iter()
            .flat_map(|p| p.codes.iter().copied())
            .collect();
        (
            Some(serde_json::to_string(&values)?),
            Some(u32_bytes(&codes)),
        )
    };
    let first_at = chunk.times.iter().min();
    let last_at = chunk.times.iter().max();
    let sql = "INSERT INTO event_chunks (import_id, rows, customers, names, times, amounts, \
               property_values, property_codes, first_at, last_at) \
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    let mut stmt = conn.prepare_cached(sql).sql(sql)?;
    stmt.execute(params![
        import_id,
        rows as i64,
        u32_bytes(&chunk.customers),
        u32_bytes(&chunk.names),
        i64_bytes(&chunk.times),
        amounts,
        values,
        codes,
        first_at,
        last_at,
    ])
    .sql(sql)?;
    Ok(())
}

impl Document {
    /// Calls `visit` with every chunk of events, import by import in the order they were
    /// imported, with the id of the import it belongs to.
    pub fn read_events(&self, mut visit: impl FnMut(Id, &EventChunk)) -> Result<()> {
        read_chunks(&self.conn, |import, chunk| {
            visit(import, chunk);
            true
        })?;
        Ok(())
    }

    /// As [`Document::read_events`], stopping early when `visit` returns `false`; returns
    /// whether every chunk was visited.
    pub fn read_events_while(&self, visit: impl FnMut(Id, &EventChunk) -> bool) -> Result<bool> {
        read_chunks(&self.conn, visit)
    }

    /// How many events the document holds, over all imports.
    pub fn event_count(&self) -> Result<u64> {
        let sql = "SELECT coalesce(sum(rows), 0) FROM event_chunks";
        let count: i64 = self.conn.query_row(sql, [], |row| row.get(0)).sql(sql)?;
        Ok(count as u64)
    }

    /// Every event name with how many events carry it, most frequent first.
    pub fn event_names(&self) -> Result<Vec<(String, u64)>> {
        let sql = "SELECT id, name FROM event_names";
        let mut stmt = self.conn.prepare(sql).sql(sql)?;
        let names: Vec<(Id, String)> = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .sql(sql)?
            .collect::<rusqlite::Result<_>>()
            .sql(sql)?;
        let mut counts = std::collections::HashMap::<u32, u64>::new();
        self.read_events(|_, chunk| {
            for &name in &chunk.names {
                *counts.entry(name).or_default() += 1;
            }
        })?;
        let mut named: Vec<(String, u64)> = names
            .into_iter()
            .map(|(id, name)| (name, counts.get(&(id as u32)).copied().unwrap_or(0)))
            .filter(|(_, count)| *count > 0)
            .collect();
        named.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(named)
    }
}

/// An import's kind and the headers of its property columns, as analyses read them.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportColumns {
    pub id: Id,
    pub kind: DataKind,
    /// Headers of the columns kept as properties, in the order chunks and rows store them.
    pub properties: Vec<String>,
}

impl Document {
    /// The kind and property headers of every import, oldest first.
    pub fn import_columns(&self) -> Result<Vec<ImportColumns>> {
        let sql = "SELECT id, kind, properties FROM imports ORDER BY id";
        let mut stmt = self.conn.prepare(sql).sql(sql)?;
        let mut rows = stmt.query([]).sql(sql)?;
        let mut imports = Vec::new();
        while let Some(row) = rows.next().sql(sql)? {
            let kind: String = row.get(1)?;
            let properties: String = row.get(2)?;
            imports.push(ImportColumns {
                id: row.get(0)?,
                kind: DataKind::from_name(&kind)
                    .ok_or_else(|| Error::Invalid(format!("unknown import kind \"{kind}\"")))?,
                properties: serde_json::from_str(&properties)?,
            });
        }
        Ok(imports)
    }

    /// Every stored event name with the id chunks use for it.
    pub fn event_name_ids(&self) -> Result<Vec<(u32, String)>> {
        let sql = "SELECT id, name FROM event_names ORDER BY id";
        let mut stmt = self.conn.prepare(sql).sql(sql)?;
        let rows = stmt
            .query_map([], |row| Ok((row.get::<_, i64>(0)? as u32, row.get(1)?)))
            .sql(sql)?;
        rows.map(|row| row.sql(sql)).collect()
    }

    /// One more than the largest customer id: the length of an array indexed by customer.
    pub fn customer_id_bound(&self) -> Result<u32> {
        let sql = "SELECT coalesce(max(id), 0) + 1 FROM customers";
        let bound: i64 = self.conn.query_row(sql, [], |row| row.get(0)).sql(sql)?;
        Ok(bound as u32)
    }

    /// Calls `visit` with every people row: its import, its customer id and its attribute
    /// values aligned with the import's properties (`None` for an empty cell), imports oldest
    /// first.
    pub fn read_people(&self, mut visit: impl FnMut(Id, u32, &[Option<String>])) -> Result<()> {
        let sql = "SELECT import_id, customer_id, properties FROM people ORDER BY import_id, rowid";
        let mut stmt = self.conn.prepare(sql).sql(sql)?;
        let mut rows = stmt.query([]).sql(sql)?;
        while let Some(row) = rows.next().sql(sql)? {
            let values: Option<String> = row.get(2)?;
            let values: Vec<Option<String>> = match values {
                Some(json) => serde_json::from_str(&json)?,
                None => Vec::new(),
            };
            visit(row.get(0)?, row.get::<_, i64>(1)? as u32, &values);
        }
        Ok(())
    }

    /// A text that changes whenever imported data is added or removed: the imports' ids and
    /// row counts.
    pub fn data_fingerprint(&self) -> Result<String> {
        let sql = "SELECT coalesce(group_concat(id || ':' || rows_taken, ','), '') \
                   FROM (SELECT id, rows_taken FROM imports ORDER BY id)";
        let text: String = self.conn.query_row(sql, [], |row| row.get(0)).sql(sql)?;
        Ok(text)
    }
}

/// Calls `visit` with every chunk of events and its import's id; see [`Document::read_events`].
pub(crate) fn read_chunks(
    conn: &Connection,
    mut visit: impl FnMut(Id, &EventChunk) -> bool,
) -> Result<bool> {
    let sql = "SELECT import_id, rows, customers, names, times, amounts, property_values, \
               property_codes FROM event_chunks ORDER BY import_id, rowid";
    let mut stmt = conn.prepare(sql).sql(sql)?;
    let mut rows = stmt.query([]).sql(sql)?;
    while let Some(row) = rows.next().sql(sql)? {
        let import_id: Id = row.get(0)?;
        let count = row.get::<_, i64>(1)? as usize;
        let amounts: Option<Vec<u8>> = row.get(5)?;
        let values: Option<String> = row.get(6)?;
        let codes: Option<Vec<u8>> = row.get(7)?;
        let mut chunk = EventChunk {
            customers: read_u32(&row.get::<_, Vec<u8>>(2)?),
            names: read_u32(&row.get::<_, Vec<u8>>(3)?),
            times: read_i64(&row.get::<_, Vec<u8>>(4)?),
            amounts: amounts.as_deref().map(read_f64).unwrap_or_default(),
            properties: Vec::new(),
        };
        if let (Some(values), Some(codes)) = (values, codes) {
            let values: Vec<Vec<String>> = serde_json::from_str(&values)?;
            let codes = read_u32(&codes);
            chunk.properties = values
                .into_iter()
                .zip(codes.chunks(count.max(1)))
                .map(|(values, codes)| PropertyColumn {
                    values,
                    codes: codes.to_vec(),
                })
                .collect();
        }
        let sound = chunk.customers.len() == count
            && chunk.names.len() == count
            && chunk.times.len() == count;
        if !sound {
            return Err(Error::Invalid(format!(
                "a chunk of events of import {import_id} is damaged"
            )));
        }
        if !visit(import_id, &chunk) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Calls `visit` with every chunk of events.
pub(crate) fn scan_chunks(conn: &Connection, mut visit: impl FnMut(&EventChunk)) -> Result<()> {
    read_chunks(conn, |_, chunk| {
        visit(chunk);
        true
    })?;
    Ok(())
}

fn u32_bytes(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn i64_bytes(values: &[i64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn f64_bytes(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn read_u32(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

fn read_i64(bytes: &[u8]) -> Vec<i64> {
    bytes
        .chunks_exact(8)
        .map(|b| i64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
        .collect()
}

fn read_f64(bytes: &[u8]) -> Vec<f64> {
    bytes
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DataKind, Finished, ImportTotals, NewImport};

    fn chunk() -> EventChunk {
        EventChunk {
            customers: vec![1, 2, 1],
            names: vec![1, 1, 2],
            times: vec![30, 10, 20],
            amounts: vec![f64::NAN, 12.5, f64::NAN],
            properties: vec![PropertyColumn {
                values: vec!["web".into(), "app".into()],
                codes: vec![1, 0, 2],
            }],
        }
    }

    #[test]
    fn a_chunk_reads_back_as_written() {
        let mut doc = Document::open_in_memory().unwrap();
        let import = NewImport {
            file_name: "e.csv".into(),
            kind: DataKind::Events,
            file_size: 1,
            head_hash: "h".into(),
            options: serde_json::json!({}),
            properties: vec!["channel".into()],
        };
        let writer = doc.begin_import(import).unwrap();
        let id = writer.import_id();
        insert_chunk(writer.connection(), id, &chunk()).unwrap();
        let totals = ImportTotals {
            content_hash: "c".into(),
            rows_taken: 3,
            ..ImportTotals::default()
        };
        assert!(matches!(
            writer.finish(totals).unwrap(),
            Finished::Stored(_)
        ));

        let mut read = Vec::new();
        doc.read_events(|import, chunk| read.push((import, chunk.clone())))
            .unwrap();

        assert_eq!(read.len(), 1);
        let (import, back) = &read[0];
        assert_eq!(*import, id);
        assert_eq!(back.customers, [1, 2, 1]);
        assert_eq!(back.times, [30, 10, 20]);
        assert_eq!(back.amount(0), None);
        assert_eq!(back.amount(1), Some(12.5));
        assert_eq!(back.property(0, 0), Some("web"));
        assert_eq!(back.property(0, 1), None);
        assert_eq!(back.property(0, 2), Some("app"));
        assert_eq!(doc.event_count().unwrap(), 3);
    }

    #[test]
    fn columns_of_different_lengths_are_refused() {
        let doc = Document::open_in_memory().unwrap();
        let mut bad = chunk();
        bad.names.pop();

        let err = insert_chunk(&doc.conn, 1, &bad).unwrap_err();

        assert!(err.to_string().contains("differ in length"), "{err}");
    }
}
