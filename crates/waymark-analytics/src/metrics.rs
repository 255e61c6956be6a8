//! A map's numbers: the funnel over its bound stages and the repeat-purchase intervals of its
//! purchase events, per persona, cached in the document.
//!
//! The cache row of a map holds a fingerprint of everything the numbers depend on (the
//! imports, the map's bindings and settings, the personas' rules, the time zone). Reading the
//! metrics compares fingerprints and recomputes when they differ, so the numbers are never
//! stale and never computed twice for the same inputs.

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use waymark_core::layout::{MetricsBand, StageFigure};
use waymark_core::store::micros_to_rfc3339;
use waymark_core::{Document, Id, MapData, Persona};

use crate::funnel::{funnel, FunnelQuery, FunnelReport, Step};
use crate::groups::{Breakdown, ALL_CUSTOMERS};
use crate::intervals::{intervals, IntervalQuery, IntervalReport};
use crate::log::EventLog;
use crate::Error;

/// A map's metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MapMetrics {
    #[ts(type = "number")]
    pub map_id: Id,
    /// When they were computed, RFC 3339 UTC.
    pub computed_at: String,
    /// For each stage of the map, its step in the funnel; `None` for a stage not bound.
    pub stage_steps: Vec<Option<u32>>,
    /// `None` when no stage is bound.
    pub funnel: Option<FunnelReport>,
    /// `None` when there is no purchase event; `intervals_note` says why.
    pub intervals: Option<IntervalReport>,
    pub intervals_note: Option<String>,
    pub data: DataSpan,
    /// A moment to reach first-time buyers that the intervals support.
    pub opportunity: Option<Opportunity>,
    /// The property whose values the groups are, when they are not the personas.
    #[serde(default)]
    pub split_by: Option<String>,
}

/// What data the numbers come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DataSpan {
    #[ts(type = "number")]
    pub events: u64,
    /// The earliest and latest event, RFC 3339 UTC.
    pub first_at: Option<String>,
    pub last_at: Option<String>,
    /// When the newest import was made, RFC 3339 UTC.
    pub last_import_at: Option<String>,
}

/// An opportunity card the data proposes: reach first-time buyers before `day`, when only
/// `share_later` of second purchases have not happened yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Opportunity {
    pub day: u32,
    pub share_later: f64,
    pub text: String,
}

/// Fewest second purchases an opportunity is proposed from.
const OPPORTUNITY_MIN_REPEATS: u64 = 20;

/// Everything a map's metrics are computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricsRequest {
    pub map: MapData,
    pub personas: Vec<Persona>,
    pub time_zone: String,
    /// [`Document::data_fingerprint`] when the request was read.
    pub data: String,
    pub last_import_at: Option<String>,
}

impl MetricsRequest {
    /// Reads what map `map`'s metrics depend on.
    pub fn read(doc: &Document, map: Id) -> Result<MetricsRequest, Error> {
        Ok(MetricsRequest {
            map: doc.map(map)?,
            personas: doc.personas()?,
            time_zone: doc.time_zone()?,
            data: doc.data_fingerprint()?,
            last_import_at: doc.imports()?.last().map(|i| i.imported_at.clone()),
        })
    }

    /// A text equal for two requests exactly when their metrics are equal.
    pub fn fingerprint(&self) -> String {
        let stages: Vec<_> = self
            .map
            .stages
            .iter()
            .map(|s| (&s.name, &s.binding))
            .collect();
        let rules: Vec<_> = self
            .personas
            .iter()
            .map(|p| (p.id, &p.name, &p.colour, &p.rule))
            .collect();
        let inputs = (
            self.map.id,
            stages,
            &self.map.analytics,
            rules,
            &self.time_zone,
            &self.data,
        );
        serde_json::to_string(&inputs).unwrap_or_default()
    }

    /// How the numbers are split: by the map's property when it names one, else by persona.
    pub fn breakdown(&self) -> Breakdown {
        match &self.map.analytics.split_by {
            Some(property) => Breakdown::Property(property.clone()),
            None => Breakdown::Personas(self.personas.clone()),
        }
    }

    /// The properties the event log must hold for these metrics.
    pub fn properties(&self) -> Vec<String> {
        let mut properties = self.breakdown().properties();
        if let Some((query, _)) = self.funnel_query() {
            properties.extend(query.properties());
        }
        properties.sort();
        properties.dedup();
        properties
    }

    fn zone(&self) -> Tz {
        self.time_zone.parse().unwrap_or(Tz::UTC)
    }

