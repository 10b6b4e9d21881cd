/**
 * Issue 12: the persisted index kept by the background, and the one read side the popup and the library page
 * share. A view opened from an old base plus the shards written since answers exactly as a view that indexed the
 * whole library itself; changes arrive paper by paper; a rebuild is asked for only when it pays.
 */
import { describe, expect, it, vi } from 'vitest';
import type { QuickSearch } from '../../lib/library/base-reads';
import { openLibraryIndex } from '../../lib/library/client';
import { memoryIndexDb } from '../../lib/library/index-db';
import {
  buildIndex,
  needsRebuild,
  predictedStaleKeys,
  readStoredBase,
  refreshIndex,
  staleShards,
} from '../../lib/library/index-store';
import { Library } from '../../lib/library/library';
import { diffChanges } from '../../lib/library/reader';
import { KEY, readIndexSeq, readMeta, type SnapEntry } from '../../lib/library/schema';
import { SORT_KEYS, sortPapers } from '../../lib/library/sort';
import type { StorageArea } from '../../lib/library/storage-area';
import { DOC_CHUNK, type MissingDocs, SegmentView } from '../../lib/search/segment';
import { libraryOf } from '../../scripts/corpus';
import { memoryStorage } from '../../scripts/memory-storage';
import { loadSeed } from '../../scripts/seed';
import { meta } from '../helpers/papers';
import { watchedStorage } from '../helpers/watched-storage';

const seed = loadSeed();
const QUERIES = [
  'diffusion',
  'wieght normalisation',
  'zhang',
  'tag:reading',
  'is:starred',
  'quantum glyph',
  'tag:fresh',
  '',
];

async function results(view: Awaited<ReturnType<typeof openLibraryIndex>>) {
  const out: unknown[] = [];
  for (const q of QUERIES) {
    out.push((await view.searchAsync(q, { limit: 30 })).map((h) => [h.item.id, h.item.starred, h.item.tags.join()]));
  }
  return out;
}

async function answers(storage: StorageArea, db = memoryIndexDb(), withBase = true) {
  const view = await openLibraryIndex(storage, withBase ? db : undefined);
  await view.loadAbstracts();
  // Snippets read abstract texts, a shard at a time as results show; here every shard, so that both views rank alike.
  await view.ensureAbstracts((await view.searchAsync('', { limit: 1e6 })).map((h) => h.item.id));
  return { view, results: await results(view) };
}

/**
 * A library of n papers, its index built, and a view opened from it; `follow()` hands the view the storage changes
 * made since, as storage.onChanged would.
 */
async function openedView(n: number) {
  const { area, batches } = watchedStorage();
  const lib = new Library(area, () => {});
  await lib.importPapers(libraryOf(seed, n));
  const db = memoryIndexDb();
  await buildIndex(area, db, () => {});
  const open = await openLibraryIndex(area, db);
  batches.length = 0;
  const follow = () => {
    for (const b of batches.splice(0)) {
      const change = diffChanges(b);
      if (change) open.apply(change);
    }
  };
  return { area, lib, db, open, follow };
}

