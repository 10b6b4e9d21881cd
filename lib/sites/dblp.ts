/**
 * DBLP (dblp.org, dblp.uni-trier.de): person pages (/pid/…), search results (/search?q=…) and venue tables of
 * contents (/db/conf/…, /db/journals/…). Every list is li.entry elements (id = the DBLP key) with the schema.org
 * microdata DBLP has served for a decade: cite.data holding span[itemprop=author] names, span.title and the venue;
 * "electronic edition" links (li.ee) in the entry's nav.
 * Checked against tests/fixtures/dblp-person.synthetic.html and dblp-toc.synthetic.html. Ids: the arXiv id or DOI
 * of an electronic edition, else dblp:<key>, kept as an alias of the better id.
 */
import { canonicalId, preferredId } from '../paper/ids';
import { absUrl, clean } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

const HOSTS = new Set(['dblp.org', 'www.dblp.org', 'dblp.uni-trier.de', 'dblp.dagstuhl.de']);

function detect(url: URL): FeedKind | undefined {
  if (!HOSTS.has(url.hostname)) return undefined;
  const path = url.pathname;
  if (/^\/pid\/[\w-]+\/[\w-]+(?:\.html)?$/.test(path) || /^\/pers\/(?:hd\/)?[\w-]+\/[\w:=.-]+(?:\.html)?$/.test(path))
    return 'listing';
  if (/^\/search\/?(?:publ\/?)?$/.test(path) && url.searchParams.has('q')) return 'search';
  if (/^\/db\/(?:conf|journals|series)\/[\w-]+\/[\w-]+\.html$/.test(path)) return 'listing';
  return undefined;
}

function extract(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const li of doc.querySelectorAll('li.entry')) {
    const cite = li.querySelector('cite.data, cite');
    const title = clean(cite?.querySelector('.title')?.textContent).replace(/\.$/, '');
    const key = li.getAttribute('id') ?? '';
    if (!cite || !title) continue;
    const editions = [...li.querySelectorAll('li.ee a[href]')]
      .map((a) => absUrl(a.getAttribute('href'), url))
      .filter((h): h is string => !!h);
    const own = canonicalId(`dblp:${key}`);
    const id = preferredId([...editions.map((h) => canonicalId(h)), own]);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const authors = [...cite.querySelectorAll('[itemprop="author"] [itemprop="name"], [itemprop="author"]')]
      .filter((el) => !el.querySelector('[itemprop="name"]'))
      // The shown name (its title attribute may carry DBLP's homonym number: "Wei Wang 0001").
      .map((el) => clean(el.textContent))
      .filter(Boolean);
    const entry: FeedEntry = {
      id,
      title,
      authors,
      url: editions.find((h) => !/\.pdf$/i.test(h)) ?? (own ? `https://dblp.org/rec/${key}.html` : url.href),
      element: li,
    };
    if (own && own !== id) entry.aliases = [own];
    const venue = clean(cite.querySelector('[itemprop="isPartOf"] [itemprop="name"]')?.textContent);
    if (venue) entry.venue = venue;
    const year = clean(cite.querySelector('[itemprop="datePublished"]')?.textContent);
    if (/^\d{4}$/.test(year)) entry.published = year;
    out.push(entry);
  }
  return out;
}

export const dblpSite = {
  site: 'dblp',
  label: 'DBLP',
  matches: ['https://dblp.org/*', 'https://dblp.uni-trier.de/*'],
} satisfies SiteInfo;

export const dblp: SiteAdapter = { ...dblpSite, detect, extract: (doc, url) => extract(doc, url) };

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  // Person pages and tables of contents.
  listing: [
    'https://dblp.org/pid/h/GeoffreyEHinton.html',
    'https://dblp.uni-trier.de/pers/hd/l/LeCun:Yann',
    'https://dblp.org/db/conf/nips/nips2017.html',
    'https://dblp.org/db/journals/jmlr/jmlr24.html',
  ],
  search: ['https://dblp.org/search?q=attention+is+all+you+need'],
};

export const cases: FixtureCase[] = [
  {
    file: 'local:dblp-person.synthetic.html',
    url: 'https://dblp.org/pid/l/AdaLovelace.html',
    kind: 'listing',
    count: 3,
    first: {
      id: 'arxiv:1706.03762',
      aliases: ['dblp:conf/nips/VaswaniSPUJGKP17'],
      title: 'Attention is All you Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Ada Lovelace'],
      venue: 'NIPS',
      published: '2017',
    },
    middle: [1, { id: 'doi:10.1038/nature14539', title: 'Deep learning', venue: 'Nat.', published: '2015' }],
    last: {
      id: 'dblp:journals/corr/abs-2101-00001',
      title: 'A Preprint With No Edition Listed',
      authors: ['Ada Lovelace'],
      url: 'https://dblp.org/rec/journals/corr/abs-2101-00001.html',
    },
  },
  {
    file: 'local:dblp-toc.synthetic.html',
    url: 'https://dblp.org/db/conf/nips/nips2017.html',
    kind: 'listing',
    count: 2,
    first: { id: 'arxiv:1706.03762', title: 'Attention is All you Need', venue: 'NIPS' },
    last: { id: 'doi:10.5555/3295222.3295230', title: 'Analytical Engines Revisited', authors: ['Charles Babbage'] },
  },
  {
    file: 'local:dblp-toc.synthetic.html',
    url: 'https://dblp.org/search?q=attention',
    kind: 'search',
    count: 2,
    first: { id: 'arxiv:1706.03762' },
  },
];
