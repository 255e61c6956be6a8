// The map on screen: scrolling, zoom, selection, dragging, and editing texts in place. What
// is drawn comes from the core's scene; every change is an edit sent to the document.

import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type PointerEvent as ReactPointerEvent,
  type WheelEvent as ReactWheelEvent,
} from "react";
import type { CardFields, Edit, LaneKind, MapView, Rect } from "../bindings";
import * as editing from "../editing";
import type { Command } from "../shortcuts";
import { gapButton, hoverAt, laneDelete, laneToggle, sameHover, type Hover } from "./controls";
import { dropEdit, moveDrag, startDrag, type Drag } from "./drag";
import { DragLayer } from "./DragLayer";
import { Editor } from "./Editor";
import {
  clampZoom,
  drawnWindow,
  fitZoom,
  hitTest,
  neighbourCard,
  newCardRect,
  pinnedPoint,
  pinnedRect,
  scrollForZoom,
  toScene,
  type Point,
} from "./geometry";
import { SceneView, SelectionView, type Selection } from "./SceneView";
import { StickyHeaders } from "./StickyHeaders";

/** What is being typed, where, and what it becomes when committed. */
type Draft = {
  rect: Rect;
  text: string;
  multiline: boolean;
  bold: boolean;
  commit: (text: string) => Edit | null;
};

/**
 * The card last copied with Ctrl+C, kept for the app's life so that it pastes into another map
 * as well.
 */
let copied: CardFields | null = null;

export type CanvasHandle = {
  /** Runs a keyboard command; returns whether the canvas used it. */
  command(command: Command): boolean;
  /** Whether a text is being edited in place. */
  isEditing(): boolean;
  /** Gives the keyboard to the canvas, as after a click on it. */
  focus(): void;
};

type Props = {
  view: MapView;
  /** What is selected; the window keeps it, as the side panel follows the selected stage. */
  selection: Selection;
  onSelect: (selection: Selection) => void;
  zoom: number;
  onZoom: (zoom: number) => void;
  onEdit: (edit: Edit) => Promise<boolean>;
};

