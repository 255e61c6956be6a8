// Geometry of the canvas: converting between screen and scene coordinates, zooming around
// the pointer, and finding what lies under a point. Plain functions, tested without a DOM.

import type { CardBox, CellBox, LaneBox, Rect, Scene, StageBox } from "../bindings";

export type Point = { x: number; y: number };

/** The zoom levels the buttons and keys step through. */
export const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 3];
export const MIN_ZOOM = ZOOM_STEPS[0]!;
export const MAX_ZOOM = ZOOM_STEPS[ZOOM_STEPS.length - 1]!;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The next zoom step above (`direction` 1) or below (-1) `zoom`. */
export function stepZoom(zoom: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((step) => step > zoom + 1e-6) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((step) => step < zoom - 1e-6) ?? MIN_ZOOM;
}

/** The zoom that shows the whole scene in a viewport, never above 100%. */
export function fitZoom(scene: Scene, viewport: { width: number; height: number }): number {
  const margin = 32;
  const zoom = Math.min(
    (viewport.width - margin) / scene.width,
    (viewport.height - margin) / scene.height,
  );
  return clampZoom(Math.min(1, zoom));
}

/**
 * Where to scroll after changing the zoom so that the scene point under `pointer` (in
 * viewport pixels) stays under it.
 */
export function scrollForZoom(scroll: Point, pointer: Point, from: number, to: number): Point {
  const scene = { x: (scroll.x + pointer.x) / from, y: (scroll.y + pointer.y) / from };
  return { x: scene.x * to - pointer.x, y: scene.y * to - pointer.y };
}

/** The scene point under a point given in the canvas element's pixels. */
export function toScene(point: Point, zoom: number): Point {
  return { x: point.x / zoom, y: point.y / zoom };
}

/**
 * Where a point lands when the stage headers stay at the top of the viewport and the lane
 * headers at its left while the map scrolls under them. `scroll` is how far the map is
 * scrolled, in scene pixels; a point on a pinned header is moved onto that header.
 */
export function pinnedPoint(scene: Scene, point: Point, scroll: Point): Point {
  const y = point.y - scroll.y < scene.stage_header_height ? point.y - scroll.y : point.y;
  const x = point.x - scroll.x < scene.lane_header_width ? point.x - scroll.x : point.x;
  return { x, y };
}

/** A rectangle of a pinned header moved to where it is drawn over the scrolled map. */
export function pinnedRect(scene: Scene, rect: Rect, scroll: Point): Rect {
  const inTop = rect.y + rect.height / 2 < scene.stage_header_height;
  const inLeft = rect.x + rect.width / 2 < scene.lane_header_width;
  return {
    ...rect,
    x: inLeft ? rect.x + scroll.x : rect.x,
    y: inTop ? rect.y + scroll.y : rect.y,
  };
}

/** The size of the tiles the drawn part of a big map snaps to, in scene pixels. */
export const TILE = 512;

/**
 * The part of the scene worth drawing: what the viewport shows and as much again on every
 * side, snapped outwards to whole tiles so that it changes only now and then while the map
 * scrolls or zooms. `scroll` and `viewport` are in screen pixels.
 */
export function drawnWindow(
  scroll: Point,
  viewport: { width: number; height: number },
  zoom: number,
): Rect {
  const width = viewport.width / zoom;
  const height = viewport.height / zoom;
  const left = Math.floor((scroll.x / zoom - width) / TILE) * TILE;
  const top = Math.floor((scroll.y / zoom - height) / TILE) * TILE;
  const right = Math.ceil((scroll.x / zoom + 2 * width) / TILE) * TILE;
  const bottom = Math.ceil((scroll.y / zoom + 2 * height) / TILE) * TILE;
  return {
    x: Math.max(0, left),
    y: Math.max(0, top),
    width: right - Math.max(0, left),
    height: bottom - Math.max(0, top),
  };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function contains(rect: Rect, point: Point): boolean {
  return (
    point.x >= rect.x &&
    point.x < rect.x + rect.width &&
    point.y >= rect.y &&
    point.y < rect.y + rect.height
  );
}

/** What lies under a scene point, the topmost first. */
export type Hit =
  | { kind: "card"; card: CardBox }
  | { kind: "stage"; stage: StageBox }
  | { kind: "lane"; lane: LaneBox }
  | { kind: "cell"; cell: CellBox }
  | { kind: "none" };

export function hitTest(scene: Scene, point: Point): Hit {
  const card = scene.cards.find((c) => contains(c.rect, point));
  if (card) return { kind: "card", card };
  const stage = scene.stages.find((s) => contains(s.rect, point));
  if (stage) return { kind: "stage", stage };
  const lane = scene.lanes.find((l) => contains(l.header, point));
  if (lane) return { kind: "lane", lane };
  const cell = scene.cells.find((c) => contains(c.rect, point));
  if (cell) return { kind: "cell", cell };
  return { kind: "none" };
}

/** The place a new card takes in a cell: below its last card. */
export function newCardRect(scene: Scene, cell: CellBox): Rect {
  const padding = 10;
  const inCell = scene.cards.filter((c) => c.lane === cell.lane && c.stage === cell.stage);
  const last = inCell[inCell.length - 1];
  const y = last ? last.rect.y + last.rect.height + 8 : cell.rect.y + padding;
  return { x: cell.rect.x + padding, y, width: cell.rect.width - 2 * padding, height: 32 };
}

export type Direction = "left" | "right" | "up" | "down";

/**
 * The card an arrow key moves the selection to: up and down within the column across lanes,
 * left and right to the nearest card in the next column that holds one.
 */
export function neighbourCard(scene: Scene, from: CardBox, direction: Direction): CardBox | null {
  const centre = (c: CardBox) => ({
    x: c.rect.x + c.rect.width / 2,
    y: c.rect.y + c.rect.height / 2,
  });
  const origin = centre(from);
  const candidates = scene.cards.filter((card) => {
    if (card.id === from.id) return false;
    const p = centre(card);
    switch (direction) {
      case "up":
        return Math.abs(p.x - origin.x) < 1 && p.y < origin.y;
      case "down":
        return Math.abs(p.x - origin.x) < 1 && p.y > origin.y;
      case "left":
        return p.x < origin.x - 1;
      case "right":
        return p.x > origin.x + 1;
    }
  });
  const distance = (card: CardBox) => {
    const p = centre(card);
    const along = direction === "up" || direction === "down" ? p.y - origin.y : p.x - origin.x;
    const across = direction === "up" || direction === "down" ? 0 : p.y - origin.y;
    return Math.abs(along) * 1000 + Math.abs(across);
  };
  candidates.sort((a, b) => distance(a) - distance(b));
  return candidates[0] ?? null;
}
