/**
 * ACL Anthology (aclanthology.org): volume and event pages (/volumes/<volume>/, /events/<event>/: hundreds of papers
 * each) and paper pages (/<paper id>/, read from their citation_* tags).
 * Checked against tests/fixtures/acl-volume.synthetic.html (the Anthology's row markup: p.d-sm-flex holding the
 * pdf / bib / abs badges and span.d-block > strong > a.align-middle, authors as /people/ links, the abstract in the
 * collapsible div.abstract-collapse after the row) and acl-paper.synthetic.html. A volume's front matter
 * (<volume>.0) is not a paper and is skipped. Ids: acl:<paper id> on lists; a paper page names its DOI (preferred)
 * with the Anthology id as an alias.
 */
import { canonicalId } from '../paper/ids';
import { ownPaperPage } from './citation';
import { absUrl, clean } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

const HOSTS = new Set(['aclanthology.org', 'www.aclanthology.org']);

function detect(url: URL): FeedKind | undefined {
  if (!HOSTS.has(url.hostname)) return undefined;
  if (/^\/(?:volumes|events)\/[\w.-]+\/?$/.test(url.pathname)) return 'listing';
  const id = canonicalId(url.href);
  return id?.startsWith('acl:') && !/\.pdf$/i.test(url.pathname) ? 'paper' : undefined;
}

function listEntries(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const row of doc.querySelectorAll('p.d-sm-flex')) {
    const a = row.querySelector('strong a[href], a.align-middle[href]:not(.badge)');
    const href = absUrl(a?.getAttribute('href'), url);
    const id = canonicalId(href);
    const title = clean(a?.textContent);
    if (!id?.startsWith('acl:') || !title || /\.0$/.test(id) || seen.has(id)) continue;
    seen.add(id);
    const authors = [...row.querySelectorAll('a[href*="/people/"]')].map((p) => clean(p.textContent)).filter(Boolean);
    const entry: FeedEntry = { id, title, authors, url: href ?? url.href, element: row };
    const pdf = absUrl(row.querySelector('a.badge[href$=".pdf"]')?.getAttribute('href'), url);
    if (pdf) entry.pdfUrl = pdf;
    const next = row.nextElementSibling;
    const abstract = next?.classList.contains('abstract-collapse') ? clean(next.textContent) : '';
    if (abstract) entry.abstract = abstract;
    out.push(entry);
  }
  return out;
}

export const aclSite = {
  site: 'acl',
  label: 'ACL Anthology',
  matches: ['https://aclanthology.org/*'],
} satisfies SiteInfo;

export const acl: SiteAdapter = {
  ...aclSite,
  detect,
  extract: (doc, url, kind) => (kind === 'paper' ? ownPaperPage(doc, url) : listEntries(doc, url)),
};

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  listing: ['https://aclanthology.org/volumes/2023.acl-long/', 'https://aclanthology.org/events/emnlp-2024/'],
  paper: ['https://aclanthology.org/2021.naacl-main.208/', 'https://aclanthology.org/P19-1001/'],
};

export const cases: FixtureCase[] = [
  {
    file: 'local:acl-volume.synthetic.html',
    url: 'https://aclanthology.org/volumes/2023.acl-long/',
    kind: 'listing',
    count: 3,
    first: {
      id: 'acl:2023.acl-long.1',
      title:
        'One Cannot Stand for Everyone! Leveraging Multiple User Simulators to train Task-oriented Dialogue Systems',
      authors: ['Yajiao Liu', 'Xin Jiang', 'Yichun Yin'],
      url: 'https://aclanthology.org/2023.acl-long.1/',
      pdfUrl: 'https://aclanthology.org/2023.acl-long.1.pdf',
      abstract: 'User simulators are agents designed to imitate human users.',
    },
    middle: [1, { id: 'acl:2023.acl-long.2', authors: ['Ada Lovelace'] }],
    last: {
      id: 'acl:2023.acl-long.3',
      title: 'Pre-trained Language Models and Their Discontents',
      authors: ['Alan Turing', 'Zoë Müller'],
    },
  },
  {
    file: 'local:acl-paper.synthetic.html',
    url: 'https://aclanthology.org/2021.naacl-main.208/',
    kind: 'paper',
    count: 1,
    first: {
      id: 'doi:10.18653/v1/2021.naacl-main.208',
      aliases: ['acl:2021.naacl-main.208'],
      title: 'A Paper on Things & Stuff',
      authors: ['Ada Lovelace', 'Alan Turing'],
      published: '2021-06',
      venue: 'Proceedings of the 2021 Conference of the North American Chapter of the ACL',
      pdfUrl: 'https://aclanthology.org/2021.naacl-main.208.pdf',
    },
  },
];
