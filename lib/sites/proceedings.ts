/**
 * Shared by the proceedings site files (PMLR, NeurIPS, CVF): a paper page is read from its citation_* tags, and a
 * paper without a DOI or arXiv id is known by its landing page (lib/paper/ids.ts landingId), the same id its
 * listing gives it.
 */
import { canonicalId, landingId, preferredId } from '../paper/ids';
import { citationEntry } from './citation';
import { absUrl } from './text';
import type { FeedEntry } from './types';

/** The id of a listed paper: an arXiv or DOI link among `links`, else its landing page; the landing id as alias. */
export function listedId(
  landing: string | undefined,
  links: (string | undefined)[],
): { id: string; aliases?: string[] } | undefined {
  const own = landingId(landing);
  const id = preferredId([...links.map((h) => canonicalId(h)), own]);
  if (!id) return undefined;
  return own && own !== id ? { id, aliases: [own] } : { id };
}

/** A proceedings paper page: its citation_* entry, named by `landing` (the page as its listing links it). */
export function proceedingsPaper(doc: Document, url: URL, landing = url.href): FeedEntry[] {
  const one = citationEntry(doc, url);
  if (!one) return [];
  const own = landingId(absUrl(landing, url));
  if (own && one.id.startsWith('url:') && one.id !== own) {
    one.id = own;
    one.aliases = undefined;
  } else if (own && own !== one.id) one.aliases = [...new Set([...(one.aliases ?? []), own])];
  if (!one.aliases?.length) delete one.aliases;
  return [one];
}
