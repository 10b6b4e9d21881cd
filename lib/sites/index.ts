/**
 * The adapter registry and extractFeed (DESIGN.md contract). Site adapters are tried by URL; a page that no site
 * claims may still be a single paper (citation_* tags, JSON-LD, Dublin Core) or, on sites the user granted, a list
 * of paper links. A page that is none of these is not a feed: undefined, decided from the URL and a few queries.
 * A new site is one file (its SiteInfo, adapter and fixture cases) plus a line here and in registry.ts.
 */
import { acl } from './acl';
import { alphaxiv } from './alphaxiv';
import { arxiv } from './arxiv';
import { biorxiv } from './biorxiv';
import { citation } from './citation';
import { cvf } from './cvf';
import { dblp } from './dblp';
import { huggingface } from './huggingface';
import { links } from './links';
import { neurips } from './neurips';
import { openreview } from './openreview';
import { pmlr } from './pmlr';
import { pubmed } from './pubmed';
import { scholar } from './scholar';
import { semanticscholar } from './semanticscholar';
import type { Feed, FeedKind, SiteAdapter } from './types';

export type { Feed, FeedEntry, FeedKind, SiteAdapter } from './types';

/** Site adapters, each claiming pages by URL: one line per site file, in lib/sites/registry.ts's order. */
export const SITE_ADAPTERS: SiteAdapter[] = [
  huggingface,
  arxiv,
  scholar,
  openreview,
  alphaxiv,
  acl,
  dblp,
  pmlr,
  neurips,
  cvf,
  semanticscholar,
  biorxiv,
  pubmed,
];
/** Generic adapters, tried when no site claims the URL. */
export const GENERIC_ADAPTERS: SiteAdapter[] = [citation, links];

export interface ExtractOptions {
  /** Run the generic link-list adapter on any host (a site the user granted at run time). */
  anyLinks?: boolean;
}

function siteName(adapter: SiteAdapter, url: URL): string {
  return adapter.site === 'web' ? url.hostname.replace(/^www\./, '') : adapter.site;
}

/** Which adapter and page kind a URL is, without reading the page (undefined: no site claims it). */
export function detectPage(url: URL): { adapter: SiteAdapter; kind: FeedKind } | undefined {
  for (const adapter of SITE_ADAPTERS) {
    const kind = adapter.detect(url);
    if (kind) return { adapter, kind };
  }
  return undefined;
}

function toUrl(url: string | URL): URL | undefined {
  try {
    return url instanceof URL ? url : new URL(url);
  } catch {
    return undefined;
  }
}

/** The feed on a page, or undefined when it is not a page we know. Never throws. */
export function extractFeed(doc: Document, url: string | URL, options: ExtractOptions = {}): Feed | undefined {
  const u = toUrl(url);
  if (!u) return undefined;
  try {
    const claimed = detectPage(u);
    if (claimed) {
      return { site: claimed.adapter.site, kind: claimed.kind, entries: claimed.adapter.extract(doc, u, claimed.kind) };
    }
    const paper = citation.detect(u, doc);
    if (paper) {
      const entries = citation.extract(doc, u, paper);
      if (entries.length) return { site: siteName(citation, u), kind: 'paper', entries };
    }
    if (options.anyLinks) {
      const entries = links.extract(doc, u, 'links');
      if (entries.length) return { site: siteName(links, u), kind: 'links', entries };
    }
    return undefined;
  } catch (e) {
    // An adapter that throws leaves the page alone (DESIGN.md): report and treat as not a feed.
    console.warn('[PaperShelf] extraction failed', e);
    return undefined;
  }
}