    /// The funnel over the map's bound stages, and each stage's step.
    pub fn funnel_query(&self) -> Option<(FunnelQuery, Vec<Option<u32>>)> {
        let mut steps = Vec::new();
        let mut stage_steps = Vec::new();
        for stage in &self.map.stages {
            match &stage.binding {
                Some(binding) => {
                    stage_steps.push(Some(steps.len() as u32));
                    steps.push(Step {
                        name: stage.name.clone(),
                        events: binding.events.clone(),
                        condition: binding.condition.clone(),
                    });
                }
                None => stage_steps.push(None),
            }
        }
        if steps.is_empty() {
            return None;
        }
        let settings = &self.map.analytics;
        let zone = self.zone();
        let day_start = |day: &str, next: bool| -> Option<i64> {
            let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
            let date = if next { date.succ_opt()? } else { date };
            let local = zone
                .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
                .earliest()?;
            Some(local.timestamp_micros())
        };
        let query = FunnelQuery {
            steps,
            window: settings.window_seconds.map(|s| s.saturating_mul(1_000_000)),
            mode: settings.mode,
            entry_from: settings
                .entry_from
                .as_deref()
                .and_then(|d| day_start(d, false)),
            entry_to: settings
                .entry_to
                .as_deref()
                .and_then(|d| day_start(d, true))
                .map(|t| t - 1),
        };
        Some((query, stage_steps))
    }

    /// Computes the metrics from `log`, which must hold [`MetricsRequest::properties`].
    pub fn compute(&self, log: &EventLog) -> Result<MapMetrics, Error> {
        self.compute_with(log, &mut IntervalMemo::default())
    }

    /// As [`MetricsRequest::compute`], with the repeat-purchase intervals taken from `memo`
    /// when they were last computed from the same log for the same purchases and groups:
    /// after a binding change only the funnel is computed again. `memo` must only ever see
    /// one log, which [`LogCache`] ensures for the memo it keeps.
    pub fn compute_with(
        &self,
        log: &EventLog,
        memo: &mut IntervalMemo,
    ) -> Result<MapMetrics, Error> {
        let breakdown = self.breakdown();
        let (funnel, stage_steps) = match self.funnel_query() {
            Some((query, stage_steps)) => (Some(funnel(log, &query, &breakdown)?), stage_steps),
            None => (None, vec![None; self.map.stages.len()]),
        };
        let query = IntervalQuery {
            events: self.map.analytics.purchase_events.clone(),
            same_day_as_one: self.map.analytics.same_day_as_one,
            time_zone: self.zone(),
        };
        let (intervals, intervals_note) = memo.get(log, query, breakdown)?;
        let span = log.time_span();
        Ok(MapMetrics {
            map_id: self.map.id.unwrap_or_default(),
            computed_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            stage_steps,
            opportunity: intervals.as_ref().and_then(opportunity),
            funnel,
            intervals,
            intervals_note,
            data: DataSpan {
                events: log.len() as u64,
                first_at: span.and_then(|(first, _)| micros_to_rfc3339(first)),
                last_at: span.and_then(|(_, last)| micros_to_rfc3339(last)),
                last_import_at: self.last_import_at.clone(),
            },
            split_by: self.map.analytics.split_by.clone(),
        })
    }
}

impl MapMetrics {
    /// The group names the metrics break down into: "All customers", each persona, "Other".
    pub fn groups(&self) -> Vec<String> {
        let Some(funnel) = &self.funnel else {
            return Vec::new();
        };
        funnel.groups.iter().map(|g| g.name.group.clone()).collect()
    }

    /// What a metrics lane shows for `group` ("All customers" when `None` or unknown).
    pub fn band(&self, group: Option<&str>) -> MetricsBand {
        let Some(funnel) = &self.funnel else {
            return MetricsBand {
                caption: Vec::new(),
                stages: vec![None; self.stage_steps.len()],
            };
        };
        let chosen = funnel
            .groups
            .iter()
            .find(|g| Some(g.name.group.as_str()) == group)
            .or_else(|| funnel.groups.first());
        let Some(chosen) = chosen else {
            return MetricsBand::default();
        };
        let stages = self
            .stage_steps
            .iter()
            .map(|step| {
                let index = (*step)? as usize;
                let step = chosen.steps.get(index)?;
                let last = index + 1 == chosen.steps.len();
                Some(StageFigure {
                    customers: step.customers,
                    conversion_from_previous: if index == 0 {
                        None
                    } else {
                        step.conversion_from_previous
                    },
                    drop_off_share: if last { None } else { step.drop_off_share },
                    median_seconds_to_next: chosen
                        .steps
                        .get(index + 1)
                        .and_then(|next| next.median_seconds_from_previous),
                    drop_off_point: chosen.drop_off_point == Some(index as u32),
                })
            })
            .collect();
        let group = &chosen.name.group;
        let mut caption = match &self.split_by {
            Some(property) if group != ALL_CUSTOMERS => vec![format!("{property}: {group}")],
            _ => vec![group.clone()],
        };
        if let (Some(first), Some(last)) = (&self.data.first_at, &self.data.last_at) {
            caption.push(format!("Data {} to {}", &first[..10], &last[..10]));
        }
        if let Some(imported) = &self.data.last_import_at {
            caption.push(format!("Imported {}", &imported[..10.min(imported.len())]));
        }
        MetricsBand { caption, stages }
    }
}

/// The moment before which a quarter of second purchases happen, for "All customers":
/// reaching buyers before then still reaches 75% of those who come back.
fn opportunity(report: &IntervalReport) -> Option<Opportunity> {
    let all = report.groups.first()?;
    let gap = all.gaps.first()?;
    if gap.count < OPPORTUNITY_MIN_REPEATS {
        return None;
    }
    let day = gap.p25_days?.floor() as u32;
    if day == 0 {
        return None;
    }
    Some(Opportunity {
        day,
        share_later: 0.75,
        text: format!(
            "Reach first-time buyers before day {day}: 75% of second purchases come later"
        ),
    })
}

