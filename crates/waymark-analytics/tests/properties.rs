//! The engine against the slow, exhaustive reference in `reference/` on random event logs,
//! and regression cases for the traps the rules set (ties, shared event names, stored order).
//!
//! Times come from a small set, so equal timestamps are common; names from a small alphabet,
//! so steps share events. Every number the reports give per group is compared.

mod reference;

use chrono::DateTime;
use proptest::prelude::*;
use proptest::sample::subsequence;
use waymark_analytics::funnel::FunnelStep;
use waymark_analytics::intervals::Gap;
use waymark_analytics::{
    funnel, intervals, Breakdown, EventLog, FunnelQuery, IntervalQuery, RawEvent, Step,
};
use waymark_core::{Condition, ConditionOp, FunnelMode, Persona};

/// 2024-01-01T00:00:00Z, in microseconds: midnight, so days of the test data are UTC days.
const BASE: i64 = 1_704_067_200_000_000;
const HOUR: i64 = 3_600_000_000;
const DAY: i64 = 24 * HOUR;
const NAMES: [&str; 5] = ["a", "b", "c", "d", "x"];

/// Cases per property: the whole file takes about 3 s in a debug build. A run with
/// `PROPTEST_CASES=100000` takes about a minute and found nothing more.
const CASES: u32 = 5_000;

fn config() -> ProptestConfig {
    let default = ProptestConfig::default();
    ProptestConfig {
        // PROPTEST_CASES, when set, overrides the default for a longer run.
        cases: match std::env::var_os("PROPTEST_CASES") {
            Some(_) => default.cases,
            None => CASES,
        },
        // Failures are pinned as named regression tests below instead of a seed file.
        failure_persistence: None,
        ..default
    }
}

// ---------------------------------------------------------------------------------------
// Building events and queries

fn event(customer: u32, time: i64, name: &str, channel: Option<&str>) -> RawEvent {
    RawEvent {
        customer,
        time,
        name: name.to_string(),
        properties: channel
            .map(|c| vec![("channel".to_string(), c.to_string())])
            .unwrap_or_default(),
        order: name == "x",
    }
}

fn step(events: &[&str]) -> Step {
    Step {
        name: events.join("|"),
        events: events.iter().map(|e| e.to_string()).collect(),
        condition: None,
    }
}

fn query(steps: Vec<Step>, mode: FunnelMode) -> FunnelQuery {
    FunnelQuery {
        steps,
        window: None,
        mode,
        entry_from: None,
        entry_to: None,
    }
}

fn equals(property: &str, value: &str) -> Condition {
    Condition {
        property: property.to_string(),
        op: ConditionOp::Equals,
        values: vec![value.to_string()],
    }
}

fn persona(id: i64, rule: Option<Condition>) -> Persona {
    Persona {
        id: Some(id),
        name: format!("persona {id}"),
        description: String::new(),
        colour: "#336699".to_string(),
        rule,
    }
}

// ---------------------------------------------------------------------------------------
// Comparing a report with the reference

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

fn same(what: &str, got: Option<f64>, expected: Option<f64>) -> Result<(), String> {
    let ok = match (got, expected) {
        (Some(g), Some(e)) => close(g, e),
        (None, None) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, expected {expected:?}"))
    }
}

