// The import dialog's logic without React: column roles, the choices it offers, and how
// sizes, speeds, durations, line numbers and dates read in it.

import type { DataKind, ImportSettings, Progress, Role } from "./bindings";

/** The kinds of data, in the order the dialog offers them, with what each holds. */
export const KINDS: { kind: DataKind; label: string; hint: string }[] = [
  { kind: "events", label: "Events", hint: "one row per event: customer, event name, time" },
  { kind: "orders", label: "Orders", hint: "one row per purchase: customer, time, amount" },
  { kind: "people", label: "People", hint: "one row per customer, with attributes" },
  { kind: "tickets", label: "Support tickets", hint: "one row per ticket" },
  { kind: "survey", label: "Survey answers", hint: "one row per answer: score, comment" },
];

/** A role as the column headers of the preview name it. */
export const ROLE_LABELS: Record<Role, string> = {
  user: "Customer id",
  event: "Event name",
  time: "Time",
  amount: "Amount",
  id: "Row id",
  text: "Text",
  score: "Score",
  category: "Category",
  channel: "Channel",
  status: "Status",
};

/** The encodings a user may choose instead of the detected one. */
export const ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "windows-1252"];

/** The delimiters a user may choose, by the name the backend takes and reports. */
export const DELIMITERS: { value: string; label: string }[] = [
  { value: ",", label: "Comma ( , )" },
  { value: ";", label: "Semicolon ( ; )" },
  { value: "tab", label: "Tab" },
  { value: "|", label: "Pipe ( | )" },
  { value: "whitespace", label: "Aligned with spaces" },
];

/** The files the file dialog offers first. */
export const DATA_EXTENSIONS = ["csv", "tsv", "txt", "gz"];

/** The role of a column, or null when it is kept as a property. */
export function roleOf(settings: ImportSettings, column: number): Role | null {
  return settings.columns.find((c) => c.column === column)?.role ?? null;
}

/**
 * Gives `column` the role `role` (or none, with null). A role belongs to one column, so a
 * column that had it loses it; the column's former role is dropped.
 */
export function assignRole(
  settings: ImportSettings,
  column: number,
  role: Role | null,
): ImportSettings {
  const others = settings.columns.filter((c) => c.column !== column && c.role !== role);
  const columns = role === null ? others : [...others, { role, column }];
  columns.sort((a, b) => a.column - b.column);
  return { ...settings, columns };
}

/** Settings for another kind; the empty role list asks the backend to guess roles anew. */
export function withKind(settings: ImportSettings, kind: DataKind): ImportSettings {
  return { ...settings, kind, columns: [] };
}

/** A file size: "812 bytes", "14.2 KB", "3.4 MB", "1.21 GB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** 1234567 as "1,234,567". */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString("en-US");
}

/** "1 row", "2 rows". */
export function plural(count: number, word: string, words = `${word}s`): string {
  return `${formatCount(count)} ${count === 1 ? word : words}`;
}

