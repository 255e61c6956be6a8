// The data imported into the document: each file with its kind, when, how many rows it brought
// and refused, the time its rows span, and a way to take it out again.

import { useEffect, useRef } from "react";
import type { ImportInfo } from "../bindings";
import { KINDS, formatCount, formatMoment, formatSpan } from "../importing";
import { Modal } from "./Modal";

type Props = {
  imports: ImportInfo[] | null;
  /** The import being removed, whose button waits. */
  removing: number | null;
  onRemove: (info: ImportInfo) => void;
  onImport: () => void;
  onClose: () => void;
};

export function ImportsPanel({ imports, removing, onRemove, onImport, onClose }: Props) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  const rows = imports?.reduce((sum, info) => sum + info.rows_taken, 0) ?? 0;
  return (
    <Modal
      label="Imported data"
      testId="imports-panel"
      className="imports-panel"
      onEscape={onClose}
    >
      <header className="import-head">
        <h2>Imported data</h2>
        {imports && imports.length > 0 && (
          <span className="muted" data-testid="imports-summary">
            {imports.length === 1 ? "1 file" : `${imports.length} files`}, {formatCount(rows)}{" "}
            {rows === 1 ? "row" : "rows"}
          </span>
        )}
      </header>
      {imports === null ? (
        <p className="muted">Reading…</p>
      ) : imports.length === 0 ? (
        <div className="imports-empty" data-testid="imports-empty">
          <p>Nothing has been imported into this document yet.</p>
          <p className="muted">
            Import CSV exports of events, orders, people, support tickets or survey answers: choose
            Import data, or drop the files on the window.
          </p>
        </div>
      ) : (
        <div className="imports-wrap">
          <table className="imports" data-testid="imports">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Holds</th>
                <th scope="col">Imported</th>
                <th scope="col" className="number">
                  Rows
                </th>
                <th scope="col" className="number">
                  Refused
                </th>
                <th scope="col">Time span</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {imports.map((info) => (
                <ImportRow
                  key={info.id}
                  info={info}
                  removing={removing === info.id}
                  onRemove={() => onRemove(info)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="dialog-buttons">
        <button onClick={onImport} data-testid="imports-import">
          Import data…
        </button>
        <span className="spacer" />
        <button ref={close} className="primary" onClick={onClose} data-testid="imports-close">
          Close
        </button>
      </div>
    </Modal>
  );
}

function ImportRow(props: { info: ImportInfo; removing: boolean; onRemove: () => void }) {
  const { info } = props;
  const kind = KINDS.find((k) => k.kind === info.kind)?.label ?? info.kind;
  const refusedTitle = info.refused
    .map((r) => `${formatCount(r.count)} × ${r.reason}: ${r.example}`)
    .join("\n");
  return (
    <tr data-testid="import-row" data-import-id={info.id}>
      <td className="file" title={info.file_name}>
        {info.file_name}
      </td>
      <td>{kind}</td>
      <td className="nowrap">{formatMoment(info.imported_at)}</td>
      <td className="number">{formatCount(info.rows_taken)}</td>
      <td
        className={info.rows_refused > 0 ? "number warn" : "number"}
        title={refusedTitle || undefined}
      >
        {formatCount(info.rows_refused)}
      </td>
      <td className="nowrap">{formatSpan(info.first_at, info.last_at) ?? "—"}</td>
      <td className="actions">
        <button
          onClick={props.onRemove}
          disabled={props.removing}
          data-testid="remove-import"
          aria-label={`Remove ${info.file_name}`}
        >
          {props.removing ? "Removing…" : "Remove"}
        </button>
      </td>
    </tr>
  );
}
