// Exporting the map: the format and its options beside a live preview drawn by the same code
// that writes the file, then the system's save dialog, the export's progress and its outcome.

import { useEffect, useRef, useState } from "react";
import * as api from "../api";
import type { ExportFinished, ExportPreview, ExportProgress, MapView } from "../bindings";
import {
  DEFAULT_CHOICES,
  FORMATS,
  PAPERS,
  SCALES,
  describeOutput,
  exportOptions,
  isPicture,
  saveFilters,
  suggestedFileName,
  togglePersona,
  withExtension,
  type Choices,
  type Pages,
} from "../exporting";
import { Modal } from "./Modal";

type Props = {
  view: MapView;
  onClose: () => void;
  onExported: (path: string) => void;
};

type Phase =
  | { step: "choosing" }
  | { step: "running"; progress: ExportProgress | null }
  | { step: "done"; finished: ExportFinished };

export function ExportDialog({ view, onClose, onExported }: Props) {
  const [choices, setChoices] = useState<Choices>(DEFAULT_CHOICES);
  const [preview, setPreview] = useState<ExportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: "choosing" });
  const request = useRef(0);
  const stopListening = useRef<(() => void) | null>(null);
  const map = view.map;
  const options = exportOptions(map.id ?? 0, map.lanes, choices);
  const optionsKey = JSON.stringify(options);

  useEffect(() => {
    const id = ++request.current;
    api
      .previewExport(JSON.parse(optionsKey))
      .then((fresh) => {
        if (id !== request.current) return;
        setPreview(fresh);
        setError(null);
      })
      .catch((err) => id === request.current && setError(String(err)));
  }, [optionsKey, view]);

  useEffect(() => () => stopListening.current?.(), []);

  const change = (next: Partial<Choices>) => setChoices((now) => ({ ...now, ...next }));
  const changePages = (next: Partial<Pages>) => change({ pages: { ...choices.pages, ...next } });
  const problem = error ?? preview?.problem ?? null;
  const shownLanes = map.lanes.length - choices.hiddenLanes.length;
  const canExport = phase.step !== "running" && !problem && !!preview && shownLanes > 0;

  async function exportTo() {
    if (!canExport) return;
    const name = suggestedFileName(map.name, choices.format);
    const picked = await api.pickExportTarget(name, saveFilters(choices.format));
    if (!picked) return;
    const path = withExtension(picked, choices.format);
    setPhase({ step: "running", progress: null });
    stopListening.current?.();
    stopListening.current = await api.onExportEvents({
      progress: (progress) =>
        setPhase((now) => (now.step === "running" ? { step: "running", progress } : now)),
      finished: (finished) => {
        if (finished.path !== path) return;
        stopListening.current?.();
        stopListening.current = null;
        setPhase({ step: "done", finished });
        if (!finished.error) onExported(path);
      },
    });
    try {
      await api.startExport({ options, path });
    } catch (err) {
      stopListening.current?.();
      stopListening.current = null;
      setPhase({ step: "choosing" });
      setError(String(err));
    }
  }

  if (phase.step === "done") {
    return (
      <ExportDone
        finished={phase.finished}
        onBack={() => setPhase({ step: "choosing" })}
        onClose={onClose}
      />
    );
  }

  return (
    <Modal
      label="Export map"
      testId="export-dialog"
      className="export-dialog"
      onEscape={onClose}
      onEnter={() => void exportTo().catch((err) => setError(String(err)))}
    >
      <h2>Export “{map.name}”</h2>
      <div className="export-body">
        <div className="export-options">
          <fieldset>
            <legend>Format</legend>
            {FORMATS.map(({ format, label, hint }) => (
              <label key={format} className="export-format" title={hint}>
                <input
                  type="radio"
                  name="format"
                  data-testid={`export-format-${format}`}
                  checked={choices.format === format}
                  onChange={() => change({ format })}
                />
                <strong>{label}</strong> <span className="muted">{hint}</span>
              </label>
            ))}
          </fieldset>
          {choices.format === "png" && (
            <PngOptions choices={choices} baseWidth={preview} onChange={change} />
          )}
          {choices.format === "svg" && (
            <label className="export-check">
              <input
                type="checkbox"
                checked={choices.transparent}
                onChange={(event) => change({ transparent: event.target.checked })}
              />
              Transparent background
            </label>
          )}
          {choices.format === "pdf" && <PdfOptions pages={choices.pages} onChange={changePages} />}
          {isPicture(choices.format) && (
            <fieldset data-testid="export-lanes">
              <legend>Lanes</legend>
              {map.lanes.map((lane) => {
                const id = lane.id ?? 0;
                const hidden = choices.hiddenLanes.includes(id);
                return (
                  <label key={id} className="export-check">
                    <input
                      type="checkbox"
                      checked={!hidden}
                      onChange={() =>
                        change({
                          hiddenLanes: hidden
                            ? choices.hiddenLanes.filter((l) => l !== id)
                            : [...choices.hiddenLanes, id],
                        })
                      }
                    />
                    {lane.name}
                  </label>
                );
              })}
            </fieldset>
          )}
          {view.personas.length > 0 && choices.format !== "json" && (
            <fieldset data-testid="export-personas">
              <legend>Personas</legend>
              <p className="muted export-note">
                {choices.format === "csv"
                  ? "Rows for the ticked personas; every group when none is ticked."
                  : "Curves of the ticked personas; the first one's numbers fill the metrics " +
                    "lane. None ticked: the map's own curves and all customers' numbers."}
              </p>
              {view.personas.map((persona) => (
                <label key={persona.name} className="export-check">
                  <input
                    type="checkbox"
                    checked={choices.personas.includes(persona.name)}
                    onChange={() =>
                      change({
                        personas: togglePersona(view.personas, choices.personas, persona.name),
                      })
                    }
                  />
                  {persona.name}
                </label>
              ))}
            </fieldset>
          )}
        </div>
        <div className="export-side">
          <div
            className={
              choices.transparent && choices.format !== "pdf"
                ? "export-preview transparent"
                : "export-preview"
            }
            data-testid="export-preview"
            // The SVG comes from the exporter, which escapes every text it draws.
            dangerouslySetInnerHTML={preview ? { __html: preview.svg } : undefined}
          />
          <p className="export-size" data-testid="export-size">
            {preview ? describeOutput(choices.format, preview) : "Drawing the preview…"}
          </p>
        </div>
      </div>
      {problem && (
        <p className="export-problem" role="alert" data-testid="export-problem">
          {problem}
        </p>
      )}
      <div className="dialog-buttons">
        {phase.step === "running" && (
          <span className="muted" data-testid="export-progress">
            {phase.progress ? progressText(phase.progress) : "Starting…"}
          </span>
        )}
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          data-testid="export-save"
          disabled={!canExport}
          onClick={() => void exportTo().catch((err) => setError(String(err)))}
        >
          Export…
        </button>
      </div>
    </Modal>
  );
}

