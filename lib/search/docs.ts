/**
 * What search reads of a paper (SearchDoc), how papers and snapshot entries become one, the default order, the
 * query's filters, and the abstract window the ranker reads: the pure pieces around lib/search/index.ts.
 */
import { type SnapEntry, toSnapEntry } from '../library/schema';
import { paperDate } from '../paper/ids';
import type { Paper } from '../paper/types';
import { fold } from './normalize';
import type { ParsedQuery } from './query';

/** What search reads of a paper. */
export interface SearchDoc {
  id: string;
  title: string;
  authors: string[];
  tags: string[];
  keywords: string[];
  note: string;
  abstract: string;
  starred: boolean;
  starredAt?: string;
  dismissed: boolean;
  read: boolean;
  sites: string[];
  published?: string;
  /** Last time seen (or added): the order of an empty query after the stars. */
  recent?: string;
}

export function docFromPaper(p: Paper): SearchDoc {
  return { ...docFromSnap(toSnapEntry(p)), authors: p.authors, abstract: p.abstract ?? '' };
}

/**
 * The keywords of a paper that has none: one list shared by every such document (at 100,000 papers, an empty array
 * each was 100,000 of the library page's ~2.4 million heap objects, each one more for every full collection to mark).
 */
const NO_KEYWORDS: string[] = Object.freeze([]) as unknown as string[];

/** A snapshot entry (the popup's and the library page's data) as a search document; abstracts come later. */
export function docFromSnap(p: SnapEntry): SearchDoc {
  const doc: SearchDoc = {
    id: p.id,
    title: p.title,
    authors: p.authors,
    tags: p.tags,
    keywords: p.keywords ?? NO_KEYWORDS,
    note: p.note ?? '',
    abstract: '',
    starred: p.starred,
    dismissed: !!p.dismissedAt,
    read: !!p.readAt,
    sites: p.sites,
    recent: p.lastSeen ?? p.addedAt ?? '',
    // Every field in the literal, set or not: fields added afterwards went to a second store per object (at 100,000
    // papers, 100,000 more heap objects on the library page), and docs with and without them had other shapes.
    starredAt: p.starredAt || undefined,
    published: paperDate(p) || undefined,
  };
  return doc;
}

/** Starred first (latest star first), then the most recently seen, then by id: the order of lib/library snapOrder. */
export function defaultOrder(a: SearchDoc, b: SearchDoc): number {
  if (a.starred !== b.starred) return a.starred ? -1 : 1;
  if (a.starred && a.starredAt !== b.starredAt) return (b.starredAt ?? '') < (a.starredAt ?? '') ? -1 : 1;
  const ra = a.recent ?? '';
  const rb = b.recent ?? '';
  if (ra !== rb) return rb < ra ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function hasFilters(q: ParsedQuery): boolean {
  return (
    q.starred !== undefined ||
    q.dismissed !== undefined ||
    q.read !== undefined ||
    q.tags.length > 0 ||
    q.sites.length > 0 ||
    !!(q.year || q.after || q.before) ||
    q.excluded.length > 0 ||
    q.phrases.length > 0
  );
}

/**
 * A tag as filters compare it, folded once per distinct tag: a tag filter over 100,000 papers folded each paper's
 * tags anew (~9 ms of a 48 ms keystroke in the library page's profile). A library has a few hundred distinct tags;
 * the memo is dropped if it ever holds far more.
 */
const foldedTags = new Map<string, string>();
export function foldTag(tag: string): string {
  let f = foldedTags.get(tag);
  if (f === undefined) {
    if (foldedTags.size >= 10_000) foldedTags.clear();
    f = fold(tag);
    foldedTags.set(tag, f);
  }
  return f;
}

export function passesFilters(d: SearchDoc, q: ParsedQuery): boolean {
  if (q.starred !== undefined && d.starred !== q.starred) return false;
  if (q.dismissed !== undefined && d.dismissed !== q.dismissed) return false;
  if (q.read !== undefined && d.read !== q.read) return false;
  if (q.tags.length && !q.tags.every((t) => d.tags.some((x) => foldTag(x) === t))) return false;
  if (q.sites.length && !q.sites.some((s) => d.sites.includes(s))) return false;
  const date = d.published ?? '';
  if (q.year && !date.startsWith(q.year)) return false;
  if (q.after && !(date && date >= q.after)) return false;
  if (q.before && !(date && date < q.before)) return false;
  return true;
}

export function popcount(x: number): number {
  let c = 0;
  for (let v = x; v; v &= v - 1) c++;
  return c;
}

/** The part of an abstract around the first query word it contains (Fuse.js reads this, not 2,000 characters). */
export function snippet(abstract: string, terms: string[]): string {
  if (!abstract) return '';
  const lower = fold(abstract);
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return abstract.slice(0, 160);
  const start = Math.max(0, at - 60);
  return abstract.slice(start, start + 160);
}
