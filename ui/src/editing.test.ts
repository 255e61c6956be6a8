// Tests of the edit builders on a small map: two stages and two lanes, one card in each lane.

import { describe, expect, it } from "vitest";

import type { CardBox, CardData, CellBox, LaneData, MapData } from "./bindings";
import {
  addCard,
  addLane,
  addStage,
  cardFields,
  copyName,
  duplicateCard,
  editCardText,
  pasteCard,
  renameLane,
  renameStage,
  toggleLane,
} from "./editing";

const ad: CardData = {
  id: 100,
  stage: 0,
  text: "Sees an ad",
  channel: "social",
  owner: "marketing",
  colour: "#fde68a",
  tags: ["paid"],
};

const failure: CardData = {
  id: 200,
  stage: 1,
  text: "Checkout fails",
  channel: "web",
  owner: "product",
  colour: null,
  tags: ["bug", "mobile"],
};

function sampleMap(): MapData {
  return {
    id: 1,
    name: "Ad to purchase",
    description: "",
    persona_id: null,
    shown_personas: [],
    stages: [
      { id: 10, name: "Awareness", description: "", binding: null },
      { id: 11, name: "Purchase", description: "", binding: null },
    ],
    lanes: [lane(1, "Actions", [ad]), lane(2, "Pain points", [failure])],
    analytics: {
      window_seconds: 2592000,
      mode: "ordered",
      entry_from: null,
      entry_to: null,
      purchase_events: [],
      same_day_as_one: false,
      split_by: null,
    },
  };
}

function lane(id: number, name: string, cards: CardData[]): LaneData {
  return { id, kind: "actions", name, collapsed: false, cards, points: [] };
}

function box(id: number, lane: number, stage: number): CardBox {
  const rect = { x: 380, y: 162, width: 200, height: 32 };
  return { id, lane, stage, position: 0, rect, fill: "#fee2e2", stroke: "#fca5a5", lines: [] };
}

describe("cardFields", () => {
  it("gives the stored fields of a card in any lane, without its id or stage", () => {
    expect(cardFields(sampleMap(), 200)).toStrictEqual({
      text: "Checkout fails",
      channel: "web",
      owner: "product",
      colour: null,
      tags: ["bug", "mobile"],
    });
  });

  it("gives null for a card the map lacks", () => {
    expect(cardFields(sampleMap(), 999)).toBeNull();
  });
});

describe("duplicateCard", () => {
  it("copies every field of a card right under it in its cell", () => {
    const map = sampleMap();
    const second = { ...ad, id: 101, text: "Clicks it" };
    const other = { ...ad, id: 102, stage: 1, text: "Elsewhere" };
    map.lanes[0]!.cards = [ad, other, second];
    expect(duplicateCard(map, 100)).toStrictEqual({
      type: "insert_card",
      card: {
        id: null,
        lane: 1,
        stage: 10,
        position: 1,
        text: "Sees an ad",
        channel: "social",
        owner: "marketing",
        colour: "#fde68a",
        tags: ["paid"],
      },
    });
    // The second card of the first stage: its copy goes third, whatever the other stage holds.
    expect(duplicateCard(map, 101)).toMatchObject({ card: { stage: 10, position: 2 } });
    expect(duplicateCard(map, 200)).toMatchObject({ card: { lane: 2, stage: 11, position: 1 } });
  });

  it("gives nothing for a card the map does not have", () => {
    expect(duplicateCard(sampleMap(), 999)).toBeNull();
  });
});

describe("pasteCard", () => {
  it("puts a card copied from anywhere right under the card chosen", () => {
    const fields = {
      text: "From another map",
      channel: "email",
      owner: null,
      colour: null,
      tags: ["x"],
    };
    expect(pasteCard(sampleMap(), 200, fields)).toStrictEqual({
      type: "insert_card",
      card: { id: null, lane: 2, stage: 11, position: 1, ...fields },
    });
    expect(pasteCard(sampleMap(), 999, fields)).toBeNull();
  });
});

describe("editCardText", () => {
  it("changes the text and keeps the other fields", () => {
    const edit = editCardText(sampleMap(), box(200, 2, 11), "Checkout fails on mobile");
    expect(edit).toStrictEqual({
      type: "update_card",
      card: 200,
      fields: {
        text: "Checkout fails on mobile",
        channel: "web",
        owner: "product",
        colour: null,
        tags: ["bug", "mobile"],
      },
    });
  });

  it("leaves the map as it was", () => {
    const map = sampleMap();
    editCardText(map, box(100, 1, 10), "Clicks the ad");
    expect(map).toStrictEqual(sampleMap());
  });

  it("gives null when the text is unchanged", () => {
    expect(editCardText(sampleMap(), box(100, 1, 10), "Sees an ad")).toBeNull();
  });

  it("gives null for a card the map lacks", () => {
    expect(editCardText(sampleMap(), box(999, 1, 10), "Anything")).toBeNull();
  });

  it("drops trailing blank lines and spaces, and sees nothing else as a change", () => {
    const edit = editCardText(sampleMap(), box(100, 1, 10), "Sees a reel\n\n  ");
    expect(edit?.type === "update_card" && edit.fields.text).toBe("Sees a reel");
    expect(editCardText(sampleMap(), box(100, 1, 10), "Sees an ad \n")).toBeNull();
  });

  it("removes a card whose text is cleared", () => {
    const edit = editCardText(sampleMap(), box(100, 1, 10), "  \n ");
    expect(edit).toStrictEqual({ type: "delete_card", card: 100 });
  });
});

