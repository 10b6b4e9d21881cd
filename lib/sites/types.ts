/** The site-adapter contract (DESIGN.md). Adapters are pure functions of (Document, URL). */
import type { PaperMetadata } from '../paper/types';

/** DESIGN.md's kinds: a person's or a collection's paper list is a 'listing' too. */
export type FeedKind = 'daily' | 'trending' | 'search' | 'listing' | 'paper' | 'links';

/** DESIGN.md's FeedEntry: a paper's metadata as the page shows it, plus page-only facts and its element. */
export interface FeedEntry extends PaperMetadata {
  upvotes?: number;
  /** Extra: citation count where the page shows one (Scholar). */
  citations?: number;
  /**
   * Other ids the page gives the same paper (a landing-page id `url:…` beside a DOI found later): the library
   * merges a paper it knows by one of these into `id` (lib/library/store.ts).
   */
  aliases?: string[];
  /** The entry's element on the page, where the overlay goes (absent for JSON-only data). */
  element?: Element;
}

export interface Feed {
  site: string;
  kind: FeedKind;
  entries: FeedEntry[];
}

/**
 * What a site is, as data (DOM-free, read at build time: WXT takes the content script's matches from here, the
 * library page its site list, the e2e harness its hosts).
 */
export interface SiteInfo {
  /** Short site name, as sightings and the `site:` search operator use it. */
  site: string;
  /** The site's name as readers know it (the library's settings). */
  label: string;
  /**
   * Where the overlay runs without asking: whole-host match patterns (`https://host/*`), also the extension's host
   * permissions. Empty: the site is read only where the user grants it (popup, "Show PaperShelf on this site").
   */
  matches: readonly string[];
}

/**
 * Example URLs of each page kind a site file claims (its `examples` export, checked by the URL-detection
 * cross-test; kept out of the adapter so that the bundles do not carry them).
 */
export type SiteExamples = Partial<Record<FeedKind, readonly string[]>>;

export interface SiteAdapter extends SiteInfo {
  /** The page kind this URL is, for this site; undefined when the site has no feed there. */
  detect(url: URL, doc?: Document): FeedKind | undefined;
  extract(doc: Document, url: URL, kind: FeedKind): FeedEntry[];
}

/**
 * A saved page and what the adapter must get from it (tests/unit/sites.test.ts reads every site file's `cases`).
 * `file` is `shared:<path>` (a real capture in ../shared/fixtures, read in place) or `local:<name>.synthetic.html`
 * (tests/fixtures). Entries are compared with toMatchObject: list the fields that matter.
 */
export interface FixtureCase {
  file: string;
  url: string;
  kind: FeedKind;
  count: number;
  /** The feed's site name when it is not the adapter's own (generic adapters name the host). */
  site?: string;
  first?: Partial<FeedEntry>;
  /** An entry from the middle: its index and fields. */
  middle?: [number, Partial<FeedEntry>];
  last?: Partial<FeedEntry>;
}
