// Draws a scene as SVG, exactly as the core laid it out: no text is measured or wrapped here.

import { memo } from "react";
import type { Curve, LaneBox, Rect, Scene, TextLine } from "../bindings";
import { FONT_FAMILY } from "../fonts";
import { overlaps } from "./geometry";

export type Selection = { kind: "card"; id: number } | { kind: "stage"; id: number } | null;

// TODO: WebKitGTK rounds each glyph's advance to whole pixels (cairo's hint metrics), so on
// Linux a line is drawn about 3% wider than the core measured it: the same line breaks and
// positions, a little less room at a card's right edge. Giving each TextLine its measured width
// and drawing it with textLength and lengthAdjust="spacing" would pin it to the core's width.
export function Text({ line }: { line: TextLine }) {
  return (
    <text
      x={line.x}
      y={line.y}
      fontSize={line.size}
      fontWeight={line.bold ? 700 : 400}
      fill={line.colour}
      textAnchor={line.anchor as "start" | "middle" | "end"}
      stroke={line.halo ?? undefined}
      strokeWidth={line.halo ? 3 : undefined}
      strokeLinejoin="round"
      paintOrder="stroke"
    >
      {line.text}
    </text>
  );
}

/** The outline of a selected stage header, inside its edges. */
export function StageOutline({ rect }: { rect: Rect }) {
  return (
    <rect
      x={rect.x + 1.5}
      y={rect.y + 1.5}
      width={rect.width - 3}
      height={rect.height - 3}
      fill="none"
      stroke="#2563eb"
      strokeWidth={2.5}
    />
  );
}

