//! The funnel over a map's stages: how many customers reach each step, how many drop off, and
//! how long each step takes. The rules are in the crate documentation.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use waymark_core::{Condition, FunnelMode};

use crate::groups::{Breakdown, GroupName, Grouping};
use crate::log::EventLog;
use crate::stats::{self, Bin};
use crate::{parallel_customers, Error};

/// The most steps a funnel can have.
pub const MAX_STEPS: usize = 64;

/// One step of a funnel: reached by any of `events`, passing `condition` if there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub name: String,
    pub events: Vec<String>,
    pub condition: Option<Condition>,
}

/// What to count.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelQuery {
    pub steps: Vec<Step>,
    /// Microseconds from the entry within which later steps count; `None`: no limit.
    pub window: Option<i64>,
    pub mode: FunnelMode,
    /// Only entries at or after this time (microseconds since the epoch).
    pub entry_from: Option<i64>,
    /// Only entries at or before this time.
    pub entry_to: Option<i64>,
}

impl FunnelQuery {
    /// The event properties the query's conditions read.
    pub fn properties(&self) -> Vec<String> {
        self.steps
            .iter()
            .filter_map(|s| s.condition.as_ref().map(|c| c.property.clone()))
            .collect()
    }
}

/// The funnel of every group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FunnelReport {
    #[ts(type = "number | null")]
    pub window_seconds: Option<i64>,
    pub mode: FunnelMode,
    pub groups: Vec<FunnelGroup>,
}

/// The funnel of one group of customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FunnelGroup {
    #[serde(flatten)]
    pub name: GroupName,
    pub steps: Vec<FunnelStep>,
    /// The index of the step with the largest drop-off share, not counting the last step;
    /// `None` when no customer entered or the funnel has one step.
    pub drop_off_point: Option<u32>,
}

/// One step of one group's funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FunnelStep {
    pub name: String,
    /// Customers who reached the step.
    #[ts(type = "number")]
    pub customers: u64,
    /// `customers` over the previous step's; 1 for the first step; `None` when the previous
    /// step has no customers.
    pub conversion_from_previous: Option<f64>,
    pub conversion_from_first: Option<f64>,
    /// Customers who reached this step and not the next; 0 at the last step.
    #[ts(type = "number")]
    pub drop_off: u64,
    /// `drop_off` over `customers`.
    pub drop_off_share: Option<f64>,
    pub median_seconds_from_previous: Option<f64>,
    pub mean_seconds_from_previous: Option<f64>,
    pub p90_seconds_from_previous: Option<f64>,
    /// Time from the previous step, in seconds; empty for the first step.
    pub histogram: Vec<Bin>,
}

/// Counts the funnel of `query` in `log`, for "All customers" and each group of `breakdown`.
pub fn funnel(
    log: &EventLog,
    query: &FunnelQuery,
    breakdown: &Breakdown,
) -> Result<FunnelReport, Error> {
    let steps = query.steps.len();
    if steps == 0 {
        return Err(Error::Query("a funnel needs at least one step".into()));
    }
    if steps > MAX_STEPS {
        return Err(Error::Query(format!(
            "a funnel has at most {MAX_STEPS} steps; this one has {steps}"
        )));
    }
    let matcher = Matcher::new(log, &query.steps);
    let grouping = Grouping::new(log, breakdown);
    let group_count = grouping.names.len();
    let tallies = parallel_customers(log.customer_bound(), |customers| {
        let mut tally = Tally::new(group_count, steps);
        let mut walker = Walker::new(steps);
        for customer in customers {
            let range = log.range(customer);
            if range.is_empty() {
                continue;
            }
            let times = &log.times()[range.clone()];
            walker.masks.clear();
            walker
                .masks
                .extend(range.map(|event| matcher.mask(log, event)));
            let Some(path) = walker.best_path(times, query) else {
                continue;
            };
            tally.add(0, path, walker.step_times());
            let group = grouping.of_customer[customer] as usize;
            if group != 0 {
                tally.add(group, path, walker.step_times());
            }
        }
        tally
    });
    let mut tally = Tally::new(group_count, steps);
    for part in tallies {
        tally.merge(part);
    }
    let groups = grouping
        .names
        .into_iter()
        .zip(tally.groups)
        .map(|(name, group)| group.report(name, &query.steps))
        .collect();
    Ok(FunnelReport {
        window_seconds: query.window.map(|w| w / 1_000_000),
        mode: query.mode,
        groups,
    })
}

/// A step's condition, ready to check: the step's bit, the property codes it reads (per
/// event), and whether each code passes.
struct StepCondition<'a> {
    bit: u64,
    codes: Option<&'a [u32]>,
    passes: Vec<bool>,
}

