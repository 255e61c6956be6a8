// The journey-data panel's logic without React: how its numbers read, conditions and windows
// as the forms hold them, which group and stage a figure belongs to, where the histogram's
// markers go and where a proposed opportunity card lands.

import type {
  Bin,
  Condition,
  ConditionOp,
  DataSpan,
  Edit,
  FunnelGroup,
  IntervalGroup,
  MapData,
  MapMetrics,
  MapView,
  NameCount,
  Persona,
  StageBinding,
} from "./bindings";
import { formatCount, formatDay, formatMoment } from "./importing";

/** The group every customer is in; the metrics list it first. */
export const ALL_CUSTOMERS = "All customers";

/** A share from 0 to 1 as "52.3%", as the map's metrics lane shows it; "—" for none. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return `${(share * 100).toFixed(1)}%`;
}

/** A duration as the metrics lane shows it: "45 s", "4.7 min", "3.2 h" or "12.5 days". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  if (seconds < 3_600) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 86_400) return `${(seconds / 3_600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/** A number of days (the intervals report them so) as `formatSeconds` words it. */
export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined) return "—";
  return formatSeconds(days * 86_400);
}

/** A count for people, "—" for none. */
export function formatNumber(count: number | null | undefined): string {
  return count === null || count === undefined ? "—" : formatCount(count);
}

// Conditions: "acquisition_channel = email", as the command line writes them.

/** The operators a condition offers, in the order the forms list them. */
export const OPERATORS: { op: ConditionOp; label: string; word: string }[] = [
  { op: "equals", label: "equals", word: "=" },
  { op: "one_of", label: "is one of", word: "one of" },
  { op: "contains", label: "contains", word: "contains" },
];

/** A condition as the command line writes it: "acquisition_channel one of email, social". */
export function conditionText(condition: Condition): string {
  const word = OPERATORS.find((o) => o.op === condition.op)?.word ?? condition.op;
  return `${condition.property} ${word} ${condition.values.join(", ")}`;
}

/** A condition as a form holds it; an empty property means no condition. */
export type ConditionForm = { property: string; op: ConditionOp; values: string };

export const NO_CONDITION: ConditionForm = { property: "", op: "equals", values: "" };

export function conditionForm(condition: Condition | null): ConditionForm {
  if (!condition) return NO_CONDITION;
  return { property: condition.property, op: condition.op, values: condition.values.join(", ") };
}

/** The values typed for `op`: a comma-separated list for "one of", else the one text. */
export function splitValues(op: ConditionOp, text: string): string[] {
  const values = op === "one_of" ? text.split(",") : [text];
  return values.map((v) => v.trim()).filter((v) => v !== "");
}

/** What a condition form means: a condition, none, or a problem to show beside it. */
export type ConditionReading =
  { ok: true; condition: Condition | null } | { ok: false; problem: string };

export function readCondition(form: ConditionForm): ConditionReading {
  const property = form.property.trim();
  if (property === "") return { ok: true, condition: null };
  const values = splitValues(form.op, form.values);
  if (values.length === 0) {
    const what = form.op === "one_of" ? "one or more values, separated by commas" : "a value";
    return { ok: false, problem: `Give ${what} for ${property}.` };
  }
  return { ok: true, condition: { property, op: form.op, values } };
}

/**
 * Adds `value` to a "one of" list typed so far, or takes it out when it is there already;
 * for the other operators it replaces the text.
 */
export function toggleValue(op: ConditionOp, text: string, value: string): string {
  if (op !== "one_of") return value;
  const values = splitValues(op, text);
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  return next.join(", ");
}

/** A stage's binding as a sentence part: "home or promo_page, where platform = mobile". */
export function bindingText(binding: StageBinding | null): string {
  if (!binding) return "Not bound to data";
  const events = binding.events.join(" or ");
  return binding.condition ? `${events}, where ${conditionText(binding.condition)}` : events;
}

// The conversion window: a number and a unit in the form, seconds in the map's settings.

export type WindowUnit = "d" | "h" | "m";

