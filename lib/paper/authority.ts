/**
 * Who may say what about a paper (issue 13): the paper's own authority (arXiv for an arXiv id, doi.org for a DOI,
 * OpenReview, the ACL Anthology, PubMed, Semantic Scholar, Google Scholar for their own ids) may correct its
 * metadata; any other page that lists it may only fill what is missing, and not even that once the paper is the
 * user's own (starred, tagged or noted). Links to a PDF must be on the authority's hosts, links to code on a known
 * code host: a listing elsewhere cannot point a paper at its own download or repository.
 */
import { parseWebUrl } from './links';

const AUTHORITY: Record<string, string[]> = {
  arxiv: ['arxiv.org', 'www.arxiv.org', 'export.arxiv.org'],
  doi: ['doi.org', 'dx.doi.org'],
  openreview: ['openreview.net'],
  acl: ['aclanthology.org'],
  pmid: ['pubmed.ncbi.nlm.nih.gov'],
  s2: ['www.semanticscholar.org', 'api.semanticscholar.org'],
  scholar: ['scholar.google.com'],
};

export const CODE_HOSTS = [
  'github.com',
  'gitlab.com',
  'codeberg.org',
  'bitbucket.org',
  'huggingface.co',
  'sourceforge.net',
];

const hostOf = (url: string | undefined) => parseWebUrl(url)?.hostname.toLowerCase();

/** Whether a page at `url` speaks for the paper `id` (its own site). */
export function isAuthority(url: string | undefined, id: string): boolean {
  const host = hostOf(url);
  const scheme = id.slice(0, id.indexOf(':'));
  return host !== undefined && (AUTHORITY[scheme] ?? []).includes(host);
}

/** A PDF link is kept only on the paper's own site. */
export function allowedPdf(url: string | undefined, id: string): boolean {
  return isAuthority(url, id);
}

/** A code link is kept only on a known code host (or a subdomain of one). */
export function allowedCode(url: string | undefined): boolean {
  const host = hostOf(url);
  return host !== undefined && CODE_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
}