/// Decides which steps an event can fill, as a bit mask.
struct Matcher<'a> {
    /// Steps each event name fills when conditions are ignored.
    by_name: Vec<u64>,
    conditions: Vec<StepCondition<'a>>,
    conditional: u64,
}

impl<'a> Matcher<'a> {
    fn new(log: &'a EventLog, steps: &[Step]) -> Matcher<'a> {
        let mut by_name = vec![0u64; log.name_bound()];
        let mut conditions = Vec::new();
        let mut conditional = 0;
        for (index, step) in steps.iter().enumerate() {
            let bit = 1u64 << index;
            for event in &step.events {
                if let Some(id) = log.name_id(event) {
                    by_name[id as usize] |= bit;
                }
            }
            if let Some(condition) = &step.condition {
                conditional |= bit;
                let property = log.property(&condition.property);
                let passes = std::iter::once(false)
                    .chain(
                        property
                            .into_iter()
                            .flat_map(|p| p.values.iter().map(|v| condition.matches(v))),
                    )
                    .collect();
                conditions.push(StepCondition {
                    bit,
                    codes: property.map(|p| p.codes.as_slice()),
                    passes,
                });
            }
        }
        Matcher {
            by_name,
            conditions,
            conditional,
        }
    }

    fn mask(&self, log: &EventLog, event: usize) -> u64 {
        let mut mask = self.by_name[log.events()[event] as usize];
        if mask & self.conditional != 0 {
            for condition in &self.conditions {
                if mask & condition.bit != 0 {
                    let code = condition.codes.map_or(0, |codes| codes[event]);
                    if !condition.passes[code as usize] {
                        mask &= !condition.bit;
                    }
                }
            }
        }
        mask
    }
}

/// Finds one customer's best path through the steps; its buffers are reused customer to
/// customer.
struct Walker {
    steps: usize,
    /// The customer's events' step masks, aligned with their times.
    masks: Vec<u64>,
    /// Completion time of each step on the best path so far, and on the path being tried.
    best: Vec<i64>,
    trial: Vec<i64>,
    /// Matching state for events at one timestamp: the step each event fills.
    filled_by: Vec<u8>,
    visited: Vec<bool>,
}

const UNUSED: u8 = u8::MAX;

impl Walker {
    fn new(steps: usize) -> Walker {
        Walker {
            steps,
            masks: Vec::new(),
            best: vec![0; steps],
            trial: vec![0; steps],
            filled_by: Vec::new(),
            visited: Vec::new(),
        }
    }

    /// The completion time of each step reached on the last best path.
    fn step_times(&self) -> &[i64] {
        &self.best
    }

    /// How many steps the customer reaches (at least 1), with their times in `best`; `None`
    /// when the customer never enters.
    fn best_path(&mut self, times: &[i64], query: &FunnelQuery) -> Option<usize> {
        let all = if self.steps == 64 {
            u64::MAX
        } else {
            (1u64 << self.steps) - 1
        };
        let entry_bits = match query.mode {
            FunnelMode::Any => all,
            FunnelMode::Ordered | FunnelMode::Strict => 1,
        };
        let last_time = *times.last()?;
        let mut best = 0;
        let mut start = 0;
        while start < times.len() {
            let end = group_end(times, start);
            let t0 = times[start];
            let is_entry = self.masks[start..end].iter().any(|m| m & entry_bits != 0);
            let in_range = query.entry_from.is_none_or(|from| t0 >= from)
                && query.entry_to.is_none_or(|to| t0 <= to);
            if is_entry && in_range {
                let deadline = query.window.map_or(i64::MAX, |w| t0.saturating_add(w));
                let level = match query.mode {
                    FunnelMode::Ordered => self.walk_ordered(times, start, deadline),
                    FunnelMode::Strict => self.walk_strict(times, start, deadline),
                    FunnelMode::Any => self.walk_any(times, start, deadline),
                };
                if level > best {
                    best = level;
                    std::mem::swap(&mut self.best, &mut self.trial);
                }
                // A later entry only helps if its window reaches events this one's did not
                // (strict paths can also break where a later one would not). A start that
                // is no entry at all (level 0) proves nothing.
                let covered =
                    level > 0 && deadline >= last_time && query.mode != FunnelMode::Strict;
                if best == self.steps || covered {
                    break;
                }
            }
            start = end;
        }
        (best > 0).then_some(best)
    }

