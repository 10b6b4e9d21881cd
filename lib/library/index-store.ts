/**
 * The persisted search index (issue 12), kept by the background: one base segment of the whole library in
 * IndexedDB (lib/search/segment.ts), stamped with the per-shard write counts of the storage it was built from.
 * Views load it instead of indexing 100,000 papers at open, and read again only the shards written since
 * (`staleShards`). storage.local stays the truth: the index is a cache, rebuilt when missing, damaged, from
 * another library, or when enough shards have changed that views would spend more reading them than the rebuild
 * costs the background once.
 */

import {
  type BaseIds,
  type BaseSegment,
  chunkOf,
  DOC_CHUNK,
  type DocChunk,
  type DocTable,
  isBaseIds,
  isBaseSegment,
  isPostBlock,
  type PostBlock,
  SEGMENT_VERSION,
  type SortRanks,
} from '../search/segment';
import { type SegmentInput, segmentBuilder } from '../search/segment-build';
import { inSlices, pause, readWholeLibrary, runSteps } from './build-steps';
import type { IndexDb } from './index-db';
import { tagList } from './reader';
import {
  type IndexSeq,
  KEY,
  type LibraryMeta,
  readAbstractShard,
  readIndexSeq,
  readMeta,
  readSnapshotShard,
  type SnapEntry,
  snapOrder,
} from './schema';
import { SORT_KEYS, sortRanksSteps } from './sort';
import type { Log, StorageArea } from './storage-area';
import { type StoredMirror, VIEW_KEYS } from './stored-mirror';

/** Entries up to this size are stored in the base record (~1,500 papers): beyond, the base stays small (a typed
 * query waits for it), and a query reads the few doc chunks it needs. */
export const INLINE_DOCS_BYTES = 512 * 1024;

export interface StoredBase {
  v: 1;
  seq: number;
  shardSeq: number[];
  absSeq: number[];
  /** Tag and site counts of the papers in the base (views adjust them per change). */
  tags: [string, number][];
  sites: [string, number][];
  /** The entries of a small library (≤ INLINE_DOCS_BYTES), else read by the chunk. */
  docs?: DocTable;
  /** A small library's post blocks (with its entries inline), else read by the block as queries need them. */
  posts?: PostBlock[];
  /** How long the background took to read the library and build this base (reported by the benchmarks). */
  buildMs?: number;
  base: BaseSegment;
}

/** The base's ids record (lib/search/segment.ts BaseIds) with each shard's share of the tag and site counts (a view
 * takes a stale shard's share out before counting its current papers). */
export interface StoredIds {
  ids: BaseIds;
  shardTags: [string, number][][];
  shardSites: [string, number][][];
}

export function readStoredIds(v: unknown, base: BaseSegment): StoredIds | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Partial<StoredIds>;
  return isBaseIds(s.ids, base) && Array.isArray(s.shardTags) && Array.isArray(s.shardSites)
    ? (s as StoredIds)
    : undefined;
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
  const base = s.base;
  // Inline post blocks are all of them, each checked (else the record is refused: the view indexes the library).
  if (s.posts !== undefined) {
    const all = Array.isArray(s.posts) && s.posts.length === base.postStart.length - 1;
    if (!all || !s.posts.every((b, k) => isPostBlock(b, base) && b.k === k)) return undefined;
  }
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

/** At most this many shards are read ahead of the base (more: the background is about to rebuild it anyway). */
const PREDICTED_MAX = 64;

/**
 * The shard keys written since a base built at write count `seq` (KEY.indexSeq), from the meta alone: a view starts
 * reading them while the base is still on its way. A prediction only: staleShards, with the base in hand, decides.
 */
export function predictedStaleKeys(meta: LibraryMeta, seq: number): string[] {
  const keys: string[] = [];
  for (let n = 0; n < meta.shardCount; n++) {
    if ((meta.shardSeq[n] ?? 0) > seq) keys.push(KEY.snap(n));
    if ((meta.absSeq[n] ?? 0) > seq) keys.push(KEY.abstracts(n));
  }
  return keys.length <= PREDICTED_MAX ? keys : [];
}