export function Legend({ lane, curves }: { lane: LaneBox; curves: Curve[] }) {
  const own = curves.filter((c) => c.lane === lane.id);
  if (own.length < 2) return null;
  return (
    <g data-testid="emotion-legend">
      {own.map((curve, i) => {
        const y = lane.header.y + 44 + i * 17;
        return (
          <g key={curve.persona_id ?? "map"}>
            <line
              x1={10}
              x2={26}
              y1={y - 4}
              y2={y - 4}
              stroke={curve.colour}
              strokeWidth={3}
              strokeDasharray={curve.persona_id === null ? undefined : "5 3"}
            />
            <text x={32} y={y} fontSize={11} fill="#374151">
              {curve.name}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function CurveView({ curve }: { curve: Curve }) {
  const own = curve.persona_id === null;
  return (
    <g data-testid="emotion-curve" data-persona-id={curve.persona_id ?? ""}>
      <path
        d={curve.path}
        fill="none"
        stroke={curve.colour}
        strokeWidth={own ? 3 : 2}
        strokeDasharray={own ? undefined : "6 4"}
        strokeLinecap="round"
      />
      {curve.points.map((point) => (
        <g key={point.stage} data-testid="emotion-point" data-stage-id={point.stage}>
          <circle
            cx={point.x}
            cy={point.y}
            r={own ? 7 : 4}
            fill={own ? point.colour : curve.colour}
            stroke="#ffffff"
            strokeWidth={2}
          />
          {point.label && <Text line={point.label} />}
        </g>
      ))}
    </g>
  );
}

/**
 * The scene as SVG, filling the box it is put in. It depends on neither the zoom nor the
 * selection, so that zooming or selecting on a big map does not rebuild every card; the box
 * is sized for the zoom, and {@link SelectionView} outlines the selection over it. Only the
 * cards within `drawn` are drawn, as a big map holds thousands and shows a few dozen.
 */
export const SceneView = memo(function SceneView({ scene, drawn }: { scene: Scene; drawn: Rect }) {
  const right = scene.width;
  const cards = scene.cards.filter((card) => overlaps(card.rect, drawn));
  return (
    <svg
      className="scene"
      width="100%"
      height="100%"
      viewBox={`0 0 ${scene.width} ${scene.height}`}
      fontFamily={FONT_FAMILY}
      style={{ fontKerning: "none", whiteSpace: "pre", textRendering: "geometricPrecision" }}
    >
      <rect x={0} y={0} width={scene.width} height={scene.height} fill="#ffffff" />
      {scene.lanes.map((lane) => (
        <g key={lane.id} data-testid="lane" data-lane-id={lane.id}>
          <rect {...lane.band} fill={lane.fill} />
          <rect {...lane.header} fill="#f1f5f9" />
          <line x1={0} x2={right} y1={lane.band.y} y2={lane.band.y} stroke="#e2e8f0" />
          {lane.lines.map((line, i) => (
            <Text key={i} line={line} />
          ))}
          {lane.kind === "emotions" && <Legend lane={lane} curves={scene.curves} />}
        </g>
      ))}
      {scene.stages.map((stage) => (
        <g key={stage.id}>
          <line x1={stage.rect.x} x2={stage.rect.x} y1={0} y2={scene.height} stroke="#e2e8f0" />
          <g data-testid="stage-header" data-stage-id={stage.id}>
            <rect {...stage.rect} fill={stage.fill} stroke="#ffffff" />
            {stage.lines.map((line, i) => (
              <Text key={i} line={line} />
            ))}
          </g>
        </g>
      ))}
      {scene.lanes.map((lane) => (
        <g key={`guides-${lane.id}`}>
          {lane.guides.map((y) => (
            <line
              key={y}
              x1={lane.band.x}
              x2={right}
              y1={y}
              y2={y}
              stroke="#d1d5db"
              strokeDasharray="2 4"
            />
          ))}
          {lane.scale.map((line, i) => (
            <Text key={i} line={line} />
          ))}
        </g>
      ))}
      {/* Persona curves first, so the map's own curve and its labels stay on top. */}
      {[...scene.curves]
        .sort((a, b) => Number(a.persona_id === null) - Number(b.persona_id === null))
        .map((curve) => (
          <CurveView key={`${curve.lane}-${curve.persona_id ?? "map"}`} curve={curve} />
        ))}
      {scene.figures.map((figure) => (
        <g
          key={`${figure.lane}-${figure.stage}`}
          data-testid="stage-figure"
          data-stage-id={figure.stage}
          data-drop-off-point={figure.drop_off_point ? "true" : undefined}
        >
          {figure.bar && (
            <rect {...figure.bar} rx={4} fill="#e5e7eb" data-testid="drop-off-track" />
          )}
          {figure.bar_fill && <rect {...figure.bar_fill} rx={4} fill={figure.bar_colour} />}
          {figure.drop_off_point && (
            <rect
              {...figure.rect}
              rx={6}
              fill="none"
              stroke="#dc2626"
              strokeWidth={1.5}
              strokeDasharray="4 3"
            />
          )}
          {figure.lines.map((line, i) => (
            <Text key={i} line={line} />
          ))}
        </g>
      ))}
      {cards.map((card) => (
        <g key={card.id} data-testid="card" data-card-id={card.id}>
          <rect {...card.rect} rx={6} fill={card.fill} stroke={card.stroke} strokeWidth={1} />
          {card.lines.map((line, i) => (
            <Text key={i} line={line} />
          ))}
        </g>
      ))}
    </svg>
  );
});

/** The outline of the selected card or stage header, drawn over the scene. */
export function SelectionView({
  scene,
  selection,
  zoom,
}: {
  scene: Scene;
  selection: Selection;
  zoom: number;
}) {
  const card = selection?.kind === "card" && scene.cards.find((c) => c.id === selection.id);
  const stage = selection?.kind === "stage" && scene.stages.find((s) => s.id === selection.id);
  if (!card && !stage) return null;
  return (
    <svg
      data-testid="selection"
      width={scene.width * zoom}
      height={scene.height * zoom}
      viewBox={`0 0 ${scene.width} ${scene.height}`}
      style={{ position: "absolute", left: 0, top: 0, pointerEvents: "none" }}
    >
      {card && <rect {...card.rect} rx={6} fill="none" stroke="#2563eb" strokeWidth={2.5} />}
      {stage && <StageOutline rect={stage.rect} />}
    </svg>
  );
}