    /// Ordered: fills as many steps as it can in each group of equal times from the entry
    /// group on. Filling a step earlier never hurts a later one, so this reaches furthest and
    /// takes every step at its earliest.
    fn walk_ordered(&mut self, times: &[i64], entry: usize, deadline: i64) -> usize {
        let mut level = 0;
        let mut start = entry;
        while start < times.len() && times[start] <= deadline && level < self.steps {
            let end = group_end(times, start);
            let filled = self.fill(start..end, level);
            for step in level..level + filled {
                self.trial[step] = times[start];
            }
            level += filled;
            start = end;
        }
        level
    }

    /// Strict: each group after the entry's must continue the path, so filling fewer steps in
    /// one group can let the next group continue where filling more would stop it. The walk
    /// keeps, per group, every level a path can stand at with its last step in that group,
    /// then follows back the path to the highest level that fills each group fullest.
    fn walk_strict(&mut self, times: &[i64], entry: usize, deadline: i64) -> usize {
        let mut groups: Vec<(usize, usize)> = Vec::new();
        // levels[g]: bit l set when a path can stand at level l with its last step in group g.
        let mut levels: Vec<u128> = Vec::new();
        let mut start = entry;
        while start < times.len() && times[start] <= deadline {
            let end = group_end(times, start);
            let reachable = match levels.last() {
                None => {
                    let most = self.fill(start..end, 0);
                    range_bits(1, most)
                }
                Some(&before) => {
                    let mut reachable = 0u128;
                    let steps = self.steps;
                    for level in bits(before).filter(|&l| l < steps) {
                        let most = self.fill(start..end, level);
                        reachable |= range_bits(level + 1, level + most);
                    }
                    reachable
                }
            };
            if reachable == 0 {
                break;
            }
            groups.push((start, end));
            levels.push(reachable);
            start = end;
        }
        let Some(top) = levels.iter().flat_map(|&set| bits(set)).max() else {
            return 0;
        };
        // can[g]: the levels at group g from which `top` is still reachable.
        let mut can = vec![0u128; groups.len()];
        for g in (0..groups.len()).rev() {
            for level in bits(levels[g]) {
                let onward = level == top
                    || can.get(g + 1).is_some_and(|&next| {
                        let (start, end) = groups[g + 1];
                        let most = self.fill(start..end, level);
                        next & range_bits(level + 1, level + most) != 0
                    });
                if onward {
                    can[g] |= 1 << level;
                }
            }
        }
        let mut level = 0;
        for (g, &(start, _)) in groups.iter().enumerate() {
            let allowed = if g == 0 {
                can[0]
            } else {
                let (start, end) = groups[g];
                let most = self.fill(start..end, level);
                can[g] & range_bits(level + 1, level + most)
            };
            let Some(next) = bits(allowed).max() else {
                break;
            };
            for step in level..next {
                self.trial[step] = times[start];
            }
            level = next;
            if level == top {
                break;
            }
        }
        level
    }

    /// How many consecutive steps from `first` the events `group` (one timestamp) can fill,
    /// each event filling at most one step.
    fn fill(&mut self, group: std::ops::Range<usize>, first: usize) -> usize {
        if group.len() == 1 {
            return (self.masks[group.start] >> first & 1) as usize;
        }
        self.filled_by.clear();
        self.filled_by.resize(group.len(), UNUSED);
        let mut filled = 0;
        while first + filled < self.steps {
            self.visited.clear();
            self.visited.resize(group.len(), false);
            if !self.augment(group.start, first + filled) {
                break;
            }
            filled += 1;
        }
        filled
    }

    /// Kuhn's augmenting path: finds an event of the group starting at `base` for `step`,
    /// moving other events to other steps if needed.
    fn augment(&mut self, base: usize, step: usize) -> bool {
        for i in 0..self.filled_by.len() {
            if self.visited[i] || self.masks[base + i] >> step & 1 == 0 {
                continue;
            }
            self.visited[i] = true;
            let holder = self.filled_by[i];
            if holder == UNUSED || self.augment(base, holder as usize) {
                self.filled_by[i] = step as u8;
                return true;
            }
        }
        false
    }

