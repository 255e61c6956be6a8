//! The events of a document held in memory the way the analyses scan them: grouped by
//! customer, each customer's events in time order, column by column.
//!
//! Reading a document costs one pass over its event chunks and a counting sort by customer;
//! after that every analysis is a scan of flat arrays. Property values are kept only for the
//! properties an analysis asked for ([`EventLog::load`]), as codes into one dictionary per
//! property, so a condition is decided once per distinct value.

use std::collections::HashMap;

use waymark_core::store::DataKind;
use waymark_core::{Document, Result};

use crate::Error;

/// One property's values, coded: `values[code - 1]`, code 0 for none.
#[derive(Debug, Clone, Default)]
pub struct Property {
    pub values: Vec<String>,
    /// One code per event (for event properties) or per customer (for people attributes).
    pub codes: Vec<u32>,
}

impl Property {
    /// The value of code `code`, `None` for 0.
    pub fn value(&self, code: u32) -> Option<&str> {
        code.checked_sub(1)
            .and_then(|i| self.values.get(i as usize))
            .map(String::as_str)
    }
}

/// Interns values into a [`Property`]'s dictionary.
#[derive(Default)]
struct Dictionary {
    codes: HashMap<String, u32>,
    values: Vec<String>,
}

impl Dictionary {
    fn code(&mut self, value: &str) -> u32 {
        if let Some(&code) = self.codes.get(value) {
            return code;
        }
        self.values.push(value.to_string());
        let code = self.values.len() as u32;
        self.codes.insert(value.to_string(), code);
        code
    }
}

/// A document's events, by customer and time. See the module documentation.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    /// Event names by id; ids index `names`.
    names: Vec<String>,
    name_ids: HashMap<String, u32>,
    /// Names that an orders import brought: the default purchase events.
    order_names: Vec<u32>,
    /// Customer `c`'s events are `starts[c]..starts[c + 1]`.
    starts: Vec<u32>,
    times: Vec<i64>,
    events: Vec<u32>,
    /// Event properties that were loaded, by header.
    properties: HashMap<String, Property>,
    /// People attributes that were loaded, by header; codes indexed by customer.
    people: HashMap<String, Property>,
}

/// One event given to [`EventLog::from_events`].
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvent {
    pub customer: u32,
    /// Microseconds since the epoch, UTC.
    pub time: i64,
    pub name: String,
    pub properties: Vec<(String, String)>,
    /// Whether the event is a purchase from an orders import.
    pub order: bool,
}

impl EventLog {
    /// Reads every event of `doc`, with the values of `properties` (event properties, or
    /// people attributes for customers whose events lack them).
    pub fn load(doc: &Document, properties: &[String]) -> Result<EventLog, Error> {
        EventLog::load_with_progress(doc, properties, &mut |_, _| true)
    }

