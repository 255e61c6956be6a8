// The "Journey data" side panel: whose numbers the map shows, what each stage is bound to,
// the personas, the groups side by side, repeat purchases and the map's settings. It sits
// beside the canvas, which shrinks to make room, and can be made wider by its left edge.

import { useEffect, useState, type PointerEvent, type ReactNode } from "react";
import * as api from "../api";
import type { Edit, MapView, NameCount, PropertyValues } from "../bindings";
import { AnalyticsSettings } from "./AnalyticsSettings";
import { CompareTable } from "./CompareTable";
import { GroupSection } from "./GroupSection";
import { PersonasSection } from "./PersonasSection";
import { RepeatPurchases } from "./RepeatPurchases";
import { StageBindingSection } from "./StageBindingSection";

/** What the imported data offers to bind to: event names and properties with their values. */
export type DataCatalog = { events: NameCount[]; properties: PropertyValues[] };

type Props = {
  view: MapView;
  /** The group asked for; see `GroupSection`. */
  group: string | null;
  computing: boolean;
  stageId: number | null;
  /** Changes whenever the imported data does, so the catalog is read again. */
  dataVersion: string;
  width: number;
  onWidth: (width: number) => void;
  onGroup: (group: string) => void;
  onSelectStage: (id: number) => void;
  onEdit: (edit: Edit) => Promise<boolean>;
  onImport: () => void;
  onError: (message: string) => void;
  onClose: () => void;
};

export function JourneyPanel(props: Props) {
  const { view, group, stageId, onEdit, onError } = props;
  const catalog = useCatalog(props.dataVersion, onError);
  const { map, metrics } = view;
  const shownGroup = group ?? "All customers";

  return (
    <aside
      className="journey-panel"
      style={{ width: props.width }}
      aria-label="Journey data"
      data-testid="metrics-panel"
      data-panel
    >
      <Resizer width={props.width} onWidth={props.onWidth} />
      <header className="panel-head">
        <h2>Journey data</h2>
        <button
          className="panel-close"
          onClick={props.onClose}
          aria-label="Close the journey data panel"
          title="Close (Ctrl+Shift+M)"
        >
          ×
        </button>
      </header>
      <div className="panel-body">
        <Section title="Group">
          <GroupSection
            metrics={metrics}
            group={group}
            current={view.metrics_current}
            computing={props.computing}
            splitBy={map.analytics.split_by}
            properties={catalog?.properties ?? []}
            onGroup={props.onGroup}
            onSplit={(split_by) => {
              if (map.id === null) return;
              void onEdit({
                type: "set_map_analytics",
                map: map.id,
                analytics: { ...map.analytics, split_by },
              });
            }}
          />
        </Section>
        <Section title="Stage binding">
          <StageBindingSection
            map={map}
            stageId={stageId}
            catalog={catalog}
            metrics={metrics}
            group={shownGroup}
            onSelectStage={props.onSelectStage}
            onEdit={onEdit}
            onImport={props.onImport}
          />
        </Section>
        <Section title="Personas">
          <PersonasSection
            personas={view.personas}
            properties={catalog?.properties ?? []}
            onEdit={onEdit}
          />
        </Section>
        <Section title="Compare groups">
          {metrics ? (
            <CompareTable map={map} metrics={metrics} />
          ) : (
            <p className="panel-note muted">Bind stages to data to compare the groups.</p>
          )}
        </Section>
        <Section title="Repeat purchases">
          {metrics ? (
            <RepeatPurchases map={map} metrics={metrics} group={shownGroup} onEdit={onEdit} />
          ) : (
            <p className="panel-note muted">
              Import orders, or choose a purchase event in the settings below, to see repeat
              purchases.
            </p>
          )}
        </Section>
        <Section title="Settings">
          <AnalyticsSettings
            key={map.id}
            map={map}
            events={catalog?.events ?? []}
            onEdit={onEdit}
          />
        </Section>
      </div>
    </aside>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <details className="panel-section" open>
      <summary>{title}</summary>
      <div className="panel-section-body">{children}</div>
    </details>
  );
}

/** The event names and properties of the imported data, read again when it changes. */
function useCatalog(version: string, onError: (message: string) => void): DataCatalog | null {
  const [catalog, setCatalog] = useState<DataCatalog | null>(null);
  // Read again when the data changes, not when the error handler does.
  useEffect(() => {
    let live = true;
    Promise.all([api.eventNames({}), api.dataProperties({})])
      .then(([events, properties]) => live && setCatalog({ events, properties }))
      .catch((err) => live && onError(String(err)));
    return () => {
      live = false;
    };
  }, [version]);
  return catalog;
}

/** The panel's left edge: dragging it makes the panel wider or narrower. */
function Resizer({ width, onWidth }: { width: number; onWidth: (width: number) => void }) {
  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    event.preventDefault();
    const start = { x: event.clientX, width };
    const el = event.currentTarget;
    el.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) => onWidth(start.width + start.x - e.clientX);
    const up = () => {
      el.removeEventListener("pointermove", move);
      el.removeEventListener("pointerup", up);
    };
    el.addEventListener("pointermove", move);
    el.addEventListener("pointerup", up);
  }
  return (
    <div
      className="panel-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the panel"
      onPointerDown={onPointerDown}
    />
  );
}
