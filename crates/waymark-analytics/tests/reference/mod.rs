//! A slow, exhaustive implementation of the analytics rules in the crate documentation, written
//! to be read against them rather than to be fast: it works on the plain list of events, and
//! for the funnel it tries every way of giving a customer's events to the steps.
//!
//! It is exponential in the events per customer and the steps; the property tests keep both
//! small (at most 8 events and 4 steps). It shares no code with the engine: it reads only the
//! query types and the product's constants (the "within N days" horizons).

use std::collections::BTreeMap;

use chrono::TimeZone;
use waymark_analytics::intervals::WITHIN_DAYS;
use waymark_analytics::{Breakdown, FunnelQuery, IntervalQuery, RawEvent, Step};
use waymark_core::{Condition, ConditionOp, FunnelMode};

const DAY_MICROS: i64 = 86_400_000_000;
const GAPS: usize = 3;

/// The groups of a breakdown, "All customers" first, and the group of each customer.
pub struct Groups {
    pub names: Vec<String>,
    /// Customer id to the index in `names` of their group besides "All customers".
    pub of_customer: BTreeMap<u32, usize>,
}

/// One group's funnel.
#[derive(Debug)]
pub struct FunnelGroup {
    pub name: String,
    /// Customers who reached each step.
    pub reached: Vec<u64>,
    /// Per step, the seconds from the previous step of each customer who reached it; empty for
    /// the first step.
    pub seconds: Vec<Vec<f64>>,
}

impl FunnelGroup {
    /// Customers who reached step `k` and not the next; 0 at the last step.
    pub fn drop_off(&self, k: usize) -> u64 {
        let next = self.reached.get(k + 1).copied().unwrap_or(self.reached[k]);
        self.reached[k] - next
    }

    /// The step, not the last, with the largest share of its customers dropping off; the
    /// first of equals; `None` when no step but the last has customers.
    pub fn drop_off_point(&self) -> Option<u32> {
        let mut best: Option<(usize, f64)> = None;
        for k in 0..self.reached.len().saturating_sub(1) {
            if self.reached[k] == 0 {
                continue;
            }
            let share = self.drop_off(k) as f64 / self.reached[k] as f64;
            if best.is_none_or(|(_, top)| share > top) {
                best = Some((k, share));
            }
        }
        best.map(|(k, _)| k as u32)
    }
}

/// One group's repeat purchases.
#[derive(Debug)]
pub struct IntervalGroup {
    pub name: String,
    pub buyers: u64,
    pub repeat_buyers: u64,
    /// Per gap k (purchase k + 1 to k + 2), the gaps in days.
    pub gaps: Vec<Vec<f64>>,
    /// Per horizon of [`WITHIN_DAYS`]: eligible buyers and the share who bought again.
    pub within: Vec<(u32, u64, Option<f64>)>,
}

/// The intervals of every group.
#[derive(Debug)]
pub struct Intervals {
    /// The purchase event names, sorted.
    pub events: Vec<String>,
    pub data_end: Option<i64>,
    pub groups: Vec<IntervalGroup>,
}

/// The value of `property` on `event`: its first non-empty value, if any.
fn value<'a>(event: &'a RawEvent, property: &str) -> Option<&'a str> {
    event
        .properties
        .iter()
        .find(|(key, value)| key == property && !value.is_empty())
        .map(|(_, value)| value.as_str())
}

/// Whether `value` passes `condition`, read from the definition of each operator.
fn passes(condition: &Condition, value: &str) -> bool {
    match condition.op {
        ConditionOp::Equals | ConditionOp::OneOf => condition.values.iter().any(|v| v == value),
        ConditionOp::Contains => condition.values.iter().any(|v| value.contains(v.as_str())),
    }
}

/// Whether `event` fills `step`: one of its names, and its condition holds on a value the
/// event carries.
fn fills(event: &RawEvent, step: &Step) -> bool {
    let named = step.events.contains(&event.name);
    let condition = match &step.condition {
        None => true,
        Some(condition) => value(event, &condition.property).is_some_and(|v| passes(condition, v)),
    };
    named && condition
}