/** Tells views the write count the stored base was built at (KEY.indexSeq), when storage does not say so yet. */
async function noteIndexSeq(storage: StorageArea, seq: number, known?: unknown): Promise<void> {
  if (readIndexSeq(known) === seq) return;
  const value: IndexSeq = { v: 1, seq };
  await storage.set({ [KEY.indexSeq]: value });
}

/**
 * Whether views should get a new base: none yet, one from a library that has since been replaced (its seq is ahead
 * of storage's), or more changed shards than a view reads in a few milliseconds at open.
 */
export function needsRebuild(meta: LibraryMeta, stored: IndexStamp | undefined): boolean {
  if (!stored) return meta.shardCount > 0;
  if (stored.seq > meta.seq || meta.shardCount < stored.shardSeq.length) return true;
  const { snap, abs } = staleShards(meta, stored);
  // A stale shard costs a view at open its read and the indexing of its 100 papers: in Node at 100,000 papers the
  // quick search took 3.5 ms more with one (~20 ms the first time, code not yet compiled: a cold popup meets that)
  // and 31 ms more with twenty; a rebuild costs the background about 0.1–0.2 ms per paper (10–21 s at 100,000).
  // Past a handful of shards (or of new abstracts), views gain more than the rebuild costs. Measured since in
  // Chromium after a restart (100,000 papers): each stale shard costs the popup's quick search ~5–6 ms (5 shards: 35
  // ms of its build, 15: 72), so the 20 allowed at 100,000 papers can add ~110 ms to a typed answer; rebuilding
  // sooner means more builds of 21–25 s of the service worker at 100,000 papers (run in slices, messages answered
  // meanwhile: ./build-steps.ts), competing with feed pages for the CPU. Not yet weighed.
  return snap.length > Math.max(8, meta.shardCount / 50) || abs.length > 4;
}

/**
 * Reads the library as one state of storage (meta, every snapshot and abstract shard: readWholeLibrary) and stores
 * a new base. Runs in the background outside the write queue, a piece at a time, so messages and writes go on
 * meanwhile; the base is stamped with the write counts of the state it read, so any write after it shows up as a
 * stale shard.
 */
export async function buildIndex(storage: StorageArea, db: IndexDb, log: Log): Promise<{ papers: number; ms: number }> {
  const t0 = Date.now();
  // Read, parsed and indexed a piece at a time (./build-steps.ts): the background answers messages meanwhile.
  const { meta, got } = await readWholeLibrary(storage);
  const input: SegmentInput[] = [];
  let n = 0;
  await inSlices(() => {
    if (n >= meta.shardCount) return false;
    const snap = readSnapshotShard(got[KEY.snap(n)]);
    const abs = snap ? (readAbstractShard(got[KEY.abstracts(n)])?.abstracts ?? {}) : {};
    for (const entry of Object.values(snap?.papers ?? {})) {
      const text = abs[entry.id];
      input.push(typeof text === 'string' ? { entry, shard: n, abstract: text } : { entry, shard: n });
    }
    n++;
    return true;
  });
  // `entries` come back in doc order (ids ascending): the sort ranks below are indexed by doc.
  const builder = segmentBuilder(input, snapOrder);
  await inSlices(() => builder.step(50));
  await pause();
  const { base, ids, abstracts, posts, docs, entries } = builder.finish();
  await pause();
  const stored: StoredBase = {
    v: 1,
    seq: meta.seq,
    shardSeq: Array.from({ length: meta.shardCount }, (_, n) => meta.shardSeq[n] ?? 0),
    absSeq: Array.from({ length: meta.shardCount }, (_, n) => meta.absSeq[n] ?? 0),
    base,
    ...(await runSteps(tallies(entries))),
  };
  const storedIds: StoredIds = { ids, ...(await runSteps(shardTallies(input))) };
  // A small library's entries ride in the base record (one read at open); a large one's are read by the chunk.
  const inline = docs.docs.byteLength <= INLINE_DOCS_BYTES;
  if (inline) {
    stored.docs = docs;
    stored.posts = posts;
  }
  // Each table column's order, so that a view sorts 100,000 rows in one pass (lib/library/sort.ts).
  const sorts: SortRanks[] = [];
  for (const key of SORT_KEYS) {
    sorts.push({ v: SEGMENT_VERSION, build: base.build, key, ...(await runSteps(sortRanksSteps(entries, key))) });
  }
  stored.buildMs = Date.now() - t0;
  // The doc table cut into its stored chunks, a few at a time (at 100,000 papers at once: ~190 ms, traced).
  const chunks: DocChunk[] = [];
  const chunkCount = Math.ceil(base.n / DOC_CHUNK);
  await inSlices(() => {
    if (chunks.length < chunkCount) chunks.push(chunkOf(docs, chunks.length, true));
    return chunks.length < chunkCount;
  });
  // (A small library's post blocks are stored as records too, a few KB: reading by the block works at every size.)
  await db.put({ base: stored, ids: storedIds, abs: abstracts, chunks, posts, sorts });
  await noteIndexSeq(storage, stored.seq);
  const ms = Date.now() - t0;
  log('info', `search index built: ${input.length} papers in ${ms} ms`);
  return { papers: input.length, ms };
}

