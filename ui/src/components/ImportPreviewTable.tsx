// The first rows of a file as the import would read them, with a role to choose above each
// column. Long cells are cut short with an ellipsis; a wide file scrolls sideways.

import type { ImportSettings, Preview, Role } from "../bindings";
import { ROLE_LABELS, roleOf } from "../importing";

type Props = {
  preview: Preview;
  settings: ImportSettings;
  onRole: (column: number, role: Role | null) => void;
};

export function ImportPreviewTable({ preview, settings, onRole }: Props) {
  const required = new Set(preview.required_roles);
  return (
    <div className="import-table-wrap" data-testid="import-preview">
      <table className="import-table">
        <thead>
          <tr>
            <th className="line-number" scope="col">
              Line
            </th>
            {preview.columns.map((name, column) => {
              const role = roleOf(settings, column);
              return (
                <th
                  key={column}
                  scope="col"
                  className={role ? "has-role" : undefined}
                  data-testid="import-column"
                >
                  <div className="column-name" title={name}>
                    {name}
                  </div>
                  <select
                    aria-label={`Role of the column ${name}`}
                    data-testid="column-role"
                    value={role ?? ""}
                    onChange={(event) => onRole(column, (event.target.value as Role) || null)}
                  >
                    <option value="">— none —</option>
                    {preview.roles.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                        {required.has(r) ? " (required)" : ""}
                      </option>
                    ))}
                    {role && !preview.roles.includes(role) && (
                      <option value={role}>{ROLE_LABELS[role]} (not for this kind)</option>
                    )}
                  </select>
                  <div className="column-note">
                    {role ? (required.has(role) ? "required" : "\u00a0") : "kept as a property"}
                  </div>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={row.line}>
              <td className="line-number">{row.line}</td>
              {preview.columns.map((_, column) => {
                const cell = row.cells[column] ?? "";
                return (
                  <td key={column}>
                    <div className="cell" title={cell.length > 24 ? cell : undefined}>
                      {cell}
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {preview.rows.length === 0 && <p className="import-empty">The file has no rows to show.</p>}
    </div>
  );
}
