//! Repeat-purchase intervals: how many buyers come back, and how long they take, from the
//! k-th purchase to the next. The rules are in the crate documentation.

use std::collections::BTreeMap;

use chrono::TimeZone;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::groups::{Breakdown, GroupName, Grouping};
use crate::log::EventLog;
use crate::stats::{self, Bin};
use crate::{parallel_customers, Error};

/// Gaps reported: from purchase k to k + 1 for k = 1..=GAPS.
pub const GAPS: usize = 3;
/// The horizons of "bought again within N days".
pub const WITHIN_DAYS: [u32; 5] = [30, 60, 90, 180, 365];

const DAY: f64 = 86_400e6;

/// What counts as a purchase.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalQuery {
    /// Purchase event names; empty means the event names of the orders imports.
    pub events: Vec<String>,
    /// Purchases on one calendar day (in `time_zone`) count once.
    pub same_day_as_one: bool,
    pub time_zone: Tz,
}

/// The intervals of every group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IntervalReport {
    /// The purchase events used.
    pub events: Vec<String>,
    pub same_day_as_one: bool,
    /// The last purchase of anyone, RFC 3339 UTC: the end of the data for "within N days".
    pub data_end: Option<String>,
    pub groups: Vec<IntervalGroup>,
}

/// One group's repeat purchases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IntervalGroup {
    #[serde(flatten)]
    pub name: GroupName,
    #[ts(type = "number")]
    pub buyers: u64,
    #[ts(type = "number")]
    pub repeat_buyers: u64,
    /// `repeat_buyers` over `buyers`.
    pub repeat_share: Option<f64>,
    pub gaps: Vec<Gap>,
    /// Per horizon in days: the share of eligible first-time buyers who bought again within it.
    pub repeat_within_days: BTreeMap<String, Option<f64>>,
    /// Per horizon: how many buyers were eligible (first purchase at least that long before
    /// the end of the data).
    #[ts(type = "Record<string, number>")]
    pub eligible_buyers: BTreeMap<String, u64>,
}

/// The time from purchase `from` to purchase `to` over the buyers who made both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Gap {
    pub from: u32,
    pub to: u32,
    #[ts(type = "number")]
    pub count: u64,
    pub mean_days: Option<f64>,
    pub median_days: Option<f64>,
    pub p25_days: Option<f64>,
    pub p75_days: Option<f64>,
    pub p90_days: Option<f64>,
    pub histogram: Vec<Bin>,
}

/// Computes the repeat-purchase intervals of `query` in `log` per group of `breakdown`.
pub fn intervals(
    log: &EventLog,
    query: &IntervalQuery,
    breakdown: &Breakdown,
) -> Result<IntervalReport, Error> {
    let events: Vec<String> = if query.events.is_empty() {
        log.order_names().into_iter().map(String::from).collect()
    } else {
        query.events.clone()
    };
    if events.is_empty() {
        return Err(Error::Query(
            "no purchase event: name one, or import an orders file".into(),
        ));
    }
    let mut is_purchase = vec![false; log.name_bound()];
    for name in &events {
        if let Some(id) = log.name_id(name) {
            is_purchase[id as usize] = true;
        }
    }
    let grouping = Grouping::new(log, breakdown);

    // Each buyer's first purchase and their first GAPS gaps, in microseconds.
    let buyers = parallel_customers(log.customer_bound(), |customers| {
        let mut found = Vec::new();
        let mut purchases: Vec<i64> = Vec::new();
        for customer in customers {
            purchases.clear();
            let mut last_day = None;
            for event in log.range(customer) {
                if !is_purchase[log.events()[event] as usize] {
                    continue;
                }
                let time = log.times()[event];
                if query.same_day_as_one {
                    let day = local_day(time, query.time_zone);
                    if last_day == Some(day) {
                        continue;
                    }
                    last_day = Some(day);
                }
                purchases.push(time);
                if purchases.len() > GAPS + 1 {
                    break;
                }
            }
            if let Some(&first) = purchases.first() {
                let gaps: Vec<i64> = purchases.windows(2).map(|w| w[1] - w[0]).collect();
                found.push(Buyer {
                    customer,
                    first,
                    gaps,
                });
            }
        }
        found
    });
    let buyers: Vec<Buyer> = buyers.into_iter().flatten().collect();
    let data_end = last_purchase(log, &is_purchase);

    let mut per_group: Vec<Vec<&Buyer>> = vec![Vec::new(); grouping.names.len()];
    for buyer in &buyers {
        per_group[0].push(buyer);
        let group = grouping.of_customer[buyer.customer] as usize;
        if group != 0 {
            per_group[group].push(buyer);
        }
    }
    let groups = grouping
        .names
        .into_iter()
        .zip(per_group)
        .map(|(name, buyers)| group_report(name, &buyers, data_end))
        .collect();
    Ok(IntervalReport {
        events,
        same_day_as_one: query.same_day_as_one,
        data_end: data_end.and_then(waymark_core::store::micros_to_rfc3339),
        groups,
    })
}

