// Binding a stage to data: the event names that mark a customer reaching it, chosen from the
// imported ones, and an optional condition on the events' properties.

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { NameCount, PropertyValues, StageBinding } from "../bindings";
import { formatCount } from "../importing";
import { conditionForm, eventOptions, readCondition } from "../journey";
import { ConditionFields } from "./ConditionFields";

type Props = {
  stageName: string;
  binding: StageBinding | null;
  events: NameCount[];
  properties: PropertyValues[];
  /** `null` unbinds the stage. */
  onSave: (binding: StageBinding | null) => void;
  onCancel: () => void;
};

/** Enter saves and Escape cancels, from anywhere in the editor but its buttons. */
export function BindingEditor({ stageName, binding, events, properties, onSave, onCancel }: Props) {
  const [chosen, setChosen] = useState<string[]>(binding?.events ?? []);
  const [query, setQuery] = useState("");
  const [condition, setCondition] = useState(conditionForm(binding?.condition ?? null));
  const [problem, setProblem] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => search.current?.focus(), []);

  // The events bound when the editor opened stay on top, so ticking does not move rows.
  const options = eventOptions(events, query, binding?.events ?? []);

  function toggle(name: string) {
    setProblem(null);
    setChosen((now) => (now.includes(name) ? now.filter((n) => n !== name) : [...now, name]));
  }

  function save() {
    if (chosen.length === 0) {
      setProblem("Tick at least one event, or choose Unbind.");
      return;
    }
    const reading = readCondition(condition);
    if (!reading.ok) {
      setProblem(reading.problem);
      return;
    }
    onSave({ events: chosen, condition: reading.condition });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === "Enter" && !event.shiftKey) {
      if ((event.target as HTMLElement).closest("button, textarea")) return;
      event.preventDefault();
      event.stopPropagation();
      save();
    }
  }

  return (
    <div
      className="binding-editor"
      data-testid="binding-panel"
      role="group"
      aria-label={`Bind ${stageName} to data`}
      onKeyDown={onKeyDown}
    >
      <p className="panel-note">
        A customer reaches <strong>{stageName}</strong> with any of the ticked events.
      </p>
      <input
        ref={search}
        type="search"
        className="event-search"
        placeholder={`Search ${formatCount(events.length)} event names`}
        aria-label="Search event names"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        data-testid="event-search"
      />
      <ul className="event-list" aria-label="Event names">
        {options.map((option) => (
          <li key={option.name}>
            <label className={chosen.includes(option.name) ? "chosen" : undefined}>
              <input
                type="checkbox"
                checked={chosen.includes(option.name)}
                onChange={() => toggle(option.name)}
                data-testid="event-option"
                data-name={option.name}
              />
              <span className="event-name">{option.name}</span>
              <span className="event-count">
                {option.count === null ? "not in the data" : formatCount(option.count)}
              </span>
            </label>
          </li>
        ))}
        {options.length === 0 && <li className="muted empty">No event name has “{query}”.</li>}
      </ul>
      <fieldset className="binding-condition">
        <legend>Only events where</legend>
        <ConditionFields
          form={condition}
          properties={properties}
          noneLabel="(any event: no condition)"
          idPrefix="binding"
          onChange={(next) => {
            setProblem(null);
            setCondition(next);
          }}
        />
      </fieldset>
      {problem && (
        <p className="panel-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="panel-buttons">
        {binding && (
          <button onClick={() => onSave(null)} data-testid="binding-unbind">
            Unbind
          </button>
        )}
        <span className="spacer" />
        <button onClick={onCancel} data-testid="binding-cancel">
          Cancel
        </button>
        <button className="primary" onClick={save} data-testid="binding-save">
          Save
        </button>
      </div>
    </div>
  );
}
