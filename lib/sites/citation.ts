/**
 * Any single-paper page with Highwire citation_* meta tags (arXiv abs, ACL Anthology, OpenReview forum, PMLR,
 * NeurIPS proceedings, bioRxiv, most publishers): one entry from the tags.
 * Checked against ../shared/fixtures/arxiv/abs-2106.09608.html (citation_title, citation_author ×2,
 * citation_arxiv_id, citation_pdf_url, citation_abstract, citation_date) and
 * tests/fixtures/acl-paper.synthetic.html (citation_doi, citation_publication_date, citation_conference_title).
 */
import { canonicalId, preferredId } from '../paper/ids';
import { absUrl, clean, isoDate } from './text';
import type { FeedEntry, FeedKind, SiteAdapter } from './types';

function metas(doc: Document, name: string): string[] {
  const out: string[] = [];
  for (const m of doc.querySelectorAll(`meta[name="${name}"], meta[property="${name}"]`)) {
    const v = clean(m.getAttribute('content'));
    if (v) out.push(v);
  }
  return out;
}

const first = (doc: Document, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = metas(doc, n)[0];
    if (v) return v;
  }
  return undefined;
};

/** "Last, First" (Highwire's usual order) → "First Last"; names without a comma stay as written. */
function displayName(name: string): string {
  const m = /^([^,]+),\s*([^,]+)$/.exec(name);
  return m ? `${m[2]} ${m[1]}` : name;
}

/** The element that shows the title (where the overlay goes): a heading whose text is the title. */
export function titleElement(doc: Document, title: string): Element | undefined {
  const want = title.toLowerCase();
  for (const h of doc.querySelectorAll('h1, h2')) {
    const text = clean(h.textContent).toLowerCase();
    if (text && (text === want || text.endsWith(want) || want.startsWith(text))) return h;
  }
  return undefined;
}

export function citationEntry(doc: Document, url: URL): FeedEntry | undefined {
  const title = first(doc, 'citation_title', 'dc.title', 'DC.title');
  if (!title) return undefined;
  const arxivId = first(doc, 'citation_arxiv_id');
  const doi = first(doc, 'citation_doi', 'dc.identifier', 'DC.identifier');
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
  const pdf = absUrl(first(doc, 'citation_pdf_url'), url);
  const id = preferredId([
    arxivId ? canonicalId(`arXiv:${arxivId}`) : undefined,
    doi ? canonicalId(`doi:${doi.replace(/^doi:\s*/i, '')}`) : undefined,
    canonicalId(url.href),
    canonicalId(absUrl(canonical, url)),
    canonicalId(pdf),
  ]);
  if (!id) return undefined;
  const entry: FeedEntry = {
    id,
    title,
    authors: metas(doc, 'citation_author').map(displayName),
    url: absUrl(first(doc, 'citation_abstract_html_url'), url) ?? absUrl(canonical, url) ?? url.href,
  };
  if (pdf) entry.pdfUrl = pdf;
  const abstract = first(doc, 'citation_abstract', 'dc.description', 'description');
  if (abstract) entry.abstract = abstract;
  const published = isoDate(first(doc, 'citation_publication_date', 'citation_date', 'citation_online_date'));
  if (published) entry.published = published;
  const venue = first(doc, 'citation_conference_title', 'citation_journal_title');
  if (venue) entry.venue = venue;
  const keywords = metas(doc, 'citation_keywords')
    .flatMap((k) => k.split(/\s*;\s*/))
    .filter(Boolean);
  if (keywords.length) entry.keywords = keywords;
  const element = titleElement(doc, title);
  if (element) entry.element = element;
  return entry;
}

export const citation: SiteAdapter = {
  site: 'web',
  detect: (_url: URL, doc?: Document): FeedKind | undefined =>
    doc?.querySelector('meta[name="citation_title"]') ? 'paper' : undefined,
  extract: (doc, url) => {
    const one = citationEntry(doc, url);
    return one ? [one] : [];
  },
  examples: {},
};
