/**
 * DBLP's search API (dblp.org/search/publ/api, JSON; documented at dblp.org/faq/13501473): the published version
 * of an arXiv preprint (venue, year, DOI). DBLP lists a preprint (venue "CoRR", type "Informal Publications") and
 * its published version as two records with the same title: the published one is taken. What is sent: the paper's
 * title, nothing else. Checked against tests/fixtures/dblp-api-*.synthetic.json (answers in the documented shape).
 */
import { titleKey } from '../paper/aliases';
import { EnrichError, type Found } from './types';

export const DBLP_API = 'https://dblp.org/search/publ/api';

export function dblpSearchUrl(title: string): string {
  return `${DBLP_API}?q=${encodeURIComponent(title.slice(0, 300))}&format=json&h=10`;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The published version of the paper titled `title` in a DBLP answer, or undefined when DBLP lists none. */
export function parseDblp(json: unknown, title: string): Found | undefined {
  const result = (json as { result?: { hits?: { hit?: unknown } } } | null)?.result;
  if (typeof result !== 'object' || result === null || typeof result.hits !== 'object' || result.hits === null)
    throw new EnrichError('malformed', 'DBLP');
  const want = titleKey(title);
  for (const hit of list(result.hits.hit).slice(0, 50)) {
    const info = (hit as { info?: Record<string, unknown> } | null)?.info;
    if (!info || titleKey(text(info.title) ?? '') !== want) continue;
    const venue = text(info.venue);
    if (!venue || venue === 'CoRR' || /informal/i.test(text(info.type) ?? '')) continue;
    const found: Found = { title: text(info.title), venue: venue.slice(0, 500) };
    const year = text(info.year);
    if (year && /^\d{4}$/.test(year)) found.published = year;
    const doi = text(info.doi);
    if (doi && /^10\.\d{4,9}\/\S+$/.test(doi) && !/^10\.48550\//i.test(doi)) found.doi = doi.toLowerCase();
    return found;
  }
  return undefined;
}
