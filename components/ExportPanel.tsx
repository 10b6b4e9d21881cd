import { useState } from 'preact/hooks';
import type { ExportFormat } from '../lib/export/index';

export type ExportScope = 'starred' | 'results' | 'all' | `tag:${string}`;

interface Props {
  tags: string[];
  resultsCount: number;
  busy: boolean;
  onExport: (format: ExportFormat, scope: ExportScope, to: 'copy' | 'download') => void;
}

const FORMATS: [ExportFormat, string][] = [
  ['bibtex', 'BibTeX'],
  ['ris', 'RIS'],
  ['csl-json', 'CSL-JSON'],
  ['csv', 'CSV'],
  ['markdown', 'Markdown'],
  ['json', 'JSON backup'],
];

/** Export: a format, a scope (starred by default), copy or download. */
export function ExportPanel({ tags, resultsCount, busy, onExport }: Props) {
  const [format, setFormat] = useState<ExportFormat>('bibtex');
  const [scope, setScope] = useState<ExportScope>('starred');
  return (
    <section class="ps-panel" aria-label="Export">
      <h2>Export</h2>
      <label>
        Format{' '}
        <select value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as ExportFormat)}>
          {FORMATS.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
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