export const WINDOW_UNITS: { unit: WindowUnit; label: string; seconds: number }[] = [
  { unit: "d", label: "days", seconds: 86_400 },
  { unit: "h", label: "hours", seconds: 3_600 },
  { unit: "m", label: "minutes", seconds: 60 },
];

export type WindowInput = { amount: string; unit: WindowUnit; none: boolean };

/** The longest window written out, as on the command line: 100 years of 366 days. */
export const MAX_WINDOW_SECONDS = 100 * 366 * 86_400;

/** The form of a window: the largest unit that holds it whole; 30 days for "no limit". */
export function windowInput(seconds: number | null): WindowInput {
  if (seconds === null) return { amount: "30", unit: "d", none: true };
  const fit = WINDOW_UNITS.find((u) => seconds % u.seconds === 0) ?? WINDOW_UNITS[2]!;
  const amount = Math.round((seconds / fit.seconds) * 100) / 100;
  return { amount: String(amount), unit: fit.unit, none: false };
}

export type WindowReading = { ok: true; seconds: number | null } | { ok: false; problem: string };

/** The seconds a window form means, whole seconds, or why it cannot be used. */
export function windowSeconds(input: WindowInput): WindowReading {
  if (input.none) return { ok: true, seconds: null };
  const amount = Number(input.amount.trim().replace(",", "."));
  const unit = WINDOW_UNITS.find((u) => u.unit === input.unit)!;
  if (input.amount.trim() === "" || !Number.isFinite(amount) || amount <= 0)
    return { ok: false, problem: "The window must be a number above zero." };
  const seconds = Math.round(amount * unit.seconds);
  if (seconds < 1) return { ok: false, problem: "The window must be at least a second." };
  if (seconds > MAX_WINDOW_SECONDS)
    return { ok: false, problem: "The window can be at most 100 years; tick no limit instead." };
  return { ok: true, seconds };
}

/** Whether `text` is a day as a date input gives it, "2024-03-01". */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

// The metrics of a map.

/** Whether the view's numbers are out of date and can be computed: a stage is bound. */
export function needsMetrics(view: MapView): boolean {
  // The shell says the numbers are current when the map has none to compute: no stage bound
  // and no purchases to find repeat buyers in.
  return !view.metrics_current;
}

export type GroupChoice = { group: string; colour: string | null };

/** The groups the metrics break down into: "All customers", each persona, "Other". */
export function metricsGroups(metrics: MapMetrics | null): GroupChoice[] {
  const groups = metrics?.funnel?.groups ?? metrics?.intervals?.groups ?? [];
  return groups.map((g) => ({ group: g.group, colour: g.colour }));
}

/** The group the map shows: the one asked for when the metrics have it, else the first. */
export function shownGroup(groups: GroupChoice[], wanted: string | null): string {
  if (wanted !== null && groups.some((g) => g.group === wanted)) return wanted;
  return groups[0]?.group ?? ALL_CUSTOMERS;
}

/** "Data from 4 Jan 2024 to 29 Jun 2024 · last import 3 Dec 2026, 19:37". */
export function dataCaption(data: DataSpan): string {
  const parts: string[] = [];
  if (data.first_at && data.last_at)
    parts.push(`Data from ${formatDay(data.first_at)} to ${formatDay(data.last_at)}`);
  else parts.push("No events in the data");
  if (data.last_import_at) parts.push(`last import ${formatMoment(data.last_import_at)}`);
  return parts.join(" · ");
}

/** One group's figures at one stage, for the compare table. */
export type CompareCell = {
  customers: number;
  /** Share of the previous bound stage; null at the first. */
  ofPrevious: number | null;
  /** Share who do not reach the next bound stage; null at the last. */
  dropOff: number | null;
  medianToNext: number | null;
  dropOffPoint: boolean;
};

export type CompareRow = { stage: string; stageId: number | null; cells: (CompareCell | null)[] };

/** One row per bound stage, in the map's order, with a cell per group of the funnel. */
export function compareRows(map: MapData, metrics: MapMetrics): CompareRow[] {
  const groups = metrics.funnel?.groups ?? [];
  const rows: CompareRow[] = [];
  metrics.stage_steps.forEach((step, index) => {
    if (step === null) return;
    const stage = map.stages[index];
    rows.push({
      stage: stage?.name ?? `Stage ${index + 1}`,
      stageId: stage?.id ?? null,
      cells: groups.map((group) => compareCell(group, step)),
    });
  });
  return rows;
}

