/**
 * A piece of the persisted search index lost from the database (a post block or a doc chunk): the view that meets it
 * asks once, naming the build; the background checks the stored index itself and rebuilds only a damaged one that is
 * still stored, once per build; the next view searches as a whole index does.
 */
import { describe, expect, it, vi } from 'vitest';
import { openLibraryIndex } from '../../lib/library/client';
import { type IndexDb, memoryIndexDb } from '../../lib/library/index-db';
import { checkStoredIndex, repairIndex } from '../../lib/library/index-repair';
import { buildIndex, readStoredBase } from '../../lib/library/index-store';
import { Library } from '../../lib/library/library';
import { libraryOf } from '../../scripts/corpus';
import { memoryStorage } from '../../scripts/memory-storage';
import { loadSeed } from '../../scripts/seed';
import { paper } from '../helpers/papers';

const seed = loadSeed();
const QUERIES = ['zhang', 'wieght normalisation', 'diffusion'];

/**
 * A database that loses what `lose` names (its base read without the inline entries and blocks, so both are read by
 * number as a large library's are); the next build's records are whole.
 */
function losing(inner = memoryIndexDb()) {
  const lose = { blocks: new Set<number>(), chunks: new Set<number>() };
  const db: IndexDb & { puts: () => number } = {
    puts: () => inner.puts,
    async get(key) {
      const v = await inner.get(key);
      if (key === 'base' && v) {
        delete (v as { posts?: unknown }).posts;
        delete (v as { docs?: unknown }).docs;
      }
      return v;
    },
    async getChunks(keys, build) {
      const got = await inner.getChunks(keys, build);
      if (keys === 'all') return got.filter((c) => !lose.chunks.has((c as { k: number }).k));
      return got.map((c, i) => (lose.chunks.has(keys[i] as number) ? undefined : c));
    },
    async getPosts(keys, build) {
      return (await inner.getPosts(keys, build)).map((b, i) => (lose.blocks.has(keys[i] as number) ? undefined : b));
    },
    async put(items) {
      lose.blocks.clear();
      lose.chunks.clear();
      await inner.put(items);
    },
  };
  return { db, lose };
}

async function library(n: number) {
  const storage = memoryStorage();
  await new Library(storage, () => {}).importPapers(libraryOf(seed, n));
  const { db, lose } = losing();
  await buildIndex(storage, db, () => {});
  const stored = readStoredBase(await db.get('base'));
  if (!stored) throw new Error('no base');
  return { storage, db, lose, build: stored.base.build, blockCount: stored.base.postStart.length - 1 };
}

async function answers(view: Awaited<ReturnType<typeof openLibraryIndex>>) {
  const out: string[][] = [];
  for (const q of QUERIES) out.push((await view.searchAsync(q, { limit: 10 })).map((h) => h.item.id));
  return out;
}

