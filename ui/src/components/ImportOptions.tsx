// The choices above the preview: what the file holds, the time zone its times are read in, the
// order of day and month, the purchase event's name, and how the file is read.

import type { DataKind, ImportSettings, Preview } from "../bindings";
import { DELIMITERS, ENCODINGS, KINDS, dateOrder } from "../importing";
import { ZonePicker } from "./ZonePicker";

type Props = {
  preview: Preview;
  settings: ImportSettings;
  zone: string;
  eventName: string;
  zones: string[];
  onKind: (kind: DataKind) => void;
  /** A change to how the file is read; `reguess` when it changes the columns. */
  onReading: (next: ImportSettings, reguess: boolean) => void;
  onDayFirst: (dayFirst: boolean) => void;
  onZone: (zone: string) => void;
  onEventName: (name: string) => void;
};

export function ImportOptions(props: Props) {
  const { preview, settings } = props;
  const order = dateOrder(preview.time_format, preview.ambiguous_dates, settings.day_first);
  return (
    <section className="import-options" aria-label="Import options">
      <div className="option-row">
        <label className="option">
          <span className="option-label">The file holds</span>
          <select
            data-testid="import-kind"
            value={settings.kind}
            onChange={(event) => props.onKind(event.target.value as DataKind)}
          >
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
          <small>{KINDS.find((k) => k.kind === settings.kind)?.hint}</small>
        </label>
        <div className="option zone-option">
          <label className="option-label" htmlFor="import-zone">
            Time zone
          </label>
          <ZonePicker zones={props.zones} value={props.zone} onChange={props.onZone} />
          <small>Times without an offset are read in this zone.</small>
        </div>
        {order.shown && (
          <div
            role="radiogroup"
            aria-labelledby="date-order-label"
            className={order.dayFirst === null ? "option date-order missing" : "option date-order"}
            data-testid="date-order"
          >
            <span className="option-label" id="date-order-label">
              Dates like 03/04/2024
            </span>
            <label>
              <input
                type="radio"
                name="day-first"
                checked={order.dayFirst === true}
                onChange={() => props.onDayFirst(true)}
              />
              Day first (3 April)
            </label>
            <label>
              <input
                type="radio"
                name="day-first"
                checked={order.dayFirst === false}
                onChange={() => props.onDayFirst(false)}
              />
              Month first (March 4)
            </label>
          </div>
        )}
        {settings.kind === "orders" && (
          <label className="option">
            <span className="option-label">Event name of each order</span>
            <input
              data-testid="import-event-name"
              value={props.eventName}
              spellCheck={false}
              onChange={(event) => props.onEventName(event.target.value)}
            />
            <small>Orders become events of this name.</small>
          </label>
        )}
      </div>
      <ReadingOptions {...props} />
    </section>
  );
}

/** Encoding, delimiter and header: detected, and shown so that they can be corrected. */
function ReadingOptions({ preview, settings, onReading }: Props) {
  const encodings = ENCODINGS.includes(settings.encoding ?? "")
    ? ENCODINGS
    : [...ENCODINGS, ...(settings.encoding ? [settings.encoding] : [])];
  const delimiterName = (value: string) =>
    DELIMITERS.find((d) => d.value === value)?.label.toLowerCase() ?? value;
  return (
    <div className="option-row reading" aria-label="How the file is read">
      <label>
        Encoding
        <select
          data-testid="import-encoding"
          value={settings.encoding ?? ""}
          onChange={(event) =>
            onReading({ ...settings, encoding: event.target.value || null }, false)
          }
        >
          <option value="">Detected: {preview.encoding}</option>
          {encodings.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Delimiter
        <select
          data-testid="import-delimiter"
          value={settings.delimiter ?? ""}
          onChange={(event) =>
            onReading({ ...settings, delimiter: event.target.value || null }, true)
          }
        >
          <option value="">Detected: {delimiterName(preview.delimiter)}</option>
          {DELIMITERS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          data-testid="import-header"
          checked={settings.has_header ?? preview.has_header}
          onChange={(event) => onReading({ ...settings, has_header: event.target.checked }, true)}
        />
        First row is a header
      </label>
    </div>
  );
}
