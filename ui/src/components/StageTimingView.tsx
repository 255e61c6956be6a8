// How long the shown group took to reach the selected stage from the bound stage before it:
// the median, the mean and the 90th percentile, and a bar per span of time.

import { formatCount } from "../importing";
import { formatSeconds, type StageTiming } from "../journey";

const WIDTH = 340;
const LABEL_WIDTH = 96;
const BAR_X = LABEL_WIDTH + 6;
const COUNT_WIDTH = 44;
const BAR_MAX = WIDTH - BAR_X - COUNT_WIDTH;
const ROW = 18;

export function StageTimingView({ timing, group }: { timing: StageTiming; group: string }) {
  const bins = timing.histogram;
  const most = Math.max(1, ...bins.map((b) => b.count));
  const height = bins.length * ROW + 4;
  return (
    <div className="stage-timing" data-testid="stage-timing">
      <h4>Time from {timing.previous}</h4>
      <p className="panel-note muted">
        {group}: {formatCount(timing.customers)} reached this stage
      </p>
      <div className="panel-figures">
        <div className="panel-figure">
          <strong data-testid="timing-median">{formatSeconds(timing.median)}</strong>
          <span>median</span>
        </div>
        <div className="panel-figure">
          <strong data-testid="timing-mean">{formatSeconds(timing.mean)}</strong>
          <span>mean</span>
        </div>
        <div className="panel-figure">
          <strong data-testid="timing-p90">{formatSeconds(timing.p90)}</strong>
          <span>90% within</span>
        </div>
      </div>
      {bins.length > 0 && (
        <svg
          className="histogram"
          viewBox={`0 0 ${WIDTH} ${height}`}
          width="100%"
          role="img"
          aria-label={`Time from ${timing.previous}: ${bins
            .map((b) => `${b.label}: ${formatCount(b.count)}`)
            .join(", ")}`}
          data-testid="timing-histogram"
        >
          {bins.map((bin, i) => {
            const width = (bin.count / most) * BAR_MAX;
            const y = i * ROW;
            return (
              <g key={bin.label}>
                <text x={LABEL_WIDTH} y={y + 13} textAnchor="end" className="axis-label">
                  {bin.label}
                </text>
                <rect x={BAR_X} y={y + 3} width={width} height={ROW - 6} rx={2} className="bar" />
                <text x={BAR_X + width + 4} y={y + 13} className="bar-count">
                  {formatCount(bin.count)}
                </text>
              </g>
            );
          })}
          <line x1={BAR_X} x2={BAR_X} y1={0} y2={bins.length * ROW} className="axis" />
        </svg>
      )}
    </div>
  );
}
