// The front end's door to the app: the generated commands, the menu, import, metrics and
// file-drop events, and the system's file dialogs.

import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { ask, open, save } from "@tauri-apps/plugin-dialog";
import type { ImportFinished, MetricsFinished, MetricsProgress, Progress } from "./bindings";
import type { ExportFinished, ExportProgress } from "./bindings";
import { DATA_EXTENSIONS } from "./importing";

export * from "./bindings";

const FILTERS = [{ name: "Waymark document", extensions: ["waymark"] }];

const DATA_FILTERS = [
  { name: "Data files (CSV, TSV, text, gzip)", extensions: DATA_EXTENSIONS },
  { name: "All files", extensions: ["*"] },
];

/** Calls `handler` with the id of each menu item the user chooses. */
export function onMenu(handler: (id: string) => void): Promise<UnlistenFn> {
  return listen<string>("menu", (event) => handler(event.payload));
}

/** Asks for a document to open; null when the user cancels. */
export async function pickDocument(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters: FILTERS });
  return typeof picked === "string" ? picked : null;
}

/** Asks where to write a document; null when the user cancels. */
export async function pickTarget(title: string, defaultPath: string): Promise<string | null> {
  return save({ title, defaultPath, filters: FILTERS });
}

/** Asks a yes-or-no question with a destructive yes. */
export function confirmDanger(message: string, title: string, okLabel: string): Promise<boolean> {
  return ask(message, { title, kind: "warning", okLabel, cancelLabel: "Cancel" });
}

/** Asks for data files to import; empty when the user cancels. */
export async function pickDataFiles(): Promise<string[]> {
  const picked = await open({
    title: "Import data",
    multiple: true,
    directory: false,
    filters: DATA_FILTERS,
  });
  if (picked === null) return [];
  return Array.isArray(picked) ? picked : [picked];
}

/** What the running import reports: progress about ten times a second, then its end once. */
export type ImportListeners = {
  progress: (progress: Progress) => void;
  finished: (finished: ImportFinished) => void;
};

/** Listens to the running import's events; the promise settles once both listeners are set. */
export async function onImportEvents(listeners: ImportListeners): Promise<UnlistenFn> {
  const progress = await listen<Progress>("import-progress", (event) =>
    listeners.progress(event.payload),
  );
  const finished = await listen<ImportFinished>("import-finished", (event) =>
    listeners.finished(event.payload),
  );
  return () => {
    progress();
    finished();
  };
}

/** What a metrics computation reports: how far it has read the events, then its end once. */
export type MetricsListeners = {
  progress: (progress: MetricsProgress) => void;
  finished: (finished: MetricsFinished) => void;
};

/** Listens to metrics computations' events; the promise settles once both listeners are set. */
export async function onMetricsEvents(listeners: MetricsListeners): Promise<UnlistenFn> {
  const progress = await listen<MetricsProgress>("metrics-progress", (event) =>
    listeners.progress(event.payload),
  );
  const finished = await listen<MetricsFinished>("metrics-finished", (event) =>
    listeners.finished(event.payload),
  );
  return () => {
    progress();
    finished();
  };
}

/** Asks where to write an export; null when the user cancels. */
export async function pickExportTarget(
  defaultPath: string,
  filters: { name: string; extensions: string[] }[],
): Promise<string | null> {
  return save({ title: "Export map", defaultPath, filters });
}

/** What a running export reports: each step as it begins, then its end once. */
export type ExportListeners = {
  progress: (progress: ExportProgress) => void;
  finished: (finished: ExportFinished) => void;
};

/** Listens to exports' events; the promise settles once both listeners are set. */
export async function onExportEvents(listeners: ExportListeners): Promise<UnlistenFn> {
  const progress = await listen<ExportProgress>("export-progress", (event) =>
    listeners.progress(event.payload),
  );
  const finished = await listen<ExportFinished>("export-finished", (event) =>
    listeners.finished(event.payload),
  );
  return () => {
    progress();
    finished();
  };
}

/** Files dragged over the window from the system, and dropped on it. */
export type FileDrag = { type: "enter" | "drop"; paths: string[] } | { type: "leave" };

/** Calls `handler` as files are dragged over the window and dropped on it. */
export function onFileDrag(handler: (drag: FileDrag) => void): Promise<UnlistenFn> {
  return getCurrentWebview().onDragDropEvent((event) => {
    const drag = event.payload;
    if (drag.type === "enter" || drag.type === "drop")
      handler({ type: drag.type, paths: drag.paths });
    else if (drag.type === "leave") handler({ type: "leave" });
  });
}
