// Tests of the import dialog's logic: roles, and how figures, lines, dates and zones read.

import { describe, expect, it } from "vitest";

import type { ImportSettings, Progress } from "./bindings";
import {
  assignRole,
  baseName,
  dateOrder,
  formatBytes,
  formatDuration,
  formatLines,
  formatRate,
  formatSpan,
  matchZone,
  plural,
  progressFigures,
  roleOf,
  searchZones,
  sentence,
  sortDropped,
  withKind,
  zoneOffset,
} from "./importing";

function survey(): ImportSettings {
  return {
    kind: "survey",
    columns: [
      { role: "user", column: 0 },
      { role: "text", column: 1 },
      { role: "score", column: 2 },
    ],
    event_name: "purchase",
    time_zone: "UTC",
    day_first: null,
    encoding: null,
    delimiter: null,
    has_header: null,
  };
}

describe("column roles", () => {
  it("reads the role of a column, or none", () => {
    expect(roleOf(survey(), 2)).toBe("score");
    expect(roleOf(survey(), 3)).toBeNull();
  });

  it("gives a free column a role, keeping the list in column order", () => {
    const next = assignRole(survey(), 3, "time");
    expect(next.columns).toEqual([
      { role: "user", column: 0 },
      { role: "text", column: 1 },
      { role: "score", column: 2 },
      { role: "time", column: 3 },
    ]);
  });

  it("takes a role from the column that had it", () => {
    const next = assignRole(survey(), 3, "score");
    expect(roleOf(next, 2)).toBeNull();
    expect(roleOf(next, 3)).toBe("score");
    expect(next.columns).toHaveLength(3);
  });

  it("replaces a column's former role", () => {
    const next = assignRole(survey(), 1, "user");
    expect(next.columns).toEqual([
      { role: "user", column: 1 },
      { role: "score", column: 2 },
    ]);
  });

  it("clears a role with none", () => {
    const next = assignRole(survey(), 1, null);
    expect(next.columns.map((c) => c.role)).toEqual(["user", "score"]);
  });

  it("leaves the settings it was given alone", () => {
    const settings = survey();
    assignRole(settings, 2, null);
    expect(settings.columns).toHaveLength(3);
  });

  it("asks for roles anew when the kind changes, keeping the rest", () => {
    const next = withKind({ ...survey(), time_zone: "Europe/Paris" }, "events");
    expect(next.kind).toBe("events");
    expect(next.columns).toEqual([]);
    expect(next.time_zone).toBe("Europe/Paris");
  });
});

describe("figures", () => {
  it("writes sizes with their unit", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(812)).toBe("812 bytes");
    expect(formatBytes(14_200)).toBe("14.2 KB");
    expect(formatBytes(3_456_000)).toBe("3.46 MB");
    expect(formatBytes(512_000_000)).toBe("512 MB");
    expect(formatBytes(1_210_000_000)).toBe("1.21 GB");
  });

  it("writes durations in seconds, minutes or hours", () => {
    expect(formatDuration(0.4)).toBe("0 s");
    expect(formatDuration(42.6)).toBe("43 s");
    expect(formatDuration(125)).toBe("2 min 05 s");
    expect(formatDuration(4320)).toBe("1 h 12 min");
  });

  it("writes speeds rounded to what can be read while they change", () => {
    expect(formatRate(850.4)).toBe("850 rows/s");
    expect(formatRate(12_449)).toBe("12,400 rows/s");
    expect(formatRate(1_234_567)).toBe("1.2 million rows/s");
  });

  it("writes counts with their noun", () => {
    expect(plural(1, "row")).toBe("1 row");
    expect(plural(12_000, "row")).toBe("12,000 rows");
    expect(plural(2, "reply", "replies")).toBe("2 replies");
  });
});

describe("progress", () => {
  const at = (bytes_read: number, seconds: number, rows = 1000): Progress => ({
    rows_taken: rows - 10,
    rows_refused: 10,
    bytes_read,
    bytes_total: 1000,
    seconds,
  });

  it("counts refused rows as read and works out the speed", () => {
    const figures = progressFigures(at(250, 2));
    expect(figures.rows).toBe(1000);
    expect(figures.fraction).toBe(0.25);
    expect(figures.rowsPerSecond).toBe(500);
    expect(figures.secondsLeft).toBe(6);
  });

  it("gives no time left before there is a speed to go by", () => {
    expect(progressFigures(at(0, 3)).secondsLeft).toBeNull();
    expect(progressFigures(at(100, 0.1)).secondsLeft).toBeNull();
    expect(progressFigures(at(100, 0, 0)).rowsPerSecond).toBe(0);
  });

  it("never reads past the end of an empty or growing file", () => {
    expect(progressFigures({ ...at(10, 1), bytes_total: 0 }).fraction).toBe(0);
    expect(progressFigures(at(1200, 1)).fraction).toBe(1);
  });
});

