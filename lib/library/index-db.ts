/**
 * The search index's database (issue 12): two object stores in the extension's IndexedDB, `index` (the base, its
 * abstracts' postings, the sort ranks and the stamp) and `docs` (the doc chunks), written in one transaction by the
 * background and read by the views. Kept apart from lib/library/index-store.ts (what is stored, and when it is
 * rebuilt) so that a page's early-read script (entrypoints/early.ts) opens it without the rest.
 */
import type { AbstractPostings, DocChunk, PostBlock, SortRanks } from '../search/segment';
import { SEGMENT_VERSION } from '../search/segment';
import { earlyIndexDb } from './early';
import type { IndexStamp, StoredBase, StoredIds } from './index-store';
import { mark } from './marks';
import type { SortKey } from './sort';

/** The records the index keeps: the base and its ids (read at open), its abstracts' postings (read after first
 * paint), the doc chunks and the sort ranks (read as a view needs them). */
export interface IndexDb {
  /** `stamp` is the base's write counts alone: the background checks it without reading the whole base. */
  /** `build`: the stored base's build alone (a string), read without the base. */
  get(key: 'base' | 'ids' | 'abs' | 'stamp' | 'build' | `sort:${SortKey}`): Promise<unknown>;
  /** Doc chunks by number (lib/search/segment.ts DocChunk), or all of them, of the base named `build`. */
  getChunks(keys: number[] | 'all', build?: string): Promise<unknown[]>;
  /** Post blocks by number (lib/search/segment.ts PostBlock) of the base named `build`. */
  getPosts(keys: number[], build: string): Promise<unknown[]>;
  put(items: {
    base: StoredBase;
    ids: StoredIds;
    abs: AbstractPostings;
    chunks: DocChunk[];
    posts: PostBlock[];
    sorts: SortRanks[];
  }): Promise<void>;
}

/** A new base's records are put this long (ms) before the background's other tasks get a turn (as SLICE_MS in
 * ./build-steps.ts, not imported: this module is part of the pages' small early script). */
const PUT_SLICE_MS = 25;

/**
 * The doc chunks are written (and the last build's deleted) in transactions of about this many bytes. In Chrome, a
 * transaction larger than its write batch keeps an undo log in the database, whose deletes once it commits filled
 * Chrome's LevelDB log (15,000–31,000 records at 100,000 papers), replayed at the next launch's first open: 47–172
 * ms of the popup's wait for its base. Small ones commit as one batch.
 */
const TX_BYTES = 256 * 1024;

/** A chunk's key: its build and number, so that a new build's chunks never overwrite those a reader may still use. */
const chunkKey = (build: string, k: number): [string, number] => [build, k];
/** A post block's key, beside its build's chunks in the same store (outside their key range: a string sorts after
 * every number), so that the chunks and blocks of an old build are deleted together. */
const postKey = (build: string, k: number): [string, string, number] => [build, 'p', k];
/** The stored base's build, beside it (a put reads it without reading the base). */
const BUILD_KEY = 'build';

let shared: IndexDb | undefined;

/** One connection per page: the one the page's early reads opened (lib/library/early.ts), else a new one. */
export function sharedIndexDb(): IndexDb {
  shared ??= earlyIndexDb() ?? indexedDbStore();
  return shared;
}

/** IndexedDB in the extension's origin (background, popup and library page share it). */
export function indexedDbStore(name = 'papershelf-index'): IndexDb {
  let opened: Promise<IDBDatabase> | undefined;
  const open = () => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 3);
      req.onupgradeneeded = () => {
        const db = req.result;
        // Version 1 kept the entries in one record, version 2 the chunks by number alone: their records are dropped
        // (the background builds anew; views meanwhile index the library themselves).
        if (db.objectStoreNames.contains('index')) db.deleteObjectStore('index');
        if (db.objectStoreNames.contains('docs')) db.deleteObjectStore('docs');
        db.createObjectStore('index');
        db.createObjectStore('docs');
      };
      req.onsuccess = () => {
        mark('ps:idb-open');
        resolve(req.result);
      };
      req.onerror = () => {
        opened = undefined;
        reject(req.error);
      };
    });
    return opened;
  };
  return {
    async get(key) {
      const db = await open();
      return request(db.transaction('index', 'readonly').objectStore('index').get(key));
    },
    async getChunks(keys, build) {
      if (build === undefined) return keys === 'all' ? [] : keys.map(() => undefined);
      const store = (await open()).transaction('docs', 'readonly').objectStore('docs');
      if (keys === 'all')
        return request(store.getAll(IDBKeyRange.bound([build, 0], [build, Number.POSITIVE_INFINITY])));
      return Promise.all(keys.map((k) => request(store.get(chunkKey(build, k)))));
    },
    async getPosts(keys, build) {
      const store = (await open()).transaction('docs', 'readonly').objectStore('docs');
      return Promise.all(keys.map((k) => request(store.get(postKey(build, k)))));
    },
    async put({ base, ids, abs, chunks, posts, sorts }) {
      const db = await open();
      // The new build's chunks and post blocks first, under their build's keys: readers of the current base read its
      // own meanwhile (a worker stopped here leaves unused records, deleted with the next build's).
      const build = base.base.build;
      const replaced = await request(db.transaction('index', 'readonly').objectStore('index').get(BUILD_KEY));
      const records = [
        ...chunks.map((c) => ({ value: c as DocChunk | PostBlock, key: chunkKey(build, c.k) as IDBValidKey })),
        ...posts.map((p) => ({ value: p as DocChunk | PostBlock, key: postKey(build, p.k) as IDBValidKey })),
      ];
      const parts = byBytes(records, (r) => recordBytes(r.value));
      for (const part of parts)
        await inTransaction(db, 'docs', (docs) => part.map((r) => () => docs.put(r.value, r.key)));
      // Then the base and its records in one transaction: a reader never pairs a base with another build's
      // abstracts or sort ranks (and refuses a chunk of another build: lib/search/segment.ts isDocChunk).
      await inTransaction(db, 'index', (index) => [
        () => index.put(base, 'base'),
        () => index.put(ids, 'ids'),
        () => index.put(abs, 'abs'),
        ...sorts.map((r) => () => index.put(r, `sort:${r.key}`)),
        () => index.put(stampOf(base), 'stamp'),
        () => index.put(build, BUILD_KEY),
      ]);
      // Last, the records of every other build, as many per transaction as were written per transaction; but the post
      // blocks of the build this one replaces stay until the next build: a view opened on it (a popup open as this
      // build was stored) reads its blocks as its queries ask, and found their words in none of its papers once they
      // were deleted. Its doc chunks go (~40 times the blocks' bytes): such a view reads its entries from the
      // snapshot instead.
      const kept = (k: IDBValidKey) =>
        Array.isArray(k) && (k[0] === build || (typeof replaced === 'string' && k[0] === replaced && k[1] === 'p'));
      const keys = await request(db.transaction('docs', 'readonly').objectStore('docs').getAllKeys());
      const old = keys.filter((k) => !kept(k));
      const perTx = Math.max(1, Math.ceil(records.length / Math.max(1, parts.length)));
      for (let i = 0; i < old.length; i += perTx) {
        const part = old.slice(i, i + perTx);
        await inTransaction(db, 'docs', (docs) => part.map((k) => () => docs.delete(k)));
      }
    },
  };
}

