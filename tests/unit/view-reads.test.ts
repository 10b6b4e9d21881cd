/**
 * A view that indexes the library itself (no search base yet), or the background reading every shard, reads a batch of
 * shards at a time, one get after another, so that other storage calls (the background answering a feed page, a star)
 * wait for one batch only.
 */
import { describe, expect, it } from 'vitest';
import { Library } from '../../lib/library/library';
import { getInBatches, loadAbstracts, loadSnapshot, SHARDS_PER_GET } from '../../lib/library/reader';
import { KEY, readAbstractShard, readMeta, readSnapshotShard } from '../../lib/library/schema';
import type { StorageArea } from '../../lib/library/storage-area';
import { libraryOf } from '../../scripts/corpus';
import { memoryStorage } from '../../scripts/memory-storage';
import { loadSeed } from '../../scripts/seed';

const seed = loadSeed();

/** The storage, with every get recorded and how many were in flight at once. */
function watched(storage: Pick<StorageArea, 'get'>) {
  const gets: string[][] = [];
  let inFlight = 0;
  let most = 0;
  return {
    gets,
    most: () => most,
    area: {
      async get(keys: string | string[] | null) {
        gets.push(Array.isArray(keys) ? keys : [String(keys)]);
        most = Math.max(most, ++inFlight);
        try {
          return await storage.get(keys);
        } finally {
          inFlight--;
        }
      },
    },
  };
}

describe('a view reading the whole library', () => {
  it('reads the snapshot and the abstracts a batch at a time, one get after another, and gets all of them', async () => {
    const storage = memoryStorage();
    const papers = libraryOf(seed, 2_345);
    await new Library(storage, () => {}).importPapers(papers);
    const meta = readMeta((await storage.get(KEY.meta))[KEY.meta]);
    expect(meta.shardCount).toBe(24);

    const w = watched(storage);
    const snap = await loadSnapshot(w.area);
    expect(snap.papers.size).toBe(papers.length);
    expect(snap.damaged).toEqual([]);
    const shardGets = w.gets.filter((k) => k.some((key) => key.startsWith('s:')));
    expect(shardGets.length).toBe(Math.ceil(24 / SHARDS_PER_GET.snap));
    expect(Math.max(...shardGets.map((k) => k.length))).toBe(SHARDS_PER_GET.snap);
    expect(new Set(shardGets.flat()).size).toBe(24);

    const abstracts = await loadAbstracts(w.area);
    let stored = 0;
    for (let n = 0; n < meta.shardCount; n++) {
      const shard = readAbstractShard((await storage.get(KEY.abstracts(n)))[KEY.abstracts(n)]);
      for (const [id, text] of Object.entries(shard?.abstracts ?? {})) {
        expect(abstracts.get(id)).toBe(text);
        stored++;
      }
    }
    expect(stored).toBeGreaterThan(2_000);
    expect(abstracts.size).toBe(stored);
    const absGets = w.gets.filter((k) => k.some((key) => key.startsWith('a:')));
    expect(absGets.length).toBe(Math.ceil(24 / SHARDS_PER_GET.abstracts));
    expect(Math.max(...absGets.map((k) => k.length))).toBe(SHARDS_PER_GET.abstracts);
    expect(w.most()).toBe(1);
    // The entries are the stored ones, shard by shard.
    const first = readSnapshotShard((await storage.get(KEY.snap(0)))[KEY.snap(0)]);
    for (const e of Object.values(first?.papers ?? {})) expect(snap.papers.get(e.id)).toEqual(e);
  });

  it('the background reads the whole library a batch at a time too (for-you scores, sync, the head)', async () => {
    const storage = memoryStorage();
    const papers = libraryOf(seed, 2_345);
    await new Library(storage, () => {}).importPapers(papers);
    const w = watched(storage);
    const lib = new Library({ ...storage, get: w.area.get }, () => {});
    // Its turns of the queue are a batch each: a paper asked for meanwhile (a feed page's) is answered before it ends.
    const order: string[] = [];
    const all = lib.entries().then((e) => {
      order.push('entries');
      return e;
    });
    await Promise.resolve();
    const one = lib.getPaper(papers[7]?.id as string).then((p) => order.push(`paper ${p?.id}`));
    expect((await all).length).toBe(papers.length);
    await one;
    expect(order).toEqual([`paper ${papers[7]?.id}`, 'entries']);
    const shardGets = w.gets.filter((k) => k.some((key) => key.startsWith('s:')));
    expect(new Set(shardGets.flat().filter((key) => key.startsWith('s:'))).size).toBe(24);
    expect(Math.max(...shardGets.map((k) => k.length))).toBe(SHARDS_PER_GET.snap);
    expect(w.most()).toBe(1);
  });

  it('reads nothing for an empty library, and keys in order for any batch size', async () => {
    const w = watched(memoryStorage());
    expect((await loadSnapshot(w.area)).papers.size).toBe(0);
    expect(w.gets.filter((k) => k.some((key) => key.startsWith('s:')))).toEqual([]);
    const storage = memoryStorage();
    await storage.set({ x1: 1, x2: 2, x3: 3 });
    const v = watched(storage);
    expect(await getInBatches(v.area, ['x1', 'x2', 'x3', 'x4'], 3)).toEqual({ x1: 1, x2: 2, x3: 3 });
    expect(v.gets).toEqual([['x1', 'x2', 'x3'], ['x4']]);
  });
});
