// @vitest-environment happy-dom
/**
 * A view whose own base is still on its way (after a browser restart it comes 100–200 ms after the first rows) shows
 * a typed query's answer from the background's held search (lib/library/held-search.ts), and builds its own quick
 * search only after that answer's frame.
 */
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { HeldSearch } from '../../lib/library/held-search';
import { startReading, useLibrary, useSearch } from '../../lib/library/hooks';
import { memoryIndexDb } from '../../lib/library/index-db';
import { buildIndex } from '../../lib/library/index-store';
import { Library } from '../../lib/library/library';
import type { SnapEntry } from '../../lib/library/schema';
import { libraryOf } from '../../scripts/corpus';
import { memoryStorage } from '../../scripts/memory-storage';
import { loadSeed } from '../../scripts/seed';
import { meta } from '../helpers/papers';

const TITLE = 'Quantum glyph design for spins';

async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

describe('a view before its own base is in', () => {
  afterEach(() => {
    document.body.replaceChildren();
    performance.clearMarks();
  });

  it("shows the background's answer to a typed query, then builds its own quick search after that frame", async () => {
    const storage = memoryStorage();
    const lib = new Library(storage, () => {});
    await lib.importPapers(libraryOf(loadSeed(), 3_000));
    const db = memoryIndexDb();
    await buildIndex(storage, db, () => {});
    await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs/new', [meta(1, { title: TITLE })]);
    // The view's base is held back until released.
    let release: () => void = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    const slow = {
      get: async (k: Parameters<typeof db.get>[0]) => {
        if (k === 'base') await released;
        return db.get(k);
      },
      getChunks: (k: number[] | 'all', b?: string) => db.getChunks(k, b),
    };
    const held = new HeldSearch(storage, db);
    let asked = 0;
    const reading = startReading({
      storage,
      db: slow,
      onChanged: { addListener: () => {}, removeListener: () => {} },
      askHeld: (q, limit) => {
        asked += 1;
        return held.search(q, limit);
      },
    });
    let hits: { item: SnapEntry }[] = [];
    let hasIndex = false;
    const View = () => {
      const state = useLibrary(reading, { abstracts: 'on-demand' });
      hits = useSearch(state, 'quantm glyph', 20, () => []).hits;
      hasIndex = !!state.index;
      return h('p', null, hits[0]?.item.title ?? '');
    };
    const root = document.createElement('div');
    document.body.append(root);
    render(h(View, null), root);
    await until(() => hits[0]?.item.title === TITLE, "the background's answer");
    expect(hasIndex).toBe(false);
    expect(asked).toBe(1);
    expect(root.textContent).toBe(TITLE);
    release();
    await until(() => hasIndex, 'the index');
    expect(performance.getEntriesByName('ps:painted-first')).toHaveLength(1);
    expect(hits[0]?.item.title).toBe(TITLE);
    // Asked once: the view's own search answers from now on.
    expect(asked).toBe(1);
  });
});
