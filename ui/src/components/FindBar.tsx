// Ctrl+F: a field over the canvas that selects, and scrolls to, the cards holding its text.
// Enter goes to the next match, Shift+Enter to the one before, Escape closes it.

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { MapData } from "../bindings";
import { findCards, nextMatch } from "../find";

type Props = {
  map: MapData;
  /** The card selected now, when one is. */
  selected: number | null;
  onSelect: (card: number) => void;
  onClose: () => void;
};

export function FindBar({ map, selected, onSelect, onClose }: Props) {
  const [query, setQuery] = useState("");
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  const matches = findCards(map, query);
  const at = selected === null ? -1 : matches.indexOf(selected);

  function go(back: boolean) {
    const next = nextMatch(matches, selected, back);
    if (next !== null) onSelect(next);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === "Enter") {
      event.preventDefault();
      go(event.shiftKey);
    }
  }

  const count =
    query.trim() === ""
      ? ""
      : matches.length === 0
        ? "No card has it"
        : at >= 0
          ? `${at + 1} of ${matches.length}`
          : `${matches.length} found`;
  return (
    <div className="find-bar" role="search" data-testid="find-bar">
      <input
        ref={field}
        type="search"
        placeholder="Find a card"
        aria-label="Find a card by its text"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          const first = findCards(map, event.target.value)[0];
          if (first !== undefined) onSelect(first);
        }}
        onKeyDown={onKeyDown}
        data-testid="find-input"
      />
      <span className="find-count" data-testid="find-count">
        {count}
      </span>
      <button onClick={() => go(true)} disabled={matches.length === 0} aria-label="Previous">
        ↑
      </button>
      <button onClick={() => go(false)} disabled={matches.length === 0} aria-label="Next">
        ↓
      </button>
      <button onClick={onClose} aria-label="Close find" data-testid="find-close">
        ×
      </button>
    </div>
  );
}
