// Tests of dragging cards, stages and emotion points on the hand-made scenes of `testScene.ts`.

import { describe, expect, it } from "vitest";

import type { Curve, LaneBox, MapData, Scene } from "../bindings";
import {
  cardDrop,
  dropEdit,
  emotionValue,
  emotionWord,
  emotionY,
  laneDrop,
  moveDrag,
  stageDrop,
  startDrag,
  type Drag,
} from "./drag";
import { cell, lane, map as grid, rect, scene } from "./testScene";

// The grid of `testScene.ts` with an emotions lane (id 3) under it, whose scale runs from
// y 234 (+2) to 334 (-2), and the map's own curve through both stages.
const emotions: LaneBox = { ...lane(3, 216, 150), kind: "emotions", value_span: [234, 334] };
const curve: Curve = {
  lane: 3,
  persona_id: null,
  name: "All customers",
  colour: "#374151",
  path: "",
  points: [
    { stage: 10, x: 260, y: 284, value: 0, colour: "#9ca3af", label: null },
    { stage: 11, x: 480, y: 259, value: 1, colour: "#16a34a", label: null },
  ],
};
const board: Scene = scene({
  ...grid,
  height: 366,
  lanes: [...grid.lanes, emotions],
  cells: [...grid.cells, cell(3, 10, rect(150, 216, 220, 150), 0)],
  curves: [curve],
});

// The data behind `board`: the point at stage 11 has the scale's word, the one at stage 10 a
// label the user typed.
const data: MapData = {
  id: 1,
  name: "Shop",
  description: "",
  persona_id: null,
  shown_personas: [],
  stages: [
    { id: 10, name: "Browse", description: "", binding: null },
    { id: 11, name: "Buy", description: "", binding: null },
  ],
  lanes: [
    {
      id: 3,
      kind: "emotions",
      name: "Emotions",
      collapsed: false,
      cards: [],
      points: [
        { stage: 0, persona_id: null, value: 0, label: "curious" },
        { stage: 1, persona_id: null, value: 1, label: "confident" },
      ],
    },
  ],
  analytics: {
    window_seconds: null,
    mode: "ordered",
    entry_from: null,
    entry_to: null,
    purchase_events: [],
    same_day_as_one: false,
    split_by: null,
  },
};

/** Presses at `from`, then moves to `to` at 100%. */
function drag(from: { x: number; y: number }, to: { x: number; y: number }): Drag {
  const started = startDrag(board, from);
  if (!started) throw new Error("nothing to drag there");
  return moveDrag(board, started, to, 1);
}

describe("card drop target", () => {
  it("lands between the cards whose middles are above and below the pointer", () => {
    expect(cardDrop(board, { x: 400, y: 140 }, [100])).toEqual({
      lane: 1,
      stage: 11,
      position: 1,
      indicator: rect(380, 96.5, 200, 3),
    });
    expect(cardDrop(board, { x: 200, y: 70 }, [101])).toEqual({
      lane: 1,
      stage: 10,
      position: 0,
      indicator: rect(160, 56.5, 200, 3),
    });
  });

  it("leaves the dragged cards out when counting the place", () => {
    // Card 101's middle (126) is above the pointer; card 100, the one dragged, is not counted.
    expect(cardDrop(board, { x: 200, y: 145 }, [100])?.position).toBe(1);
    expect(cardDrop(board, { x: 200, y: 145 }, [100, 101])?.position).toBe(0);
  });

  it("shows the bar at the top of an empty cell", () => {
    const drop = cardDrop(board, { x: 200, y: 200 }, [103]);
    expect(drop).toEqual({ lane: 2, stage: 10, position: 0, indicator: rect(160, 156.5, 200, 3) });
  });

  it("refuses the emotions lane, a folded lane and the outside of the grid", () => {
    expect(cardDrop(board, { x: 200, y: 300 }, [100])).toBeNull();
    const folded = scene({ ...board, lanes: [{ ...grid.lanes[0]!, collapsed: true }] });
    expect(cardDrop(folded, { x: 200, y: 70 }, [102])).toBeNull();
    expect(cardDrop(board, { x: 75, y: 70 }, [100])).toBeNull();
    expect(cardDrop(board, { x: 200, y: 20 }, [100])).toBeNull();
  });
});

