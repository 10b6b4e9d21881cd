/**
 * Any single-paper page that describes itself (arXiv abs, ACL Anthology, OpenReview forum, PMLR, NeurIPS, CVF,
 * USENIX, bioRxiv, PubMed, most publishers): one entry, read from the page's own metadata in this order, the first
 * that has a field winning:
 *   1. Highwire `citation_*` tags (Google Scholar's inclusion guidelines);
 *   2. schema.org JSON-LD (`ScholarlyArticle` and its kin: Article, MedicalScholarlyArticle, Chapter, Report, Thesis);
 *   3. Dublin Core (`dc.*` / `DC.*`, `dcterms.*`);
 *   4. PRISM (`prism.doi`, `prism.publicationName`, `prism.publicationDate`) and Open Graph (`og:title`,
 *      `article:author`);
 *   5. for authors only, `meta[name=author]`.
 * Its id: arXiv id, DOI, a known site's id in the page's own or canonical URL; else, on a page that names itself a
 * paper (citation_title, a ScholarlyArticle, or DC with a creator), its landing page (`url:…`, lib/paper/ids.ts
 * landingId) from the canonical link, og:url or the address. That id is kept as an alias when a better one is
 * found, so a paper first saved by its landing page takes its DOI later.
 * Checked against ../shared/fixtures/arxiv/abs-2106.09608.html, tests/fixtures/acl-paper.synthetic.html,
 * usenix-paper.synthetic.html (no DOI: landing-page id), sciencedirect-abstract.synthetic.html (authors in JSON-LD
 * only) and dc-paper.synthetic.html (Dublin Core only).
 */
import { canonicalId, landingId, preferredId } from '../paper/ids';
import { absUrl, clean, isoDate } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter } from './types';

function metas(doc: Document, name: string): string[] {
  const out: string[] = [];
  for (const m of doc.querySelectorAll(`meta[name="${name}" i], meta[property="${name}" i]`)) {
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
  for (const h of doc.querySelectorAll('h1, h2, h3, h4, #papertitle, .citation_title')) {
    const text = clean(h.textContent).toLowerCase();
    if (text && (text === want || text.endsWith(want) || want.startsWith(text))) return h;
  }
  return undefined;
}

const ARTICLE_TYPES = /^(?:ScholarlyArticle|MedicalScholarlyArticle|Article|Chapter|Report|Thesis|TechArticle)$/;

/** A schema.org article described in the page's JSON-LD (the page's own text: parsed defensively). */
interface LdArticle {
  title?: string;
  authors: string[];
  doi?: string;
  published?: string;
  venue?: string;
  abstract?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? clean(v) || undefined : undefined);

function ldName(v: unknown): string | undefined {
  if (typeof v === 'string') return clean(v) || undefined;
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  return str(o.name) ?? (clean(`${str(o.givenName) ?? ''} ${str(o.familyName) ?? ''}`) || undefined);
}

/** The first article described in one JSON-LD script's text (the page's own: parsed defensively). */
function articleIn(text: string): LdArticle | undefined {
  if (text.length > 500_000) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const queue: unknown[] = [data];
  for (let i = 0; i < queue.length && i < 200; i++) {
    const node = queue[i];
    if (Array.isArray(node)) {
      queue.push(...node.slice(0, 50));
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['@graph'])) queue.push(...o['@graph'].slice(0, 50));
    const types = ([] as unknown[]).concat(o['@type'] ?? []);
    if (!types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) continue;
    const authors = ([] as unknown[]).concat(o.author ?? o.creator ?? []).slice(0, 500);
    const ids = [o.identifier, o.sameAs, o['@id'], o.url].flatMap((v) => ([] as unknown[]).concat(v ?? []));
    const doi = ids
      .map((v) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>).value : v))
      .map((v) => (typeof v === 'string' ? canonicalId(v.startsWith('10.') ? `doi:${v}` : v) : undefined))
      .find((id) => id?.startsWith('doi:'));
    const part = o.isPartOf;
    return {
      title: str(o.headline) ?? str(o.name),
      authors: authors.map(ldName).filter((a): a is string => !!a),
      doi,
      published: str(o.datePublished),
      venue: ldName(Array.isArray(part) ? part[0] : part),
      abstract: str(o.abstract) ?? str(o.description),
    };
  }
  return undefined;
}

