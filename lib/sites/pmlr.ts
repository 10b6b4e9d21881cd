/**
 * PMLR, the Proceedings of Machine Learning Research (proceedings.mlr.press): volume pages (/vNNN/: ICML, AISTATS,
 * COLT, CoRL, … each hundreds of papers) and paper pages (/vNNN/<key>.html, citation_* tags).
 * Checked against tests/fixtures/pmlr-volume.synthetic.html (PMLR's markup: div.paper > p.title, span.authors,
 * span.info, p.links with the abs and PDF links). PMLR gives no DOI: ids are the paper page's landing id
 * (url:proceedings.mlr.press/vNNN/<key>.html).
 */
import { listedId, proceedingsPaper } from './proceedings';
import { absUrl, clean, splitAuthors } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

function detect(url: URL): FeedKind | undefined {
  if (url.hostname !== 'proceedings.mlr.press') return undefined;
  if (/^\/v\d+\/?$/.test(url.pathname)) return 'listing';
  if (/^\/v\d+\/[\w-]+\.html$/.test(url.pathname)) return 'paper';
  return undefined;
}

function listEntries(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  const volume = clean(doc.querySelector('h2')?.textContent) || undefined;
  for (const div of doc.querySelectorAll('div.paper')) {
    const title = clean(div.querySelector('p.title')?.textContent);
    const hrefs = [...div.querySelectorAll('p.links a[href]')].map((a) => absUrl(a.getAttribute('href'), url));
    const abs = hrefs.find((h) => h && /\.html$/.test(new URL(h).pathname));
    const named = listedId(abs, hrefs);
    if (!title || !named || seen.has(named.id)) continue;
    seen.add(named.id);
    const entry: FeedEntry = {
      ...named,
      title,
      authors: splitAuthors(div.querySelector('.authors')?.textContent ?? ''),
      url: abs ?? url.href,
      element: div,
    };
    const pdf = hrefs.find((h) => h && /\.pdf$/i.test(h));
    if (pdf) entry.pdfUrl = pdf;
    const info = clean(div.querySelector('.info')?.textContent).replace(/,\s*PMLR\s+[\d:–-]+.*$/, '');
    if (info || volume) entry.venue = info || volume;
    out.push(entry);
  }
  return out;
}

export const pmlrSite = {
  site: 'pmlr',
  label: 'PMLR proceedings',
  matches: ['https://proceedings.mlr.press/*'],
} satisfies SiteInfo;

export const pmlr: SiteAdapter = {
  ...pmlrSite,
  detect,
  extract: (doc, url, kind) => (kind === 'paper' ? proceedingsPaper(doc, url) : listEntries(doc, url)),
};

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  listing: ['https://proceedings.mlr.press/v202/', 'https://proceedings.mlr.press/v235'],
  paper: ['https://proceedings.mlr.press/v202/lovelace23a.html'],
};

export const cases: FixtureCase[] = [
  {
    file: 'local:pmlr-volume.synthetic.html',
    url: 'https://proceedings.mlr.press/v202/',
    kind: 'listing',
    count: 3,
    first: {
      id: 'url:proceedings.mlr.press/v202/lovelace23a.html',
      title: 'Analytical Engines as Universal Approximators',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      url: 'https://proceedings.mlr.press/v202/lovelace23a.html',
      pdfUrl: 'https://proceedings.mlr.press/v202/lovelace23a/lovelace23a.pdf',
      venue: 'Proceedings of the 40th International Conference on Machine Learning',
    },
    middle: [1, { id: 'url:proceedings.mlr.press/v202/turing23b.html', authors: ['Alan Turing'] }],
    last: {
      id: 'arxiv:2302.00001',
      aliases: ['url:proceedings.mlr.press/v202/muller23c.html'],
      title: 'Scaling μP to the Moon',
    },
  },
  {
    file: 'local:pmlr-paper.synthetic.html',
    url: 'https://proceedings.mlr.press/v202/lovelace23a.html',
    kind: 'paper',
    count: 1,
    first: {
      id: 'url:proceedings.mlr.press/v202/lovelace23a.html',
      title: 'Analytical Engines as Universal Approximators',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      published: '2023-07-03',
      venue: 'Proceedings of the 40th International Conference on Machine Learning',
    },
  },
];
