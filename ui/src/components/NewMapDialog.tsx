// Choosing a template and a name for a new map.

import { useState } from "react";
import type { Template, TemplateInfo } from "../bindings";

type Props = {
  templates: TemplateInfo[];
  onCreate: (template: Template, name: string) => void;
  onCancel: () => void;
};

export function NewMapDialog({ templates, onCreate, onCancel }: Props) {
  const [template, setTemplate] = useState<Template>(templates[0]?.template ?? "blank");
  const defaultName = templates.find((t) => t.template === template)?.title ?? "New map";
  const [name, setName] = useState<string | null>(null);
  const chosenName = (name ?? defaultName).trim();
  return (
    <div
      className="dialog-backdrop"
      onKeyDown={(event) => event.key === "Escape" && onCancel()}
      onPointerDown={(event) => event.target === event.currentTarget && onCancel()}
    >
      <form
        className="dialog"
        role="dialog"
        aria-label="New map"
        data-testid="new-map-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (chosenName !== "") onCreate(template, chosenName);
        }}
      >
        <h2>New map</h2>
        <div className="templates">
          {templates.map((t) => (
            <label
              key={t.template}
              className={t.template === template ? "template chosen" : "template"}
              data-testid={`template-${t.template}`}
            >
              <input
                type="radio"
                name="template"
                checked={t.template === template}
                onChange={() => setTemplate(t.template)}
              />
              <strong>{t.title}</strong>
              <span>{t.description}</span>
            </label>
          ))}
        </div>
        <label className="field">
          Name
          <input
            data-testid="new-map-name"
            value={name ?? defaultName}
            onChange={(event) => setName(event.target.value)}
            autoFocus
            onFocus={(event) => event.target.select()}
            onKeyDown={(event) => {
              if (event.key === "Escape") onCancel();
              event.stopPropagation();
            }}
          />
        </label>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            data-testid="create-map"
            disabled={chosenName === ""}
          >
            Create map
          </button>
        </div>
      </form>
    </div>
  );
}
