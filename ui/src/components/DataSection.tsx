// The sidebar's way to the document's data: what has been imported, and importing more.

import type { ImportInfo } from "../bindings";
import { formatCount } from "../importing";

type Props = {
  imports: ImportInfo[] | null;
  onShow: () => void;
  onImport: () => void;
};

export function DataSection({ imports, onShow, onImport }: Props) {
  const rows = imports?.reduce((sum, info) => sum + info.rows_taken, 0) ?? 0;
  const summary =
    imports === null
      ? ""
      : imports.length === 0
        ? "Nothing imported yet"
        : `${imports.length === 1 ? "1 file" : `${imports.length} files`} · ${formatCount(rows)} ${
            rows === 1 ? "row" : "rows"
          }`;
  return (
    <section className="data-section" aria-label="Data">
      <h2>Data</h2>
      <button
        className="data-summary"
        onClick={onShow}
        title="Imported data (Ctrl+Shift+I)"
        data-testid="open-imports"
      >
        <span>Imported data</span>
        <small data-testid="data-summary">{summary}</small>
      </button>
      <button
        className="import-button"
        onClick={onImport}
        title="Import a CSV file (Ctrl+I), or drop one on the window"
        data-testid="import-data"
      >
        + Import data…
      </button>
    </section>
  );
}
