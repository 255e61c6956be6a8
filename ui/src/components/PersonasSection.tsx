// The document's personas: each with its colour, name and rule, and a form to add or change
// one. Personas belong to the document, so every map's numbers split by them.

import { useState } from "react";
import type { Edit, Persona, PropertyValues } from "../bindings";
import { conditionText, nextPersonaColour } from "../journey";
import { PersonaForm } from "./PersonaForm";

type Props = {
  personas: Persona[];
  properties: PropertyValues[];
  onEdit: (edit: Edit) => Promise<boolean>;
};

export function PersonasSection({ personas, properties, onEdit }: Props) {
  // The persona being edited: its id, "new" for one being added, or none.
  const [editing, setEditing] = useState<number | "new" | null>(null);

  async function save(persona: Persona) {
    const edit: Edit =
      persona.id === null
        ? { type: "create_persona", persona }
        : { type: "update_persona", persona };
    if (await onEdit(edit)) setEditing(null);
  }

  // Undo brings it back; a persona a map uses is refused, with the reason, by the document.
  async function remove(id: number) {
    if (await onEdit({ type: "delete_persona", persona: id })) setEditing(null);
  }

  const form = (persona: Persona) => (
    <PersonaForm
      key={persona.id ?? "new"}
      persona={persona}
      properties={properties}
      onSave={(next) => void save(next)}
      onCancel={() => setEditing(null)}
      onDelete={persona.id === null ? undefined : () => void remove(persona.id!)}
    />
  );

  return (
    <div className="personas">
      {personas.length === 0 && editing !== "new" && (
        <p className="panel-note muted">
          No personas yet. A persona splits the numbers by a rule on the data, such as
          acquisition_channel = email.
        </p>
      )}
      <ul className="persona-list">
        {personas.map((persona) =>
          editing === persona.id ? (
            <li key={persona.id}>{form(persona)}</li>
          ) : (
            <li key={persona.id} className="persona-row" data-testid="persona-row">
              <span className="swatch" style={{ background: persona.colour }} aria-hidden="true" />
              <span className="persona-text">
                <strong>{persona.name}</strong>
                <small className={persona.rule ? undefined : "muted"}>
                  {persona.rule ? conditionText(persona.rule) : "no rule: no numbers"}
                </small>
              </span>
              <button
                className="persona-edit"
                onClick={() => setEditing(persona.id)}
                disabled={editing !== null}
                aria-label={`Edit ${persona.name}`}
                data-testid="persona-edit"
              >
                Edit
              </button>
            </li>
          ),
        )}
      </ul>
      {editing === "new" ? (
        form({
          id: null,
          name: "",
          description: "",
          colour: nextPersonaColour(personas),
          rule: null,
        })
      ) : (
        <div className="panel-buttons">
          <button
            onClick={() => setEditing("new")}
            disabled={editing !== null}
            data-testid="persona-add"
          >
            + Add persona
          </button>
        </div>
      )}
    </div>
  );
}
