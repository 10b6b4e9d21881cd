/**
 * NeurIPS proceedings (proceedings.neurips.cc, and papers.nips.cc which serves the same paths): a year's paper list
 * (/paper_files/paper/<year>, older /paper/<year>) and paper pages (…-Abstract….html, citation_* tags).
 * Checked against tests/fixtures/neurips-year.synthetic.html (ul.paper-list > li, the title link to the Abstract
 * page, authors in span.paper-authors or, on older lists, in <i>). No DOI: ids are the Abstract page's landing id,
 * always on proceedings.neurips.cc (a link on papers.nips.cc names the same paper).
 */
import { landingId } from '../paper/ids';
import { proceedingsPaper } from './proceedings';
import { absUrl, clean, splitAuthors } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

const HOSTS = new Set(['proceedings.neurips.cc', 'papers.nips.cc', 'papers.neurips.cc']);

function detect(url: URL): FeedKind | undefined {
  if (!HOSTS.has(url.hostname)) return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  if (
    /^\/(?:paper_files\/)?paper\/\d{4}$/.test(path) ||
    /^\/book\/advances-in-neural-information-processing-systems-\d+-\d{4}$/.test(path)
  )
    return 'listing';
  if (/^\/(?:paper_files\/)?paper\/\d{4}\/hash\/[0-9a-f]{32}-Abstract[\w-]*\.html$/.test(path)) return 'paper';
  return undefined;
}

/** The Abstract page's address on proceedings.neurips.cc. */
function home(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const u = new URL(href);
  if (HOSTS.has(u.hostname)) u.hostname = 'proceedings.neurips.cc';
  return u.href;
}

function listEntries(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  const year = /\/(\d{4})\/?$/.exec(url.pathname)?.[1];
  for (const li of doc.querySelectorAll('ul.paper-list > li, .paper-list li')) {
    const a = li.querySelector('a[href*="-Abstract"]');
    const href = home(absUrl(a?.getAttribute('href'), url));
    const id = landingId(href);
    const title = clean(a?.textContent);
    if (!href || !id || !title || seen.has(id)) continue;
    seen.add(id);
    const entry: FeedEntry = {
      id,
      title,
      authors: splitAuthors(li.querySelector('.paper-authors, i')?.textContent ?? ''),
      url: href,
      element: li,
    };
    if (year) entry.published = year;
    entry.venue = 'Advances in Neural Information Processing Systems';
    out.push(entry);
  }
  return out;
}

export const neuripsSite = {
  site: 'neurips',
  label: 'NeurIPS proceedings',
  matches: ['https://proceedings.neurips.cc/*', 'https://papers.nips.cc/*', 'https://papers.neurips.cc/*'],
} satisfies SiteInfo;

export const neurips: SiteAdapter = {
  ...neuripsSite,
  detect,
  extract: (doc, url, kind) => (kind === 'paper' ? proceedingsPaper(doc, url, home(url.href)) : listEntries(doc, url)),
};

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  listing: [
    'https://proceedings.neurips.cc/paper_files/paper/2023',
    'https://papers.nips.cc/paper_files/paper/2017',
    'https://papers.nips.cc/paper/2017',
  ],
  paper: [
    'https://proceedings.neurips.cc/paper_files/paper/2023/hash/0001ca33ba34ce0351e4612b744b3936-Abstract-Conference.html',
    'https://papers.nips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
  ],
};

export const cases: FixtureCase[] = [
  {
    file: 'local:neurips-year.synthetic.html',
    url: 'https://papers.nips.cc/paper_files/paper/2017',
    kind: 'listing',
    count: 3,
    first: {
      id: 'url:proceedings.neurips.cc/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
      title: 'Attention is All you Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
      url: 'https://proceedings.neurips.cc/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
      published: '2017',
    },
    middle: [1, { title: 'Analytical Engines for Deep Learning', authors: ['Ada Lovelace'] }],
    last: { title: 'An Older List Entry', authors: ['Charles Babbage', 'Alan Turing'] },
  },
  {
    file: 'local:neurips-paper.synthetic.html',
    url: 'https://papers.nips.cc/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
    kind: 'paper',
    count: 1,
    first: {
      id: 'url:proceedings.neurips.cc/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
      title: 'Attention is All you Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer'],
      published: '2017',
      pdfUrl: 'https://papers.nips.cc/paper_files/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf',
    },
  },
];
