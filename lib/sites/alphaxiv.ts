/**
 * alphaXiv (alphaxiv.org): the explore and trending feeds (cards linking to /abs/<arXiv id>, rendered by script)
 * and its paper pages (/abs/<id>, /overview/<id>), whose id is in the URL and title in the page's heading.
 * Checked against tests/fixtures/alphaxiv-feed.synthetic.html and alphaxiv-paper.synthetic.html.
 */
import { canonicalId } from '../paper/ids';
import { citationEntry, titleElement } from './citation';
import { linkEntries } from './links';
import { clean } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

const HOSTS = new Set(['alphaxiv.org', 'www.alphaxiv.org']);

function detect(url: URL): FeedKind | undefined {
  if (!HOSTS.has(url.hostname)) return undefined;
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (/^\/(?:abs|overview)\/./.test(path) && canonicalId(url.href)) return 'paper';
  if (path === '/' || /^\/(?:explore|trending)(?:\/[\w-]+)?$/.test(path)) return 'trending';
  return undefined;
}

function paperPage(doc: Document, url: URL): FeedEntry[] {
  const id = canonicalId(url.href);
  if (!id) return [];
  const tagged = citationEntry(doc, url);
  if (tagged?.id === id) return [tagged];
  const heading = doc.querySelector('h1');
  const title = clean(heading?.textContent) || clean(doc.title.replace(/\s*[|–-]\s*alphaXiv\s*$/i, ''));
  if (!title) return [];
  const entry: FeedEntry = { id, title, authors: [], url: `https://arxiv.org/abs/${id.slice(6)}` };
  const element = heading ?? titleElement(doc, title);
  if (element) entry.element = element;
  return [entry];
}

export const alphaxivSite = {
  site: 'alphaxiv',
  label: 'alphaXiv',
  matches: ['https://alphaxiv.org/*', 'https://www.alphaxiv.org/*'],
} satisfies SiteInfo;

export const alphaxiv: SiteAdapter = {
  ...alphaxivSite,
  detect,
  extract: (doc, url, kind) =>
    kind === 'paper' ? paperPage(doc, url) : linkEntries(doc, url).filter((e) => e.id.startsWith('arxiv:')),
};

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  trending: [
    'https://www.alphaxiv.org/',
    'https://www.alphaxiv.org/explore',
    'https://www.alphaxiv.org/explore/trending',
  ],
  paper: ['https://www.alphaxiv.org/abs/2501.12948', 'https://www.alphaxiv.org/overview/2406.08001v2'],
};

export const cases: FixtureCase[] = [
  {
    file: 'local:alphaxiv-feed.synthetic.html',
    url: 'https://www.alphaxiv.org/explore',
    kind: 'trending',
    count: 2,
    first: { id: 'arxiv:2501.12948', title: 'DeepSeek-R1: Incentivizing Reasoning Capability in LLMs' },
    last: {
      id: 'arxiv:2406.08001',
      title: 'Attention Is Still All You Need',
      pdfUrl: 'https://arxiv.org/pdf/2406.08001',
    },
  },
  {
    file: 'local:alphaxiv-paper.synthetic.html',
    url: 'https://www.alphaxiv.org/abs/2501.12948',
    kind: 'paper',
    count: 1,
    first: {
      id: 'arxiv:2501.12948',
      title: 'DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning',
      url: 'https://arxiv.org/abs/2501.12948',
    },
  },
];
