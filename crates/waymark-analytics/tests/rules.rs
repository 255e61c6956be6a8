//! The analytics rules of the crate documentation, one hand-worked case each.
//!
//! Every test writes a few customers' events by hand and says beside them what each customer
//! reaches and why; the expected numbers come from the rules, worked out on paper, not from
//! running the engine. Times are offsets from `T0`, 2024-01-01 00:00 UTC (a UTC midnight, so
//! `d(n)` is the start of a UTC day).

use chrono_tz::Tz;
use waymark_analytics::funnel::FunnelGroup;
use waymark_analytics::intervals::IntervalGroup;
use waymark_analytics::{
    funnel, intervals, Breakdown, Error, EventLog, FunnelQuery, FunnelReport, IntervalQuery,
    IntervalReport, RawEvent, Step,
};
use waymark_core::store::{
    DataKind, EventChunk, Finished, ImportTotals, NewImport, PersonRow, PropertyColumn,
};
use waymark_core::{Condition, ConditionOp, Document, FunnelMode, Persona};

/// 2024-01-01 00:00:00 UTC, in microseconds since the epoch.
const T0: i64 = 1_704_067_200_000_000;
const SECOND: i64 = 1_000_000;
/// One microsecond: the smallest step of time the log knows.
const MICRO: i64 = 1;

fn m(minutes: i64) -> i64 {
    minutes * 60 * SECOND
}

fn h(hours: i64) -> i64 {
    hours * 3_600 * SECOND
}

fn d(days: i64) -> i64 {
    days * 86_400 * SECOND
}

/// Customer `customer`'s event `name`, `at` after `T0`.
fn ev(customer: u32, name: &str, at: i64) -> RawEvent {
    RawEvent {
        customer,
        time: T0 + at,
        name: name.to_string(),
        properties: Vec::new(),
        order: false,
    }
}

/// `event` carrying `key = value`.
fn with(mut event: RawEvent, key: &str, value: &str) -> RawEvent {
    event.properties.push((key.to_string(), value.to_string()));
    event
}

/// `event` as an orders import brings it.
fn order(mut event: RawEvent) -> RawEvent {
    event.order = true;
    event
}