// Each script's article, kept while its text is unchanged: detection and extraction read the same scripts, and a
// page that churns its DOM is scanned again and again.
const parsed = new WeakMap<Element, { text: string; article: LdArticle | undefined }>();

function ldArticle(doc: Document): LdArticle | undefined {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    const text = script.textContent ?? '';
    let hit = parsed.get(script);
    if (hit?.text !== text) {
      hit = { text, article: articleIn(text) };
      parsed.set(script, hit);
    }
    if (hit.article) return hit.article;
  }
  return undefined;
}

export function citationEntry(doc: Document, url: URL): FeedEntry | undefined {
  const ld = doc.querySelector('script[type="application/ld+json"]') ? ldArticle(doc) : undefined;
  const dcCreators = [...metas(doc, 'dc.creator'), ...metas(doc, 'dcterms.creator')];
  const title =
    first(doc, 'citation_title') ??
    ld?.title ??
    first(doc, 'dc.title', 'dcterms.title') ??
    (dcCreators.length || ld ? first(doc, 'og:title') : undefined);
  if (!title) return undefined;
  const arxivId = first(doc, 'citation_arxiv_id');
  const doi = first(doc, 'citation_doi', 'prism.doi', 'dc.identifier', 'dcterms.identifier');
  const canonical = absUrl(doc.querySelector('link[rel="canonical"]')?.getAttribute('href'), url);
  const pdf = absUrl(first(doc, 'citation_pdf_url'), url);
  const named = [
    arxivId ? canonicalId(`arXiv:${arxivId}`) : undefined,
    doi ? canonicalId(`doi:${doi.replace(/^(?:doi:|https?:\/\/(?:dx\.)?doi\.org\/)\s*/i, '')}`) : undefined,
    ld?.doi,
    canonicalId(url.href),
    canonicalId(canonical),
    canonicalId(pdf),
  ];
  const page = canonical ?? absUrl(first(doc, 'og:url'), url) ?? url.href;
  // A page whose address names no paper (not arXiv, DOI, OpenReview, …) is known by its landing page.
  const landing = canonicalId(page) ? undefined : landingId(page);
  const id = preferredId([...named, landing]);
  if (!id) return undefined;
  const authors = [
    metas(doc, 'citation_author').map(displayName),
    // PubMed and a few others: one tag, names separated by semicolons.
    metas(doc, 'citation_authors')
      .flatMap((a) => a.split(/\s*;\s*/))
      .filter(Boolean)
      .map(displayName),
    ld?.authors ?? [],
    dcCreators.map(displayName),
    metas(doc, 'article:author').filter((a) => !/^https?:/.test(a)),
    metas(doc, 'author'),
  ].find((list) => list.length > 0);
  const entry: FeedEntry = {
    id,
    title,
    authors: authors ?? [],
    url: absUrl(first(doc, 'citation_abstract_html_url'), url) ?? canonical ?? url.href,
  };
  if (landing && landing !== id) entry.aliases = [landing];
  if (pdf) entry.pdfUrl = pdf;
  const abstract =
    first(doc, 'citation_abstract') ?? ld?.abstract ?? first(doc, 'dc.description', 'dcterms.abstract', 'description');
  if (abstract) entry.abstract = abstract;
  const published = isoDate(
    first(doc, 'citation_publication_date', 'citation_date', 'citation_online_date') ??
      ld?.published ??
      first(doc, 'dc.date', 'dcterms.issued', 'dcterms.date', 'prism.publicationDate'),
  );
  if (published) entry.published = published;
  const venue =
    first(doc, 'citation_conference_title', 'citation_journal_title') ??
    ld?.venue ??
    first(doc, 'prism.publicationName', 'dc.source', 'dc.publisher');
  if (venue) entry.venue = venue;
  const keywords = metas(doc, 'citation_keywords')
    .flatMap((k) => k.split(/\s*;\s*/))
    .filter(Boolean);
  if (keywords.length) entry.keywords = keywords;
  const element = titleElement(doc, title);
  if (element) entry.element = element;
  return entry;
}

