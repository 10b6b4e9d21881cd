/**
 * The background's rebuild of the search base, a piece at a time (lib/library/build-steps.ts): other tasks run
 * between pieces, the library it reads in batches is still one state of storage, and a base built in slices is the
 * base built at once.
 */
import { describe, expect, it } from 'vitest';
import {
  ATTEMPTS,
  inSlices,
  pause,
  READ_BATCH,
  readWholeLibrary,
  runSteps,
  written,
} from '../../lib/library/build-steps';
import { memoryIndexDb } from '../../lib/library/index-db';
import { buildIndex, readStoredBase } from '../../lib/library/index-store';
import { Library } from '../../lib/library/library';
import { countTags, loadSnapshot } from '../../lib/library/reader';
import { KEY, readMeta, readSnapshotShard, snapOrder } from '../../lib/library/schema';
import { sortRanksSteps } from '../../lib/library/sort';
import { DOC_CHUNK, isDocChunk } from '../../lib/search/segment';
import { buildSegment, segmentBuilder } from '../../lib/search/segment-build';
import { libraryOf } from '../../scripts/corpus';
import { memoryStorage } from '../../scripts/memory-storage';
import { loadSeed } from '../../scripts/seed';

const seed = loadSeed();

async function libraryWith(n: number) {
  const storage = memoryStorage();
  const lib = new Library(storage, () => {});
  const papers = libraryOf(seed, n);
  await lib.importPapers(papers);
  return { storage, lib, papers };
}

describe('inSlices', () => {
  it('lets a task queued meanwhile run before the work is done', async () => {
    const order: string[] = [];
    let k = 0;
    const work = inSlices(() => {
      order.push(`w${k}`);
      return ++k < 4;
    }, 0);
    setTimeout(() => order.push('other'), 0);
    await work;
    expect(order.indexOf('other')).toBeGreaterThan(0);
    expect(order.indexOf('other')).toBeLessThan(order.indexOf('w3'));
    expect(order.filter((x) => x.startsWith('w'))).toEqual(['w0', 'w1', 'w2', 'w3']);
  });
});

describe('runSteps', () => {
  it('runs a generator to its end in slices, other tasks between, and gives what it returns', async () => {
    const order: string[] = [];
    function* steps(): Generator<void, string> {
      for (let k = 0; k < 4; k++) {
        order.push(`s${k}`);
        yield;
      }
      return 'done';
    }
    setTimeout(() => order.push('other'), 0);
    expect(await runSteps(steps(), 0)).toBe('done');
    expect(order.indexOf('other')).toBeGreaterThan(0);
    expect(order.indexOf('other')).toBeLessThan(order.indexOf('s3'));
    // No step at all (an empty column's ranks): the value at once.
    const empty = await runSteps(sortRanksSteps([], 'title'));
    expect([empty.rank.length, empty.tie.length]).toEqual([0, 0]);
  });
});

describe('pause', () => {
  it('yields as a background-priority task where the browser schedules those, else after a timeout', async () => {
    const g = globalThis as { scheduler?: unknown };
    const asked: unknown[] = [];
    g.scheduler = {
      postTask: (task: () => void, options: unknown) => {
        asked.push(options);
        return Promise.resolve().then(task);
      },
    };
    try {
      let k = 0;
      await inSlices(() => ++k < 3, 0);
      expect(asked).toEqual([{ priority: 'background' }, { priority: 'background' }]);
    } finally {
      delete g.scheduler;
    }
    await pause(); // no scheduler (Firefox): a zero timeout
    expect(asked.length).toBe(2);
  });
});

describe('readWholeLibrary', () => {
  it('reads every shard in batches, with the meta of that state', async () => {
    const { storage } = await libraryWith(1_234);
    const gets: string[][] = [];
    const counted = {
      ...storage,
      get: (keys: string | string[] | null) => {
        gets.push(Array.isArray(keys) ? keys : [String(keys)]);
        return storage.get(keys);
      },
    };
    const { meta, got } = await readWholeLibrary(counted);
    expect(meta).toEqual(readMeta((await storage.get(KEY.meta))[KEY.meta]));
    expect(meta.shardCount).toBe(13);
    for (let n = 0; n < meta.shardCount; n++)
      expect(got[KEY.snap(n)]).toEqual((await storage.get(KEY.snap(n)))[KEY.snap(n)]);
    // No get asked for more than one batch of shards (a snapshot and an abstracts key each).
    expect(Math.max(...gets.map((k) => k.length))).toBe(2 * READ_BATCH);
  });

  it('reads again when a write lands between its batches, and returns the state after it', async () => {
    const { storage, lib, papers } = await libraryWith(1_234);
    const target = papers[5]?.id as string;
    let batches = 0;
    let wrote = false;
    const reads: string[][] = [];
    const racing = {
      ...storage,
      async get(keys: string | string[] | null) {
        if (Array.isArray(keys) && keys.length > 1) reads.push(keys);
        const got = await storage.get(keys);
        // A note lands just after the first batch of the first pass was read.
        if (Array.isArray(keys) && keys.length > 1 && ++batches === 1 && !wrote) {
          wrote = true;
          await lib.setNote(target, 'racing');
        }
        return got;
      },
    };
    const before = readMeta((await storage.get(KEY.meta))[KEY.meta]);
    const { meta, got } = await readWholeLibrary(racing);
    expect(wrote).toBe(true);
    expect(meta.seq).toBe(before.seq + 1);
    const shard = readSnapshotShard(got[KEY.snap(0)]);
    expect(shard?.papers[target]?.note).toBe('racing');
    // One pass over the 13 shards, then only the shard the write moved.
    expect(reads.length).toBe(Math.ceil(13 / READ_BATCH) + 1);
    expect(reads.at(-1)).toEqual(['s:0', 'a:0']);
  });

  it('after ATTEMPTS passes that each met a write, reads everything in one get', async () => {
    const { storage, lib, papers } = await libraryWith(345);
    let star = 0;
    const busy = {
      ...storage,
      async get(keys: string | string[] | null) {
        const got = await storage.get(keys);
        // Every batched pass meets a write; the single get (meta among its keys) does not.
        if (Array.isArray(keys) && keys.length > 1 && !keys.includes(KEY.meta) && star < ATTEMPTS)
          await lib.setNote(papers[star]?.id as string, `note ${star++}`);
        return got;
      },
    };
    const { meta, got } = await readWholeLibrary(busy);
    expect(star).toBe(ATTEMPTS);
    expect(meta).toEqual(readMeta((await storage.get(KEY.meta))[KEY.meta]));
    for (let i = 0; i < ATTEMPTS; i++) {
      const id = papers[i]?.id as string;
      const found = Object.keys(got)
        .filter((k) => k.startsWith('s:'))
        .some((k) => readSnapshotShard(got[k])?.papers[id]?.note === `note ${i}`);
      expect(found).toBe(true);
    }
  });
});

