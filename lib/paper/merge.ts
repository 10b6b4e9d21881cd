import { allowedCode, allowedPdf, isAuthority } from './authority';
import type { Paper, PaperMetadata, PaperOpens, Sighting } from './types';

/** A paper keeps at most this many sightings: the first ones and the most recent (a daily feed reader adds one a day). */
export const MAX_SIGHTINGS = 24;

function uniq(values: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const key = v.toLowerCase();
    if (!v || seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

/** Normalises a tag as typed: trimmed, inner whitespace collapsed, at most 64 characters. */
export function normaliseTag(tag: string): string {
  return tag.replace(/\s+/g, ' ').trim().slice(0, 64);
}

export function normaliseTags(tags: string[]): string[] {
  return uniq(tags.map(normaliseTag));
}

function capSightings(list: Sighting[]): Sighting[] {
  if (list.length <= MAX_SIGHTINGS) return list;
  const byFirst = [...list].sort((a, b) => a.firstSeen.localeCompare(b.firstSeen));
  const keepFirst = byFirst.slice(0, 4);
  const rest = byFirst.slice(4).sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  return [...keepFirst, ...rest.slice(0, MAX_SIGHTINGS - 4)];
}

/** Adds or refreshes the sighting for (site, url). */
export function mergeSightings(into: Sighting[], add: Sighting[]): Sighting[] {
  const out = into.map((s) => ({ ...s }));
  for (const s of add) {
    const same = out.find((o) => o.site === s.site && o.url === s.url);
    if (same) {
      if (s.firstSeen < same.firstSeen) same.firstSeen = s.firstSeen;
      if (s.lastSeen > same.lastSeen) same.lastSeen = s.lastSeen;
    } else {
      out.push({ ...s });
    }
  }
  return capSightings(out);
}

/** A new library record from page metadata. */
export function newPaper(meta: PaperMetadata, now: string): Paper {
  return {
    ...stripUndefined(meta),
    authors: [...meta.authors],
    keywords: meta.keywords ? uniq(meta.keywords) : undefined,
    starred: false,
    tags: [],
    sightings: [],
    addedAt: now,
    updatedAt: now,
  };
}

/** Drops the links a page may not set (lib/paper/authority.ts): PDFs off the paper's site, code off code hosts. */
export function vouchedLinks<T extends { id: string; pdfUrl?: string; codeUrl?: string }>(meta: T): T {
  const out = { ...meta };
  if (out.pdfUrl && !allowedPdf(out.pdfUrl, out.id)) delete out.pdfUrl;
  if (out.codeUrl && !allowedCode(out.codeUrl)) delete out.codeUrl;
  return out;
}

/**
 * Fresher page metadata into a stored paper. Who may say what (lib/paper/authority.ts):
 *   - the paper's authority (`pageUrl` on its own site: arXiv for an arXiv id) corrects title, authors,
 *     abstract, date and keywords;
 *   - any other page only fills what is missing, and not even that once the paper is the user's own (starred,
 *     tagged or noted): a page claiming that paper's id cannot rewrite it;
 *   - links only where they may be (PDFs on the paper's site, code on a code host);
 *   - what the user owns (star, tags, note) is never touched, and no field is ever blanked.
 * Without `pageUrl` (an import or sync of the user's own records), both sides are the user's: fill only.
 */
export function mergeMetadata(paper: Paper, incoming: PaperMetadata, pageUrl?: string): Paper {
  const next: Paper = { ...paper };
  const meta = pageUrl === undefined ? incoming : vouchedLinks(incoming);
  const authority = pageUrl !== undefined && isAuthority(pageUrl, paper.id);
  const owned = paper.starred || paper.tags.length > 0 || !!paper.note;
  if (pageUrl !== undefined && !authority && owned) return next;
  if (authority) {
    if (meta.title) next.title = meta.title;
    if (meta.authors.length) next.authors = [...meta.authors];
    if (meta.abstract) next.abstract = meta.abstract;
    if (meta.published) next.published = meta.published;
    if (meta.keywords?.length) next.keywords = uniq(meta.keywords);
  }
  if (!next.title && meta.title) next.title = meta.title;
  // A title cut short elsewhere (a synced entry carries at most 60 characters, ending in "…") takes the full one.
  else if (next.title.endsWith('…') && meta.title.startsWith(next.title.slice(0, -1))) next.title = meta.title;
  if (!next.authors.length && meta.authors.length) next.authors = [...meta.authors];
  if (!next.abstract && meta.abstract) next.abstract = meta.abstract;
  if (!next.pdfUrl && meta.pdfUrl) next.pdfUrl = meta.pdfUrl;
  if (!next.codeUrl && meta.codeUrl) next.codeUrl = meta.codeUrl;
  if (!next.published && meta.published) next.published = meta.published;
  if (!next.venue && meta.venue) next.venue = meta.venue;
  if (!next.url && meta.url) next.url = meta.url;
  if (!next.keywords?.length && meta.keywords?.length) next.keywords = uniq(meta.keywords);
  return next;
}

/**
 * Two records of one paper into one (import, or a duplicate found later): a star anywhere stays starred,
 * tags are the union, the newer note wins, sightings are the union, metadata is filled from both.
 */
export function mergePapers(a: Paper, b: Paper): Paper {
  const newer = (b.updatedAt ?? '') > (a.updatedAt ?? '') ? b : a;
  const older = newer === a ? b : a;
  let out = mergeMetadata({ ...newer }, older);
  const starred = a.starred || b.starred;
  const starredAts = [a, b].filter((p) => p.starred && p.starredAt).map((p) => p.starredAt as string);
  out = {
    ...out,
    starred,
    starredAt: starred ? (starredAts.sort()[0] ?? newer.starredAt ?? older.starredAt) : undefined,
    tags: normaliseTags([...newer.tags, ...older.tags]),
    note: newer.note || older.note || undefined,
    sightings: mergeSightings(older.sightings, newer.sightings),
    addedAt: [a.addedAt, b.addedAt].filter((x): x is string => !!x).sort()[0],
    updatedAt: newer.updatedAt ?? older.updatedAt,
    // The queue: seen and read are facts (the earliest wins); dismissing is a choice (the newer side's).
    viewedAt: earliest(a.viewedAt, b.viewedAt),
    readAt: earliest(a.readAt, b.readAt),
    dismissedAt: newer.dismissedAt,
    opened: mergeOpens(a.opened, b.opened),
  };
  return stripUndefined(out);
}

/** Two copies of one paper's opens (an import, a sync): the larger count, the widest span, every site. */
function mergeOpens(a: PaperOpens | undefined, b: PaperOpens | undefined): PaperOpens | undefined {
  if (!a || !b) return a ?? b;
  return {
    count: Math.max(a.count, b.count),
    first: a.first < b.first ? a.first : b.first,
    last: a.last > b.last ? a.last : b.last,
    sites: [...new Set([...a.sites, ...b.sites])].slice(0, 20),
  };
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  return a && b ? (a < b ? a : b) : (a ?? b);
}

export function stripUndefined<T extends object>(obj: T): T {
  const out = { ...obj };
  for (const key of Object.keys(out) as (keyof T)[]) {
    if (out[key] === undefined) delete out[key];
  }
  return out;
}

/** What an editor changed: the tags added and removed between two lists. */
export function tagChange(before: string[], after: string[]): { add: string[]; remove: string[] } {
  return { add: after.filter((t) => !before.includes(t)), remove: before.filter((t) => !after.includes(t)) };
}