describe('a lost piece of the search index is mended by the background', () => {
  it('a view that meets lost post blocks asks once with its build; the background rebuilds; the next view finds all', async () => {
    const { storage, db, lose, build, blockCount } = await library(300);
    const whole = await answers(await openLibraryIndex(storage, db));
    expect(whole[0]).toHaveLength(10);
    for (let k = 0; k < blockCount; k++) lose.blocks.add(k);
    const asked: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const damaged = await openLibraryIndex(storage, db, undefined, undefined, (b) => asked.push(b));
    const before = await answers(damaged);
    // Its words are in no block it could read: found by nothing (not an error), and the background is told once.
    expect(before[0]).toEqual([]);
    expect(asked).toEqual([build]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();

    const log: string[] = [];
    const checked = new Set<string>();
    const puts = db.puts();
    expect(await repairIndex(storage, db, (_l, m) => log.push(m), build, checked)).toEqual({
      check: 'damaged',
      rebuilt: true,
    });
    expect(db.puts()).toBe(puts + 1);
    expect(log.some((m) => m.includes('rebuilt from the library'))).toBe(true);
    const rebuilt = readStoredBase(await db.get('base'))?.base.build as string;
    expect(rebuilt).not.toBe(build);
    // Asked again for the same build (another view, the same view again): checked already, nothing read or built.
    expect(await repairIndex(storage, db, () => {}, build, checked)).toEqual({
      check: 'checked already',
      rebuilt: false,
    });
    // Another worker's first word about the old build: that build is no longer stored.
    expect(await repairIndex(storage, db, () => {}, build, new Set())).toEqual({
      check: 'other-build',
      rebuilt: false,
    });
    // The new build is whole: checked, not rebuilt.
    expect(await repairIndex(storage, db, () => {}, rebuilt, checked)).toEqual({ check: 'whole', rebuilt: false });
    expect(db.puts()).toBe(puts + 1);

    const next: string[] = [];
    const after = await openLibraryIndex(storage, db, undefined, undefined, (b) => next.push(b));
    expect(await answers(after)).toEqual(whole);
    expect(next).toEqual([]);
  });

  it('a lost doc chunk: the view reads the snapshot instead (same answers) and asks; the check finds it', async () => {
    const { storage, db, lose, build } = await library(300);
    const whole = await answers(await openLibraryIndex(storage, db));
    for (let k = 0; k < 5; k++) lose.chunks.add(k);
    const asked: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const view = await openLibraryIndex(storage, db, undefined, undefined, (b) => asked.push(b));
    // The whole listing needs every chunk.
    await view.searchAsync('', { limit: 1e6 });
    expect(await answers(view)).toEqual(whole);
    expect(asked).toEqual([build]);
    warn.mockRestore();
    expect(await checkStoredIndex(db, build)).toBe('damaged');
    lose.chunks.clear();
    expect(await checkStoredIndex(db, build)).toBe('whole');
  });

  it('a damaged block (cut offsets, another build, a wrong number) counts as lost; a sound index is not rebuilt', async () => {
    const { storage, db, build } = await library(300);
    expect(await checkStoredIndex(db, build)).toBe('whole');
    const puts = db.puts();
    expect(await repairIndex(storage, db, () => {}, build, new Set())).toEqual({ check: 'whole', rebuilt: false });
    expect(db.puts()).toBe(puts);
    type Block = { k: number; build: string; postOff: Uint32Array[] };
    for (const harm of [
      (b: Block) => ({ ...b, postOff: [b.postOff[0]?.slice(1), b.postOff[1]] }),
      (b: Block) => ({ ...b, build: 'another' }),
      (b: Block) => ({ ...b, k: b.k + 1 }),
    ]) {
      const harmed: IndexDb = {
        ...db,
        get: db.get,
        getChunks: db.getChunks,
        getPosts: async (keys, b) => (await db.getPosts(keys, b)).map((x, i) => (i === 0 ? harm(x as Block) : x)),
      };
      expect(await checkStoredIndex(harmed, build)).toBe('damaged');
    }
    expect(await checkStoredIndex(db, 'not-this-build')).toBe('other-build');
  });
  it('a view that read all its blocks when idle keeps finding every word after a rebuild deletes them', async () => {
    const { storage, db, lose, build, blockCount } = await library(300);
    const whole = await answers(await openLibraryIndex(storage, db));
    const asked: string[] = [];
    const lasting = await openLibraryIndex(storage, db, undefined, undefined, (b) => asked.push(b));
    const brief = await openLibraryIndex(storage, db, undefined, undefined, (b) => asked.push(b));
    await lasting.readAllBlocks();
    // The next build's put deletes this build's blocks (lib/library/index-db.ts): as lost, to both views.
    for (let k = 0; k < blockCount; k++) lose.blocks.add(k);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await answers(lasting)).toEqual(whole);
    // The view that read blocks only as asked finds nothing by the words it had not read, and says so.
    expect((await answers(brief))[0]).toEqual([]);
    expect(asked).toEqual([build]);
    warn.mockRestore();
  });
  it("a view opened before a rebuild still finds every word: the replaced build's blocks stay until the next", async () => {
    const { storage, db, build } = await library(300);
    const whole = await answers(await openLibraryIndex(storage, db));
    const asked: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // Opened on this build, its blocks read as its queries ask (none yet): then the background builds anew.
    const brief = await openLibraryIndex(storage, db, undefined, undefined, (b) => asked.push(b));
    await buildIndex(storage, db, () => {});
    const next = readStoredBase(await db.get('base'))?.base.build;
    expect(next).not.toBe(build);
    // Its doc chunks are gone (read from the snapshot instead, and said): its words still find the same papers.
    expect(await answers(brief)).toEqual(whole);
    // The background's check of the replaced build it names reads the stored build's name, not the base.
    const reads: string[] = [];
    const get = (key: Parameters<typeof db.get>[0]) => {
      reads.push(key);
      return db.get(key);
    };
    const spied = { ...db, get };
    expect(await checkStoredIndex(spied, build)).toBe('other-build');
    expect(reads).toEqual(['build']);
    // A damaged name (not a string) is no answer: the base says which build is stored.
    const damagedName = {
      ...db,
      get: async (key: Parameters<typeof db.get>[0]) => (key === 'build' ? 7 : db.get(key)),
    };
    expect(await checkStoredIndex(damagedName, build)).toBe('other-build');
    expect(await checkStoredIndex(damagedName, next as string)).toBe('whole');
    // Opened on the new build, another view reads as asked; two builds later its blocks are gone, as before.
    const later = await openLibraryIndex(storage, db, undefined, undefined, (b) => asked.push(b));
    await new Promise((r) => setTimeout(r, 2));
    await buildIndex(storage, db, () => {});
    await new Promise((r) => setTimeout(r, 2));
    await buildIndex(storage, db, () => {});
    expect((await answers(later))[0]).toEqual([]);
    expect(asked).toEqual([build, next]);
    warn.mockRestore();
  });

  it("a view whose build a rebuild replaced is told so by the records it reads later (abstracts' postings, ranks)", async () => {
    const { storage, db } = await library(300);
    const target = paper(900, { abstract: 'Lanthanide luminescence in zebrafish embryos.' });
    await new Library(storage, () => {}).importPapers([target]);
    await buildIndex(storage, db, () => {});
    const told: string[] = [];
    const view = await openLibraryIndex(storage, db, undefined, undefined, undefined, () => told.push('old'));
    // Nothing replaced yet: its own abstracts and ranks, nothing told.
    const same = await openLibraryIndex(storage, db, undefined, undefined, undefined, () => told.push('same'));
    await same.loadAbstracts();
    expect(await same.sortRanks('title')).toBeDefined();
    expect((await same.searchAsync('lanthanide', { limit: 3 }))[0]?.item.id).toBe(target.id);
    expect(told).toEqual([]);
    // The background builds anew before this view read its abstracts' postings or any ranks.
    await new Promise((r) => setTimeout(r, 2));
    await buildIndex(storage, db, () => {});
    await view.loadAbstracts();
    expect(await view.sortRanks('title')).toBeUndefined();
    expect(told).toEqual(['old', 'old']);
    // Its words of titles and authors still find their papers (the blocks stay one rebuild); its abstracts' words
    // no longer find a paper of its base: what lib/library/hooks.ts mends by opening the new build in its place.
    expect((await view.searchAsync('lanthanide', { limit: 3 })).map((h) => h.item.id)).not.toContain(target.id);
    const next = await openLibraryIndex(storage, db, undefined, undefined, undefined, () => told.push('next'));
    expect(next.build).toBeDefined();
    expect(next.build).not.toBe(view.build);
    await next.loadAbstracts();
    expect((await next.searchAsync('lanthanide', { limit: 3 }))[0]?.item.id).toBe(target.id);
    expect(await next.sortRanks('title')).toBeDefined();
    expect(told).toEqual(['old', 'old']);
  });
});