/** Steps over this many papers at a time (the rebuild's counts: at 100,000 papers at once ~160 ms, traced). */
const TALLY_STEP = 1_000;

/** The base's tag counts (as the views list them: lib/library/reader.ts countTags) and site counts. */
function* tallies(entries: SnapEntry[]): Generator<void, Pick<StoredBase, 'tags' | 'sites'>> {
  const tags = new Map<string, number>();
  const sites = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as SnapEntry;
    for (const t of e.tags) tags.set(t, (tags.get(t) ?? 0) + 1);
    for (const x of e.sites) sites.set(x, (sites.get(x) ?? 0) + 1);
    if (i % TALLY_STEP === TALLY_STEP - 1) yield;
  }
  return {
    tags: tagList(tags).map((t) => [t.tag, t.count]),
    sites: [...sites].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  };
}

/** Each shard's share of the tag and site counts. */
function* shardTallies(input: SegmentInput[]): Generator<void, Pick<StoredIds, 'shardTags' | 'shardSites'>> {
  const tags: Map<string, number>[] = [];
  const sites: Map<string, number>[] = [];
  for (let i = 0; i < input.length; i++) {
    const { entry, shard } = input[i] as SegmentInput;
    const t = tags[shard] ?? new Map<string, number>();
    const s = sites[shard] ?? new Map<string, number>();
    tags[shard] = t;
    sites[shard] = s;
    for (const x of entry.tags) t.set(x, (t.get(x) ?? 0) + 1);
    for (const x of entry.sites) s.set(x, (s.get(x) ?? 0) + 1);
    if (i % TALLY_STEP === TALLY_STEP - 1) yield;
  }
  const list = (ms: Map<string, number>[]) => Array.from(ms, (m) => (m ? [...m] : []));
  return { shardTags: list(tags), shardSites: list(sites) };
}

/**
 * Called by the background after writes (debounced) and at start: builds a new base when views would gain from
 * one. Reads only the small stamp to decide.
 */
export async function refreshIndex(storage: StorageArea, db: IndexDb, log: Log): Promise<boolean> {
  const got = await storage.get([KEY.meta, KEY.indexSeq]);
  const meta = readMeta(got[KEY.meta]);
  const stamp = readStamp(await db.get('stamp').catch(() => undefined));
  if (!needsRebuild(meta, stamp)) {
    // A base built before views read ahead (or a note lost): said now.
    if (stamp) await noteIndexSeq(storage, stamp.seq, got[KEY.indexSeq]);
    return false;
  }
  await buildIndex(storage, db, log);
  return true;
}

/**
 * Reads what views read at open into the mirror (lib/library/stored-mirror.ts): the view keys, then the shards
 * written since the index's build (a view reads them again at open) as the library read them at its start
 * (library.ts holdStaleShards: one read of storage for both).
 */
export async function holdViewKeys(
  mirror: StoredMirror,
  storage: Pick<StorageArea, 'get'>,
  staleShards: Promise<Record<string, unknown>>,
): Promise<void> {
  const keys = [...VIEW_KEYS];
  // Taken before either read is asked: a key told changed after it is not taken from them.
  const before = mirror.mark();
  mirror.took(keys, await storage.get(keys), before);
  const shards = await staleShards;
  mirror.took(Object.keys(shards), shards, before);
}
