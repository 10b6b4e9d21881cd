/**
 * Canonical paper ids (DESIGN.md contract): one id per paper whichever site or link names it.
 * Preference: arXiv (version stripped; old style too) > DOI (lower-case) > OpenReview > ACL Anthology > PubMed >
 * Semantic Scholar > DBLP > Scholar > landing page (url:, the fallback of a page with no better id).
 * Checked against link shapes on arxiv.org, export.arxiv.org, ar5iv, huggingface.co / hf.co, alphaxiv.org,
 * doi.org and publisher sites (ACM, Springer, Wiley, APS, bioRxiv, Science), openreview.net, aclanthology.org.
 */

// New-style arXiv id: YYMM.NNNN (2007–2014) or YYMM.NNNNN (2015 on), optional version.
const NEW_ARXIV = /(?<![\w.])(\d{2})(0[1-9]|1[0-2])\.(\d{4,5})(?:v\d+)?(?![\w])/;
// Old-style: archive[.SUBCLASS]/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
const OLD_ARXIV = /(?<![\w-])([a-z]+(?:-[a-z]+)?)(?:\.[A-Z]{2})?\/(\d{2}(?:0[1-9]|1[0-2])\d{3})(?:v\d+)?(?!\d)/;
const OLD_ARCHIVES = new Set([
  'acc-phys',
  'adap-org',
  'alg-geom',
  'ao-sci',
  'astro-ph',
  'atom-ph',
  'bayes-an',
  'chao-dyn',
  'chem-ph',
  'cmp-lg',
  'comp-gas',
  'cond-mat',
  'cs',
  'dg-ga',
  'funct-an',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math',
  'math-ph',
  'mtrl-th',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'patt-sol',
  'physics',
  'plasm-ph',
  'q-alg',
  'q-bio',
  'quant-ph',
  'solv-int',
  'supr-con',
]);
const DOI = /\b(10\.\d{4,9}\/[^\s"'<>]+)/i;
const ACL_NEW = /^(\d{4}\.[a-z0-9-]+\.\d+)$/i; // 2021.naacl-main.208
const ACL_OLD = /^([A-Z]\d{2}-\d{4})$/; // P19-1001
const OPENREVIEW_ID = /^[A-Za-z0-9_-]{5,}$/;

const ARXIV_HOSTS = new Set([
  'arxiv.org',
  'www.arxiv.org',
  'export.arxiv.org',
  'ar5iv.org',
  'ar5iv.labs.arxiv.org',
  'alphaxiv.org',
  'www.alphaxiv.org',
  'huggingface.co',
  'hf.co',
  'www.huggingface.co',
  'arxiv-sanity-lite.com',
  'scirate.com',
]);
// Path prefixes on those hosts whose next segment is an arXiv id.
const ARXIV_PATH = /^\/(?:abs|pdf|html|format|ps|overview|papers|arxiv|paper|src)\/(.+)$/i;

function newStyle(yy: string, mm: string, num: string): string | undefined {
  // 4-digit numbers until 1412, 5-digit from 1501 (arXiv identifier scheme).
  if (Number(yy) < 7) return undefined; // the scheme began in April 2007
  if (Number(yy) >= 15 ? num.length !== 5 : num.length !== 4) return undefined;
  return `arxiv:${yy}${mm}.${num}`;
}

function arxivFrom(text: string): string | undefined {
  const m = NEW_ARXIV.exec(text);
  if (m) return newStyle(m[1] as string, m[2] as string, m[3] as string);
  const o = OLD_ARXIV.exec(text);
  if (o && OLD_ARCHIVES.has((o[1] as string).toLowerCase())) return `arxiv:${(o[1] as string).toLowerCase()}/${o[2]}`;
  return undefined;
}

function cleanDoi(raw: string): string | undefined {
  let doi = raw;
  try {
    doi = decodeURIComponent(doi);
  } catch {
    // keep the raw text: a stray % is not worth losing the id over
  }
  doi = doi.replace(/[?#].*$/, '');
  // Publisher URL tails that are not part of the DOI.
  doi = doi.replace(/\/(?:full|abstract|pdf|epdf|fulltext|html|meta|references|figures)\/?$/i, '');
  doi = doi.replace(/\.pdf$/i, '').replace(/[.,;:)\]}/]+$/, '');
  // bioRxiv / medRxiv append a version to the DOI in their URLs: 10.1101/2020.01.01.123456v2.
  const biorxiv = /^10\.1101\/(?:\d{4}\.\d{2}\.\d{2}\.)?\d+/.exec(doi);
  if (biorxiv) doi = biorxiv[0];
  if (!/^10\.\d{4,9}\/\S+$/.test(doi)) return undefined;
  // arXiv's own DOIs name an arXiv paper: prefer the arXiv id.
  const arxivDoi = /^10\.48550\/arxiv\.(.+)$/i.exec(doi);
  if (arxivDoi) return arxivFrom(arxivDoi[1] as string);
  return `doi:${doi.toLowerCase()}`;
}

function fromUrl(url: URL): string | undefined {
  const host = url.hostname.toLowerCase();
  const path = url.pathname;
  if (ARXIV_HOSTS.has(host)) {
    const m = ARXIV_PATH.exec(path);
    if (m) return arxivFrom(decodeURIComponent(m[1] as string).replace(/\.pdf$/i, ''));
    return undefined;
  }
  if (host === 'doi.org' || host === 'dx.doi.org' || host === 'www.doi.org') {
    return cleanDoi(path.slice(1));
  }
  if (host === 'openreview.net' || host === 'www.openreview.net') {
    if (!/^\/(?:forum|pdf|attachment)\/?$/.test(path)) return undefined;
    const id = url.searchParams.get('id');
    return id && OPENREVIEW_ID.test(id) ? `openreview:${id}` : undefined;
  }
  if (
    host === 'aclanthology.org' ||
    host === 'www.aclanthology.org' ||
    host === 'www.aclweb.org' ||
    host === 'aclweb.org'
  ) {
    const seg = path
      .replace(/^\/anthology\//, '/')
      .split('/')
      .filter(Boolean)
      .pop();
    if (!seg) return undefined;
    const id = seg.replace(/\.(?:pdf|bib|xml)$/i, '');
    if (ACL_NEW.test(id)) return `acl:${id.toLowerCase()}`;
    if (ACL_OLD.test(id)) return `acl:${id.toUpperCase()}`;
    return undefined;
  }
  if (host === 'pubmed.ncbi.nlm.nih.gov') {
    const m = /^\/(\d{1,9})\/?$/.exec(path);
    return m ? `pmid:${m[1]}` : undefined;
  }
  if (host.endsWith('semanticscholar.org')) {
    const m = /\/paper\/(?:[^/]+\/)?([0-9a-f]{40})\/?$/i.exec(path);
    return m ? `s2:${(m[1] as string).toLowerCase()}` : undefined;
  }
  // Any other site: a DOI inside the URL (dl.acm.org/doi/…, link.springer.com/article/…, …).
  const doi = DOI.exec(path + url.search);
  return doi ? cleanDoi(doi[1] as string) : undefined;
}

/** Canonical id of a paper from a URL or an id string; undefined when it names no paper. */
export function canonicalId(input: string | URL | null | undefined): string | undefined {
  if (input === null || input === undefined) return undefined;
  const text = String(input).trim();
  if (!text || text.length > 2048) return undefined;

  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return fromUrl(url);
  }

  const prefixed = /^([a-z0-9]+):\s*(.+)$/i.exec(text);
  if (prefixed) {
    const scheme = (prefixed[1] as string).toLowerCase();
    const rest = (prefixed[2] as string).trim();
    switch (scheme) {
      case 'arxiv':
        return arxivFrom(rest);
      case 'doi':
        return cleanDoi(rest);
      case 'openreview':
        return OPENREVIEW_ID.test(rest) ? `openreview:${rest}` : undefined;
      case 'acl':
        return ACL_NEW.test(rest)
          ? `acl:${rest.toLowerCase()}`
          : ACL_OLD.test(rest)
            ? `acl:${rest.toUpperCase()}`
            : undefined;
      case 'pmid':
        return /^\d{1,9}$/.test(rest) ? `pmid:${rest}` : undefined;
      case 'scholar':
        // Google Scholar's cluster id (a result with no arXiv or DOI link), or a profile's USER:KEY citation.
        return /^(?:[\w-]{12}:)?[\w-]{6,20}$/.test(rest) ? `scholar:${rest}` : undefined;
      case 's2':
        return /^[0-9a-f]{40}$/i.test(rest) ? `s2:${rest.toLowerCase()}` : undefined;
      case 'url':
        return landingId(`https://${rest}`);
      case 'dblp':
        return /^[a-z]+\/[\w-]+(?:\/[\w-]+)*\/[\w.:-]+$/i.test(rest) && rest.length < 200 ? `dblp:${rest}` : undefined;
      default:
        break;
    }
  }
  if (/^10\.\d{4,9}\//.test(text)) return cleanDoi(text);
  // A bare arXiv id, and nothing else around it.
  if (/^\d{4}\.\d{4,5}(?:v\d+)?$/.test(text) || /^[a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?$/.test(text))
    return arxivFrom(text);
  return undefined;
}

/**
 * The id of a paper known only by its landing page (`url:<host><path>`): a proceedings page with citation tags but no
 * DOI or arXiv id (USENIX, PMLR, CVF, NeurIPS). Normalised so that every link to the page gives one id: https and
 * the scheme dropped, the host lower-cased without `www.`, no fragment, no trailing slash or index.html, and no
 * query, except on a page named only by its query (a path of `/` or a script: .php, .cgi, .asp(x), .jsp), whose
 * parameters are kept, sorted. A paper known this way takes a DOI or arXiv id when one appears later (the page
 * names its `url:` id as an alias: lib/library/store.ts).
 */
export function landingId(href: string | URL | undefined): string | undefined {
  if (!href) return undefined;
  let u: URL;
  try {
    u = new URL(String(href));
  } catch {
    return undefined;
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return undefined;
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(host)) return undefined;
  const path = u.pathname.replace(/\/index\.html?$/i, '/').replace(/\/+$/, '');
  const byQuery = path === '' || /\.(?:php|cgi|aspx?|jsp)$/i.test(path);
  const query = byQuery ? [...u.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
  if (path === '' && !query.length) return undefined; // a site's home page names no paper
  const q = query.length ? `?${new URLSearchParams(query).toString()}` : '';
  const id = `url:${host}${path}${q}`;
  return id.length <= 500 ? id : undefined;
}

/** The arXiv number of a canonical id ('arxiv:2401.01234' → '2401.01234'), else undefined. */
export function arxivNumber(id: string): string | undefined {
  return id.startsWith('arxiv:') ? id.slice(6) : undefined;
}

/** The landing page for a canonical id, used when a source gives no better URL. */
export function landingUrl(id: string): string | undefined {
  const [scheme, rest] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
  switch (scheme) {
    case 'arxiv':
      return `https://arxiv.org/abs/${rest}`;
    case 'doi':
      return `https://doi.org/${rest}`;
    case 'openreview':
      return `https://openreview.net/forum?id=${rest}`;
    case 'acl':
      return `https://aclanthology.org/${rest}/`;
    case 'pmid':
      return `https://pubmed.ncbi.nlm.nih.gov/${rest}/`;
    case 's2':
      return `https://www.semanticscholar.org/paper/${rest}`;
    case 'url':
      return `https://${rest}`;
    case 'dblp':
      return `https://dblp.org/rec/${rest}.html`;
    case 'scholar':
      return rest.includes(':')
        ? `https://scholar.google.com/citations?view_op=view_citation&citation_for_view=${rest}`
        : `https://scholar.google.com/scholar?q=info:${rest}:scholar.google.com/`;
    default:
      return undefined;
  }
}

const PREFERENCE = ['arxiv', 'doi', 'openreview', 'acl', 'pmid', 's2', 'dblp', 'scholar', 'url'];

/**
 * The preferred id among several names of one paper: arXiv > DOI > OpenReview > ACL > PubMed > Semantic Scholar >
 * DBLP > Scholar > landing page.
 */
export function preferredId(candidates: (string | undefined)[]): string | undefined {
  let best: string | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const id of candidates) {
    if (!id) continue;
    const rank = PREFERENCE.indexOf(id.slice(0, id.indexOf(':')));
    const r = rank < 0 ? PREFERENCE.length : rank;
    if (r < bestRank) {
      best = id;
      bestRank = r;
    }
  }
  return best;
}

/** The month an arXiv id was issued: 2401.01234 → 2024-01, hep-th/9901001 → 1999-01 (other ids: none). */
export function arxivIdMonth(id: string): string | undefined {
  const m = /^arxiv:(?:[a-z-]+(?:\.[A-Z]{2})?\/)?(\d{2})(\d{2})[.\d]/i.exec(id);
  if (!m) return undefined;
  const yy = Number(m[1]);
  const mm = Number(m[2]);
  if (mm < 1 || mm > 12) return undefined;
  return `${yy >= 91 ? 1900 + yy : 2000 + yy}-${m[2]}`;
}

/**
 * A paper's date, the same in every view, filter and export (issue 14.2): what a page said (the listing's date, the
 * abstract page's submission date, a venue's year), else the month of its arXiv id. Never the day it was first seen:
 * views show that as such.
 */
export function paperDate(p: { id: string; published?: string }): string | undefined {
  return p.published || arxivIdMonth(p.id);
}
