// Finding cards by text: reading order, case, wrapping around.

import { describe, expect, it } from "vitest";
import type { CardData, LaneData, MapData } from "./bindings";
import { findCards, nextMatch } from "./find";

function card(id: number, stage: number, text: string): CardData {
  return { id, stage, text, channel: null, owner: null, colour: null, tags: [] };
}

function lane(id: number, cards: CardData[]): LaneData {
  return { id, kind: "actions", name: `Lane ${id}`, collapsed: false, cards, points: [] };
}

const map = {
  stages: [0, 1, 2].map((i) => ({ id: 10 + i, name: `S${i}`, description: "", binding: null })),
  lanes: [
    lane(1, [card(1, 0, "Reads the Review"), card(2, 2, "Writes a review")]),
    lane(2, [card(3, 0, "Sees reviews"), card(4, 1, "Pays"), card(5, 1, "reviews again")]),
  ],
} as unknown as MapData;

describe("finding cards", () => {
  it("lists the matches stage by stage, then lane by lane, ignoring case", () => {
    expect(findCards(map, "review")).toEqual([1, 3, 5, 2]);
    expect(findCards(map, "  PAYS ")).toEqual([4]);
  });

  it("finds nothing for a blank query or a text no card has", () => {
    expect(findCards(map, "   ")).toEqual([]);
    expect(findCards(map, "refund")).toEqual([]);
  });

  it("steps through the matches both ways and wraps around", () => {
    const matches = [1, 3, 5];
    expect(nextMatch(matches, null, false)).toBe(1);
    expect(nextMatch(matches, null, true)).toBe(5);
    expect(nextMatch(matches, 1, false)).toBe(3);
    expect(nextMatch(matches, 5, false)).toBe(1);
    expect(nextMatch(matches, 1, true)).toBe(5);
    // A selection that is not a match starts from the first.
    expect(nextMatch(matches, 4, false)).toBe(1);
    expect(nextMatch([], 1, false)).toBeNull();
  });
});
