// The gap from the first purchase to the second as a histogram: a bar per span of days, with
// the median and the quartiles drawn across the bars where they fall.

import type { Gap } from "../bindings";
import { formatCount } from "../importing";
import { formatDays, markerOffset, spreadLabels } from "../journey";

// The drawing's own units; the SVG scales to the panel's width.
const WIDTH = 340;
const LABEL_WIDTH = 86;
const BAR_X = LABEL_WIDTH + 6;
const COUNT_WIDTH = 40;
const MARKER_WIDTH = 52;
const BAR_MAX = WIDTH - BAR_X - COUNT_WIDTH - MARKER_WIDTH;
const ROW = 20;
const TOP = 6;
// Marker labels are 10 units tall; closer than this they would overlap.
const LABEL_GAP = 11;

type Marker = { key: string; label: string; days: number; strong: boolean };

export function RepeatHistogram({ gap }: { gap: Gap }) {
  const bins = gap.histogram;
  const most = Math.max(1, ...bins.map((b) => b.count));
  const height = TOP + bins.length * ROW + 22;
  const bottom = TOP + bins.length * ROW;
  const widths = bins.map((bin) => (bin.count / most) * BAR_MAX);

  const markers: Marker[] = [
    { key: "p25", label: "p25", days: gap.p25_days ?? NaN, strong: false },
    { key: "median", label: "median", days: gap.median_days ?? NaN, strong: true },
    { key: "p75", label: "p75", days: gap.p75_days ?? NaN, strong: false },
  ].filter((m) => markerOffset(bins, m.days) !== null);
  const ys = markers.map((m) => TOP + markerOffset(bins, m.days)! * ROW);
  const labelYs = spreadLabels(ys, LABEL_GAP, TOP + 8, bottom);
  const lineEnd = BAR_X + BAR_MAX + COUNT_WIDTH - 4;

  return (
    <svg
      className="histogram"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label={histogramLabel(gap)}
      data-testid="repeat-histogram"
    >
      {bins.map((bin, i) => (
        <g key={bin.label} data-testid="histogram-bin">
          <text x={LABEL_WIDTH} y={TOP + i * ROW + 14} textAnchor="end" className="axis-label">
            {bin.label}
          </text>
          <rect
            x={BAR_X}
            y={TOP + i * ROW + 3}
            width={widths[i]}
            height={ROW - 6}
            rx={2}
            className="bar"
          />
        </g>
      ))}
      <line x1={BAR_X} x2={BAR_X} y1={TOP} y2={bottom} className="axis" />
      <text x={BAR_X} y={bottom + 16} className="axis-title">
        buyers, by days to the 2nd purchase
      </text>
      {markers.map((m, i) => (
        <g
          key={m.key}
          className={m.strong ? "marker strong" : "marker"}
          data-testid={`marker-${m.key}`}
        >
          <title>{`${m.label}: ${formatDays(m.days)}`}</title>
          <line x1={BAR_X} x2={lineEnd} y1={ys[i]} y2={ys[i]} />
          <line x1={lineEnd} x2={lineEnd + 4} y1={ys[i]} y2={labelYs[i]} />
          <text x={lineEnd + 6} y={labelYs[i]! + 3.5}>
            {m.label}
          </text>
        </g>
      ))}
      {/* Counts last, with a halo, so a marker line crossing one leaves it readable. */}
      {bins.map((bin, i) => (
        <text
          key={bin.label}
          x={BAR_X + widths[i]! + 4}
          y={TOP + i * ROW + 14}
          className="bar-count"
        >
          {formatCount(bin.count)}
        </text>
      ))}
    </svg>
  );
}

function histogramLabel(gap: Gap): string {
  const bars = gap.histogram.map((b) => `${b.label}: ${formatCount(b.count)}`).join(", ");
  return `Days from the first purchase to the second, ${formatCount(gap.count)} buyers. ${bars}.`;
}
