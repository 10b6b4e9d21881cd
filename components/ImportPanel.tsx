interface Props {
  /** A file read and checked, waiting for the user's go. */
  pending?: { name: string; count: number; errors: string[]; hasSettings: boolean };
  /** Whether a backup's settings (tag colours, overlay, history…) are restored with its papers. */
  restoreSettings: boolean;
  onRestoreSettings: (on: boolean) => void;
  report?: string;
  canUndo: boolean;
  busy: boolean;
  onFile: (file: File) => void;
  onConfirm: () => void;
  onCancel: () => void;
  onUndo: () => void;
}

/** Import a JSON backup or a BibTeX file: read, checked, shown, and only applied when the user confirms. */
export function ImportPanel(p: Props) {
  return (
    <section class="ps-panel" aria-label="Import">
      <h2>Import</h2>
      <label>
        Backup (.json) or BibTeX (.bib){' '}
        <input
          type="file"
          accept=".json,.bib,.bibtex,.txt,application/json"
          disabled={p.busy}
          onChange={(e) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            if (file) p.onFile(file);
            (e.target as HTMLInputElement).value = '';
          }}
        />
      </label>
      {p.pending && (
        <div class="ps-import-check" role="status">
          <p>
            {p.pending.name}: {p.pending.count} papers ready to import
            {p.pending.errors.length > 0 && `, ${p.pending.errors.length} problems`}.
          </p>
          {p.pending.errors.length > 0 && (
            <ul class="ps-errors">
              {p.pending.errors.slice(0, 20).map((e) => (
                <li key={e}>{e}</li>
              ))}
              {p.pending.errors.length > 20 && <li>… and {p.pending.errors.length - 20} more</li>}
            </ul>
          )}
          {p.pending.hasSettings && (
            <label>
              <input
                type="checkbox"
                checked={p.restoreSettings}
                onChange={(e) => p.onRestoreSettings((e.target as HTMLInputElement).checked)}
              />{' '}
              Also restore its settings and tag colours
            </label>
          )}{' '}
          {p.pending.count > 0 && (
            <button type="button" disabled={p.busy} onClick={p.onConfirm}>
              Import {p.pending.count} papers
            </button>
          )}{' '}
          <button type="button" onClick={p.onCancel}>
            Cancel
          </button>
        </div>
      )}
      {p.report && <p role="status">{p.report}</p>}
      {p.canUndo && (
        <button type="button" disabled={p.busy} onClick={p.onUndo}>
          Undo last import or delete
        </button>
      )}
    </section>
  );
}
