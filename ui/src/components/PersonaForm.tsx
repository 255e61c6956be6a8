// Adding or changing a persona: its name, its colour and the rule on the data that says which
// customers it is.

import { useEffect, useRef, useState } from "react";
import type { Persona, PropertyValues } from "../bindings";
import { PERSONA_COLOURS, conditionForm, readCondition } from "../journey";
import { ConditionFields } from "./ConditionFields";
import { formKeys } from "./formKeys";

type Props = {
  persona: Persona;
  properties: PropertyValues[];
  onSave: (persona: Persona) => void;
  onCancel: () => void;
  /** Removes the persona; absent for one being added. */
  onDelete?: () => void;
};

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Enter saves and Escape cancels, from anywhere in the form but its buttons. */
export function PersonaForm({ persona, properties, onSave, onCancel, onDelete }: Props) {
  const [name, setName] = useState(persona.name);
  const [colour, setColour] = useState(persona.colour);
  const [rule, setRule] = useState(conditionForm(persona.rule));
  const [problem, setProblem] = useState<string | null>(null);
  const nameField = useRef<HTMLInputElement>(null);
  useEffect(() => nameField.current?.focus(), []);

  function save() {
    if (name.trim() === "") {
      setProblem("Give the persona a name.");
      return;
    }
    if (!HEX.test(colour)) {
      setProblem("Write the colour as # and six hex digits, like #2563eb.");
      return;
    }
    const reading = readCondition(rule);
    if (!reading.ok) {
      setProblem(reading.problem);
      return;
    }
    onSave({ ...persona, name: name.trim(), colour, rule: reading.condition });
  }

  return (
    <div
      className="persona-form"
      data-testid="persona-form"
      role="group"
      aria-label={persona.id === null ? "New persona" : `Edit ${persona.name}`}
      onKeyDown={formKeys(save, onCancel)}
    >
      <label className="panel-field">
        <span>Name</span>
        <input
          ref={nameField}
          value={name}
          onChange={(event) => setName(event.target.value)}
          data-testid="persona-name"
        />
      </label>
      <div className="panel-field">
        <span id="persona-colour-label">Colour</span>
        <div className="colour-row" role="radiogroup" aria-labelledby="persona-colour-label">
          {PERSONA_COLOURS.map((c) => (
            <button
              key={c}
              type="button"
              role="radio"
              aria-checked={c === colour}
              aria-label={c}
              className={c === colour ? "swatch-button chosen" : "swatch-button"}
              style={{ background: c }}
              onClick={() => setColour(c)}
            />
          ))}
          <span
            className="swatch"
            style={{ background: HEX.test(colour) ? colour : "transparent" }}
            aria-hidden="true"
          />
          <input
            className="colour-text"
            aria-label="Colour as hex"
            value={colour}
            onChange={(event) => setColour(event.target.value.trim())}
            data-testid="persona-colour"
          />
        </div>
      </div>
      <div className="panel-field">
        <span>Customers it takes</span>
        <ConditionFields
          form={rule}
          properties={properties}
          noneLabel="(no rule: drawn by hand, no numbers)"
          idPrefix={`persona-${persona.id ?? "new"}`}
          onChange={(next) => {
            setProblem(null);
            setRule(next);
          }}
        />
        <small className="muted">
          Judged on each customer's first event that carries the property.
        </small>
      </div>
      <div className="panel-buttons">
        {onDelete && (
          <button className="link danger-link" onClick={onDelete} data-testid="persona-delete">
            Delete persona
          </button>
        )}
        <span className="spacer" />
        <button onClick={onCancel} data-testid="persona-cancel">
          Cancel
        </button>
        <button className="primary" onClick={save} data-testid="persona-save">
          {persona.id === null ? "Add persona" : "Save"}
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