const recordBytes = (r: DocChunk | PostBlock) =>
  'docs' in r
    ? r.docs.byteLength + r.off.byteLength
    : r.post[0].byteLength + r.post[1].byteLength + r.postOff[0].byteLength + r.postOff[1].byteLength;

/** Items cut into runs of about TX_BYTES (each at least one item). */
function byBytes<T>(items: T[], size: (item: T) => number): T[][] {
  const out: T[][] = [];
  let part: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (part.length && bytes >= TX_BYTES) {
      out.push(part);
      part = [];
      bytes = 0;
    }
    part.push(item);
    bytes += size(item);
  }
  if (part.length) out.push(part);
  return out;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/**
 * One readwrite transaction over one store, its writes made a slice at a time: each value is copied as it is put
 * (100,000 papers' records took ~0.9 s at once), the next slice from the last one's success (the transaction is
 * still active then), so the background's other tasks run between slices.
 */
function inTransaction(
  db: IDBDatabase,
  name: string,
  writesOf: (store: IDBObjectStore) => (() => IDBRequest)[],
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const tx = db.transaction(name, 'readwrite');
    const writes = writesOf(tx.objectStore(name));
    let next = 0;
    const slice = () => {
      const since = Date.now();
      let last: IDBRequest | undefined;
      while (next < writes.length && (!last || Date.now() - since < PUT_SLICE_MS))
        last = (writes[next++] as () => IDBRequest)();
      if (last && next < writes.length) last.onsuccess = slice;
    };
    slice();
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function stampOf(base: StoredBase): IndexStamp {
  const { v, seq, shardSeq, absSeq, buildMs } = base;
  return { v, seq, shardSeq, absSeq, buildMs, segment: SEGMENT_VERSION };
}

/** The same in memory (unit tests, benchmarks): values pass through structuredClone as IndexedDB does. */
export function memoryIndexDb(): IndexDb & { puts: number } {
  const data = new Map<string, unknown>();
  let chunks = new Map<number, unknown>();
  // Post blocks by build: the stored build's and the one it replaced, as indexedDbStore keeps them.
  let blocks = new Map<string, Map<number, unknown>>();
  return {
    puts: 0,
    async get(key) {
      const v = data.get(key);
      return v === undefined ? undefined : structuredClone(v);
    },
    async getChunks(keys) {
      if (keys === 'all') return [...chunks.values()].map((c) => structuredClone(c));
      return keys.map((k) => (chunks.has(k) ? structuredClone(chunks.get(k)) : undefined));
    },
    async getPosts(keys, build) {
      const of = blocks.get(build);
      return keys.map((k) => (of?.has(k) ? structuredClone(of.get(k)) : undefined));
    },
    async put({ base, ids, abs, chunks: list, posts, sorts }) {
      this.puts += 1;
      data.set('base', structuredClone(base));
      data.set('ids', structuredClone(ids));
      data.set('abs', structuredClone(abs));
      for (const r of sorts) data.set(`sort:${r.key}`, structuredClone(r));
      data.set('stamp', stampOf(base));
      chunks = new Map(list.map((c) => [c.k, structuredClone(c)]));
      const build = base.base.build;
      const replaced = data.get(BUILD_KEY);
      const kept = typeof replaced === 'string' && replaced !== build ? blocks.get(replaced) : undefined;
      blocks = new Map([[build, new Map(posts.map((p) => [p.k, structuredClone(p)]))]]);
      if (kept && typeof replaced === 'string') blocks.set(replaced, kept);
      data.set(BUILD_KEY, build);
    },
  };
}
