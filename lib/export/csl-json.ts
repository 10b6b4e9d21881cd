/** CSL-JSON (citeproc, Pandoc, Zotero): one item per paper. */
import { paperDate } from '../paper/ids';
import type { Paper } from '../paper/types';
import { lastFirst } from './bibtex';
import { arxivOf, doiOf, type ExportFormatSpec, exportUrl } from './common';

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
    const url = exportUrl(p);
    if (url) item.URL = url;
    const parts = (paperDate(p) ?? '').split('-').filter(Boolean).slice(0, 3).map(Number);
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

export const cslJson = {
  id: 'csl-json',
  label: 'CSL-JSON',
  extension: 'json',
  mime: 'application/vnd.citationstyles.csl+json',
  write: toCslJson,
} as const satisfies ExportFormatSpec;
