//! Journey analytics: where customers drop off between a map's stages, how long each stage
//! takes, and how long customers take to buy again, for each persona.
//!
//! Everything is computed from the events a document holds, read once into an [`EventLog`]
//! (events sorted by customer, then time) and scanned customer by customer. The rules below
//! are the product's definitions; the tests hold the engine to each of them, and a slow,
//! exhaustive implementation in `tests/reference/mod.rs` checks it on random event logs.
//!
//! # Personas
//!
//! A persona with a rule (`acquisition_channel = email`) takes a customer when the rule holds
//! for the customer's *first touch* of the rule's property: the value on their earliest event
//! that carries the property, or, when no event of theirs carries it, the value in their
//! people row (the earliest people import that has one). Personas are tried in the document's
//! order; the first that takes a customer keeps them, and customers no persona takes are
//! "Other". "All customers" is always reported. An ad-hoc breakdown by a property groups
//! customers by their first-touch value of it, with "(none)" for customers without one (left
//! out when every customer has one).
//!
//! # Funnel
//!
//! A funnel has steps; a step is reached by an event whose name is one of the step's events
//! (and whose property passes the step's condition, if it has one).
//!
//! - Events are taken in time order. Each event fills at most one step. Events with the same
//!   timestamp count as in order whichever way they are stored: any of them can fill the next
//!   step, then any other the step after.
//! - *Ordered* (the default): each step at or after the time of the previous one, with any
//!   other events in between. *Strict*: as ordered, and no event of the customer (of any name)
//!   may lie strictly between two consecutive steps in time. *Any order*: steps `1..=k` are
//!   reached when each of them is filled by a different event, in whatever order.
//! - The conversion window runs from the entry (the time of step 1, or for any order the
//!   earliest event used) and includes its end: an event exactly `window` later still counts.
//!   Without a window there is no limit.
//! - A customer enters once. Every event that can fill step 1 (for any order, every event that
//!   can fill any step) is a possible entry; the customer enters at the one that leads furthest,
//!   and of those at the earliest. Within that entry each step is taken at the earliest time
//!   it can be, so "time from the previous step" is the shortest the data allows.
//! - A date range on entry keeps only entries on or after its start and on or before its end.
//! - `customers` of step k counts customers who reached step k. Conversion from the previous
//!   step is `customers[k] / customers[k-1]`, from the first `customers[k] / customers[0]`.
//!   The drop-off of a step is the number who reached it and not the next (zero at the last
//!   step), and its share is that over the step's customers. The map's drop-off point is the
//!   step, not the last, with the largest drop-off share (the first of equals).
//! - Time from the previous step, for any order, is from the moment steps `1..k-1` were all
//!   done to the moment steps `1..=k` were.
//!
//! # Repeat-purchase intervals
//!
//! A customer's purchases are their events with one of the purchase event names (by default
//! the event names of the document's orders imports), in time order. With "same day as one",
//! purchases on one calendar day of the document's time zone count once, at the day's first.
//!
//! - Buyers have at least one purchase, repeat buyers at least two.
//! - The gap from purchase k to k+1 (k = 1, 2, 3) is measured in days of 86,400 seconds.
//!   Percentiles interpolate linearly between the closest ranks: for n sorted values and
//!   fraction p, the value at rank `p * (n - 1)` (counted from 0), as spreadsheets'
//!   `PERCENTILE.INC` and DuckDB's `quantile_cont` do. The median is the 0.5 percentile.
//! - "Bought again within N days" is the share of first-time buyers whose second purchase came
//!   at most N days after the first, counting only buyers whose first purchase is at least N
//!   days before the end of the data (the last purchase of anyone); how many buyers that is
//!   is reported beside the share.

pub mod funnel;
pub mod groups;
pub mod intervals;
pub mod log;
pub mod metrics;
pub mod stats;

pub use funnel::{funnel, FunnelQuery, FunnelReport, Step};
pub use groups::Breakdown;
pub use intervals::{intervals, IntervalQuery, IntervalReport};
pub use log::{EventLog, RawEvent};
pub use metrics::{MapMetrics, MetricsRequest};

/// Why an analysis could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The question cannot be answered as asked (no steps, no purchase event, ...).
    #[error("{0}")]
    Query(String),
    /// The analysis was cancelled.
    #[error("cancelled")]
    Cancelled,
    #[error(transparent)]
    Document(#[from] waymark_core::Error),
}

/// Runs `work` on consecutive ranges of customer ids `0..customers`, one per core, and
/// returns what each range produced, in order.
fn parallel_customers<T: Send>(
    customers: usize,
    work: impl Fn(std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(customers / 4096 + 1);
    if threads <= 1 {
        return vec![work(0..customers)];
    }
    let size = customers.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let work = &work;
                let range = t * size..((t + 1) * size).min(customers);
                scope.spawn(move || work(range))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("an analysis thread panicked"))
            .collect()
    })
}
