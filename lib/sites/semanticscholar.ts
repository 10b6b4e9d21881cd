/**
 * Semantic Scholar (www.semanticscholar.org): search results (/search?q=…) and author pages (/author/<name>/<id>),
 * both rendered by script (the overlay reads the DOM once rendered); paper pages (/paper/<slug>/<40-hex id>, read
 * from their citation_* tags).
 * Checked against tests/fixtures/s2-search.synthetic.html (the rendered rows: div.cl-paper-row with the title link
 * to /paper/…, span.cl-paper-authors links, the venue and date, and the "view via" arXiv / DOI / publisher link).
 * Ids: the row's arXiv or DOI link where it shows one, else s2:<paper id> (kept as an alias of the better one).
 */
import { canonicalId, preferredId } from '../paper/ids';
import { ownPaperPage } from './citation';
import { absUrl, clean, isoDate } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

const HOSTS = new Set(['www.semanticscholar.org', 'semanticscholar.org']);

function detect(url: URL): FeedKind | undefined {
  if (!HOSTS.has(url.hostname)) return undefined;
  if (/^\/search\/?$/.test(url.pathname) && url.searchParams.has('q')) return 'search';
  if (/^\/author\/[^/]+\/\d+\/?$/.test(url.pathname)) return 'listing';
  if (canonicalId(url.href)?.startsWith('s2:')) return 'paper';
  return undefined;
}

function rows(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const row of doc.querySelectorAll('.cl-paper-row, [data-test-id="search-result"]')) {
    if (row.parentElement?.closest('.cl-paper-row')) continue;
    const link = row.querySelector('a[href*="/paper/"]');
    const href = absUrl(link?.getAttribute('href'), url);
    const own = canonicalId(href);
    const title = clean(row.querySelector('.cl-paper-title')?.textContent ?? link?.textContent);
    const others = [...row.querySelectorAll('a[href]')]
      .map((a) => absUrl(a.getAttribute('href'), url))
      .filter((h) => h && !/semanticscholar\.org\/(?:paper|author)\//.test(h));
    const id = preferredId([...others.map((h) => canonicalId(h)), own]);
    if (!title || !id || !own?.startsWith('s2:') || seen.has(id)) continue;
    seen.add(id);
    const authors = [...row.querySelectorAll('.cl-paper-authors a, [data-test-id="author-list"] a')]
      .map((a) => clean(a.textContent))
      .filter(Boolean);
    const entry: FeedEntry = { id, title, authors, url: href ?? url.href, element: row };
    if (own !== id) entry.aliases = [own];
    const venue = clean(row.querySelector('.cl-paper-venue')?.textContent);
    if (venue) entry.venue = venue;
    const date = isoDate(row.querySelector('.cl-paper-pubdates')?.textContent);
    if (date) entry.published = date;
    out.push(entry);
  }
  return out;
}

export const semanticscholarSite = {
  site: 's2',
  label: 'Semantic Scholar',
  matches: ['https://www.semanticscholar.org/*'],
} satisfies SiteInfo;

export const semanticscholar: SiteAdapter = {
  ...semanticscholarSite,
  detect,
  extract: (doc, url, kind) => (kind === 'paper' ? ownPaperPage(doc, url) : rows(doc, url)),
};

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  search: ['https://www.semanticscholar.org/search?q=attention%20is%20all%20you%20need&sort=relevance'],
  listing: ['https://www.semanticscholar.org/author/Ashish-Vaswani/40348417'],
  paper: [
    'https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
  ],
};

export const cases: FixtureCase[] = [
  {
    file: 'local:s2-search.synthetic.html',
    url: 'https://www.semanticscholar.org/search?q=attention&sort=relevance',
    kind: 'search',
    count: 3,
    first: {
      id: 'arxiv:1706.03762',
      aliases: ['s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776'],
      title: 'Attention is All you Need',
      authors: ['Ashish Vaswani', 'Noam M. Shazeer', 'Niki Parmar'],
      venue: 'Neural Information Processing Systems',
      published: '2017-06-12',
      url: 'https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
    },
    middle: [1, { id: 'doi:10.1038/nature14539', title: 'Deep Learning' }],
    last: {
      id: 's2:0000000000000000000000000000000000000003',
      title: 'A Paper Known Only Here',
      authors: ['Ada Lovelace'],
    },
  },
  {
    file: 'local:s2-search.synthetic.html',
    url: 'https://www.semanticscholar.org/author/Ada-Lovelace/12345',
    kind: 'listing',
    count: 3,
  },
  {
    file: 'local:s2-paper.synthetic.html',
    url: 'https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
    kind: 'paper',
    count: 1,
    first: {
      id: 'arxiv:1706.03762',
      aliases: ['s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776'],
      title: 'Attention is All you Need',
      authors: ['Ashish Vaswani', 'Noam M. Shazeer'],
      published: '2017-06-12',
    },
  },
];
