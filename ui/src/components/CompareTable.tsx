// The funnel of every group side by side: a row per bound stage, four columns per group, each
// group's drop-off point marked.

import type { MapData, MapMetrics } from "../bindings";
import {
  compareRows,
  formatNumber,
  formatPercent,
  formatSeconds,
  type CompareCell,
} from "../journey";

type Props = { map: MapData; metrics: MapMetrics };

export function CompareTable({ map, metrics }: Props) {
  const groups = metrics.funnel?.groups ?? [];
  const rows = compareRows(map, metrics);
  if (groups.length === 0 || rows.length === 0)
    return <p className="panel-note muted">Bind stages to data to compare the groups.</p>;
  return (
    <>
      <div className="compare-wrap">
        <table className="compare" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col" rowSpan={2} className="stage-col">
                Stage
              </th>
              {groups.map((g) => (
                <th key={g.group} scope="colgroup" colSpan={4} className="group-head">
                  {g.colour && (
                    <span className="swatch" style={{ background: g.colour }} aria-hidden="true" />
                  )}
                  {g.group}
                </th>
              ))}
            </tr>
            <tr>
              {groups.map((g) => (
                <SubHeads key={g.group} />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.stageId ?? row.stage}>
                <th scope="row" className="stage-col">
                  {row.stage}
                </th>
                {row.cells.map((cell, i) => (
                  <Cells key={groups[i]?.group ?? i} cell={cell} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="panel-note muted">
        <span className="drop-key" aria-hidden="true" /> each group's drop-off point: the stage
        where the largest share does not go on.
      </p>
    </>
  );
}

function SubHeads() {
  return (
    <>
      <th scope="col" className="number first" title="Customers who reached the stage">
        Customers
      </th>
      <th scope="col" className="number" title="Share of the previous bound stage's customers">
        % of prev.
      </th>
      <th scope="col" className="number" title="Share who did not reach the next bound stage">
        Drop-off
      </th>
      <th scope="col" className="number" title="Median time to the next bound stage">
        To next
      </th>
    </>
  );
}

function Cells({ cell }: { cell: CompareCell | null }) {
  if (!cell)
    return (
      <td colSpan={4} className="number first muted">
        —
      </td>
    );
  const point = cell.dropOffPoint ? " drop-point" : "";
  return (
    <>
      <td className="number first">{formatNumber(cell.customers)}</td>
      <td className="number">{formatPercent(cell.ofPrevious)}</td>
      <td
        className={`number${point}`}
        data-drop-off-point={cell.dropOffPoint ? "true" : undefined}
        title={cell.dropOffPoint ? "This group's drop-off point" : undefined}
      >
        {formatPercent(cell.dropOff)}
      </td>
      <td className="number">{formatSeconds(cell.medianToNext)}</td>
    </>
  );
}