/// The customers of `events`, each with their events in time order (equal times in the order
/// given).
fn by_customer(events: &[RawEvent]) -> BTreeMap<u32, Vec<&RawEvent>> {
    let mut customers: BTreeMap<u32, Vec<&RawEvent>> = BTreeMap::new();
    for event in events {
        customers.entry(event.customer).or_default().push(event);
    }
    for list in customers.values_mut() {
        list.sort_by_key(|e| e.time); // stable: ties keep the order given
    }
    customers
}

/// The value of `property` on the customer's earliest event that carries one.
fn first_touch<'a>(events: &[&'a RawEvent], property: &str) -> Option<&'a str> {
    events.iter().find_map(|event| value(event, property))
}

/// Splits the customers of `events` by `breakdown`.
pub fn groups(events: &[RawEvent], breakdown: &Breakdown) -> Groups {
    let customers = by_customer(events);
    let mut names = vec!["All customers".to_string()];
    let mut of_customer = BTreeMap::new();
    match breakdown {
        Breakdown::None => {
            for &customer in customers.keys() {
                of_customer.insert(customer, 0);
            }
        }
        Breakdown::Personas(personas) => {
            let ruled: Vec<_> = personas
                .iter()
                .filter_map(|p| Some((p.name.clone(), p.rule.clone()?)))
                .collect();
            names.extend(ruled.iter().map(|(name, _)| name.clone()));
            let other = names.len();
            names.push("Other".to_string());
            for (&customer, list) in &customers {
                let taken = ruled.iter().position(|(_, rule)| {
                    first_touch(list, &rule.property).is_some_and(|v| passes(rule, v))
                });
                of_customer.insert(customer, taken.map_or(other, |index| index + 1));
            }
        }
        Breakdown::Property(property) => {
            let touches: BTreeMap<u32, Option<&str>> = customers
                .iter()
                .map(|(&customer, list)| (customer, first_touch(list, property)))
                .collect();
            let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
            for value in touches.values().flatten() {
                *counts.entry(value).or_default() += 1;
            }
            // Largest first, then by value; "(none)" last, when someone has no value.
            let mut values: Vec<(&str, u64)> = counts.into_iter().collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            names.extend(values.iter().map(|(value, _)| value.to_string()));
            if touches.values().any(Option::is_none) {
                names.push("(none)".to_string());
            }
            for (customer, touch) in touches {
                let index = match touch {
                    Some(value) => 1 + values.iter().position(|(v, _)| *v == value).unwrap(),
                    None => names.len() - 1,
                };
                of_customer.insert(customer, index);
            }
        }
    }
    Groups { names, of_customer }
}

/// The funnel of `query` over `events`, per group of `breakdown`.
pub fn funnel(events: &[RawEvent], query: &FunnelQuery, breakdown: &Breakdown) -> Vec<FunnelGroup> {
    let steps = query.steps.len();
    let grouping = groups(events, breakdown);
    let mut result: Vec<FunnelGroup> = grouping
        .names
        .iter()
        .map(|name| FunnelGroup {
            name: name.clone(),
            reached: vec![0; steps],
            seconds: vec![Vec::new(); steps],
        })
        .collect();
    for (customer, list) in by_customer(events) {
        let Some(times) = step_times(&list, query) else {
            continue;
        };
        let group = grouping.of_customer[&customer];
        let mut targets = vec![0];
        if group != 0 {
            targets.push(group);
        }
        for target in targets {
            let tally = &mut result[target];
            for (k, &time) in times.iter().enumerate() {
                tally.reached[k] += 1;
                if k > 0 {
                    tally.seconds[k].push((time - times[k - 1]) as f64 / 1e6);
                }
            }
        }
    }
    result
}

/// The time of each step the customer reaches on their chosen path, `None` when they never
/// enter.
pub fn step_times(events: &[&RawEvent], query: &FunnelQuery) -> Option<Vec<i64>> {
    match query.mode {
        FunnelMode::Ordered | FunnelMode::Strict => in_order_times(events, query),
        FunnelMode::Any => any_order_times(events, query),
    }
}

