// Finding cards by their text, for Ctrl+F: the matches in the order a person reads the map,
// stage by stage from the left, and within a stage lane by lane from the top.

import type { MapData } from "./bindings";

/** The ids of the cards whose text holds `query`, ignoring case; none for a blank query. */
export function findCards(map: MapData, query: string): number[] {
  const wanted = query.trim().toLocaleLowerCase();
  if (wanted === "") return [];
  const found: number[] = [];
  map.stages.forEach((_, stage) => {
    for (const lane of map.lanes) {
      for (const card of lane.cards) {
        if (card.stage !== stage || card.id === null) continue;
        if (card.text.toLocaleLowerCase().includes(wanted)) found.push(card.id);
      }
    }
  });
  return found;
}

/** The match after (or, going back, before) `current`, wrapping around; null for none. */
export function nextMatch(matches: number[], current: number | null, back: boolean): number | null {
  if (matches.length === 0) return null;
  const at = current === null ? -1 : matches.indexOf(current);
  if (at < 0) return back ? matches[matches.length - 1]! : matches[0]!;
  const step = back ? matches.length - 1 : 1;
  return matches[(at + step) % matches.length]!;
}