fn equal<T: PartialEq + std::fmt::Debug>(what: &str, got: T, expected: T) -> Result<(), String> {
    if got == expected {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, expected {expected:?}"))
    }
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// How many of `values` fall in each of the report's bins, `from <= v < to`.
fn bin_counts(bins: &[waymark_analytics::stats::Bin], values: &[f64]) -> Vec<u64> {
    bins.iter()
        .enumerate()
        .map(|(i, bin)| {
            let above_from = |v: f64| v >= bin.from || i == 0;
            let below_to = |v: f64| bin.to.is_none_or(|to| v < to);
            values
                .iter()
                .filter(|&&v| above_from(v) && below_to(v))
                .count() as u64
        })
        .collect()
}

/// Runs the engine's funnel and the reference's on the same events and compares every number.
fn check_funnel(
    events: &[RawEvent],
    query: &FunnelQuery,
    breakdown: &Breakdown,
) -> Result<(), String> {
    let log = EventLog::from_events(events);
    let report = funnel(&log, query, breakdown).map_err(|e| format!("engine refused: {e}"))?;
    let expected = reference::funnel(events, query, breakdown);
    let names: Vec<&str> = report
        .groups
        .iter()
        .map(|g| g.name.group.as_str())
        .collect();
    let expected_names: Vec<&str> = expected.iter().map(|g| g.name.as_str()).collect();
    equal("groups", names, expected_names)?;

    for (group, want) in report.groups.iter().zip(&expected) {
        let steps = query.steps.len();
        equal("steps", group.steps.len(), steps)
            .map_err(|e| format!("group {}: {e}", want.name))?;
        for (k, got) in group.steps.iter().enumerate() {
            check_step(got, want, k).map_err(|e| format!("group {}, step {k}: {e}", want.name))?;
        }
        equal(
            "drop_off_point",
            group.drop_off_point,
            want.drop_off_point(),
        )
        .map_err(|e| format!("group {}: {e}", want.name))?;
    }
    Ok(())
}

fn check_step(got: &FunnelStep, want: &reference::FunnelGroup, k: usize) -> Result<(), String> {
    let customers = want.reached[k];
    let previous = if k == 0 {
        customers
    } else {
        want.reached[k - 1]
    };
    let seconds = &want.seconds[k];
    equal("customers", got.customers, customers)?;
    equal("drop_off", got.drop_off, want.drop_off(k))?;
    same(
        "drop_off_share",
        got.drop_off_share,
        share(want.drop_off(k), customers),
    )?;
    same(
        "conversion_from_previous",
        got.conversion_from_previous,
        share(customers, previous),
    )?;
    same(
        "conversion_from_first",
        got.conversion_from_first,
        share(customers, want.reached[0]),
    )?;
    let median = reference::percentile(seconds, 0.5);
    same(
        "median_seconds_from_previous",
        got.median_seconds_from_previous,
        median,
    )?;
    let mean = reference::mean(seconds);
    same(
        "mean_seconds_from_previous",
        got.mean_seconds_from_previous,
        mean,
    )?;
    let p90 = reference::percentile(seconds, 0.9);
    same(
        "p90_seconds_from_previous",
        got.p90_seconds_from_previous,
        p90,
    )?;
    if k == 0 {
        return equal("first step's histogram", got.histogram.len(), 0);
    }
    let counts: Vec<u64> = got.histogram.iter().map(|b| b.count).collect();
    equal("histogram", counts, bin_counts(&got.histogram, seconds))
}

/// Runs the engine's intervals and the reference's on the same events and compares every
/// number.
fn check_intervals(
    events: &[RawEvent],
    query: &IntervalQuery,
    breakdown: &Breakdown,
) -> Result<(), String> {
    let log = EventLog::from_events(events);
    let report = intervals(&log, query, breakdown);
    let Some(expected) = reference::intervals(events, query, breakdown) else {
        return match report {
            Err(waymark_analytics::Error::Query(_)) => Ok(()),
            other => Err(format!("expected a refusal, got {other:?}")),
        };
    };
    let report = report.map_err(|e| format!("engine refused: {e}"))?;
    let mut names = report.events.clone();
    names.sort();
    equal("events", names, expected.events.clone())?;
    equal(
        "same_day_as_one",
        report.same_day_as_one,
        query.same_day_as_one,
    )?;
    let data_end = report.data_end.as_deref().map(|text| {
        DateTime::parse_from_rfc3339(text)
            .expect("data_end is RFC 3339")
            .timestamp_micros()
    });
    equal("data_end", data_end, expected.data_end)?;
    let group_names: Vec<&str> = report
        .groups
        .iter()
        .map(|g| g.name.group.as_str())
        .collect();
    let expected_names: Vec<&str> = expected.groups.iter().map(|g| g.name.as_str()).collect();
    equal("groups", group_names, expected_names)?;

    for (got, want) in report.groups.iter().zip(&expected.groups) {
        let context = |e: String| format!("group {}: {e}", want.name);
        equal("buyers", got.buyers, want.buyers).map_err(context)?;
        equal("repeat_buyers", got.repeat_buyers, want.repeat_buyers).map_err(context)?;
        let repeat_share = share(want.repeat_buyers, want.buyers);
        same("repeat_share", got.repeat_share, repeat_share).map_err(context)?;
        equal("gaps", got.gaps.len(), want.gaps.len()).map_err(context)?;
        for (k, (gap, days)) in got.gaps.iter().zip(&want.gaps).enumerate() {
            check_gap(gap, k, days).map_err(|e| context(format!("gap {k}: {e}")))?;
        }
        equal("horizons", got.repeat_within_days.len(), want.within.len()).map_err(context)?;
        for &(days, eligible, within) in &want.within {
            let key = days.to_string();
            let got_eligible = got.eligible_buyers.get(&key).copied();
            equal(
                &format!("eligible_buyers[{key}]"),
                got_eligible,
                Some(eligible),
            )
            .map_err(context)?;
            let got_share = got.repeat_within_days.get(&key).copied().flatten();
            same(&format!("repeat_within_days[{key}]"), got_share, within).map_err(context)?;
        }
    }
    Ok(())
}

fn check_gap(gap: &Gap, k: usize, days: &[f64]) -> Result<(), String> {
    equal("from", gap.from, k as u32 + 1)?;
    equal("to", gap.to, k as u32 + 2)?;
    equal("count", gap.count, days.len() as u64)?;
    same("mean_days", gap.mean_days, reference::mean(days))?;
    for (what, got, p) in [
        ("median_days", gap.median_days, 0.5),
        ("p25_days", gap.p25_days, 0.25),
        ("p75_days", gap.p75_days, 0.75),
        ("p90_days", gap.p90_days, 0.9),
    ] {
        same(what, got, reference::percentile(days, p))?;
    }
    let counts: Vec<u64> = gap.histogram.iter().map(|b| b.count).collect();
    equal("histogram", counts, bin_counts(&gap.histogram, days))
}

// ---------------------------------------------------------------------------------------
// Generators

fn name() -> impl Strategy<Value = &'static str> + Clone {
    proptest::sample::select(NAMES.to_vec())
}

