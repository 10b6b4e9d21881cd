/**
 * The quick search the background holds for the views (lib/library/held-search.ts): it answers a typed query as the
 * view's own quick search over the same base does, follows changes by being dropped, and answers extension pages
 * only.
 */
import { describe, expect, it } from 'vitest';
import type { QuickSearch } from '../../lib/library/base-reads';
import { openLibraryIndex } from '../../lib/library/client';
import { HeldSearch } from '../../lib/library/held-search';
import { memoryIndexDb } from '../../lib/library/index-db';
import { buildIndex } from '../../lib/library/index-store';
import { Library } from '../../lib/library/library';
import { createRouter, envelope } from '../../lib/library/messages';
import { libraryOf } from '../../scripts/corpus';
import { memoryStorage } from '../../scripts/memory-storage';
import { loadSeed } from '../../scripts/seed';
import { meta } from '../helpers/papers';

const EXT_ID = 'papershelf-test-id';
const QUERIES = ['wieght normalisation', 'zhang', 'fresh', 'languag modl', 'quantum glyph'];

/** 3,000 papers (their entries in doc chunks, not in the base), the index built, then changes it does not hold. */
async function library() {
  const storage = memoryStorage();
  const lib = new Library(storage, () => {});
  await lib.importPapers(libraryOf(loadSeed(), 3_000));
  const db = memoryIndexDb();
  await buildIndex(storage, db, () => {});
  await lib.setStarred('arxiv:2401.00005', true);
  await lib.setTags('arxiv:2402.00001', ['fresh', 'reading']);
  await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs/new', [
    meta(1, { title: 'Quantum glyph design for spins', abstract: 'About glyphs and diffusion.' }),
  ]);
  return { storage, lib, db };
}

const ids = (hits: { item: { id: string } }[] | undefined) => hits?.map((h) => h.item.id);

describe('the quick search the background holds', () => {
  it("answers each typed query as the view's own quick search does, over the same base and shards", async () => {
    const { storage, db } = await library();
    // The view's quick search, kept quick: its base's ids never come (the view then indexes the library itself).
    let quick: QuickSearch | undefined;
    const noIds = { get: (k: Parameters<typeof db.get>[0]) => (k === 'ids' ? Promise.resolve(undefined) : db.get(k)) };
    await openLibraryIndex(storage, { ...noIds, getChunks: (k, b) => db.getChunks(k, b) }, undefined, (q) => {
      quick = q;
    });
    const held = new HeldSearch(storage, db);
    for (const q of QUERIES) {
      const mine = (await quick?.searchAsync(q, 20)) ?? [];
      const theirs = await held.search(q, 20);
      expect(mine.length, q).toBeGreaterThan(0);
      expect(theirs, q).toEqual(mine.map(({ item, score, titleMatches }) => ({ item, score, titleMatches })));
      // No base doc numbers go out: the view's base may be another build.
      for (const h of theirs ?? []) expect(h).not.toHaveProperty('doc');
    }
    // The papers written since the build are found as they are now.
    expect((await held.search('quantum glyph', 5))?.[0]?.item.title).toBe('Quantum glyph design for spins');
    expect((await held.search('fresh', 5))?.map((h) => h.item.id)).toContain('arxiv:2402.00001');
  });

  it('a change drops what it holds: the next query reads afresh and finds the change', async () => {
    const { storage, db, lib } = await library();
    const held = new HeldSearch(storage, db);
    expect(ids(await held.search('zebrafishy', 5))).toEqual([]);
    await lib.setTags('arxiv:2401.00007', ['zebrafishy']);
    // Held as read before the change: not found yet.
    expect(ids(await held.search('zebrafishy', 5))).toEqual([]);
    expect(HeldSearch.outdatedBy(['s:0'])).toBe(true);
    expect(HeldSearch.outdatedBy(['meta', 'p:arxiv:2401.00007'])).toBe(true);
    expect(HeldSearch.outdatedBy(['ix'])).toBe(true);
    expect(HeldSearch.outdatedBy(['settings', 'undo', 'syncStatus'])).toBe(false);
    held.drop();
    expect(ids(await held.search('zebrafishy', 5))).toEqual(['arxiv:2401.00007']);
  });

  it('answers nothing without a base, or when the library changed while it searched', async () => {
    const storage = memoryStorage();
    await new Library(storage, () => {}).importPapers(libraryOf(loadSeed(), 50));
    // No index built: nothing to hold.
    expect(await new HeldSearch(storage, memoryIndexDb()).search('zhang', 5)).toBeUndefined();
    const { storage: s2, db } = await library();
    const held = new HeldSearch(s2, db);
    const asked = held.search('zhang', 5);
    held.drop();
    expect(await asked).toBeUndefined();
    // A base that cannot be read is not held: the next ask tries again.
    let fail = true;
    const flaky = new HeldSearch(s2, {
      get: (k) => (fail ? Promise.reject(new Error('closed')) : db.get(k)),
      getChunks: (k, b) => db.getChunks(k, b),
    });
    expect(await flaky.search('zhang', 5)).toBeUndefined();
    fail = false;
    expect((await flaky.search('zhang', 5))?.length).toBe(5);
  });

  it('the searchWarm and searchHeld messages: extension pages only, shapes checked', async () => {
    const { storage, db, lib } = await library();
    const route = createRouter(lib, {
      extensionId: EXT_ID,
      extensionOrigin: `chrome-extension://${EXT_ID}/`,
      log: () => {},
      held: new HeldSearch(storage, db),
    });
    const popup = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html` };
    const page = { id: EXT_ID, url: 'https://arxiv.org/list/cs/new', tab: { id: 3 } };
    expect(await route(envelope('searchWarm', {}), popup)).toEqual({ ok: true, value: { warming: true } });
    const reply = await route(envelope('searchHeld', { query: 'quantum glyph', limit: 3 }), popup);
    expect(reply).toMatchObject({ ok: true });
    const hits = (reply as { value: { hits: { item: { title: string } }[] } }).value.hits;
    expect(hits[0]?.item.title).toBe('Quantum glyph design for spins');
    // A content script on a web page learns nothing of the library.
    expect(await route(envelope('searchHeld', { query: 'quantum', limit: 3 }), page)).toMatchObject({ ok: false });
    expect(await route(envelope('searchWarm', {}), page)).toMatchObject({ ok: false });
    expect(await route(envelope('searchHeld', { query: 'x'.repeat(501), limit: 3 }), popup)).toMatchObject({
      ok: false,
    });
    expect(await route(envelope('searchHeld', { query: 'quantum', limit: 0 }), popup)).toMatchObject({ ok: false });
    expect(await route(envelope('searchHeld', { query: 'quantum', limit: 1e9 }), popup)).toMatchObject({ ok: false });
    expect(await route(envelope('searchHeld', { query: 7 as never, limit: 3 }), popup)).toMatchObject({ ok: false });
    // A background that holds no search answers null.
    const bare = createRouter(lib, {
      extensionId: EXT_ID,
      extensionOrigin: `chrome-extension://${EXT_ID}/`,
      log: () => {},
    });
    expect(await bare(envelope('searchHeld', { query: 'quantum', limit: 3 }), popup)).toEqual({
      ok: true,
      value: { hits: null },
    });
  });
});
