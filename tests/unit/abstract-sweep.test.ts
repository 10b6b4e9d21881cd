/**
 * A delete leaves its papers' abstracts in their shards, and the background sweeps them out a shard at a time after
 * (lib/library/store.ts sweepAbstracts; KEY.sweep). The library reads the same throughout, Undo restores exactly,
 * and after the sweep storage holds each remaining abstract once and no deleted one.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Library } from '../../lib/library/library';
import { diffChanges, loadSnapshot, type StorageChanges } from '../../lib/library/reader';
import { KEY, readAbstractSweep, readMeta, readSnapshotShard } from '../../lib/library/schema';
import type { StorageArea } from '../../lib/library/storage-area';
import { meta, paper } from '../helpers/papers';

const local = () => fakeBrowser.storage.local as unknown as StorageArea;
const all = () => local().get(null) as Promise<Record<string, unknown>>;
const quiet = () => undefined;

/** Storage that keeps the keys of every set, and can refuse a set that holds a given key (a full quota). */
function recording(base: StorageArea) {
  const state = { sets: [] as string[][], refuse: undefined as string | undefined };
  const area: StorageArea = {
    get: (k) => base.get(k),
    async set(items) {
      if (state.refuse && state.refuse in items && items[state.refuse] !== null)
        throw new Error('QUOTA_BYTES quota exceeded');
      state.sets.push(Object.keys(items));
      return base.set(items);
    },
    remove: (k) => base.remove(k),
  };
  return { area, state };
}

/** The ids each shard of a kind holds, by shard number: `a:` (abstracts) or `s:` (snapshot entries). */
async function idsByShard(prefix: 'a:' | 's:'): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const [k, v] of Object.entries(await all())) {
    if (!k.startsWith(prefix)) continue;
    const ids =
      prefix === 's:'
        ? Object.keys(readSnapshotShard(v)?.papers ?? {})
        : Object.keys((JSON.parse(v as string) as { abstracts: object }).abstracts);
    out.set(Number(k.slice(2)), ids.sort());
  }
  return out;
}
const abstractIds = () => idsByShard('a:');
const snapshotIds = () => idsByShard('s:');

async function sweepAll(lib: Library): Promise<number[]> {
  const left: number[] = [];
  for (let i = 0; i < 50; i++) {
    const n = await lib.sweepAbstracts();
    left.push(n);
    if (n === 0) break;
  }
  return left;
}

const N = 350; // four shards of 100
const library = (n = N) => Array.from({ length: n }, (_, i) => paper(i, { abstract: `abstract ${i}` }));
const spread = Array.from({ length: 50 }, (_, k) => meta(k * 7).id); // every 7th: in every shard