/// An event log kept between computations, with what it was loaded for.
#[derive(Default)]
pub struct LogCache {
    loaded: Option<(String, Vec<String>, Arc<EventLog>)>,
    /// The intervals last computed from `loaded`'s log.
    pub intervals: IntervalMemo,
}

/// The repeat-purchase intervals last computed, with what they were computed for.
#[derive(Default)]
pub struct IntervalMemo {
    last: Option<(IntervalQuery, Breakdown, IntervalOutcome)>,
}

/// The intervals, or why there are none.
type IntervalOutcome = (Option<IntervalReport>, Option<String>);

impl IntervalMemo {
    /// The intervals of `query` per `breakdown` in `log`, computed unless they are the last
    /// ones asked for.
    fn get(
        &mut self,
        log: &EventLog,
        query: IntervalQuery,
        breakdown: Breakdown,
    ) -> Result<IntervalOutcome, Error> {
        if let Some((last_query, last_breakdown, outcome)) = &self.last {
            if *last_query == query && *last_breakdown == breakdown {
                return Ok(outcome.clone());
            }
        }
        let outcome = match intervals(log, &query, &breakdown) {
            Ok(report) => (Some(report), None),
            Err(Error::Query(why)) => (None, Some(why)),
            Err(other) => return Err(other),
        };
        self.last = Some((query, breakdown, outcome.clone()));
        Ok(outcome)
    }
}

impl LogCache {
    /// The event log of `doc` holding `properties`, loaded again only when `data` (which
    /// names the document and its imports) changed or a property is missing.
    pub fn get(
        &mut self,
        doc: &Document,
        data: &str,
        properties: &[String],
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<Arc<EventLog>, Error> {
        if let Some((loaded_data, loaded_properties, log)) = &self.loaded {
            if loaded_data == data && properties.iter().all(|p| loaded_properties.contains(p)) {
                return Ok(log.clone());
            }
        }
        let log = Arc::new(EventLog::load_with_progress(doc, properties, progress)?);
        self.loaded = Some((data.to_string(), properties.to_vec(), log.clone()));
        self.intervals = IntervalMemo::default();
        Ok(log)
    }
}

/// Map `map`'s metrics as last computed, if ever, and whether they are still current.
pub fn cached_map_metrics(doc: &Document, map: Id) -> Result<Option<(MapMetrics, bool)>, Error> {
    let Some((stored, _, json)) = doc.cached_metrics(map)? else {
        return Ok(None);
    };
    let Ok(metrics) = serde_json::from_str::<MapMetrics>(&json) else {
        // Written by another version: as good as never computed.
        return Ok(None);
    };
    let current = stored == MetricsRequest::read(doc, map)?.fingerprint();
    Ok(Some((metrics, current)))
}

/// Map `map`'s metrics: from the document's cache when they are current, else computed (with
/// `logs` reused when it holds the data) and cached. Returns whether they came from the cache.
pub fn map_metrics(
    doc: &mut Document,
    map: Id,
    logs: &mut LogCache,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(MapMetrics, bool), Error> {
    let (metrics, to_store) = compute_map_metrics(doc, map, logs, progress)?;
    let cached = to_store.is_none();
    if let Some(fingerprint) = to_store {
        store_map_metrics(doc, map, &metrics, &fingerprint)?;
    }
    Ok((metrics, cached))
}

/// Map `map`'s metrics as [`map_metrics`] finds them, without writing to `doc`: with the
/// fingerprint to cache them under when they were computed, `None` when they came from the
/// cache. A caller holding the document open on another connection stores them there with
/// [`store_map_metrics`], so that the write is its own.
pub fn compute_map_metrics(
    doc: &Document,
    map: Id,
    logs: &mut LogCache,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(MapMetrics, Option<String>), Error> {
    let request = MetricsRequest::read(doc, map)?;
    let fingerprint = request.fingerprint();
    if let Some((stored, _, json)) = doc.cached_metrics(map)? {
        if stored == fingerprint {
            if let Ok(metrics) = serde_json::from_str(&json) {
                return Ok((metrics, None));
            }
        }
    }
    let key = format!(
        "{}|{}",
        doc.path()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        request.data
    );
    let log = logs.get(doc, &key, &request.properties(), progress)?;
    let metrics = request.compute_with(&log, &mut logs.intervals)?;
    Ok((metrics, Some(fingerprint)))
}

/// Caches map `map`'s `metrics` in `doc` under `fingerprint`, from [`compute_map_metrics`].
pub fn store_map_metrics(
    doc: &mut Document,
    map: Id,
    metrics: &MapMetrics,
    fingerprint: &str,
) -> Result<(), Error> {
    let json = serde_json::to_string(metrics).map_err(waymark_core::Error::from)?;
    doc.store_metrics(map, fingerprint, &metrics.computed_at, &json)?;
    Ok(())
}
