//! The sample's data: the shop's customers and what they did over nine months, made up from a
//! fixed seed so that the sample map shows the same real numbers on every machine.
//!
//! Customers come from one of five sources. Those from Instagram and TikTok ads browse
//! quickly and buy on promotion (the "Deal seeker" persona); those from search and Pinterest
//! read more, buy more often and come back (the "Home maker" persona); newsletter readers are
//! neither. Each customer's events follow the map's stages: an ad or search click, product
//! views, a cart, a purchase, delivery, the care guide, sometimes support, and for some a
//! second and third purchase weeks later.

use crate::error::Result;
use crate::store::{
    DataKind, Document, EventChunk, Finished, ImportTotals, NewImport, PropertyColumn, CHUNK_ROWS,
};

/// The file name the sample's import is listed under.
pub const SAMPLE_DATA_FILE: &str = "hearth-and-oak-events (sample data)";

/// How many customers the sample data has.
const CUSTOMERS: usize = 2_400;

/// 2026-03-02 00:00 UTC, the first day of the sample data, in microseconds.
const START: i64 = 1_772_409_600_000_000;
/// 2026-11-30 00:00 UTC, when the sample's export was taken; nothing happens after it.
const END: i64 = START + 273 * DAY;
const MINUTE: i64 = 60_000_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// The event names, in the order of a journey.
pub const EVENTS: [&str; 9] = [
    "ad_click",
    "search_click",
    "product_view",
    "add_to_cart",
    "purchase",
    "delivered",
    "care_guide_view",
    "support_chat",
    "newsletter_open",
];

/// Sources, with the share of customers from each, how likely they are to buy, and to buy again.
const SOURCES: [(&str, f64, f64, f64); 5] = [
    ("instagram", 0.34, 0.42, 0.25),
    ("tiktok", 0.14, 0.35, 0.18),
    ("search", 0.24, 0.55, 0.48),
    ("pinterest", 0.12, 0.50, 0.52),
    ("newsletter", 0.16, 0.45, 0.35),
];

/// A small, fixed pseudo-random generator (xorshift64*): the same numbers everywhere.
struct Random(u64);

impl Random {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let bits = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11;
        bits as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.next() < p
    }

    /// A duration around `typical`, spread like waiting times are (log-normal-ish).
    fn around(&mut self, typical: i64) -> i64 {
        let factor = (self.next() * 2.0 - 1.0) * 1.2;
        ((typical as f64) * factor.exp()).max(1.0) as i64
    }
}

/// One event of the sample.
struct Event {
    customer: u32,
    name: u32,
    time: i64,
    source: u32,
}

/// Imports the sample's events into `doc` as one import, unless it holds them already.
pub fn fill_data(doc: &mut Document) -> Result<()> {
    let events = generate();
    let import = NewImport {
        file_name: SAMPLE_DATA_FILE.into(),
        kind: DataKind::Events,
        file_size: 0,
        head_hash: "sample".into(),
        options: serde_json::json!({ "sample": true }),
        properties: vec!["source".into()],
    };
    let mut writer = doc.begin_import(import)?;
    let customers: Vec<String> = (0..CUSTOMERS).map(|c| format!("customer-{c:04}")).collect();
    let names: Vec<String> = EVENTS.iter().map(|n| n.to_string()).collect();
    let sources: Vec<String> = SOURCES.iter().map(|s| s.0.to_string()).collect();
    for (index, rows) in events.chunks(CHUNK_ROWS).enumerate() {
        let chunk = EventChunk {
            customers: rows.iter().map(|e| e.customer).collect(),
            names: rows.iter().map(|e| e.name).collect(),
            times: rows.iter().map(|e| e.time).collect(),
            amounts: Vec::new(),
            properties: vec![PropertyColumn {
                values: sources.clone(),
                codes: rows.iter().map(|e| e.source + 1).collect(),
            }],
        };
        let (new_customers, new_names) = match index {
            0 => (customers.as_slice(), names.as_slice()),
            _ => (&[][..], &[][..]),
        };
        writer.add_events(false, new_customers, new_names, chunk)?;
    }
    let totals = ImportTotals {
        content_hash: "sample".into(),
        rows_taken: events.len() as u64,
        rows_refused: 0,
        refused: Vec::new(),
        first_at: events.iter().map(|e| e.time).min(),
        last_at: events.iter().map(|e| e.time).max(),
    };
    match writer.finish(totals)? {
        Finished::Stored(_) | Finished::AlreadyImported(_) => Ok(()),
    }
}

