// Whose numbers the map shows: all customers, one persona or the rest, or the customers of
// one value of a property the numbers are split by, and what data they come from.

import type { MapMetrics, PropertyValues } from "../bindings";
import { formatMoment } from "../importing";
import { dataCaption, metricsGroups, shownGroup } from "../journey";

type Props = {
  metrics: MapMetrics | null;
  /** The group asked for; the first group when the metrics have no such group. */
  group: string | null;
  current: boolean;
  computing: boolean;
  /** The property the map's numbers are split by; `null` splits them by persona. */
  splitBy: string | null;
  properties: PropertyValues[];
  onGroup: (group: string) => void;
  onSplit: (property: string | null) => void;
};

export function GroupSection(props: Props) {
  const { metrics, group, current, computing, splitBy, properties, onGroup, onSplit } = props;
  const groups = metrics ? metricsGroups(metrics) : [];
  const shown = shownGroup(groups, group);
  const colour = groups.find((g) => g.group === shown)?.colour ?? null;
  return (
    <div className="group-section">
      <label className="panel-field">
        <span>Split by</span>
        <select
          value={splitBy ?? ""}
          onChange={(event) => onSplit(event.target.value === "" ? null : event.target.value)}
          data-testid="split-select"
        >
          <option value="">Personas</option>
          {splitBy !== null && !properties.some((p) => p.property === splitBy) && (
            <option value={splitBy}>{splitBy} (not in the data)</option>
          )}
          {properties.map((p) => (
            <option key={p.property} value={p.property}>
              {p.property}
            </option>
          ))}
        </select>
      </label>
      <label className="panel-field">
        <span>Numbers of</span>
        <span className="group-row">
          <span className="swatch" style={{ background: colour ?? "#0f766e" }} aria-hidden="true" />
          {/* A new element when the groups change: WebKit fires no change event for the
              option at the index chosen last, even when the options there are new. */}
          <select
            key={groups.map((g) => g.group).join("\n")}
            value={shown}
            disabled={groups.length === 0}
            onChange={(event) => onGroup(event.target.value)}
            data-testid="group-select"
          >
            {groups.length === 0 && <option value={shown}>{shown}</option>}
            {groups.map((g) => (
              <option key={g.group} value={g.group}>
                {g.group}
              </option>
            ))}
          </select>
        </span>
      </label>
      {metrics ? (
        <p className="panel-note muted" data-testid="data-caption">
          {dataCaption(metrics.data)}
          <br />
          {current
            ? `Computed ${formatMoment(metrics.computed_at)}`
            : computing
              ? "Out of date; being computed again…"
              : "Out of date"}
        </p>
      ) : (
        <p className="panel-note muted">Bind a stage to data (below) to see the map's numbers.</p>
      )}
    </div>
  );
}
