/**
 * bioRxiv and medRxiv (www.biorxiv.org, www.medrxiv.org): subject collections (/collection/<subject>), search
 * results (/search/…), the recent lists, and paper pages (/content/10.1101/…, citation_* tags).
 * Checked against tests/fixtures/biorxiv-collection.synthetic.html (the sites' Highwire markup: each paper a
 * div.highwire-article-citation with span.highwire-cite-title's link to /content/10.1101/…, authors as
 * span.highwire-citation-author (given names and surname), and the DOI line). Ids: the DOI (10.1101/…, version
 * dropped), which the paper page names too.
 */
import { canonicalId } from '../paper/ids';
import { citationEntry } from './citation';
import { absUrl, clean } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

const HOSTS = new Set(['www.biorxiv.org', 'biorxiv.org', 'www.medrxiv.org', 'medrxiv.org']);

function detect(url: URL): FeedKind | undefined {
  if (!HOSTS.has(url.hostname)) return undefined;
  const path = url.pathname;
  if (/^\/content\/10\.1101\/[\d.]+(?:v\d+)?(?:\.full|\.abstract|\.article-info)?\/?$/.test(path)) return 'paper';
  if (/^\/search\/./.test(path)) return 'search';
  if (/^\/collection\/[\w-]+\/?$/.test(path) || /^\/content\/early\/recent\/?$/.test(path)) return 'listing';
  return undefined;
}

function listEntries(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const item of doc.querySelectorAll('.highwire-article-citation')) {
    const a = item.querySelector('a.highwire-cite-linked-title, .highwire-cite-title a[href]');
    const href = absUrl(a?.getAttribute('href'), url);
    const id = canonicalId(href);
    const title = clean(a?.textContent);
    if (!id?.startsWith('doi:') || !title || seen.has(id)) continue;
    seen.add(id);
    const authors = [...item.querySelectorAll('.highwire-citation-author')]
      .map((s) => clean(s.textContent))
      .filter(Boolean);
    const entry: FeedEntry = { id, title, authors, url: href ?? url.href, element: item };
    entry.venue = url.hostname.includes('medrxiv') ? 'medRxiv' : 'bioRxiv';
    // The posting date is in the DOI itself (10.1101/2023.01.02.522222).
    const date = /^doi:10\.1101\/(\d{4})\.(\d{2})\.(\d{2})\./.exec(id);
    if (date) entry.published = `${date[1]}-${date[2]}-${date[3]}`;
    out.push(entry);
  }
  return out;
}

export const biorxivSite = {
  site: 'biorxiv',
  label: 'bioRxiv and medRxiv',
  matches: ['https://www.biorxiv.org/*', 'https://www.medrxiv.org/*'],
} satisfies SiteInfo;

export const biorxiv: SiteAdapter = {
  ...biorxivSite,
  detect,
  extract: (doc, url, kind) => {
    if (kind !== 'paper') return listEntries(doc, url);
    const one = citationEntry(doc, url);
    return one ? [one] : [];
  },
};

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  listing: ['https://www.biorxiv.org/collection/neuroscience', 'https://www.medrxiv.org/content/early/recent'],
  search: ['https://www.biorxiv.org/search/transformer%20numresults%3A10%20sort%3Arelevance-rank'],
  paper: [
    'https://www.biorxiv.org/content/10.1101/2023.01.02.522222v1',
    'https://www.medrxiv.org/content/10.1101/2020.03.04.20031112v2.full',
  ],
};

export const cases: FixtureCase[] = [
  {
    file: 'local:biorxiv-collection.synthetic.html',
    url: 'https://www.biorxiv.org/collection/neuroscience',
    kind: 'listing',
    count: 2,
    first: {
      id: 'doi:10.1101/2023.01.02.522222',
      title: 'Analytical Engines in the Zebrafish Brain',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      url: 'https://www.biorxiv.org/content/10.1101/2023.01.02.522222v1',
      published: '2023-01-02',
      venue: 'bioRxiv',
    },
    last: { id: 'doi:10.1101/2023.01.03.522333', title: 'Computable Neurons', authors: ['Alan Turing'] },
  },
  {
    file: 'local:biorxiv-collection.synthetic.html',
    url: 'https://www.medrxiv.org/search/zebrafish',
    kind: 'search',
    count: 2,
    first: { id: 'doi:10.1101/2023.01.02.522222', venue: 'medRxiv' },
  },
  {
    file: 'local:biorxiv-paper.synthetic.html',
    url: 'https://www.biorxiv.org/content/10.1101/2023.01.02.522222v1',
    kind: 'paper',
    count: 1,
    first: {
      id: 'doi:10.1101/2023.01.02.522222',
      title: 'Analytical Engines in the Zebrafish Brain',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      published: '2023-01-02',
    },
  },
];
