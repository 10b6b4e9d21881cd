/** One place a paper was seen: the site, the page, and when. */
export interface Sighting {
  site: string;
  url: string;
  firstSeen: string;
  lastSeen: string;
}

/** What a page (or an import) tells us about a paper, without the user's own state. */
export interface PaperMetadata {
  id: string;
  title: string;
  authors: string[];
  abstract?: string;
  url: string;
  pdfUrl?: string;
  codeUrl?: string;
  published?: string;
  venue?: string;
  keywords?: string[];
}

/** A paper in the library (DESIGN.md contract: its metadata and the user's state; extra fields are allowed). */
export interface Paper extends PaperMetadata {
  starred: boolean;
  starredAt?: string;
  tags: string[];
  note?: string;
  sightings: Sighting[];
  /** When the paper entered the library (ISO timestamp). */
  addedAt?: string;
  /** Last change by the user or a page (ISO timestamp); the newer side wins a merge. */
  updatedAt?: string;
  /** The reading queue (issue 14). When the paper was first really on screen on a feed (not merely listed). */
  viewedAt?: string;
  /** When the user said "not interested": hidden on every feed until undone. */
  dismissedAt?: string;
  /** When the paper was opened (its own page) or marked read. */
  readAt?: string;
  /** Visits to the paper itself (its abstract page, PDF, HTML, OpenReview forum, …), distinct from feed listings. */
  opened?: PaperOpens;
  /** The published version's DOI of a preprint (found by "Complete metadata"; the id stays the arXiv id). */
  doi?: string;
  /** Fields "Complete metadata" filled, by source (lib/enrich): never the user's own, refreshed only by it. */
  enriched?: EnrichMark[];
}

export interface EnrichMark {
  source: 'arxiv' | 'dblp' | 's2';
  at: string;
  fields: ('abstract' | 'published' | 'venue' | 'doi')[];
}

/** How often, when and where a paper was opened. */
export interface PaperOpens {
  count: number;
  first: string;
  last: string;
  /** Sites it was opened on (arxiv, hf, openreview, …). */
  sites: string[];
}
