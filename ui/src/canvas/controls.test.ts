// Tests of where the canvas's controls appear, on the hand-made scene of `testScene.ts`.

import { describe, expect, it } from "vitest";

import { gapButton, gapX, hoverAt, laneDelete, laneToggle, sameHover } from "./controls";
import { map, rect, scene } from "./testScene";

describe("the gaps between stage headers", () => {
  it("lie at each stage's left edge and after the last one", () => {
    expect([0, 1, 2].map((position) => gapX(map, position))).toEqual([150, 370, 590]);
    expect(gapX(scene({}), 0)).toBe(150);
  });

  it("bring up their button when the pointer is near, in the header band only", () => {
    expect(hoverAt(map, { x: 360, y: 30 })).toEqual({ kind: "stage-gap", position: 1 });
    expect(hoverAt(map, { x: 588, y: 5 })).toEqual({ kind: "stage-gap", position: 2 });
    expect(hoverAt(map, { x: 140, y: 51 })).toEqual({ kind: "stage-gap", position: 0 });
    expect(hoverAt(map, { x: 260, y: 30 })).toEqual({ kind: "none" });
    expect(hoverAt(map, { x: 370, y: 80 })).toEqual({ kind: "none" });
  });

  it("centre the button on the gap, halfway down the header", () => {
    expect(gapButton(map, 1)).toEqual(rect(360, 16, 20, 20));
  });
});

describe("lane headers", () => {
  it("are hovered anywhere on the header", () => {
    expect(hoverAt(map, { x: 20, y: 150 })).toEqual({ kind: "lane", lane: 1 });
    expect(hoverAt(map, { x: 149, y: 153 })).toEqual({ kind: "lane", lane: 2 });
  });

  it("have their toggle in the top right corner, and the delete button beside it", () => {
    expect(laneToggle(map.lanes[1]!)).toEqual(rect(125, 157, 20, 20));
    expect(laneDelete(map.lanes[1]!)).toEqual(rect(103, 157, 20, 20));
  });
});

describe("sameHover", () => {
  it("tells apart different gaps and lanes", () => {
    expect(sameHover({ kind: "stage-gap", position: 1 }, { kind: "stage-gap", position: 1 })).toBe(
      true,
    );
    expect(sameHover({ kind: "stage-gap", position: 1 }, { kind: "stage-gap", position: 2 })).toBe(
      false,
    );
    expect(sameHover({ kind: "lane", lane: 1 }, { kind: "lane", lane: 2 })).toBe(false);
    expect(sameHover({ kind: "none" }, { kind: "none" })).toBe(true);
    expect(sameHover({ kind: "lane", lane: 1 }, { kind: "none" })).toBe(false);
  });
});
