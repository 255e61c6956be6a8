// A searchable choice among several hundred time zones: type part of a city or region, pick
// with the arrow keys and Enter or with the mouse. What was typed only counts once it names a
// zone; otherwise the field goes back to the zone chosen before.

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { matchZone, searchZones, zoneOffset } from "../importing";

type Props = {
  zones: string[];
  value: string;
  onChange: (zone: string) => void;
};

export function ZonePicker({ zones, value, onChange }: Props) {
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const focusedByPointer = useRef(false);
  const list = useId();
  const matches = useMemo(() => searchZones(zones, query ?? ""), [zones, query]);

  useEffect(() => {
    if (open) document.getElementById(`${list}-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [open, active, list]);

  function choose(zone: string) {
    onChange(zone);
    setQuery(null);
    setOpen(false);
  }

  function commit() {
    const zone = query === null ? null : matchZone(zones, query);
    if (zone) onChange(zone);
    setQuery(null);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const step = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
    if (step !== 0) {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive((i) => Math.min(Math.max(i + step, 0), matches.length - 1));
    } else if (event.key === "Enter" && open) {
      // The dialog would import on Enter; here it picks the zone.
      event.preventDefault();
      event.stopPropagation();
      const zone = matches[active] ?? (query === null ? null : matchZone(zones, query));
      if (zone) choose(zone);
      else commit();
    } else if (event.key === "Escape" && open) {
      event.stopPropagation();
      setQuery(null);
      setOpen(false);
    }
  }

  // "now UTC+1": the offset today, which summer time may change; nothing for UTC itself.
  const offset = value === "UTC" || value === "Etc/UTC" ? "" : zoneOffset(value);
  return (
    <div className="zone-picker">
      <input
        id="import-zone"
        role="combobox"
        aria-expanded={open}
        aria-controls={list}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${list}-${active}` : undefined}
        data-testid="import-zone"
        spellCheck={false}
        autoComplete="off"
        value={query ?? value}
        onFocus={(event) => {
          focusedByPointer.current = true;
          event.target.select();
        }}
        // WebKit puts the caret where the click was after the focus selected everything;
        // the first click into the field keeps the whole name selected, to type over it.
        onMouseUp={(event) => {
          if (!focusedByPointer.current) return;
          event.preventDefault();
          event.currentTarget.select();
          focusedByPointer.current = false;
        }}
        onKeyUp={() => (focusedByPointer.current = false)}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
      {query === null && offset && <span className="zone-offset">now {offset}</span>}
      {open && (
        <ul className="zone-list" id={list} role="listbox" data-testid="zone-list">
          {matches.length === 0 && <li className="zone-none">No time zone matches “{query}”</li>}
          {matches.map((zone, index) => (
            <li
              key={zone}
              id={`${list}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? "active" : undefined}
              // Chosen on mouse down, before the field's blur would put the old zone back.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(zone);
              }}
              onMouseEnter={() => setActive(index)}
            >
              <span>{zone.replace(/_/g, " ")}</span>
              <small>{zoneOffset(zone)}</small>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