describe('written', () => {
  it('names the shards whose snapshot or abstracts count moved, and any added', () => {
    const before = { ...readMeta(undefined), seq: 4, shardCount: 3, shardSeq: [1, 2, 3], absSeq: [1, 2, 3] };
    expect(written(before, before)).toEqual([]);
    expect(written(before, { ...before, seq: 5, shardSeq: [1, 5, 3] })).toEqual([1]);
    expect(written(before, { ...before, seq: 5, absSeq: [5, 2, 3] })).toEqual([0]);
    expect(written(before, { ...before, seq: 6, shardCount: 5, shardSeq: [1, 2, 3, 6], absSeq: [1, 2, 3] })).toEqual([
      3, 4,
    ]);
  });
});

describe('a base built in slices', () => {
  it('is the base built at once', async () => {
    const { storage } = await libraryWith(600);
    const { meta, got } = await readWholeLibrary(storage);
    const input = [];
    for (let n = 0; n < meta.shardCount; n++) {
      const snap = readSnapshotShard(got[KEY.snap(n)]);
      for (const entry of Object.values(snap?.papers ?? {})) input.push({ entry, shard: n, abstract: `words ${n}` });
    }
    const once = buildSegment(input, snapOrder, 'b');
    const b = segmentBuilder(input, snapOrder, 'b');
    let steps = 0;
    while (b.step(7)) steps++;
    expect(steps).toBeGreaterThan(600 / 7);
    expect(b.finish()).toEqual(once);
  });

  it('an empty library still makes a base', () => {
    const b = segmentBuilder([], snapOrder, 'e');
    while (b.step(1));
    expect(b.finish()).toEqual(buildSegment([], snapOrder, 'e'));
  });

  it('buildIndex stores a base for the whole library, its counts and every doc chunk', async () => {
    const { storage, lib, papers } = await libraryWith(3_210);
    // Tags on some papers (a common one, and one per few), so that the counts have something to count.
    for (let i = 0; i < 60; i++) await lib.setTags(papers[i * 50]?.id as string, i % 3 ? ['rl'] : ['rl', `t${i % 4}`]);
    const db = memoryIndexDb();
    const r = await buildIndex(storage, db, () => {});
    expect(r.papers).toBe(3_210);
    const stored = readStoredBase(await db.get('base'));
    expect(stored?.base.n).toBe(3_210);
    // The counts, tallied a piece at a time, are the ones counted at once over every paper (and per shard).
    const { papers: all } = await loadSnapshot(storage);
    const entries = [...all.values()];
    expect(stored?.tags).toEqual(countTags(entries).map((t) => [t.tag, t.count]));
    const sites = new Map<string, number>();
    for (const e of entries) for (const x of e.sites) sites.set(x, (sites.get(x) ?? 0) + 1);
    expect(stored?.sites).toEqual([...sites].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    const ids = (await db.get('ids')) as { shardTags: [string, number][][] };
    const meta = readMeta((await storage.get(KEY.meta))[KEY.meta]);
    for (let n = 0; n < meta.shardCount; n++) {
      const tags = new Map<string, number>();
      const shard = readSnapshotShard((await storage.get(KEY.snap(n)))[KEY.snap(n)]);
      for (const e of Object.values(shard?.papers ?? {})) for (const t of e.tags) tags.set(t, (tags.get(t) ?? 0) + 1);
      expect(new Map(ids.shardTags[n])).toEqual(tags);
    }
    // Every doc chunk (3,210 docs), each of its build.
    const chunks = await db.getChunks('all');
    expect(chunks.length).toBe(Math.ceil(3_210 / DOC_CHUNK));
    for (const c of chunks) expect(stored && isDocChunk(c, stored.base)).toBe(true);
  });
});