fn in_entry_range(query: &FunnelQuery, time: i64) -> bool {
    query.entry_from.is_none_or(|from| time >= from) && query.entry_to.is_none_or(|to| time <= to)
}

fn in_window(query: &FunnelQuery, entry: i64, time: i64) -> bool {
    query.window.is_none_or(|window| time - entry <= window)
}

/// Ordered and strict: every sequence of distinct events filling steps 1, 2, ... in turn.
/// The best path reaches furthest, then enters earliest, then has the lexicographically
/// earliest step times; its times are returned.
fn in_order_times(events: &[&RawEvent], query: &FunnelQuery) -> Option<Vec<i64>> {
    let mut search = InOrder {
        events,
        query,
        used: vec![false; events.len()],
        times: Vec::new(),
        best: None,
    };
    for (i, event) in events.iter().enumerate() {
        if fills(event, &query.steps[0]) && in_entry_range(query, event.time) {
            search.used[i] = true;
            search.times.push(event.time);
            search.extend();
            search.times.pop();
            search.used[i] = false;
        }
    }
    search.best
}

struct InOrder<'a> {
    events: &'a [&'a RawEvent],
    query: &'a FunnelQuery,
    used: Vec<bool>,
    /// Times of the steps filled so far on the path being extended.
    times: Vec<i64>,
    best: Option<Vec<i64>>,
}

impl InOrder<'_> {
    fn extend(&mut self) {
        let better = match &self.best {
            None => true,
            Some(best) => {
                self.times.len() > best.len()
                    || (self.times.len() == best.len() && self.times < *best)
            }
        };
        if better {
            self.best = Some(self.times.clone());
        }
        let step = self.times.len();
        if step == self.query.steps.len() {
            return;
        }
        let previous = self.times[step - 1];
        let entry = self.times[0];
        for i in 0..self.events.len() {
            let event = self.events[i];
            let allowed = !self.used[i]
                && event.time >= previous
                && in_window(self.query, entry, event.time)
                && fills(event, &self.query.steps[step])
                && (self.query.mode != FunnelMode::Strict || !self.between(previous, event.time));
            if allowed {
                self.used[i] = true;
                self.times.push(event.time);
                self.extend();
                self.times.pop();
                self.used[i] = false;
            }
        }
    }

    /// Whether any event of the customer lies strictly between `from` and `to`.
    fn between(&self, from: i64, to: i64) -> bool {
        self.events.iter().any(|e| e.time > from && e.time < to)
    }
}

/// One way of filling steps `1..=steps` with distinct events: its earliest and latest time.
#[derive(Clone, Copy)]
struct Filling {
    steps: usize,
    first: i64,
    last: i64,
}

/// Any order: every way of filling steps 1..k with distinct events, for every k.
fn any_order_times(events: &[&RawEvent], query: &FunnelQuery) -> Option<Vec<i64>> {
    let mut fillings = Vec::new();
    let mut used = vec![false; events.len()];
    all_fillings(events, &query.steps, &mut used, None, &mut fillings);

    // The entry is the earliest event used; it must be in the date range, and every event
    // used within the window from it.
    let valid = |f: &&Filling| in_entry_range(query, f.first) && in_window(query, f.first, f.last);
    let level = fillings.iter().filter(valid).map(|f| f.steps).max()?;
    let entry = fillings
        .iter()
        .filter(valid)
        .filter(|f| f.steps == level)
        .map(|f| f.first)
        .min()?;

    // Step k is done at the earliest time steps 1..=k can all be filled from the entry on.
    let times = (1..=level)
        .map(|k| {
            fillings
                .iter()
                .filter(|f| f.steps == k && f.first >= entry && in_window(query, entry, f.last))
                .map(|f| f.last)
                .min()
                .expect("the chosen filling's own prefix")
        })
        .collect();
    Some(times)
}

