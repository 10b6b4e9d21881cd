/**
 * When a page names a paper by a better id than the library knows it by (issue 15: a USENIX paper first saved by its
 * landing page, then seen with its DOI; an Anthology id, then the DOI on the paper's own page), the library takes the
 * paper over to the better id. A page is hostile until shown otherwise (issue 13), so a rename needs all of:
 *   - the old id is the page's own to give: a landing page on the page's own host (url:<host>/…), or the id scheme
 *     of the site the page is on (acl: on the Anthology, dblp: on DBLP, pmid: on PubMed, s2: on Semantic Scholar,
 *     scholar: on Scholar, openreview: on OpenReview); an arXiv id or a DOI is never renamed;
 *   - the new id is a better kind of id (lib/paper/ids.ts preferredId's order);
 *   - the paper's title, letters and digits only, is the one the library holds.
 * The user's state (star, tags, note, sightings, read and seen) moves with the paper; the old id keeps pointing at it
 * (lib/library/schema.ts AliasRecord), so a listing that still names the old id shows the same paper.
 */
import { preferredId } from './ids';

const SITE_SCHEMES: [RegExp, RegExp][] = [
  [/^acl:/, /^(?:www\.)?aclanthology\.org$/],
  [/^dblp:/, /^(?:www\.)?dblp\.(?:org|uni-trier\.de|dagstuhl\.de)$/],
  [/^pmid:/, /^pubmed\.ncbi\.nlm\.nih\.gov$/],
  [/^s2:/, /^(?:www\.)?semanticscholar\.org$/],
  [/^scholar:/, /^scholar\.google\.[a-z.]+$/],
  [/^openreview:/, /^(?:www\.)?openreview\.net$/],
];

/**
 * Whether an id can be an old name, one a page may give up for a better (a landing page, a site's own id): never an
 * arXiv id or a DOI. Reads of other unknown ids look for an alias record, so an arXiv listing's new papers cost no
 * second read.
 */
export function mayBeOldName(id: string): boolean {
  return id.startsWith('url:') || SITE_SCHEMES.some(([scheme]) => scheme.test(id));
}

/** Whether a page at `pageUrl` may say that `alias` is another name of the paper it shows. */
export function pageOwnsAlias(pageUrl: string, alias: string): boolean {
  let host: string;
  try {
    host = new URL(pageUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (alias.startsWith('url:')) {
    const aliasHost = alias.slice(4).split(/[/?]/)[0];
    return aliasHost === host.replace(/^www\./, '');
  }
  return SITE_SCHEMES.some(([scheme, hosts]) => scheme.test(alias) && hosts.test(host));
}

/** Letters and digits of a title, lower-cased: "Attention Is All You Need." and "attention is all you need" agree. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Whether the library may take the paper it knows as `from` (titled `fromTitle`) over to `to` (see above). */
export function mayRename(
  pageUrl: string,
  from: { id: string; title: string },
  to: { id: string; title: string },
): boolean {
  if (from.id === to.id || !pageOwnsAlias(pageUrl, from.id)) return false;
  if (preferredId([from.id, to.id]) !== to.id) return false;
  const key = titleKey(from.title);
  return key.length > 0 && key === titleKey(to.title);
}
