// Where the canvas shows its small controls: the "+" that adds a stage between two stage
// headers, shown while the pointer is near the gap; a lane header's fold toggle, shown while
// the pointer is on the header and always on a folded lane; and its delete button, shown
// while the pointer is on the header.

import type { LaneBox, Rect, Scene } from "../bindings";
import { contains, type Point } from "./geometry";

/** How near a gap between stage headers, in scene pixels, the pointer brings up its "+". */
export const GAP_REACH = 16;

/** The size of a control, in scene pixels. */
export const CONTROL_SIZE = 20;

export type Hover =
  { kind: "stage-gap"; position: number } | { kind: "lane"; lane: number } | { kind: "none" };

/** The x of the gap before stage `position`; `position` may be the number of stages. */
export function gapX(scene: Scene, position: number): number {
  const stage = scene.stages[position];
  if (stage) return stage.rect.x;
  const last = scene.stages[scene.stages.length - 1];
  return last ? last.rect.x + last.rect.width : scene.lane_header_width;
}

/** Where the "+" of the gap before stage `position` is drawn. */
export function gapButton(scene: Scene, position: number): Rect {
  const x = gapX(scene, position) - CONTROL_SIZE / 2;
  const y = (scene.stage_header_height - CONTROL_SIZE) / 2;
  return { x, y, width: CONTROL_SIZE, height: CONTROL_SIZE };
}

/** Where a lane header's fold toggle is drawn: its top right corner. */
export function laneToggle(lane: LaneBox): Rect {
  const inset = 5;
  const x = lane.header.x + lane.header.width - CONTROL_SIZE - inset;
  return { x, y: lane.header.y + inset, width: CONTROL_SIZE, height: CONTROL_SIZE };
}

/** Where a hovered lane header's delete button is drawn: left of its fold toggle. */
export function laneDelete(lane: LaneBox): Rect {
  const toggle = laneToggle(lane);
  return { ...toggle, x: toggle.x - CONTROL_SIZE - 2 };
}

/** What the pointer at `point` is near, for the controls. */
export function hoverAt(scene: Scene, point: Point): Hover {
  if (point.y >= 0 && point.y < scene.stage_header_height) {
    for (let position = 0; position <= scene.stages.length; position++) {
      if (Math.abs(point.x - gapX(scene, position)) <= GAP_REACH) {
        return { kind: "stage-gap", position };
      }
    }
  }
  const lane = scene.lanes.find((l) => contains(l.header, point));
  if (lane) return { kind: "lane", lane: lane.id };
  return { kind: "none" };
}

export function sameHover(a: Hover, b: Hover): boolean {
  if (a.kind === "stage-gap" && b.kind === "stage-gap") return a.position === b.position;
  if (a.kind === "lane" && b.kind === "lane") return a.lane === b.lane;
  return a.kind === b.kind;
}
