// A running import: how much of the file is read, how fast, how long is left, and a way to stop.

import { useEffect, useRef } from "react";
import type { Progress } from "../bindings";
import { formatBytes, formatDuration, formatRate, plural, progressFigures } from "../importing";

type Props = {
  fileName: string;
  progress: Progress | null;
  /** Escape was pressed: the dialog asks whether to stop. */
  asking: boolean;
  stopping: boolean;
  onCancel: () => void;
  onKeepGoing: () => void;
};

export function ImportProgress({
  fileName,
  progress,
  asking,
  stopping,
  onCancel,
  onKeepGoing,
}: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    (asking ? keep : cancel).current?.focus();
  }, [asking]);

  const figures = progress ? progressFigures(progress) : null;
  const percent = figures ? Math.round(figures.fraction * 100) : null;
  return (
    <div className="import-progress" data-testid="import-progress">
      <h2>Importing {fileName}</h2>
      <div
        className={figures ? "progress-bar" : "progress-bar waiting"}
        role="progressbar"
        aria-label="Share of the file read"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div className="progress-fill" style={{ width: `${percent ?? 0}%` }} />
      </div>
      {figures && progress ? (
        <dl className="progress-figures">
          <div>
            <dt>Read</dt>
            <dd>
              {`${percent}% · ${formatBytes(progress.bytes_read)} of ` +
                formatBytes(progress.bytes_total)}
            </dd>
          </div>
          <div>
            <dt>Rows</dt>
            <dd data-testid="progress-rows">
              {plural(figures.rows, "row")}
              {progress.rows_refused > 0 && ` (${formatRefusedSoFar(progress.rows_refused)})`}
            </dd>
          </div>
          <div>
            <dt>Speed</dt>
            <dd>{figures.rowsPerSecond > 0 ? formatRate(figures.rowsPerSecond) : "—"}</dd>
          </div>
          <div>
            <dt>Time left</dt>
            <dd>
              {figures.secondsLeft === null
                ? "working it out…"
                : formatDuration(figures.secondsLeft)}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="muted">Starting…</p>
      )}
      {asking && !stopping ? (
        <div className="import-ask" role="alertdialog" aria-label="Stop the import?">
          <span>Stop the import? Nothing of this file will be kept.</span>
          <button ref={keep} onClick={onKeepGoing} data-testid="keep-importing">
            Keep importing
          </button>
          <button className="danger" onClick={onCancel} data-testid="stop-import">
            Stop import
          </button>
        </div>
      ) : (
        <div className="dialog-buttons">
          <span className="muted">
            {stopping ? "Stopping… everything read so far is being taken back." : ""}
          </span>
          <button ref={cancel} onClick={onCancel} disabled={stopping} data-testid="cancel-import">
            Cancel import
          </button>
        </div>
      )}
    </div>
  );
}

function formatRefusedSoFar(count: number): string {
  return `${plural(count, "row")} refused so far`;
}