export const Canvas = forwardRef<CanvasHandle, Props>(function Canvas(
  { view, selection, onSelect: setSelection, zoom, onZoom, onEdit },
  ref,
) {
  const scroller = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const pan = useRef<{ start: Point; scroll: Point; moved: boolean } | null>(null);
  // The drag in progress: the ref for the pointer handlers, the state for drawing it.
  const dragging = useRef<Drag | null>(null);
  const [drag, setDragState] = useState<Drag | null>(null);
  const setDrag = useCallback((next: Drag | null) => {
    dragging.current = next;
    setDragState(next);
  }, []);
  const [hover, setHover] = useState<Hover>({ kind: "none" });
  // How far the map is scrolled, in screen pixels, for the pinned headers and their controls.
  const [scroll, setScroll] = useState<Point>({ x: 0, y: 0 });
  const [viewport, setViewport] = useState({ width: 1280, height: 800 });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() =>
      setViewport({ width: el.clientWidth, height: el.clientHeight }),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // The same object while the drawn part stays put, so the scene is not redrawn meanwhile.
  const area = drawnWindow(scroll, viewport, zoom);
  const drawn = useMemo(
    () => ({ x: area.x, y: area.y, width: area.width, height: area.height }),
    [area.x, area.y, area.width, area.height],
  );
  // A stage just added from its "+": its name is edited once the new column is drawn.
  const [addedStage, setAddedStage] = useState<{ position: number; known: number[] } | null>(null);
  const { scene, map } = view;

  useEffect(() => {
    setDraft(null);
    setDrag(null);
  }, [map.id, setDrag]);

  // Keeps the selection in view as the arrow keys, or the side panel, move it.
  useEffect(() => {
    if (!selection || !scroller.current) return;
    const boxes = selection.kind === "card" ? scene.cards : scene.stages;
    const rect = boxes.find((box) => box.id === selection.id)?.rect;
    if (!rect) return;
    const el = scroller.current;
    const margin = 24;
    // The pinned headers cover the top and left of the viewport; a stage header is always
    // in view vertically.
    const pinnedLeft = scene.lane_header_width * zoom;
    const pinnedTop = scene.stage_header_height * zoom;
    const left = rect.x * zoom - margin - pinnedLeft;
    const top = rect.y * zoom - margin - pinnedTop;
    const right = (rect.x + rect.width) * zoom + margin;
    const bottom = (rect.y + rect.height) * zoom + margin;
    if (left < el.scrollLeft) el.scrollLeft = Math.max(0, left);
    else if (right > el.scrollLeft + el.clientWidth) el.scrollLeft = right - el.clientWidth;
    if (selection.kind === "stage") return;
    if (top < el.scrollTop) el.scrollTop = Math.max(0, top);
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
  }, [selection, scene, zoom]);

  /** How far the map is scrolled now, in scene pixels. */
  const scrolled = useCallback((): Point => {
    const el = scroller.current;
    return el ? toScene({ x: el.scrollLeft, y: el.scrollTop }, zoom) : { x: 0, y: 0 };
  }, [zoom]);

  const scenePoint = useCallback(
    (clientX: number, clientY: number): Point => {
      const el = scroller.current!;
      const box = el.querySelector("svg.scene")!.getBoundingClientRect();
      const point = toScene({ x: clientX - box.left, y: clientY - box.top }, zoom);
      return pinnedPoint(scene, point, scrolled());
    },
    [zoom, scene, scrolled],
  );

  const editCard = useCallback(
    (id: number) => {
      const card = scene.cards.find((c) => c.id === id);
      const fields = card && editing.cardFields(map, card.id);
      if (!card || !fields) return;
      setDraft({
        rect: card.rect,
        text: fields.text,
        multiline: true,
        bold: false,
        commit: (text) => editing.editCardText(map, card, text),
      });
    },
    [scene, map],
  );

  const editStage = useCallback(
    (id: number) => {
      const stage = scene.stages.find((s) => s.id === id);
      const data = map.stages.find((s) => s.id === id);
      if (!stage || !data) return;
      const inner = { ...stage.rect, y: stage.rect.y + 10, height: stage.rect.height - 20 };
      const rect = pinnedRect(scene, inner, scrolled());
      setDraft({
        rect,
        text: data.name,
        multiline: false,
        bold: true,
        commit: (text) => editing.renameStage(map, id, text),
      });
    },
    [scene, map, scrolled],
  );

  useEffect(() => {
    if (!addedStage) return;
    const stage = scene.stages[addedStage.position];
    if (!stage || addedStage.known.includes(stage.id)) return;
    setAddedStage(null);
    setSelection({ kind: "stage", id: stage.id });
    editStage(stage.id);
  }, [addedStage, scene, editStage, setSelection]);

  async function addStageAt(position: number) {
    const edit = editing.addStage(map, position);
    if (!edit) return;
    const known = scene.stages.map((s) => s.id);
    if (await onEdit(edit)) setAddedStage({ position, known });
  }

  const startEditing = useCallback(
    (point: Point) => {
      const hit = hitTest(scene, point);
      if (hit.kind === "card") {
        setSelection({ kind: "card", id: hit.card.id });
        editCard(hit.card.id);
      } else if (hit.kind === "stage") {
        setSelection({ kind: "stage", id: hit.stage.id });
        editStage(hit.stage.id);
      } else if (hit.kind === "lane") {
        const lane = map.lanes.find((l) => l.id === hit.lane.id);
        setDraft({
          rect: pinnedRect(scene, { ...hit.lane.header, height: 32 }, scrolled()),
          text: lane?.name ?? "",
          multiline: false,
          bold: true,
          commit: (text) => editing.renameLane(map, hit.lane.id, text),
        });
      } else if (hit.kind === "cell") {
        const lane = scene.lanes.find((l) => l.id === hit.cell.lane);
        if (!lane || lane.kind === "emotions" || lane.collapsed) return;
        const cell = hit.cell;
        setSelection(null);
        setDraft({
          rect: newCardRect(scene, cell),
          text: "",
          multiline: true,
          bold: false,
          commit: (text) => editing.addCard(cell, text),
        });
      }
    },
    [scene, map, editCard, editStage, setSelection, scrolled],
  );

  const commitDraft = useCallback(
    async (text: string) => {
      const current = draft;
      setDraft(null);
      const edit = current?.commit(text);
      if (edit) await onEdit(edit);
      scroller.current?.focus({ preventScroll: true });
    },
    [draft, onEdit],
  );

  useImperativeHandle(
    ref,
    () => ({
      isEditing: () => draft !== null,
      focus: () => scroller.current?.focus({ preventScroll: true }),
      command(command) {
        if (draft) return false;
        if (command === "cancel" && dragging.current) {
          setDrag(null);
          return true;
        }
        if (command === "cancel") {
          setSelection(null);
          return true;
        }
        if (command === "edit") {
          if (selection?.kind === "card") editCard(selection.id);
          else if (selection?.kind === "stage") editStage(selection.id);
          else return false;
          return true;
        }
        if (command === "delete" && selection?.kind === "card") {
          void onEdit({ type: "delete_card", card: selection.id });
          setSelection(null);
          return true;
        }
        if (command === "copy" && selection?.kind === "card") {
          copied = editing.cardFields(map, selection.id);
          return copied !== null;
        }
        if (command === "paste" && selection?.kind === "card" && copied) {
          const pasted = editing.pasteCard(map, selection.id, copied);
          if (pasted) void onEdit(pasted);
          return true;
        }
        if (command === "duplicate" && selection?.kind === "card") {
          const copy = editing.duplicateCard(map, selection.id);
          if (copy) void onEdit(copy);
          return true;
        }
        if (command === "delete" && selection?.kind === "stage") {
          void onEdit({ type: "delete_stage", stage: selection.id });
          setSelection(null);
          return true;
        }
        if (["left", "right", "up", "down"].includes(command) && selection?.kind === "card") {
          const from = scene.cards.find((c) => c.id === selection.id);
          const next = from && neighbourCard(scene, from, command as "left");
          if (next) setSelection({ kind: "card", id: next.id });
          return true;
        }
        if (command === "zoom-fit" && scroller.current) {
          const { clientWidth: width, clientHeight: height } = scroller.current;
          onZoom(fitZoom(scene, { width, height }));
          return true;
        }
        return false;
      },
    }),
    [draft, selection, setSelection, setDrag, scene, map, editCard, editStage, onEdit, onZoom],
  );

  function onPointerDown(event: ReactPointerEvent<HTMLDivElement>) {
    if (event.button !== 0 || draft) return;
    const point = scenePoint(event.clientX, event.clientY);
    const hit = hitTest(scene, point);
    if (hit.kind === "card") setSelection({ kind: "card", id: hit.card.id });
    else if (hit.kind === "stage") setSelection({ kind: "stage", id: hit.stage.id });
    else setSelection(null);
    const started = startDrag(scene, point);
    if (started) {
      // No text selection may start under a dragged card; the canvas still takes the keys.
      event.preventDefault();
      scroller.current?.focus({ preventScroll: true });
      event.currentTarget.setPointerCapture?.(event.pointerId);
      setDrag(started);
    } else if (hit.kind === "cell" || hit.kind === "none") {
      const el = scroller.current!;
      pan.current = {
        start: { x: event.clientX, y: event.clientY },
        scroll: { x: el.scrollLeft, y: el.scrollTop },
        moved: false,
      };
    }
  }

  function onPointerMove(event: ReactPointerEvent<HTMLDivElement>) {
    if ((event.buttons & 1) === 0) {
      const next = hoverAt(scene, scenePoint(event.clientX, event.clientY));
      if (!sameHover(next, hover)) setHover(next);
      return;
    }
    const current = dragging.current;
    if (current) {
      const next = moveDrag(scene, current, scenePoint(event.clientX, event.clientY), zoom);
      if (next !== current) setDrag(next);
      return;
    }
    const held = pan.current;
    if (!held) return;
    const dx = event.clientX - held.start.x;
    const dy = event.clientY - held.start.y;
    if (!held.moved && Math.hypot(dx, dy) < 4) return;
    held.moved = true;
    scroller.current!.scrollLeft = held.scroll.x - dx;
    scroller.current!.scrollTop = held.scroll.y - dy;
  }

  function onPointerUp() {
    pan.current = null;
    const current = dragging.current;
    if (!current) return;
    setDrag(null);
    const edit = dropEdit(scene, map, current);
    if (edit) void onEdit(edit);
  }

  // TODO: every zoom step lays the whole SVG out again at its new size, 0.2 to 0.5 s a step
  // on a map of 2,000 cards under software rendering. Scaling the drawn scene with a CSS
  // transform while the wheel turns, and resizing it once when it stops, would keep zooming
  // smooth.
  function onWheel(event: ReactWheelEvent<HTMLDivElement>) {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const el = scroller.current!;
    const box = el.getBoundingClientRect();
    const pointer = { x: event.clientX - box.left, y: event.clientY - box.top };
    const next = clampZoom(zoom * Math.exp(-event.deltaY * 0.002));
    const scroll = scrollForZoom({ x: el.scrollLeft, y: el.scrollTop }, pointer, zoom, next);
    onZoom(next);
    requestAnimationFrame(() => {
      el.scrollLeft = scroll.x;
      el.scrollTop = scroll.y;
    });
  }

  return (
    <div
      ref={scroller}
      className="canvas"
      tabIndex={0}
      data-testid="canvas"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        pan.current = null;
        setDrag(null);
      }}
      onDoubleClick={(event) => startEditing(scenePoint(event.clientX, event.clientY))}
      onWheel={onWheel}
      onPointerLeave={() => setHover({ kind: "none" })}
      onScroll={(event) => {
        const { scrollLeft: x, scrollTop: y } = event.currentTarget;
        if (x !== scroll.x || y !== scroll.y) setScroll({ x, y });
      }}
    >
      <div
        className="canvas-content"
        style={{ width: scene.width * zoom, height: scene.height * zoom + ADD_LANE_SPACE }}
      >
        <StickyHeaders scene={scene} selection={selection} zoom={zoom} scroll={scroll} />
        <div style={{ width: scene.width * zoom, height: scene.height * zoom }}>
          <SceneView scene={scene} drawn={drawn} />
        </div>
        <SelectionView scene={scene} selection={selection} zoom={zoom} />
        {drag && <DragLayer scene={scene} drag={drag} zoom={zoom} scroll={toScene(scroll, zoom)} />}
        {!drag?.active && (
          <Controls
            view={view}
            hover={hover}
            zoom={zoom}
            scroll={toScene(scroll, zoom)}
            onAddStage={(position) => void addStageAt(position)}
            onEdit={onEdit}
          />
        )}
        {draft && (
          <Editor
            rect={draft.rect}
            zoom={zoom}
            initial={draft.text}
            multiline={draft.multiline}
            bold={draft.bold}
            onCommit={commitDraft}
            onCancel={() => {
              setDraft(null);
              scroller.current?.focus({ preventScroll: true });
            }}
          />
        )}
      </div>
    </div>
  );
});

