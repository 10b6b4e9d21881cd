/**
 * PubMed (pubmed.ncbi.nlm.nih.gov): search results (/?term=…, /?linkname=…, /collections/…) and articles (/<PMID>/,
 * citation_* tags with citation_authors as one ";"-separated tag, citation_doi, citation_pmid).
 * Checked against tests/fixtures/pubmed-search.synthetic.html (PubMed's markup: article.full-docsum, the title link
 * a.docsum-title to /<PMID>/, span.full-authors "Lovelace A, Babbage C.", span.full-journal-citation with the
 * date and "doi: …", span.docsum-pmid) and pubmed-article.synthetic.html. Ids: the DOI where shown, the PMID as
 * its alias; else pmid:<PMID>.
 */
import { canonicalId } from '../paper/ids';
import { ownPaperPage } from './citation';
import { absUrl, clean, isoDate, splitAuthors } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

function detect(url: URL): FeedKind | undefined {
  if (url.hostname !== 'pubmed.ncbi.nlm.nih.gov') return undefined;
  if (/^\/\d{1,9}\/?$/.test(url.pathname)) return 'paper';
  const q = url.searchParams;
  if (url.pathname === '/' && (q.has('term') || q.has('linkname') || q.has('size'))) return 'search';
  if (/^\/collections\/\d+\/?$/.test(url.pathname)) return 'listing';
  return undefined;
}

function listEntries(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const art of doc.querySelectorAll('article.full-docsum')) {
    const a = art.querySelector('a.docsum-title');
    const href = absUrl(a?.getAttribute('href'), url);
    const pmid = canonicalId(href);
    const title = clean(a?.textContent).replace(/\.$/, '');
    if (!pmid?.startsWith('pmid:') || !title) continue;
    const journal = clean(art.querySelector('.full-journal-citation')?.textContent);
    const doi = /\bdoi:\s*(10\.\S+?)\.?(?:\s|$)/i.exec(journal)?.[1];
    const id = (doi ? canonicalId(`doi:${doi}`) : undefined) ?? pmid;
    if (seen.has(id)) continue;
    seen.add(id);
    const authors = splitAuthors(clean(art.querySelector('.full-authors')?.textContent).replace(/\.$/, ''));
    const entry: FeedEntry = { id, title, authors, url: href ?? url.href, element: art };
    if (id !== pmid) entry.aliases = [pmid];
    // "Nature. 2023 Jan;613(7942):1-10. doi: …": the journal, then its date.
    const [venue, when] = journal.split(/\.\s+/);
    if (venue) entry.venue = venue;
    const published = isoDate(when?.replace(/;.*$/, ''));
    if (published) entry.published = published;
    out.push(entry);
  }
  return out;
}

export const pubmedSite = {
  site: 'pubmed',
  label: 'PubMed',
  matches: ['https://pubmed.ncbi.nlm.nih.gov/*'],
} satisfies SiteInfo;

export const pubmed: SiteAdapter = {
  ...pubmedSite,
  detect,
  extract: (doc, url, kind) => (kind === 'paper' ? ownPaperPage(doc, url) : listEntries(doc, url)),
};

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  search: [
    'https://pubmed.ncbi.nlm.nih.gov/?term=zebrafish+glyph',
    'https://pubmed.ncbi.nlm.nih.gov/?term=crispr&sort=date&size=200',
  ],
  listing: ['https://pubmed.ncbi.nlm.nih.gov/collections/61234567/'],
  paper: ['https://pubmed.ncbi.nlm.nih.gov/37000001/'],
};

export const cases: FixtureCase[] = [
  {
    file: 'local:pubmed-search.synthetic.html',
    url: 'https://pubmed.ncbi.nlm.nih.gov/?term=analytical+engines',
    kind: 'search',
    count: 2,
    first: {
      id: 'doi:10.1038/s41586-023-00001-1',
      aliases: ['pmid:37000001'],
      title: 'Analytical engines in clinical practice',
      authors: ['Lovelace A', 'Babbage C'],
      venue: 'Nature',
      published: '2023-01',
      url: 'https://pubmed.ncbi.nlm.nih.gov/37000001/',
    },
    last: { id: 'pmid:37000002', title: 'Computable outcomes: a cohort study', authors: ['Turing A'], venue: 'Lancet' },
  },
  {
    file: 'local:pubmed-search.synthetic.html',
    url: 'https://pubmed.ncbi.nlm.nih.gov/collections/61234567/',
    kind: 'listing',
    count: 2,
  },
  {
    file: 'local:pubmed-article.synthetic.html',
    url: 'https://pubmed.ncbi.nlm.nih.gov/37000001/',
    kind: 'paper',
    count: 1,
    first: {
      id: 'doi:10.1038/s41586-023-00001-1',
      aliases: ['pmid:37000001'],
      title: 'Analytical engines in clinical practice',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      venue: 'Nature',
    },
  },
];
