import type { Paper, PaperMetadata, Sighting } from './types';

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

/**
 * Fresher page metadata into a stored paper: fills what is missing (an abstract found later fills a missing
 * one), never replaces what the user owns (star, tags, note) and never blanks a field.
 */
export function mergeMetadata(paper: Paper, meta: PaperMetadata): Paper {
  const next: Paper = { ...paper };
  if (!next.title && meta.title) next.title = meta.title;
  // A title cut short elsewhere (a synced entry carries at most 60 characters, ending in "…") takes the full one.
  else if (next.title.endsWith('…') && meta.title.startsWith(next.title.slice(0, -1))) next.title = meta.title;
  if (meta.authors.length > next.authors.length) next.authors = [...meta.authors];
  if (!next.abstract && meta.abstract) next.abstract = meta.abstract;
  if (!next.pdfUrl && meta.pdfUrl) next.pdfUrl = meta.pdfUrl;
  if (!next.codeUrl && meta.codeUrl) next.codeUrl = meta.codeUrl;
  if (!next.published && meta.published) next.published = meta.published;
  if (!next.venue && meta.venue) next.venue = meta.venue;
  if (!next.url && meta.url) next.url = meta.url;
  if (meta.keywords?.length) next.keywords = uniq([...(next.keywords ?? []), ...meta.keywords]);
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
  };
  return stripUndefined(out);
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
