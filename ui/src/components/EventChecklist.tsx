// A list of event names to tick, each with how often it occurs in the imported data; a name
// no longer in the data says so.

import { formatCount } from "../importing";

type Props = {
  options: { name: string; count: number | null }[];
  chosen: string[];
  onToggle: (name: string) => void;
  className: string;
  label?: string;
  /** The test id of each checkbox. */
  testId: string;
  /** Said in the list when it has no option. */
  empty?: string;
  /** Rows the list keeps room for, so that narrowing it moves nothing below it. */
  rows?: number;
};

/** The height of one row of the list, in CSS pixels. */
const ROW_HEIGHT = 24;

export function EventChecklist(props: Props) {
  const { options, chosen, onToggle, className, label, testId, empty, rows } = props;
  const style = rows ? { minHeight: `min(220px, ${rows * ROW_HEIGHT + 4}px)` } : undefined;
  return (
    <ul className={className} aria-label={label} style={style}>
      {options.map((option) => (
        <li key={option.name}>
          <label className={chosen.includes(option.name) ? "chosen" : undefined}>
            <input
              type="checkbox"
              checked={chosen.includes(option.name)}
              onChange={() => onToggle(option.name)}
              data-testid={testId}
              data-name={option.name}
            />
            <span className="event-name">{option.name}</span>
            <span className="event-count">
              {option.count === null ? "not in the data" : formatCount(option.count)}
            </span>
          </label>
        </li>
      ))}
      {options.length === 0 && empty && <li className="muted empty">{empty}</li>}
    </ul>
  );
}