fn generate() -> Vec<Event> {
    let mut random = Random(0x5e_ed0f_4ea7_4041);
    let mut events = Vec::new();
    let name = |n: &str| EVENTS.iter().position(|e| *e == n).unwrap_or(0) as u32;
    for customer in 0..CUSTOMERS as u32 {
        let mut pick = random.next();
        let source = SOURCES
            .iter()
            .position(|s| {
                pick -= s.1;
                pick < 0.0
            })
            .unwrap_or(SOURCES.len() - 1);
        let (source_name, _, buys, returns) = SOURCES[source];
        let ads = matches!(source_name, "instagram" | "tiktok");
        let source = source as u32;
        let mut at = START + (random.next() * 210.0) as i64 * DAY + random.around(14 * HOUR);
        let mut push = |name: u32, time: i64| {
            events.push(Event {
                customer,
                name,
                time,
                source,
            })
        };
        let entry = match source_name {
            "newsletter" => "newsletter_open",
            _ if ads => "ad_click",
            _ => "search_click",
        };
        push(name(entry), at);
        if !random.chance(if ads { 0.78 } else { 0.9 }) {
            continue;
        }
        let views = 1 + (random.next() * if ads { 2.0 } else { 5.0 }) as usize;
        for _ in 0..views {
            at += random.around(if ads { 2 * MINUTE } else { 6 * MINUTE });
            push(name("product_view"), at);
        }
        if !random.chance(if ads { 0.62 } else { 0.7 }) {
            continue;
        }
        // Deal seekers decide at once or after a promotion days later.
        at += match ads && random.chance(0.3) {
            true => random.around(4 * DAY),
            false => random.around(20 * MINUTE),
        };
        push(name("add_to_cart"), at);
        if !random.chance(buys / 0.62) {
            continue;
        }
        at += random.around(8 * MINUTE);
        push(name("purchase"), at);
        let mut purchases = 1;
        loop {
            at += random.around(3 * DAY);
            push(name("delivered"), at);
            if random.chance(0.55) {
                at += random.around(2 * DAY);
                push(name("care_guide_view"), at);
            }
            if random.chance(if ads { 0.22 } else { 0.12 }) {
                at += random.around(DAY);
                push(name("support_chat"), at);
            }
            if purchases == 3 || !random.chance(returns / f64::from(purchases)) {
                break;
            }
            at += random.around(if ads { 60 * DAY } else { 38 * DAY });
            push(name("product_view"), at);
            at += random.around(15 * MINUTE);
            push(name("purchase"), at);
            purchases += 1;
        }
    }
    events.retain(|e| e.time < END);
    // Stored in time order, as an export would be.
    events.sort_by_key(|e| (e.time, e.customer));
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_data_is_the_same_every_time_and_imports_once() {
        let first: Vec<(u32, u32, i64)> = generate()
            .iter()
            .map(|e| (e.customer, e.name, e.time))
            .collect();
        let second: Vec<(u32, u32, i64)> = generate()
            .iter()
            .map(|e| (e.customer, e.name, e.time))
            .collect();
        assert_eq!(first, second);
        assert!(first.len() > 10_000, "{} events", first.len());

        let mut doc = Document::open_in_memory().unwrap();
        fill_data(&mut doc).unwrap();
        fill_data(&mut doc).unwrap();
        assert_eq!(doc.imports().unwrap().len(), 1);
        assert_eq!(doc.event_count().unwrap(), first.len() as u64);
        let names = doc.event_names().unwrap();
        assert!(names.iter().any(|(n, _)| n == "purchase"));
    }
}
