/** RIS (Zotero, Mendeley, EndNote): checked in the tests by citation-js on ordinary and hostile values. */
import { paperDate } from '../paper/ids';
import { webUrl } from '../paper/links';
import type { Paper } from '../paper/types';
import { lastFirst } from './bibtex';
import { arxivOf, doiOf, type ExportFormatSpec, exportUrl, oneLine, yearOf } from './common';

export function toRis(papers: Paper[]): string {
  const out: string[] = [];
  for (const p of papers) {
    const arxiv = arxivOf(p);
    const doi = doiOf(p);
    // UNPB (unpublished work) is the RIS type readers map to a preprint; PREPRINT is not in the RIS spec.
    const lines: [string, string][] = [['TY', doi && p.venue ? 'JOUR' : arxiv ? 'UNPB' : 'GEN']];
    lines.push(['TI', oneLine(p.title)]);
    for (const a of p.authors) lines.push(['AU', oneLine(lastFirst(a))]);
    const year = yearOf(p);
    if (year) lines.push(['PY', year]);
    const date = paperDate(p);
    if (date && /^\d{4}-\d{2}/.test(date)) lines.push(['DA', date.slice(0, 10).replace(/-/g, '/')]);
    if (p.venue) lines.push(['T2', oneLine(p.venue)]);
    if (doi) lines.push(['DO', doi]);
    if (arxiv) lines.push(['AN', `arXiv:${arxiv}`]);
    const url = exportUrl(p);
    if (url) lines.push(['UR', url]);
    const pdf = webUrl(p.pdfUrl);
    if (pdf) lines.push(['L1', pdf]);
    if (p.abstract) lines.push(['AB', oneLine(p.abstract)]);
    for (const k of [...(p.keywords ?? []), ...p.tags]) lines.push(['KW', oneLine(k)]);
    if (p.note) lines.push(['N1', oneLine(p.note)]);
    lines.push(['ER', '']);
    // Every value on one line: a line break in any field would start a tag (or a whole record) of its own.
    out.push(lines.map(([k, v]) => `${k}  - ${oneLine(v)}`.trimEnd()).join('\r\n'));
  }
  return out.length ? `${out.join('\r\n\r\n')}\r\n` : '';
}

export const ris = {
  id: 'ris',
  label: 'RIS',
  extension: 'ris',
  mime: 'application/x-research-info-systems',
  write: toRis,
} as const satisfies ExportFormatSpec;
