// Tests of the canvas geometry on the small hand-made scenes of `testScene.ts`.

import { describe, expect, it } from "vitest";

import type { Scene } from "../bindings";
import {
  MAX_ZOOM,
  MIN_ZOOM,
  ZOOM_STEPS,
  clampZoom,
  drawnWindow,
  overlaps,
  fitZoom,
  hitTest,
  neighbourCard,
  newCardRect,
  pinnedPoint,
  pinnedRect,
  scrollForZoom,
  stepZoom,
  toScene,
} from "./geometry";
import { card, cell, find, lane, map, rect, scene, stage } from "./testScene";

describe("zoom", () => {
  it("steps to the neighbouring zoom level", () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(0.5, 1)).toBe(0.67);
  });

  it("steps from a zoom between levels to the nearest level in that direction", () => {
    expect(stepZoom(0.95, 1)).toBe(1);
    expect(stepZoom(0.95, -1)).toBe(0.9);
  });

  it("treats a zoom within rounding of a level as that level", () => {
    expect(stepZoom(1.0999999, 1)).toBe(1.25);
    expect(stepZoom(0.9000001, -1)).toBe(0.8);
  });

  it("visits every level in order and stops at both ends", () => {
    const visited = [MIN_ZOOM];
    while (visited.length < ZOOM_STEPS.length) visited.push(stepZoom(visited.at(-1)!, 1));

    expect(visited).toEqual(ZOOM_STEPS);
    expect(stepZoom(MAX_ZOOM, 1)).toBe(3);
    expect(stepZoom(MIN_ZOOM, -1)).toBe(0.25);
  });

  it("clamps a zoom into the range of the levels", () => {
    expect(clampZoom(10)).toBe(3);
    expect(clampZoom(0.01)).toBe(0.25);
    expect(clampZoom(0.7)).toBe(0.7);
  });
});

describe("fitZoom", () => {
  it("never enlarges a scene that fits", () => {
    expect(fitZoom(map, { width: 4000, height: 3000 })).toBe(1);
  });

  it("is limited by the width when the scene is wide", () => {
    const wide = scene({ width: 2000, height: 500 });
    expect(fitZoom(wide, { width: 1032, height: 800 })).toBeCloseTo(0.5);
  });

  it("is limited by the height when the scene is tall", () => {
    const tall = scene({ width: 500, height: 2000 });
    expect(fitZoom(tall, { width: 1200, height: 1232 })).toBeCloseTo(0.6);
  });

  it("stops at the smallest zoom for a tiny viewport", () => {
    expect(fitZoom(map, { width: 40, height: 40 })).toBe(0.25);
  });
});

describe("scrollForZoom", () => {
  it("doubles the scene point's distance from the origin when zooming to 200%", () => {
    const scroll = scrollForZoom({ x: 100, y: 50 }, { x: 200, y: 150 }, 1, 2);
    expect(scroll).toEqual({ x: 400, y: 250 });
  });

  it("keeps the scene point under the pointer fixed", () => {
    const pointer = { x: 320, y: 180 };
    const before = { x: 900, y: 420 };
    const after = scrollForZoom(before, pointer, 1.5, 0.67);

    const under = (scroll: typeof before, zoom: number) =>
      toScene({ x: scroll.x + pointer.x, y: scroll.y + pointer.y }, zoom);
    expect(under(after, 0.67).x).toBeCloseTo(under(before, 1.5).x);
    expect(under(after, 0.67).y).toBeCloseTo(under(before, 1.5).y);
    expect(after.x).not.toBeCloseTo(before.x);
  });

  it("leaves the scroll alone when the zoom does not change", () => {
    expect(scrollForZoom({ x: 37, y: 12 }, { x: 300, y: 200 }, 1.25, 1.25)).toEqual({
      x: 37,
      y: 12,
    });
  });
});

describe("toScene", () => {
  it("divides canvas pixels by the zoom", () => {
    expect(toScene({ x: 300, y: 150 }, 1.5)).toEqual({ x: 200, y: 100 });
    expect(toScene({ x: 300, y: 150 }, 0.5)).toEqual({ x: 600, y: 300 });
  });
});

