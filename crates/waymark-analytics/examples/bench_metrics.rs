//! Times a map's metrics the way the app computes them, for `scripts/bench-analytics.py`.
//!
//! ```text
//! cargo run --release -p waymark-analytics --example bench_metrics -- DOC MAP \
//!     [--warm-stage N] [--warm-events a,b] [--warm-runs 5]
//! ```
//!
//! - *Cold* is what opening a document and showing a map costs: open the document, read what
//!   the map's metrics depend on ([`MetricsRequest::read`]), load the event log
//!   ([`LogCache::get`]) and compute. The metrics cached in the document are not looked at, so
//!   cold always computes.
//! - *Warm* is what a binding change costs once the log is in memory: stage `--warm-stage`
//!   (counted from 1) is bound to `--warm-events` in the request, not in the document, and the
//!   metrics are computed again with the log the [`LogCache`] kept and, as in the app, the
//!   repeat-purchase intervals it kept, which a binding does not change. The best and the median of
//!   `--warm-runs` runs are reported. By default stage 3 is bound to `cart` or `wishlist`, the
//!   script's change. Before the change the same number of runs recompute the map as it is
//!   (`rerun_ms`), the same question as cold with the log already loaded, every figure
//!   computed afresh.
//!
//! It prints one JSON line: the times in milliseconds, the log's size, and for the cold and the
//! warm bindings a summary of every group's numbers (customers per step, median seconds from
//! the previous step, buyers, repeat buyers and the gaps), which the script compares with
//! DuckDB's. This example is built with the system allocator, not the command line's mimalloc.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::{json, Value};
use waymark_analytics::metrics::LogCache;
use waymark_analytics::{MapMetrics, MetricsRequest};
use waymark_core::{Document, StageBinding};

/// What to measure, from the command line.
struct Options {
    doc: PathBuf,
    map: String,
    /// The stage re-bound for the warm runs, counted from 0.
    warm_stage: usize,
    warm_events: Vec<String>,
    warm_runs: usize,
}

const USAGE: &str =
    "usage: bench_metrics DOC MAP [--warm-stage N] [--warm-events a,b] [--warm-runs N]";

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1).collect()) {
        Ok(options) => options,
        Err(why) => {
            eprintln!("error: {why}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("error: {why}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(args: Vec<String>) -> Result<Options, String> {
    let mut positional = Vec::new();
    let mut options = Options {
        doc: PathBuf::new(),
        map: String::new(),
        warm_stage: 2,
        warm_events: vec!["cart".into(), "wishlist".into()],
        warm_runs: 5,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if !arg.starts_with("--") {
            positional.push(arg);
            continue;
        }
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{arg}: not a count"))
        };
        match arg.as_str() {
            "--warm-stage" => {
                options.warm_stage = number()?.checked_sub(1).ok_or("stages count from 1")?;
            }
            "--warm-events" => {
                options.warm_events = value.split(',').map(|e| e.trim().to_string()).collect();
            }
            "--warm-runs" => options.warm_runs = number()?.max(1),
            _ => return Err(format!("unknown option {arg}")),
        }
    }
    let [doc, map] = <[String; 2]>::try_from(positional)
        .map_err(|_| "give the document and the map's name".to_string())?;
    options.doc = PathBuf::from(doc);
    options.map = map;
    Ok(options)
}

fn run(options: &Options) -> Result<Value, Box<dyn std::error::Error>> {
    let start = Instant::now();
    let doc = Document::open(&options.doc)?;
    let map = doc.find_map(&options.map)?.id;
    let mut request = MetricsRequest::read(&doc, map)?;
    let opened = start.elapsed();
    let mut logs = LogCache::default();
    let log = logs.get(&doc, &request.data, &request.properties(), &mut |_, _| true)?;
    let loaded = start.elapsed();
    let cold_metrics = request.compute_with(&log, &mut logs.intervals)?;
    let cold = start.elapsed();

    let (rerun_ms, _) = recompute(options.warm_runs, &doc, &mut logs, &request, false)?;

    let stages = request.map.stages.len();
    let stage = request
        .map
        .stages
        .get_mut(options.warm_stage)
        .ok_or(format!("the map has {stages} stages"))?;
    stage.binding = Some(StageBinding {
        events: options.warm_events.clone(),
        condition: None,
    });
    let (warm_ms, warm_metrics) = recompute(options.warm_runs, &doc, &mut logs, &request, true)?;

    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    Ok(json!({
        "events": log.len(),
        "customers": log.customer_bound(),
        "cold_ms": ms(cold),
        "open_ms": ms(opened),
        "load_ms": ms(loaded - opened),
        "compute_ms": ms(cold - loaded),
        "rerun_ms": rerun_ms[0],
        "rerun_median_ms": rerun_ms[rerun_ms.len() / 2],
        "warm_ms": warm_ms[0],
        "warm_median_ms": warm_ms[warm_ms.len() / 2],
        "warm_runs_ms": warm_ms,
        "cold": summary(&cold_metrics),
        "warm": summary(&warm_metrics),
    }))
}

/// Computes `request`'s metrics `runs` times with the log `logs` holds, and with the intervals
/// it keeps when `reuse_intervals` (as the app does) or every figure afresh; returns each
/// run's milliseconds, fastest first, and the last run's metrics.
fn recompute(
    runs: usize,
    doc: &Document,
    logs: &mut LogCache,
    request: &MetricsRequest,
    reuse_intervals: bool,
) -> Result<(Vec<f64>, MapMetrics), Box<dyn std::error::Error>> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let log = logs.get(doc, &request.data, &request.properties(), &mut |_, _| true)?;
        let metrics = match reuse_intervals {
            true => request.compute_with(&log, &mut logs.intervals)?,
            false => request.compute(&log)?,
        };
        times.push(start.elapsed().as_secs_f64() * 1e3);
        last = Some(metrics);
    }
    times.sort_by(f64::total_cmp);
    Ok((times, last.expect("at least one run")))
}

/// Every group's numbers that the script compares with DuckDB's, by group name.
fn summary(metrics: &MapMetrics) -> Value {
    let mut funnel = serde_json::Map::new();
    for group in metrics.funnel.iter().flat_map(|f| &f.groups) {
        let customers: Vec<u64> = group.steps.iter().map(|s| s.customers).collect();
        let median: Vec<Option<f64>> = group
            .steps
            .iter()
            .map(|s| s.median_seconds_from_previous)
            .collect();
        funnel.insert(
            group.name.group.clone(),
            json!({ "customers": customers, "median_seconds": median }),
        );
    }
    let mut intervals = serde_json::Map::new();
    for group in metrics.intervals.iter().flat_map(|r| &r.groups) {
        let gaps: Vec<Value> = group
            .gaps
            .iter()
            .map(|g| {
                json!({
                    "count": g.count,
                    "mean": g.mean_days,
                    "median": g.median_days,
                    "p25": g.p25_days,
                    "p75": g.p75_days,
                    "p90": g.p90_days,
                })
            })
            .collect();
        intervals.insert(
            group.name.group.clone(),
            json!({
                "buyers": group.buyers,
                "repeat_buyers": group.repeat_buyers,
                "gaps": gaps,
            }),
        );
    }
    json!({
        "funnel": funnel,
        "intervals": intervals,
        "intervals_note": metrics.intervals_note,
    })
}
