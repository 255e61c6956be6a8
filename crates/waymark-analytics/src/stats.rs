//! Summaries of a set of durations: mean, percentiles and a histogram.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The value at fraction `p` of `sorted` (ascending), interpolating linearly between the
/// closest ranks: rank `p * (n - 1)` counted from 0. `None` for no values.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = p.clamp(0.0, 1.0) * last as f64;
    let below = rank.floor() as usize;
    let above = (below + 1).min(last);
    let fraction = rank - below as f64;
    Some(sorted[below] + (sorted[above] - sorted[below]) * fraction)
}

/// The arithmetic mean, `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    // Kahan summation: millions of durations add up without losing the small ones.
    let mut sum = 0.0;
    let mut carry = 0.0;
    for &v in values {
        let y = v - carry;
        let t = sum + y;
        carry = (t - sum) - y;
        sum = t;
    }
    Some(sum / values.len() as f64)
}

/// One bar of a histogram: values from `from` up to, not including, `to` (`None`: no limit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Bin {
    pub label: String,
    pub from: f64,
    pub to: Option<f64>,
    #[ts(type = "number")]
    pub count: u64,
}

/// Counts `values` into bars with the given lower edges and labels; the first edge should be
/// the smallest possible value, and values below it fall into the first bar.
pub fn histogram(values: &[f64], edges: &[(f64, &str)]) -> Vec<Bin> {
    let mut bins: Vec<Bin> = edges
        .iter()
        .enumerate()
        .map(|(i, (from, label))| Bin {
            label: label.to_string(),
            from: *from,
            to: edges.get(i + 1).map(|(to, _)| *to),
            count: 0,
        })
        .collect();
    for &value in values {
        let index = edges.partition_point(|(from, _)| *from <= value);
        bins[index.saturating_sub(1)].count += 1;
    }
    bins
}

/// The bars of a histogram of time between two funnel steps, in seconds.
pub const STEP_TIME_BINS: [(f64, &str); 7] = [
    (0.0, "under 1 min"),
    (60.0, "1-10 min"),
    (600.0, "10-60 min"),
    (3600.0, "1-24 h"),
    (86_400.0, "1-7 days"),
    (604_800.0, "7-30 days"),
    (2_592_000.0, "30 days or more"),
];

/// The bars of a histogram of time between purchases, in days.
pub const GAP_BINS: [(f64, &str); 9] = [
    (0.0, "under 1 day"),
    (1.0, "1-7 days"),
    (7.0, "7-14 days"),
    (14.0, "14-30 days"),
    (30.0, "30-60 days"),
    (60.0, "60-90 days"),
    (90.0, "90-180 days"),
    (180.0, "180-365 days"),
    (365.0, "a year or more"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_between_closest_ranks() {
        let values = [1.0, 2.0, 4.0, 10.0];
        assert_eq!(percentile(&values, 0.0), Some(1.0));
        assert_eq!(percentile(&values, 0.5), Some(3.0));
        assert_eq!(percentile(&values, 0.25), Some(1.75));
        let p90 = percentile(&values, 0.9).unwrap();
        assert!((p90 - 8.2).abs() < 1e-12, "{p90}");
        assert_eq!(percentile(&values, 1.0), Some(10.0));
        assert_eq!(percentile(&[7.0], 0.9), Some(7.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn histogram_counts_each_value_once_at_its_lower_edge() {
        let bins = histogram(&[0.0, 0.5, 1.0, 6.9, 7.0, 400.0], &GAP_BINS);
        let counts: Vec<u64> = bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, [2, 2, 1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(bins[8].to, None);
        assert_eq!(bins[0].to, Some(1.0));
    }

    #[test]
    fn the_mean_of_nothing_is_none() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
    }
}
