/**
 * The Semantic Scholar Graph API (api.semanticscholar.org/graph/v1/paper/search): the published venue, year and DOI
 * of an arXiv preprint, matched by its arXiv id (externalIds.ArXiv) or, failing that, its title. Asked only when the
 * user allowed the host (an optional permission, requested when the setting is turned on). What is sent: the
 * paper's title. Checked against ../shared/fixtures/semantic-scholar/api-search.json.
 */
import { titleKey } from '../paper/aliases';
import { EnrichError, type Found } from './types';

export const S2_API = 'https://api.semanticscholar.org/graph/v1/paper/search';
export const S2_ORIGIN = 'https://api.semanticscholar.org/*';

export function s2SearchUrl(title: string): string {
  return `${S2_API}?query=${encodeURIComponent(title.slice(0, 300))}&fields=title,externalIds,venue,year&limit=5`;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The paper (arXiv number `arxiv`, titled `title`) in a search answer, its published version's facts. */
export function parseS2(json: unknown, paper: { arxiv?: string; title: string }): Found | undefined {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new EnrichError('malformed', 'Semantic Scholar');
  const want = titleKey(paper.title);
  const items = data.slice(0, 50).filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
  const ext = (d: Record<string, unknown>) => (d.externalIds ?? {}) as Record<string, unknown>;
  const hit =
    (paper.arxiv ? items.find((d) => text(ext(d).ArXiv) === paper.arxiv) : undefined) ??
    items.find((d) => titleKey(text(d.title) ?? '') === want);
  if (!hit) return undefined;
  const found: Found = {};
  const title = text(hit.title);
  if (title) found.title = title;
  const venue = text(hit.venue);
  if (venue && !/^arxiv(\.org)?$/i.test(venue)) found.venue = venue.slice(0, 500);
  if (typeof hit.year === 'number' && hit.year > 1800 && hit.year < 2200) found.published = String(hit.year);
  const doi = text(ext(hit).DOI);
  if (doi && /^10\.\d{4,9}\/\S+$/.test(doi) && !/^10\.48550\//i.test(doi)) found.doi = doi.toLowerCase();
  return found.venue || found.doi ? found : undefined;
}
