/**
 * The persisted search index (issue 12), kept by the background: one base segment of the whole library in
 * IndexedDB (lib/search/segment.ts), stamped with the per-shard write counts of the storage it was built from.
 * Views load it instead of indexing 100,000 papers at open, and read again only the shards written since
 * (`staleShards`). storage.local stays the truth: the index is a cache, rebuilt when missing, damaged, from
 * another library, or when enough shards have changed that views would spend more reading them than the rebuild
 * costs the background once.
 */

import {
  type AbstractPostings,
  type BaseSegment,
  type DocChunk,
  type DocTable,
  isBaseSegment,
  SEGMENT_VERSION,
  type SortRanks,
} from '../search/segment';
import { buildSegment, chunkDocs, type SegmentInput } from '../search/segment-build';
import { countTags } from './reader';
import {
  KEY,
  type LibraryMeta,
  readAbstractShard,
  readMeta,
  readSnapshotShard,
  type SnapEntry,
  snapOrder,
} from './schema';
import { SORT_KEYS, type SortKey, sortRanks } from './sort';
import type { Log, StorageArea } from './storage-area';

/** Entries up to this size are stored in the base record (~15,000 papers). */
export const INLINE_DOCS_BYTES = 5 * 1024 * 1024;

/** The two records the index keeps: the base (read at open) and its abstracts' postings (read after first paint). */
export interface IndexDb {
  /** `stamp` is the base's write counts alone: the background checks it without reading the whole base. */
  get(key: 'base' | 'abs' | 'stamp' | `sort:${SortKey}`): Promise<unknown>;
  /** Doc chunks by number (lib/search/segment.ts DocChunk), or all of them. */
  getChunks(keys: number[] | 'all'): Promise<unknown[]>;
  put(items: { base: StoredBase; abs: AbstractPostings; chunks: DocChunk[]; sorts: SortRanks[] }): Promise<void>;
}

export interface StoredBase {
  v: 1;
  seq: number;
  shardSeq: number[];
  absSeq: number[];
  /** Tag counts and sites of the papers in the base (views adjust them per change), in all and per shard (a view
   * takes a stale shard's share out before counting its current papers). */
  tags: [string, number][];
  sites: string[];
  shardTags: [string, number][][];
  shardSites: [string, number][][];
  /** The entries of a small library (≤ INLINE_DOCS_BYTES), else read by the chunk. */
  docs?: DocTable;
  /** How long the background took to read the library and build this base (reported by the benchmarks). */
  buildMs?: number;
  base: BaseSegment;
}

export type IndexStamp = Pick<StoredBase, 'v' | 'seq' | 'shardSeq' | 'absSeq' | 'buildMs'> & { segment?: number };

/** A stamp of this version's segment layout (an older layout is rebuilt). */
export function readStamp(v: unknown): IndexStamp | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Partial<IndexStamp>;
  return s.v === 1 &&
    s.segment === SEGMENT_VERSION &&
    typeof s.seq === 'number' &&
    Array.isArray(s.shardSeq) &&
    Array.isArray(s.absSeq)
    ? (s as IndexStamp)
    : undefined;
}

export function readStoredBase(v: unknown): StoredBase | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Partial<StoredBase>;
  if (s.v !== 1 || typeof s.seq !== 'number' || !Array.isArray(s.shardSeq) || !Array.isArray(s.absSeq))
    return undefined;
  if (!Array.isArray(s.tags) || !Array.isArray(s.sites) || !isBaseSegment(s.base)) return undefined;
  if (!Array.isArray(s.shardTags) || !Array.isArray(s.shardSites)) return undefined;
  return s as StoredBase;
}

/** Shards whose snapshot (and abstracts) were written after the base was built. */
export function staleShards(meta: LibraryMeta, stored: IndexStamp): { snap: number[]; abs: number[] } {
  const snap: number[] = [];
  const abs: number[] = [];
  for (let n = 0; n < meta.shardCount; n++) {
    if ((meta.shardSeq[n] ?? 0) !== (stored.shardSeq[n] ?? -1)) snap.push(n);
    if ((meta.absSeq[n] ?? 0) !== (stored.absSeq[n] ?? -1)) abs.push(n);
  }
  return { snap, abs };
}

/**
 * Whether views should get a new base: none yet, one from a library that has since been replaced (its seq is ahead
 * of storage's), or more changed shards than a view reads in a few milliseconds at open.
 */
export function needsRebuild(meta: LibraryMeta, stored: IndexStamp | undefined): boolean {
  if (!stored) return meta.shardCount > 0;
  if (stored.seq > meta.seq || meta.shardCount < stored.shardSeq.length) return true;
  const { snap, abs } = staleShards(meta, stored);
  // A stale shard costs a view ~0.3 ms at open (read and index 100 papers); a rebuild costs the background about
  // 0.1 ms per paper. Past a handful of shards (or of new abstracts), views gain more than the rebuild costs.
  return snap.length > Math.max(8, meta.shardCount / 50) || abs.length > 4;
}

/**
 * Reads the library in one consistent storage.get (meta, every snapshot and abstract shard) and stores a new base.
 * Runs in the background outside the write queue: a single get sees one state of storage, and the base is
 * stamped with that state's write counts, so any write after it shows up as a stale shard.
 */
