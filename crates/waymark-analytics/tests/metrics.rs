//! A map's metrics as the app computes them: on the sample document, whose events are real
//! rows in a real document, with the repeat-purchase intervals kept between computations.

use waymark_analytics::metrics::{IntervalMemo, LogCache};
use waymark_analytics::{MapMetrics, MetricsRequest};
use waymark_core::{sample, Document, StageBinding};

fn sample_request() -> (Document, MetricsRequest) {
    let mut doc = Document::open_in_memory().unwrap();
    let map = sample::fill(&mut doc).unwrap();
    let request = MetricsRequest::read(&doc, map).unwrap();
    (doc, request)
}

/// The metrics without the moment they were computed.
fn figures(mut metrics: MapMetrics) -> MapMetrics {
    metrics.computed_at.clear();
    metrics
}

#[test]
fn kept_intervals_give_the_same_metrics_as_computing_everything_again() {
    let (doc, mut request) = sample_request();
    let mut logs = LogCache::default();
    let log = logs
        .get(&doc, &request.data, &request.properties(), &mut |_, _| true)
        .unwrap();
    let mut memo = IntervalMemo::default();
    let first = request.compute_with(&log, &mut memo).unwrap();
    assert!(first.intervals.is_some(), "the sample has purchases");

    // A binding change: the funnel changes, the intervals are the ones kept.
    request.map.stages[1].binding = Some(StageBinding {
        events: vec!["care_guide_view".into()],
        condition: None,
    });
    let kept = request.compute_with(&log, &mut memo).unwrap();
    assert!(kept.funnel != first.funnel, "the binding changed nothing");
    assert_eq!(kept.intervals, first.intervals);
    assert_eq!(figures(kept), figures(request.compute(&log).unwrap()));

    // A setting the intervals depend on: they are computed again.
    request.map.analytics.same_day_as_one = true;
    let same_day = request.compute_with(&log, &mut memo).unwrap();
    assert_eq!(figures(same_day), figures(request.compute(&log).unwrap()));
    request.map.analytics.purchase_events = vec!["care_guide_view".into()];
    let other_event = request.compute_with(&log, &mut memo).unwrap();
    assert!(
        other_event.intervals != first.intervals,
        "the event changed nothing"
    );
    assert_eq!(
        figures(other_event),
        figures(request.compute(&log).unwrap())
    );
}

#[test]
fn the_opportunity_is_the_first_quartile_of_second_purchases() {
    let (doc, request) = sample_request();
    let log = LogCache::default()
        .get(&doc, &request.data, &request.properties(), &mut |_, _| true)
        .unwrap();
    let metrics = request.compute(&log).unwrap();
    let all = &metrics.intervals.as_ref().unwrap().groups[0];
    let gap = &all.gaps[0];
    assert!(gap.count >= 20, "{} repeat buyers", gap.count);
    let opportunity = metrics
        .opportunity
        .expect("enough repeat buyers for a proposal");
    assert_eq!(f64::from(opportunity.day), gap.p25_days.unwrap().floor());
    assert_eq!(opportunity.share_later, 0.75);
    let day = opportunity.day;
    assert!(
        opportunity.text.contains(&format!("before day {day}")),
        "{}",
        opportunity.text
    );
}
