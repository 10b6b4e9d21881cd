/**
 * The search index's IndexedDB records (lib/library/index-db.ts), on fake-indexeddb: chunks are kept under their
 * build's keys, a new build's replace the old ones only once its base is written (the replaced build's post blocks
 * stay until the build after), and a database of an older version
 * is emptied on upgrade (the background builds anew).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { indexedDbStore } from '../../lib/library/index-db';
import type { StoredBase, StoredIds } from '../../lib/library/index-store';
import {
  type AbstractPostings,
  type DocChunk,
  type PostBlock,
  SEGMENT_VERSION,
  type SortRanks,
} from '../../lib/search/segment';

let dbCount = 0;
const freshName = () => `papershelf-index-test-${++dbCount}`;

/** A build's records: its base names the build; `n` chunks of ~40 KB each (several transactions' worth). */
function build(name: string, n: number) {
  const chunks: DocChunk[] = Array.from({ length: n }, (_, k) => ({
    v: SEGMENT_VERSION,
    build: name,
    k,
    docs: new Uint8Array(40_000).fill(k % 250),
    off: new Uint32Array([0, 40_000]),
  }));
  const base = { v: 1, seq: n, shardSeq: [], absSeq: [], tags: [], sites: [], base: { build: name } };
  return {
    base: base as unknown as StoredBase,
    ids: { build: name } as unknown as StoredIds,
    abs: { build: name } as unknown as AbstractPostings,
    sorts: [] as SortRanks[],
    chunks,
    posts: Array.from({ length: 3 }, (_, k) => ({
      v: SEGMENT_VERSION,
      build: name,
      k,
      post: [new Uint8Array([k]), new Uint8Array(0)],
      postOff: [new Uint32Array([0, 1]), new Uint32Array([0, 0])],
    })) as PostBlock[],
  };
}

async function storedKeys(name: string): Promise<IDBValidKey[]> {
  const db = await new Promise<IDBDatabase>((resolve) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => resolve(r.result);
  });
  const keys = await new Promise<IDBValidKey[]>((resolve) => {
    const g = db.transaction('docs').objectStore('docs').getAllKeys();
    g.onsuccess = () => resolve(g.result);
  });
  db.close();
  return keys;
}

/** Writes to the database beside indexedDbStore, as another writer (a stopped worker, an older version) left it. */
async function writeRaw(name: string, store: string, write: (s: IDBObjectStore) => void): Promise<void> {
  const raw = await new Promise<IDBDatabase>((resolve) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => resolve(r.result);
  });
  await new Promise<void>((resolve) => {
    const tx = raw.transaction(store, 'readwrite');
    write(tx.objectStore(store));
    tx.oncomplete = () => resolve();
  });
  raw.close();
}

const ks = (chunks: unknown[]) => chunks.map((c) => (c as DocChunk | undefined)?.k);

