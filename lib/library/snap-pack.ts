/**
 * A snapshot entry as stored (issue 12, storage near the data's own size): a JSON array of its fields in a fixed
 * order instead of an object, so that the field names are not stored with every paper, and its URL left out (0) where
 * it is the landing page of its id. Snapshot shards (schema 4: SnapshotShard v2) and the search index's doc chunks
 * (segment v9) store entries so; in memory an entry is the object it always was.
 *
 * Packed: [id, title, authors, url | 0, starred 0/1, tags, sites, firstSeen, lastSeen, published, addedAt, venue,
 * starredAt, keywords, note, viewedAt, dismissedAt, readAt, opens], a missing field null, trailing nulls left off
 * (the common fields first).
 */
import { landingUrl } from '../paper/ids';
import type { SnapEntry } from './schema';

type Optional = Exclude<keyof SnapEntry, 'id' | 'title' | 'authors' | 'url' | 'starred' | 'tags' | 'sites'>;

/** The optional fields after the seven every entry has, in their stored order (index 7 onwards). */
const OPTIONAL: readonly Optional[] = [
  'firstSeen',
  'lastSeen',
  'published',
  'addedAt',
  'venue',
  'starredAt',
  'keywords',
  'note',
  'viewedAt',
  'dismissedAt',
  'readAt',
  'opens',
];

/** The fields in the order toSnapEntry makes them (an unpacked entry's JSON then equals the entry's own). */
const OBJECT_ORDER: readonly Optional[] = [
  'published',
  'venue',
  'starredAt',
  'keywords',
  'note',
  'addedAt',
  'viewedAt',
  'dismissedAt',
  'readAt',
  'opens',
  'firstSeen',
  'lastSeen',
];
const SLOT = new Map(OPTIONAL.map((f, i) => [f, 7 + i]));

export function packEntry(e: SnapEntry): unknown[] {
  const url = e.url === landingUrl(e.id) ? 0 : e.url;
  const out: unknown[] = [e.id, e.title, e.authors, url, e.starred ? 1 : 0, e.tags, e.sites];
  for (const f of OPTIONAL) out.push(e[f] ?? null);
  while (out.length > 7 && out[out.length - 1] === null) out.pop();
  return out;
}

/**
 * The entry a packed array holds, its fields placed as the array says; not checked (shards check it with
 * isSnapEntry, doc chunks are the background's own). Undefined for what is not an array of at least seven values.
 */
export function unpackEntry(a: unknown): SnapEntry | undefined {
  if (!Array.isArray(a) || a.length < 7 || typeof a[0] !== 'string') return undefined;
  const id = a[0];
  const e = {
    id,
    title: a[1],
    authors: a[2],
    url: a[3] === 0 ? (landingUrl(id) ?? '') : a[3],
    starred: a[4] === 1 ? true : a[4] === 0 ? false : a[4],
    tags: a[5],
    sites: a[6],
  } as SnapEntry;
  if (a.length > 7) {
    const o = e as unknown as Record<string, unknown>;
    for (const f of OBJECT_ORDER) {
      const v = a[SLOT.get(f) as number];
      if (v !== null && v !== undefined) o[f] = v;
    }
  }
  return e;
}
