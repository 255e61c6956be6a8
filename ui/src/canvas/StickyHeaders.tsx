// The stage headers and lane headers kept in view while the map scrolls: once the map is
// scrolled down, a copy of the stage headers stays at the top of the viewport, and once it is
// scrolled right, a copy of the lane headers stays at its left. Unscrolled, nothing is drawn
// here and the scene's own headers show, so the screen stays exactly the scene.

import type { Scene } from "../bindings";
import { FONT_FAMILY } from "../fonts";
import { Legend, StageOutline, Text, type Selection } from "./SceneView";

const svgStyle = {
  position: "absolute",
  left: 0,
  top: 0,
  fontKerning: "none",
  whiteSpace: "pre",
  textRendering: "geometricPrecision",
} as const;

function StageStrip({ scene, selection, zoom }: Props) {
  const height = scene.stage_header_height;
  return (
    <div
      data-testid="pinned-stage-headers"
      style={{ position: "sticky", top: 0, height: 0, zIndex: 2 }}
    >
      <svg
        width={scene.width * zoom}
        height={height * zoom}
        viewBox={`0 0 ${scene.width} ${height}`}
        fontFamily={FONT_FAMILY}
        style={svgStyle}
      >
        <rect x={0} y={0} width={scene.width} height={height} fill="#ffffff" />
        {scene.stages.map((stage) => (
          <g key={stage.id}>
            <rect {...stage.rect} fill={stage.fill} stroke="#ffffff" />
            {stage.lines.map((line, i) => (
              <Text key={i} line={line} />
            ))}
            {selection?.kind === "stage" && selection.id === stage.id && (
              <StageOutline rect={stage.rect} />
            )}
          </g>
        ))}
        <line x1={0} x2={scene.width} y1={height} y2={height} stroke="#cbd5e1" />
      </svg>
    </div>
  );
}

function LaneStrip({ scene, zoom }: Props) {
  const width = scene.lane_header_width;
  return (
    <div
      data-testid="pinned-lane-headers"
      style={{ position: "sticky", left: 0, width: 0, height: 0, zIndex: 1 }}
    >
      <svg
        width={width * zoom}
        height={scene.height * zoom}
        viewBox={`0 0 ${width} ${scene.height}`}
        fontFamily={FONT_FAMILY}
        style={svgStyle}
      >
        {scene.lanes.map((lane) => (
          <g key={lane.id}>
            <rect {...lane.header} fill="#f1f5f9" />
            <line x1={0} x2={width} y1={lane.band.y} y2={lane.band.y} stroke="#e2e8f0" />
            {lane.lines.map((line, i) => (
              <Text key={i} line={line} />
            ))}
            {lane.kind === "emotions" && <Legend lane={lane} curves={scene.curves} />}
          </g>
        ))}
        <line x1={width} x2={width} y1={0} y2={scene.height} stroke="#cbd5e1" />
      </svg>
    </div>
  );
}

/** The empty corner above the lane headers and left of the stage headers. */
function Corner({ scene, zoom }: Props) {
  const width = scene.lane_header_width;
  const height = scene.stage_header_height;
  return (
    <div style={{ position: "sticky", left: 0, top: 0, width: 0, height: 0, zIndex: 3 }}>
      <svg
        width={width * zoom}
        height={height * zoom}
        viewBox={`0 0 ${width} ${height}`}
        style={svgStyle}
      >
        <rect x={0} y={0} width={width} height={height} fill="#ffffff" />
      </svg>
    </div>
  );
}

type Props = { scene: Scene; selection: Selection; zoom: number };

/** The pinned headers for a map scrolled by `scroll` screen pixels. */
export function StickyHeaders({ scroll, ...props }: Props & { scroll: { x: number; y: number } }) {
  const top = scroll.y > 0;
  const left = scroll.x > 0;
  return (
    <>
      {left && <LaneStrip {...props} />}
      {top && <StageStrip {...props} />}
      {(top || left) && <Corner {...props} />}
    </>
  );
}