fn all_fillings(
    events: &[&RawEvent],
    steps: &[Step],
    used: &mut [bool],
    span: Option<(i64, i64)>,
    out: &mut Vec<Filling>,
) {
    let step = used.iter().filter(|&&u| u).count();
    if step == steps.len() {
        return;
    }
    for i in 0..events.len() {
        if used[i] || !fills(events[i], &steps[step]) {
            continue;
        }
        let time = events[i].time;
        let (first, last) = span.map_or((time, time), |(f, l)| (f.min(time), l.max(time)));
        out.push(Filling {
            steps: step + 1,
            first,
            last,
        });
        used[i] = true;
        all_fillings(events, steps, used, Some((first, last)), out);
        used[i] = false;
    }
}

/// The value at fraction `p` of `values`: rank `p * (n - 1)` of the sorted values, counted
/// from 0, interpolated linearly between the ranks either side.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = p * (sorted.len() - 1) as f64;
    let low = rank.floor() as usize;
    let high = rank.ceil() as usize;
    Some(sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64))
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The repeat-purchase intervals of `query` over `events`; `None` when there is no purchase
/// event to count (none named and no orders import).
pub fn intervals(
    events: &[RawEvent],
    query: &IntervalQuery,
    breakdown: &Breakdown,
) -> Option<Intervals> {
    let mut names: Vec<String> = if query.events.is_empty() {
        events
            .iter()
            .filter(|e| e.order)
            .map(|e| e.name.clone())
            .collect()
    } else {
        query.events.clone()
    };
    names.sort();
    names.dedup();
    if names.is_empty() {
        return None;
    }
    let is_purchase = |e: &&RawEvent| names.contains(&e.name);
    let data_end = events.iter().filter(is_purchase).map(|e| e.time).max();

    let grouping = groups(events, breakdown);
    let mut members: Vec<Vec<Vec<i64>>> = vec![Vec::new(); grouping.names.len()];
    for (customer, list) in by_customer(events) {
        let purchases = purchases(&list, &names, query);
        if purchases.is_empty() {
            continue;
        }
        let group = grouping.of_customer[&customer];
        if group != 0 {
            members[group].push(purchases.clone());
        }
        members[0].push(purchases);
    }
    let groups = grouping
        .names
        .iter()
        .zip(members)
        .map(|(name, buyers)| interval_group(name, &buyers, data_end))
        .collect();
    Some(Intervals {
        events: names,
        data_end,
        groups,
    })
}

/// A customer's purchase times in order; with "same day as one", only each day's first.
fn purchases(events: &[&RawEvent], names: &[String], query: &IntervalQuery) -> Vec<i64> {
    let mut times: Vec<i64> = events
        .iter()
        .filter(|e| names.contains(&e.name))
        .map(|e| e.time)
        .collect();
    times.sort();
    if query.same_day_as_one {
        let day = |micros: i64| {
            query
                .time_zone
                .timestamp_micros(micros)
                .unwrap()
                .date_naive()
        };
        times.dedup_by(|later, earlier| day(*later) == day(*earlier));
    }
    times
}

fn interval_group(name: &str, buyers: &[Vec<i64>], data_end: Option<i64>) -> IntervalGroup {
    let gaps = (0..GAPS)
        .map(|k| {
            buyers
                .iter()
                .filter(|p| p.len() > k + 1)
                .map(|p| (p[k + 1] - p[k]) as f64 / DAY_MICROS as f64)
                .collect()
        })
        .collect();
    let within = WITHIN_DAYS
        .iter()
        .map(|&days| {
            let span = i64::from(days) * DAY_MICROS;
            let eligible: Vec<&Vec<i64>> = match data_end {
                Some(end) => buyers.iter().filter(|p| end - p[0] >= span).collect(),
                None => Vec::new(),
            };
            let again = eligible
                .iter()
                .filter(|p| p.len() >= 2 && p[1] - p[0] <= span)
                .count();
            let share = (!eligible.is_empty()).then(|| again as f64 / eligible.len() as f64);
            (days, eligible.len() as u64, share)
        })
        .collect();
    IntervalGroup {
        name: name.to_string(),
        buyers: buyers.len() as u64,
        repeat_buyers: buyers.iter().filter(|p| p.len() >= 2).count() as u64,
        gaps,
        within,
    }
}
