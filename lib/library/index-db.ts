/**
 * The search index's database (issue 12): two object stores in the extension's IndexedDB, `index` (the base, its
 * abstracts' postings, the sort ranks and the stamp) and `docs` (the doc chunks), written in one transaction by the
 * background and read by the views. Kept apart from lib/library/index-store.ts (what is stored, and when it is
 * rebuilt) so that a page's early-read script (entrypoints/early.ts) opens it without the rest.
 */
import type { AbstractPostings, DocChunk, SortRanks } from '../search/segment';
import { SEGMENT_VERSION } from '../search/segment';
import { earlyIndexDb } from './early';
import type { IndexStamp, StoredBase, StoredIds } from './index-store';
import { mark } from './marks';
import type { SortKey } from './sort';

/** The records the index keeps: the base and its ids (read at open), its abstracts' postings (read after first
 * paint), the doc chunks and the sort ranks (read as a view needs them). */
export interface IndexDb {
  /** `stamp` is the base's write counts alone: the background checks it without reading the whole base. */
  get(key: 'base' | 'ids' | 'abs' | 'stamp' | `sort:${SortKey}`): Promise<unknown>;
  /** Doc chunks by number (lib/search/segment.ts DocChunk), or all of them. */
  getChunks(keys: number[] | 'all'): Promise<unknown[]>;
  put(items: {
    base: StoredBase;
    ids: StoredIds;
    abs: AbstractPostings;
    chunks: DocChunk[];
    sorts: SortRanks[];
  }): Promise<void>;
}

/** A new base's records are put this long (ms) before the background's other tasks get a turn (as SLICE_MS in
 * ./build-steps.ts, not imported: this module is part of the pages' small early script). */
const PUT_SLICE_MS = 25;

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
      const req = indexedDB.open(name, 2);
      req.onupgradeneeded = () => {
        const db = req.result;
        // Version 1 kept the entries in one record: its records are dropped (the background builds anew).
        if (db.objectStoreNames.contains('index')) db.deleteObjectStore('index');
        db.createObjectStore('index');
        if (!db.objectStoreNames.contains('docs')) db.createObjectStore('docs');
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
  const request = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  return {
    async get(key) {
      const db = await open();
      return request(db.transaction('index', 'readonly').objectStore('index').get(key));
    },
    async getChunks(keys) {
      const store = (await open()).transaction('docs', 'readonly').objectStore('docs');
      if (keys === 'all') return request(store.getAll());
      return Promise.all(keys.map((k) => request(store.get(k))));
    },
    async put({ base, ids, abs, chunks, sorts }) {
      const db = await open();
      await new Promise<void>((resolve, reject) => {
        // One transaction: a reader never pairs a base with another build's abstracts or entries.
        const tx = db.transaction(['index', 'docs'], 'readwrite');
        const index = tx.objectStore('index');
        const docs = tx.objectStore('docs');
        const writes: (() => IDBRequest)[] = [
          () => docs.clear(),
          ...chunks.map((c) => () => docs.put(c, c.k)),
          () => index.put(base, 'base'),
          () => index.put(ids, 'ids'),
          () => index.put(abs, 'abs'),
          ...sorts.map((r) => () => index.put(r, `sort:${r.key}`)),
          () => index.put(stampOf(base), 'stamp'),
        ];
        // Each value is copied as it is put: 100,000 papers' records took ~0.9 s at once. They are put a slice at a
        // time, the next slice from the last one's success (the transaction is still active then), so the
        // background's other tasks run between slices.
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
    },
  };
}

function stampOf(base: StoredBase): IndexStamp {
  const { v, seq, shardSeq, absSeq, buildMs } = base;
  return { v, seq, shardSeq, absSeq, buildMs, segment: SEGMENT_VERSION };
}

/** The same in memory (unit tests, benchmarks): values pass through structuredClone as IndexedDB does. */
export function memoryIndexDb(): IndexDb & { puts: number } {
  const data = new Map<string, unknown>();
  let chunks = new Map<number, unknown>();
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
    async put({ base, ids, abs, chunks: list, sorts }) {
      this.puts += 1;
      data.set('base', structuredClone(base));
      data.set('ids', structuredClone(ids));
      data.set('abs', structuredClone(abs));
      for (const r of sorts) data.set(`sort:${r.key}`, structuredClone(r));
      data.set('stamp', stampOf(base));
      chunks = new Map(list.map((c) => [c.k, structuredClone(c)]));
    },
  };
}