/** Room under the map, in screen pixels, for the control that adds a lane. */
const ADD_LANE_SPACE = 52;

/** Screen position and size of a scene rectangle. */
function placed(rect: Rect, zoom: number) {
  return {
    left: rect.x * zoom,
    top: rect.y * zoom,
    width: rect.width * zoom,
    height: rect.height * zoom,
  };
}

/** Keeps a press on a control from selecting, panning or dragging on the canvas. */
function stop(event: ReactPointerEvent) {
  event.stopPropagation();
}

/**
 * The canvas's small controls over the scene: "+" in the hovered gap between stage headers,
 * the fold toggle of the hovered or folded lanes, the hovered lane's delete button, and the
 * list that adds a lane of a kind.
 */
function Controls({
  view,
  hover,
  zoom,
  scroll,
  onAddStage,
  onEdit,
}: {
  view: MapView;
  hover: Hover;
  zoom: number;
  /** How far the map is scrolled, in scene pixels, so controls follow pinned headers. */
  scroll: Point;
  onAddStage: (position: number) => void;
  onEdit: (edit: Edit) => Promise<boolean>;
}) {
  const { scene, map } = view;
  const send = (edit: Edit | null) => {
    if (edit) void onEdit(edit);
  };
  // The hovered lane may have just been deleted; then it has no controls.
  const hoveredLane =
    hover.kind === "lane" ? scene.lanes.find((l) => l.id === hover.lane) : undefined;
  const toggled = scene.lanes.filter(
    (lane) => lane.collapsed || (hover.kind === "lane" && hover.lane === lane.id),
  );
  return (
    <>
      {hover.kind === "stage-gap" && (
        <button
          className="canvas-control add-stage"
          data-testid="add-stage"
          title="Add a stage here"
          aria-label="Add a stage here"
          style={placed(pinnedRect(scene, gapButton(scene, hover.position), scroll), zoom)}
          onPointerDown={stop}
          onDoubleClick={(event) => event.stopPropagation()}
          onClick={() => onAddStage(hover.position)}
        >
          +
        </button>
      )}
      {toggled.map((lane) => (
        <button
          key={lane.id}
          className="canvas-control lane-toggle"
          data-testid="lane-toggle"
          data-lane-id={lane.id}
          title={lane.collapsed ? "Expand the lane" : "Collapse the lane"}
          aria-label={lane.collapsed ? "Expand the lane" : "Collapse the lane"}
          aria-expanded={!lane.collapsed}
          style={placed(pinnedRect(scene, laneToggle(lane), scroll), zoom)}
          onPointerDown={stop}
          onDoubleClick={(event) => event.stopPropagation()}
          onClick={() => send(editing.toggleLane(map, lane.id))}
        >
          {lane.collapsed ? "▸" : "▾"}
        </button>
      ))}
      {hoveredLane && (
        <button
          className="canvas-control lane-toggle"
          data-testid="lane-delete"
          data-lane-id={hoveredLane.id}
          title="Delete the lane and its cards"
          aria-label="Delete the lane and its cards"
          style={placed(pinnedRect(scene, laneDelete(hoveredLane), scroll), zoom)}
          onPointerDown={stop}
          onDoubleClick={(event) => event.stopPropagation()}
          onClick={() => send({ type: "delete_lane", lane: hoveredLane.id })}
        >
          ×
        </button>
      )}
      <select
        className="add-lane"
        data-testid="add-lane"
        aria-label="Add a lane"
        value=""
        style={{ left: 8 + scroll.x * zoom, top: scene.height * zoom + 12 }}
        onPointerDown={stop}
        onDoubleClick={(event) => event.stopPropagation()}
        onChange={(event) => send(editing.addLane(map, event.target.value as LaneKind))}
      >
        <option value="" disabled>
          + Add lane…
        </option>
        {editing.LANE_KINDS.map(({ kind, title }) => (
          <option key={kind} value={kind}>
            {title}
          </option>
        ))}
      </select>
    </>
  );
}