describe('persisted search index', () => {
  it('a view from an old base plus the shards written since answers as a view that indexed everything', async () => {
    const { area } = watchedStorage();
    const lib = new Library(area, () => {});
    await lib.importPapers(libraryOf(seed, 1_500));
    const db = memoryIndexDb();
    const built = await buildIndex(area, db, () => {});
    expect(built.papers).toBe(1_500);

    // Changes after the build: stars, tags, a feed visit with new papers, a delete.
    await lib.setStarred('arxiv:2401.00005', true);
    await lib.setTags('arxiv:2402.00001', ['fresh', 'reading']);
    await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs/new', [
      meta(1, { title: 'Quantum glyph design for spins', abstract: 'About glyphs and diffusion.' }),
      meta(2),
    ]);
    await lib.deletePapers(['arxiv:2403.00002']);

    const fromBase = await answers(area, db, true);
    const fromScratch = await answers(area, db, false);
    expect(fromBase.view.source).toEqual({ kind: 'base', stale: expect.any(Number) });
    expect(fromScratch.view.source).toEqual({ kind: 'built' });
    expect(fromBase.results).toEqual(fromScratch.results);
    expect(fromBase.view.size).toBe(1_500 + 2 - 1);
    expect(fromBase.view.tags()).toEqual(fromScratch.view.tags());
    expect(fromBase.view.sites()).toEqual(fromScratch.view.sites());
    const quantum = fromBase.results[5] as [string][];
    expect(quantum[0]?.[0]).toBe(meta(1).id); // the new paper, found by its title words
  });

  it('follows storage changes paper by paper, and ends as a freshly opened view', async () => {
    const { area, lib, db, open, follow } = await openedView(800);
    await open.loadAbstracts();
    await lib.setStarred('arxiv:2401.00007', true);
    await lib.setTags('arxiv:2401.00008', ['fresh']);
    await lib.setNote('arxiv:2401.00009', 'quantum glyph note');
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(3, { abstract: 'diffusion of glyphs' })]);
    await lib.deletePapers(['arxiv:2401.00010']);
    follow();
    await open.ensureAbstracts((await open.searchAsync('', { limit: 1e6 })).map((h) => h.item.id));
    const fresh = await answers(area, db, false);
    expect(await results(open)).toEqual(fresh.results);
    expect(open.get('arxiv:2401.00007')?.starred).toBe(true);
    expect(open.get('arxiv:2401.00010')).toBeUndefined();
    expect(open.tags().find((t) => t.tag === 'fresh')).toEqual({ tag: 'fresh', count: 1 });
  });

  it('without a base, a view reading the library a batch at a time ends as a fresh view when writes land between batches', async () => {
    const { area, batches } = watchedStorage();
    const lib = new Library(area, () => {});
    const papers = libraryOf(seed, 2_345);
    await lib.importPapers(papers);
    batches.length = 0;
    // Writes land after the first batch of snapshot shards and after the first batch of abstracts: in a shard
    // already read (the first papers) and in one not yet read (the last papers).
    const first = papers[3]?.id as string;
    const last = papers[2_340]?.id as string;
    const landed: string[] = [];
    const racing: StorageArea = {
      ...area,
      async get(keys) {
        const got = await area.get(keys);
        const list = Array.isArray(keys) ? keys : [];
        if (list.length > 1 && list.every((k) => k.startsWith('s:')) && !landed.includes('snap')) {
          landed.push('snap');
          await lib.setStarred(first, true);
          await lib.setTags(last, ['fresh']);
        }
        if (list.length > 1 && list.every((k) => k.startsWith('a:')) && !landed.includes('abs')) {
          landed.push('abs');
          await lib.setNote(last, 'quantum glyph note');
          await lib.recordSightings('hf', 'https://huggingface.co/papers', [
            meta(3, { abstract: 'diffusion of glyphs' }),
          ]);
        }
        return got;
      },
    };
    const open = await openLibraryIndex(racing, undefined);
    await open.loadAbstracts();
    expect(landed).toEqual(['snap', 'abs']);
    // What the change watch (started before the read: lib/library/hooks.ts startReading) delivered meanwhile.
    for (const b of batches.splice(0)) {
      const change = diffChanges(b);
      if (change) open.apply(change);
    }
    await open.ensureAbstracts((await open.searchAsync('', { limit: 1e6 })).map((h) => h.item.id));
    const fresh = await answers(area, memoryIndexDb(), false);
    expect(await results(open)).toEqual(fresh.results);
    expect(open.get(first)?.starred).toBe(true);
    expect(open.tags().find((t) => t.tag === 'fresh')).toEqual({ tag: 'fresh', count: 1 });
  });

  it('sorts a listing by the stored column ranks exactly as by comparing values, after changes too', async () => {
    const { area, lib, db, open, follow } = await openedView(500);
    await lib.setStarred('arxiv:2401.00007', true);
    await lib.setTags('arxiv:2401.00008', ['aaa first']);
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(3, { title: 'A brand new title' })]);
    follow();
    const hits = await open.searchAsync('', { limit: 1e6 });
    const all = hits.map((h) => h.item);
    // The docs a listing's hits carry (what the library page sorts with) are the base docs of unchanged papers.
    const docs = Int32Array.from(hits, (h) => h.doc ?? -1);
    expect([...docs]).toEqual(all.map((e) => open.search.baseDocOf(e, e.id) ?? -1));
    const texts = await open.searchAsync('graph', { limit: 50 });
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.map((h) => h.doc ?? -1)).toEqual(texts.map((h) => open.search.baseDocOf(h.item, h.item.id) ?? -1));
    for (const key of SORT_KEYS) {
      const ranked = await open.sortRanks(key);
      expect(ranked, key).toBeDefined();
      // Most papers are placed by rank (the changed ones are not); the record has its runs of equal values.
      expect(all.filter((e) => ranked?.docOf(e) !== undefined).length).toBe(all.length - 3);
      // A copy of an unchanged paper (as an optimistic change makes) is not the base's: no rank.
      const kept = all.find((e) => ranked?.docOf(e) !== undefined) as SnapEntry;
      expect(ranked?.docOf({ ...kept })).toBeUndefined();
      expect(ranked?.runs?.().length).toBe(500);
      for (const dir of ['asc', 'desc'] as const) {
        const plain = sortPapers(all, { key, dir }).map((e) => e.id);
        expect(sortPapers(all, { key, dir }, ranked).map((e) => e.id)).toEqual(plain);
        expect(sortPapers(all, { key, dir }, ranked, docs).map((e) => e.id)).toEqual(plain);
      }
    }
    // A column's ranks are read from the index once per view, however often it is sorted by.
    const reads: string[] = [];
    const counting = {
      ...db,
      get: async (k: string) => {
        reads.push(k);
        return db.get(k as 'base');
      },
    };
    const view = await openLibraryIndex(area, counting);
    const first = await view.sortRanks('title');
    const again = await view.sortRanks('title');
    expect(reads.filter((k) => k === 'sort:title')).toEqual(['sort:title']);
    expect(again?.rank).toEqual(first?.rank);
    // …and its runs of equal values worked out once.
    expect(again?.runs?.()).toBe(first?.runs?.());
    // Without a base (or with a damaged ranks record) there are no ranks, and sorting compares values.
    expect(await (await openLibraryIndex(area, undefined)).sortRanks('title')).toBeUndefined();
    const damaged = {
      ...db,
      get: async (k: string) => (k === 'sort:title' ? { v: 3, rank: [1, 2] } : db.get(k as 'base')),
    };
    expect(await (await openLibraryIndex(area, damaged)).sortRanks('title')).toBeUndefined();
    // A record stored before the tie bits is still used (descending then compares values); tie bits of the wrong
    // length are not.
    const stored = (await db.get('sort:title')) as { tie?: Uint8Array };
    const withTie = (tie: Uint8Array | undefined) => ({
      ...db,
      get: async (k: string) => (k === 'sort:title' ? { ...stored, tie } : db.get(k as 'base')),
    });
    const older = await (await openLibraryIndex(area, withTie(undefined))).sortRanks('title');
    expect(older?.runs).toBeUndefined();
    expect(sortPapers(all, { key: 'title', dir: 'desc' }, older).map((e) => e.id)).toEqual(
      sortPapers(all, { key: 'title', dir: 'desc' }).map((e) => e.id),
    );
    expect(await (await openLibraryIndex(area, withTie(new Uint8Array(3)))).sortRanks('title')).toBeUndefined();
  });

  it('lists a large library a slice at a time (other tasks run between), as a view that indexed it all lists it', async () => {
    const { area, lib, open, follow } = await openedView(5_000);
    await lib.setStarred('arxiv:2401.00007', true);
    follow();
    const slices: number[] = [];
    const take = open.search.takeEntries.bind(open.search);
    open.search.takeEntries = (ds) => {
      slices.push(ds.length);
      take(ds);
    };
    // Other work queued while the listing runs gets its turn before the listing ends.
    let ticks = 0;
    let listing = true;
    const tick = () => {
      if (!listing) return;
      ticks++;
      setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const hits = await open.searchAsync('', { limit: 1e6 });
    listing = false;
    expect(slices.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...slices)).toBeLessThanOrEqual(2_048);
    expect(ticks).toBeGreaterThanOrEqual(slices.length - 1);
    const plain = await openLibraryIndex(area, undefined);
    const ids = (h: { item: SnapEntry }[]) => h.map((x) => [x.item.id, x.item.starred]);
    expect(ids(hits)).toEqual(ids(await plain.searchAsync('', { limit: 1e6 })));
    expect(hits).toHaveLength(5_000);
  }, 60_000);

  it("lets a doc chunk's bytes go once all its docs are held decoded, and never reads it again", async () => {
    const { area, lib, db, open, follow } = await openedView(5_000);
    // One paper changed since the build: its base doc is dead, so its chunk is never wholly held and stays.
    await lib.setStarred('arxiv:2401.00007', true);
    follow();
    const drop = vi.spyOn(SegmentView.prototype, 'dropChunk');
    let reads = 0;
    const getChunks = db.getChunks.bind(db);
    db.getChunks = (keys) => {
      reads++;
      return getChunks(keys);
    };
    try {
      const hits = await open.searchAsync('', { limit: 1e6 });
      expect(hits).toHaveLength(5_000);
      expect(new Set(drop.mock.calls.map(([k]) => k)).size).toBe(Math.ceil(5_000 / DOC_CHUNK) - 1);
      expect(drop).toHaveBeenCalledTimes(Math.ceil(5_000 / DOC_CHUNK) - 1);
      const readsAfterListing = reads;
      // Every answer after that comes from the decoded docs, as from a view that indexed everything.
      const plain = await openLibraryIndex(area, undefined);
      for (const q of ['attention', 'tag:reading', 'is:starred', '']) {
        const mine = (await open.searchAsync(q, { limit: 1e6 })).map((h) => h.item.id);
        expect(mine, q).toEqual((await plain.searchAsync(q, { limit: 1e6 })).map((h) => h.item.id));
      }
      expect(reads).toBe(readsAfterListing);
    } finally {
      drop.mockRestore();
    }
  }, 60_000);

  it('a tag few papers carry, over a large base read by the chunk: answered in a few reads, as a view that indexed everything', async () => {
    // 20,000 papers, ~3,600 of them tagged: a popup's tag filter reads the tagged entries to find the few that match.
    const { area } = watchedStorage();
    const lib = new Library(area, () => {});
    const papers = libraryOf(seed, 20_000);
    for (const i of [17, 9_001, 19_990]) (papers[i] as (typeof papers)[number]).tags = ['rare'];
    await lib.importPapers(papers);
    const db = memoryIndexDb();
    await buildIndex(area, db, () => {});
    const open = await openLibraryIndex(area, db);
    const plainOpen = await openLibraryIndex(area, undefined);
    // One more, tagged after the build (a paper of the overlay).
    await lib.setTags('arxiv:2401.00020', ['rare']);
    const later = await openLibraryIndex(area, db);
    const plainLater = await openLibraryIndex(area, undefined);
    let reads = 0;
    for (const [view, plain] of [
      [open, plainOpen],
      [later, plainLater],
    ] as const) {
      const get = db.getChunks.bind(db);
      db.getChunks = (keys) => {
        reads++;
        return get(keys);
      };
      for (const q of ['tag:rare', 'tag:nowhere']) {
        reads = 0;
        const hits = await view.searchAsync(q, { limit: 50 });
        expect(hits.map((h) => h.item.id)).toEqual((await plain.searchAsync(q, { limit: 50 })).map((h) => h.item.id));
        // The reads ahead grow with what the filter passed over (a screenful at a time took ~20 and gave up).
        expect(reads).toBeLessThanOrEqual(8);
      }
      db.getChunks = get;
    }
    expect((await later.searchAsync('tag:rare', { limit: 50 })).length).toBe(4);
  }, 60_000);

  it('asks for a rebuild when there is no base, when the library was replaced, or when many shards changed', async () => {
    const storage = memoryStorage();
    const lib = new Library(storage, () => {});
    await lib.importPapers(libraryOf(seed, 3_000));
    const db = memoryIndexDb();
    const metaNow = async () => readMeta((await storage.get(KEY.meta))[KEY.meta]);
    expect(needsRebuild(await metaNow(), undefined)).toBe(true);
    await buildIndex(storage, db, () => {});
    const stored = readStoredBase(await db.get('base'));
    expect(stored).toBeDefined();
    expect(needsRebuild(await metaNow(), stored)).toBe(false);
    await lib.setStarred('arxiv:2401.00001', true); // one shard
    expect(needsRebuild(await metaNow(), stored)).toBe(false);
    // Twenty shards changed (a tag on one paper in each): a view would read 2,000 entries again at open.
    await lib.bulkUpdate(
      Array.from({ length: 20 }, (_, k) => `arxiv:${libraryOf(seed, 3_000)[k * 100 + 3]?.id.slice(6)}`),
      { addTags: ['x'] },
    );
    expect(needsRebuild(await metaNow(), stored)).toBe(true);
    // A different library under the same index (a restore into a fresh profile has a lower seq): rebuilt.
    const other = memoryStorage();
    await new Library(other, () => {}).importPapers(libraryOf(seed, 10));
    expect(needsRebuild(readMeta((await other.get(KEY.meta))[KEY.meta]), stored)).toBe(true);
  });

  it('an index of the previous layout (v4: ids inside the base record) is never read, and the background rebuilds it', async () => {
    const storage = memoryStorage();
    await new Library(storage, () => {}).importPapers(libraryOf(seed, 200));
    const db = memoryIndexDb();
    await buildIndex(storage, db, () => {});
    const now = (await db.get('base')) as { base: Record<string, unknown> } & Record<string, unknown>;
    const ids = (await db.get('ids')) as { ids: Record<string, unknown> } & Record<string, unknown>;
    const stamp = (await db.get('stamp')) as Record<string, unknown>;
    // The v4 layout: one base record holding the ids and orders too, no ids record, a stamp of segment 4.
    const v4 = {
      ...now,
      shardTags: ids.shardTags,
      shardSites: ids.shardSites,
      base: { ...now.base, ...ids.ids, v: 4 },
    };
    const old = {
      get: async (key: string) => (key === 'base' ? v4 : key === 'stamp' ? { ...stamp, segment: 4 } : undefined),
      getChunks: async () => [],
      getPosts: async () => [],
    };
    const view = await openLibraryIndex(storage, old);
    expect(view.source).toEqual({ kind: 'built' });
    expect(view.size).toBe(200);
    const rebuilt = memoryIndexDb();
    const stale = { ...rebuilt, get: (key: 'stamp') => (key === 'stamp' ? old.get('stamp') : rebuilt.get(key)) };
    expect(await refreshIndex(storage, stale, () => {})).toBe(true);
    const fresh = await openLibraryIndex(storage, rebuilt);
    expect(fresh.source).toEqual({ kind: 'base', stale: 0 });
    expect((await fresh.searchAsync('zhang', { limit: 5 })).length).toBe(5);
  });

  it('ignores a damaged or foreign index record and indexes the library itself', async () => {
    const storage = memoryStorage();
    await new Library(storage, () => {}).importPapers(libraryOf(seed, 200));
    for (const junk of [null, 'text', { v: 1, seq: 1 }, { v: 9 }]) {
      const db = { get: async () => junk, getChunks: async () => [junk], getPosts: async () => [junk] };
      const view = await openLibraryIndex(storage, db);
      expect(view.source).toEqual({ kind: 'built' });
      expect(view.size).toBe(200);
    }
  });

  it('refuses a real index record that was truncated or damaged, and answers from the library itself', async () => {
    const storage = memoryStorage();
    await new Library(storage, () => {}).importPapers(libraryOf(seed, 300));
    const db = memoryIndexDb();
    await buildIndex(storage, db, () => {});
    const good = (await db.get('base')) as { base: Record<string, unknown> };
    const goodIds = (await db.get('ids')) as { ids: Record<string, unknown> };
    // Which record is harmed (the base, or its ids), and how.
    const damage: ['base' | 'ids', (b: Record<string, unknown>) => void][] = [
      [
        'ids',
        (b) => {
          (b.order as Uint32Array)[0] = 1e9; // a doc that does not exist
        },
      ],
      [
        'base',
        (b) => {
          b.postStart = (b.postStart as Uint32Array).slice(1); // the post blocks' starts cut short
        },
      ],
      [
        'ids',
        (b) => {
          b.ids = (b.ids as string).slice(0, 100); // ids cut short
        },
      ],
      [
        'base',
        (b) => {
          b.gramPost = (b.gramPost as Uint8Array).slice(0, 5); // trigram lists cut short
        },
      ],
      [
        'base',
        (b) => {
          b.shard = (b.shard as Uint32Array).slice(1); // a shard column cut short
        },
      ],
      [
        'ids',
        (b) => {
          b.idOff = undefined; // a record of another layout
        },
      ],
      [
        'ids',
        (b) => {
          b.build = 'another build'; // ids of another base
        },
      ],
    ];
    for (const [which, harm] of damage) {
      const base = structuredClone(good);
      const ids = structuredClone(goodIds);
      harm(which === 'base' ? base.base : ids.ids);
      const get = async (key: string) => (key === 'base' ? base : key === 'ids' ? ids : db.get(key as 'abs'));
      const view = await openLibraryIndex(storage, { get, getChunks: db.getChunks, getPosts: db.getPosts });
      expect(view.source).toEqual({ kind: 'built' });
      expect((await view.searchAsync('zhang', { limit: 5 })).length).toBe(5);
    }
    // A small library's post blocks ride in the base record: one damaged there, and the record is refused.
    const harmed = structuredClone(good) as unknown as { posts: { post: Uint8Array[] }[] };
    (harmed.posts[0] as { post: Uint8Array[] }).post[0] = new Uint8Array(3);
    const get = async (key: string) => (key === 'base' ? harmed : db.get(key as 'abs'));
    const view = await openLibraryIndex(storage, { get, getChunks: db.getChunks, getPosts: db.getPosts });
    expect(view.source).toEqual({ kind: 'built' });
  });

  it('a post block lost from the database or damaged there reads as empty (its words find no base doc), never past its bytes', async () => {
    const storage = memoryStorage();
    await new Library(storage, () => {}).importPapers(libraryOf(seed, 300));
    const db = memoryIndexDb();
    await buildIndex(storage, db, () => {});
    const base = (await db.get('base')) as Record<string, unknown>;
    delete base.posts;
    const full = await openLibraryIndex(storage, db);
    const want = (await full.searchAsync('zhang', { limit: 5 })).map((h) => h.item.id);
    expect(want).toHaveLength(5);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const harm of [
      () => undefined,
      (b: { post: Uint8Array[]; postOff: Uint32Array[] }) => ({ ...b, build: 'another build' }),
      (b: { post: Uint8Array[]; postOff: Uint32Array[] }) => ({
        ...b,
        postOff: [b.postOff[0]?.slice(1), b.postOff[1]],
      }),
    ]) {
      const get = async (key: string) => (key === 'base' ? base : db.get(key as 'abs'));
      const getPosts = async (keys: number[], build: string) =>
        (await db.getPosts(keys, build)).map((b) => harm(b as { post: Uint8Array[]; postOff: Uint32Array[] }));
      const view = await openLibraryIndex(storage, { get, getChunks: db.getChunks, getPosts });
      expect(view.source).toEqual({ kind: 'base', stale: 0 });
      // The authors' words are in no block now: papers are found by their other words only.
      expect(await view.searchAsync('zhang', { limit: 5 })).toEqual([]);
    }
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('the shards written since the build are read while the base is on its way', () => {
  async function changed() {
    const { area } = watchedStorage();
    const lib = new Library(area, () => {});
    await lib.importPapers(libraryOf(seed, 1_500));
    const db = memoryIndexDb();
    await buildIndex(area, db, () => {});
    await lib.setStarred('arxiv:2401.00005', true);
    await lib.setTags('arxiv:2402.00001', ['fresh', 'reading']);
    await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs/new', [
      meta(1, { title: 'Quantum glyph design for spins', abstract: 'About glyphs and diffusion.' }),
    ]);
    return { area, lib, db };
  }

  it('the background notes the write count each base is built at, and notes it again when the note is lost', async () => {
    const { area, db } = await changed();
    const built = readStoredBase(await db.get('base'));
    expect(readIndexSeq((await area.get(KEY.indexSeq))[KEY.indexSeq])).toBe(built?.seq);
    await area.remove(KEY.indexSeq);
    expect(await refreshIndex(area, db, () => {})).toBe(false); // nothing to rebuild: only the note comes back
    expect(readIndexSeq((await area.get(KEY.indexSeq))[KEY.indexSeq])).toBe(built?.seq);
    expect(readIndexSeq({ v: 1, seq: -1 })).toBeUndefined();
    expect(readIndexSeq({ v: 2, seq: 3 })).toBeUndefined();
  });

  it('predicts exactly the stale shards, reads them before the base arrives, and never twice', async () => {
    const { area, db } = await changed();
    const m = readMeta((await area.get(KEY.meta))[KEY.meta]);
    const built = readStoredBase(await db.get('base'));
    if (!built) throw new Error('no base');
    const { snap, abs } = staleShards(m, built);
    expect(snap.length).toBeGreaterThan(0);
    expect(new Set(predictedStaleKeys(m, built.seq))).toEqual(
      new Set([...snap.map(KEY.snap), ...abs.map(KEY.abstracts)]),
    );
    // The base is held back: the stale shards are asked for meanwhile, once.
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = {
      get: async (k: 'base') => (k === 'base' ? gate.then(() => db.get(k)) : db.get(k)),
      getChunks: db.getChunks,
      getPosts: db.getPosts,
    };
    const asked: string[][] = [];
    const spy: StorageArea = {
      ...area,
      get: (k) => {
        asked.push([k ?? []].flat());
        return area.get(k);
      },
    };
    const opening = openLibraryIndex(spy, slow);
    await vi.waitFor(() => expect(asked.flat()).toContain(KEY.snap(snap[0] as number)));
    release();
    const view = await opening;
    const stale = asked.flat().filter((k) => /^[sa]:/.test(k) && predictedStaleKeys(m, built.seq).includes(k));
    expect(stale.length).toBe(new Set(stale).size);
    expect(view.source).toEqual({ kind: 'base', stale: snap.length });
    expect((await view.searchAsync('quantum glyph', { limit: 5 }))[0]?.item.id).toBe(meta(1).id);
  });

  it('a wrong, foreign or damaged note costs only the read ahead: answers are as from a rebuilt view', async () => {
    const { area, db } = await changed();
    const scratch = await answers(area, db, false);
    for (const note of [{ v: 1, seq: 0 }, { v: 1, seq: 1e9 }, { v: 9, seq: 1 }, 'junk', { v: 1, seq: Number.NaN }]) {
      await area.set({ [KEY.indexSeq]: note });
      const fromBase = await answers(area, db, true);
      expect(fromBase.view.source.kind).toBe('base');
      expect(fromBase.results).toEqual(scratch.results);
    }
  });
});

