/**
 * The first half of opening the library for reading (issue 12): the persisted base, checked against the library's
 * meta, and the shards written since its build, read once. A view goes on to its quick search and its full index
 * (lib/library/client.ts).
 */
import { WordMemo } from '../search/overlay';
import { isDocTable, SegmentView } from '../search/segment';
import type { IndexDb } from './index-db';
import { predictedStaleKeys, readStoredBase, type StoredBase, staleShards } from './index-store';
import { mark, marked } from './marks';
import { KEY, readIndexSeq, readMeta, readSnapshotShard, type SnapEntry, type SnapshotShard } from './schema';
import type { StorageArea } from './storage-area';

export interface BaseRead {
  metaRaw: Record<string, unknown>;
  /** The base, when it is stored, checked, and not newer than the library's meta. */
  usable: StoredBase | undefined;
  /** The base's quick view (doc table set when the base holds it inline). */
  quickView: SegmentView | undefined;
  stale: { snap: number[]; abs: number[] };
  /** What storage.local answered for the stale shards' keys (snapshot and abstracts). */
  staleGot: Record<string, unknown>;
  /** Each stale snapshot shard, parsed and checked once. */
  staleRead: Map<number, (SnapshotShard & { dropped: number }) | undefined>;
  /** Words of the stale shards' papers, split once for both searches (undefined without stale shards). */
  words: WordMemo | undefined;
}

/**
 * Reads the base and the shards written since it was built. `early` are reads a page started before its main script
 * (lib/library/early.ts).
 */
export async function readBase(
  storage: Pick<StorageArea, 'get'>,
  db: Pick<IndexDb, 'get'> | undefined,
  early?: { meta: Promise<Record<string, unknown>>; base: Promise<unknown> },
): Promise<BaseRead> {
  const basePromise = db
    ? marked('ps:base', early?.base ?? db.get('base')).catch(() => undefined)
    : Promise.resolve(undefined);
  const metaPromise = marked('ps:meta', early?.meta ?? storage.get([KEY.meta, KEY.indexSeq]));
  // The shards written since the base was built, as the meta predicts them (KEY.indexSeq): read while the base is
  // still on its way (after a browser restart IndexedDB answers ~100 ms after storage.local).
  const ahead = metaPromise
    .then(async (raw) => {
      const seq = readIndexSeq(raw[KEY.indexSeq]);
      if (!db || seq === undefined) return undefined;
      const keys = predictedStaleKeys(readMeta(raw[KEY.meta]), seq);
      return { keys: new Set(keys), got: keys.length ? await storage.get(keys) : {} };
    })
    .catch(() => undefined);
  const [metaRaw, storedRaw] = await Promise.all([metaPromise, basePromise]);
  const meta = readMeta(metaRaw[KEY.meta]);
  const stored = readStoredBase(storedRaw);
  const usable = stored && stored.seq <= meta.seq && meta.shardCount >= stored.shardSeq.length ? stored : undefined;
  mark('ps:checked');
  // Entries of base docs come from the doc chunks (a few per query).
  const quickView = usable ? new SegmentView(usable.base, undefined, usable.posts) : undefined;
  if (usable?.docs && quickView && isDocTable(usable.docs, usable.base)) quickView.setDocTable(usable.docs);
  const stale = usable ? staleShards(meta, usable) : { snap: [], abs: [] };
  // The shards written since the build are read once: the quick search and the index both take their papers here.
  const staleKeys = [...stale.snap.map(KEY.snap), ...stale.abs.map(KEY.abstracts)];
  const read = staleKeys.length ? await ahead : undefined;
  const rest = staleKeys.filter((k) => !read?.keys.has(k));
  const staleGot = { ...read?.got, ...(rest.length ? await storage.get(rest) : {}) };
  if (staleKeys.length) mark(`ps:stale-read-${staleKeys.length - rest.length}-${rest.length}`);
  // Each shard written since the build is parsed and checked once, and its papers' words split once: the quick
  // search and the index both take them (at 100,000 papers after a restart, 15 such shards took ~40 ms to parse and
  // check, then ~55 ms to index in the quick search; the index's share fell from 46 to 20 ms).
  const staleRead = new Map(stale.snap.map((n) => [n, readSnapshotShard(staleGot[KEY.snap(n)])]));
  const words = stale.snap.length ? new WordMemo() : undefined;
  return { metaRaw, usable, quickView, stale, staleGot, staleRead, words };
}

/** The stale shards' papers as they are now, for a quick search (lib/library/base-reads.ts quickSearch). */
export function changedShards(r: Pick<BaseRead, 'stale' | 'staleRead'>): { shard: number; entries: SnapEntry[] }[] {
  return r.stale.snap.map((n) => ({ shard: n, entries: Object.values(r.staleRead.get(n)?.papers ?? {}) }));
}
