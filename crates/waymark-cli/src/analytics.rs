//! `waymark funnel`, `intervals`, `metrics`, `bind`, `settings` and `persona`: journey
//! analytics on the command line.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use waymark_analytics::funnel::{funnel, FunnelQuery, FunnelReport, Step};
use waymark_analytics::intervals::{intervals, IntervalQuery, IntervalReport};
use waymark_analytics::metrics::{map_metrics, LogCache};
use waymark_analytics::{Breakdown, EventLog};
use waymark_core::{Condition, Document, Edit, FunnelMode, MapAnalytics, Persona, StageBinding};

use crate::map_id;

#[derive(Args)]
pub struct FunnelArgs {
    doc: PathBuf,
    /// The steps in order, comma-separated; `B|C` means either event reaches the step.
    #[arg(long, value_delimiter = ',', required = true)]
    steps: Vec<String>,
    /// The conversion window from the first step: 30d, 12h, 10m, 45s, or none.
    #[arg(long, default_value = "30d")]
    window: String,
    /// ordered (default), strict (nothing in between) or any (any order).
    #[arg(long, default_value = "ordered")]
    mode: String,
    /// Break the numbers down by persona, or by the first-touch value of a property.
    #[arg(long)]
    by: Option<String>,
    /// Only customers entering on or after this day (YYYY-MM-DD, UTC).
    #[arg(long)]
    from: Option<String>,
    /// Only customers entering on or before this day (YYYY-MM-DD, UTC).
    #[arg(long)]
    to: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct IntervalsArgs {
    doc: PathBuf,
    /// A purchase event; repeat for several. Default: the events of the orders imports.
    #[arg(long)]
    event: Vec<String>,
    /// Break the numbers down by persona, or by the first-touch value of a property.
    #[arg(long)]
    by: Option<String>,
    /// Count purchases on the same calendar day (document's time zone) as one.
    #[arg(long)]
    same_day_as_one: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct BindArgs {
    doc: PathBuf,
    /// The map's name or id; may be left out when the document has one map.
    #[arg(long)]
    map: Option<String>,
    /// The stage's name, or its number from 1.
    #[arg(long)]
    stage: String,
    /// Event names, comma-separated; any of them reaches the stage.
    #[arg(long, value_delimiter = ',', required_unless_present = "clear")]
    events: Vec<String>,
    /// Only events whose property passes: 'PROPERTY = VALUE', 'PROPERTY one of V1, V2' or
    /// 'PROPERTY contains TEXT'.
    #[arg(long = "where")]
    condition: Option<String>,
    /// Unbind the stage instead.
    #[arg(long, conflicts_with_all = ["events", "condition"])]
    clear: bool,
}

#[derive(Subcommand)]
pub enum PersonaCommand {
    /// Define a persona by a rule on the data.
    Add {
        doc: PathBuf,
        name: String,
        /// 'PROPERTY = VALUE' or 'PROPERTY one of V1, V2', judged on first touch.
        #[arg(long = "where")]
        condition: String,
        #[arg(long, default_value = "")]
        description: String,
        /// A CSS colour for the persona's curve and badges.
        #[arg(long)]
        colour: Option<String>,
    },
    /// Remove a persona no map uses, as one undoable edit.
    Remove { doc: PathBuf, name: String },
    /// List the personas and their rules.
    List {
        doc: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct MetricsArgs {
    doc: PathBuf,
    /// The map's name or id; may be left out when the document has one map.
    #[arg(long)]
    map: Option<String>,
    /// Print JSON instead of a summary.
    #[arg(long)]
    json: bool,
}

/// A map's metric settings; each option given changes one, the others stay as they are.
#[derive(Args)]
pub struct SettingsArgs {
    doc: PathBuf,
    /// The map's name or id; may be left out when the document has one map.
    #[arg(long)]
    map: Option<String>,
    /// The conversion window from the first stage: 30d, 12h, 10m, 45s, or none.
    #[arg(long)]
    window: Option<String>,
    /// ordered, strict (nothing in between) or any (any order).
    #[arg(long)]
    mode: Option<String>,
    /// The purchase events, comma-separated; an empty value goes back to the events of the
    /// orders imports.
    #[arg(long, value_delimiter = ',')]
    purchase_events: Option<Vec<String>>,
    /// Count purchases on the same calendar day as one: true or false.
    #[arg(long)]
    same_day_as_one: Option<bool>,
    /// Split the numbers by the first-touch value of this property, or by `persona`.
    #[arg(long)]
    split_by: Option<String>,
    /// Only customers entering on or after this day (YYYY-MM-DD), or `none`.
    #[arg(long)]
    from: Option<String>,
    /// Only customers entering on or before this day (YYYY-MM-DD), or `none`.
    #[arg(long)]
    to: Option<String>,
    /// Print the settings as JSON.
    #[arg(long)]
    json: bool,
}

/// Colours new personas get in turn.
const PERSONA_COLOURS: [&str; 6] = [
    "#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2",
];

pub fn run_funnel(args: FunnelArgs) -> Result<()> {
    let doc = Document::open(&args.doc)?;
    let steps = args
        .steps
        .iter()
        .map(|step| {
            let events: Vec<String> = step.split('|').map(|e| e.trim().to_string()).collect();
            if events.iter().any(String::is_empty) {
                bail!("the step \"{step}\" names an empty event");
            }
            Ok(Step {
                name: step.trim().to_string(),
                events,
                condition: None,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let day = |day: &Option<String>, end: bool| -> Result<Option<i64>> {
        let Some(day) = day else { return Ok(None) };
        let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .with_context(|| format!("cannot read the day \"{day}\"; write YYYY-MM-DD"))?;
        let date = if end {
            date.succ_opt().unwrap_or(date)
        } else {
            date
        };
        let start = date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        Ok(Some(start.timestamp_micros() - i64::from(end)))
    };
    let query = FunnelQuery {
        steps,
        window: parse_window(&args.window)?,
        mode: parse_mode(&args.mode)?,
        entry_from: day(&args.from, false)?,
        entry_to: day(&args.to, true)?,
    };
    if let (Some(from), Some(to)) = (query.entry_from, query.entry_to) {
        if from > to {
            bail!("--from is after --to; the entry range must start before it ends");
        }
    }
    let breakdown = breakdown(&doc, args.by.as_deref())?;
    let mut properties = query.properties();
    properties.extend(breakdown.properties());
    let log = EventLog::load(&doc, &properties)?;
    let report = funnel(&log, &query, &breakdown)?;
    if args.json {
        out!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_funnel(&report)?;
    }
    Ok(())
}

pub fn run_intervals(args: IntervalsArgs) -> Result<()> {
    let doc = Document::open(&args.doc)?;
    let breakdown = breakdown(&doc, args.by.as_deref())?;
    let log = EventLog::load(&doc, &breakdown.properties())?;
    let query = IntervalQuery {
        events: args.event,
        same_day_as_one: args.same_day_as_one,
        time_zone: doc.time_zone()?.parse().unwrap_or(chrono_tz::Tz::UTC),
    };
    let report = intervals(&log, &query, &breakdown)?;
    if args.json {
        out!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_intervals(&report)?;
    }
    Ok(())
}

pub fn run_metrics(args: MetricsArgs) -> Result<()> {
    let mut doc = Document::open(&args.doc)?;
    let map = map_id(&doc, &args.doc, args.map.as_deref())?;
    let (metrics, cached) = map_metrics(&mut doc, map, &mut LogCache::default(), &mut |_, _| true)?;
    if args.json {
        let mut value = serde_json::to_value(&metrics)?;
        value["cached"] = cached.into();
        out!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    match &metrics.funnel {
        Some(report) => print_funnel(report)?,
        None => out!("No stage is bound to events yet (see `waymark bind`)."),
    }
    match (&metrics.intervals, &metrics.intervals_note) {
        (Some(report), _) => {
            out!("");
            print_intervals(report)?;
        }
        (None, Some(note)) => out!("\nRepeat purchases: {note}"),
        (None, None) => {}
    }
    if let Some(opportunity) = &metrics.opportunity {
        out!("\nOpportunity: {}", opportunity.text);
    }
    Ok(())
}

pub fn run_bind(args: BindArgs) -> Result<()> {
    let mut doc = Document::open(&args.doc)?;
    let map_id = map_id(&doc, &args.doc, args.map.as_deref())?;
    let map = doc.map(map_id)?;
    let index = match args.stage.parse::<usize>() {
        Ok(number) if (1..=map.stages.len()).contains(&number) => Some(number - 1),
        _ => map.stages.iter().position(|s| s.name == args.stage),
    };
    let Some(index) = index else {
        let names: Vec<_> = map
            .stages
            .iter()
            .map(|s| format!("\"{}\"", s.name))
            .collect();
        bail!(
            "map \"{}\" has no stage \"{}\"; its stages are {}",
            map.name,
            args.stage,
            names.join(", ")
        );
    };
    let stage = &map.stages[index];
    let binding = if args.clear {
        None
    } else {
        let condition = args
            .condition
            .as_deref()
            .map(Condition::parse)
            .transpose()
            .map_err(anyhow::Error::msg)?;
        let events: Vec<String> = args.events.iter().map(|e| e.trim().to_string()).collect();
        let known = doc.event_names()?;
        let unknown: Vec<&String> = events
            .iter()
            .filter(|e| !known.iter().any(|(name, _)| name == *e))
            .collect();
        if !unknown.is_empty() && !known.is_empty() {
            eprintln!(
                "warning: no imported event is called {}",
                unknown
                    .iter()
                    .map(|e| format!("\"{e}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Some(StageBinding { events, condition })
    };
    let stage_id = stage.id.context("a stored stage has an id")?;
    doc.apply(Edit::BindStage {
        stage: stage_id,
        binding: binding.clone(),
    })?;
    match binding {
        Some(binding) => out!(
            "Bound \"{}\" to {}{}",
            stage.name,
            binding.events.join(" or "),
            binding
                .condition
                .map(|c| format!(" where {c}"))
                .unwrap_or_default()
        ),
        None => out!("Unbound \"{}\"", stage.name),
    }
    Ok(())
}

pub fn run_settings(args: SettingsArgs) -> Result<()> {
    let mut doc = Document::open(&args.doc)?;
    let map = map_id(&doc, &args.doc, args.map.as_deref())?;
    let old = doc.map(map)?.analytics;
    let new = changed_settings(&args, old.clone())?;
    if new != old {
        doc.apply(Edit::SetMapAnalytics {
            map,
            analytics: new.clone(),
        })?;
    }
    if args.json {
        out!("{}", serde_json::to_string_pretty(&new)?);
        return Ok(());
    }
    let window = new
        .window_seconds
        .map_or("none".into(), |s| duration(Some(s as f64)));
    out!("window: {window}");
    out!(
        "mode: {}",
        serde_json::to_value(new.mode)?.as_str().unwrap_or("?")
    );
    let purchases = match new.purchase_events.is_empty() {
        true => "the events of the orders imports".to_string(),
        false => new.purchase_events.join(", "),
    };
    out!("purchase events: {purchases}");
    out!("same day as one: {}", new.same_day_as_one);
    out!("split by: {}", new.split_by.as_deref().unwrap_or("persona"));
    out!(
        "entries from: {}",
        new.entry_from.as_deref().unwrap_or("any day")
    );
    out!(
        "entries to: {}",
        new.entry_to.as_deref().unwrap_or("any day")
    );
    Ok(())
}

/// `settings` with the options of `args` applied.
fn changed_settings(args: &SettingsArgs, mut settings: MapAnalytics) -> Result<MapAnalytics> {
    if let Some(window) = &args.window {
        settings.window_seconds = parse_window(window)?.map(|micros| micros / 1_000_000);
    }
    if let Some(mode) = &args.mode {
        settings.mode = parse_mode(mode)?;
    }
    if let Some(events) = &args.purchase_events {
        let events = events.iter().map(|e| e.trim()).filter(|e| !e.is_empty());
        settings.purchase_events = events.map(String::from).collect();
    }
    if let Some(same_day) = args.same_day_as_one {
        settings.same_day_as_one = same_day;
    }
    if let Some(property) = &args.split_by {
        let property = property.trim();
        if property.is_empty() {
            bail!("--split-by needs a property name, or `persona`");
        }
        settings.split_by = (property != "persona").then(|| property.to_string());
    }
    let day = |text: &str| -> Result<Option<String>> {
        if text.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .with_context(|| format!("cannot read the day \"{text}\"; write YYYY-MM-DD"))?;
        Ok(Some(text.to_string()))
    };
    if let Some(from) = &args.from {
        settings.entry_from = day(from)?;
    }
    if let Some(to) = &args.to {
        settings.entry_to = day(to)?;
    }
    // Both are YYYY-MM-DD, so they compare as text.
    if let (Some(from), Some(to)) = (&settings.entry_from, &settings.entry_to) {
        if from > to {
            bail!("the entry range would start on {from}, after it ends on {to}");
        }
    }
    Ok(settings)
}

pub fn run_persona(command: PersonaCommand) -> Result<()> {
    match command {
        PersonaCommand::Add {
            doc,
            name,
            condition,
            description,
            colour,
        } => {
            let mut document = Document::open(&doc)?;
            let rule = Condition::parse(&condition).map_err(anyhow::Error::msg)?;
            let personas = document.personas()?;
            if personas.iter().any(|p| p.name == name) {
                bail!("{} already has a persona \"{name}\"", doc.display());
            }
            let colour = colour.unwrap_or_else(|| {
                PERSONA_COLOURS[personas.len() % PERSONA_COLOURS.len()].to_string()
            });
            let persona = Persona {
                id: None,
                name: name.clone(),
                description,
                colour,
                rule: Some(rule.clone()),
            };
            let outcome = document.apply(Edit::CreatePersona { persona })?;
            out!(
                "Added persona \"{name}\" ({rule}) with id {}",
                outcome.created.unwrap_or_default()
            );
        }
        PersonaCommand::Remove { doc, name } => {
            let mut document = Document::open(&doc)?;
            let personas = document.personas()?;
            let Some(persona) = personas.iter().find(|p| p.name == name) else {
                let known: Vec<&str> = personas.iter().map(|p| p.name.as_str()).collect();
                bail!(
                    "{} has no persona \"{name}\"; it has {}",
                    doc.display(),
                    if known.is_empty() {
                        "none".into()
                    } else {
                        known.join(", ")
                    }
                );
            };
            let id = persona.id.context("a stored persona has an id")?;
            document.apply(Edit::DeletePersona { persona: id })?;
            out!("Removed persona \"{name}\"");
        }
        PersonaCommand::List { doc, json } => list_personas(&doc, json)?,
    }
    Ok(())
}

fn list_personas(path: &Path, json: bool) -> Result<()> {
    let doc = Document::open(path)?;
    let personas = doc.personas()?;
    if json {
        out!("{}", serde_json::to_string_pretty(&personas)?);
        return Ok(());
    }
    if personas.is_empty() {
        out!("{} has no personas", path.display());
    }
    for persona in personas {
        let rule = persona
            .rule
            .map(|r| r.to_string())
            .unwrap_or_else(|| "no rule".into());
        out!(
            "{:>4}  {:<24} {}",
            persona.id.unwrap_or_default(),
            persona.name,
            rule
        );
    }
    Ok(())
}

/// `persona` for the document's personas, any other word for that property.
fn breakdown(doc: &Document, by: Option<&str>) -> Result<Breakdown> {
    Ok(match by {
        None => Breakdown::None,
        Some("persona") => {
            let personas = doc.personas()?;
            if !personas.iter().any(|p| p.rule.is_some()) {
                bail!("the document has no persona with a rule (see `waymark persona add`)");
            }
            Breakdown::Personas(personas)
        }
        Some(property) => Breakdown::Property(property.to_string()),
    })
}

/// Microseconds of a window written `30d`, `12h`, `10m`, `45s`, or `None` for `none`.
fn parse_window(text: &str) -> Result<Option<i64>> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let unit = text.chars().last().unwrap_or(' ');
    let seconds = match unit {
        'd' => 86_400,
        'h' => 3_600,
        'm' => 60,
        's' => 1,
        _ => 0,
    };
    let count: Option<i64> = text[..text.len() - unit.len_utf8().min(text.len())]
        .parse()
        .ok();
    match count {
        Some(count) if seconds > 0 && count > 0 => match count.checked_mul(seconds) {
            Some(total) if total <= MAX_WINDOW_SECONDS => Ok(Some(total * 1_000_000)),
            _ => bail!("the window \"{text}\" is longer than 100 years; write none for no limit"),
        },
        _ => bail!("cannot read the window \"{text}\"; write 30d, 12h, 10m, 45s or none"),
    }
}

/// The longest window written out, 100 years; longer ones are as good as none.
const MAX_WINDOW_SECONDS: i64 = 100 * 366 * 86_400;

fn parse_mode(text: &str) -> Result<FunnelMode> {
    match text {
        "ordered" => Ok(FunnelMode::Ordered),
        "strict" => Ok(FunnelMode::Strict),
        "any" => Ok(FunnelMode::Any),
        other => bail!("unknown mode \"{other}\"; use ordered, strict or any"),
    }
}

fn percent(share: Option<f64>) -> String {
    share.map_or("-".into(), |s| format!("{:.1}%", s * 100.0))
}

/// A duration in seconds as "3.2 h" or "5 days".
fn duration(seconds: Option<f64>) -> String {
    match seconds {
        None => "-".into(),
        Some(s) if s < 60.0 => format!("{s:.0} s"),
        Some(s) if s < 3_600.0 => format!("{:.1} min", s / 60.0),
        Some(s) if s < 86_400.0 => format!("{:.1} h", s / 3_600.0),
        Some(s) => format!("{:.1} days", s / 86_400.0),
    }
}

fn print_funnel(report: &FunnelReport) -> Result<()> {
    for group in &report.groups {
        out!("{}", group.name.group);
        out!(
            "  {:<28} {:>10} {:>9} {:>9} {:>9} {:>12}",
            "step",
            "customers",
            "from prev",
            "from 1st",
            "drop-off",
            "median time"
        );
        for (index, step) in group.steps.iter().enumerate() {
            let mark = if group.drop_off_point == Some(index as u32) {
                " <- largest drop-off"
            } else {
                ""
            };
            out!(
                "  {:<28} {:>10} {:>9} {:>9} {:>9} {:>12}{mark}",
                step.name,
                step.customers,
                percent(step.conversion_from_previous),
                percent(step.conversion_from_first),
                percent(step.drop_off_share),
                duration(step.median_seconds_from_previous)
            );
        }
    }
    Ok(())
}

fn print_intervals(report: &IntervalReport) -> Result<()> {
    out!("Repeat purchases of {}", report.events.join(", "));
    for group in &report.groups {
        out!(
            "{}: {} buyers, {} bought again ({})",
            group.name.group,
            group.buyers,
            group.repeat_buyers,
            percent(group.repeat_share)
        );
        for gap in &group.gaps {
            let days = |d: Option<f64>| d.map_or("-".into(), |d| format!("{d:.1}"));
            out!(
                "  purchase {} to {}: {:>6} buyers, median {} days (p25 {}, p75 {}, p90 {})",
                gap.from,
                gap.to,
                gap.count,
                days(gap.median_days),
                days(gap.p25_days),
                days(gap.p75_days),
                days(gap.p90_days)
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_read_in_four_units_or_none() {
        assert_eq!(parse_window("30d").unwrap(), Some(30 * 86_400_000_000));
        assert_eq!(parse_window("12h").unwrap(), Some(12 * 3_600_000_000));
        assert_eq!(parse_window("10m").unwrap(), Some(600_000_000));
        assert_eq!(parse_window("45s").unwrap(), Some(45_000_000));
        assert_eq!(parse_window("none").unwrap(), None);
        for bad in ["", "30", "d", "-3d", "0d", "3w", "1.5d"] {
            assert!(parse_window(bad).is_err(), "{bad:?} was read");
        }
    }
}
