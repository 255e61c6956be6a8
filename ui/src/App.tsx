// The window: toolbar, map list, canvas, journey data panel and status bar, and the actions
// behind the menu, the buttons and the keyboard.

import { useCallback, useEffect, useRef, useState } from "react";
import * as api from "./api";
import type { AppSnapshot, Edit, ImportFinished, ImportInfo, MapView, Template } from "./bindings";
import { Canvas, type CanvasHandle } from "./canvas/Canvas";
import { stepZoom } from "./canvas/geometry";
import type { Selection } from "./canvas/SceneView";
import { DataSection } from "./components/DataSection";
import { EmptyState } from "./components/EmptyState";
import { ExportDialog } from "./components/ExportDialog";
import { FindBar } from "./components/FindBar";
import { ImportDialog } from "./components/ImportDialog";
import { ImportsPanel } from "./components/ImportsPanel";
import { JourneyPanel } from "./components/JourneyPanel";
import { MapList } from "./components/MapList";
import { MetricsStatus } from "./components/MetricsStatus";
import { NewMapDialog } from "./components/NewMapDialog";
import { copyName } from "./editing";
import { plural, sortDropped } from "./importing";
import { metricsGroups, needsMetrics, panelWidth, shownGroup } from "./journey";
import { commandFor } from "./shortcuts";
import { useMetrics } from "./useMetrics";

const MAC = navigator.platform.toUpperCase().includes("MAC");

/** A sentence for the status bar about what was last stored. */
type Status = { text: string; at: Date } | null;

// Whether the journey data panel is open, and how wide, kept between starts.
const PANEL_OPEN = "waymark.journeyPanel.open";
const PANEL_WIDTH = "waymark.journeyPanel.width";