describe("refused lines", () => {
  it("names one line, a few, or the first of many", () => {
    expect(formatLines([8], 1)).toBe("line 8");
    expect(formatLines([3, 9, 12], 3)).toBe("lines 3, 9 and 12");
    expect(formatLines([3, 9, 12], 40)).toBe("lines 3, 9, 12, …");
    expect(formatLines([1200], 1)).toBe("line 1,200");
  });
});

describe("dates", () => {
  it("writes a span once when it is one day", () => {
    expect(formatSpan("2024-03-01T10:00:00Z", "2024-03-20T10:19:00Z")).toBe(
      "1 Mar 2024 – 20 Mar 2024",
    );
    expect(formatSpan("2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z")).toBe("1 Mar 2024");
    expect(formatSpan(null, null)).toBeNull();
  });
});

describe("time zones", () => {
  const zones = [
    "America/New_York",
    "America/North_Dakota/New_Salem",
    "Europe/Berlin",
    "Europe/Paris",
    "Pacific/Auckland",
    "UTC",
  ];

  it("finds cities by the start of their name first", () => {
    expect(searchZones(zones, "new")).toEqual([
      "America/New_York",
      "America/North_Dakota/New_Salem",
    ]);
    expect(searchZones(zones, "europe")).toEqual(["Europe/Berlin", "Europe/Paris"]);
    expect(searchZones(zones, "ARIS")).toEqual(["Europe/Paris"]);
  });

  it("reads spaces as underscores", () => {
    expect(searchZones(zones, "new york")).toEqual(["America/New_York"]);
    expect(matchZone(zones, " america/new york ")).toBe("America/New_York");
  });

  it("lists every zone for an empty query, up to the limit", () => {
    expect(searchZones(zones, "", 3)).toEqual(zones.slice(0, 3));
  });

  it("matches only a whole zone name", () => {
    expect(matchZone(zones, "Berlin")).toBeNull();
    expect(matchZone(zones, "europe/berlin")).toBe("Europe/Berlin");
  });

  it("writes a zone's offset at a moment", () => {
    const winter = new Date("2024-01-15T12:00:00Z");
    expect(zoneOffset("UTC", winter)).toBe("UTC");
    expect(zoneOffset("Europe/Berlin", winter)).toBe("UTC+1");
    expect(zoneOffset("America/St_Johns", winter)).toBe("UTC−3:30");
    expect(zoneOffset("Not/A_Zone", winter)).toBe("");
  });
});

describe("dropped files", () => {
  it("opens documents and imports the rest", () => {
    expect(sortDropped(["/a/Team.waymark", "/a/events.csv", "/a/orders.CSV.gz"])).toEqual({
      documents: ["/a/Team.waymark"],
      data: ["/a/events.csv", "/a/orders.CSV.gz"],
    });
  });

  it("names a file without its folder", () => {
    expect(baseName("/home/ana/exports/events.csv")).toBe("events.csv");
    expect(baseName("C:\\exports\\events.csv")).toBe("events.csv");
  });
});

describe("the order of day and month", () => {
  it("is not asked for dates that read one way", () => {
    expect(dateOrder("ISO 8601 (2024-03-01 14:05:00)", false, null).shown).toBe(false);
    expect(dateOrder(null, false, null).shown).toBe(false);
  });

  it("is asked, with nothing chosen, when the dates read both ways", () => {
    expect(dateOrder("slash dates, day and month order unclear", true, null)).toEqual({
      shown: true,
      dayFirst: null,
    });
  });

  it("shows the order read from the column until the user chooses", () => {
    expect(dateOrder("day first (01/03/2024)", false, null)).toEqual({
      shown: true,
      dayFirst: true,
    });
    expect(dateOrder("month first (03/01/2024)", false, null).dayFirst).toBe(false);
    expect(dateOrder("day first (01/03/2024)", false, false).dayFirst).toBe(false);
  });
});

describe("problems", () => {
  it("read as sentences", () => {
    expect(sentence("choose the column that holds the score (survey files need one)")).toBe(
      "Choose the column that holds the score (survey files need one).",
    );
    expect(sentence("Already a sentence.")).toBe("Already a sentence.");
  });
});