fn channel() -> impl Strategy<Value = Option<&'static str>> + Clone {
    proptest::option::of(proptest::sample::select(vec!["email", "ads", ""]))
}

/// Up to 6 customers (ids with gaps), each with up to 8 events at times from `time`, given in
/// a shuffled order.
fn events_with(time: impl Strategy<Value = i64> + Clone) -> impl Strategy<Value = Vec<RawEvent>> {
    let ids: Vec<u32> = (0..8).collect();
    let one = (time, name(), channel());
    subsequence(ids, 0..=6)
        .prop_flat_map(move |ids| {
            let per_customer = ids
                .into_iter()
                .map(|id| {
                    proptest::collection::vec(one.clone(), 0..=8).prop_map(move |list| {
                        list.into_iter()
                            .map(|(time, name, channel)| event(id, time, name, channel))
                            .collect::<Vec<_>>()
                    })
                })
                .collect::<Vec<_>>();
            per_customer.prop_map(|lists| lists.concat())
        })
        .prop_shuffle()
}

/// Hours 0..=5 from `BASE`.
fn funnel_events() -> impl Strategy<Value = Vec<RawEvent>> {
    events_with((0..6i64).prop_map(|h| BASE + h * HOUR))
}

/// Days chosen to land on and around the "within N days" horizons, at a few hours of the day.
fn purchase_events() -> impl Strategy<Value = Vec<RawEvent>> {
    let days = vec![0i64, 1, 2, 29, 30, 31, 60, 61, 90, 180, 365, 366];
    let hours = vec![0i64, 1, 23];
    let time = (
        proptest::sample::select(days),
        proptest::sample::select(hours),
    )
        .prop_map(|(d, h)| BASE + d * DAY + h * HOUR);
    events_with(time)
}

fn condition() -> impl Strategy<Value = Condition> {
    let property = proptest::sample::select(vec!["channel", "channel", "channel", "plan"]);
    let op = prop_oneof![
        proptest::sample::select(vec!["email", "ads"]).prop_map(|v| (ConditionOp::Equals, vec![v])),
        subsequence(vec!["email", "ads", "sms"], 1..=2).prop_map(|v| (ConditionOp::OneOf, v)),
        proptest::sample::select(vec!["a", "mail", "s"])
            .prop_map(|v| (ConditionOp::Contains, vec![v])),
    ];
    (property, op).prop_map(|(property, (op, values))| Condition {
        property: property.to_string(),
        op,
        values: values.into_iter().map(String::from).collect(),
    })
}

fn breakdown() -> impl Strategy<Value = Breakdown> {
    let personas = proptest::collection::vec(proptest::option::weighted(0.8, condition()), 0..=3)
        .prop_map(|rules| {
            let personas = rules
                .into_iter()
                .enumerate()
                .map(|(i, rule)| persona(i as i64 + 1, rule))
                .collect();
            Breakdown::Personas(personas)
        });
    prop_oneof![
        Just(Breakdown::None),
        personas,
        Just(Breakdown::Property("channel".to_string())),
    ]
}

fn funnel_step() -> impl Strategy<Value = Step> {
    let names = subsequence(NAMES.to_vec(), 1..=2);
    (names, proptest::option::weighted(0.25, condition())).prop_map(|(names, condition)| Step {
        condition,
        ..step(&names)
    })
}

