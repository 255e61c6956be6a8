// The toolbar's word on the map's numbers: how far their computation is, with a way to stop
// it, or that they are out of date after a computation was stopped or failed.

import type { MetricsJob } from "../useMetrics";

type Props = {
  job: MetricsJob | null;
  /** The shown map's numbers are out of date and nothing is computing them. */
  stale: boolean;
  onCancel: () => void;
  onUpdate: () => void;
};

export function MetricsStatus({ job, stale, onCancel, onUpdate }: Props) {
  if (job) {
    const { progress } = job;
    const fraction =
      progress && progress.events > 0 ? Math.min(1, progress.events_read / progress.events) : 0;
    const percent = Math.round(fraction * 100);
    const doing = fraction < 1 ? "Reading events…" : "Computing the numbers…";
    return (
      <span className="metrics-status" data-testid="metrics-progress" aria-live="polite">
        <span className="metrics-status-text">{job.stopping ? "Stopping…" : doing}</span>
        <span className="metrics-percent">{fraction < 1 ? `${percent}%` : ""}</span>
        <span
          className={progress ? "progress-bar small" : "progress-bar small waiting"}
          role="progressbar"
          aria-label="Share of the events read"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress ? percent : undefined}
        >
          <span className="progress-fill" style={{ width: `${percent}%` }} />
        </span>
        <button onClick={onCancel} disabled={job.stopping} data-testid="metrics-cancel">
          Cancel
        </button>
      </span>
    );
  }
  if (!stale) return null;
  return (
    <span className="metrics-status stale" data-testid="metrics-stale">
      <span className="metrics-status-text">Numbers out of date</span>
      <button onClick={onUpdate} data-testid="metrics-update" title="Compute the numbers again">
        Update
      </button>
    </span>
  );
}
