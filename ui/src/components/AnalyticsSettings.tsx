// How the map's numbers are computed: the conversion window, how strictly stages must follow
// each other, which events are purchases, and which customers' entries count. Each change is
// applied at once as one edit, which can be undone.

import { useEffect, useState } from "react";
import type { Edit, FunnelMode, MapAnalytics, MapData, NameCount } from "../bindings";
import {
  WINDOW_UNITS,
  eventOptions,
  isDay,
  windowInput,
  windowSeconds,
  type WindowInput,
  type WindowUnit,
} from "../journey";
import { EventChecklist } from "./EventChecklist";

type Props = {
  map: MapData;
  events: NameCount[];
  onEdit: (edit: Edit) => Promise<boolean>;
};

const MODES: { mode: FunnelMode; label: string; hint: string }[] = [
  {
    mode: "ordered",
    label: "In order",
    hint: "Each stage after the previous one; other events may come between.",
  },
  {
    mode: "strict",
    label: "Strictly in order",
    hint: "Each stage right after the previous one, with no other event between.",
  },
  {
    mode: "any",
    label: "Any order",
    hint: "Stages count in whatever order the customer reached them.",
  },
];

export function AnalyticsSettings({ map, events, onEdit }: Props) {
  const settings = map.analytics;
  const [problem, setProblem] = useState<string | null>(null);

  function apply(change: Partial<MapAnalytics>) {
    const next = { ...settings, ...change };
    if (map.id === null || JSON.stringify(next) === JSON.stringify(settings)) return;
    setProblem(null);
    void onEdit({ type: "set_map_analytics", map: map.id, analytics: next });
  }

  return (
    <div className="analytics-settings" data-testid="analytics-settings">
      <WindowField
        seconds={settings.window_seconds}
        onApply={(window_seconds) => apply({ window_seconds })}
        onProblem={setProblem}
      />
      <fieldset className="panel-field modes">
        <legend>Stages count</legend>
        {MODES.map((m) => (
          <label key={m.mode} className="mode">
            <input
              type="radio"
              name={`mode-${map.id}`}
              checked={settings.mode === m.mode}
              onChange={() => apply({ mode: m.mode })}
              data-testid={`mode-${m.mode}`}
            />
            <span>
              <strong>{m.label}</strong>
              <small>{m.hint}</small>
            </span>
          </label>
        ))}
      </fieldset>
      <PurchaseEvents
        chosen={settings.purchase_events}
        events={events}
        onChange={(purchase_events) => apply({ purchase_events })}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={settings.same_day_as_one}
          onChange={(event) => apply({ same_day_as_one: event.target.checked })}
          data-testid="same-day-as-one"
        />
        Count purchases on one day once
      </label>
      <EntryRange
        from={settings.entry_from}
        to={settings.entry_to}
        onApply={(entry_from, entry_to) => apply({ entry_from, entry_to })}
        onProblem={setProblem}
      />
      {problem && (
        <p className="panel-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

type WindowProps = {
  seconds: number | null;
  onApply: (seconds: number | null) => void;
  onProblem: (problem: string | null) => void;
};

/** The amount is applied when the field is left or Enter is pressed, not at every key. */
function WindowField({ seconds, onApply, onProblem }: WindowProps) {
  const [input, setInput] = useState<WindowInput>(() => windowInput(seconds));
  useEffect(() => setInput(windowInput(seconds)), [seconds]);

  function apply(next: WindowInput) {
    setInput(next);
    const reading = windowSeconds(next);
    if (!reading.ok) {
      onProblem(reading.problem);
      return;
    }
    onProblem(null);
    if (reading.seconds !== seconds) onApply(reading.seconds);
  }

  return (
    <fieldset className="panel-field">
      <legend>Conversion window</legend>
      <div className="window-row">
        <input
          type="number"
          min={1}
          step="any"
          aria-label="Window length"
          value={input.amount}
          disabled={input.none}
          onChange={(event) => setInput({ ...input, amount: event.target.value })}
          onBlur={() => apply(input)}
          onKeyDown={(event) => event.key === "Enter" && apply(input)}
          data-testid="window-amount"
        />
        <select
          aria-label="Window unit"
          value={input.unit}
          disabled={input.none}
          onChange={(event) => apply({ ...input, unit: event.target.value as WindowUnit })}
          data-testid="window-unit"
        >
          {WINDOW_UNITS.map((u) => (
            <option key={u.unit} value={u.unit}>
              {u.label}
            </option>
          ))}
        </select>
        <label className="check">
          <input
            type="checkbox"
            checked={input.none}
            onChange={(event) => apply({ ...input, none: event.target.checked })}
            data-testid="window-none"
          />
          no limit
        </label>
      </div>
      <small className="muted">Later stages count within this time of the first.</small>
    </fieldset>
  );
}

type PurchaseProps = {
  chosen: string[];
  events: NameCount[];
  onChange: (events: string[]) => void;
};

function PurchaseEvents({ chosen, events, onChange }: PurchaseProps) {
  // The events chosen when the panel showed this map stay on top, so ticking moves no row.
  const [pinned] = useState(chosen);
  const options = eventOptions(events, "", pinned);
  const toggle = (name: string) =>
    onChange(chosen.includes(name) ? chosen.filter((n) => n !== name) : [...chosen, name]);
  return (
    <fieldset className="panel-field">
      <legend>Purchase events</legend>
      {options.length === 0 ? (
        <small className="muted">No events imported yet.</small>
      ) : (
        <div data-testid="purchase-events">
          <EventChecklist
            options={options}
            chosen={chosen}
            onToggle={toggle}
            className="event-list short"
            testId="purchase-event"
          />
        </div>
      )}
      <small className="muted">
        {chosen.length === 0
          ? "None ticked: the purchases of the orders imports count."
          : `Purchases: ${chosen.join(", ")}.`}
      </small>
    </fieldset>
  );
}

type RangeProps = {
  from: string | null;
  to: string | null;
  onApply: (from: string | null, to: string | null) => void;
  onProblem: (problem: string | null) => void;
};

/**
 * The days are applied with the Apply button, Enter, or when a field is left: a calendar
 * changes the field's day as the user pages through its months, and each of those would
 * otherwise be an edit of its own.
 */
function EntryRange({ from, to, onApply, onProblem }: RangeProps) {
  const [typed, setTyped] = useState({ from: from ?? "", to: to ?? "" });
  useEffect(() => setTyped({ from: from ?? "", to: to ?? "" }), [from, to]);
  const changed = typed.from !== (from ?? "") || typed.to !== (to ?? "");

  function apply() {
    const [a, b] = [typed.from.trim() || null, typed.to.trim() || null];
    if ((a && !isDay(a)) || (b && !isDay(b))) {
      onProblem("Write the days as YYYY-MM-DD, like 2024-03-01.");
      return;
    }
    if (a && b && a > b) {
      onProblem("The entry range must start before it ends.");
      return;
    }
    onProblem(null);
    if (a !== from || b !== to) onApply(a, b);
  }

  const field = (which: "from" | "to") => (
    <label>
      {which}
      <input
        type="date"
        value={typed[which]}
        onChange={(event) => setTyped({ ...typed, [which]: event.target.value })}
        onBlur={apply}
        onKeyDown={(event) => event.key === "Enter" && apply()}
        data-testid={`entry-${which}`}
      />
    </label>
  );

  return (
    <fieldset className="panel-field">
      <legend>Customers who entered</legend>
      <div className="range-row">
        {field("from")}
        {field("to")}
        <button onClick={apply} disabled={!changed} data-testid="entry-apply">
          Apply
        </button>
      </div>
      <small className="muted">Empty: no limit. Days in the document's time zone.</small>
    </fieldset>
  );
}
