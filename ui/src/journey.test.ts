// Tests of the journey data panel's logic: how numbers read, conditions and windows between
// their forms and the map's settings, the groups and stages figures belong to, the
// histogram's markers and where a proposed opportunity card lands.

import { describe, expect, it } from "vitest";

import type {
  Bin,
  FunnelGroup,
  FunnelStep,
  IntervalGroup,
  LaneData,
  MapData,
  MapMetrics,
  MapView,
  StageData,
} from "./bindings";
import {
  bindingText,
  compareRows,
  conditionForm,
  conditionText,
  dataCaption,
  eventOptions,
  formatDays,
  formatPercent,
  formatSeconds,
  isDay,
  markerOffset,
  metricsGroups,
  needsMetrics,
  nextPersonaColour,
  opportunityCard,
  panelWidth,
  PERSONA_COLOURS,
  purchaseStage,
  readCondition,
  repeatWithin,
  shownGroup,
  spreadLabels,
  stageTiming,
  toggleValue,
  windowInput,
  windowSeconds,
} from "./journey";

describe("numbers for people", () => {
  it("writes shares with one decimal, as the metrics lane does", () => {
    expect(formatPercent(0.523)).toBe("52.3%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0)).toBe("0.0%");
    expect(formatPercent(null)).toBe("—");
  });

  it("writes durations in the largest unit they reach", () => {
    expect(formatSeconds(45)).toBe("45 s");
    expect(formatSeconds(282)).toBe("4.7 min");
    expect(formatSeconds(3.2 * 3600)).toBe("3.2 h");
    expect(formatSeconds(12.5 * 86400)).toBe("12.5 days");
    expect(formatSeconds(null)).toBe("—");
  });

  it("writes intervals given in days the same way", () => {
    expect(formatDays(23.44)).toBe("23.4 days");
    expect(formatDays(0.5)).toBe("12.0 h");
    expect(formatDays(null)).toBe("—");
  });
});

describe("conditions", () => {
  it("read as the command line writes them", () => {
    expect(
      conditionText({ property: "acquisition_channel", op: "equals", values: ["email"] }),
    ).toBe("acquisition_channel = email");
    expect(
      conditionText({ property: "channel", op: "one_of", values: ["paid_search", "social"] }),
    ).toBe("channel one of paid_search, social");
    expect(conditionText({ property: "page", op: "contains", values: ["/promo"] })).toBe(
      "page contains /promo",
    );
  });

  it("go to the form and back unchanged", () => {
    const condition = { property: "channel", op: "one_of" as const, values: ["a", "b c"] };
    const form = conditionForm(condition);
    expect(form).toEqual({ property: "channel", op: "one_of", values: "a, b c" });
    expect(readCondition(form)).toEqual({ ok: true, condition });
  });

  it("are none when no property is chosen", () => {
    expect(conditionForm(null).property).toBe("");
    expect(readCondition({ property: " ", op: "equals", values: "x" })).toEqual({
      ok: true,
      condition: null,
    });
  });

  it("trim values, and split them by commas only for one of", () => {
    expect(readCondition({ property: "p", op: "one_of", values: " a ,, b " })).toEqual({
      ok: true,
      condition: { property: "p", op: "one_of", values: ["a", "b"] },
    });
    expect(readCondition({ property: "p", op: "equals", values: " a, b " })).toEqual({
      ok: true,
      condition: { property: "p", op: "equals", values: ["a, b"] },
    });
  });

  it("need a value once a property is chosen", () => {
    const reading = readCondition({ property: "platform", op: "equals", values: "  " });
    expect(reading).toEqual({ ok: false, problem: "Give a value for platform." });
  });

  it("toggle a frequent value in a one-of list, and replace the value otherwise", () => {
    expect(toggleValue("one_of", "a, b", "c")).toBe("a, b, c");
    expect(toggleValue("one_of", "a, b, c", "b")).toBe("a, c");
    expect(toggleValue("one_of", "", "a")).toBe("a");
    expect(toggleValue("equals", "a", "b")).toBe("b");
  });

  it("describe a binding with its events and condition", () => {
    expect(bindingText(null)).toBe("Not bound to data");
    expect(bindingText({ events: ["home", "promo_page"], condition: null })).toBe(
      "home or promo_page",
    );
    const condition = { property: "platform", op: "equals" as const, values: ["mobile"] };
    expect(bindingText({ events: ["purchase"], condition })).toBe(
      "purchase, where platform = mobile",
    );
  });
});

describe("the conversion window", () => {
  it("shows seconds in the largest unit that holds them whole", () => {
    expect(windowInput(30 * 86400)).toEqual({ amount: "30", unit: "d", none: false });
    expect(windowInput(36 * 3600)).toEqual({ amount: "36", unit: "h", none: false });
    expect(windowInput(90 * 60)).toEqual({ amount: "90", unit: "m", none: false });
    expect(windowInput(90)).toEqual({ amount: "1.5", unit: "m", none: false });
  });

  it("shows no limit with a 30-day amount ready for when it is unticked", () => {
    expect(windowInput(null)).toEqual({ amount: "30", unit: "d", none: true });
  });

  it("turns the form into whole seconds", () => {
    expect(windowSeconds({ amount: "30", unit: "d", none: false })).toEqual({
      ok: true,
      seconds: 2_592_000,
    });
    expect(windowSeconds({ amount: "1.5", unit: "h", none: false })).toEqual({
      ok: true,
      seconds: 5400,
    });
    expect(windowSeconds({ amount: "2,5", unit: "m", none: false })).toEqual({
      ok: true,
      seconds: 150,
    });
    expect(windowSeconds({ amount: "", unit: "d", none: true })).toEqual({
      ok: true,
      seconds: null,
    });
  });

  it("refuses an empty, zero, negative, unreadable or endless amount", () => {
    for (const amount of ["", "0", "-3", "abc", "36601", "999999999999999999999"])
      expect(windowSeconds({ amount, unit: "d", none: false }).ok).toBe(false);
    expect(windowSeconds({ amount: "36600", unit: "d", none: false }).ok).toBe(true);
  });

  it("goes from seconds to the form and back unchanged", () => {
    for (const seconds of [60, 5400, 86400, 2_592_000, null])
      expect(windowSeconds(windowInput(seconds))).toEqual({ ok: true, seconds });
  });

  it("takes days as a date input gives them", () => {
    expect(isDay("2024-03-01")).toBe(true);
    expect(isDay("2024-02-30")).toBe(false);
    expect(isDay("1/3/2024")).toBe(false);
  });
});

// A small map: four stages, the first three bound, and an opportunities lane.
function stage(id: number, name: string, events: string[] | null): StageData {
  return {
    id,
    name,
    description: "",
    binding: events ? { events, condition: null } : null,
  };
}

function lane(id: number, kind: LaneData["kind"], cardStages: number[] = []): LaneData {
  const cards = cardStages.map((s, i) => ({
    id: 100 + i,
    stage: s,
    text: "card",
    channel: null,
    owner: null,
    colour: null,
    tags: [],
  }));
  return { id, kind, name: kind, collapsed: false, cards, points: [] };
}

function map(stages: StageData[], lanes: LaneData[]): MapData {
  return {
    id: 1,
    name: "Journey",
    description: "",
    persona_id: null,
    shown_personas: [],
    stages,
    lanes,
    analytics: {
      window_seconds: 2_592_000,
      mode: "ordered",
      entry_from: null,
      entry_to: null,
      purchase_events: [],
      same_day_as_one: false,
      split_by: null,
    },
  };
}

const stages = [
  stage(11, "Awareness", ["home"]),
  stage(12, "Consideration", ["product_view"]),
  stage(13, "Purchase", ["purchase", "reorder"]),
  stage(14, "Repeat", null),
];

describe("the opportunity card", () => {
  it("goes to the stage bound to a purchase event", () => {
    expect(purchaseStage(map(stages, []), ["purchase"])).toBe(2);
    expect(purchaseStage(map(stages, []), ["reorder"])).toBe(2);
  });

  it("goes to the last of several purchase stages: buying again comes after buying", () => {
    const both = [...stages.slice(0, 3), stage(14, "Repeat", ["purchase"])];
    expect(purchaseStage(map(both, []), ["purchase"])).toBe(3);
  });

  it("goes to the last stage when no stage is bound to a purchase", () => {
    expect(purchaseStage(map(stages, []), ["order_completed"])).toBe(3);
    expect(purchaseStage(map([], []), ["purchase"])).toBeNull();
  });

  it("is inserted at the end of its cell in the first opportunities lane", () => {
    const lanes = [
      lane(1, "actions", [2]),
      lane(2, "opportunities", [2, 2, 0]),
      lane(3, "opportunities"),
    ];
    const card = opportunityCard(map(stages, lanes), ["purchase"], "Reach them before day 9");
    expect(card).toEqual({
      ok: true,
      stage: "Purchase",
      edit: {
        type: "insert_card",
        card: {
          id: null,
          lane: 2,
          stage: 13,
          position: 2,
          text: "Reach them before day 9",
          channel: null,
          owner: null,
          colour: null,
          tags: [],
        },
      },
    });
  });

  it("is not added twice", () => {
    const lanes = [lane(2, "opportunities", [2])];
    const card = opportunityCard(map(stages, lanes), ["purchase"], "card");
    expect(card).toEqual({
      ok: false,
      problem: "The map's Opportunities lane has this card already.",
    });
  });

  it("cannot be added to a map without an opportunities lane", () => {
    const card = opportunityCard(map(stages, [lane(1, "actions")]), ["purchase"], "x");
    expect(card.ok).toBe(false);
  });
});

describe("the histogram's markers", () => {
  const bins: Bin[] = [
    { label: "under 1 day", from: 0, to: 1, count: 3 },
    { label: "1-7 days", from: 1, to: 7, count: 10 },
    { label: "7-14 days", from: 7, to: 14, count: 8 },
    { label: "a year or more", from: 365, to: null, count: 1 },
  ];

  it("sit in their bar, in proportion between its edges", () => {
    expect(markerOffset(bins, 0)).toBe(0);
    expect(markerOffset(bins, 0.5)).toBe(0.5);
    expect(markerOffset(bins, 4)).toBe(1.5);
    expect(markerOffset(bins, 7)).toBe(2);
    expect(markerOffset(bins, 10.5)).toBe(2.5);
  });

  it("take the open last bar to end at twice its start", () => {
    expect(markerOffset(bins, 365)).toBe(3);
    expect(markerOffset(bins, 547.5)).toBe(3.5);
    expect(markerOffset(bins, 5000)).toBe(4);
  });

  it("put values below the first edge at its start, and nothing without bars", () => {
    expect(markerOffset(bins, -1)).toBe(0);
    expect(markerOffset([], 3)).toBeNull();
    expect(markerOffset(bins, NaN)).toBeNull();
  });

  it("have labels moved apart when they would overlap, in order", () => {
    expect(spreadLabels([50, 52, 54], 11, 0, 200)).toEqual([50, 61, 72]);
    expect(spreadLabels([54, 50], 11, 0, 200)).toEqual([61, 50]);
    expect(spreadLabels([10, 100], 11, 0, 200)).toEqual([10, 100]);
  });

  it("keep labels inside the drawing", () => {
    expect(spreadLabels([195, 198, 199], 11, 0, 200)).toEqual([178, 189, 200]);
    expect(spreadLabels([-5], 11, 8, 200)).toEqual([8]);
  });
});

function step(name: string, customers: number, extra: Partial<FunnelStep> = {}): FunnelStep {
  return {
    name,
    customers,
    conversion_from_previous: null,
    conversion_from_first: null,
    drop_off: 0,
    drop_off_share: null,
    median_seconds_from_previous: null,
    mean_seconds_from_previous: null,
    p90_seconds_from_previous: null,
    histogram: [],
    ...extra,
  };
}

function group(name: string, steps: FunnelStep[], point: number | null): FunnelGroup {
  return { group: name, persona_id: null, colour: null, steps, drop_off_point: point };
}

function metrics(groups: FunnelGroup[]): MapMetrics {
  return {
    map_id: 1,
    computed_at: "2024-07-01T10:00:00Z",
    stage_steps: [0, 1, 2, null],
    funnel: { window_seconds: null, mode: "ordered", groups },
    intervals: null,
    intervals_note: "no purchase event",
    data: {
      events: 10,
      first_at: "2024-01-04T11:45:38Z",
      last_at: "2024-06-29T12:02:40Z",
      last_import_at: null,
    },
    opportunity: null,
    split_by: null,
  };
}

const all = group(
  "All customers",
  [
    step("Awareness", 100, { drop_off_share: 0.2, conversion_from_previous: 1 }),
    step("Consideration", 80, {
      conversion_from_previous: 0.8,
      drop_off_share: 0.5,
      median_seconds_from_previous: 60,
    }),
    step("Purchase", 40, { conversion_from_previous: 0.5, median_seconds_from_previous: 7200 }),
  ],
  1,
);
const email = group("Email", [step("Awareness", 10, { drop_off_share: 0.6 })], 0);

describe("the groups and the compare table", () => {
  it("lists the funnel's groups, and shows the one asked for when it is there", () => {
    const groups = metricsGroups(metrics([all, email]));
    expect(groups.map((g) => g.group)).toEqual(["All customers", "Email"]);
    expect(shownGroup(groups, "Email")).toBe("Email");
    expect(shownGroup(groups, "Gone")).toBe("All customers");
    expect(shownGroup([], null)).toBe("All customers");
    expect(metricsGroups(null)).toEqual([]);
  });

  it("has a row per bound stage and the figures of each group", () => {
    const rows = compareRows(map(stages, []), metrics([all, email]));
    expect(rows.map((r) => r.stage)).toEqual(["Awareness", "Consideration", "Purchase"]);
    expect(rows[0]!.cells[0]).toEqual({
      customers: 100,
      ofPrevious: null,
      dropOff: 0.2,
      medianToNext: 60,
      dropOffPoint: false,
    });
    expect(rows[1]!.cells[0]).toMatchObject({ ofPrevious: 0.8, dropOffPoint: true });
    expect(rows[2]!.cells[0]).toMatchObject({ dropOff: null, medianToNext: null });
  });

  it("marks each group's own drop-off point, and leaves a gap for missing steps", () => {
    const rows = compareRows(map(stages, []), metrics([all, email]));
    expect(rows[0]!.cells[1]).toMatchObject({ customers: 10, dropOffPoint: true });
    expect(rows[1]!.cells[1]).toBeNull();
  });

  it("says where the data comes from", () => {
    const caption = dataCaption(metrics([all]).data);
    expect(caption).toBe("Data from 4 Jan 2024 to 29 Jun 2024");
  });

  it("computes numbers when the shell says they are out of date, bound stages or not", () => {
    const view = (current: boolean, bound: boolean): MapView => ({
      map: map(bound ? stages : [stage(1, "A", null)], []),
      scene: {} as MapView["scene"],
      personas: [],
      metrics: null,
      metrics_current: current,
    });
    expect(needsMetrics(view(false, true))).toBe(true);
    expect(needsMetrics(view(true, true))).toBe(false);
    // Orders alone: repeat purchases to compute, no stage bound.
    expect(needsMetrics(view(false, false))).toBe(true);
    expect(needsMetrics(view(true, false))).toBe(false);
  });
});

describe("repeat purchases", () => {
  it("lists the horizons by days, with the buyers each counts", () => {
    const intervals = {
      repeat_within_days: { "180": 0.4, "30": 0.1, "365": null, "60": 0.2, "90": 0.3 },
      eligible_buyers: { "180": 800, "30": 1000, "365": 0, "60": 950, "90": 900 },
    } as unknown as IntervalGroup;
    expect(repeatWithin(intervals)).toEqual([
      { days: 30, share: 0.1, eligible: 1000 },
      { days: 60, share: 0.2, eligible: 950 },
      { days: 90, share: 0.3, eligible: 900 },
      { days: 180, share: 0.4, eligible: 800 },
      { days: 365, share: null, eligible: 0 },
    ]);
  });
});

describe("event names and personas", () => {
  const names = [
    { name: "product_view", count: 6851 },
    { name: "purchase", count: 470 },
    { name: "payment_error", count: 119 },
  ];

  it("offers the names that match the search, ignoring case", () => {
    expect(eventOptions(names, "PAY", []).map((n) => n.name)).toEqual(["payment_error"]);
    expect(eventOptions(names, "", []).length).toBe(3);
  });

  it("puts the names bound already first, those not in the data too", () => {
    const options = eventOptions(names, "", ["order_completed", "payment_error"]);
    expect(options).toEqual([
      { name: "order_completed", count: null },
      { name: "payment_error", count: 119 },
      { name: "product_view", count: 6851 },
      { name: "purchase", count: 470 },
    ]);
  });

  it("gives a new persona a colour no persona has", () => {
    const persona = (colour: string) => ({
      id: 1,
      name: "p",
      description: "",
      colour,
      rule: null,
    });
    expect(nextPersonaColour([])).toBe(PERSONA_COLOURS[0]);
    expect(nextPersonaColour([persona(PERSONA_COLOURS[0]!.toUpperCase())])).toBe(
      PERSONA_COLOURS[1],
    );
  });

  it("keeps the panel between 280 pixels and half the window, leaving the canvas room", () => {
    expect(panelWidth(100, 1600)).toBe(280);
    expect(panelWidth(500, 1600)).toBe(500);
    expect(panelWidth(1200, 1600)).toBe(800);
    expect(panelWidth(500, 900)).toBe(420);
    expect(panelWidth(400, 720)).toBe(280);
  });
});

describe("the selected stage's time from the stage before", () => {
  const bins = [{ label: "1-10 min", from: 60, to: 600, count: 30 }];
  const timed = group(
    "All customers",
    [
      step("Awareness", 100),
      step("Consideration", 80, {
        median_seconds_from_previous: 60,
        mean_seconds_from_previous: 90,
        p90_seconds_from_previous: 300,
        histogram: bins,
      }),
      step("Purchase", 40, { median_seconds_from_previous: 7200 }),
    ],
    1,
  );
  const email = group("Email", [step("Awareness", 10), step("Consideration", 4)], 0);

  it("gives the shown group's median, mean, p90 and histogram from the bound stage before", () => {
    const timing = stageTiming(map(stages, []), metrics([timed, email]), 1, "All customers");
    expect(timing).toEqual({
      previous: "Awareness",
      customers: 80,
      median: 60,
      mean: 90,
      p90: 300,
      histogram: bins,
    });
    expect(stageTiming(map(stages, []), metrics([timed, email]), 1, "Email")).toMatchObject({
      customers: 4,
      median: null,
    });
  });

  it("has nothing for the first bound stage, a stage not bound, or an unknown stage", () => {
    const shown = metrics([timed]);
    expect(stageTiming(map(stages, []), shown, 0, "All customers")).toBeNull();
    expect(stageTiming(map(stages, []), shown, 3, "All customers")).toBeNull();
    expect(stageTiming(map(stages, []), shown, 9, "All customers")).toBeNull();
  });

  it("names the bound stage before, skipping stages not bound", () => {
    const skipping = { ...metrics([timed]), stage_steps: [0, null, 1, 2] };
    const timing = stageTiming(map(stages, []), skipping, 2, "All customers");
    expect(timing?.previous).toBe("Awareness");
  });
});
