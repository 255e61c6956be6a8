// Binding a stage to data: the event names that mark a customer reaching it, chosen from the
// imported ones, and an optional condition on the events' properties.

import { useEffect, useRef, useState } from "react";
import type { NameCount, PropertyValues, StageBinding } from "../bindings";
import { formatCount } from "../importing";
import { conditionForm, eventOptions, readCondition } from "../journey";
import { ConditionFields } from "./ConditionFields";
import { EventChecklist } from "./EventChecklist";
import { formKeys } from "./formKeys";

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

  return (
    <div
      className="binding-editor"
      data-testid="binding-panel"
      role="group"
      aria-label={`Bind ${stageName} to data`}
      onKeyDown={formKeys(save, onCancel)}
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
      <EventChecklist
        options={options}
        chosen={chosen}
        onToggle={toggle}
        className="event-list"
        label="Event names"
        testId="event-option"
        empty={`No event name has “${query}”.`}
        rows={eventOptions(events, "", binding?.events ?? []).length}
      />
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
      {/* Under the buttons, so that it coming and going moves none of them. */}
      {problem && (
        <p className="panel-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