describe("dragging a card", () => {
  it("moves it to the cell and place it is dropped on", () => {
    const moved = drag({ x: 200, y: 70 }, { x: 400, y: 140 });
    expect(moved.kind).toBe("card");
    expect(dropEdit(board, data, moved)).toEqual({
      type: "move_cards",
      moves: [{ card: 100, lane: 1, stage: 11, position: 1 }],
    });
  });

  it("moves it within its cell", () => {
    const moved = drag({ x: 200, y: 70 }, { x: 200, y: 145 });
    expect(dropEdit(board, data, moved)).toEqual({
      type: "move_cards",
      moves: [{ card: 100, lane: 1, stage: 10, position: 1 }],
    });
  });

  it("makes no edit when dropped where it was or outside a cell", () => {
    expect(dropEdit(board, data, drag({ x: 200, y: 70 }, { x: 210, y: 75 }))).toBeNull();
    expect(dropEdit(board, data, drag({ x: 200, y: 70 }, { x: 75, y: 70 }))).toBeNull();
  });

  it("stays a click until the pointer moves past the threshold on screen", () => {
    const started = startDrag(board, { x: 200, y: 70 })!;
    const near = moveDrag(board, started, { x: 202, y: 71 }, 1);
    expect(near.active).toBe(false);
    expect(dropEdit(board, data, near)).toBeNull();
    // 2.5 scene pixels are 5 screen pixels at 200%.
    expect(moveDrag(board, started, { x: 202.5, y: 70 }, 2).active).toBe(true);
  });

  it("moves several cards into consecutive places", () => {
    const several: Drag = {
      kind: "card",
      cards: [100, 101],
      start: { x: 0, y: 0 },
      point: { x: 400, y: 140 },
      active: true,
      drop: cardDrop(board, { x: 400, y: 140 }, [100, 101]),
    };
    expect(dropEdit(board, data, several)).toEqual({
      type: "move_cards",
      moves: [
        { card: 100, lane: 1, stage: 11, position: 1 },
        { card: 101, lane: 1, stage: 11, position: 2 },
      ],
    });
  });
});

describe("dragging a stage header", () => {
  it("moves the stage to the column it is dropped on", () => {
    const moved = drag({ x: 200, y: 20 }, { x: 400, y: 20 });
    expect(moved.kind === "stage" && moved.drop).toEqual({
      position: 1,
      indicator: rect(588.5, 0, 3, 366),
    });
    expect(dropEdit(board, data, moved)).toEqual({ type: "move_stage", stage: 10, position: 1 });
  });

  it("puts the bar on the side the stage arrives from, and clamps beyond the ends", () => {
    expect(stageDrop(board, 100, 1)).toEqual({ position: 0, indicator: rect(148.5, 0, 3, 366) });
    expect(stageDrop(board, 2000, 0).position).toBe(1);
  });

  it("makes no edit when dropped on its own column", () => {
    const moved = drag({ x: 200, y: 20 }, { x: 300, y: 30 });
    expect(moved.kind === "stage" && moved.drop?.indicator).toBeNull();
    expect(dropEdit(board, data, moved)).toBeNull();
  });
});

describe("dragging a lane header", () => {
  it("moves the lane to the row it is dropped on", () => {
    const moved = drag({ x: 20, y: 60 }, { x: 30, y: 300 });
    expect(moved.kind === "lane" && moved.drop).toEqual({
      position: 2,
      indicator: rect(0, 364.5, 590, 3),
    });
    expect(dropEdit(board, data, moved)).toEqual({ type: "move_lane", lane: 1, position: 2 });
  });

  it("puts the bar on the side the lane arrives from, and clamps beyond the ends", () => {
    expect(laneDrop(board, 10, 2)).toEqual({ position: 0, indicator: rect(0, 50.5, 590, 3) });
    expect(laneDrop(board, 5000, 0).position).toBe(2);
  });

  it("makes no edit when dropped on its own row", () => {
    const moved = drag({ x: 20, y: 60 }, { x: 20, y: 120 });
    expect(moved.kind === "lane" && moved.drop?.indicator).toBeNull();
    expect(dropEdit(board, data, moved)).toBeNull();
  });
});

describe("dragging an emotion point", () => {
  it("reads values off the band's scale, clamped and rounded to a tenth", () => {
    expect(emotionValue(emotions, 234)).toBe(2);
    expect(emotionValue(emotions, 284)).toBe(0);
    expect(emotionValue(emotions, 309)).toBe(-1);
    expect(emotionValue(emotions, 290)).toBe(-0.2);
    expect(emotionValue(emotions, 100)).toBe(2);
    expect(emotionValue(emotions, 900)).toBe(-2);
    expect(emotionY(emotions, -1)).toBe(309);
  });

  it("starts on the point rather than the cell under it", () => {
    expect(startDrag(board, { x: 263, y: 287 })?.kind).toBe("emotion");
    expect(startDrag(board, { x: 263, y: 310 })).toBeNull();
  });

  it("sets the new value and keeps a label the user typed", () => {
    const moved = drag({ x: 260, y: 284 }, { x: 300, y: 234 });
    expect(dropEdit(board, data, moved)).toEqual({
      type: "set_emotion",
      lane: 3,
      stage: 10,
      persona_id: null,
      point: { value: 2, label: "curious" },
    });
  });

  it("changes a label that was the scale's word to the word for the new value", () => {
    const moved = drag({ x: 480, y: 259 }, { x: 480, y: 330 });
    expect(dropEdit(board, data, moved)).toEqual({
      type: "set_emotion",
      lane: 3,
      stage: 11,
      persona_id: null,
      point: { value: -1.8, label: "frustrated" },
    });
  });

  it("names each part of the scale", () => {
    expect([-2, -1, 0, 1, 2].map(emotionWord)).toEqual([
      "frustrated",
      "confused",
      "neutral",
      "confident",
      "delighted",
    ]);
    expect(emotionWord(0.4)).toBe("neutral");
    expect(emotionWord(-7)).toBe("frustrated");
  });
});
