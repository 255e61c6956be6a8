// Tests of the export dialog's logic: pages, options, file names and descriptions.

import { describe, expect, it } from "vitest";

import type { ExportPreview, LaneData, Persona } from "./bindings";
import {
  DEFAULT_CHOICES,
  describeOutput,
  exportOptions,
  pageName,
  suggestedFileName,
  togglePersona,
  withExtension,
} from "./exporting";

function lane(id: number, name: string): LaneData {
  return { id, kind: "actions", name, collapsed: false, cards: [], points: [] };
}

function persona(id: number, name: string): Persona {
  return { id, name, description: "", colour: "#2563eb", rule: null };
}

describe("pageName", () => {
  it("writes pages as the command line reads them", () => {
    expect(pageName({ layout: "fit", paper: "a3", landscape: false })).toBe("fit");
    expect(pageName({ layout: "page", paper: "a4", landscape: true })).toBe("a4-landscape");
    expect(pageName({ layout: "tiles", paper: "letter", landscape: false })).toBe(
      "tiles:letter-portrait",
    );
  });
});

describe("exportOptions", () => {
  const lanes = [lane(1, "Actions"), lane(2, "Emotions"), lane(3, "Metrics")];

  it("sends no lane list when every lane is shown", () => {
    const options = exportOptions(7, lanes, DEFAULT_CHOICES);
    expect(options).toMatchObject({ map: 7, format: "png", lanes: null, scale: 2, page: "fit" });
  });

  it("lists the lanes shown, in the map's order, when some are left out", () => {
    const options = exportOptions(7, lanes, { ...DEFAULT_CHOICES, hiddenLanes: [2] });
    expect(options.lanes).toEqual([1, 3]);
  });
});

describe("togglePersona", () => {
  const personas = [persona(1, "Deal seeker"), persona(2, "Home maker")];

  it("keeps the ticked personas in the document's order", () => {
    expect(togglePersona(personas, ["Home maker"], "Deal seeker")).toEqual([
      "Deal seeker",
      "Home maker",
    ]);
    expect(togglePersona(personas, ["Deal seeker", "Home maker"], "Deal seeker")).toEqual([
      "Home maker",
    ]);
  });
});

describe("file names", () => {
  it("leave out characters file systems refuse and end with the format", () => {
    expect(suggestedFileName("Instagram ad to repeat purchase", "pdf")).toBe(
      "Instagram ad to repeat purchase.pdf",
    );
    expect(suggestedFileName('Trial/paid: "Q3"?', "png")).toBe("Trial-paid- -Q3-.png");
    expect(suggestedFileName("...", "svg")).toBe("map.svg");
  });

  it("get the extension when the save dialog left it out", () => {
    expect(withExtension("/tmp/map", "png")).toBe("/tmp/map.png");
    expect(withExtension("/tmp/map.PNG", "png")).toBe("/tmp/map.PNG");
  });
});

describe("describeOutput", () => {
  const preview: ExportPreview = { svg: "", width: 3444, height: 2166, pages: 1, problem: null };

  it("gives pixels for a PNG and pages for a PDF", () => {
    expect(describeOutput("png", preview)).toBe("3,444 × 2,166 pixels");
    expect(describeOutput("pdf", { ...preview, width: 841.9, height: 595.3, pages: 4 })).toBe(
      "4 pages, each 842 × 595 pt",
    );
    expect(describeOutput("pdf", { ...preview, width: 1722, height: 1083 })).toBe(
      "1 page, 1,722 × 1,083 pt",
    );
  });
});