export function App() {
  const [snapshot, setSnapshot] = useState<AppSnapshot | null>(null);
  const [view, setView] = useState<MapView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [zoom, setZoom] = useState(1);
  const [newMap, setNewMap] = useState(false);
  // Files waiting to be imported; the first one's dialog is open.
  const [importQueue, setImportQueue] = useState<string[]>([]);
  const [importsOpen, setImportsOpen] = useState(false);
  const [imports, setImports] = useState<ImportInfo[] | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const [zones, setZones] = useState<string[]>([]);
  // What is being dragged over the window from the system, while it is.
  const [dragging, setDragging] = useState<string[] | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [findOpen, setFindOpen] = useState(false);
  const [selection, setSelection] = useState<Selection>(null);
  const [panelOpen, setPanelOpen] = useState(() => localStorage.getItem(PANEL_OPEN) === "1");
  // The width asked for by dragging; shown narrower when the window is too narrow for it.
  const [panelSize, setPanelSize] = useState(
    () => Number(localStorage.getItem(PANEL_WIDTH)) || 380,
  );
  const [windowWidth, setWindowWidth] = useState(window.innerWidth);
  // Whose numbers the metrics lane shows; null for the default, "All customers".
  const [group, setGroup] = useState<string | null>(null);
  const groupRef = useRef<string | null>(null);
  const canvas = useRef<CanvasHandle>(null);
  // An import writes through its own connection, so the check for changes made by other
  // programs sees it too; until this time (ms), a change found is taken as the import's.
  // The map the user asked for last; a refresh after an edit shows it even when the user
  // picked another map while that edit was being stored.
  const wanted = useRef<number | null>(null);
  const loads = useRef(0);

  const fail = useCallback((err: unknown) => setError(String(err)), []);

  const show = useCallback(async (next: AppSnapshot, map?: number | null) => {
    setSnapshot(next);
    if (next.notice) setError(next.notice);
    const asked = map ?? wanted.current;
    const chosen = next.maps.some((m) => m.id === asked) ? asked : next.selected_map;
    wanted.current = chosen;
    const group = groupRef.current;
    // Loads can overlap (an edit, a change from outside, new numbers); only the newest one
    // is shown, so an older answer cannot undo a group or map chosen meanwhile.
    const load = ++loads.current;
    const nextView =
      chosen === null
        ? null
        : await api.loadMap(group === null ? { map: chosen } : { map: chosen, group });
    if (load === loads.current) setView(nextView);
  }, []);

  const refresh = useCallback(
    async (map?: number | null) => show(await api.getState({}), map),
    [show],
  );

  useEffect(() => {
    refresh().catch(fail);
  }, [refresh, fail]);

  const saved = useCallback((text: string) => setStatus({ text, at: new Date() }), []);

  const documentPath = snapshot?.document?.path ?? null;
  const metrics = useMetrics({ view, document: documentPath, reload: refresh, fail: setError });
  const { release: releaseMetrics } = metrics;
  const refreshImports = useCallback(async () => {
    setImports(documentPath === null ? null : await api.listImports({}));
  }, [documentPath]);

  useEffect(() => {
    setImports(null);
    refreshImports().catch(fail);
  }, [refreshImports, fail]);

  // Several hundred names; fetched once, when the first import dialog opens.
  useEffect(() => {
    if (importQueue.length > 0 && zones.length === 0) api.timeZones({}).then(setZones, fail);
  }, [importQueue.length, zones.length, fail]);

  /** Opens the import dialog for each file in turn; data is kept in the open document. */
  const queueImports = useCallback(
    (paths: string[]) => {
      if (paths.length === 0) return;
      if (documentPath === null) {
        setError("Open or create a document first: imported data is kept in the document.");
        return;
      }
      setImportsOpen(false);
      setImportQueue((queue) => [...queue, ...paths.filter((path) => !queue.includes(path))]);
    },
    [documentPath],
  );

  const importFinished = useCallback(
    (finished: ImportFinished, fileName: string) => {
      const report = finished.report;
      if (report?.already_imported) {
        saved(`${fileName} was already imported; nothing was added`);
      } else if (report) {
        const { rows_taken, rows_refused } = report.import;
        const refused = rows_refused > 0 ? `, ${plural(rows_refused, "row")} refused` : "";
        saved(`Imported ${plural(rows_taken, "row")} of ${fileName}${refused} — saved`);
      }
      // New data makes the map's numbers out of date; the view says so and they are redone.
      releaseMetrics();
      refresh().catch(fail);
      refreshImports().catch(fail);
    },
    [saved, refresh, refreshImports, fail, releaseMetrics],
  );

  const runEdit = useCallback(
    async (edit: Edit): Promise<boolean> => {
      try {
        const outcome = await api.applyEdit({ edit });
        saved(`${outcome.label} — saved`);
        setError(null);
        releaseMetrics();
        await refresh();
        return true;
      } catch (err) {
        fail(err);
        await refresh().catch(fail);
        return false;
      }
    },
    [refresh, fail, saved, releaseMetrics],
  );

  const history = useCallback(
    async (redo: boolean) => {
      try {
        const label = redo ? await api.redo({}) : await api.undo({});
        if (label) saved(`${redo ? "Redid" : "Undid"} ${label} — saved`);
        setError(null);
        releaseMetrics();
        await refresh();
      } catch (err) {
        fail(err);
      }
    },
    [refresh, fail, saved, releaseMetrics],
  );

  // Another program (the command-line tool, a scheduled job) may change the document; the
  // window follows within a moment instead of showing, and editing, what is no longer there.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.hidden || canvas.current?.isEditing()) return;
      api
        .checkForChanges({})
        .then(async (changed) => {
          if (!changed) return;
          releaseMetrics();
          await refresh();
          await refreshImports();
          saved("Updated with changes made outside this window");
        })
        .catch(() => {});
    }, 1500);
    return () => window.clearInterval(timer);
  }, [refresh, refreshImports, saved, releaseMetrics]);

  // A selection belongs to the map it was made on.
  const mapId = view?.map.id ?? null;
  useEffect(() => setSelection(null), [mapId]);

  useEffect(() => localStorage.setItem(PANEL_OPEN, panelOpen ? "1" : "0"), [panelOpen]);
  useEffect(() => localStorage.setItem(PANEL_WIDTH, String(panelSize)), [panelSize]);
  useEffect(() => {
    const resized = () => setWindowWidth(window.innerWidth);
    window.addEventListener("resize", resized);
    return () => window.removeEventListener("resize", resized);
  }, []);

  const chooseGroup = useCallback(
    (next: string) => {
      groupRef.current = next;
      setGroup(next);
      refresh().catch(fail);
    },
    [refresh, fail],
  );

  const actions = {
    async newDocument() {
      const path = await api.pickTarget("New Waymark document", "Untitled.waymark");
      if (path) await show(await api.newDocument({ path }));
    },
    async open() {
      const path = await api.pickDocument();
      if (path) await show(await api.openDocument({ path }));
    },
    async openPath(path: string) {
      await show(await api.openDocument({ path }));
    },
    async saveAs() {
      if (!snapshot?.document) return;
      const base = snapshot.document.name.replace(/\.waymark$/, "");
      const path = await api.pickTarget("Save a copy", `${base} copy.waymark`);
      if (path) {
        await api.saveCopy({ path });
        saved(`Saved a copy as ${path}`);
      }
    },
    async close() {
      await show(await api.closeDocument({}));
    },
    async sample() {
      await show(await api.openSample({}));
    },
    async createMap(template: Template, name: string) {
      setNewMap(false);
      const id = await api.createMap({ template, name });
      saved(`Created map "${name}" — saved`);
      await refresh(id);
    },
    async duplicate(id: number) {
      const map = snapshot?.maps.find((m) => m.id === id);
      if (!map || !snapshot) return;
      const name = copyName(
        map.name,
        snapshot.maps.map((m) => m.name),
      );
      const copy = await api.duplicateMap({ map: id, name });
      saved(`Duplicated "${map.name}" — saved`);
      await refresh(copy);
    },
    async importData() {
      if (!snapshot?.document) {
        setError("Open or create a document first: imported data is kept in the document.");
        return;
      }
      queueImports(await api.pickDataFiles());
    },
    exportMap() {
      if (!view) {
        setError("Open a map first: the export draws the map shown.");
        return;
      }
      setExportOpen(true);
    },
    showImports() {
      if (!snapshot?.document) {
        setError("Open or create a document first: imported data is kept in the document.");
        return;
      }
      setImportsOpen(true);
      refreshImports().catch(fail);
    },
    async removeImport(info: ImportInfo) {
      const rows = plural(info.rows_taken, "row");
      const sure = await api.confirmDanger(
        `Remove ${info.file_name} and the ${rows} it brought from this document? ` +
          "This cannot be undone, but the file can be imported again.",
        "Remove imported data",
        "Remove",
      );
      if (!sure) return;
      setRemoving(info.id);
      try {
        await api.removeImport({ id: info.id });
        saved(`Removed ${info.file_name} and its ${rows} — saved`);
      } finally {
        setRemoving(null);
        await refreshImports();
        // The map's numbers came partly from those rows: they are out of date now.
        releaseMetrics();
        await refresh();
      }
    },
    async remove(id: number) {
      const map = snapshot?.maps.find((m) => m.id === id);
      if (!map) return;
      const sure = await api.confirmDanger(
        `Delete the map "${map.name}" with its ${map.cards} cards? You can undo this.`,
        "Delete map",
        "Delete",
      );
      if (!sure) return;
      const next = view?.map.id === id ? null : view?.map.id;
      await runEdit({ type: "delete_map", map: id });
      if (next === null) await refresh();
    },
  };

  const run = (work: () => Promise<unknown>) => () => void work().catch(fail);

  const dataDialogOpen = importQueue.length > 0 || importsOpen;
  const menuHandler = useRef<(id: string) => void>(() => {});
  menuHandler.current = (id: string) => {
    if (id === "undo" || id === "redo") {
      // With a text field focused, the menu's accelerator undoes typing, not the document.
      if (
        document.activeElement instanceof HTMLTextAreaElement ||
        document.activeElement instanceof HTMLInputElement
      ) {
        document.execCommand(id);
        return;
      }
      if (!dataDialogOpen) void history(id === "redo");
    } else if (dataDialogOpen) {
      // The document stays as it is while its data is being imported or listed; more files
      // can still be picked, and wait their turn.
      if (id === "import") run(actions.importData)();
    } else if (id === "new-document") run(actions.newDocument)();
    else if (id === "new-map") setNewMap(true);
    else if (id === "open") run(actions.open)();
    else if (id === "save-as") run(actions.saveAs)();
    else if (id === "close") run(actions.close)();
    else if (id === "import") run(actions.importData)();
    else if (id === "imports") actions.showImports();
    else if (id === "export") actions.exportMap();
    else if (id.startsWith("recent:")) {
      const path = snapshot?.recent[Number(id.slice(7))];
      if (path) run(() => actions.openPath(path))();
    }
  };

  useEffect(() => {
    const unlisten = api.onMenu((id) => menuHandler.current(id));
    return () => void unlisten.then((stop) => stop());
  }, []);

  // Files dropped on the window: a Waymark document opens, data files are imported.
  const dragHandler = useRef<(drag: api.FileDrag) => void>(() => {});
  dragHandler.current = (drag: api.FileDrag) => {
    if (drag.type === "enter") setDragging(drag.paths);
    if (drag.type !== "drop") {
      if (drag.type === "leave") setDragging(null);
      return;
    }
    setDragging(null);
    const { documents, data } = sortDropped(drag.paths);
    const first = documents[0];
    if (first && !dataDialogOpen) run(() => actions.openPath(first))();
    else queueImports(data);
  };

  useEffect(() => {
    const unlisten = api.onFileDrag((drag) => dragHandler.current(drag));
    return () => void unlisten.then((stop) => stop());
  }, []);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      const command = commandFor(event, MAC);
      if (!command || target.closest("[role=dialog]")) return;
      if (command === "find") {
        event.preventDefault();
        // Over a map only; the bar itself shows only with one.
        setFindOpen(true);
        return;
      }
      // The panel opens and closes from anywhere, its own fields too.
      if (command === "journey-panel") {
        event.preventDefault();
        setPanelOpen((open) => !open);
        return;
      }
      if (target.closest("input, textarea, select")) return;
      // Keys in the side panel are the panel's, but for undo and redo.
      const inPanel = target.closest("[data-panel]") !== null;
      if (command === "export") {
        event.preventDefault();
        menuHandler.current("export");
        return;
      }
      if (command === "undo" || command === "redo") {
        event.preventDefault();
        void history(command === "redo");
      } else if (command === "zoom-in" || command === "zoom-out") {
        event.preventDefault();
        setZoom((z) => stepZoom(z, command === "zoom-in" ? 1 : -1));
      } else if (command === "zoom-reset") {
        event.preventDefault();
        setZoom(1);
      } else if (!inPanel && canvas.current?.command(command)) {
        event.preventDefault();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [history]);

  // The same title the shell gives the native window, for the page itself.
  const title = !snapshot?.document
    ? "Waymark"
    : view
      ? `${view.map.name} — ${snapshot.document.name} — Waymark`
      : `${snapshot.document.name} — Waymark`;
  useEffect(() => {
    document.title = title;
  }, [title]);

  if (!snapshot) {
    return (
      <div className="loading">{error ? `Waymark could not start: ${error}` : "Opening…"}</div>
    );
  }

  const banner = error && (
    <div className="banner" role="alert" data-testid="error">
      <span>{error}</span>
      <button onClick={() => setError(null)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );

  const dropOverlay = dragging && <DropOverlay paths={dragging} canImport={!!snapshot.document} />;

  if (!snapshot.document) {
    return (
      <div className="app">
        {banner}
        <EmptyState
          recent={snapshot.recent}
          onNew={run(actions.newDocument)}
          onOpen={run(actions.open)}
          onOpenPath={(path) => run(() => actions.openPath(path))()}
          onSample={run(actions.sample)}
        />
        {dropOverlay}
      </div>
    );
  }

  const importing = importQueue[0];

  const { undo, redo } = snapshot.history;
  return (
    <div className="app">
      <header className="toolbar">
        <span className="doc-name" title={snapshot.document.path} data-testid="document-name">
          {snapshot.document.name}
        </span>
        <span className="map-title" data-testid="map-title">
          {view?.map.name ?? ""}
        </span>
        <MetricsStatus
          job={metrics.job}
          stale={!!view && needsMetrics(view)}
          onCancel={metrics.cancel}
          onUpdate={metrics.update}
        />
        <span className="spacer" />
        <button
          onClick={() => void history(false)}
          disabled={!undo}
          title={undo ? `Undo ${undo} (Ctrl+Z)` : "Nothing to undo"}
          data-testid="undo"
        >
          ↶ Undo
        </button>
        <button
          onClick={() => void history(true)}
          disabled={!redo}
          title={redo ? `Redo ${redo} (Ctrl+Shift+Z)` : "Nothing to redo"}
          data-testid="redo"
        >
          ↷ Redo
        </button>
        <span className="zoom">
          <button onClick={() => setZoom((z) => stepZoom(z, -1))} title="Zoom out (Ctrl+-)">
            −
          </button>
          <button onClick={() => setZoom(1)} title="Actual size (Ctrl+0)" data-testid="zoom">
            {Math.round(zoom * 100)}%
          </button>
          <button onClick={() => setZoom((z) => stepZoom(z, 1))} title="Zoom in (Ctrl+=)">
            +
          </button>
          <button onClick={() => canvas.current?.command("zoom-fit")} title="Fit (Ctrl+1)">
            Fit
          </button>
        </span>
        <button
          className={panelOpen ? "panel-toggle open" : "panel-toggle"}
          onClick={() => setPanelOpen((open) => !open)}
          aria-pressed={panelOpen}
          disabled={!view}
          title="Journey data: groups, bindings, personas, repeat purchases (Ctrl+Shift+M)"
          data-testid="metrics-panel-toggle"
        >
          Journey data
        </button>
      </header>
      {banner}
      <main className="workspace">
        <div className="sidebar">
          <MapList
            maps={snapshot.maps}
            selected={view?.map.id ?? null}
            onSelect={(id) => {
              wanted.current = id;
              run(() => refresh(id))();
            }}
            onNew={() => setNewMap(true)}
            onRename={(id, name) => void runEdit({ type: "rename_map", map: id, name })}
            onDuplicate={(id) => run(() => actions.duplicate(id))()}
            onDelete={(id) => run(() => actions.remove(id))()}
          />
          <DataSection
            imports={imports}
            onShow={actions.showImports}
            onImport={run(actions.importData)}
          />
        </div>
        {view ? (
          <Canvas
            ref={canvas}
            view={view}
            selection={selection}
            onSelect={setSelection}
            zoom={zoom}
            onZoom={setZoom}
            onEdit={runEdit}
          />
        ) : (
          <div className="no-map" data-testid="no-map">
            <p>This document has no maps yet.</p>
            <div className="empty-actions">
              <button className="primary" onClick={() => setNewMap(true)}>
                Create a map
              </button>
              <button onClick={run(actions.importData)}>Import data…</button>
            </div>
          </div>
        )}
        {view && panelOpen && (
          <JourneyPanel
            view={view}
            group={shownGroup(metricsGroups(view.metrics), group)}
            computing={metrics.job !== null}
            stageId={selectedStage(view, selection)}
            dataVersion={`${documentPath ?? ""}|${imports?.map((info) => info.id).join(",") ?? ""}`}
            width={panelWidth(panelSize, windowWidth)}
            onWidth={(width) => setPanelSize(panelWidth(width, windowWidth))}
            onGroup={chooseGroup}
            onSelectStage={(id) => setSelection({ kind: "stage", id })}
            onEdit={runEdit}
            onImport={run(actions.importData)}
            onError={setError}
            onClose={() => setPanelOpen(false)}
          />
        )}
      </main>
      <footer className="status" data-testid="status">
        <span>
          {status
            ? `${status.text} at ${status.at.toLocaleTimeString()}`
            : "Every change is saved as you make it."}
        </span>
        <span className="hint">
          Double-click a cell to add a card · Enter or double-click to edit · Delete removes
        </span>
      </footer>
      {newMap && (
        <NewMapDialog
          templates={snapshot.templates}
          onCreate={(template, name) => run(() => actions.createMap(template, name))()}
          onCancel={() => setNewMap(false)}
        />
      )}
      {importing && (
        <ImportDialog
          key={importing}
          path={importing}
          waiting={importQueue.length - 1}
          zones={zones}
          onClose={() => setImportQueue((queue) => queue.slice(1))}
          onFinished={importFinished}
          onShowImports={() => {
            setImportQueue((queue) => queue.slice(1));
            actions.showImports();
          }}
        />
      )}
      {findOpen && view && (
        <FindBar
          map={view.map}
          selected={selection?.kind === "card" ? selection.id : null}
          onSelect={(id) => setSelection({ kind: "card", id })}
          onClose={() => {
            setFindOpen(false);
            canvas.current?.focus();
          }}
        />
      )}
      {exportOpen && view && (
        <ExportDialog
          view={view}
          onClose={() => setExportOpen(false)}
          onExported={(path) => saved(`Exported to ${path}`)}
        />
      )}
      {importsOpen && !importing && (
        <ImportsPanel
          imports={imports}
          removing={removing}
          onRemove={(info) => run(() => actions.removeImport(info))()}
          onImport={run(actions.importData)}
          onClose={() => setImportsOpen(false)}
        />
      )}
      {dropOverlay}
    </div>
  );
}

/** The stage the side panel is about: the selected stage, or the stage of the selected card. */
function selectedStage(view: MapView, selection: Selection): number | null {
  if (selection?.kind === "stage") return selection.id;
  if (selection?.kind !== "card") return null;
  for (const lane of view.map.lanes) {
    const card = lane.cards.find((c) => c.id === selection.id);
    if (card) return view.map.stages[card.stage]?.id ?? null;
  }
  return null;
}

/** What dropping the files dragged over the window would do. */
function DropOverlay({ paths, canImport }: { paths: string[]; canImport: boolean }) {
  const { documents, data } = sortDropped(paths);
  const text =
    documents.length > 0
      ? "Drop to open the document"
      : !canImport
        ? "Open a document first to import data into it"
        : data.length === 1
          ? "Drop to import this file"
          : `Drop to import ${data.length} files, one after another`;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-target">{text}</div>
    </div>
  );
}
