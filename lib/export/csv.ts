/** CSV (RFC 4180, UTF-8 with a header and a byte-order mark): checked in the tests by Papa Parse. */
import { paperDate } from '../paper/ids';
import type { Paper } from '../paper/types';
import { arxivOf, doiOf, type ExportFormatSpec, exportUrl, yearOf } from './common';

export const CSV_COLUMNS = [
  'id',
  'title',
  'authors',
  'year',
  'published',
  'venue',
  'url',
  'pdf_url',
  'code_url',
  'doi',
  'arxiv',
  'tags',
  'starred',
  'starred_at',
  'note',
  'abstract',
] as const;

/** One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; formula starts neutralised. */
export function csvCell(value: string): string {
  // A cell that starts with = + - @ (or a tab/CR) runs as a formula in spreadsheets: a quote mark keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(papers: Paper[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const p of papers) {
    const values: Record<(typeof CSV_COLUMNS)[number], string> = {
      id: p.id,
      title: p.title,
      authors: p.authors.join('; '),
      year: yearOf(p) ?? '',
      published: paperDate(p) ?? '',
      venue: p.venue ?? '',
      url: exportUrl(p) ?? '',
      pdf_url: p.pdfUrl ?? '',
      code_url: p.codeUrl ?? '',
      doi: doiOf(p) ?? '',
      arxiv: arxivOf(p) ?? '',
      tags: p.tags.join('; '),
      starred: p.starred ? 'yes' : 'no',
      starred_at: p.starredAt ?? '',
      note: p.note ?? '',
      abstract: p.abstract ?? '',
    };
    rows.push(CSV_COLUMNS.map((c) => csvCell(values[c])).join(','));
  }
  // A byte-order mark tells spreadsheets the file is UTF-8 (μ, é, CJK stay intact).
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

export const csv = {
  id: 'csv',
  label: 'CSV',
  extension: 'csv',
  mime: 'text/csv;charset=utf-8',
  write: toCsv,
} as const satisfies ExportFormatSpec;