export async function buildIndex(storage: StorageArea, db: IndexDb, log: Log): Promise<{ papers: number; ms: number }> {
  const t0 = Date.now();
  let meta = readMeta((await storage.get(KEY.meta))[KEY.meta]);
  let got: Record<string, unknown> = {};
  for (let attempt = 0; attempt < 3; attempt++) {
    const keys: string[] = [KEY.meta];
    for (let n = 0; n < meta.shardCount; n++) keys.push(KEY.snap(n), KEY.abstracts(n));
    got = await storage.get(keys);
    const now = readMeta(got[KEY.meta]);
    const grew = now.shardCount > meta.shardCount;
    meta = now;
    if (!grew) break;
  }
  const input: SegmentInput[] = [];
  const entries: SnapEntry[] = [];
  for (let n = 0; n < meta.shardCount; n++) {
    const snap = readSnapshotShard(got[KEY.snap(n)]);
    if (!snap) continue;
    const abs = readAbstractShard(got[KEY.abstracts(n)])?.abstracts ?? {};
    for (const entry of Object.values(snap.papers)) {
      const text = abs[entry.id];
      input.push(typeof text === 'string' ? { entry, shard: n, abstract: text } : { entry, shard: n });
      entries.push(entry);
    }
  }
  const { base, abstracts, docs } = buildSegment(input, snapOrder);
  const stored: StoredBase = {
    v: 1,
    seq: meta.seq,
    shardSeq: Array.from({ length: meta.shardCount }, (_, n) => meta.shardSeq[n] ?? 0),
    absSeq: Array.from({ length: meta.shardCount }, (_, n) => meta.absSeq[n] ?? 0),
    tags: countTags(entries).map((t) => [t.tag, t.count]),
    sites: [...new Set(entries.flatMap((e) => e.sites))].sort(),
    shardTags: perShard(input, (e) => e.tags),
    shardSites: perShard(input, (e) => e.sites),
    base,
  };
  // A small library's entries ride in the base record (one read at open); a large one's are read by the chunk.
  if (docs.docs.byteLength <= INLINE_DOCS_BYTES) stored.docs = docs;
  // Each table column's order, so that a view sorts 100,000 rows in one pass (lib/library/sort.ts).
  const sorts: SortRanks[] = SORT_KEYS.map((key) => ({
    v: SEGMENT_VERSION,
    build: base.build,
    key,
    rank: sortRanks(entries, key),
  }));
  stored.buildMs = Date.now() - t0;
  await db.put({ base: stored, abs: abstracts, chunks: chunkDocs(docs), sorts });
  const ms = Date.now() - t0;
  log('info', `search index built: ${input.length} papers in ${ms} ms`);
  return { papers: input.length, ms };
}

function perShard(input: SegmentInput[], of: (e: SnapEntry) => string[]): [string, number][][] {
  const out: Map<string, number>[] = [];
  for (const { entry, shard } of input) {
    const m = out[shard] ?? new Map<string, number>();
    out[shard] = m;
    for (const x of of(entry)) m.set(x, (m.get(x) ?? 0) + 1);
  }
  return Array.from(out, (m) => (m ? [...m] : []));
}

/** A snapshot entry good enough to index (a damaged one is skipped: the library page reports damage). */

let shared: IndexDb | undefined;

/** One connection per page: the popup's early reads and its main script use the same (lib/library/early.ts). */
export function setSharedIndexDb(db: IndexDb): void {
  shared = db;
}

export function sharedIndexDb(): IndexDb {
  shared ??= indexedDbStore();
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
      req.onsuccess = () => resolve(req.result);
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
    async put({ base, abs, chunks, sorts }) {
      const db = await open();
      await new Promise<void>((resolve, reject) => {
        // One transaction: a reader never pairs a base with another build's abstracts or entries.
        const tx = db.transaction(['index', 'docs'], 'readwrite');
        const index = tx.objectStore('index');
        const docs = tx.objectStore('docs');
        docs.clear();
        for (const c of chunks) docs.put(c, c.k);
        index.put(base, 'base');
        index.put(abs, 'abs');
        for (const r of sorts) index.put(r, `sort:${r.key}`);
        index.put(stampOf(base), 'stamp');
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
    async put({ base, abs, chunks: list, sorts }) {
      this.puts += 1;
      data.set('base', structuredClone(base));
      data.set('abs', structuredClone(abs));
      for (const r of sorts) data.set(`sort:${r.key}`, structuredClone(r));
      data.set('stamp', stampOf(base));
      chunks = new Map(list.map((c) => [c.k, structuredClone(c)]));
    },
  };
}

/**
 * Called by the background after writes (debounced) and at start: builds a new base when views would gain from
 * one. Reads only the small stamp to decide.
 */
export async function refreshIndex(storage: StorageArea, db: IndexDb, log: Log): Promise<boolean> {
  const meta = readMeta((await storage.get(KEY.meta))[KEY.meta]);
  const stamp = readStamp(await db.get('stamp').catch(() => undefined));
  if (!needsRebuild(meta, stamp)) return false;
  await buildIndex(storage, db, log);
  return true;
}
