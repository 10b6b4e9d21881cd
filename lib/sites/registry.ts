/**
 * The sites PaperShelf knows, as data (DOM-free): one line per site file. Everything that lists sites derives from
 * here: the content script's matches and the host permissions (FEED_MATCHES, read by WXT at build time), the
 * library page's site settings, the e2e harness's hosts. lib/sites/index.ts holds the same sites' adapters, in the
 * same order (a unit test checks that the two lists agree): the popup and the background import this list without
 * the adapters' code.
 */
import { aclSite } from './acl';
import { alphaxivSite } from './alphaxiv';
import { arxivSite } from './arxiv';
import { biorxivSite } from './biorxiv';
import { cvfSite } from './cvf';
import { dblpSite } from './dblp';
import { huggingfaceSite } from './huggingface';
import { neuripsSite } from './neurips';
import { openreviewSite } from './openreview';
import { pmlrSite } from './pmlr';
import { pubmedSite } from './pubmed';
import { scholarSite } from './scholar';
import { semanticscholarSite } from './semanticscholar';
import type { SiteInfo } from './types';

export const SITES: readonly SiteInfo[] = [
  huggingfaceSite,
  arxivSite,
  scholarSite,
  openreviewSite,
  alphaxivSite,
  aclSite,
  dblpSite,
  pmlrSite,
  neuripsSite,
  cvfSite,
  semanticscholarSite,
  biorxivSite,
  pubmedSite,
];

/** Where the content script runs without asking (and the extension's host permissions): every site's matches. */
export const FEED_MATCHES: string[] = [...new Set(SITES.flatMap((s) => s.matches))];

/** The host names of FEED_MATCHES (the e2e harness serves each of them locally). */
export const FEED_HOSTS: string[] = FEED_MATCHES.map((m) => m.replace(/^https:\/\/([^/]+)\/\*$/, '$1'));