describe("hitTest", () => {
  it("finds a card before the cell beneath it", () => {
    expect(hitTest(map, { x: 200, y: 120 })).toEqual({ kind: "card", card: map.cards[1] });
  });

  it("finds the cell in the gap between cards", () => {
    expect(hitTest(map, { x: 200, y: 97 })).toEqual({ kind: "cell", cell: map.cells[0] });
  });

  it("finds a stage header and a lane header", () => {
    expect(hitTest(map, { x: 400, y: 20 })).toEqual({ kind: "stage", stage: map.stages[1] });
    expect(hitTest(map, { x: 75, y: 200 })).toEqual({ kind: "lane", lane: map.lanes[1] });
  });

  it("finds nothing in the top-left corner or outside the scene", () => {
    expect(hitTest(map, { x: 75, y: 20 })).toEqual({ kind: "none" });
    expect(hitTest(map, { x: 700, y: 100 })).toEqual({ kind: "none" });
    expect(hitTest(map, { x: 200, y: 216 })).toEqual({ kind: "none" });
  });

  it("gives a shared edge to the box to the right of or below it", () => {
    expect(hitTest(map, { x: 370, y: 20 })).toEqual({ kind: "stage", stage: map.stages[1] });
    expect(hitTest(map, { x: 150, y: 20 })).toEqual({ kind: "stage", stage: map.stages[0] });
    expect(hitTest(map, { x: 200, y: 152 })).toEqual({ kind: "cell", cell: map.cells[2] });
  });

  it("prefers card, then stage, then lane header, then cell where they overlap", () => {
    const area = rect(0, 0, 10, 10);
    const all = {
      cards: [card(1, 1, 1, 0, area)],
      stages: [{ ...stage(1, 0, 0), rect: area }],
      lanes: [{ ...lane(1, 0, 10), header: area }],
      cells: [cell(1, 1, area, 1)],
    };
    const at = (parts: Partial<Scene>) => hitTest(scene(parts), { x: 5, y: 5 }).kind;

    expect(at(all)).toBe("card");
    expect(at({ ...all, cards: [] })).toBe("stage");
    expect(at({ ...all, cards: [], stages: [] })).toBe("lane");
    expect(at({ cells: all.cells })).toBe("cell");
  });

  it("ignores a lane's band, which the cells cover", () => {
    const bandOnly = scene({ lanes: map.lanes });
    expect(hitTest(bandOnly, { x: 200, y: 120 })).toEqual({ kind: "none" });
  });
});

describe("newCardRect", () => {
  it("puts a new card 8 px below the last card of its cell", () => {
    const target = find(map.cells, (c) => c.lane === 1 && c.stage === 10);
    expect(newCardRect(map, target)).toEqual(rect(160, 158, 200, 32));
  });

  it("counts only the cards of that cell", () => {
    const target = find(map.cells, (c) => c.lane === 2 && c.stage === 11);
    expect(newCardRect(map, target)).toEqual(rect(380, 202, 200, 32));
  });

  it("puts the first card of an empty cell at its top padding", () => {
    // Lane 2 has a card in stage 11 and stage 10 has cards in lane 1; neither counts here.
    const target = find(map.cells, (c) => c.lane === 2 && c.stage === 10);
    expect(newCardRect(map, target)).toEqual(rect(160, 162, 200, 32));
  });
});

