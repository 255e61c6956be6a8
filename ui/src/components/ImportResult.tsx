// How an import ended: rows taken and refused with the reasons, a file imported before, a
// file refused whole, or an import the user stopped.

import { useEffect, useRef } from "react";
import type { ImportFinished, RefusedRows } from "../bindings";
import {
  KINDS,
  formatCount,
  formatLines,
  formatMoment,
  formatSpan,
  plural,
  sentence,
} from "../importing";

type Props = {
  fileName: string;
  /** The zone times without an offset were read in. */
  zone: string;
  finished: ImportFinished;
  onDone: () => void;
  onBack: () => void;
  onShowImports: () => void;
};

export function ImportResult({ fileName, zone, finished, onDone, onBack, onShowImports }: Props) {
  const done = useRef<HTMLButtonElement>(null);
  useEffect(() => done.current?.focus(), []);

  const report = finished.report;
  const failed = !report;
  const buttons = (
    <div className="dialog-buttons">
      {failed ? (
        <button onClick={onBack} data-testid="import-back">
          Back to the settings
        </button>
      ) : (
        <button onClick={onShowImports} data-testid="show-imports">
          Show imported data
        </button>
      )}
      <button ref={done} className="primary" onClick={onDone} data-testid="import-done">
        {failed ? "Close" : "Done"}
      </button>
    </div>
  );

  if (finished.cancelled) {
    return (
      <div className="import-result" data-testid="import-result" data-outcome="cancelled">
        <h2>Import cancelled</h2>
        <p>The import of {fileName} was stopped. Nothing of it was kept.</p>
        {buttons}
      </div>
    );
  }

  if (!report) {
    return (
      <div className="import-result" data-testid="import-result" data-outcome="refused">
        <h2>Nothing was imported</h2>
        <p className="import-error" role="alert" data-testid="import-error">
          {sentence(finished.error ?? "the import failed for a reason Waymark did not report")}
        </p>
        {finished.refused.length > 0 && <RefusedTable refused={finished.refused} />}
        {buttons}
      </div>
    );
  }

  const info = report.import;
  const kind = KINDS.find((k) => k.kind === info.kind)?.label.toLowerCase() ?? info.kind;
  if (report.already_imported) {
    return (
      <div className="import-result" data-testid="import-result" data-outcome="already">
        <h2>Already imported</h2>
        <p className="import-notice" data-testid="already-imported">
          {fileName} was already imported as {kind} on {formatMoment(info.imported_at)}, with{" "}
          {plural(info.rows_taken, "row")}. Nothing was added, so no row is counted twice.
        </p>
        <p className="muted">
          To import it again, for example with other column roles, remove that import under Imported
          data first.
        </p>
        {buttons}
      </div>
    );
  }

  const span = formatSpan(info.first_at, info.last_at);
  return (
    <div className="import-result" data-testid="import-result" data-outcome="imported">
      <h2>Imported {fileName}</h2>
      <div className="result-figures">
        <Figure
          value={formatCount(info.rows_taken)}
          label={`${info.rows_taken === 1 ? "row" : "rows"} of ${kind}`}
          testId="rows-taken"
        />
        <Figure
          value={formatCount(info.rows_refused)}
          label={info.rows_refused === 1 ? "row refused" : "rows refused"}
          testId="rows-refused"
          warn={info.rows_refused > 0}
        />
        {span && <Figure value={span} label="time span" testId="time-span" small />}
      </div>
      {report.time_format && (
        <p className="muted">
          Times were read as {report.time_format}; those without an offset in {zone}.
        </p>
      )}
      {info.refused.length > 0 ? (
        <>
          <h3>Why rows were refused</h3>
          <RefusedTable refused={info.refused} />
        </>
      ) : (
        <p className="muted">Every row was taken.</p>
      )}
      {buttons}
    </div>
  );
}

function Figure(props: {
  value: string;
  label: string;
  testId: string;
  warn?: boolean;
  small?: boolean;
}) {
  const className = ["figure", props.warn && "warn", props.small && "small"].filter(Boolean);
  return (
    <div className={className.join(" ")}>
      <strong data-testid={props.testId}>{props.value}</strong>
      <span>{props.label}</span>
    </div>
  );
}

/** Each reason rows were refused for, with how many, where, and the first full message. */
export function RefusedTable({ refused }: { refused: RefusedRows[] }) {
  return (
    <div className="refused-wrap">
      <table className="refused" data-testid="refused">
        <thead>
          <tr>
            <th scope="col" className="reason">
              Reason
            </th>
            <th scope="col" className="number">
              Rows
            </th>
            <th scope="col">Where</th>
            <th scope="col">First message</th>
          </tr>
        </thead>
        <tbody>
          {refused.map((r) => (
            <tr key={r.reason} data-testid="refused-reason">
              <td className="reason">{sentence(r.reason)}</td>
              <td className="number">{formatCount(r.count)}</td>
              <td className="lines" data-testid="refused-lines">
                {formatLines(r.lines, r.count)}
              </td>
              <td className="example" title={r.example}>
                {r.example}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