fn funnel_query() -> impl Strategy<Value = FunnelQuery> {
    let mode = prop_oneof![
        Just(FunnelMode::Ordered),
        Just(FunnelMode::Strict),
        Just(FunnelMode::Any)
    ];
    let hour = || proptest::option::of((0..6i64).prop_map(|h| BASE + h * HOUR));
    (
        proptest::collection::vec(funnel_step(), 1..=4),
        proptest::option::of((0..=4i64).prop_map(|h| h * HOUR)),
        mode,
        hour(),
        hour(),
    )
        .prop_map(|(steps, window, mode, entry_from, entry_to)| FunnelQuery {
            steps,
            window,
            mode,
            entry_from,
            entry_to,
        })
}

fn interval_query() -> impl Strategy<Value = IntervalQuery> {
    let names = prop_oneof![
        Just(Vec::new()),
        subsequence(vec!["x", "a", "b", "z"], 1..=2),
    ];
    (names, any::<bool>()).prop_map(|(names, same_day_as_one)| IntervalQuery {
        events: names.into_iter().map(String::from).collect(),
        same_day_as_one,
        time_zone: chrono_tz::Tz::UTC,
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn funnel_agrees_with_the_reference(
        events in funnel_events(),
        query in funnel_query(),
        breakdown in breakdown(),
    ) {
        let result = check_funnel(&events, &query, &breakdown);
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }

    #[test]
    fn intervals_agree_with_the_reference(
        events in purchase_events(),
        query in interval_query(),
        breakdown in breakdown(),
    ) {
        let result = check_intervals(&events, &query, &breakdown);
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }
}

// ---------------------------------------------------------------------------------------
// Hand-picked traps, with the numbers written out as well as checked against the reference

/// Customers per step of "All customers".
fn reached(events: &[RawEvent], query: &FunnelQuery) -> Vec<u64> {
    let report = funnel(&EventLog::from_events(events), query, &Breakdown::None).unwrap();
    report.groups[0].steps.iter().map(|s| s.customers).collect()
}

fn medians(events: &[RawEvent], query: &FunnelQuery) -> Vec<Option<f64>> {
    let report = funnel(&EventLog::from_events(events), query, &Breakdown::None).unwrap();
    let steps = &report.groups[0].steps;
    steps
        .iter()
        .map(|s| s.median_seconds_from_previous)
        .collect()
}

#[test]
fn strict_mode_with_a_tie_at_the_entry_still_reaches_the_end() {
    // A@0, B@0, B@1, C@2: taking B@0 would leave B@1 between B and C; B@1 does not.
    let events = [
        event(0, BASE, "a", None),
        event(0, BASE, "b", None),
        event(0, BASE + HOUR, "b", None),
        event(0, BASE + 2 * HOUR, "c", None),
    ];
    let query = query(
        vec![step(&["a"]), step(&["b"]), step(&["c"])],
        FunnelMode::Strict,
    );
    assert_eq!(reached(&events, &query), [1, 1, 1]);
    // B is taken at its earliest time that still lets the path reach C.
    assert_eq!(medians(&events, &query), [None, Some(3600.0), Some(3600.0)]);
    check_funnel(&events, &query, &Breakdown::None).unwrap();
}

#[test]
fn two_steps_that_share_an_event_name_need_two_events() {
    let query = |mode| query(vec![step(&["a"]), step(&["a", "b"]), step(&["a"])], mode);
    let one = [event(0, BASE, "a", None), event(0, BASE + HOUR, "b", None)];
    let two = [
        event(0, BASE, "a", None),
        event(0, BASE, "a", None),
        event(0, BASE, "b", None),
    ];
    for mode in [FunnelMode::Ordered, FunnelMode::Strict, FunnelMode::Any] {
        assert_eq!(reached(&one, &query(mode)), [1, 1, 0], "{mode:?}");
        assert_eq!(reached(&two, &query(mode)), [1, 1, 1], "{mode:?}");
        check_funnel(&one, &query(mode), &Breakdown::None).unwrap();
        check_funnel(&two, &query(mode), &Breakdown::None).unwrap();
    }
}

#[test]
fn events_at_one_time_count_in_order_whichever_way_they_are_stored() {
    // Stored C, B, A at one time, then A, B, C an hour later for a second customer.
    let events = [
        event(0, BASE, "c", None),
        event(0, BASE, "b", None),
        event(0, BASE, "a", None),
        event(1, BASE + HOUR, "a", None),
        event(1, BASE + HOUR, "b", None),
        event(1, BASE + HOUR, "c", None),
    ];
    for mode in [FunnelMode::Ordered, FunnelMode::Strict, FunnelMode::Any] {
        let query = query(vec![step(&["a"]), step(&["b"]), step(&["c"])], mode);
        assert_eq!(reached(&events, &query), [2, 2, 2], "{mode:?}");
        assert_eq!(
            medians(&events, &query),
            [None, Some(0.0), Some(0.0)],
            "{mode:?}"
        );
        check_funnel(&events, &query, &Breakdown::None).unwrap();
    }
}

#[test]
fn the_window_includes_its_end() {
    let events = [
        event(0, BASE, "a", None),
        event(0, BASE + 2 * HOUR, "b", None),
    ];
    for mode in [FunnelMode::Ordered, FunnelMode::Any] {
        let mut query = query(vec![step(&["a"]), step(&["b"])], mode);
        query.window = Some(2 * HOUR);
        assert_eq!(reached(&events, &query), [1, 1], "{mode:?}");
        query.window = Some(2 * HOUR - 1);
        assert_eq!(reached(&events, &query), [1, 0], "{mode:?}");
        check_funnel(&events, &query, &Breakdown::None).unwrap();
    }
}

#[test]
fn a_customer_enters_at_the_entry_that_leads_furthest_within_the_date_range() {
    // The entry at 0 leads to the end but is before the range; the one at 2 h leads to step 2.
    let events = [
        event(0, BASE, "a", None),
        event(0, BASE + HOUR, "b", None),
        event(0, BASE + HOUR, "c", None),
        event(0, BASE + 2 * HOUR, "a", None),
        event(0, BASE + 3 * HOUR, "b", None),
    ];
    let mut query = query(
        vec![step(&["a"]), step(&["b"]), step(&["c"])],
        FunnelMode::Ordered,
    );
    assert_eq!(reached(&events, &query), [1, 1, 1]);
    query.entry_from = Some(BASE + HOUR);
    assert_eq!(reached(&events, &query), [1, 1, 0]);
    query.entry_to = Some(BASE + HOUR);
    assert_eq!(reached(&events, &query), [0, 0, 0]);
    check_funnel(&events, &query, &Breakdown::None).unwrap();
}

#[test]
fn first_touch_ties_go_to_the_event_given_first() {
    // Both events are at one time; the one given first carries "ads".
    let events = [
        event(0, BASE + HOUR, "b", Some("ads")),
        event(0, BASE + HOUR, "a", Some("email")),
        event(0, BASE, "c", Some("")),
    ];
    let personas = Breakdown::Personas(vec![
        persona(1, Some(equals("channel", "email"))),
        persona(2, Some(equals("channel", "ads"))),
        persona(3, None),
    ]);
    let query = query(vec![step(&["a", "b"])], FunnelMode::Ordered);
    let report = funnel(&EventLog::from_events(&events), &query, &personas).unwrap();
    let counts: Vec<(&str, u64)> = report
        .groups
        .iter()
        .map(|g| (g.name.group.as_str(), g.steps[0].customers))
        .collect();
    assert_eq!(
        counts,
        [
            ("All customers", 1),
            ("persona 1", 0),
            ("persona 2", 1),
            ("Other", 0)
        ]
    );
    check_funnel(&events, &query, &personas).unwrap();
}

#[test]
fn any_order_completes_every_step_an_event_unlocks_at_once() {
    // B@0 fills step 1, C@1 cannot be used until A@2 takes step 1 and frees B for step 2;
    // then steps 2 and 3 are both done at 2 h. Placing only one step per new event stopped
    // at step 2 (a version of the engine did).
    let events = [
        event(0, BASE, "b", None),
        event(0, BASE + HOUR, "c", None),
        event(0, BASE + 2 * HOUR, "a", None),
    ];
    let query = query(
        vec![step(&["a", "b"]), step(&["b"]), step(&["c"])],
        FunnelMode::Any,
    );
    assert_eq!(reached(&events, &query), [1, 1, 1]);
    assert_eq!(medians(&events, &query), [None, Some(7200.0), Some(0.0)]);
    check_funnel(&events, &query, &Breakdown::None).unwrap();
}

#[test]
fn any_order_looks_past_a_start_whose_own_event_serves_no_reached_step() {
    // D@2h could only fill step 3, which is never reached, so the entry is C@4h. Stopping
    // after the first start because its window covered the rest lost the customer (a
    // version of the engine did).
    let events = [
        event(0, BASE + 4 * HOUR, "c", None),
        event(0, BASE + 2 * HOUR, "d", None),
    ];
    let query = query(
        vec![step(&["c"]), step(&["x"]), step(&["d"])],
        FunnelMode::Any,
    );
    assert_eq!(reached(&events, &query), [1, 0, 0]);
    check_funnel(&events, &query, &Breakdown::None).unwrap();
}
