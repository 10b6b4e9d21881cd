/** The site-adapter contract (DESIGN.md). Adapters are pure functions of (Document, URL). */
import type { PaperMetadata } from '../paper/types';

export type FeedKind = 'daily' | 'trending' | 'search' | 'listing' | 'paper' | 'links';

/** DESIGN.md's FeedEntry: a paper's metadata as the page shows it, plus page-only facts and its element. */
export interface FeedEntry extends PaperMetadata {
  upvotes?: number;
  /** Extra: citation count where the page shows one (Scholar). */
  citations?: number;
  /** The entry's element on the page, where the overlay goes (absent for JSON-only data). */
  element?: Element;
}

export interface Feed {
  site: string;
  kind: FeedKind;
  entries: FeedEntry[];
}

export interface SiteAdapter {
  /** Short site name, as sightings and the `site:` search operator use it. */
  site: string;
  /** The page kind this URL is, for this site; undefined when the site has no feed there. */
  detect(url: URL, doc?: Document): FeedKind | undefined;
  extract(doc: Document, url: URL, kind: FeedKind): FeedEntry[];
  /** Example URLs of each page kind, checked by the URL-detection cross-test. */
  examples: Partial<Record<FeedKind, string[]>>;
}