/** A duration for "time left": "4 s", "2 min 05 s", "1 h 12 min". */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${String(whole % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** A speed: "850 rows/s", "12,400 rows/s", "1.2 million rows/s". */
export function formatRate(rowsPerSecond: number): string {
  if (rowsPerSecond >= 1_000_000) return `${(rowsPerSecond / 1_000_000).toFixed(1)} million rows/s`;
  if (rowsPerSecond >= 10_000)
    return `${formatCount(Math.round(rowsPerSecond / 100) * 100)} rows/s`;
  return `${formatCount(rowsPerSecond)} rows/s`;
}

/** What the progress view shows, worked out from one progress report. */
export type ProgressFigures = {
  /** The share of the file read, from 0 to 1. */
  fraction: number;
  rows: number;
  rowsPerSecond: number;
  /** Seconds left at the speed so far; null until there is a speed to go by. */
  secondsLeft: number | null;
};

/** Reads a progress report the way the command line does. */
export function progressFigures(progress: Progress): ProgressFigures {
  const rows = progress.rows_taken + progress.rows_refused;
  const fraction =
    progress.bytes_total > 0 ? Math.min(1, progress.bytes_read / progress.bytes_total) : 0;
  const rowsPerSecond = progress.seconds > 0 ? rows / progress.seconds : 0;
  // Under a fifth of a second the speed is mostly start-up and the estimate jumps around.
  const secondsLeft =
    fraction > 0 && progress.seconds > 0.2 ? (progress.seconds * (1 - fraction)) / fraction : null;
  return { fraction, rows, rowsPerSecond, secondsLeft };
}

/**
 * The first line numbers of refused rows: "line 8", "lines 3, 9 and 12",
 * "lines 3, 9, … (40 rows)".
 */
export function formatLines(lines: number[], count: number): string {
  if (lines.length === 0) return "";
  const shown = lines.map(formatCount);
  if (count > lines.length) return `lines ${shown.join(", ")}, …`;
  if (shown.length === 1) return `line ${shown[0]}`;
  return `lines ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/** A day as the dialogs show it: "1 Mar 2024". */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

/** A moment as the dialogs show it: "1 Mar 2024, 14:05". */
export function formatMoment(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  return `${formatDay(iso)}, ${time}`;
}

/** The time span of imported rows: "1 Mar 2024 – 20 Mar 2024", one day once, or null. */
export function formatSpan(first: string | null, last: string | null): string | null {
  if (!first || !last) return null;
  const [from, to] = [formatDay(first), formatDay(last)];
  return from === to ? from : `${from} – ${to}`;
}

/**
 * The zones matching what a user typed, best first: the zone itself, then zones whose city
 * starts with it, then zones with a part starting with it, then any that contain it. Spaces
 * match underscores, so "new york" finds America/New_York.
 */
export function searchZones(zones: string[], query: string, limit = 50): string[] {
  const wanted = query.trim().toLowerCase().replace(/\s+/g, "_");
  if (wanted === "") return zones.slice(0, limit);
  const rank = (zone: string): number => {
    const name = zone.toLowerCase();
    const parts = name.split("/");
    if (name === wanted) return 0;
    if (parts[parts.length - 1]!.startsWith(wanted)) return 1;
    if (parts.some((part) => part.startsWith(wanted)) || name.startsWith(wanted)) return 2;
    if (name.includes(wanted)) return 3;
    return -1;
  };
  return zones
    .map((zone) => ({ zone, rank: rank(zone) }))
    .filter((m) => m.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.zone.localeCompare(b.zone))
    .slice(0, limit)
    .map((m) => m.zone);
}

/** The zone of `zones` a user meant by `typed`, ignoring case and spaces for underscores. */
export function matchZone(zones: string[], typed: string): string | null {
  const wanted = typed.trim().toLowerCase().replace(/\s+/g, "_");
  return zones.find((zone) => zone.toLowerCase() === wanted) ?? null;
}

// Making a formatter takes far longer than using one, and the zone list shows dozens at a time.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `at`: "UTC", "UTC+1", "UTC−3:30"; "" when unknown. */
export function zoneOffset(zone: string, at: Date = new Date()): string {
  try {
    let format = offsetFormats.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "shortOffset" });
      offsetFormats.set(zone, format);
    }
    const parts = format.formatToParts(at);
    const name = parts.find((part) => part.type === "timeZoneName")?.value ?? "";
    const offset = name.replace(/^(GMT|UTC)/, "");
    if (offset === "" || /^[+-]0$/.test(offset)) return "UTC";
    return `UTC${offset.replace("-", "−")}`;
  } catch {
    return "";
  }
}

/** Splits dropped files into Waymark documents to open and data files to import. */
export function sortDropped(paths: string[]): { documents: string[]; data: string[] } {
  const isDocument = (path: string) => path.toLowerCase().endsWith(".waymark");
  return {
    documents: paths.filter(isDocument),
    data: paths.filter((path) => !isDocument(path)),
  };
}

/** The file name of a path, without its folder. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/**
 * Whether the dialog asks for the order of day and month, and which it shows as chosen: the
 * user's choice, else what the backend read from the column, else none. Asked when the dates
 * read both ways or the time column holds slash dates at all.
 */
export function dateOrder(
  timeFormat: string | null,
  ambiguous: boolean,
  dayFirst: boolean | null,
): { shown: boolean; dayFirst: boolean | null } {
  const slash = timeFormat !== null && (timeFormat.includes("/") || timeFormat.includes("slash"));
  if (!ambiguous && !slash) return { shown: false, dayFirst };
  if (dayFirst !== null) return { shown: true, dayFirst };
  if (timeFormat?.startsWith("day first")) return { shown: true, dayFirst: true };
  if (timeFormat?.startsWith("month first")) return { shown: true, dayFirst: false };
  return { shown: true, dayFirst: null };
}

/** A problem as the backend words it ("choose the column ...") as a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
