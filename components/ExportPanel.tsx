import { useState } from 'preact/hooks';
import type { ExportFormat } from '../lib/export/registry';

export type ExportScope = 'starred' | 'results' | 'all' | `tag:${string}`;

interface Props {
  /** The formats to offer (lib/export/registry.ts), by id and label. */
  formats: readonly { id: ExportFormat; label: string }[];
  tags: string[];
  resultsCount: number;
  busy: boolean;
  onExport: (format: ExportFormat, scope: ExportScope, to: 'copy' | 'download') => void;
}

/** Export: a format, a scope (starred by default), copy or download. */
export function ExportPanel({ formats, tags, resultsCount, busy, onExport }: Props) {
  const [format, setFormat] = useState<ExportFormat>('bibtex');
  const [scope, setScope] = useState<ExportScope>('starred');
  return (
    <section class="ps-panel" aria-label="Export">
      <h2>Export</h2>
      <label>
        Format{' '}
        <select value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as ExportFormat)}>
          {formats.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Papers{' '}
        <select value={scope} onChange={(e) => setScope((e.target as HTMLSelectElement).value as ExportScope)}>
          <option value="starred">Starred</option>
          <option value="results">Current results ({resultsCount})</option>
          <option value="all">Everything</option>
          {tags.map((t) => (
            <option key={t} value={`tag:${t}`}>
              Tag: {t}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" disabled={busy} onClick={() => onExport(format, scope, 'copy')}>
        Copy
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => onExport(format, scope, 'download')}>
        Download
      </button>
    </section>
  );
}
