// Dragging on the canvas: what a drag holds, where it would land, and the edit a drop makes.
// A drag starts on a card, a stage header or an emotion point; it only counts once the
// pointer has moved a few pixels, so a click still just selects. Plain functions over the
// scene, tested without a DOM.

import type { CurvePoint, Edit, LaneBox, MapData, Rect, Scene } from "../bindings";
import { contains, type Point } from "./geometry";

/** How far, in screen pixels, the pointer moves before a press becomes a drag. */
export const DRAG_THRESHOLD = 4;

/** The padding of a cell and the gap between its cards, as the core lays them out. */
const CELL_PADDING = 10;
const CARD_GAP = 8;

/** The thickness of a drop indicator, in scene pixels. */
const INDICATOR = 3;

/** Where dropped cards would go: a cell, a place in it, and the bar that shows it. */
export type CardDrop = { lane: number; stage: number; position: number; indicator: Rect };

/** Where a dragged stage or lane would go among its kind, and the bar that shows it. */
export type StageDrop = { position: number; indicator: Rect | null };
export type LaneDrop = StageDrop;

type Press = {
  /** Where the press started and where the pointer is now, in scene pixels. */
  start: Point;
  point: Point;
  /** Whether the pointer has gone past the threshold; until then it is a click. */
  active: boolean;
};

export type Drag =
  | (Press & { kind: "card"; cards: number[]; drop: CardDrop | null })
  | (Press & { kind: "stage"; stage: number; from: number; drop: StageDrop | null })
  | (Press & { kind: "lane"; lane: number; from: number; drop: LaneDrop | null })
  | (Press & {
      kind: "emotion";
      lane: number;
      stage: number;
      personaId: number | null;
      from: number;
      value: number;
    });

/** The five words of the emotion scale, from -2 to 2. */
export const EMOTION_WORDS = ["frustrated", "confused", "neutral", "confident", "delighted"];

/** The word for a value of the emotion scale. */
export function emotionWord(value: number): string {
  const index = Math.round(Math.min(2, Math.max(-2, value))) + 2;
  return EMOTION_WORDS[index]!;
}

/** The cards of a cell, top to bottom. */
function cellCards(scene: Scene, lane: number, stage: number) {
  return scene.cards
    .filter((c) => c.lane === lane && c.stage === stage)
    .sort((a, b) => a.position - b.position);
}

/** Whether a lane takes cards: not the emotion curve, not computed metrics, not folded. */
function takesCards(lane: LaneBox): boolean {
  return lane.kind !== "emotions" && lane.kind !== "metrics" && !lane.collapsed;
}

/**
 * Where cards dragged to `point` would land: the cell under it, placed between the cards
 * whose middles are above and below the pointer. The dragged cards themselves do not count,
 * so the position is the one they have once moved. Null outside a cell that takes cards.
 */
export function cardDrop(scene: Scene, point: Point, dragged: number[]): CardDrop | null {
  const cell = scene.cells.find((c) => contains(c.rect, point));
  const lane = cell && scene.lanes.find((l) => l.id === cell.lane);
  if (!cell || !lane || !takesCards(lane)) return null;

  const others = cellCards(scene, cell.lane, cell.stage).filter((c) => !dragged.includes(c.id));
  const position = others.filter((c) => c.rect.y + c.rect.height / 2 < point.y).length;
  const above = others[position - 1];
  const below = others[position];
  let y: number;
  if (above) y = above.rect.y + above.rect.height + CARD_GAP / 2;
  else if (below) y = below.rect.y - CARD_GAP / 2;
  else y = cell.rect.y + CELL_PADDING - CARD_GAP / 2;
  const indicator = {
    x: cell.rect.x + CELL_PADDING,
    y: y - INDICATOR / 2,
    width: cell.rect.width - 2 * CELL_PADDING,
    height: INDICATOR,
  };
  return { lane: cell.lane, stage: cell.stage, position, indicator };
}

/**
 * Where a stage dragged to `x` would go: the column under the pointer, or the first or last
 * one beyond the ends. The bar stands on the side of that column the stage arrives from.
 */
export function stageDrop(scene: Scene, x: number, from: number): StageDrop {
  const stages = scene.stages;
  let position = stages.findIndex((s) => x >= s.rect.x && x < s.rect.x + s.rect.width);
  if (position < 0) position = x < (stages[0]?.rect.x ?? 0) ? 0 : stages.length - 1;
  const target = stages[position];
  if (!target || position === from) return { position: from, indicator: null };
  const edge = position > from ? target.rect.x + target.rect.width : target.rect.x;
  const indicator = { x: edge - INDICATOR / 2, y: 0, width: INDICATOR, height: scene.height };
  return { position, indicator };
}

/**
 * Where a lane dragged to `y` would go: the row under the pointer, or the first or last one
 * beyond the ends. The bar lies on the side of that row the lane arrives from.
 */
export function laneDrop(scene: Scene, y: number, from: number): LaneDrop {
  const lanes = scene.lanes;
  let position = lanes.findIndex((l) => y >= l.header.y && y < l.header.y + l.header.height);
  if (position < 0) position = y < (lanes[0]?.header.y ?? 0) ? 0 : lanes.length - 1;
  const target = lanes[position];
  if (!target || position === from) return { position: from, indicator: null };
  const edge = position > from ? target.header.y + target.header.height : target.header.y;
  const indicator = { x: 0, y: edge - INDICATOR / 2, width: scene.width, height: INDICATOR };
  return { position, indicator };
}

