// What the window shows with no document open.

type Props = {
  recent: string[];
  onNew: () => void;
  onOpen: () => void;
  onOpenPath: (path: string) => void;
  onSample: () => void;
};

export function EmptyState({ recent, onNew, onOpen, onOpenPath, onSample }: Props) {
  return (
    <div className="empty-state" data-testid="no-document">
      <h1>Waymark</h1>
      <p>Journey maps backed by your customers' data.</p>
      <div className="empty-actions">
        <button className="primary" onClick={onNew}>
          New document…
        </button>
        <button onClick={onOpen}>Open…</button>
        <button onClick={onSample}>Open the sample</button>
      </div>
      {recent.length > 0 && (
        <div className="recent">
          <h2>Recent</h2>
          <ul>
            {recent.map((path) => (
              <li key={path}>
                <button className="link" onClick={() => onOpenPath(path)}>
                  {path}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