describe("addCard", () => {
  const cell: CellBox = {
    lane: 2,
    stage: 11,
    rect: { x: 370, y: 152, width: 220, height: 64 },
    cards: 3,
  };

  it("drops trailing blank lines from the new card's text", () => {
    const edit = addCard(cell, "Slow page\n\n");
    expect(edit?.type === "insert_card" && edit.card.text).toBe("Slow page");
  });

  it("inserts a plain card at the end of the cell", () => {
    expect(addCard(cell, "Slow page")).toStrictEqual({
      type: "insert_card",
      card: {
        id: null,
        lane: 2,
        stage: 11,
        position: 3,
        text: "Slow page",
        channel: null,
        owner: null,
        colour: null,
        tags: [],
      },
    });
  });

  it("puts the first card of an empty cell at the top", () => {
    expect(addCard({ ...cell, cards: 0 }, "Slow page")).toMatchObject({
      type: "insert_card",
      card: { lane: 2, stage: 11, position: 0 },
    });
  });

  it("gives null for a blank text", () => {
    expect(addCard(cell, "")).toBeNull();
    expect(addCard(cell, "  \n\t ")).toBeNull();
  });
});

describe("renameStage", () => {
  it("renames to the trimmed name", () => {
    expect(renameStage(sampleMap(), 10, "  Discovery \n")).toStrictEqual({
      type: "rename_stage",
      stage: 10,
      name: "Discovery",
    });
  });

  it("gives null for an empty name", () => {
    expect(renameStage(sampleMap(), 10, "")).toBeNull();
    expect(renameStage(sampleMap(), 10, "   ")).toBeNull();
  });

  it("gives null when the trimmed name is the stage's own", () => {
    expect(renameStage(sampleMap(), 10, "Awareness")).toBeNull();
    expect(renameStage(sampleMap(), 10, " Awareness ")).toBeNull();
  });

  it("compares with the stage renamed, not with the others", () => {
    expect(renameStage(sampleMap(), 11, "Awareness")).toStrictEqual({
      type: "rename_stage",
      stage: 11,
      name: "Awareness",
    });
  });
});

describe("renameLane", () => {
  it("renames to the trimmed name", () => {
    expect(renameLane(sampleMap(), 2, " Frustrations  ")).toStrictEqual({
      type: "rename_lane",
      lane: 2,
      name: "Frustrations",
    });
  });

  it("gives null for an empty name", () => {
    expect(renameLane(sampleMap(), 2, " \t")).toBeNull();
  });

  it("gives null when the trimmed name is the lane's own", () => {
    expect(renameLane(sampleMap(), 2, "Pain points ")).toBeNull();
  });

  it("compares with the lane renamed, not with the others", () => {
    expect(renameLane(sampleMap(), 1, "Pain points")).toStrictEqual({
      type: "rename_lane",
      lane: 1,
      name: "Pain points",
    });
  });
});

describe("addLane", () => {
  it("adds an empty lane of the kind under the others, with the kind's title", () => {
    expect(addLane(sampleMap(), "pain_points")).toStrictEqual({
      type: "insert_lane",
      map: 1,
      position: 2,
      lane: { id: null, kind: "pain_points", name: "Pain points", collapsed: false },
      cards: [],
      points: [],
    });
  });

  it("gives null for a map not stored yet", () => {
    expect(addLane({ ...sampleMap(), id: null }, "actions")).toBeNull();
  });
});

describe("addStage", () => {
  it("adds a stage at the position, named after its place", () => {
    expect(addStage(sampleMap(), 1)).toStrictEqual({
      type: "insert_stage",
      map: 1,
      position: 1,
      stage: { id: null, name: "Stage 2", description: "", binding: null },
      cards: [],
      points: [],
    });
  });

  it("skips names the map already has", () => {
    const map = sampleMap();
    map.stages[0]!.name = "Stage 3";
    const edit = addStage(map, 2);
    expect(edit?.type === "insert_stage" && edit.stage.name).toBe("Stage 4");
  });
});

describe("toggleLane", () => {
  it("folds an open lane and unfolds a folded one", () => {
    expect(toggleLane(sampleMap(), 2)).toStrictEqual({
      type: "set_lane_collapsed",
      lane: 2,
      collapsed: true,
    });
    const map = sampleMap();
    map.lanes[1]!.collapsed = true;
    expect(toggleLane(map, 2)).toStrictEqual({
      type: "set_lane_collapsed",
      lane: 2,
      collapsed: false,
    });
  });

  it("gives null for a lane the map lacks", () => {
    expect(toggleLane(sampleMap(), 9)).toBeNull();
  });
});

describe("copyName", () => {
  it("adds (copy) when no map has that name", () => {
    expect(copyName("Trial", [])).toBe("Trial (copy)");
    expect(copyName("Trial", ["Trial", "Onboarding (copy)", "Trial (copy 2)"])).toBe(
      "Trial (copy)",
    );
  });

  it("numbers further copies from 2", () => {
    expect(copyName("Trial", ["Trial", "Trial (copy)"])).toBe("Trial (copy 2)");
    expect(copyName("Trial", ["Trial (copy)", "Trial (copy 2)"])).toBe("Trial (copy 3)");
  });

  it("takes the lowest free number", () => {
    const taken = ["Trial (copy)", "Trial (copy 2)", "Trial (copy 4)"];
    expect(copyName("Trial", taken)).toBe("Trial (copy 3)");
  });
});
