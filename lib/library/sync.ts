/**
 * Sync of stars, tags and notes across the user's devices through the browser's own `storage.sync` (their
 * browser account; no server of ours). Off by default.
 *
 * What is synced: one entry per paper that is starred or tagged (its star, tags, note, a short title so the other
 * device can list it before it meets the paper, and the time of the user's last change), plus tombstones for
 * papers unstarred and untagged since, kept 30 days. Entries merge per paper: the later change wins.
 *
 * Layout in storage.sync: `ps:meta` = { v, chunks } and `ps:<n>` = entries (JSON arrays), each item under the
 * per-item quota, all under 90 % of the total quota and the item count. When everything does not fit, the most
 * recently changed papers are synced and the round's report says how many were left out (shown in the library).
 */
import { canonicalId } from '../paper/ids';
import { LIMITS } from './schema';
import { isPlainObject } from './validate';

/** Chrome's storage.sync quotas (Firefox's are the same or larger). */
export const SYNC_QUOTA = { bytes: 102_400, itemBytes: 8_192, maxItems: 512 };
const HEADROOM = 0.9;
const TOMBSTONE_DAYS = 30;
const TITLE_CHARS = 60;
export const SYNC_META = 'ps:meta';
const chunkKey = (n: number) => `ps:${n}`;

export interface SyncEntry {
  id: string;
  starred: boolean;
  tags: string[];
  note?: string;
  /** ISO time of the user's last change to star, tags or note. */
  at: string;
  title?: string;
}

/** The part of browser.storage.sync used here. */
export interface SyncArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** The library side: its syncable state, and applying what another device changed. */
export interface SyncLocal {
  /** Starred or tagged papers, plus the current state of the given ids (for tombstones and remote ids). */
  entries(alsoIds: string[]): Promise<SyncEntry[]>;
  /** Applies remote entries that are newer than the local state (keeping their `at`). */
  apply(entries: SyncEntry[]): Promise<number>;
}

export interface SyncReport {
  /** Entries now in storage.sync. */
  synced: number;
  /** Entries left out for lack of room (the least recently changed). */
  omitted: number;
  /** Local papers changed by other devices' entries. */
  applied: number;
  /** storage.sync keys written (0 when nothing changed). */
  written: number;
}

type Packed = [string, 0 | 1, string[], string, number, string];

/** Titles are cut to 60 characters (ending in "…"); the full one comes back when the device meets the paper. */
function shortTitle(title: string): string {
  return title.length > TITLE_CHARS ? `${title.slice(0, TITLE_CHARS - 1)}…` : title;
}

/** Compact form: arXiv ids without their scheme, times in seconds (base 36 would save little more). */
function encode(e: SyncEntry): Packed {
  return [
    e.id.startsWith('arxiv:') ? e.id.slice(6) : e.id,
    e.starred ? 1 : 0,
    e.tags,
    e.note ?? '',
    Math.floor(Date.parse(e.at) / 1000),
    shortTitle(e.title ?? ''),
  ];
}

function decode(raw: unknown): SyncEntry | undefined {
  if (!Array.isArray(raw) || raw.length < 5) return undefined;
  const [rid, s, tags, note, secs, title] = raw as unknown[];
  if (typeof rid !== 'string' || typeof secs !== 'number' || !Array.isArray(tags)) return undefined;
  const id = canonicalId(rid.includes(':') ? rid : `arXiv:${rid}`);
  if (!id || !Number.isFinite(secs)) return undefined;
  const entry: SyncEntry = {
    id,
    starred: s === 1,
    // The same limits as the library's own (a paper's 100 tags, a 20,000-character note): a round trip through
    // sync never cuts what a device holds. An entry too large for one sync item is left out whole (`omitted`).
    tags: tags
      .filter((t): t is string => typeof t === 'string' && t.length > 0 && t.length <= LIMITS.tag)
      .slice(0, LIMITS.tags),
    at: new Date(secs * 1000).toISOString(),
  };
  if (typeof note === 'string' && note && note.length <= LIMITS.note) entry.note = note;
  if (typeof title === 'string' && title) entry.title = shortTitle(title);
  return entry;
}

/** Entries stored in a sync area's items (damaged chunks and entries are skipped). */
export function unpack(items: Record<string, unknown>): SyncEntry[] {
  const meta = items[SYNC_META];
  const chunks = isPlainObject(meta) && typeof meta.chunks === 'number' ? meta.chunks : 0;
  const out: SyncEntry[] = [];
  for (let n = 0; n < Math.min(chunks, SYNC_QUOTA.maxItems); n++) {
    const raw = items[chunkKey(n)];
    if (!Array.isArray(raw)) continue;
    for (const r of raw) {
      const e = decode(r);
      if (e) out.push(e);
    }
  }
  return out;
}

