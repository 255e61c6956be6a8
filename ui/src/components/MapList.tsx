// The maps of the open document: choose one, create, rename, duplicate and delete.

import { useState } from "react";
import type { MapSummary } from "../bindings";

type Props = {
  maps: MapSummary[];
  selected: number | null;
  onSelect: (id: number) => void;
  onNew: () => void;
  onRename: (id: number, name: string) => void;
  onDuplicate: (id: number) => void;
  onDelete: (id: number) => void;
};

export function MapList({
  maps,
  selected,
  onSelect,
  onNew,
  onRename,
  onDuplicate,
  onDelete,
}: Props) {
  const [renaming, setRenaming] = useState<number | null>(null);
  return (
    <nav className="map-list" aria-label="Maps">
      <div className="map-list-head">
        <h2>Maps</h2>
        <button data-testid="new-map" onClick={onNew} title="New map (Ctrl+Shift+N)">
          + New map
        </button>
      </div>
      <ul>
        {maps.map((map) => (
          <li
            key={map.id}
            className={map.id === selected ? "selected" : undefined}
            data-testid="map-item"
            data-map-id={map.id}
          >
            {renaming === map.id ? (
              <RenameField
                initial={map.name}
                onDone={(name) => {
                  setRenaming(null);
                  if (name !== null && name.trim() !== "" && name.trim() !== map.name) {
                    onRename(map.id, name.trim());
                  }
                }}
              />
            ) : (
              <button
                className="map-name"
                onClick={() => onSelect(map.id)}
                onDoubleClick={() => setRenaming(map.id)}
                title={`${map.name}: ${plural(map.stages, "stage")}, ${plural(map.cards, "card")}`}
              >
                <span>{map.name}</span>
                <small>
                  {plural(map.stages, "stage")} · {plural(map.cards, "card")}
                </small>
              </button>
            )}
            <span className="map-actions">
              <Action label="Rename" icon={RENAME} onClick={() => setRenaming(map.id)} />
              <Action label="Duplicate" icon={DUPLICATE} onClick={() => onDuplicate(map.id)} />
              <Action label="Delete" icon={DELETE} onClick={() => onDelete(map.id)} />
            </span>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function RenameField({
  initial,
  onDone,
}: {
  initial: string;
  onDone: (name: string | null) => void;
}) {
  const [name, setName] = useState(initial);
  return (
    <input
      autoFocus
      data-testid="rename-map"
      value={name}
      onFocus={(event) => event.target.select()}
      onChange={(event) => setName(event.target.value)}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === "Enter") onDone(name);
        if (event.key === "Escape") onDone(null);
      }}
      onBlur={() => onDone(name)}
    />
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// Line icons drawn with the text colour, so that they need no icon font.
const RENAME = "M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4";
const DUPLICATE = "M9 9h11v11H9zM5 15H4V4h11v1";
const DELETE = "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3";

/** A small icon button of a map's row; its test id is `<label>-map`. */
function Action({ label, icon, onClick }: { label: string; icon: string; onClick: () => void }) {
  return (
    <button
      title={label}
      aria-label={label}
      data-testid={`${label.toLowerCase()}-map`}
      onClick={onClick}
    >
      <Icon d={icon} />
    </button>
  );
}

/** A line icon drawn with the text colour. */
function Icon({ d }: { d: string }) {
  return (
    <svg width="15" height="15" viewBox="0 0 24 24" aria-hidden="true">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
    </svg>
  );
}
