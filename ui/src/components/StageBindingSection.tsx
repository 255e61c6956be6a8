// The panel's stage binding: which events the selected stage is bound to, and a way to bind it.

import { useEffect, useState } from "react";
import type { Edit, MapData, MapMetrics, StageBinding } from "../bindings";
import { bindingText, stageTiming } from "../journey";
import { BindingEditor } from "./BindingEditor";
import { StageTimingView } from "./StageTimingView";
import type { DataCatalog } from "./JourneyPanel";

type Props = {
  map: MapData;
  /** The stage selected on the canvas, by id. */
  stageId: number | null;
  catalog: DataCatalog | null;
  metrics: MapMetrics | null;
  /** The group whose times are shown. */
  group: string;
  onSelectStage: (id: number) => void;
  onEdit: (edit: Edit) => Promise<boolean>;
  onImport: () => void;
};

export function StageBindingSection(props: Props) {
  const { map, stageId, catalog, metrics, group, onSelectStage, onEdit, onImport } = props;
  const [editing, setEditing] = useState(false);
  const index = map.stages.findIndex((s) => s.id === stageId);
  const stage = map.stages[index] ?? null;
  const timing = metrics && stage?.binding ? stageTiming(map, metrics, index, group) : null;
  useEffect(() => setEditing(false), [stageId, map.id]);

  const noData = catalog !== null && catalog.events.length === 0;
  const canBind = stage !== null && catalog !== null && (!noData || stage.binding !== null);

  async function save(binding: StageBinding | null) {
    if (stage?.id === null || stage === null) return;
    if (await onEdit({ type: "bind_stage", stage: stage.id, binding })) setEditing(false);
  }

  return (
    <div className="stage-binding" data-testid="stage-binding">
      <label className="panel-field">
        <span>Stage</span>
        <select
          value={stage?.id ?? ""}
          onChange={(event) => onSelectStage(Number(event.target.value))}
          data-testid="binding-stage-select"
        >
          {stage === null && <option value="">Choose a stage…</option>}
          {map.stages.map((s, i) =>
            s.id === null ? null : (
              <option key={s.id} value={s.id}>
                {`${i + 1}. ${s.name}${s.binding ? "" : " (not bound)"}`}
              </option>
            ),
          )}
        </select>
      </label>
      {stage === null ? (
        <p className="panel-note muted">Select a stage on the map, or choose one here.</p>
      ) : editing && catalog ? (
        <BindingEditor
          key={stage.id}
          stageName={stage.name}
          binding={stage.binding}
          events={catalog.events}
          properties={catalog.properties}
          onSave={(binding) => void save(binding)}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <p
            className={stage.binding ? "binding-text" : "binding-text muted"}
            data-testid="binding-text"
          >
            {bindingText(stage.binding)}
          </p>
          {noData && (
            <p className="panel-note" data-testid="binding-no-data">
              No events have been imported into this document yet. Import an events export with File
              › Import Data (Ctrl+I) to bind stages to it.{" "}
              <button className="link" onClick={onImport}>
                Import data…
              </button>
            </p>
          )}
          <div className="panel-buttons">
            <button
              onClick={() => setEditing(true)}
              disabled={!canBind}
              data-testid="bind-stage-button"
            >
              {stage.binding ? "Change binding…" : "Bind to data…"}
            </button>
          </div>
          {timing && <StageTimingView timing={timing} group={group} />}
        </>
      )}
    </div>
  );
}
