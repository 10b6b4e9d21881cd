/**
 * OpenReview (openreview.net): venue and group pages (/group?id=…, /venue?id=…, /submissions?venue=…), rendered by
 * script: the overlay reads the DOM once it has rendered (the content script rescans as notes appear); and forum
 * pages (/forum?id=…), read from their citation_* tags.
 * Checked against tests/fixtures/openreview-group.synthetic.html (li.note > h4 > a[href^="/forum?id="],
 * div.note-authors). Ids: openreview:<note id>, from the forum and PDF links.
 */
import { citationEntry } from './citation';
import { linkEntries } from './links';
import type { FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

const HOSTS = new Set(['openreview.net', 'www.openreview.net']);

function detect(url: URL): FeedKind | undefined {
  if (!HOSTS.has(url.hostname)) return undefined;
  const q = url.searchParams;
  if (/^\/(?:group|venue)\/?$/.test(url.pathname) && q.has('id')) return 'listing';
  if (/^\/submissions\/?$/.test(url.pathname) && q.has('venue')) return 'listing';
  if (/^\/forum\/?$/.test(url.pathname) && q.has('id')) return 'paper';
  return undefined;
}

export const openreviewSite = {
  site: 'openreview',
  label: 'OpenReview',
  matches: ['https://openreview.net/*', 'https://www.openreview.net/*'],
} satisfies SiteInfo;

export const openreview: SiteAdapter = {
  ...openreviewSite,
  detect,
  extract: (doc, url, kind) => {
    if (kind === 'paper') {
      const one = citationEntry(doc, url);
      return one ? [one] : [];
    }
    return linkEntries(doc, url, { authors: '.note-authors' }).filter((e) => e.id.startsWith('openreview:'));
  },
};

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  listing: [
    'https://openreview.net/group?id=ICLR.cc/2024/Conference',
    'https://openreview.net/group?id=NeurIPS.cc/2023/Conference#tab-accept-oral',
    'https://openreview.net/venue?id=ICML.cc/2024/Conference',
    'https://openreview.net/submissions?venue=ICLR.cc/2025/Conference',
  ],
  paper: ['https://openreview.net/forum?id=YicbFdNTTy'],
};

export const cases: FixtureCase[] = [
  {
    file: 'local:openreview-group.synthetic.html',
    url: 'https://openreview.net/group?id=ICLR.cc/2024/Conference',
    kind: 'listing',
    count: 2,
    first: {
      id: 'openreview:YicbFdNTTy',
      title: 'Generative Modeling with Phase Stochastic Bridges',
      authors: ['Tianrong Chen', 'Jiatao Gu'],
      url: 'https://openreview.net/forum?id=YicbFdNTTy',
      pdfUrl: 'https://openreview.net/pdf?id=YicbFdNTTy',
    },
    last: {
      id: 'openreview:hB7SlfEmze',
      title: 'Lipschitz Singularities in Diffusion Models',
      authors: ['Zhantao Yang'],
    },
  },
  {
    file: 'local:openreview-forum.synthetic.html',
    url: 'https://openreview.net/forum?id=YicbFdNTTy',
    kind: 'paper',
    count: 1,
    first: {
      id: 'openreview:YicbFdNTTy',
      title: 'Generative Modeling with Phase Stochastic Bridges',
      authors: ['Tianrong Chen', 'Jiatao Gu'],
      pdfUrl: 'https://openreview.net/pdf?id=YicbFdNTTy',
      published: '2024-01-16',
      venue: 'The Twelfth International Conference on Learning Representations',
    },
  },
];