    /// Any order: adds events one by one from the entry group and records when each prefix of
    /// steps first becomes fillable by distinct events.
    fn walk_any(&mut self, times: &[i64], entry: usize, deadline: i64) -> usize {
        let end = times[entry..].partition_point(|&t| t <= deadline) + entry;
        self.filled_by.clear();
        self.filled_by.resize(end - entry, UNUSED);
        let mut level = 0;
        for (added, &time) in times.iter().enumerate().take(end).skip(entry) {
            if self.masks[added] == 0 {
                continue;
            }
            // Only events up to `added` may be used: later ones are marked as visited.
            // Events seen before may complete further steps as soon as this one is placed.
            while level < self.steps {
                self.visited.clear();
                self.visited.resize(end - entry, false);
                for later in added + 1 - entry..end - entry {
                    self.visited[later] = true;
                }
                if !self.augment(entry, level) {
                    break;
                }
                self.trial[level] = time;
                level += 1;
            }
            if level == self.steps {
                break;
            }
        }
        // The entry is the earliest event used: a start whose own events serve no step is
        // the same path as a later start, which is tried on its own.
        let first_group = group_end(times, entry) - entry;
        if self.filled_by[..first_group].iter().all(|&f| f == UNUSED) {
            return 0;
        }
        level
    }
}

/// Bits `from..=to` set (none when `to < from`).
fn range_bits(from: usize, to: usize) -> u128 {
    (from..=to).fold(0, |set, l| set | 1 << l)
}

/// The positions of the set bits, lowest first.
fn bits(set: u128) -> impl Iterator<Item = usize> {
    (0..128).filter(move |&l| set >> l & 1 == 1)
}

/// The end of the run of events with the same time as `times[start]`.
fn group_end(times: &[i64], start: usize) -> usize {
    let t = times[start];
    let mut end = start + 1;
    while end < times.len() && times[end] == t {
        end += 1;
    }
    end
}

/// Counts of customers per step and durations between steps, per group.
struct Tally {
    groups: Vec<GroupTally>,
}

#[derive(Clone)]
struct GroupTally {
    /// Customers whose path ends at each step.
    ended: Vec<u64>,
    /// Microseconds from step k - 1 to step k, for each k >= 1.
    durations: Vec<Vec<i64>>,
}

impl Tally {
    fn new(groups: usize, steps: usize) -> Tally {
        let group = GroupTally {
            ended: vec![0; steps],
            durations: vec![Vec::new(); steps],
        };
        Tally {
            groups: vec![group; groups],
        }
    }

    fn add(&mut self, group: usize, reached: usize, times: &[i64]) {
        let tally = &mut self.groups[group];
        tally.ended[reached - 1] += 1;
        for step in 1..reached {
            tally.durations[step].push(times[step] - times[step - 1]);
        }
    }

    fn merge(&mut self, other: Tally) {
        for (mine, theirs) in self.groups.iter_mut().zip(other.groups) {
            for (a, b) in mine.ended.iter_mut().zip(theirs.ended) {
                *a += b;
            }
            for (a, b) in mine.durations.iter_mut().zip(theirs.durations) {
                a.extend(b);
            }
        }
    }
}

impl GroupTally {
    fn report(self, name: GroupName, steps: &[Step]) -> FunnelGroup {
        let mut reached = vec![0u64; steps.len()];
        let mut running = 0;
        for step in (0..steps.len()).rev() {
            running += self.ended[step];
            reached[step] = running;
        }
        let share = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
        let mut rows = Vec::with_capacity(steps.len());
        for (index, (step, mut durations)) in steps.iter().zip(self.durations).enumerate() {
            let customers = reached[index];
            let next = reached.get(index + 1).copied().unwrap_or(customers);
            let previous = if index == 0 {
                customers
            } else {
                reached[index - 1]
            };
            durations.sort_unstable();
            let seconds: Vec<f64> = durations.iter().map(|&d| d as f64 / 1e6).collect();
            let histogram = if index == 0 {
                Vec::new()
            } else {
                stats::histogram(&seconds, &stats::STEP_TIME_BINS)
            };
            rows.push(FunnelStep {
                name: step.name.clone(),
                customers,
                conversion_from_previous: share(customers, previous),
                conversion_from_first: share(customers, reached[0]),
                drop_off: customers - next,
                drop_off_share: share(customers - next, customers),
                median_seconds_from_previous: stats::percentile(&seconds, 0.5),
                mean_seconds_from_previous: stats::mean(&seconds),
                p90_seconds_from_previous: stats::percentile(&seconds, 0.9),
                histogram,
            });
        }
        let drop_off_point = drop_off_point(&rows);
        FunnelGroup {
            name,
            steps: rows,
            drop_off_point,
        }
    }
}

/// The step, not the last, with the largest drop-off share; the first of equals.
fn drop_off_point(steps: &[FunnelStep]) -> Option<u32> {
    let mut best: Option<(u32, f64)> = None;
    for (index, step) in steps.iter().enumerate().take(steps.len().saturating_sub(1)) {
        let Some(share) = step.drop_off_share else {
            continue;
        };
        if best.is_none_or(|(_, top)| share > top) {
            best = Some((index as u32, share));
        }
    }
    best.map(|(index, _)| index)
}
