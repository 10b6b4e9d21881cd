/**
 * The read side, used by the popup, the library page and content scripts: load the compact snapshot fast,
 * and follow changes through storage.onChanged (a star made anywhere shows everywhere at once).
 */
import {
  ABSTRACT_PREFIX,
  KEY,
  readAbstractShard,
  readHead,
  readMeta,
  readSnapshotShard,
  SNAP_PREFIX,
  type SnapEntry,
} from './schema';
import { readSettings, type Settings } from './settings';
import type { StorageArea } from './storage-area';

export interface Snapshot {
  /** Every paper, by id. */
  papers: Map<string, SnapEntry>;
  /** Shards that were unreadable or held damaged entries (the background repairs them from the records). */
  damaged: number[];
}

function shardNumbers(raw: unknown): number[] {
  const meta = readMeta(raw);
  return Array.from({ length: meta.shardCount }, (_, n) => n);
}

/**
 * Shards read per storage.get when many are read (a view indexing the library itself before the background has built
 * a search base; the background's operations over the whole library): ~50 KB a snapshot shard, ~130 KB an abstracts
 * shard. Storage answers one extension call at a time, and the browser's main thread copies a get's whole answer at
 * once: traced in Chromium at 10,000 papers, one get of every abstracts shard (13 MB) held a message to the
 * background, sent just after it, for ~0.7 s. In batches, other calls wait for one batch.
 */
export const SHARDS_PER_GET = { snap: 10, abstracts: 4 } as const;

/** `keys` read `per` at a time, one get after another (not all at once: calls queue in the order they are made). */
export async function getInBatches(
  storage: Pick<StorageArea, 'get'>,
  keys: string[],
  per: number,
): Promise<Record<string, unknown>> {
  const got: Record<string, unknown> = {};
  for (let from = 0; from < keys.length; from += per)
    Object.assign(got, await storage.get(keys.slice(from, from + per)));
  return got;
}

/** All snapshot shards, a batch at a time (no abstracts: the first paint does not need them). Changes made while
 * they are read reach the view through its change listener, started before (lib/library/hooks.ts startReading). */
export async function loadSnapshot(storage: Pick<StorageArea, 'get'>): Promise<Snapshot> {
  const meta = await storage.get(KEY.meta);
  const keys = shardNumbers(meta[KEY.meta]).map(KEY.snap);
  const got = await getInBatches(storage, keys, SHARDS_PER_GET.snap);
  const papers = new Map<string, SnapEntry>();
  const damaged: number[] = [];
  keys.forEach((key, n) => {
    const shard = readSnapshotShard(got[key]);
    if (!shard || shard.dropped) damaged.push(n);
    for (const entry of Object.values(shard?.papers ?? {})) papers.set(entry.id, entry);
  });
  return { papers, damaged };
}

/** The first papers of the default order, from one small key: what the popup paints before anything else. */
export async function loadHead(storage: Pick<StorageArea, 'get'>): Promise<SnapEntry[]> {
  return readHead((await storage.get(KEY.head))[KEY.head])?.entries ?? [];
}

/** Every stored abstract, by paper id (loaded after the first paint, for search), a batch at a time. */
export async function loadAbstracts(storage: Pick<StorageArea, 'get'>): Promise<Map<string, string>> {
  const meta = await storage.get(KEY.meta);
  const keys = shardNumbers(meta[KEY.meta]).map(KEY.abstracts);
  const got = await getInBatches(storage, keys, SHARDS_PER_GET.abstracts);
  const out = new Map<string, string>();
  for (const key of keys) {
    const shard = readAbstractShard(got[key]);
    if (shard) for (const [id, text] of Object.entries(shard.abstracts)) out.set(id, text);
  }
  return out;
}

export async function loadSettings(storage: Pick<StorageArea, 'get'>): Promise<Settings> {
  return readSettings((await storage.get(KEY.settings))[KEY.settings]);
}

export type StorageChanges = Record<string, { oldValue?: unknown; newValue?: unknown }>;

export interface LibraryChange {
  /** Papers added or changed, with their new snapshot entries. */
  upserted: SnapEntry[];
  /** Ids of papers that are gone. */
  removed: string[];
  /** Abstracts added or changed. */
  abstracts: Map<string, string>;
  /** The entries of changed and removed papers as they were (tag counts need them). */
  previous: Map<string, SnapEntry>;
  settings?: Settings;
}

/** Turns a storage.onChanged batch into paper-level changes by diffing the changed shards. */
export function diffChanges(changes: StorageChanges): LibraryChange | undefined {
  const out: LibraryChange = { upserted: [], removed: [], abstracts: new Map(), previous: new Map() };
  let any = false;
  for (const [key, { oldValue, newValue }] of Object.entries(changes)) {
    if (key.startsWith(SNAP_PREFIX)) {
      any = true;
      const before = readSnapshotShard(oldValue)?.papers ?? {};
      const after = readSnapshotShard(newValue)?.papers ?? {};
      for (const [id, entry] of Object.entries(after)) {
        const prev = before[id];
        if (!prev || JSON.stringify(prev) !== JSON.stringify(entry)) {
          out.upserted.push(entry);
          if (prev) out.previous.set(id, prev);
        }
      }
      for (const [id, prev] of Object.entries(before)) {
        if (id in after) continue;
        out.removed.push(id);
        out.previous.set(id, prev);
      }
    } else if (key.startsWith(ABSTRACT_PREFIX)) {
      // Only abstracts added or changed are news: a shard that only lost some (the sweep after a delete, whose
      // papers went in the delete's own write) changes nothing a view shows.
      const before = readAbstractShard(oldValue)?.abstracts ?? {};
      const after = readAbstractShard(newValue)?.abstracts ?? {};
      for (const [id, text] of Object.entries(after)) {
        if (before[id] === text) continue;
        out.abstracts.set(id, text);
        any = true;
      }
    } else if (key === KEY.settings) {
      any = true;
      out.settings = readSettings(newValue);
    }
  }
  return any ? out : undefined;
}

export interface ChangeEvent {
  addListener(cb: (changes: StorageChanges, area: string) => void): void;
  removeListener(cb: (changes: StorageChanges, area: string) => void): void;
}

/** Calls `cb` with every library change in storage.local; returns the function that stops watching. */
export function watchLibrary(onChanged: ChangeEvent, cb: (change: LibraryChange) => void): () => void {
  const listener = (changes: StorageChanges, area: string) => {
    if (area !== 'local') return;
    const change = diffChanges(changes);
    if (change) cb(change);
  };
  onChanged.addListener(listener);
  return () => onChanged.removeListener(listener);
}

/** Tags with the number of papers that carry each, most used first (then by name). */
export function countTags(papers: Iterable<SnapEntry>): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of papers) for (const t of p.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return tagList(counts);
}

/** Tags by count (most first), then name. */
export function tagList(counts: Map<string, number>): { tag: string; count: number }[] {
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}
