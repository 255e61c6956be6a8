// The window: toolbar, map list, canvas and status bar, and the actions behind the menu,
// the buttons and the keyboard.

import { useCallback, useEffect, useRef, useState } from "react";
import * as api from "./api";
import type { AppSnapshot, Edit, MapView, Template } from "./bindings";
import { Canvas, type CanvasHandle } from "./canvas/Canvas";
import { stepZoom } from "./canvas/geometry";
import { EmptyState } from "./components/EmptyState";
import { MapList } from "./components/MapList";
import { NewMapDialog } from "./components/NewMapDialog";
import { copyName } from "./editing";
import { commandFor } from "./shortcuts";

const MAC = navigator.platform.toUpperCase().includes("MAC");

/** A sentence for the status bar about what was last stored. */
type Status = { text: string; at: Date } | null;

export function App() {
  const [snapshot, setSnapshot] = useState<AppSnapshot | null>(null);
  const [view, setView] = useState<MapView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [zoom, setZoom] = useState(1);
  const [newMap, setNewMap] = useState(false);
  const canvas = useRef<CanvasHandle>(null);
  // The map the user asked for last; a refresh after an edit shows it even when the user
  // picked another map while that edit was being stored.
  const wanted = useRef<number | null>(null);

  const fail = useCallback((err: unknown) => setError(String(err)), []);

  const show = useCallback(async (next: AppSnapshot, map?: number | null) => {
    setSnapshot(next);
    if (next.notice) setError(next.notice);
    const asked = map ?? wanted.current;
    const chosen = next.maps.some((m) => m.id === asked) ? asked : next.selected_map;
    wanted.current = chosen;
    setView(chosen === null ? null : await api.loadMap({ map: chosen }));
  }, []);

  const refresh = useCallback(
    async (map?: number | null) => show(await api.getState({}), map),
    [show],
  );

  useEffect(() => {
    refresh().catch(fail);
  }, [refresh, fail]);

  const saved = useCallback((text: string) => setStatus({ text, at: new Date() }), []);

  const runEdit = useCallback(
    async (edit: Edit): Promise<boolean> => {
      try {
        const outcome = await api.applyEdit({ edit });
        saved(`${outcome.label} — saved`);
        setError(null);
        await refresh();
        return true;
      } catch (err) {
        fail(err);
        await refresh().catch(fail);
        return false;
      }
    },
    [refresh, fail, saved],
  );

  const history = useCallback(
    async (redo: boolean) => {
      try {
        const label = redo ? await api.redo({}) : await api.undo({});
        if (label) saved(`${redo ? "Redid" : "Undid"} ${label} — saved`);
        setError(null);
        await refresh();
      } catch (err) {
        fail(err);
      }
    },
    [refresh, fail, saved],
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
          await refresh();
          saved("Updated with changes made outside this window");
        })
        .catch(() => {});
    }, 1500);
    return () => window.clearInterval(timer);
  }, [refresh, saved]);

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
      void history(id === "redo");
    } else if (id === "new-document") run(actions.newDocument)();
    else if (id === "new-map") setNewMap(true);
    else if (id === "open") run(actions.open)();
    else if (id === "save-as") run(actions.saveAs)();
    else if (id === "close") run(actions.close)();
    else if (id.startsWith("recent:")) {
      const path = snapshot?.recent[Number(id.slice(7))];
      if (path) run(() => actions.openPath(path))();
    }
  };

  useEffect(() => {
    const unlisten = api.onMenu((id) => menuHandler.current(id));
    return () => void unlisten.then((stop) => stop());
  }, []);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, [role=dialog]")) return;
      const command = commandFor(event, MAC);
      if (!command) return;
      if (command === "undo" || command === "redo") {
        event.preventDefault();
        void history(command === "redo");
      } else if (command === "zoom-in" || command === "zoom-out") {
        event.preventDefault();
        setZoom((z) => stepZoom(z, command === "zoom-in" ? 1 : -1));
      } else if (command === "zoom-reset") {
        event.preventDefault();
        setZoom(1);
      } else if (canvas.current?.command(command)) {
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
      </div>
    );
  }

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
      </header>
      {banner}
      <main className="workspace">
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
        {view ? (
          <Canvas ref={canvas} view={view} zoom={zoom} onZoom={setZoom} onEdit={runEdit} />
        ) : (
          <div className="no-map" data-testid="no-map">
            <p>This document has no maps yet.</p>
            <button className="primary" onClick={() => setNewMap(true)}>
              Create a map
            </button>
          </div>
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
    </div>
  );
}