function compareCell(group: FunnelGroup, step: number): CompareCell | null {
  const here = group.steps[step];
  if (!here) return null;
  const last = step === group.steps.length - 1;
  return {
    customers: here.customers,
    ofPrevious: step === 0 ? null : here.conversion_from_previous,
    dropOff: last ? null : here.drop_off_share,
    medianToNext: group.steps[step + 1]?.median_seconds_from_previous ?? null,
    dropOffPoint: group.drop_off_point === step,
  };
}

/** The intervals of the group shown, or of "All customers" when it has none. */
export function intervalGroup(metrics: MapMetrics, group: string): IntervalGroup | null {
  const groups = metrics.intervals?.groups ?? [];
  return groups.find((g) => g.group === group) ?? groups[0] ?? null;
}

export type RepeatWithin = { days: number; share: number | null; eligible: number };

/** "Bought again within N days", shortest horizon first. */
export function repeatWithin(group: IntervalGroup): RepeatWithin[] {
  return Object.keys(group.repeat_within_days)
    .map((key) => ({
      days: Number(key),
      share: group.repeat_within_days[key] ?? null,
      eligible: group.eligible_buyers[key] ?? 0,
    }))
    .filter((row) => Number.isFinite(row.days))
    .sort((a, b) => a.days - b.days);
}

// The histogram of the gap from the first purchase to the second.

/**
 * Where a value falls along the histogram's bars, in bars from the first one's start:
 * 2.25 is a quarter into the third bar. Inside a bar the place is proportional to the value
 * between the bar's edges; the last bar has no upper edge, so it is taken to end at twice
 * its lower edge (a year or more: two years), and values beyond sit at its end.
 */
export function markerOffset(bins: Bin[], value: number): number | null {
  if (bins.length === 0 || !Number.isFinite(value)) return null;
  let index = 0;
  bins.forEach((bin, i) => {
    if (bin.from <= value) index = i;
  });
  const bin = bins[index]!;
  const to = bin.to ?? Math.max(bin.from * 2, bin.from + 1);
  const fraction = (value - bin.from) / (to - bin.from);
  return index + Math.min(1, Math.max(0, fraction));
}

/**
 * Moves labels wanted at `positions` (any order) apart so that no two are closer than `gap`,
 * keeping them within `[min, max]` and in the same order; returns their places, in the
 * order given.
 */
export function spreadLabels(positions: number[], gap: number, min: number, max: number): number[] {
  const order = positions.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const placed = order.map((o) => Math.min(max, Math.max(min, o.p)));
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k]!, placed[k - 1]! + gap);
  const overflow = (placed[placed.length - 1] ?? min) - max;
  if (overflow > 0) {
    placed[placed.length - 1] = max;
    for (let k = placed.length - 2; k >= 0; k--)
      placed[k] = Math.min(placed[k]!, placed[k + 1]! - gap);
  }
  const result = new Array<number>(positions.length);
  order.forEach((o, k) => (result[o.i] = placed[k]!));
  return result;
}

// The opportunity the intervals propose, as a card.

/**
 * The stage a card about buying again belongs to: the last bound to a purchase event (a
 * "Repeat purchase" after the first "Purchase"), else the map's last stage.
 */
export function purchaseStage(map: MapData, purchaseEvents: string[]): number | null {
  if (map.stages.length === 0) return null;
  for (let index = map.stages.length - 1; index >= 0; index--) {
    const events = map.stages[index]!.binding?.events ?? [];
    if (events.some((event) => purchaseEvents.includes(event))) return index;
  }
  return map.stages.length - 1;
}

/**
 * The edit that adds `text` at the end of the map's first Opportunities lane at the purchase
 * stage; a reason instead when the map has no such lane.
 */
