// Importing one file: a preview with the settings to check, then the import with its progress,
// then what it did. Every change of a setting asks the backend for a fresh preview, so what the
// dialog shows is what the import will do.

import { useCallback, useEffect, useRef, useState } from "react";
import * as api from "../api";
import type {
  DataKind,
  ImportFinished,
  ImportSettings,
  Preview,
  Progress,
  Role,
} from "../bindings";
import {
  ROLE_LABELS,
  assignRole,
  baseName,
  formatBytes,
  matchZone,
  sentence,
  withKind,
} from "../importing";
import { ImportOptions } from "./ImportOptions";
import { ImportPreviewTable } from "./ImportPreviewTable";
import { ImportProgress } from "./ImportProgress";
import { ImportResult } from "./ImportResult";
import { Modal } from "./Modal";

type Props = {
  path: string;
  /** Files dropped or picked together with this one, imported after it. */
  waiting: number;
  zones: string[];
  onClose: () => void;
  onFinished: (finished: ImportFinished, fileName: string) => void;
  onShowImports: () => void;
};

type Phase =
  | { step: "preview" }
  | { step: "running"; progress: Progress | null; asking: boolean; stopping: boolean }
  | { step: "done"; finished: ImportFinished };

export function ImportDialog(props: Props) {
  const { path, waiting, zones, onClose, onFinished, onShowImports } = props;
  const [preview, setPreview] = useState<Preview | null>(null);
  const [settings, setSettings] = useState<ImportSettings | null>(null);
  // The zone and the event name do not change the preview, so changing them asks for none;
  // they join the settings when the import starts.
  const [zone, setZone] = useState("UTC");
  const [eventName, setEventName] = useState("purchase");
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [remembered, setRemembered] = useState(false);
  const [phase, setPhase] = useState<Phase>({ step: "preview" });
  const request = useRef(0);
  const stopListening = useRef<(() => void) | null>(null);
  const fileName = preview?.file_name ?? baseName(path);

  const load = useCallback(
    async (next: ImportSettings | null) => {
      const id = ++request.current;
      setLoading(true);
      // Shown at once; roles left for the backend to guess keep showing the old ones meanwhile.
      if (next) {
        const shown = (now: ImportSettings | null) =>
          next.columns.length === 0 && now ? { ...next, columns: now.columns } : next;
        setSettings(shown);
      }
      try {
        const fresh = await api.previewImport({ path, settings: next });
        if (id !== request.current) return;
        setPreview(fresh);
        setSettings(fresh.settings);
        setError(null);
        if (next === null) {
          setRemembered(fresh.remembered);
          setZone(fresh.settings.time_zone);
          setEventName(fresh.settings.event_name);
        }
      } catch (err) {
        if (id === request.current) setError(String(err));
      } finally {
        if (id === request.current) setLoading(false);
      }
    },
    [path],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  useEffect(() => () => stopListening.current?.(), []);

  // Roles chosen by hand are no longer the remembered ones.
  const change = (next: ImportSettings) => {
    setRemembered(false);
    void load(next);
  };

  const zoneKnown = zones.length === 0 || matchZone(zones, zone) !== null;
  const blockers = [
    ...(preview?.problems ?? []),
    ...(zoneKnown ? [] : [`"${zone}" is not a time zone Waymark knows; pick one from the list`]),
    ...(settings?.kind === "orders" && eventName.trim() === "" ? ["name the orders' event"] : []),
  ];
  const canImport = !loading && !error && !!preview && !!settings && blockers.length === 0;

  async function start() {
    if (!canImport || !settings) return;
    const chosen = { ...settings, time_zone: zone, event_name: eventName.trim() };
    setPhase({ step: "running", progress: null, asking: false, stopping: false });
    const finish = (finished: ImportFinished) => {
      stopListening.current?.();
      stopListening.current = null;
      setPhase({ step: "done", finished });
      onFinished(finished, fileName);
    };
    try {
      // Listening first: a small file can be done before startImport returns.
      stopListening.current = await api.onImportEvents({
        progress: (progress) => setPhase((p) => (p.step === "running" ? { ...p, progress } : p)),
        finished: finish,
      });
      await api.startImport({ path, settings: chosen });
    } catch (err) {
      finish({ report: null, error: String(err), cancelled: false, refused: [] });
    }
  }

  function cancel() {
    setPhase((p) => (p.step === "running" ? { ...p, asking: false, stopping: true } : p));
    api.cancelImport({}).catch(() => {});
  }

  function escape() {
    if (phase.step !== "running") onClose();
    else if (!phase.stopping) setPhase({ ...phase, asking: !phase.asking });
  }

  let body;
  if (phase.step === "running") {
    body = (
      <ImportProgress
        fileName={fileName}
        progress={phase.progress}
        asking={phase.asking}
        stopping={phase.stopping}
        onCancel={cancel}
        onKeepGoing={() => setPhase({ ...phase, asking: false })}
      />
    );
  } else if (phase.step === "done") {
    body = (
      <ImportResult
        fileName={fileName}
        zone={zone}
        finished={phase.finished}
        onDone={onClose}
        onBack={() => setPhase({ step: "preview" })}
        onShowImports={onShowImports}
      />
    );
  } else {
    body = (
      <>
        <header className="import-head">
          <h2>Import data</h2>
          <span className="import-file" title={path} data-testid="import-file">
            <strong>{fileName}</strong>
            {preview && <span className="muted"> · {formatBytes(preview.file_size)}</span>}
          </span>
          {waiting > 0 && (
            <span className="import-waiting" data-testid="import-waiting">
              {waiting === 1
                ? "1 more file after this one"
                : `${waiting} more files after this one`}
            </span>
          )}
          {loading && <span className="import-busy">Reading…</span>}
        </header>
        {preview && settings && (
          <ImportOptions
            preview={preview}
            settings={settings}
            zone={zone}
            eventName={eventName}
            zones={zones}
            onKind={(kind: DataKind) => change(withKind(settings, kind))}
            onReading={(next, reguess) => void load(reguess ? { ...next, columns: [] } : next)}
            onDayFirst={(dayFirst) => void load({ ...settings, day_first: dayFirst })}
            onZone={setZone}
            onEventName={setEventName}
          />
        )}
        {error ? (
          <div className="import-error" role="alert" data-testid="import-error">
            <strong>
              {preview ? "The file cannot be read this way." : "The file cannot be read."}
            </strong>
            <span>{sentence(error)}</span>
          </div>
        ) : (
          preview &&
          settings && (
            <>
              <PreviewNotes preview={preview} remembered={remembered} />
              <ImportPreviewTable
                preview={preview}
                settings={settings}
                onRole={(column: number, role: Role | null) =>
                  change(assignRole(settings, column, role))
                }
              />
            </>
          )
        )}
        <footer className="import-foot">
          {blockers.length > 0 && !error ? (
            <ul className="import-problems" data-testid="import-problems" aria-live="polite">
              {blockers.map((problem) => (
                <li key={problem}>{sentence(problem)}</li>
              ))}
            </ul>
          ) : (
            <p className="import-ready muted">
              {preview && !error
                ? "Columns without a role are kept as properties of each row."
                : ""}
            </p>
          )}
          <div className="dialog-buttons">
            <button onClick={onClose} data-testid="import-cancel">
              {waiting > 0 ? "Skip this file" : "Cancel"}
            </button>
            <button
              className="primary"
              onClick={() => void start()}
              disabled={!canImport}
              data-testid="import-start"
              title={canImport ? "Import (Enter)" : "Resolve the problems listed first"}
            >
              Import
            </button>
          </div>
        </footer>
      </>
    );
  }

  return (
    <Modal
      label={`Import ${fileName}`}
      testId="import-dialog"
      className={
        phase.step !== "preview" || (error && !preview) ? "import-dialog compact" : "import-dialog"
      }
      onEscape={escape}
      onEnter={phase.step === "preview" ? () => void start() : undefined}
    >
      {body}
    </Modal>
  );
}

/** The time format found and whether the roles come from an earlier import. */
function PreviewNotes({ preview, remembered }: { preview: Preview; remembered: boolean }) {
  const roles = preview.settings.columns.length;
  return (
    <div className="import-notes">
      <span data-testid="import-caption">
        The first {preview.rows.length} rows, {preview.columns.length} columns
        {roles > 0 ? `, ${roles} with a role` : ""}.
      </span>
      {preview.time_format && (
        <span data-testid="time-format">Times read as {preview.time_format}.</span>
      )}
      {remembered && (
        <span className="remembered" data-testid="import-remembered">
          Using the column roles from the last import of a file like this.
        </span>
      )}
      {preview.required_roles.length > 0 && (
        <span className="muted">
          Needed: {preview.required_roles.map((role) => ROLE_LABELS[role]).join(", ")}.
        </span>
      )}
    </div>
  );
}