describe('the index database', () => {
  it("keeps each build's chunks under its own keys, and a new build's replace the old once its base is written", async () => {
    const name = freshName();
    const db = indexedDbStore(name);
    await db.put(build('A', 20));
    expect(ks(await db.getChunks('all', 'A'))).toEqual([...Array(20).keys()]);
    expect(ks(await db.getChunks([3, 19, 20], 'A'))).toEqual([3, 19, undefined]);
    expect(ks(await db.getChunks([3], 'B'))).toEqual([undefined]);
    // Without the build's name nothing is read (a caller always names the base it reads for).
    expect(await db.getChunks([3])).toEqual([undefined]);
    expect(((await db.get('base')) as { base: { build: string } }).base.build).toBe('A');
    // Post blocks sit beside the chunks, outside their key range: a read of all chunks never returns one.
    expect(ks(await db.getPosts([2, 0, 3], 'A'))).toEqual([2, 0, undefined]);
    expect(ks(await db.getPosts([0], 'B'))).toEqual([undefined]);

    await db.put(build('B', 12));
    expect(((await db.get('base')) as { base: { build: string } }).base.build).toBe('B');
    expect(ks(await db.getChunks('all', 'B'))).toEqual([...Array(12).keys()]);
    // The old build's chunks are gone: a reader still holding base A finds them missing (and reads the shards).
    expect(await db.getChunks('all', 'A')).toEqual([]);
    // Its post blocks stay until the next build: a view opened on A still finds its words.
    expect(ks(await db.getPosts([0, 1, 2], 'A'))).toEqual([0, 1, 2]);
    expect(ks(await db.getPosts([0, 1, 2], 'B'))).toEqual([0, 1, 2]);
    expect(await storedKeys(name)).toEqual([
      ...Array.from({ length: 3 }, (_, k) => ['A', 'p', k]),
      ...Array.from({ length: 12 }, (_, k) => ['B', k]),
      ...Array.from({ length: 3 }, (_, k) => ['B', 'p', k]),
    ]);
    expect(((await db.get('stamp')) as { seq: number }).seq).toBe(12);

    // The build after: A's blocks go, B's stay beside C's records.
    await db.put(build('C', 2));
    expect(await db.getPosts([0, 1, 2], 'A')).toEqual([undefined, undefined, undefined]);
    expect(ks(await db.getPosts([0, 1, 2], 'B'))).toEqual([0, 1, 2]);
    expect(await storedKeys(name)).toEqual([
      ...Array.from({ length: 3 }, (_, k) => ['B', 'p', k]),
      ['C', 0],
      ['C', 1],
      ...Array.from({ length: 3 }, (_, k) => ['C', 'p', k]),
    ]);
  });

  it('a build interrupted before its base (the worker stopped) leaves the last base whole; the next build sweeps', async () => {
    const name = freshName();
    const db = indexedDbStore(name);
    await db.put(build('A', 5));
    // Chunks of a build whose base never came (written as the first step of put writes them).
    await writeRaw(name, 'docs', (docs) => {
      for (const c of build('orphan', 3).chunks) docs.put(c, ['orphan', c.k]);
    });
    expect(ks(await db.getChunks('all', 'A'))).toEqual([0, 1, 2, 3, 4]);
    await db.put(build('C', 2));
    // The orphan's records go; A's post blocks stay (A was the stored build C replaced).
    expect(await storedKeys(name)).toEqual([
      ['A', 'p', 0],
      ['A', 'p', 1],
      ['A', 'p', 2],
      ['C', 0],
      ['C', 1],
      ['C', 'p', 0],
      ['C', 'p', 1],
      ['C', 'p', 2],
    ]);
  });

  it("a database stored before the build's name was kept beside its base: the next build sweeps every other record", async () => {
    const name = freshName();
    const db = indexedDbStore(name);
    await db.put(build('A', 2));
    await writeRaw(name, 'index', (index) => index.delete('build'));
    // Which build it replaces is not known: nothing of A is kept (as every build did before); from then on, it is.
    await db.put(build('B', 1));
    expect(await storedKeys(name)).toEqual([['B', 0], ...Array.from({ length: 3 }, (_, k) => ['B', 'p', k])]);
    await db.put(build('C', 1));
    expect(ks(await db.getPosts([0, 1, 2], 'B'))).toEqual([0, 1, 2]);
  });
  it('a damaged build name beside the base (not a string) is ignored: the next build sweeps every other record', async () => {
    const name = freshName();
    const db = indexedDbStore(name);
    await db.put(build('A', 2));
    await writeRaw(name, 'index', (index) => index.put({ build: 'A' }, 'build'));
    await db.put(build('B', 1));
    expect(await storedKeys(name)).toEqual([['B', 0], ...Array.from({ length: 3 }, (_, k) => ['B', 'p', k])]);
    expect(await db.get('build')).toBe('B');
  });
  it('empties a database of the version before (chunks keyed by number alone): nothing of it is read', async () => {
    const name = freshName();
    const old = await new Promise<IDBDatabase>((resolve) => {
      const r = indexedDB.open(name, 2);
      r.onupgradeneeded = () => {
        r.result.createObjectStore('index');
        r.result.createObjectStore('docs');
      };
      r.onsuccess = () => resolve(r.result);
    });
    await new Promise<void>((resolve) => {
      const tx = old.transaction(['index', 'docs'], 'readwrite');
      const b = build('old', 2);
      tx.objectStore('index').put(b.base, 'base');
      for (const c of b.chunks) tx.objectStore('docs').put(c, c.k);
      tx.oncomplete = () => resolve();
    });
    old.close();
    const db = indexedDbStore(name);
    expect(await db.get('base')).toBeUndefined();
    expect(await storedKeys(name)).toEqual([]);
  });
});