describe('abstracts of deleted papers', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a delete over every shard writes no abstracts shard; the sweep takes them out a shard at a time', async () => {
    const { area, state } = recording(local());
    const lib = new Library(area, quiet);
    await lib.importPapers(library());
    const metaBefore = readMeta((await all())[KEY.meta]);
    state.sets = [];
    expect(await lib.deletePapers(spread)).toEqual({ deleted: 50, undo: true });
    // One set: records' snapshot shards, the head, meta, the Undo copy and the list of shards to sweep.
    expect(state.sets).toHaveLength(1);
    expect((state.sets[0] as string[]).filter((k) => k.startsWith('a:'))).toEqual([]);
    expect(readAbstractSweep((await all())[KEY.sweep])).toEqual([0, 1, 2, 3]);
    // The abstracts did not change, so neither did their write counts (a search index keeps its abstracts).
    expect(readMeta((await all())[KEY.meta]).absSeq).toEqual(metaBefore.absSeq);
    // Reads are as if they were gone already.
    expect(await lib.getPaper(meta(7).id)).toBeUndefined();
    expect((await lib.getPaper(meta(8).id))?.abstract).toBe('abstract 8');
    expect((await loadSnapshot(local())).papers.size).toBe(N - 50);

    const seqBefore = readMeta((await all())[KEY.meta]).seq;
    state.sets = [];
    expect(await sweepAll(lib)).toEqual([3, 2, 1, 0]);
    // Four writes, each one abstracts shard and the shorter list.
    expect(state.sets.map((keys) => keys.sort())).toEqual([0, 1, 2, 3].map((n) => [`a:${n}`, KEY.sweep].sort()));
    // Every shard now holds exactly its papers' abstracts; the library's write count did not move.
    expect(await abstractIds()).toEqual(await snapshotIds());
    expect(readMeta((await all())[KEY.meta]).seq).toBe(seqBefore);
    for (const i of [1, 8, 349]) expect((await lib.getPaper(meta(i).id))?.abstract).toBe(`abstract ${i}`);
    // Nothing left: a further sweep writes nothing.
    state.sets = [];
    expect(await lib.sweepAbstracts()).toBe(0);
    expect(state.sets).toEqual([]);
  });

  it('Undo restores the abstracts before the sweep and after it; the sweep keeps the restored ones', async () => {
    const lib = new Library(local(), quiet);
    await lib.importPapers(library());
    const abstractsOf = async () =>
      Promise.all(spread.map(async (id) => (await lib.getPaper(id))?.abstract ?? 'missing'));
    const expected = spread.map((_, k) => `abstract ${k * 7}`);

    await lib.deletePapers(spread);
    expect(await lib.undo()).toMatchObject({ kind: 'delete', restored: 50 });
    expect(await abstractsOf()).toEqual(expected);
    // The restored papers went to a new shard; the copies left in their old shards are swept, theirs stay.
    await sweepAll(lib);
    expect(await abstractIds()).toEqual(await snapshotIds());
    expect(await abstractsOf()).toEqual(expected);

    // Deleted, swept, then undone: the Undo copy brings the abstracts back.
    await lib.deletePapers(spread);
    await sweepAll(lib);
    expect(await lib.undo()).toMatchObject({ kind: 'delete', restored: 50 });
    expect(await abstractsOf()).toEqual(expected);
    expect(await abstractIds()).toEqual(await snapshotIds());
  });

  it('views hear nothing of a sweep: a shard that only lost abstracts is no change', () => {
    const shard = (abstracts: Record<string, string>) => JSON.stringify({ v: 1, abstracts });
    const swept: StorageChanges = {
      'a:3': { oldValue: shard({ x: 'one', y: 'two' }), newValue: shard({ x: 'one' }) },
      [KEY.sweep]: { oldValue: { v: 1, shards: [3] }, newValue: { v: 1, shards: [] } },
    };
    expect(diffChanges(swept)).toBeUndefined();
    const changed: StorageChanges = { 'a:3': { oldValue: shard({ x: 'one' }), newValue: shard({ x: 'uno' }) } };
    expect(diffChanges(changed)?.abstracts).toEqual(new Map([['x', 'uno']]));
  });

  it('the list survives a restart; a paper whose record is in the shard keeps its abstract', async () => {
    const lib = new Library(local(), quiet);
    await lib.importPapers(library(150));
    await lib.deletePapers([meta(3).id, meta(120).id]);
    // A damaged snapshot shard that lost a live paper's entry (its record still says shard 0).
    const s0 = JSON.parse((await all())['s:0'] as string) as { papers: Record<string, unknown> };
    delete s0.papers[meta(5).id];
    await local().set({ 's:0': JSON.stringify(s0) });
    const restarted = new Library(local(), quiet);
    expect(await sweepAll(restarted)).toEqual([1, 0]);
    const ids = await abstractIds();
    expect(ids.get(0)).toContain(meta(5).id);
    expect(ids.get(0)).not.toContain(meta(3).id);
    expect(ids.get(1)).not.toContain(meta(120).id);
    expect((await restarted.getPaper(meta(5).id))?.abstract).toBe('abstract 5');
  });

  it('with no room for an Undo copy, the delete takes the abstracts at once (it is how a user makes room)', async () => {
    const { area, state } = recording(local());
    const lib = new Library(area, quiet);
    await lib.importPapers(library());
    state.refuse = KEY.undo;
    expect(await lib.deletePapers(spread)).toEqual({ deleted: 50, undo: false });
    expect(readAbstractSweep((await all())[KEY.sweep])).toEqual([]);
    expect(await abstractIds()).toEqual(await snapshotIds());
  });

  it('an unreadable list is an empty one; shards it names that do not exist are passed over', async () => {
    for (const raw of [undefined, null, 'x', { v: 2, shards: [1] }, { v: 1, shards: 'all' }])
      expect(readAbstractSweep(raw)).toEqual([]);
    expect(readAbstractSweep({ v: 1, shards: [3, -1, 1.5, 3, 'x', 0] })).toEqual([0, 3]);
    const lib = new Library(local(), quiet);
    await lib.importPapers(library(150));
    const before = await all();
    // Shards the library does not have leave the list in one write, however many a damaged list names.
    await local().set({ [KEY.sweep]: { v: 1, shards: Array.from({ length: 10_000 }, (_, i) => i + 7) } });
    const { area, state } = recording(local());
    const restarted = new Library(area, quiet);
    expect(await sweepAll(restarted)).toEqual([0]);
    expect(state.sets).toEqual([[KEY.sweep]]);
    const after = await all();
    expect(after[KEY.sweep]).toEqual({ v: 1, shards: [] });
    delete after[KEY.sweep];
    expect(after).toEqual(before);
  });
});