function progressText({ doing, step, steps }: ExportProgress): string {
  return `${doing} (step ${step} of ${steps})…`;
}

function PngOptions({
  choices,
  baseWidth,
  onChange,
}: {
  choices: Choices;
  baseWidth: ExportPreview | null;
  onChange: (next: Partial<Choices>) => void;
}) {
  // The width field starts from the current size, so switching to it changes nothing yet.
  const startWidth = baseWidth ? Math.round(baseWidth.width) : 2000;
  return (
    <fieldset>
      <legend>Size</legend>
      <label className="export-check">
        <input
          type="radio"
          name="png-size"
          checked={choices.width === null}
          onChange={() => onChange({ width: null })}
        />
        Scale
        <select
          data-testid="export-scale"
          value={choices.scale}
          disabled={choices.width !== null}
          onChange={(event) => onChange({ scale: Number(event.target.value) })}
        >
          {SCALES.map((scale) => (
            <option key={scale} value={scale}>
              {scale}x
            </option>
          ))}
        </select>
      </label>
      <label className="export-check">
        <input
          type="radio"
          name="png-size"
          checked={choices.width !== null}
          onChange={() => onChange({ width: startWidth })}
        />
        Width
        <input
          type="number"
          min={1}
          step={1}
          data-testid="export-width"
          disabled={choices.width === null}
          value={choices.width ?? startWidth}
          onChange={(event) => {
            const width = Math.round(Number(event.target.value));
            if (width >= 1) onChange({ width });
          }}
        />
        pixels
      </label>
      <label className="export-check">
        <input
          type="checkbox"
          data-testid="export-transparent"
          checked={choices.transparent}
          onChange={(event) => onChange({ transparent: event.target.checked })}
        />
        Transparent background
      </label>
    </fieldset>
  );
}

function PdfOptions({
  pages,
  onChange,
}: {
  pages: Pages;
  onChange: (next: Partial<Pages>) => void;
}) {
  const layouts: { layout: Pages["layout"]; label: string }[] = [
    { layout: "fit", label: "One page the size of the map" },
    { layout: "page", label: "The map on one page of" },
    { layout: "tiles", label: "Tiles to print as a poster, on pages of" },
  ];
  return (
    <fieldset>
      <legend>Pages</legend>
      {layouts.map(({ layout, label }) => (
        <label key={layout} className="export-check">
          <input
            type="radio"
            name="pdf-pages"
            data-testid={`export-pages-${layout}`}
            checked={pages.layout === layout}
            onChange={() => onChange({ layout })}
          />
          {label}
        </label>
      ))}
      {pages.layout !== "fit" && (
        <div className="export-paper">
          <select
            data-testid="export-paper"
            value={pages.paper}
            onChange={(event) => onChange({ paper: event.target.value as Pages["paper"] })}
          >
            {PAPERS.map(({ paper, label }) => (
              <option key={paper} value={paper}>
                {label}
              </option>
            ))}
          </select>
          <select
            data-testid="export-orientation"
            value={pages.landscape ? "landscape" : "portrait"}
            onChange={(event) => onChange({ landscape: event.target.value === "landscape" })}
          >
            <option value="landscape">Landscape</option>
            <option value="portrait">Portrait</option>
          </select>
        </div>
      )}
    </fieldset>
  );
}

function ExportDone({
  finished,
  onBack,
  onClose,
}: {
  finished: ExportFinished;
  onBack: () => void;
  onClose: () => void;
}) {
  const missing = finished.missing_characters;
  return (
    <Modal
      label="Export map"
      testId="export-dialog"
      className="export-dialog"
      onEscape={onClose}
      onEnter={onClose}
    >
      <h2>{finished.error ? "The map was not exported" : "Exported"}</h2>
      {finished.error ? (
        <p className="export-problem" role="alert" data-testid="export-problem">
          {finished.error}
        </p>
      ) : (
        <p data-testid="export-done">
          Wrote {finished.path}
          {finished.pages > 1 ? ` (${finished.pages} pages)` : ""}.
        </p>
      )}
      {missing.length > 0 && (
        <p className="export-problem" data-testid="export-missing">
          No font could draw {missing.join(" ")}; they show as empty boxes.
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onBack}>
          {finished.error ? "Change options" : "Export again"}
        </button>
        <button type="button" className="primary" data-testid="export-close" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