    /// As [`EventLog::load`], telling `progress` the events read so far and in all after each
    /// chunk; when it returns `false` the load stops with [`Error::Cancelled`].
    pub fn load_with_progress(
        doc: &Document,
        properties: &[String],
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<EventLog, Error> {
        let imports = doc.import_columns()?;
        let bound = doc.customer_id_bound()? as usize;
        let mut names: Vec<String> = Vec::new();
        for (id, name) in doc.event_name_ids()? {
            let id = id as usize;
            if names.len() <= id {
                names.resize(id + 1, String::new());
            }
            names[id] = name;
        }

        // Where each wanted property sits in each import's chunks.
        let columns: HashMap<i64, Vec<(usize, usize)>> = imports
            .iter()
            .map(|import| {
                let wanted = properties
                    .iter()
                    .enumerate()
                    .filter_map(|(p, name)| {
                        let column = import.properties.iter().position(|h| h == name)?;
                        Some((p, column))
                    })
                    .collect();
                (import.id, wanted)
            })
            .collect();
        let orders: Vec<i64> = imports
            .iter()
            .filter(|i| i.kind == DataKind::Orders)
            .map(|i| i.id)
            .collect();

        let rows = doc.event_count()? as usize;
        let mut customers = Vec::with_capacity(rows);
        let mut times = Vec::with_capacity(rows);
        let mut events = Vec::with_capacity(rows);
        let mut dictionaries: Vec<Dictionary> =
            properties.iter().map(|_| Dictionary::default()).collect();
        let mut codes: Vec<Vec<u32>> = properties.iter().map(|_| Vec::new()).collect();
        let mut is_order = vec![false; names.len()];
        let mut translated: Vec<u32> = Vec::new();
        let finished = doc.read_events_while(|import, chunk| {
            customers.extend_from_slice(&chunk.customers);
            times.extend_from_slice(&chunk.times);
            events.extend_from_slice(&chunk.names);
            if orders.contains(&import) {
                for &name in &chunk.names {
                    if let Some(flag) = is_order.get_mut(name as usize) {
                        *flag = true;
                    }
                }
            }
            let wanted = columns.get(&import).map(Vec::as_slice).unwrap_or(&[]);
            for (p, property_codes) in codes.iter_mut().enumerate() {
                let column = wanted.iter().find(|(q, _)| *q == p).map(|(_, c)| *c);
                match column.and_then(|c| chunk.properties.get(c)) {
                    Some(column) => {
                        translated.clear();
                        translated.push(0);
                        for value in &column.values {
                            translated.push(dictionaries[p].code(value));
                        }
                        property_codes.extend(column.codes.iter().map(|&c| translated[c as usize]));
                    }
                    None => property_codes.resize(property_codes.len() + chunk.len(), 0),
                }
            }
            progress(times.len() as u64, rows as u64)
        })?;
        if !finished {
            return Err(Error::Cancelled);
        }

        let (mut log, order) = EventLog::sorted(bound, names, customers, times, events);
        log.order_names = (0..is_order.len() as u32)
            .filter(|&n| is_order[n as usize])
            .collect();
        for ((name, dictionary), codes) in properties.iter().zip(dictionaries).zip(codes) {
            let property = Property {
                values: dictionary.values,
                codes: permute(&order, &codes),
            };
            log.properties.insert(name.clone(), property);
        }
        log.load_people(doc, properties, &imports, bound)?;
        Ok(log)
    }

    /// A log of the given events, for tests and tools that do not go through a document.
    pub fn from_events(events: &[RawEvent]) -> EventLog {
        let bound = events
            .iter()
            .map(|e| e.customer as usize + 1)
            .max()
            .unwrap_or(0);
        let mut names = Dictionary::default();
        let mut keys: Vec<String> = Vec::new();
        for event in events {
            for (key, _) in &event.properties {
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
        }
        let mut dictionaries: Vec<Dictionary> =
            keys.iter().map(|_| Dictionary::default()).collect();
        let mut codes: Vec<Vec<u32>> = keys.iter().map(|_| Vec::new()).collect();
        let mut orders = Vec::new();
        let mut ids = Vec::with_capacity(events.len());
        for event in events {
            let id = names.code(&event.name) - 1;
            ids.push(id);
            if event.order && !orders.contains(&id) {
                orders.push(id);
            }
            for (p, key) in keys.iter().enumerate() {
                let value = event
                    .properties
                    .iter()
                    .find(|(k, v)| k == key && !v.is_empty())
                    .map(|(_, v)| dictionaries[p].code(v))
                    .unwrap_or(0);
                codes[p].push(value);
            }
        }
        let customers = events.iter().map(|e| e.customer).collect();
        let times = events.iter().map(|e| e.time).collect();
        let (mut log, order) = EventLog::sorted(bound, names.values, customers, times, ids);
        log.order_names = orders;
        for ((key, dictionary), codes) in keys.into_iter().zip(dictionaries).zip(codes) {
            let property = Property {
                values: dictionary.values,
                codes: permute(&order, &codes),
            };
            log.properties.insert(key, property);
        }
        log
    }

    /// Sorts flat event columns by customer, then time, keeping the stored order of equal
    /// times; returns the log and the order, for sorting other columns the same way.
    fn sorted(
        bound: usize,
        names: Vec<String>,
        customers: Vec<u32>,
        times: Vec<i64>,
        events: Vec<u32>,
    ) -> (EventLog, Vec<u32>) {
        let order = sort_order(bound, &customers, &times);
        let mut starts = vec![0u32; bound + 1];
        for &c in &customers {
            starts[c as usize + 1] += 1;
        }
        for c in 0..bound {
            starts[c + 1] += starts[c];
        }
        let name_ids = names
            .iter()
            .enumerate()
            .filter(|(_, n)| !n.is_empty())
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        let log = EventLog {
            names,
            name_ids,
            order_names: Vec::new(),
            starts,
            times: order.iter().map(|&i| times[i as usize]).collect(),
            events: permute(&order, &events),
            properties: HashMap::new(),
            people: HashMap::new(),
        };
        (log, order)
    }

    fn load_people(
        &mut self,
        doc: &Document,
        properties: &[String],
        imports: &[waymark_core::store::ImportColumns],
        bound: usize,
    ) -> Result<()> {
        let people_imports: HashMap<i64, Vec<(usize, usize)>> = imports
            .iter()
            .filter(|i| i.kind == DataKind::People)
            .map(|import| {
                let wanted = properties
                    .iter()
                    .enumerate()
                    .filter_map(|(p, name)| {
                        Some((p, import.properties.iter().position(|h| h == name)?))
                    })
                    .collect();
                (import.id, wanted)
            })
            .collect();
        if people_imports.values().all(Vec::is_empty) {
            return Ok(());
        }
        let mut dictionaries: Vec<Dictionary> =
            properties.iter().map(|_| Dictionary::default()).collect();
        let mut codes: Vec<Vec<u32>> = properties.iter().map(|_| vec![0; bound]).collect();
        doc.read_people(|import, customer, values| {
            let Some(wanted) = people_imports.get(&import) else {
                return;
            };
            for &(p, column) in wanted {
                let slot = &mut codes[p][customer as usize];
                if let (0, Some(Some(value))) = (*slot, values.get(column)) {
                    *slot = dictionaries[p].code(value);
                }
            }
        })?;
        for (p, name) in properties.iter().enumerate() {
            if dictionaries[p].values.is_empty() {
                continue;
            }
            let property = Property {
                values: std::mem::take(&mut dictionaries[p].values),
                codes: std::mem::take(&mut codes[p]),
            };
            self.people.insert(name.clone(), property);
        }
        Ok(())
    }

    /// One more than the largest customer id.
    pub fn customer_bound(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// How many events the log holds.
    pub fn len(&self) -> usize {
        self.times.len()
    }

    /// Whether the log holds no events.
    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }

    /// The range of customer `c`'s events in [`EventLog::times`] and [`EventLog::events`].
    pub fn range(&self, customer: usize) -> std::ops::Range<usize> {
        self.starts[customer] as usize..self.starts[customer + 1] as usize
    }

    /// Every event's time, microseconds since the epoch, by customer then time.
    pub fn times(&self) -> &[i64] {
        &self.times
    }

    /// Every event's name id, aligned with [`EventLog::times`].
    pub fn events(&self) -> &[u32] {
        &self.events
    }

    /// The id of an event name, if any event has it.
    pub fn name_id(&self, name: &str) -> Option<u32> {
        self.name_ids.get(name).copied()
    }

    /// How many name ids there are (an upper bound, for arrays indexed by name id).
    pub fn name_bound(&self) -> usize {
        self.names.len()
    }

    /// The name of an id.
    pub fn name(&self, id: u32) -> &str {
        self.names
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The event names that orders imports brought.
    pub fn order_names(&self) -> Vec<&str> {
        self.order_names.iter().map(|&n| self.name(n)).collect()
    }

    /// A loaded event property.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.get(name)
    }

    /// A loaded people attribute, coded per customer.
    pub fn person_attribute(&self, name: &str) -> Option<&Property> {
        self.people.get(name)
    }

    /// Whether every one of `names` was loaded (as an event property or a people attribute,
    /// or found in neither when loading).
    pub fn has_loaded(&self, names: &[String]) -> bool {
        names
            .iter()
            .all(|n| self.properties.contains_key(n) || self.people.contains_key(n))
    }

    /// The earliest and latest event time.
    pub fn time_span(&self) -> Option<(i64, i64)> {
        let first = self.times.iter().min()?;
        let last = self.times.iter().max()?;
        Some((*first, *last))
    }
}

/// `column` reordered by `order`.
fn permute(order: &[u32], column: &[u32]) -> Vec<u32> {
    order.iter().map(|&i| column[i as usize]).collect()
}

/// The order that sorts events by customer, then time, keeping stored order among equals:
/// a counting sort by customer, then a stable sort of each customer's times where they are
/// not already in order (they usually are).
fn sort_order(bound: usize, customers: &[u32], times: &[i64]) -> Vec<u32> {
    let mut next = vec![0u32; bound + 1];
    for &c in customers {
        next[c as usize + 1] += 1;
    }
    for c in 0..bound {
        next[c + 1] += next[c];
    }
    let starts = next.clone();
    let mut order = vec![0u32; customers.len()];
    for (i, &c) in customers.iter().enumerate() {
        let slot = &mut next[c as usize];
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    for c in 0..bound {
        let run = &mut order[starts[c] as usize..starts[c + 1] as usize];
        if !run
            .windows(2)
            .all(|w| times[w[0] as usize] <= times[w[1] as usize])
        {
            run.sort_by_key(|&i| times[i as usize]);
        }
    }
    order
}

/// A property and its most frequent values with their counts.
pub type PropertyValues = (String, Vec<(String, u64)>);

/// Every property of the imported events and people with its `limit` most frequent values and
/// their counts (rows of events, or people), properties in the order imports first name them.
pub fn property_values(doc: &Document, limit: usize) -> Result<Vec<PropertyValues>, Error> {
    let imports = doc.import_columns()?;
    let mut order: Vec<String> = Vec::new();
    for import in &imports {
        if matches!(
            import.kind,
            DataKind::Events | DataKind::Orders | DataKind::People
        ) {
            for property in &import.properties {
                if !order.contains(property) {
                    order.push(property.clone());
                }
            }
        }
    }
    let mut counts: Vec<HashMap<String, u64>> = order.iter().map(|_| HashMap::new()).collect();
    let slot = |import: i64, column: usize| -> Option<usize> {
        let name = imports
            .iter()
            .find(|i| i.id == import)?
            .properties
            .get(column)?;
        order.iter().position(|p| p == name)
    };
    let mut per_code: Vec<u64> = Vec::new();
    doc.read_events(|import, chunk| {
        for (column, property) in chunk.properties.iter().enumerate() {
            let Some(slot) = slot(import, column) else {
                continue;
            };
            per_code.clear();
            per_code.resize(property.values.len() + 1, 0);
            for &code in &property.codes {
                per_code[code as usize] += 1;
            }
            for (value, &count) in property.values.iter().zip(&per_code[1..]) {
                *counts[slot].entry(value.clone()).or_default() += count;
            }
        }
    })?;
    doc.read_people(|import, _, values| {
        for (column, value) in values.iter().enumerate() {
            if let (Some(slot), Some(value)) = (slot(import, column), value) {
                *counts[slot].entry(value.clone()).or_default() += 1;
            }
        }
    })?;
    Ok(order
        .into_iter()
        .zip(counts)
        .map(|(property, counts)| {
            let mut values: Vec<(String, u64)> = counts.into_iter().collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            values.truncate(limit);
            (property, values)
        })
        .collect())
}
