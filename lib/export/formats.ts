/**
 * RIS (Zotero, Mendeley, EndNote), CSL-JSON, CSV (RFC 4180, UTF-8 with a header) and Markdown writers.
 * Each is checked in the tests by an independent reader (citation-js for RIS, Papa Parse for CSV).
 */
import { canonicalId } from '../paper/ids';
import { webUrl } from '../paper/links';
import type { Paper } from '../paper/types';
import { lastFirst } from './bibtex';

const arxivOf = (p: Paper) => (p.id.startsWith('arxiv:') ? p.id.slice(6) : undefined);
const doiOf = (p: Paper) => (p.id.startsWith('doi:') ? p.id.slice(4) : undefined);
const yearOf = (p: Paper) => /\d{4}/.exec(p.published ?? '')?.[0] ?? yearFromArxiv(p);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function yearFromArxiv(p: Paper): string | undefined {
  const m = /^arxiv:(?:[a-z-]+\/)?(\d{2})\d{2}/.exec(p.id);
  if (!m) return undefined;
  const yy = Number(m[1]);
  return String(yy >= 91 ? 1900 + yy : 2000 + yy);
}

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
    if (p.published && /^\d{4}-\d{2}/.test(p.published))
      lines.push(['DA', p.published.slice(0, 10).replace(/-/g, '/')]);
    if (p.venue) lines.push(['T2', oneLine(p.venue)]);
    if (doi) lines.push(['DO', doi]);
    if (arxiv) lines.push(['AN', `arXiv:${arxiv}`]);
    const url = webUrl(p.url);
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

interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

function cslName(name: string): CslName {
  const lf = lastFirst(name);
  const [family, given] = lf.split(/,\s*/, 2);
  return given ? { family: family ?? '', given } : { literal: name };
}

export function toCslJson(papers: Paper[]): string {
  const items = papers.map((p) => {
    const arxiv = arxivOf(p);
    const doi = doiOf(p);
    const item: Record<string, unknown> = {
      id: p.id,
      type: arxiv ? 'article' : doi ? 'article-journal' : 'document',
      title: p.title,
      author: p.authors.map(cslName),
    };
    const url = webUrl(p.url);
    if (url) item.URL = url;
    const parts = (p.published ?? yearOf(p) ?? '').split('-').filter(Boolean).slice(0, 3).map(Number);
    if (parts.length && parts.every(Number.isFinite)) item.issued = { 'date-parts': [parts] };
    if (doi) item.DOI = doi;
    if (arxiv) {
      item.number = `arXiv:${arxiv}`;
      item.publisher = 'arXiv';
    }
    if (p.venue) item['container-title'] = p.venue;
    if (p.abstract) item.abstract = p.abstract;
    if (p.keywords?.length || p.tags.length) item.keyword = [...(p.keywords ?? []), ...p.tags].join(', ');
    if (p.note) item.note = p.note;
    return item;
  });
  return `${JSON.stringify(items, null, 2)}\n`;
}

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
      published: p.published ?? '',
      venue: p.venue ?? '',
      url: p.url,
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

/** Markdown special characters in link text and body escaped. */
export function mdEscape(text: string): string {
  return oneLine(text).replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

export function toMarkdown(papers: Paper[]): string {
  const lines = papers.map((p) => {
    const authors = p.authors.length > 4 ? `${p.authors.slice(0, 3).join(', ')} et al.` : p.authors.join(', ');
    const year = yearOf(p);
    const tags = p.tags.map((t) => `\`${oneLine(t).replace(/`/g, "'")}\``).join(' ');
    // Only web links are written (a data: or javascript: link would run when the Markdown is rendered).
    const href = webUrl(p.url)?.replace(/[()<>\s]/g, (c) => encodeURIComponent(c));
    return [
      href ? `- [${mdEscape(p.title || p.id)}](${href})` : `- ${mdEscape(p.title || p.id)}`,
      authors && ` — ${mdEscape(authors)}`,
      year && ` (${year})`,
      tags && ` ${tags}`,
    ].join('');
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Canonical id check shared by the importers. */
export function validId(id: string): boolean {
  return canonicalId(id) === id;
}