/** Bytes an item counts against the quota, as Chrome measures it: key length + JSON of the value. */
export const itemBytes = (key: string, value: unknown) => key.length + JSON.stringify(value).length;

/**
 * The items for a set of entries: most recent first, into chunks under the per-item quota, stopping before the
 * total or the item count passes 90 % of the quota. Returns the items and how many entries did not fit.
 */
export function pack(entries: SyncEntry[], quota = SYNC_QUOTA): { items: Record<string, unknown>; omitted: number } {
  const sorted = [...entries].sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  const budget = Math.floor(quota.bytes * HEADROOM) - itemBytes(SYNC_META, { v: 1, chunks: 9999 });
  const maxChunks = Math.floor(quota.maxItems * HEADROOM) - 1;
  const items: Record<string, unknown> = {};
  let used = 0;
  let chunk: Packed[] = [];
  let chunkSize = 2; // "[]"
  let chunks = 0;
  let placed = 0;
  const close = () => {
    if (!chunk.length) return;
    items[chunkKey(chunks)] = chunk;
    used += chunkKey(chunks).length + chunkSize;
    chunks++;
    chunk = [];
    chunkSize = 2;
  };
  for (const e of sorted) {
    const packed = encode(e);
    const size = JSON.stringify(packed).length + 1; // and its comma
    if (size + 2 + 8 > quota.itemBytes) continue; // one entry larger than an item (a huge note): left out
    if (chunkSize + size + 8 > quota.itemBytes) close();
    if (chunks >= maxChunks || used + chunkSize + size + 8 > budget) break;
    chunk.push(packed);
    chunkSize += size;
    placed++;
  }
  close();
  const omitted = sorted.length - placed;
  items[SYNC_META] = { v: 1, chunks }; // what did not fit is this device's to report, not a shared fact
  return { items, omitted };
}

/** Per paper, the later change wins (ties: the starred, then the longer tag list, then the note: deterministic). */
export function merge(a: SyncEntry[], b: SyncEntry[]): Map<string, SyncEntry> {
  const out = new Map<string, SyncEntry>();
  for (const e of [...a, ...b]) {
    const prev = out.get(e.id);
    if (!prev || newer(e, prev)) out.set(e.id, e);
  }
  return out;
}

function newer(x: SyncEntry, y: SyncEntry): boolean {
  const tx = Math.floor(Date.parse(x.at) / 1000);
  const ty = Math.floor(Date.parse(y.at) / 1000);
  if (tx !== ty) return tx > ty;
  return JSON.stringify(encode(x)) > JSON.stringify(encode(y));
}

const same = (x: SyncEntry, y: SyncEntry) =>
  x.starred === y.starred && x.tags.join('\n') === y.tags.join('\n') && (x.note ?? '') === (y.note ?? '');

/**
 * One round: read storage.sync, merge it with the library, apply what is newer remotely, write back what changed.
 * Rounds converge: a device whose change was overwritten by a concurrent write puts it back on its next round
 * (run on every storage.sync change and after local changes).
 */
export async function syncOnce(local: SyncLocal, area: SyncArea, now: Date, quota = SYNC_QUOTA): Promise<SyncReport> {
  const stored = await area.get(null);
  const remote = unpack(stored);
  const mine = await local.entries(remote.map((e) => e.id));
  const merged = merge(mine, remote);
  const byIdMine = new Map(mine.map((e) => [e.id, e]));
  const incoming = [...merged.values()].filter((e) => {
    const m = byIdMine.get(e.id);
    return m ? newer(e, m) && !same(e, m) : e.starred || e.tags.length > 0;
  });
  const applied = incoming.length ? await local.apply(incoming) : 0;
  // Tombstones (neither starred nor tagged) are kept for 30 days, so every device hears of the change.
  const cutoff = new Date(now.getTime() - TOMBSTONE_DAYS * 86_400_000).toISOString();
  const keep = [...merged.values()].filter((e) => e.starred || e.tags.length > 0 || e.at >= cutoff);
  if (!keep.length && !(SYNC_META in stored)) return { synced: 0, omitted: 0, applied, written: 0 };
  const { items, omitted } = pack(keep, quota);
  // Write only the keys whose content changed; drop chunks beyond the new count.
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(items)) if (JSON.stringify(stored[k]) !== JSON.stringify(v)) changed[k] = v;
  const chunks = (items[SYNC_META] as { chunks: number }).chunks;
  const stale = Object.keys(stored).filter((k) => /^ps:\d+$/.test(k) && Number(k.slice(3)) >= chunks);
  if (Object.keys(changed).length) await area.set(changed);
  if (stale.length) await area.remove(stale);
  return {
    synced: keep.length - omitted,
    omitted,
    applied,
    written: Object.keys(changed).length + stale.length,
  };
}