/** The emotion value at height `y` of an emotions band, rounded to a tenth. */
export function emotionValue(lane: LaneBox, y: number): number {
  const [top, bottom] = lane.value_span ?? [lane.band.y, lane.band.y + lane.band.height];
  const share = Math.min(1, Math.max(0, (y - top) / (bottom - top)));
  return Math.round((2 - share * 4) * 10) / 10;
}

/** The height of an emotion value in an emotions band. */
export function emotionY(lane: LaneBox, value: number): number {
  const [top, bottom] = lane.value_span ?? [lane.band.y, lane.band.y + lane.band.height];
  return top + ((2 - value) / 4) * (bottom - top);
}

/** The emotion point under `point`, within `radius` scene pixels, the map's own first. */
export function hitEmotionPoint(
  scene: Scene,
  point: Point,
  radius = 10,
): { lane: number; personaId: number | null; point: CurvePoint } | null {
  const curves = [...scene.curves].sort(
    (a, b) => Number(b.persona_id === null) - Number(a.persona_id === null),
  );
  for (const curve of curves) {
    const hit = curve.points.find((p) => Math.hypot(p.x - point.x, p.y - point.y) <= radius);
    if (hit) return { lane: curve.lane, personaId: curve.persona_id, point: hit };
  }
  return null;
}

/**
 * The drag that a press at `point` may start: an emotion point, a card, a stage header or a
 * lane header, in that order as they are drawn on top of each other. Null where nothing can
 * be dragged.
 */
export function startDrag(scene: Scene, point: Point): Drag | null {
  const press = { start: point, point, active: false };
  const emotion = hitEmotionPoint(scene, point);
  if (emotion) {
    const { lane, personaId, point: p } = emotion;
    const value = p.value;
    return { ...press, kind: "emotion", lane, stage: p.stage, personaId, from: value, value };
  }
  const card = scene.cards.find((c) => contains(c.rect, point));
  if (card) return { ...press, kind: "card", cards: [card.id], drop: null };
  const stage = scene.stages.find((s) => contains(s.rect, point));
  if (stage) return { ...press, kind: "stage", stage: stage.id, from: stage.index, drop: null };
  const lane = scene.lanes.findIndex((l) => contains(l.header, point));
  if (lane >= 0)
    return { ...press, kind: "lane", lane: scene.lanes[lane]!.id, from: lane, drop: null };
  return null;
}

/** The drag with the pointer at `point`; `zoom` turns the threshold into scene pixels. */
export function moveDrag(scene: Scene, drag: Drag, point: Point, zoom: number): Drag {
  const far = Math.hypot(point.x - drag.start.x, point.y - drag.start.y) * zoom;
  const active = drag.active || far >= DRAG_THRESHOLD;
  if (!active) return drag;
  switch (drag.kind) {
    case "card":
      return { ...drag, point, active, drop: cardDrop(scene, point, drag.cards) };
    case "stage":
      return { ...drag, point, active, drop: stageDrop(scene, point.x, drag.from) };
    case "lane":
      return { ...drag, point, active, drop: laneDrop(scene, point.y, drag.from) };
    case "emotion": {
      const lane = scene.lanes.find((l) => l.id === drag.lane);
      const value = lane ? emotionValue(lane, point.y) : drag.value;
      return { ...drag, point, active, value };
    }
  }
}

/** The edit that dropping makes; null for a click, a drop nowhere or one that changes nothing. */
export function dropEdit(scene: Scene, map: MapData, drag: Drag): Edit | null {
  if (!drag.active) return null;
  switch (drag.kind) {
    case "card":
      return dropCards(scene, drag.cards, drag.drop);
    case "stage": {
      const position = drag.drop?.position ?? drag.from;
      if (position === drag.from) return null;
      return { type: "move_stage", stage: drag.stage, position };
    }
    case "lane": {
      const position = drag.drop?.position ?? drag.from;
      if (position === drag.from) return null;
      return { type: "move_lane", lane: drag.lane, position };
    }
    case "emotion":
      return dropEmotion(map, drag);
  }
}

function dropCards(scene: Scene, cards: number[], drop: CardDrop | null): Edit | null {
  if (!drop) return null;
  const only = cards.length === 1 ? scene.cards.find((c) => c.id === cards[0]) : undefined;
  const unchanged =
    only && only.lane === drop.lane && only.stage === drop.stage && only.position === drop.position;
  if (unchanged) return null;
  const moves = cards.map((card, k) => ({
    card,
    lane: drop.lane,
    stage: drop.stage,
    position: drop.position + k,
  }));
  return { type: "move_cards", moves };
}

/**
 * Sets the dragged point's new value. A label that was the scale's word for the old value
 * becomes the word for the new one; a label the user typed stays.
 */
function dropEmotion(map: MapData, drag: Extract<Drag, { kind: "emotion" }>): Edit | null {
  if (drag.value === drag.from) return null;
  const stageIndex = map.stages.findIndex((s) => s.id === drag.stage);
  const lane = map.lanes.find((l) => l.id === drag.lane);
  const stored = lane?.points.find(
    (p) => p.stage === stageIndex && p.persona_id === drag.personaId,
  );
  const old = stored?.label ?? "";
  const label = old === emotionWord(drag.from) ? emotionWord(drag.value) : old;
  return {
    type: "set_emotion",
    lane: drag.lane,
    stage: drag.stage,
    persona_id: drag.personaId,
    point: { value: drag.value, label },
  };
}