export function opportunityCard(
  map: MapData,
  purchaseEvents: string[],
  text: string,
): { ok: true; edit: Edit; stage: string } | { ok: false; problem: string } {
  const lane = map.lanes.find((l) => l.kind === "opportunities");
  if (!lane || lane.id === null)
    return { ok: false, problem: "This map has no Opportunities lane to add the card to." };
  if (lane.cards.some((c) => c.text.trim() === text.trim()))
    return { ok: false, problem: "The map's Opportunities lane has this card already." };
  const index = purchaseStage(map, purchaseEvents);
  const stage = index === null ? undefined : map.stages[index];
  if (!stage || stage.id === null) return { ok: false, problem: "This map has no stages." };
  const position = lane.cards.filter((c) => c.stage === index).length;
  const card = { id: null, lane: lane.id, stage: stage.id, position, text };
  const edit: Edit = {
    type: "insert_card",
    card: { ...card, channel: null, owner: null, colour: null, tags: [] },
  };
  return { ok: true, edit, stage: stage.name };
}

// Event names and personas.

/**
 * The event names to offer for `query` (case ignored): those of `pinned` (the ones bound when
 * the list opened) first, then the rest, each most frequent first. Names pinned but absent
 * from the data are offered too, with no count, so that they can still be unticked.
 */
export function eventOptions(
  names: NameCount[],
  query: string,
  pinned: string[],
): { name: string; count: number | null }[] {
  const wanted = query.trim().toLowerCase();
  const known = new Set(names.map((n) => n.name));
  const missing = pinned.filter((name) => !known.has(name)).map((name) => ({ name, count: null }));
  const first = names.filter((n) => pinned.includes(n.name));
  const rest = names.filter((n) => !pinned.includes(n.name));
  return [...missing, ...first, ...rest].filter((n) => n.name.toLowerCase().includes(wanted));
}

/** Colours offered to new personas, in turn. */
export const PERSONA_COLOURS = [
  "#2563eb",
  "#db2777",
  "#ea580c",
  "#16a34a",
  "#7c3aed",
  "#0891b2",
  "#ca8a04",
  "#4b5563",
];

/** The first colour no persona has yet, else the next in turn. */
export function nextPersonaColour(personas: Persona[]): string {
  const taken = new Set(personas.map((p) => p.colour.toLowerCase()));
  const free = PERSONA_COLOURS.find((c) => !taken.has(c));
  return free ?? PERSONA_COLOURS[personas.length % PERSONA_COLOURS.length]!;
}

/** The side panel's narrowest width, and the least it leaves the canvas beside the map list. */
const PANEL_MIN = 280;
const SIDEBAR = 240;
const CANVAS_MIN = 240;

/**
 * The side panel's width in pixels for the width wanted: at least `PANEL_MIN`, and at most half
 * the window or what leaves the canvas `CANVAS_MIN`, whichever is less.
 */
export function panelWidth(wanted: number, windowWidth: number): number {
  const max = Math.max(PANEL_MIN, Math.min(windowWidth / 2, windowWidth - SIDEBAR - CANVAS_MIN));
  return Math.round(Math.min(max, Math.max(PANEL_MIN, wanted)));
}

export type StageTiming = {
  /** The bound stage before, whose customers are timed to this one. */
  previous: string;
  customers: number;
  median: number | null;
  mean: number | null;
  p90: number | null;
  histogram: Bin[];
};

/**
 * How long the shown group took from the previous bound stage to the stage at `index` of the
 * map; null for a stage not bound, the first bound stage, or a group the funnel lacks.
 */
export function stageTiming(
  map: MapData,
  metrics: MapMetrics,
  index: number,
  group: string,
): StageTiming | null {
  const step = metrics.stage_steps[index];
  if (step === null || step === undefined || step === 0) return null;
  const groups = metrics.funnel?.groups ?? [];
  const chosen = groups.find((g) => g.group === group) ?? groups[0];
  const here = chosen?.steps[step];
  if (!here) return null;
  const before = metrics.stage_steps.indexOf(step - 1);
  return {
    previous: map.stages[before]?.name ?? chosen.steps[step - 1]?.name ?? "",
    customers: here.customers,
    median: here.median_seconds_from_previous,
    mean: here.mean_seconds_from_previous,
    p90: here.p90_seconds_from_previous,
    histogram: here.histogram,
  };
}
