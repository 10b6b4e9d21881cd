// @vitest-environment happy-dom
/**
 * A view open across a rebuild (lib/library/hooks.ts useLibrary): when a record it reads later is the new build's,
 * it opens that build and takes it in place of its own, with the changes made while the new one opened.
 */
import { h, render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LibraryState, startReading, useLibrary } from '../../lib/library/hooks';
import { type IndexDb, memoryIndexDb } from '../../lib/library/index-db';
import { buildIndex } from '../../lib/library/index-store';
import { Library } from '../../lib/library/library';
import { libraryOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';
import { paper } from '../helpers/papers';
import { watchedStorage } from '../helpers/watched-storage';

const RARE = paper(900, { abstract: 'Lanthanide luminescence in zebrafish embryos.' });

describe('a view open across a rebuild', () => {
  afterEach(() => document.body.replaceChildren());

  it('takes the new build it meets, with the changes made while that build opened', async () => {
    const { area, onChanged } = watchedStorage();
    const lib = new Library(area, () => {});
    await lib.importPapers([...libraryOf(loadSeed(), 300), RARE]);
    const db = memoryIndexDb();
    await buildIndex(area, db, () => {});
    // The database as the view reads it; a read of the ids can be held (the new build's open, after its storage reads).
    let held: Promise<void> | undefined;
    let heldAsked = false;
    const viewDb: Pick<IndexDb, 'get' | 'getChunks' | 'getPosts'> = {
      async get(key) {
        if (key === 'ids' && held) {
          heldAsked = true;
          await held;
        }
        return db.get(key);
      },
      getChunks: (keys, build) => db.getChunks(keys, build),
      getPosts: (keys, build) => db.getPosts(keys, build),
    };
    const reading = startReading({ storage: area, db: viewDb, onChanged });
    let state: (LibraryState & { wantAbstracts(): void }) | undefined;
    const View = () => {
      state = useLibrary(reading, { abstracts: 'on-demand' });
      return null;
    };
    const root = document.createElement('div');
    document.body.append(root);
    render(h(View, null), root);
    await vi.waitFor(() => expect(state?.index).toBeDefined());
    const first = state?.index;
    expect(first?.build).toBeDefined();

    // The background builds anew; then the view's first text query asks for the abstracts' postings: the new build's.
    await new Promise((r) => setTimeout(r, 2));
    await buildIndex(area, db, () => {});
    let release = () => {};
    held = new Promise((r) => {
      release = r;
    });
    state?.wantAbstracts();
    await vi.waitFor(() => expect(heldAsked).toBe(true));
    // A star while the new build's index opens (its storage already read): only the view's watch has it.
    await lib.setStarred(RARE.id, true);
    expect(first?.get(RARE.id)?.starred).toBe(true);
    release();
    await vi.waitFor(() => expect(state?.index).not.toBe(first));
    const next = state?.index;
    expect(next?.build).toBeDefined();
    expect(next?.build).not.toBe(first?.build);
    expect(next?.get(RARE.id)?.starred).toBe(true);
    expect(next?.size).toBe(301);
    // Its abstracts' postings read (the old view had been asked for them): abstract-only words find the paper.
    await vi.waitFor(async () =>
      expect((await next?.searchAsync('lanthanide zebrafish', { limit: 3 }))?.[0]?.item.id).toBe(RARE.id),
    );
    // After the swap, changes go to the new index.
    await lib.setTags(RARE.id, ['imaging']);
    await vi.waitFor(() => expect(state?.index?.get(RARE.id)?.tags).toEqual(['imaging']));
    render(null, root);
  });
});