fn condition(property: &str, op: ConditionOp, values: &[&str]) -> Condition {
    Condition {
        property: property.to_string(),
        op,
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

/// A step named `name` reached by any of `events`, passing `condition` if there is one.
fn step_of(name: &str, events: &[&str], condition: Option<Condition>) -> Step {
    Step {
        name: name.to_string(),
        events: events.iter().map(|e| e.to_string()).collect(),
        condition,
    }
}

/// A funnel with one step per event name.
fn query(events: &[&str], window: Option<i64>, mode: FunnelMode) -> FunnelQuery {
    FunnelQuery {
        steps: events.iter().map(|e| step_of(e, &[e], None)).collect(),
        window,
        mode,
        entry_from: None,
        entry_to: None,
    }
}

fn ordered(events: &[&str]) -> FunnelQuery {
    query(events, None, FunnelMode::Ordered)
}

/// The funnel of `events` without a breakdown: the "All customers" group.
fn all(events: &[RawEvent], query: &FunnelQuery) -> FunnelGroup {
    let log = EventLog::from_events(events);
    let report = funnel(&log, query, &Breakdown::None).unwrap();
    assert_eq!(names(&report), ["All customers"]);
    report.groups.into_iter().next().unwrap()
}

/// Customers per step of the "All customers" funnel of `events`.
fn reached(events: &[RawEvent], query: &FunnelQuery) -> Vec<u64> {
    all(events, query)
        .steps
        .iter()
        .map(|s| s.customers)
        .collect()
}

/// Median seconds from the previous step, per step.
fn medians(group: &FunnelGroup) -> Vec<Option<f64>> {
    group
        .steps
        .iter()
        .map(|s| s.median_seconds_from_previous)
        .collect()
}

fn names(report: &FunnelReport) -> Vec<&str> {
    report
        .groups
        .iter()
        .map(|g| g.name.group.as_str())
        .collect()
}

/// Each group's name and its customers at step 1.
fn entered(report: &FunnelReport) -> Vec<(&str, u64)> {
    report
        .groups
        .iter()
        .map(|g| (g.name.group.as_str(), g.steps[0].customers))
        .collect()
}

fn persona(id: i64, name: &str, rule: Option<Condition>) -> Persona {
    Persona {
        id: Some(id),
        name: name.to_string(),
        description: String::new(),
        colour: "#3366aa".to_string(),
        rule,
    }
}

fn channel_is(value: &str) -> Option<Condition> {
    Some(condition("channel", ConditionOp::Equals, &[value]))
}

/// Asserts `actual` is `expected` up to rounding.
#[track_caller]
fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap_or_else(|| panic!("expected {expected}, got None"));
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

// ---------------------------------------------------------------------------------------------
// Funnel: order, events, ties
// ---------------------------------------------------------------------------------------------

#[test]
fn ordered_steps_count_only_in_order() {
    let events = [
        // c0 reaches 3: a@0, b@1h, c@2h.
        ev(0, "a", 0),
        ev(0, "b", h(1)),
        ev(0, "c", h(2)),
        // c1 reaches 1: its b is before its a, and nothing follows the a.
        ev(1, "b", 0),
        ev(1, "a", h(1)),
        // c2 reaches 2: its c is before its b, so only a@0, b@2h count.
        ev(2, "a", 0),
        ev(2, "c", h(1)),
        ev(2, "b", h(2)),
    ];

    assert_eq!(reached(&events, &ordered(&["a", "b", "c"])), [3, 2, 1]);
}

#[test]
fn each_event_fills_at_most_one_step() {
    let events = [
        // c0 reaches 1: its one a cannot fill both a steps, so its b has no step 2 before it.
        ev(0, "a", 0),
        ev(0, "b", h(1)),
        // c1 reaches 3: a@0, a@1h, b@2h.
        ev(1, "a", 0),
        ev(1, "a", h(1)),
        ev(1, "b", h(2)),
        // c2 reaches 2: a@0, a@2h; its b@1h comes before the second a.
        ev(2, "a", 0),
        ev(2, "b", h(1)),
        ev(2, "a", h(2)),
        // c3 reaches 2: two a events at one time are still two events.
        ev(3, "a", 0),
        ev(3, "a", 0),
    ];

    assert_eq!(reached(&events, &ordered(&["a", "a", "b"])), [4, 3, 1]);
}

#[test]
fn events_at_one_time_count_as_in_order_whichever_way_they_are_stored() {
    let events = [
        // c0 reaches 3, stored a, b at 0, then c@1h.
        ev(0, "a", 0),
        ev(0, "b", 0),
        ev(0, "c", h(1)),
        // c1 reaches 3, stored b before a at the same time.
        ev(1, "b", 0),
        ev(1, "a", 0),
        ev(1, "c", h(1)),
        // c2 reaches 3, all three at 0, stored backwards.
        ev(2, "c", 0),
        ev(2, "b", 0),
        ev(2, "a", 0),
        // c3 reaches 2: a@0, b@1h; its c@0 is before b, and a tie does not let c skip b.
        ev(3, "c", 0),
        ev(3, "a", 0),
        ev(3, "b", h(1)),
    ];

    assert_eq!(reached(&events, &ordered(&["a", "b", "c"])), [4, 4, 3]);
}

#[test]
fn a_step_with_several_events_is_reached_by_any_of_them() {
    let steps = vec![
        step_of("Visit", &["ad_click", "email_open"], None),
        step_of("Buy", &["purchase"], None),
    ];
    let query = FunnelQuery {
        steps,
        ..ordered(&[])
    };
    let events = [
        // c0 reaches 2 through the ad.
        ev(0, "ad_click", 0),
        ev(0, "purchase", h(1)),
        // c1 reaches 2 through the e-mail.
        ev(1, "email_open", 0),
        ev(1, "purchase", h(1)),
        // c2 never enters: a newsletter signup is neither event of Visit.
        ev(2, "newsletter", 0),
        ev(2, "purchase", h(1)),
        // c3 reaches 1.
        ev(3, "email_open", 0),
    ];

    assert_eq!(reached(&events, &query), [3, 2]);
}

// ---------------------------------------------------------------------------------------------
// Funnel: conversion window and entry
// ---------------------------------------------------------------------------------------------

#[test]
fn the_window_runs_from_the_first_step_and_includes_its_end() {
    let events = [
        // c0 reaches 3: c is exactly 1h after a, the end of the window, which counts.
        ev(0, "a", 0),
        ev(0, "b", m(30)),
        ev(0, "c", h(1)),
        // c1 reaches 2: its c is 1 µs past the window.
        ev(1, "a", 0),
        ev(1, "b", m(30)),
        ev(1, "c", h(1) + MICRO),
        // c2 reaches 2: its c is 50 min after b but 100 min after a; the window counts from a.
        ev(2, "a", 0),
        ev(2, "b", m(50)),
        ev(2, "c", m(100)),
        // c3 reaches 1: its b is 1 µs past the window.
        ev(3, "a", 0),
        ev(3, "b", h(1) + MICRO),
    ];

    let windowed = query(&["a", "b", "c"], Some(h(1)), FunnelMode::Ordered);
    assert_eq!(reached(&events, &windowed), [4, 3, 1]);

    // Without a window nothing is too late: c0, c1, c2 reach 3 and c3 reaches 2.
    let unlimited = query(&["a", "b", "c"], None, FunnelMode::Ordered);
    assert_eq!(reached(&events, &unlimited), [4, 4, 3]);
}

#[test]
fn a_customer_enters_once_at_the_entry_that_leads_furthest_and_earliest_of_equals() {
    // Window 1h. a@0 leads nowhere (the first b is 2h30m later). a@2h and a@3h both reach
    // step 2; the earlier, a@2h, is the entry, so b is taken at 2h30m: 30 min = 1800 s, not
    // the 10 min of the a@3h, b@3h10m pair. The customer counts once.
    let events = [
        ev(0, "a", 0),
        ev(0, "a", h(2)),
        ev(0, "b", h(2) + m(30)),
        ev(0, "a", h(3)),
        ev(0, "b", h(3) + m(10)),
    ];

    let group = all(
        &events,
        &query(&["a", "b"], Some(h(1)), FunnelMode::Ordered),
    );

    assert_eq!(group.steps[0].customers, 1);
    assert_eq!(group.steps[1].customers, 1);
    assert_eq!(medians(&group), [None, Some(1800.0)]);
}

#[test]
fn the_entry_date_range_keeps_entries_on_or_after_its_start_and_on_or_before_its_end() {
    // The range is [T0 + 24h, T0 + 48h]; it limits the entry only, not later steps.
    let query = FunnelQuery {
        entry_from: Some(T0 + h(24)),
        entry_to: Some(T0 + h(48)),
        ..ordered(&["a", "b"])
    };
    let events = [
        // c0 never enters: its only a is before the range.
        ev(0, "a", 0),
        ev(0, "b", h(1)),
        // c1 reaches 2: its a@0 is out, its a@30h is in.
        ev(1, "a", 0),
        ev(1, "a", h(30)),
        ev(1, "b", h(31)),
        // c2 reaches 2: a exactly at the start counts, and its b after the range end counts.
        ev(2, "a", h(24)),
        ev(2, "b", h(50)),
        // c3 reaches 1: a exactly at the end counts.
        ev(3, "a", h(48)),
        // c4 never enters: 1 µs after the end.
        ev(4, "a", h(48) + MICRO),
    ];

    assert_eq!(reached(&events, &query), [3, 2]);
}

// ---------------------------------------------------------------------------------------------
// Funnel: modes
// ---------------------------------------------------------------------------------------------

#[test]
fn strict_mode_breaks_on_any_event_strictly_between_two_steps() {
    let events = [
        // c0 reaches 1: x lies between a and b.
        ev(0, "a", 0),
        ev(0, "x", m(1)),
        ev(0, "b", m(2)),
        // c1 reaches 2: x has a's time, so it is not strictly between.
        ev(1, "x", 0),
        ev(1, "a", 0),
        ev(1, "b", m(2)),
        // c2 reaches 2: x has b's time.
        ev(2, "a", 0),
        ev(2, "x", m(2)),
        ev(2, "b", m(2)),
        // c3 reaches 2: x comes after b.
        ev(3, "a", 0),
        ev(3, "b", m(1)),
        ev(3, "x", m(2)),
        // c4 reaches 2: the path from a@0 breaks at x, but a@2m, b@3m has nothing between.
        ev(4, "a", 0),
        ev(4, "x", m(1)),
        ev(4, "a", m(2)),
        ev(4, "b", m(3)),
    ];

    let strict = query(&["a", "b"], None, FunnelMode::Strict);
    assert_eq!(reached(&events, &strict), [5, 4]);

    // Ordered ignores the x: every customer reaches 2.
    assert_eq!(reached(&events, &ordered(&["a", "b"])), [5, 5]);
}

#[test]
fn strict_mode_with_ties_takes_the_path_that_continues() {
    // A@0, B@0, B@1m, C@2m reaches 3: taking B@0 would leave B@1m strictly between B and C,
    // but A@0, B@1m, C@2m has nothing strictly between (B@0 has A's time). So B is at 1m:
    // 60 s after A, and C 60 s after B.
    let events = [
        ev(0, "A", 0),
        ev(0, "B", 0),
        ev(0, "B", m(1)),
        ev(0, "C", m(2)),
    ];

    let group = all(&events, &query(&["A", "B", "C"], None, FunnelMode::Strict));

    assert_eq!(group.steps[2].customers, 1);
    assert_eq!(medians(&group), [None, Some(60.0), Some(60.0)]);
}

#[test]
fn any_order_mode_counts_the_steps_filled_by_different_events_in_any_order() {
    let events = [
        // c0 reaches 3: c, b, a, backwards.
        ev(0, "c", 0),
        ev(0, "b", h(1)),
        ev(0, "a", h(2)),
        // c1 reaches 2: b, a fill steps 1 and 2.
        ev(1, "b", 0),
        ev(1, "a", h(1)),
        // c2 is not counted: without an a, step 1 is never reached.
        ev(2, "c", 0),
        ev(2, "b", h(1)),
        // c3 reaches 1: a and c, but without b only step 1 of the prefix is reached.
        ev(3, "a", 0),
        ev(3, "c", h(1)),
    ];

    let any = query(&["a", "b", "c"], None, FunnelMode::Any);
    assert_eq!(reached(&events, &any), [3, 2, 1]);
}

#[test]
fn any_order_times_run_from_when_the_earlier_steps_were_all_done() {
    // c@0, a@1h, b@3h reaches 3. Step 1 (a) is done at 1h; steps 1-2 at 3h, when b comes
    // (7200 s later); steps 1-3 also at 3h, as c was already there (0 s).
    let events = [ev(0, "c", 0), ev(0, "a", h(1)), ev(0, "b", h(3))];

    let group = all(&events, &query(&["a", "b", "c"], None, FunnelMode::Any));

    assert_eq!(group.steps[2].customers, 1);
    assert_eq!(medians(&group), [None, Some(7200.0), Some(0.0)]);
}

#[test]
fn any_order_window_runs_from_the_earliest_event_used() {
    // Window 1h. From b@0: a@30m fills step 1 and b step 2; c@1h+1µs is past the window, so
    // 2. From a@30m: c is in its window but b is not, so only 1. The customer reaches 2.
    let events = [ev(0, "b", 0), ev(0, "a", m(30)), ev(0, "c", h(1) + MICRO)];

    let any = query(&["a", "b", "c"], Some(h(1)), FunnelMode::Any);
    assert_eq!(reached(&events, &any), [1, 1, 0]);
}

// ---------------------------------------------------------------------------------------------
// Funnel: step conditions
// ---------------------------------------------------------------------------------------------

#[test]
fn a_step_condition_equals_compares_exactly() {
    let visit = condition("channel", ConditionOp::Equals, &["email"]);
    let query = FunnelQuery {
        steps: vec![
            step_of("Visit", &["visit"], Some(visit)),
            step_of("Buy", &["buy"], None),
        ],
        ..ordered(&[])
    };
    let events = [
        // c0 reaches 2.
        with(ev(0, "visit", 0), "channel", "email"),
        ev(0, "buy", h(1)),
        // c1 never enters: "Email" is not "email".
        with(ev(1, "visit", 0), "channel", "Email"),
        ev(1, "buy", h(1)),
        // c2 reaches 2: its ads visit does not count, its email visit at 2h does.
        with(ev(2, "visit", 0), "channel", "ads"),
        with(ev(2, "visit", h(2)), "channel", "email"),
        ev(2, "buy", h(3)),
        // c3 never enters: its visit has no channel.
        ev(3, "visit", 0),
        ev(3, "buy", h(1)),
    ];

    assert_eq!(reached(&events, &query), [2, 2]);
}

#[test]
fn a_step_condition_one_of_takes_any_listed_value() {
    let plan = condition("plan", ConditionOp::OneOf, &["pro", "team"]);
    let query = FunnelQuery {
        steps: vec![
            step_of("Sign up", &["signup"], Some(plan)),
            step_of("Pay", &["pay"], None),
        ],
        ..ordered(&[])
    };
    let events = [
        // c0 reaches 2 on pro.
        with(ev(0, "signup", 0), "plan", "pro"),
        ev(0, "pay", h(1)),
        // c1 reaches 1 on team.
        with(ev(1, "signup", 0), "plan", "team"),
        // c2 never enters: free is not listed.
        with(ev(2, "signup", 0), "plan", "free"),
        ev(2, "pay", h(1)),
    ];

    assert_eq!(reached(&events, &query), [2, 1]);
}

#[test]
fn a_step_condition_contains_looks_for_a_substring() {
    let pricing = condition("page", ConditionOp::Contains, &["/pricing"]);
    let query = FunnelQuery {
        steps: vec![
            step_of("Sign up", &["signup"], None),
            step_of("Pricing", &["page_view"], Some(pricing)),
        ],
        ..ordered(&[])
    };
    let events = [
        // c0 reaches 2: the page holds "/pricing".
        ev(0, "signup", 0),
        with(ev(0, "page_view", h(1)), "page", "/en/pricing?plan=pro"),
        // c1 reaches 1: a blog page.
        ev(1, "signup", 0),
        with(ev(1, "page_view", h(1)), "page", "/blog"),
        // c2 reaches 2: the blog view does not count, the later pricing view does.
        ev(2, "signup", 0),
        with(ev(2, "page_view", h(1)), "page", "/blog"),
        with(ev(2, "page_view", h(2)), "page", "/pricing"),
    ];

    assert_eq!(reached(&events, &query), [3, 2]);
}

// ---------------------------------------------------------------------------------------------
// Funnel: the numbers of a step
// ---------------------------------------------------------------------------------------------

#[test]
fn conversion_and_drop_off_per_step() {
    // Reached: a 4, b 2, c 1, d 1.
    let events = [
        // c0 and c1 stop at a.
        ev(0, "a", 0),
        ev(1, "a", 0),
        // c2 stops at b.
        ev(2, "a", 0),
        ev(2, "b", h(1)),
        // c3 reaches d.
        ev(3, "a", 0),
        ev(3, "b", h(1)),
        ev(3, "c", h(2)),
        ev(3, "d", h(3)),
    ];

    let group = all(&events, &ordered(&["a", "b", "c", "d"]));

    let steps = &group.steps;
    let customers: Vec<u64> = steps.iter().map(|s| s.customers).collect();
    assert_eq!(customers, [4, 2, 1, 1]);
    // From the previous: 4/4 (the first step is 1), 2/4, 1/2, 1/1.
    let previous: Vec<Option<f64>> = steps.iter().map(|s| s.conversion_from_previous).collect();
    assert_eq!(previous, [Some(1.0), Some(0.5), Some(0.5), Some(1.0)]);
    // From the first: 4/4, 2/4, 1/4, 1/4.
    let first: Vec<Option<f64>> = steps.iter().map(|s| s.conversion_from_first).collect();
    assert_eq!(first, [Some(1.0), Some(0.5), Some(0.25), Some(0.25)]);
    // Reached and not the next: 4-2, 2-1, 1-1, and 0 at the last step.
    let drop_off: Vec<u64> = steps.iter().map(|s| s.drop_off).collect();
    assert_eq!(drop_off, [2, 1, 0, 0]);
    // Over the step's customers: 2/4, 1/2, 0/1, 0/1.
    let share: Vec<Option<f64>> = steps.iter().map(|s| s.drop_off_share).collect();
    assert_eq!(share, [Some(0.5), Some(0.5), Some(0.0), Some(0.0)]);
    // Shares 0.5, 0.5 tie at steps 0 and 1: the first of equals.
    assert_eq!(group.drop_off_point, Some(0));
}

#[test]
fn conversion_from_a_step_nobody_reached_is_none() {
    // c0 reaches a only: b and c have 0 customers; c's conversion from b is 0/0.
    let group = all(&[ev(0, "a", 0)], &ordered(&["a", "b", "c"]));

    let previous: Vec<Option<f64>> = group
        .steps
        .iter()
        .map(|s| s.conversion_from_previous)
        .collect();
    assert_eq!(previous, [Some(1.0), Some(0.0), None]);
    let first: Vec<Option<f64>> = group
        .steps
        .iter()
        .map(|s| s.conversion_from_first)
        .collect();
    assert_eq!(first, [Some(1.0), Some(0.0), Some(0.0)]);
    let share: Vec<Option<f64>> = group.steps.iter().map(|s| s.drop_off_share).collect();
    assert_eq!(share, [Some(1.0), None, None]);
    assert_eq!(group.drop_off_point, Some(0));
}

#[test]
fn the_drop_off_point_is_the_largest_share_but_never_the_last_step() {
    // Reached a 4, b 3, c 1: shares 1/4, 2/3, 0; the point is b.
    let events = [
        ev(0, "a", 0),
        ev(1, "a", 0),
        ev(1, "b", h(1)),
        ev(2, "a", 0),
        ev(2, "b", h(1)),
        ev(3, "a", 0),
        ev(3, "b", h(1)),
        ev(3, "c", h(2)),
    ];
    assert_eq!(
        all(&events, &ordered(&["a", "b", "c"])).drop_off_point,
        Some(1)
    );

    // Everyone finishes: every share is 0, and the first of equals is a, not the last step.
    let finished = [ev(0, "a", 0), ev(0, "b", h(1)), ev(0, "c", h(2))];
    assert_eq!(
        all(&finished, &ordered(&["a", "b", "c"])).drop_off_point,
        Some(0)
    );

    // A one-step funnel has no point; nor has a funnel nobody entered.
    assert_eq!(all(&finished, &ordered(&["a"])).drop_off_point, None);
    assert_eq!(all(&finished, &ordered(&["z", "a"])).drop_off_point, None);
}

#[test]
fn time_from_the_previous_step_median_mean_and_p90() {
    // b comes 1, 2, 3, 4 and 10 minutes after a: 60, 120, 180, 240, 600 s.
    // Median: rank 0.5 * 4 = 2, 180. Mean: 1200 / 5 = 240.
    // p90: rank 0.9 * 4 = 3.6, 240 + 0.6 * (600 - 240) = 456.
    let events: Vec<RawEvent> = [1, 2, 3, 4, 10]
        .into_iter()
        .enumerate()
        .flat_map(|(c, minutes)| [ev(c as u32, "a", 0), ev(c as u32, "b", m(minutes))])
        .collect();

    let group = all(&events, &ordered(&["a", "b"]));

    let first = &group.steps[0];
    assert_eq!(first.median_seconds_from_previous, None);
    assert_eq!(first.mean_seconds_from_previous, None);
    assert!(first.histogram.is_empty());
    let second = &group.steps[1];
    close(second.median_seconds_from_previous, 180.0);
    close(second.mean_seconds_from_previous, 240.0);
    close(second.p90_seconds_from_previous, 456.0);
    // 60 s is the lower edge of "1-10 min", and 600 s of "10-60 min".
    let bars: Vec<(&str, u64)> = second
        .histogram
        .iter()
        .map(|b| (b.label.as_str(), b.count))
        .collect();
    assert_eq!(
        &bars[..3],
        [("under 1 min", 0), ("1-10 min", 4), ("10-60 min", 1)]
    );
}

// ---------------------------------------------------------------------------------------------
// Groups: personas and breakdowns
// ---------------------------------------------------------------------------------------------

#[test]
fn a_persona_takes_customers_on_their_first_touch() {
    let personas = vec![
        persona(1, "Email", channel_is("email")),
        persona(2, "Ads", channel_is("ads")),
    ];
    let events = [
        // c0 is Email: stored out of order, but its earliest channel (0) is email.
        with(ev(0, "visit", h(1)), "channel", "ads"),
        with(ev(0, "visit", 0), "channel", "email"),
        // c1 is Ads: its first visit has no channel; the first that has one says ads.
        ev(1, "visit", 0),
        with(ev(1, "visit", h(1)), "channel", "ads"),
        with(ev(1, "visit", h(2)), "channel", "email"),
        // c2 is Ads: its first touch is a signup, an event the funnel does not count.
        with(ev(2, "signup", 0), "channel", "ads"),
        with(ev(2, "visit", h(1)), "channel", "email"),
        // c3 is Other: referral is no persona's.
        with(ev(3, "visit", 0), "channel", "referral"),
        // c4 is Other: no channel at all.
        ev(4, "visit", 0),
    ];
    let log = EventLog::from_events(&events);

    let report = funnel(&log, &ordered(&["visit"]), &Breakdown::Personas(personas)).unwrap();

    let expected = [("All customers", 5), ("Email", 1), ("Ads", 2), ("Other", 2)];
    assert_eq!(entered(&report), expected);
    assert_eq!(report.groups[1].name.persona_id, Some(1));
    assert_eq!(report.groups[1].name.colour.as_deref(), Some("#3366aa"));
}

#[test]
fn the_first_persona_in_order_that_matches_keeps_the_customer() {
    // Paid comes before Ads and also takes ads, so Ads gets no one. Drawn has no rule: no
    // group of its own.
    let paid = condition("channel", ConditionOp::OneOf, &["ads", "social"]);
    let personas = vec![
        persona(1, "Paid", Some(paid)),
        persona(2, "Ads", channel_is("ads")),
        persona(3, "Drawn", None),
    ];
    let events = [
        // c0 is Paid (Ads would match too, but comes later).
        with(ev(0, "visit", 0), "channel", "ads"),
        // c1 is Paid.
        with(ev(1, "visit", 0), "channel", "social"),
        // c2 is Other.
        with(ev(2, "visit", 0), "channel", "email"),
    ];
    let log = EventLog::from_events(&events);

    let report = funnel(&log, &ordered(&["visit"]), &Breakdown::Personas(personas)).unwrap();

    let expected = [("All customers", 3), ("Paid", 2), ("Ads", 0), ("Other", 1)];
    assert_eq!(entered(&report), expected);
}

#[test]
fn all_customers_and_other_are_always_reported() {
    // c0 is Email; no one is Other, and no one enters a funnel whose first step is z.
    let log = EventLog::from_events(&[with(ev(0, "visit", 0), "channel", "email")]);
    let personas = Breakdown::Personas(vec![persona(1, "Email", channel_is("email"))]);

    let report = funnel(&log, &ordered(&["visit"]), &personas).unwrap();
    assert_eq!(
        entered(&report),
        [("All customers", 1), ("Email", 1), ("Other", 0)]
    );

    let nobody = funnel(&log, &ordered(&["z"]), &personas).unwrap();
    assert_eq!(
        entered(&nobody),
        [("All customers", 0), ("Email", 0), ("Other", 0)]
    );
    assert_eq!(nobody.groups[0].drop_off_point, None);

    let no_personas = funnel(&log, &ordered(&["visit"]), &Breakdown::Personas(Vec::new()));
    assert_eq!(names(&no_personas.unwrap()), ["All customers", "Other"]);

    let purchases = IntervalQuery {
        events: vec!["visit".to_string()],
        same_day_as_one: false,
        time_zone: Tz::UTC,
    };
    let report = intervals(&log, &purchases, &personas).unwrap();
    let groups: Vec<&str> = report
        .groups
        .iter()
        .map(|g| g.name.group.as_str())
        .collect();
    assert_eq!(groups, ["All customers", "Email", "Other"]);
}

#[test]
fn a_persona_rule_reads_the_people_attribute_when_no_event_carries_the_property() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Document::create(&dir.path().join("people.waymark")).unwrap();
    // alice: her event says email, her people row ads: the event wins, Email.
    // bob: no channel on his event; the first people import leaves it empty, the second says
    //   ads: Ads.
    // carol: no channel anywhere: Other.
    // erin: no channel on her event; the first people import says email, the second ads: the
    //   earliest import that has one wins, Email.
    // dave: a people row but no events: in no funnel.
    import_events(
        &mut doc,
        &["alice", "bob", "carol", "erin"],
        &[Some("email"), None, None, None],
    );
    import_people(
        &mut doc,
        "people-1",
        &[
            ("alice", Some("ads")),
            ("bob", None),
            ("erin", Some("email")),
            ("dave", Some("email")),
        ],
    );
    import_people(
        &mut doc,
        "people-2",
        &[("bob", Some("ads")), ("erin", Some("ads"))],
    );
    let log = EventLog::load(&doc, &["channel".to_string()]).unwrap();
    let personas = vec![
        persona(1, "Email", channel_is("email")),
        persona(2, "Ads", channel_is("ads")),
    ];

    let report = funnel(&log, &ordered(&["visit"]), &Breakdown::Personas(personas)).unwrap();

    let expected = [("All customers", 4), ("Email", 2), ("Ads", 1), ("Other", 1)];
    assert_eq!(entered(&report), expected);
}

/// Imports one `visit` per customer at `T0`, with a `channel` property.
fn import_events(doc: &mut Document, customers: &[&str], channels: &[Option<&str>]) {
    let mut values: Vec<String> = Vec::new();
    let codes = channels
        .iter()
        .map(|channel| match channel {
            None => 0,
            Some(value) => {
                values.push(value.to_string());
                values.len() as u32
            }
        })
        .collect();
    let chunk = EventChunk {
        customers: (0..customers.len() as u32).collect(),
        names: vec![0; customers.len()],
        times: vec![T0; customers.len()],
        amounts: Vec::new(),
        properties: vec![PropertyColumn { values, codes }],
    };
    let keys: Vec<String> = customers.iter().map(|c| c.to_string()).collect();
    let mut writer = doc
        .begin_import(new_import("events.csv", DataKind::Events))
        .unwrap();
    writer
        .add_events(false, &keys, &["visit".to_string()], chunk)
        .unwrap();
    finish(writer, "events", customers.len());
}

/// Imports a people file with one `channel` column.
fn import_people(doc: &mut Document, file: &str, rows: &[(&str, Option<&str>)]) {
    let json: Vec<String> = rows
        .iter()
        .map(|(_, channel)| serde_json::to_string(&[channel]).unwrap())
        .collect();
    let people: Vec<PersonRow> = rows
        .iter()
        .zip(&json)
        .map(|((customer, _), properties)| PersonRow {
            customer,
            properties: Some(properties),
        })
        .collect();
    let mut writer = doc
        .begin_import(new_import(file, DataKind::People))
        .unwrap();
    writer.add_people(&people).unwrap();
    finish(writer, file, rows.len());
}

fn new_import(file: &str, kind: DataKind) -> NewImport {
    NewImport {
        file_name: file.to_string(),
        kind,
        file_size: 1,
        head_hash: file.to_string(),
        options: serde_json::json!({}),
        properties: vec!["channel".to_string()],
    }
}

fn finish(writer: waymark_core::store::ImportWriter<'_>, hash: &str, rows: usize) {
    let totals = ImportTotals {
        content_hash: hash.to_string(),
        rows_taken: rows as u64,
        ..ImportTotals::default()
    };
    assert!(matches!(
        writer.finish(totals).unwrap(),
        Finished::Stored(_)
    ));
}

#[test]
fn a_property_breakdown_has_no_none_group_when_every_customer_has_a_value() {
    let events = [
        with(ev(0, "visit", 0), "channel", "email"),
        with(ev(1, "visit", 0), "channel", "ads"),
        with(ev(2, "visit", 0), "channel", "ads"),
    ];
    let log = EventLog::from_events(&events);
    let breakdown = Breakdown::Property("channel".to_string());
    let report = funnel(&log, &ordered(&["visit"]), &breakdown).unwrap();
    assert_eq!(
        entered(&report),
        [("All customers", 3), ("ads", 2), ("email", 1)]
    );
}

#[test]
fn a_property_breakdown_groups_by_first_touch_value_with_none_last() {
    let events = [
        // c0, c2: email (c2's first touch; its later ads does not count).
        with(ev(0, "visit", 0), "channel", "email"),
        with(ev(2, "visit", 0), "channel", "email"),
        with(ev(2, "visit", h(1)), "channel", "ads"),
        // c1: ads; c4: social.
        with(ev(1, "visit", 0), "channel", "ads"),
        with(ev(4, "visit", 0), "channel", "social"),
        // c3: no channel, "(none)"; an empty value is no value.
        ev(3, "visit", 0),
        with(ev(3, "visit", h(1)), "channel", ""),
    ];
    let log = EventLog::from_events(&events);

    let breakdown = Breakdown::Property("channel".to_string());
    let report = funnel(&log, &ordered(&["visit"]), &breakdown).unwrap();

    let mut groups = entered(&report);
    assert_eq!(groups.first(), Some(&("All customers", 5)));
    assert_eq!(groups.last(), Some(&("(none)", 1)));
    groups.sort();
    let expected = [
        ("(none)", 1),
        ("All customers", 5),
        ("ads", 1),
        ("email", 2),
        ("social", 1),
    ];
    assert_eq!(groups, expected);
}

// ---------------------------------------------------------------------------------------------
// Repeat-purchase intervals
// ---------------------------------------------------------------------------------------------

fn purchases_of(events: &[&str], same_day_as_one: bool) -> IntervalQuery {
    IntervalQuery {
        events: events.iter().map(|e| e.to_string()).collect(),
        same_day_as_one,
        time_zone: Tz::UTC,
    }
}

/// The intervals of `events` for "All customers", purchases named `purchase`.
fn repeat(events: &[RawEvent], same_day_as_one: bool) -> IntervalGroup {
    let log = EventLog::from_events(events);
    let query = purchases_of(&["purchase"], same_day_as_one);
    let report = intervals(&log, &query, &Breakdown::None).unwrap();
    report.groups.into_iter().next().unwrap()
}

/// `customer`'s purchases on the given days after `T0`.
fn buys(customer: u32, days: &[i64]) -> Vec<RawEvent> {
    days.iter()
        .map(|&day| ev(customer, "purchase", d(day)))
        .collect()
}

#[test]
fn buyers_repeat_buyers_and_the_first_three_gaps() {
    let events = [
        // c0: one purchase, a buyer who did not come back.
        buys(0, &[0]),
        // c1: gap 10.
        buys(1, &[0, 10]),
        // c2: gaps 4, 2, 10; its fourth gap (1 day) is past the third and not reported.
        buys(2, &[0, 4, 6, 16, 17]),
        // c3: a visit is no purchase.
        vec![ev(3, "visit", 0)],
        // c4: gaps 20, 30.
        buys(4, &[0, 20, 50]),
    ]
    .concat();

    let group = repeat(&events, false);

    assert_eq!(group.buyers, 4);
    assert_eq!(group.repeat_buyers, 3);
    close(group.repeat_share, 0.75);
    let gaps: Vec<(u32, u32, u64)> = group.gaps.iter().map(|g| (g.from, g.to, g.count)).collect();
    assert_eq!(gaps, [(1, 2, 3), (2, 3, 2), (3, 4, 1)]);
    // 1->2: 10, 4, 20 days, sorted 4, 10, 20: median 10, mean 34 / 3.
    close(group.gaps[0].median_days, 10.0);
    close(group.gaps[0].mean_days, 34.0 / 3.0);
    // 2->3: 2 and 30: median and mean 16. 3->4: c2's 10 alone.
    close(group.gaps[1].median_days, 16.0);
    close(group.gaps[1].mean_days, 16.0);
    close(group.gaps[2].median_days, 10.0);
}

#[test]
fn gap_percentiles_interpolate_between_closest_ranks() {
    // First gaps of 1, 2, 3, 5, 8 and 13 days (stored shuffled); n - 1 = 5.
    // p25: rank 1.25, 2 + 0.25 * (3 - 2) = 2.25. Median: rank 2.5, 3 + 0.5 * 2 = 4.
    // p75: rank 3.75, 5 + 0.75 * 3 = 7.25. p90: rank 4.5, 8 + 0.5 * 5 = 10.5.
    // Mean: 32 / 6.
    let events: Vec<RawEvent> = [8, 1, 13, 3, 5, 2]
        .into_iter()
        .enumerate()
        .flat_map(|(c, gap)| buys(c as u32, &[0, gap]))
        .collect();

    let group = repeat(&events, false);

    let gap = &group.gaps[0];
    assert_eq!(gap.count, 6);
    close(gap.p25_days, 2.25);
    close(gap.median_days, 4.0);
    close(gap.p75_days, 7.25);
    close(gap.p90_days, 10.5);
    close(gap.mean_days, 32.0 / 6.0);
    // 1, 2, 3, 5 are in "1-7 days"; 8 and 13 in "7-14 days".
    let bars: Vec<u64> = gap.histogram.iter().map(|b| b.count).collect();
    assert_eq!(bars, [0, 4, 2, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn same_day_as_one_counts_purchases_of_one_calendar_day_once() {
    let events = [
        // c0: 09:00 and 17:00 on day 0, 10:00 on day 3. As one per day: day 0 at 09:00, then
        //   day 3 at 10:00, a gap of 3 days 1 hour. Otherwise gaps of 8 h, then 2 days 17 h.
        vec![
            ev(0, "purchase", h(9)),
            ev(0, "purchase", h(17)),
            ev(0, "purchase", d(3) + h(10)),
        ],
        // c1: 10:00 and 20:00 on day 0: one purchase as one per day, a repeat otherwise.
        vec![ev(1, "purchase", h(10)), ev(1, "purchase", h(20))],
        // c2: 23:00 on day 5 and 01:00 on day 6: two UTC days, a repeat either way (2 h).
        vec![
            ev(2, "purchase", d(5) + h(23)),
            ev(2, "purchase", d(6) + h(1)),
        ],
    ]
    .concat();

    let as_one = repeat(&events, true);
    assert_eq!((as_one.buyers, as_one.repeat_buyers), (3, 2));
    // First gaps: 2 h and 73 h; their mean is 37.5 h. Second gaps: none.
    close(as_one.gaps[0].mean_days, 37.5 / 24.0);
    assert_eq!(as_one.gaps[1].count, 0);

    let each = repeat(&events, false);
    assert_eq!((each.buyers, each.repeat_buyers), (3, 3));
    // First gaps 8 h, 10 h, 2 h; c0's second gap 65 h.
    close(each.gaps[0].mean_days, 20.0 / 3.0 / 24.0);
    close(each.gaps[1].mean_days, 65.0 / 24.0);

    // In New York (UTC-5 in January) c2's purchases are 18:00 and 20:00 of one day: one.
    let log = EventLog::from_events(&events);
    let new_york = IntervalQuery {
        time_zone: Tz::America__New_York,
        ..purchases_of(&["purchase"], true)
    };
    let report = intervals(&log, &new_york, &Breakdown::None).unwrap();
    assert_eq!(report.groups[0].repeat_buyers, 1);
}

#[test]
fn bought_again_within_n_days_counts_only_buyers_with_that_long_before_the_data_end() {
    // The data ends at day 100, c3's last purchase (2024-04-10).
    let events = [
        // c0: first on day 0, again after 20 days.
        buys(0, &[0, 20]),
        // c1: first on day 10, again after 40 days. For 90 days it is exactly eligible
        //   (10 = 100 - 90).
        buys(1, &[10, 50]),
        // c2: first on day 60, never again.
        buys(2, &[60]),
        // c3: first on day 80, again after 20 days, but too recent for 30 days (80 > 70).
        buys(3, &[80, 100]),
        // c4: first on day 5, again after exactly 30 days, which is within 30.
        buys(4, &[5, 35]),
    ]
    .concat();
    let log = EventLog::from_events(&events);
    let query = purchases_of(&["purchase"], false);

    let report = intervals(&log, &query, &Breakdown::None).unwrap();

    assert_eq!(report.data_end.as_deref(), Some("2024-04-10T00:00:00Z"));
    let group = &report.groups[0];
    let eligible = |n: &str| group.eligible_buyers[n];
    let within = |n: &str| group.repeat_within_days[n];
    // 30 days: first on or before day 70: c0, c1, c2, c4; again within 30: c0 (20), c4 (30).
    assert_eq!(eligible("30"), 4);
    assert_eq!(within("30"), Some(0.5));
    // 60 days: first on or before day 40: c0, c1, c4; all came back within 60.
    assert_eq!(eligible("60"), 3);
    assert_eq!(within("60"), Some(1.0));
    // 90 days: first on or before day 10: c0, c1, c4; all came back within 90.
    assert_eq!(eligible("90"), 3);
    assert_eq!(within("90"), Some(1.0));
    // 180 and 365 days: no one bought that long before the end.
    assert_eq!(eligible("180"), 0);
    assert_eq!(within("180"), None);
    assert_eq!(eligible("365"), 0);
    assert_eq!(within("365"), None);
}

#[test]
fn purchases_default_to_the_event_names_of_orders_imports() {
    let events = [
        // c0: two orders from an orders import.
        order(ev(0, "order", 0)),
        order(ev(0, "order", d(5))),
        // c1: "purchase" from an events import is no purchase by default.
        ev(1, "purchase", 0),
        ev(1, "purchase", d(2)),
        // c2: an "order" from an events import still has an orders import's name: it counts.
        ev(2, "order", 0),
    ];
    let log = EventLog::from_events(&events);

    let report = intervals(&log, &purchases_of(&[], false), &Breakdown::None).unwrap();

    assert_eq!(report.events, ["order"]);
    let group = &report.groups[0];
    assert_eq!((group.buyers, group.repeat_buyers), (2, 1));
    close(group.gaps[0].median_days, 5.0);
}

#[test]
fn without_a_purchase_event_the_intervals_are_refused() {
    // Nothing came from an orders import and the query names no event.
    let log = EventLog::from_events(&[ev(0, "purchase", 0), ev(0, "purchase", d(1))]);

    let result: Result<IntervalReport, Error> =
        intervals(&log, &purchases_of(&[], false), &Breakdown::None);

    match result {
        Err(Error::Query(why)) => assert!(why.contains("no purchase event"), "{why}"),
        other => panic!("expected a query error, got {other:?}"),
    }
}
