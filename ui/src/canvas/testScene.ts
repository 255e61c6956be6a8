// Small hand-made scenes for the canvas tests, following the core's layout: lane headers
// 150 px wide, stage columns 220 px wide, stage headers 52 px tall, cells padded by 10 px and
// cards 8 px apart.

import type { CardBox, CellBox, LaneBox, Rect, Scene, StageBox } from "../bindings";

export function rect(x: number, y: number, width: number, height: number): Rect {
  return { x, y, width, height };
}

export function stage(id: number, index: number, x: number): StageBox {
  return { id, index, rect: rect(x, 0, 220, 52), fill: "#e2e8f0", lines: [] };
}

export function lane(id: number, y: number, height: number): LaneBox {
  const header = rect(0, y, 150, height);
  const band = rect(150, y, 440, height);
  const fill = "#f8fafc";
  return {
    id,
    kind: "actions",
    collapsed: false,
    header,
    band,
    fill,
    lines: [],
    guides: [],
    scale: [],
    value_span: null,
  };
}

export function cell(lane: number, stage: number, area: Rect, cards: number): CellBox {
  return { lane, stage, rect: area, cards };
}

export function card(
  id: number,
  lane: number,
  stage: number,
  position: number,
  area: Rect,
): CardBox {
  return { id, lane, stage, position, rect: area, fill: "#dbeafe", stroke: "#93c5fd", lines: [] };
}

export function scene(parts: Partial<Scene>): Scene {
  return {
    width: 590,
    height: 216,
    lane_header_width: 150,
    stage_header_height: 52,
    stages: [],
    lanes: [],
    cells: [],
    cards: [],
    curves: [],
    figures: [],
    ...parts,
  };
}

export function find<T>(items: T[], test: (item: T) => boolean): T {
  const item = items.find(test);
  if (item === undefined) throw new Error("fixture lacks the item");
  return item;
}

// Two stages (ids 10 and 11) and two lanes (ids 1 and 2). Lane 1 holds two cards in stage 10
// and one in stage 11; lane 2 holds one card in stage 11 and none in stage 10.
export const map = scene({
  stages: [stage(10, 0, 150), stage(11, 1, 370)],
  lanes: [lane(1, 52, 100), lane(2, 152, 64)],
  cells: [
    cell(1, 10, rect(150, 52, 220, 100), 2),
    cell(1, 11, rect(370, 52, 220, 100), 1),
    cell(2, 10, rect(150, 152, 220, 64), 0),
    cell(2, 11, rect(370, 152, 220, 64), 1),
  ],
  cards: [
    card(100, 1, 10, 0, rect(160, 62, 200, 32)),
    card(101, 1, 10, 1, rect(160, 102, 200, 48)),
    card(102, 1, 11, 0, rect(380, 62, 200, 32)),
    card(103, 2, 11, 0, rect(380, 162, 200, 32)),
  ],
});
