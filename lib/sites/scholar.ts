/**
 * Google Scholar result pages (scholar.google.com and its country domains, /scholar?q=…).
 * Checked against ../shared/fixtures/google-scholar/search-2026.html (10 results, div.gs_r.gs_or.gs_scl[data-cid]).
 * Results are found by their data-cid (Scholar's cluster id); inside, the gs_rt / gs_a / gs_ggs blocks Scholar has
 * used for over a decade. Ids come from arXiv / DOI links where present, else the cluster id (scholar:<cid>).
 */
import { canonicalId, preferredId } from '../paper/ids';
import { absUrl, clean, splitAuthors, textWithout } from './text';
import type { FeedEntry, FeedKind, SiteAdapter } from './types';

const HOST = /^scholar\.google\.(?:com|[a-z]{2,3}|com?\.[a-z]{2})$/;

function detect(url: URL): FeedKind | undefined {
  if (!HOST.test(url.hostname)) return undefined;
  return /^\/scholar\/?$/.test(url.pathname) &&
    (url.searchParams.has('q') || url.searchParams.has('cites') || url.searchParams.has('cluster'))
    ? 'search'
    : undefined;
}

/** "Z Niu, G Zhong, H Yu - Neurocomputing, 2021 - Elsevier" → authors, venue, year. */
export function parseByline(text: string): { authors: string[]; venue?: string; year?: string } {
  const parts = clean(text).split(/\s+-\s+/);
  const authors = splitAuthors((parts[0] ?? '').replace(/…/g, ''));
  const middle = parts.length > 2 ? (parts[1] ?? '') : '';
  const year = /\b(1[89]\d{2}|20\d{2})\b/.exec(parts.slice(1).join(' - '))?.[1];
  const venue = clean(middle.replace(/,?\s*\b(1[89]\d{2}|20\d{2})\b\s*$/, '').replace(/…$/, ''));
  const out: { authors: string[]; venue?: string; year?: string } = { authors };
  if (venue && venue !== year) out.venue = venue;
  if (year) out.year = year;
  return out;
}

function extract(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const r of doc.querySelectorAll('[data-cid]')) {
    const heading = r.querySelector('h3');
    if (!heading) continue;
    const cid = r.getAttribute('data-cid') ?? '';
    // The title without Scholar's [PDF] / [HTML] / [CITATION] type markers.
    const title = textWithout(heading, '[class^="gs_ct"], .gs_ctc, .gs_ctu');
    if (!title) continue;
    const link = absUrl(heading.querySelector('a[href]')?.getAttribute('href'), url);
    const sideLinks = [...r.querySelectorAll('.gs_ggs a[href], .gs_or_ggsm a[href]')];
    const pdfLink = sideLinks.find((l) => /\[PDF\]/i.test(l.textContent ?? ''));
    const pdf = absUrl(pdfLink?.getAttribute('href'), url);
    const allLinks = [link, ...sideLinks.map((a) => absUrl(a.getAttribute('href'), url))].filter(
      (h): h is string => !!h,
    );
    const id = preferredId([...allLinks.map((h) => canonicalId(h)), canonicalId(`scholar:${cid}`)]);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const byline = parseByline(r.querySelector('.gs_a')?.textContent ?? '');
    const entry: FeedEntry = { id, title, authors: byline.authors, url: link ?? url.href, element: r };
    if (pdf) entry.pdfUrl = pdf;
    if (byline.venue) entry.venue = byline.venue;
    if (byline.year) entry.published = byline.year;
    // The .gs_rs snippet is a query-dependent excerpt, not the abstract: stored as one it would stop the real
    // abstract from filling in later, so it is left out.
    const cited = /Cited by (\d+)/.exec(clean(r.querySelector('a[href*="cites="]')?.textContent));
    if (cited) entry.citations = Number(cited[1]);
    out.push(entry);
  }
  return out;
}

export const scholar: SiteAdapter = {
  site: 'scholar',
  detect,
  extract: (doc, url) => extract(doc, url),
  examples: {
    search: [
      'https://scholar.google.com/scholar?q=attention+mechanism&hl=en',
      'https://scholar.google.co.uk/scholar?hl=en&q=transformers',
      'https://scholar.google.de/scholar?cites=5750819312257210840',
    ],
  },
};
