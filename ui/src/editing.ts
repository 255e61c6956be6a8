// Builds the edits the canvas and the map list send to the document. Every change the UI
// makes is one of these, applied by the core in one transaction and recorded for undo.

import type { CardBox, CardFields, CellBox, Edit, LaneKind, MapData } from "./bindings";

/** The card's stored fields, found in the map by id. */
export function cardFields(map: MapData, id: number): CardFields | null {
  for (const lane of map.lanes) {
    const card = lane.cards.find((c) => c.id === id);
    if (card) {
      const { text, channel, owner, colour, tags } = card;
      return { text, channel, owner, colour, tags };
    }
  }
  return null;
}

/**
 * Changes a card's text, keeping its other fields; trailing blank lines and spaces are
 * dropped, and a card whose text is cleared is removed. Null when nothing changes.
 */
export function editCardText(map: MapData, card: CardBox, text: string): Edit | null {
  const fields = cardFields(map, card.id);
  const trimmed = text.trimEnd();
  if (!fields || fields.text === trimmed) return null;
  if (trimmed.trim() === "") return { type: "delete_card", card: card.id };
  return { type: "update_card", card: card.id, fields: { ...fields, text: trimmed } };
}

/** Adds a card with `text` at the bottom of a cell; null for an empty text. */
export function addCard(cell: CellBox, typed: string): Edit | null {
  const text = typed.trimEnd();
  if (text.trim() === "") return null;
  return {
    type: "insert_card",
    card: {
      id: null,
      lane: cell.lane,
      stage: cell.stage,
      position: cell.cards,
      text,
      channel: null,
      owner: null,
      colour: null,
      tags: [],
    },
  };
}

/** Where a card sits: its lane's and stage's ids and its place in the cell; null for none. */
export function cardPlace(
  map: MapData,
  id: number,
): { lane: number; stage: number; position: number } | null {
  for (const lane of map.lanes) {
    const card = lane.cards.find((c) => c.id === id);
    const stage = card && map.stages[card.stage]?.id;
    if (!card || lane.id === null || stage === null || stage === undefined) continue;
    const cell = lane.cards.filter((c) => c.stage === card.stage);
    return { lane: lane.id, stage, position: cell.indexOf(card) };
  }
  return null;
}

/**
 * A card with `fields` right under the card `under`, in its cell: a pasted card, which may
 * come from another map. Null when the map has no such card.
 */
export function pasteCard(map: MapData, under: number, fields: CardFields): Edit | null {
  const place = cardPlace(map, under);
  if (!place) return null;
  const { text, channel, owner, colour, tags } = fields;
  return {
    type: "insert_card",
    card: {
      id: null,
      lane: place.lane,
      stage: place.stage,
      position: place.position + 1,
      text,
      channel,
      owner,
      colour,
      tags: [...tags],
    },
  };
}

/** A copy of a card, with all its fields, right under it in its cell; null for no such card. */
export function duplicateCard(map: MapData, id: number): Edit | null {
  const fields = cardFields(map, id);
  return fields && pasteCard(map, id, fields);
}

/** Renames a stage; null when the name is empty or unchanged. */
export function renameStage(map: MapData, stage: number, name: string): Edit | null {
  const trimmed = name.trim();
  const current = map.stages.find((s) => s.id === stage)?.name;
  if (trimmed === "" || trimmed === current) return null;
  return { type: "rename_stage", stage, name: trimmed };
}

/** Renames a lane; null when the name is empty or unchanged. */
export function renameLane(map: MapData, lane: number, name: string): Edit | null {
  const trimmed = name.trim();
  const current = map.lanes.find((l) => l.id === lane)?.name;
  if (trimmed === "" || trimmed === current) return null;
  return { type: "rename_lane", lane, name: trimmed };
}

/** The kinds of lane a person adds by hand, with the title a new one gets. */
export const LANE_KINDS: { kind: LaneKind; title: string }[] = [
  { kind: "actions", title: "Actions" },
  { kind: "touchpoints", title: "Touchpoints" },
  { kind: "channels", title: "Channels" },
  { kind: "thoughts", title: "Thoughts" },
  { kind: "emotions", title: "Emotions" },
  { kind: "pain_points", title: "Pain points" },
  { kind: "opportunities", title: "Opportunities" },
  { kind: "owners", title: "Owners" },
  { kind: "text", title: "Notes" },
];

/** Adds an empty lane of `kind` under the map's lanes. */
export function addLane(map: MapData, kind: LaneKind): Edit | null {
  const title = LANE_KINDS.find((k) => k.kind === kind)?.title;
  if (map.id === null || !title) return null;
  const lane = { id: null, kind, name: title, collapsed: false };
  return {
    type: "insert_lane",
    map: map.id,
    position: map.lanes.length,
    lane,
    cards: [],
    points: [],
  };
}

/** Adds a stage at `position` (0 is the first column), named after its place. */
export function addStage(map: MapData, position: number): Edit | null {
  if (map.id === null) return null;
  const taken = new Set(map.stages.map((s) => s.name));
  let n = position + 1;
  while (taken.has(`Stage ${n}`)) n += 1;
  const stage = { id: null, name: `Stage ${n}`, description: "", binding: null };
  return { type: "insert_stage", map: map.id, position, stage, cards: [], points: [] };
}

/** Folds a lane, or unfolds a folded one. */
export function toggleLane(map: MapData, lane: number): Edit | null {
  const data = map.lanes.find((l) => l.id === lane);
  if (!data) return null;
  return { type: "set_lane_collapsed", lane, collapsed: !data.collapsed };
}

/** A name for a copy that no map has yet: "X (copy)", "X (copy 2)", ... */
export function copyName(name: string, taken: string[]): string {
  const base = `${name} (copy)`;
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${name} (copy ${n})`;
    if (!taken.includes(candidate)) return candidate;
  }
}
