// How often and how soon customers buy again: buyers and repeat buyers, the gaps between the
// first purchases, the share who came back within a horizon, and the moment the data proposes
// to reach first-time buyers.

import type { Edit, Gap, IntervalGroup, MapData, MapMetrics } from "../bindings";
import { formatCount, plural, sentence } from "../importing";
import {
  formatDays,
  formatNumber,
  formatPercent,
  intervalGroup,
  opportunityCard,
  repeatWithin,
} from "../journey";
import { RepeatHistogram } from "./RepeatHistogram";

type Props = {
  map: MapData;
  metrics: MapMetrics;
  group: string;
  onEdit: (edit: Edit) => Promise<boolean>;
};

export function RepeatPurchases({ map, metrics, group, onEdit }: Props) {
  const report = metrics.intervals;
  const chosen = report ? intervalGroup(metrics, group) : null;
  if (!report || !chosen) {
    const why = metrics.intervals_note ?? "there are no purchases in the data";
    return (
      <p className="panel-note" data-testid="intervals-note">
        {sentence(why)} Purchase events can be chosen under Settings below.
      </p>
    );
  }
  const first = chosen.gaps.find((g) => g.from === 1);
  const later = chosen.gaps.filter((g) => g.from > 1);
  return (
    <div className="repeat" data-testid="repeat-purchases">
      <p className="panel-note muted">
        {chosen.group} · purchases are {report.events.join(", ")}
        {report.same_day_as_one ? "; one a day at most" : ""}
      </p>
      <div className="panel-figures">
        <Figure value={formatNumber(chosen.buyers)} label="buyers" />
        <Figure value={formatNumber(chosen.repeat_buyers)} label="bought again" />
        <Figure value={formatPercent(chosen.repeat_share)} label="repeat share" />
      </div>
      {first && <FirstGap gap={first} />}
      {later.length > 0 && <LaterGaps gaps={later} />}
      <Within group={chosen} />
      {metrics.opportunity && (
        <Opportunity
          map={map}
          text={metrics.opportunity.text}
          events={report.events}
          onEdit={onEdit}
        />
      )}
    </div>
  );
}

function Figure({ value, label }: { value: string; label: string }) {
  return (
    <div className="panel-figure">
      <strong>{value}</strong>
      <span>{label}</span>
    </div>
  );
}

function FirstGap({ gap }: { gap: Gap }) {
  return (
    <div className="first-gap">
      <h4>From the 1st purchase to the 2nd</h4>
      {gap.count === 0 ? (
        <p className="panel-note muted">Nobody in this group bought twice.</p>
      ) : (
        <>
          <RepeatHistogram gap={gap} />
          <p className="panel-note" data-testid="gap-summary">
            Median <strong>{formatDays(gap.median_days)}</strong>; half of the{" "}
            {plural(gap.count, "buyer")} came back between {formatDays(gap.p25_days)} (p25) and{" "}
            {formatDays(gap.p75_days)} (p75).
          </p>
        </>
      )}
    </div>
  );
}

function LaterGaps({ gaps }: { gaps: Gap[] }) {
  return (
    <table className="panel-table" data-testid="later-gaps">
      <thead>
        <tr>
          <th scope="col">Purchase</th>
          <th scope="col" className="number">
            Buyers
          </th>
          <th scope="col" className="number">
            Median
          </th>
          <th scope="col" className="number">
            p25 – p75
          </th>
        </tr>
      </thead>
      <tbody>
        {gaps.map((gap) => (
          <tr key={gap.from}>
            <th scope="row">{`${ordinal(gap.from)} → ${ordinal(gap.to)}`}</th>
            <td className="number">{formatCount(gap.count)}</td>
            <td className="number">{formatDays(gap.median_days)}</td>
            <td className="number">{gap.count === 0 ? "—" : quartiles(gap)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Within({ group }: { group: IntervalGroup }) {
  const rows = repeatWithin(group);
  if (rows.length === 0) return null;
  return (
    <div className="within">
      <h4>Bought again within</h4>
      <ul className="within-list" data-testid="repeat-within">
        {rows.map((row) => (
          <li key={row.days}>
            <span className="within-days">{row.days} days</span>
            <strong className="within-share">{formatPercent(row.share)}</strong>
            <span className="within-of">
              {row.eligible === 0
                ? `of 0 buyers: no first purchase is ${earlyEnough(row.days)}`
                : `of ${plural(row.eligible, "buyer")} whose first purchase is ` +
                  earlyEnough(row.days)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

type OpportunityProps = {
  map: MapData;
  text: string;
  events: string[];
  onEdit: (edit: Edit) => Promise<boolean>;
};

function Opportunity({ map, text, events, onEdit }: OpportunityProps) {
  const card = opportunityCard(map, events, text);
  const title = card.ok ? `Add this card to Opportunities at ${card.stage}` : card.problem;
  return (
    <div className="opportunity" data-testid="opportunity">
      <p>{text}</p>
      <span title={title}>
        <button
          onClick={() => card.ok && void onEdit(card.edit)}
          disabled={!card.ok}
          data-testid="opportunity-add"
        >
          Add to map
        </button>
      </span>
      {!card.ok && <small className="muted">{card.problem}</small>}
    </div>
  );
}

/** "at least 30 days before the end of the data": when a first purchase counts for a horizon. */
function earlyEnough(days: number): string {
  return `at least ${days} days before the end of the data`;
}

/** "14.0 days – 71.0 days": where the middle half of the gaps lies. */
function quartiles(gap: Gap): string {
  return `${formatDays(gap.p25_days)} – ${formatDays(gap.p75_days)}`;
}

function ordinal(n: number): string {
  return ["0th", "1st", "2nd", "3rd", "4th"][n] ?? `${n}th`;
}
