// The export dialog's logic: the formats and pages it offers, the options it sends, the file
// name it suggests and how it describes what the file will be.

import type { ExportFormat, ExportOptions, ExportPreview, LaneData, Persona } from "./bindings";

export const FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: "png", label: "PNG", hint: "An image for slides and chats" },
  { format: "svg", label: "SVG", hint: "Vectors for design tools and the web" },
  { format: "pdf", label: "PDF", hint: "For printing and reading; text can be searched" },
  { format: "json", label: "JSON", hint: "The map, to import into another document" },
  { format: "csv", label: "CSV", hint: "The metrics table, for a spreadsheet" },
];

export type Paper = "a4" | "a3" | "letter" | "tabloid";

export const PAPERS: { paper: Paper; label: string }[] = [
  { paper: "a4", label: "A4" },
  { paper: "a3", label: "A3" },
  { paper: "letter", label: "Letter" },
  { paper: "tabloid", label: "Tabloid" },
];

/** How a PDF puts the map on pages. */
export type Pages = {
  /** One page the map's size, the map scaled onto one page, or tiled over several. */
  layout: "fit" | "page" | "tiles";
  paper: Paper;
  landscape: boolean;
};

export const DEFAULT_PAGES: Pages = { layout: "fit", paper: "a4", landscape: true };

/** The page option as the command line writes it: `fit`, `a4-landscape`, `tiles:a3-portrait`. */
export function pageName(pages: Pages): string {
  if (pages.layout === "fit") return "fit";
  const page = `${pages.paper}-${pages.landscape ? "landscape" : "portrait"}`;
  return pages.layout === "tiles" ? `tiles:${page}` : page;
}

export const SCALES = [1, 2, 3, 4];

/** What the dialog chooses, before it becomes the command's options. */
export type Choices = {
  format: ExportFormat;
  /** PNG pixels per map pixel, or a width in pixels when `width` is set. */
  scale: number;
  width: number | null;
  transparent: boolean;
  pages: Pages;
  /** Lane ids left out. */
  hiddenLanes: number[];
  /** Persona names ticked, in the document's order. */
  personas: string[];
};

export const DEFAULT_CHOICES: Choices = {
  format: "png",
  scale: 2,
  width: null,
  transparent: false,
  pages: DEFAULT_PAGES,
  hiddenLanes: [],
  personas: [],
};

/** The export command's options for map `map`. */
export function exportOptions(map: number, lanes: LaneData[], choices: Choices): ExportOptions {
  const hidden = new Set(choices.hiddenLanes);
  const shown = lanes.flatMap((lane) =>
    lane.id !== null && !hidden.has(lane.id) ? [lane.id] : [],
  );
  return {
    map,
    format: choices.format,
    lanes: hidden.size === 0 ? null : shown,
    personas: choices.personas,
    scale: choices.scale,
    width: choices.width,
    transparent: choices.transparent,
    page: pageName(choices.pages),
  };
}

/** `names` with `name` ticked or unticked, kept in the order of `personas`. */
export function togglePersona(personas: Persona[], names: string[], name: string): string[] {
  const ticked = new Set(names);
  if (ticked.has(name)) ticked.delete(name);
  else ticked.add(name);
  return personas.map((p) => p.name).filter((n) => ticked.has(n));
}

/** A file name for the map: its name without characters file systems refuse, and the format's
 * extension. */
export function suggestedFileName(mapName: string, format: ExportFormat): string {
  const safe = mapName.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "-").trim();
  const base = safe.replace(/^[.-]+|[.\s]+$/g, "") || "map";
  return `${base}.${format}`;
}

/** `path` with the format's extension, added when the save dialog left it out. */
export function withExtension(path: string, format: ExportFormat): string {
  return path.toLowerCase().endsWith(`.${format}`) ? path : `${path}.${format}`;
}

/** The save dialog's file filter for a format. */
export function saveFilters(format: ExportFormat) {
  const label = FORMATS.find((f) => f.format === format)?.label ?? format.toUpperCase();
  return [{ name: label, extensions: [format] }];
}

const figure = (n: number) => Math.round(n).toLocaleString("en-US");

/** What the file will be: "3,444 × 2,166 pixels", "4 pages, 842 × 595 pt". */
export function describeOutput(format: ExportFormat, preview: ExportPreview): string {
  const size = `${figure(preview.width)} × ${figure(preview.height)}`;
  switch (format) {
    case "png":
      return `${size} pixels`;
    case "pdf": {
      const pages = preview.pages === 1 ? "1 page" : `${preview.pages} pages`;
      return preview.pages === 1 ? `${pages}, ${size} pt` : `${pages}, each ${size} pt`;
    }
    case "svg":
      return `${size} at 100%`;
    case "json":
      return "The whole map with its personas, bindings and settings";
    case "csv":
      return "One row per group and bound stage";
  }
}

/** Whether a format draws the map, so that lanes and pages apply to it. */
export function isPicture(format: ExportFormat): boolean {
  return format === "png" || format === "svg" || format === "pdf";
}