/**
 * A site's own paper page (ACL Anthology, Semantic Scholar, PubMed): its citation entry, with the id its address
 * names (acl:, s2:, pmid:) kept as an alias when the page gives a better one (a DOI, an arXiv id).
 */
export function ownPaperPage(doc: Document, url: URL): FeedEntry[] {
  const one = citationEntry(doc, url);
  if (!one) return [];
  const own = canonicalId(url.href);
  if (own && own !== one.id) one.aliases = [...new Set([...(one.aliases ?? []), own])];
  return [one];
}

/** Whether the page describes one paper: Highwire tags, a JSON-LD article, or Dublin Core with a creator. */
function describesPaper(doc: Document): boolean {
  if (doc.querySelector('meta[name="citation_title" i]')) return true;
  if (doc.querySelector('meta[name="dc.creator" i], meta[name="dcterms.creator" i]')) return true;
  return !!doc.querySelector('script[type="application/ld+json"]') && !!ldArticle(doc);
}

/** Generic: any page, on the feed hosts and on sites the user granted (the content script runs nowhere else). */
export const citation: SiteAdapter = {
  site: 'web',
  label: 'Any paper page with citation metadata',
  matches: [],
  detect: (_url: URL, doc?: Document): FeedKind | undefined => (doc && describesPaper(doc) ? 'paper' : undefined),
  extract: (doc, url) => {
    const one = citationEntry(doc, url);
    return one ? [one] : [];
  },
};

export const cases: FixtureCase[] = [
  {
    file: 'local:usenix-paper.synthetic.html',
    url: 'https://www.usenix.org/conference/osdi23/presentation/lovelace',
    kind: 'paper',
    site: 'usenix.org',
    count: 1,
    first: {
      id: 'url:usenix.org/conference/osdi23/presentation/lovelace',
      title: 'Engines of Analysis: Scheduling Computation at Scale',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      venue: '17th USENIX Symposium on Operating Systems Design and Implementation (OSDI 23)',
      published: '2023',
      pdfUrl: 'https://www.usenix.org/system/files/osdi23-lovelace.pdf',
      url: 'https://www.usenix.org/conference/osdi23/presentation/lovelace',
    },
  },
  {
    file: 'local:sciencedirect-abstract.synthetic.html',
    url: 'https://www.sciencedirect.com/science/article/abs/pii/S092523122100477X',
    kind: 'paper',
    site: 'sciencedirect.com',
    count: 1,
    first: {
      id: 'doi:10.1016/j.neucom.2021.03.091',
      title: 'A review on the attention mechanism of deep learning',
      authors: ['Zhaoyang Niu', 'Guoqiang Zhong', 'Hui Yu'],
      venue: 'Neurocomputing',
      published: '2021-09-05',
      aliases: ['url:sciencedirect.com/science/article/pii/S092523122100477X'],
    },
  },
  {
    file: 'local:dc-paper.synthetic.html',
    url: 'https://repository.example.edu/handle/1234/5678',
    kind: 'paper',
    site: 'repository.example.edu',
    count: 1,
    first: {
      id: 'url:repository.example.edu/handle/1234/5678',
      title: 'On Computable Numbers, with an Application to the Entscheidungsproblem',
      authors: ['Alan Turing'],
      published: '1936',
      venue: 'Proceedings of the London Mathematical Society',
    },
  },
];
