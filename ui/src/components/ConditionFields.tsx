// A condition on a property of the imported data: the property, the operator and the values,
// with the property's most frequent values offered as the user types.

import type { ConditionOp, PropertyValues } from "../bindings";
import { OPERATORS, splitValues, toggleValue, type ConditionForm } from "../journey";
import { formatCount } from "../importing";

type Props = {
  form: ConditionForm;
  properties: PropertyValues[];
  /** The property choice that means "no condition". */
  noneLabel: string;
  /** Makes the ids of the value list unique on the page. */
  idPrefix: string;
  onChange: (form: ConditionForm) => void;
};

/**
 * A property with this many values or fewer has them shown as buttons too: a click is quicker
 * than typing, and some systems' suggestion lists cannot be clicked. Properties with more
 * values (ids, timestamps) have them only as suggestions.
 */
const CHIPS = 12;

export function ConditionFields({ form, properties, noneLabel, idPrefix, onChange }: Props) {
  const known = properties.some((p) => p.property === form.property);
  const values = properties.find((p) => p.property === form.property)?.values ?? [];
  const listId = `${idPrefix}-values`;
  const typed = splitValues(form.op, form.values);
  return (
    <div className="condition-fields">
      <div className="condition-row">
        <select
          aria-label="Property"
          value={form.property}
          onChange={(event) => onChange({ ...form, property: event.target.value })}
          data-testid="condition-property"
        >
          <option value="">{noneLabel}</option>
          {!known && form.property !== "" && (
            <option value={form.property}>{form.property} (not in the data)</option>
          )}
          {properties.map((p) => (
            <option key={p.property} value={p.property}>
              {p.property}
            </option>
          ))}
        </select>
        {form.property !== "" && (
          <select
            aria-label="Operator"
            value={form.op}
            onChange={(event) => onChange({ ...form, op: event.target.value as ConditionOp })}
            data-testid="condition-op"
          >
            {OPERATORS.map((o) => (
              <option key={o.op} value={o.op}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </div>
      {form.property !== "" && (
        <>
          <input
            aria-label="Value"
            list={listId}
            value={form.values}
            placeholder={form.op === "one_of" ? "values, separated by commas" : "value"}
            onChange={(event) => onChange({ ...form, values: event.target.value })}
            data-testid="condition-value"
          />
          <datalist id={listId}>
            {values.map((v) => (
              <option key={v.name} value={v.name}>
                {`${formatCount(v.count)} events`}
              </option>
            ))}
          </datalist>
          {values.length > 0 && values.length <= CHIPS && (
            <div className="value-chips" aria-label="Values in the data">
              {values.map((v) => (
                <button
                  key={v.name}
                  type="button"
                  className={typed.includes(v.name) ? "chip chosen" : "chip"}
                  aria-pressed={typed.includes(v.name)}
                  onClick={() =>
                    onChange({ ...form, values: toggleValue(form.op, form.values, v.name) })
                  }
                  title={`${formatCount(v.count)} events`}
                >
                  {v.name}
                </button>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