describe("neighbourCard", () => {
  // Three columns of cards, 200 px wide at x 160, 380 and 600. Column 0 holds a, b and, in a
  // lower lane, c; column 1 holds only d, level with c; column 2 holds only e, level with a.
  const a = card(1, 1, 10, 0, rect(160, 62, 200, 32));
  const b = card(2, 1, 10, 1, rect(160, 102, 200, 48));
  const c = card(3, 2, 10, 0, rect(160, 300, 200, 32));
  const d = card(4, 2, 11, 0, rect(380, 300, 200, 32));
  const e = card(5, 1, 12, 0, rect(600, 62, 200, 32));
  const grid = scene({ width: 810, height: 400, cards: [a, b, c, d, e] });

  it("moves up and down to the nearest card of the same column", () => {
    expect(neighbourCard(grid, a, "down")).toBe(b);
    expect(neighbourCard(grid, c, "up")).toBe(b);
    expect(neighbourCard(grid, b, "up")).toBe(a);
  });

  it("crosses lanes going down", () => {
    expect(neighbourCard(grid, b, "down")).toBe(c);
  });

  it("never leaves the column going up or down", () => {
    expect(neighbourCard(grid, a, "up")).toBeNull();
    expect(neighbourCard(grid, c, "down")).toBeNull();
    expect(neighbourCard(grid, d, "up")).toBeNull();
    expect(neighbourCard(grid, e, "down")).toBeNull();
  });

  it("moves sideways to the next column that holds a card, before any nearer in height", () => {
    expect(neighbourCard(grid, a, "right")).toBe(d);
    expect(neighbourCard(grid, e, "left")).toBe(d);
  });

  it("picks the card nearest in height within that column", () => {
    expect(neighbourCard(grid, d, "left")).toBe(c);
    expect(neighbourCard(grid, b, "right")).toBe(d);
    expect(neighbourCard(grid, d, "right")).toBe(e);
  });

  it("finds nothing beyond the first or last column", () => {
    expect(neighbourCard(grid, b, "left")).toBeNull();
    expect(neighbourCard(grid, e, "right")).toBeNull();
  });
});

describe("pinned headers", () => {
  const scroll = { x: 100, y: 300 };

  it("leave every point where it is while the map is not scrolled", () => {
    for (const point of [
      { x: 10, y: 10 },
      { x: 400, y: 20 },
      { x: 20, y: 400 },
    ]) {
      expect(pinnedPoint(map, point, { x: 0, y: 0 })).toEqual(point);
    }
  });

  it("move a point on the pinned stage headers onto them, and on the lane headers too", () => {
    // 20 px below the viewport's top, 30 px right of its left edge: in the stage header band.
    expect(pinnedPoint(map, { x: 400, y: 320 }, scroll)).toEqual({ x: 400, y: 20 });
    expect(pinnedPoint(map, { x: 130, y: 400 }, scroll)).toEqual({ x: 30, y: 400 });
    expect(pinnedPoint(map, { x: 130, y: 320 }, scroll)).toEqual({ x: 30, y: 20 });
    expect(pinnedPoint(map, { x: 400, y: 400 }, scroll)).toEqual({ x: 400, y: 400 });
  });

  it("draw a header's control where the header is pinned", () => {
    expect(pinnedRect(map, rect(360, 16, 20, 20), scroll)).toEqual(rect(360, 316, 20, 20));
    expect(pinnedRect(map, rect(125, 157, 20, 20), scroll)).toEqual(rect(225, 157, 20, 20));
  });
});

describe("the drawn part of a big map", () => {
  it("covers the viewport and as much again around it, in whole tiles", () => {
    // A 1000 x 600 viewport scrolled to (3000, 2000) at 100%: 2000..5000 by 1400..3200,
    // snapped out to tiles of 512.
    expect(drawnWindow({ x: 3000, y: 2000 }, { width: 1000, height: 600 }, 1)).toEqual(
      rect(1536, 1024, 3584, 2560),
    );
  });

  it("starts at the scene's corner when the map is scrolled little", () => {
    expect(drawnWindow({ x: 0, y: 0 }, { width: 1000, height: 600 }, 1)).toEqual(
      rect(0, 0, 2048, 1536),
    );
  });

  it("grows as the map is zoomed out, in scene pixels", () => {
    const near = drawnWindow({ x: 0, y: 0 }, { width: 1000, height: 600 }, 2);
    const far = drawnWindow({ x: 0, y: 0 }, { width: 1000, height: 600 }, 0.5);
    expect(far.width).toBeGreaterThan(near.width);
    expect(far.height).toBeGreaterThan(near.height);
  });

  it("stays the same for small scrolls", () => {
    const a = drawnWindow({ x: 3000, y: 2000 }, { width: 1000, height: 600 }, 1);
    const b = drawnWindow({ x: 3020, y: 2010 }, { width: 1000, height: 600 }, 1);
    expect(b).toEqual(a);
  });

  it("tells overlapping rectangles from apart ones", () => {
    expect(overlaps(rect(0, 0, 10, 10), rect(5, 5, 10, 10))).toBe(true);
    expect(overlaps(rect(0, 0, 10, 10), rect(10, 0, 10, 10))).toBe(false);
  });
});