struct Buyer {
    customer: usize,
    first: i64,
    /// Microseconds from each purchase to the next, up to [`GAPS`] of them.
    gaps: Vec<i64>,
}

fn group_report(name: GroupName, buyers: &[&Buyer], data_end: Option<i64>) -> IntervalGroup {
    let repeat_buyers = buyers.iter().filter(|b| !b.gaps.is_empty()).count() as u64;
    let buyer_count = buyers.len() as u64;
    let gaps = (0..GAPS)
        .map(|k| {
            let mut days: Vec<f64> = buyers
                .iter()
                .filter_map(|b| b.gaps.get(k))
                .map(|&gap| gap as f64 / DAY)
                .collect();
            days.sort_unstable_by(f64::total_cmp);
            Gap {
                from: k as u32 + 1,
                to: k as u32 + 2,
                count: days.len() as u64,
                mean_days: stats::mean(&days),
                median_days: stats::percentile(&days, 0.5),
                p25_days: stats::percentile(&days, 0.25),
                p75_days: stats::percentile(&days, 0.75),
                p90_days: stats::percentile(&days, 0.9),
                histogram: stats::histogram(&days, &stats::GAP_BINS),
            }
        })
        .collect();
    let mut repeat_within_days = BTreeMap::new();
    let mut eligible_buyers = BTreeMap::new();
    for horizon in WITHIN_DAYS {
        let span = i64::from(horizon) * 86_400_000_000;
        let eligible: Vec<&&Buyer> = match data_end {
            Some(end) => buyers.iter().filter(|b| b.first <= end - span).collect(),
            None => Vec::new(),
        };
        let again = eligible
            .iter()
            .filter(|b| b.gaps.first().is_some_and(|&gap| gap <= span))
            .count();
        let share = (!eligible.is_empty()).then(|| again as f64 / eligible.len() as f64);
        repeat_within_days.insert(horizon.to_string(), share);
        eligible_buyers.insert(horizon.to_string(), eligible.len() as u64);
    }
    IntervalGroup {
        name,
        buyers: buyer_count,
        repeat_buyers,
        repeat_share: (buyer_count > 0).then(|| repeat_buyers as f64 / buyer_count as f64),
        gaps,
        repeat_within_days,
        eligible_buyers,
    }
}

/// The time of the last purchase in the whole log.
fn last_purchase(log: &EventLog, is_purchase: &[bool]) -> Option<i64> {
    log.events()
        .iter()
        .zip(log.times())
        .filter(|(name, _)| is_purchase[**name as usize])
        .map(|(_, time)| *time)
        .max()
}

/// The calendar day of `micros` in `zone`, as days since the epoch.
fn local_day(micros: i64, zone: Tz) -> i64 {
    match chrono::DateTime::from_timestamp_micros(micros) {
        Some(at) => {
            let local = zone.from_utc_datetime(&at.naive_utc());
            let date = local.date_naive();
            date.signed_duration_since(chrono::NaiveDate::default())
                .num_days()
        }
        None => micros.div_euclid(86_400_000_000),
    }
}