describe('quick search: a typed query answered before the base ids are read', () => {
  /** A library and its index, its entries read by the chunk (as in a large library), and a gate for one read. */
  async function built(n: number) {
    const storage = memoryStorage();
    const lib = new Library(storage, () => {});
    await lib.importPapers(libraryOf(seed, n));
    const db = memoryIndexDb();
    await buildIndex(storage, db, () => {});
    const base = (await db.get('base')) as Record<string, unknown>;
    delete base.docs;
    // Post blocks read by the block as well (a large library's are not in its base record).
    delete base.posts;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    return { storage, lib, db, base, gate, release };
  }

  /** A library and its index, whose ids record is held back until release() (as IndexedDB may deliver it later). */
  async function held(n: number) {
    const { storage, lib, db, base, gate, release } = await built(n);
    const slow = {
      get: async (key: 'base' | 'ids' | 'abs' | 'stamp') =>
        key === 'base' ? base : key === 'ids' ? gate.then(() => db.get('ids')) : db.get(key),
      getChunks: db.getChunks,
      getPosts: db.getPosts,
    };
    return { storage, lib, slow, release };
  }

  it('answers typed queries as the full index then does, while the ids are on their way; not filters alone', async () => {
    const { storage, slow, release } = await held(1_200);
    let quick: QuickSearch | undefined;
    const opening = openLibraryIndex(storage, slow, undefined, (q) => {
      quick = q;
    });
    await vi.waitFor(() => expect(quick).toBeDefined());
    const typed = [
      'wieght normalisation',
      'zhang',
      'difusion model',
      'languag model',
      'vision -language',
      '"weight normalization"',
    ];
    const early: (string[] | undefined)[] = [];
    for (const q of typed) early.push((await quick?.searchAsync(q, 20))?.map((h) => h.item.id));
    expect(early.every((ids) => ids && ids.length > 0)).toBe(true);
    // Filters alone list the library in its stored order, which comes with the ids.
    expect(await quick?.searchAsync('is:starred', 20)).toBeUndefined();
    expect(await quick?.searchAsync('', 20)).toBeUndefined();
    release();
    const full = await opening;
    expect(full.source).toEqual({ kind: 'base', stale: 0 });
    for (const [i, q] of typed.entries()) {
      expect(early[i]).toEqual((await full.searchAsync(q, { limit: 20 })).map((h) => h.item.id));
    }
  });

  /** A library whose doc chunks are held back until release(), recording when the view asks for its ids. */
  async function chunksHeld(n: number) {
    const { storage, db, base, gate, release } = await built(n);
    const asked: string[] = [];
    const slow = {
      get: async (key: 'base' | 'ids' | 'abs' | 'stamp') => {
        asked.push(key);
        return key === 'base' ? base : db.get(key);
      },
      getChunks: async (keys: number[] | 'all') => {
        asked.push('chunks');
        await gate;
        return db.getChunks(keys);
      },
      getPosts: db.getPosts,
    };
    return { storage, slow, release, asked };
  }
  /** Lets the timers and promises of a few tasks run. */
  const ticks = (ms = 30) => new Promise((r) => setTimeout(r, ms));

  it('reads the ids only once a query typed at once has its answer (their decoding would delay its frame)', async () => {
    const { storage, slow, release, asked } = await chunksHeld(600);
    const query = 'wieght normalisation';
    let quick: QuickSearch | undefined;
    let missing: unknown;
    const opening = openLibraryIndex(storage, slow, undefined, (q) => {
      quick = q;
      // As the view renders the quick search: the query's entries are not in memory yet, their read starts.
      try {
        q.search(query, 20);
      } catch (e) {
        missing = e;
        q.prefetch(e as MissingDocs);
      }
    });
    await vi.waitFor(() => expect(quick).toBeDefined());
    expect(missing).toBeDefined();
    await ticks();
    expect(asked).not.toContain('ids');
    // The entries arrive; the view's effect then asks again and gets its answer.
    release();
    await ticks();
    expect(asked).not.toContain('ids');
    const hits = await quick?.searchAsync(query, 20);
    expect(hits?.length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(asked).toContain('ids'));
    const full = await opening;
    expect((await full.searchAsync(query, { limit: 20 })).map((h) => h.item.id)).toEqual(hits?.map((h) => h.item.id));
  });

  it('with no query asked, the ids are read at once; a query left unanswered holds them back for a moment only', async () => {
    const quiet = await chunksHeld(300);
    let quick: QuickSearch | undefined;
    const opening = openLibraryIndex(quiet.storage, quiet.slow, undefined, (q) => {
      quick = q;
    });
    await vi.waitFor(() => expect(quiet.asked).toContain('ids'));
    expect(await quick?.idle()).toBe(false);
    quiet.release();
    await opening;

    const stuck = await chunksHeld(300);
    const opened = openLibraryIndex(stuck.storage, stuck.slow, undefined, (q) => {
      try {
        q.search('wieght normalisation', 20);
      } catch (e) {
        q.prefetch(e as MissingDocs);
      }
    });
    await ticks(100);
    expect(stuck.asked).not.toContain('ids');
    // Its entries never come (a read stalled, a view closed): the index opens all the same.
    await vi.waitFor(() => expect(stuck.asked).toContain('ids'), { timeout: 3_000 });
    stuck.release();
    expect((await opened).source.kind).toBe('base');
  });

  it('with shards written since the build: their papers as they are now, never as they were', async () => {
    const { storage, lib, slow, release } = await held(300);
    const gone = libraryOf(seed, 300)[7] as { id: string; title: string };
    await lib.setTags('arxiv:2401.00005', ['quokka']);
    await lib.setNote('arxiv:2401.00006', 'numbat colony');
    await lib.deletePapers([gone.id]);
    let quick: QuickSearch | undefined;
    const opening = openLibraryIndex(storage, slow, undefined, (q) => {
      quick = q;
    });
    await vi.waitFor(() => expect(quick).toBeDefined());
    const ask = async (q: string) => (await quick?.searchAsync(q, 20))?.map((h) => h.item.id);
    expect(await ask('quokka')).toEqual(['arxiv:2401.00005']);
    expect(await ask('numbat')).toEqual(['arxiv:2401.00006']);
    expect(await ask(gone.title)).not.toContain(gone.id);
    expect((await quick?.searchAsync('quokka', 20))?.[0]?.item.tags).toEqual(['quokka']);
    release();
    const full = await opening;
    expect(full.source.kind).toBe('base');
    expect(full.source).not.toEqual({ kind: 'base', stale: 0 });
    for (const q of ['quokka', 'numbat', 'wieght normalisation']) {
      expect((await ask(q))?.[0]).toBe((await full.searchAsync(q, { limit: 20 }))[0]?.item.id);
    }
  });
});
