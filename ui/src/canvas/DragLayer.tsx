// Draws a drag in progress over the scene: the dragged card, stage header or lane header
// following the pointer with its place left faded, the bar where it would land, or an
// emotion point at its new height with the value it would get.

import type { Rect, Scene, TextLine } from "../bindings";
import { FONT_FAMILY } from "../fonts";
import { emotionWord, emotionY, type Drag } from "./drag";

const ACCENT = "#2563eb";

function Faded({ rect }: { rect: Rect }) {
  return (
    <rect
      {...rect}
      rx={6}
      fill="#ffffff"
      fillOpacity={0.7}
      stroke="#94a3b8"
      strokeDasharray="4 3"
    />
  );
}

function Lines({ lines, dx, dy }: { lines: TextLine[]; dx: number; dy: number }) {
  return lines.map((line, i) => (
    <text
      key={i}
      x={line.x + dx}
      y={line.y + dy}
      fontSize={line.size}
      fontWeight={line.bold ? 700 : 400}
      fill={line.colour}
      textAnchor={line.anchor as "start" | "middle" | "end"}
    >
      {line.text}
    </text>
  ));
}

function Indicator({ rect }: { rect: Rect }) {
  return <rect data-testid="drop-indicator" {...rect} rx={1.5} fill={ACCENT} />;
}

function CardDrag({ scene, drag }: { scene: Scene; drag: Extract<Drag, { kind: "card" }> }) {
  const dx = drag.point.x - drag.start.x;
  const dy = drag.point.y - drag.start.y;
  const cards = scene.cards.filter((c) => drag.cards.includes(c.id));
  return (
    <>
      {cards.map((card) => (
        <Faded key={`place-${card.id}`} rect={card.rect} />
      ))}
      {drag.drop && <Indicator rect={drag.drop.indicator} />}
      <g opacity={drag.drop ? 0.92 : 0.55} filter="url(#drag-shadow)">
        {cards.map((card) => (
          <g key={card.id} data-testid="drag-ghost">
            <rect
              x={card.rect.x + dx}
              y={card.rect.y + dy}
              width={card.rect.width}
              height={card.rect.height}
              rx={6}
              fill={card.fill}
              stroke={ACCENT}
              strokeWidth={1.5}
            />
            <Lines lines={card.lines} dx={dx} dy={dy} />
          </g>
        ))}
      </g>
    </>
  );
}

function StageDrag({
  scene,
  drag,
  top,
}: {
  scene: Scene;
  drag: Extract<Drag, { kind: "stage" }>;
  top: number;
}) {
  const found = scene.stages.find((s) => s.id === drag.stage);
  if (!found) return null;
  // Stage headers are pinned at the top of the viewport, `top` down the scrolled map.
  const stage = { ...found, rect: { ...found.rect, y: found.rect.y + top } };
  const lines = found.lines.map((line) => ({ ...line, y: line.y + top }));
  const dx = drag.point.x - drag.start.x;
  return (
    <>
      <rect {...stage.rect} fill="#ffffff" fillOpacity={0.7} />
      {drag.drop?.indicator && <Indicator rect={drag.drop.indicator} />}
      <g filter="url(#drag-shadow)" data-testid="drag-ghost">
        <rect
          x={stage.rect.x + dx}
          y={stage.rect.y}
          width={stage.rect.width}
          height={stage.rect.height}
          fill={stage.fill}
          stroke={ACCENT}
          strokeWidth={1.5}
        />
        <Lines lines={lines} dx={dx} dy={0} />
      </g>
    </>
  );
}

function LaneDrag({
  scene,
  drag,
  left,
}: {
  scene: Scene;
  drag: Extract<Drag, { kind: "lane" }>;
  left: number;
}) {
  const lane = scene.lanes.find((l) => l.id === drag.lane);
  if (!lane) return null;
  // Lane headers are pinned at the left of the viewport, `left` into the scrolled map.
  const header = { ...lane.header, x: lane.header.x + left };
  const dy = drag.point.y - drag.start.y;
  return (
    <>
      <rect {...header} fill="#ffffff" fillOpacity={0.7} />
      {drag.drop?.indicator && <Indicator rect={drag.drop.indicator} />}
      <g filter="url(#drag-shadow)" data-testid="drag-ghost">
        <rect
          x={header.x}
          y={header.y + dy}
          width={header.width}
          height={header.height}
          fill="#f1f5f9"
          stroke={ACCENT}
          strokeWidth={1.5}
        />
        <Lines lines={lane.lines} dx={left} dy={dy} />
      </g>
    </>
  );
}

function EmotionDrag({ scene, drag }: { scene: Scene; drag: Extract<Drag, { kind: "emotion" }> }) {
  const lane = scene.lanes.find((l) => l.id === drag.lane);
  const curve = scene.curves.find((c) => c.lane === drag.lane && c.persona_id === drag.personaId);
  const point = curve?.points.find((p) => p.stage === drag.stage);
  if (!lane || !point) return null;
  const y = emotionY(lane, drag.value);
  const value = `${drag.value > 0 ? "+" : ""}${drag.value.toFixed(1)}`;
  return (
    <g data-testid="drag-ghost">
      <line x1={point.x} x2={point.x} y1={point.y} y2={y} stroke={ACCENT} strokeDasharray="3 3" />
      <circle cx={point.x} cy={y} r={8} fill="#ffffff" stroke={ACCENT} strokeWidth={3} />
      <text
        x={point.x + 14}
        y={y + 4}
        fontSize={12}
        fontWeight={700}
        fill={ACCENT}
        stroke="#ffffff"
        strokeWidth={3}
        paintOrder="stroke"
      >
        {`${value} ${emotionWord(drag.value)}`}
      </text>
    </g>
  );
}

/**
 * The drag over the scene, drawn at the scene's size; nothing until the drag has begun.
 * `scroll` is how far the map is scrolled, in scene pixels.
 */
export function DragLayer({
  scene,
  drag,
  zoom,
  scroll,
}: {
  scene: Scene;
  drag: Drag;
  zoom: number;
  scroll: { x: number; y: number };
}) {
  if (!drag.active) return null;
  return (
    <svg
      data-testid="drag-layer"
      width={scene.width * zoom}
      height={scene.height * zoom}
      viewBox={`0 0 ${scene.width} ${scene.height}`}
      fontFamily={FONT_FAMILY}
      style={{
        position: "absolute",
        left: 0,
        top: 0,
        zIndex: 4,
        pointerEvents: "none",
        userSelect: "none",
        WebkitUserSelect: "none",
        fontKerning: "none",
        whiteSpace: "pre",
        textRendering: "geometricPrecision",
      }}
    >
      <defs>
        <filter id="drag-shadow" x="-10%" y="-10%" width="120%" height="140%">
          <feDropShadow dx={0} dy={3} stdDeviation={3} floodColor="#0f172a" floodOpacity={0.25} />
        </filter>
      </defs>
      {drag.kind === "card" && <CardDrag scene={scene} drag={drag} />}
      {drag.kind === "stage" && <StageDrag scene={scene} drag={drag} top={scroll.y} />}
      {drag.kind === "lane" && <LaneDrag scene={scene} drag={drag} left={scroll.x} />}
      {drag.kind === "emotion" && <EmotionDrag scene={scene} drag={drag} />}
    </svg>
  );
}
