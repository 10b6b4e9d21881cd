/**
 * The read side shared by the popup and the library page (issue 12): one way to load the library (the head for
 * the first paint, then the persisted search index plus the shards written since it was built), to follow changes
 * (one paper at a time: nothing is rebuilt), and to count tags and sites. Storage, the index database and the
 * change event are passed in by the entrypoint, so this module runs in tests without a browser.
 */
import { createSearch, docFromSnap, type Hit, MissingDocs, type Search } from '../search/index';
import { isAbstractPostings, isSortRanks, type SegmentView } from '../search/segment';
import { changedShards, readBase } from './base-open';
import {
  idsAfterQuickAnswer,
  type Missing,
  type QuickSearch,
  quickSearch,
  readAllBlocks,
  readBlocks,
  readChunks,
} from './base-reads';
import type { IndexDb } from './index-db';
import { readStoredIds, type StoredBase, type StoredIds } from './index-store';
import { mark, marked } from './marks';
import { type LibraryChange, loadSnapshot } from './reader';
import { KEY, readAbstractShard, readSnapshotShard, type SnapEntry } from './schema';
import { type Ranked, type SortKey, valueRuns } from './sort';
import type { StorageArea } from './storage-area';

/**
 * Base docs taken into memory per task when a search lists many of them (the library's table lists every paper):
 * ~10–20 ms of work each here, so the page paints and scrolls between them instead of stalling for a second.
 */
const TAKE_SLICE = 2_048;

/** Lets the page run (input, a frame) before the next slice: a message to ourselves, not a clamped timer. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

/** An idle period where the page has them (between frames, no input waiting), else the next task. */
function idleTask(): Promise<void> {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number })
    .requestIdleCallback;
  return idle ? new Promise((resolve) => idle(() => resolve(), { timeout: 1_000 })) : nextTask();
}

export interface LibraryIndex {
  search: Search<SnapEntry>;
  /** A search that first reads the snapshot entries it needs (a shard at a time, from storage.local). */
  searchAsync(query: string, options?: { limit?: number }): Promise<Hit<SnapEntry>[]>;
  /** Reads the entries of these papers if they are not in memory yet (get() then knows them). */
  load(ids: string[]): Promise<void>;
  /** Starts reading what a search asked for (MissingDocs) at once; searchAsync then waits for the same read. */
  prefetch(missing: Missing): void;
  /** The current entry of a paper (undefined when the library does not hold it). */
  get(id: string): SnapEntry | undefined;
  readonly size: number;
  /** Tags by use (most used first, then by name), and the sites papers were seen on. */
  tags(): { tag: string; count: number }[];
  sites(): string[];
  /** Applies a change (from storage.onChanged, or an optimistic one) paper by paper. */
  apply(
    change: Pick<LibraryChange, 'upserted' | 'removed'> & {
      abstracts?: Map<string, string>;
      previous?: Map<string, SnapEntry>;
    },
  ): void;
  /** Reads what search needs beyond the first query: the abstracts' postings (or texts, without a base). */
  loadAbstracts(): Promise<void>;
  /**
   * Reads every post block not read yet, a few per idle period (lib/library/base-reads.ts readAllBlocks): a view that
   * stays open across rebuilds (the second deletes its build's blocks) keeps finding every word.
   */
  readAllBlocks(): Promise<void>;
  /** Abstract texts for snippets and phrases, read a shard at a time for the papers a query shows. */
  ensureAbstracts(ids: string[]): Promise<boolean>;
  /**
   * A table column's stored ranks for lib/library/sort.ts sortPapers (undefined without a base, or when the record
   * is missing or from another build): papers as this index's base holds them are placed by their rank.
   */
  sortRanks(key: SortKey): Promise<Ranked | undefined>;
  /**
   * Damage met while reading (snapshot shards unreadable or with broken entries, or the library's meta lost while
   * papers exist): the view asks the background, the one writer, to repair it from the per-paper records.
   */
  readonly damaged: boolean;
  /** How this index was opened: from the persisted base (with n stale shards read again) or built here. */
  readonly source: { kind: 'base'; stale: number } | { kind: 'built' };
  /** The persisted build this index reads (undefined when it was built here). */
  readonly build: string | undefined;
}

/** A record the background wrote for another build than `build` (a rebuild replaced this view's). */
function ofOtherBuild(v: unknown, build: string): boolean {
  const b = typeof v === 'object' && v !== null ? (v as { build?: unknown }).build : undefined;
  return typeof b === 'string' && b !== build;
}

/**
 * Opens the library for reading. With a persisted base, the cost is two IndexedDB reads (the base, then its ids)
 * plus the stale shards; without one (a new install, or the background has not built it yet) every snapshot shard is read
 * and indexed here, as before issue 12. `onQuick` gets a quick search as soon as the base's first record (and any
 * shard written since the build) is in.
 */
export async function openLibraryIndex(
  storage: Pick<StorageArea, 'get'>,
  db: Pick<IndexDb, 'get' | 'getChunks' | 'getPosts'> | undefined,
  early?: { meta: Promise<Record<string, unknown>>; base: Promise<unknown> },
  onQuick?: (quick: QuickSearch) => void,
  onDamage?: (build: string) => void,
  /**
   * Told when a record this view reads later (the abstracts' postings, a column's ranks) belongs to a newer build:
   * the view's own is gone, and a view opened now reads the new one (lib/library/hooks.ts reopens).
   */
  onReplaced?: () => void,
): Promise<LibraryIndex> {
  mark('ps:open');
  const { metaRaw, quickView, stale, staleGot, staleRead, words, ...first } = await readBase(storage, db, early);
  let usable = first.usable;
  // A post block or doc chunk the base names but the database lost: said once per view (the background checks).
  let told = false;
  const lost = (what: string) => {
    if (told || !quickView) return;
    told = true;
    console.warn(
      `[PaperShelf] search index ${what} missing (a newer build replaced them, or damage); asking the background to check`,
    );
    onDamage?.(quickView.seg.build);
  };
  const readPosts = async (v: SegmentView, blocks: number[]) => {
    if (db && blocks.length && (await readBlocks(db, v, blocks))) lost('post blocks (their words are not searched)');
  };
  if (usable && quickView && db && onQuick) {
    mark('ps:quick');
    const quick = quickSearch(
      quickView,
      async ({ docs, blocks }) => {
        const [unread] = await Promise.all([readChunks(db, quickView, docs), readPosts(quickView, blocks)]);
        if (unread.length) lost('doc chunks (read from the snapshot instead)');
        return unread;
      },
      changedShards({ stale, staleRead }),
      words,
    );
    mark('ps:quick-built');
    onQuick(quick);
    await idsAfterQuickAnswer(quick);
  }
  let storedIds: StoredIds | undefined;
  if (usable && db) {
    storedIds = readStoredIds(await marked('ps:ids', db.get('ids')).catch(() => undefined), usable.base);
    // A base without its ids (damaged, or from another build) is not used: the view indexes the library itself.
    if (!storedIds) usable = undefined;
  }
  const shardOf = new Map<string, number>();
  const tagCounts = new Map<string, number>();
  const siteCounts = new Map<string, number>();
  let view: SegmentView | undefined;
  let search: Search<SnapEntry>;
  const staleSnap: number[] = [];
  let damaged = false;

  const count = (e: SnapEntry, k: number) => {
    for (const t of e.tags) tagCounts.set(t, (tagCounts.get(t) ?? 0) + k);
    for (const s of e.sites) siteCounts.set(s, (siteCounts.get(s) ?? 0) + k);
  };
  const get = (id: string) => search.get(id);
  // Tag and site counts follow each change; the paper's previous entry comes with the change (storage's old value)
  // when this view never read it.
  const upsert = (e: SnapEntry, abstract?: string, previous?: SnapEntry, counted = false, baseDoc?: number) => {
    const old = counted ? undefined : (get(e.id) ?? previous);
    if (old) count(old, -1);
    count(e, 1);
    search.upsert(e, abstract, baseDoc);
  };
  const remove = (id: string, previous?: SnapEntry) => {
    const old = get(id) ?? previous;
    if (old) count(old, -1);
    search.remove(id);
  };

  if (usable && storedIds && quickView) {
    view = quickView;
    view.setIds(storedIds.ids);
    search = createSearch<SnapEntry>([], docFromSnap, { base: view, fromEntry: (e) => e, words });
    baseCounts(usable, tagCounts, siteCounts);
    const { snap, abs } = stale;
    mark(`ps:stale-${snap.length}-${abs.length}`);
    staleSnap.push(...snap);
    const absSet = new Set(abs);
    const got = staleGot;
    const byShard = baseDocsByShard(view, new Set(snap));
    // Positions within a stale shard (its base docs are contiguous): no id map over the whole base is needed.
    const docIn = (n: number, id: string): number | undefined => byShard.get(n)?.get(id);
    for (const n of snap) {
      const shard = staleRead.get(n);
      if (!shard || shard.dropped) damaged = true;
      const entries = shard?.papers ?? {};
      const texts = absSet.has(n) ? (readAbstractShard(got[KEY.abstracts(n)])?.abstracts ?? {}) : undefined;
      // The shard's share of the counts as built goes; its papers as they are now come in.
      for (const [t, c] of storedIds.shardTags[n] ?? []) tagCounts.set(t, (tagCounts.get(t) ?? 0) - c);
      for (const [x, c] of storedIds.shardSites[n] ?? []) siteCounts.set(x, (siteCounts.get(x) ?? 0) - c);
      for (const [id, d] of byShard.get(n) ?? []) if (!(id in entries)) search.remove(id, d);
      // Entries are checked as the shard is read (lib/library/schema.ts readSnapshotShard).
      for (const e of Object.values(entries)) {
        shardOf.set(e.id, n);
        upsert(e, texts ? (texts[e.id] ?? '') : undefined, undefined, true, docIn(n, e.id));
      }
    }
  } else {
    const { papers, damaged: bad } = await loadSnapshot(storage);
    if (bad.length || (metaRaw[KEY.meta] === undefined && (await storage.get(KEY.head))[KEY.head] !== undefined))
      damaged = true;
    const entries = [...papers.values()];
    search = createSearch(entries, docFromSnap);
    for (const e of entries) count(e, 1);
  }

  words?.close();
  mark('ps:indexed');
  const texts = new Map<number, Record<string, string>>();
  const loading = new Set<number>();
  const shardFor = (id: string): number | undefined => {
    const known = shardOf.get(id);
    if (known !== undefined) return known;
    const d = view?.docOf(id);
    return d === undefined ? undefined : view?.shardOf(d);
  };
  search.setAbstractSource((id) => {
    const n = shardFor(id);
    return n === undefined ? undefined : texts.get(n)?.[id];
  });

  // Snapshot entries of base docs, read from storage.local a shard at a time when a query needs them.
  const reads = new Map<number, Promise<void>>();
  // Stale shards' papers are in the overlay already: their base docs are never read.
  const staleSet = new Set(staleSnap);
  const readShards = async (shards: Iterable<number>): Promise<void> => {
    const want = [...new Set(shards)].filter((n) => !staleSet.has(n));
    const fresh = want.filter((n) => !reads.has(n));
    if (fresh.length) {
      const p = storage.get(fresh.map(KEY.snap)).then((got) => {
        for (const n of fresh) {
          const entries = Object.values(readSnapshotShard(got[KEY.snap(n)])?.papers ?? {});
          view?.setShard(n, entries);
        }
      });
      for (const n of fresh) reads.set(n, p);
      p.catch(() => {
        for (const n of fresh) reads.delete(n);
      });
    }
    await Promise.all(want.map((n) => reads.get(n)));
  };
  // Entries of base docs come from the doc chunks (a few per query); a chunk that is missing or from another build
  // falls back to the snapshot shards in storage.local.
  const readDocs = async (docs: number[]) => {
    if (!view || !db) return readShards(docs.map((d) => view?.shardOf(d) as number));
    const v = view;
    const unread = await readChunks(db, v, docs);
    if (unread.length) {
      lost('doc chunks (read from the snapshot instead)');
      await readShards(unread.map((d) => v.shardOf(d)));
    }
  };

  const rankReads = new Map<SortKey, Promise<Ranked | undefined>>();
  const index: LibraryIndex = {
    search,
    async searchAsync(query, options) {
      for (let attempt = 0; ; attempt++) {
        try {
          return search.search(query, options);
        } catch (e) {
          if (!(e instanceof MissingDocs) || attempt >= 20) throw e;
          await Promise.all([readDocs(e.docs), view ? readPosts(view, e.blocks) : undefined]);
          // A paper its shard no longer holds is gone (a change this view has not heard of): not searched. Only the
          // docs still unread are looked up (a listing of 100,000 read from the chunks has none).
          for (const d of search.unreadDocs(e.docs)) {
            const id = view?.idAt(d);
            if (id !== undefined && search.unread(id) === d) search.remove(id);
          }
          if (e.docs.length > TAKE_SLICE) {
            // Many docs (a listing): their entries are taken a slice at a time, in doc order (a chunk decoded once).
            const ds = Uint32Array.from(e.docs).sort();
            for (let from = 0; from < ds.length; from += TAKE_SLICE) {
              search.takeEntries(ds.subarray(from, from + TAKE_SLICE));
              await nextTask();
            }
          }
        }
      }
    },
    async load(ids) {
      const docs = ids.map((id) => search.unread(id)).filter((d): d is number => d !== undefined);
      if (docs.length) await readDocs(docs);
    },
    async sortRanks(key) {
      if (!view || !db) return undefined;
      const v = view;
      // Each column's ranks are read (and checked) once per view: a column's second click reverses it without
      // reading again, and its runs of equal values (for a descending sort only) are worked out once.
      let read = rankReads.get(key);
      if (!read) {
        read = db
          .get(`sort:${key}`)
          .catch(() => undefined)
          .then((got) => {
            if (!isSortRanks(got, v.seg, key)) {
              if (ofOtherBuild(got, v.seg.build)) onReplaced?.();
              return undefined;
            }
            const { rank, tie } = got;
            let runs: Uint32Array | undefined;
            return {
              rank,
              runs: tie && (() => (runs ??= valueRuns(tie, rank.length))),
              docOf: (e: SnapEntry) => search.baseDocOf(e, e.id),
            };
          });
        rankReads.set(key, read);
      }
      return read;
    },
    prefetch({ docs, blocks }) {
      Promise.all([readDocs(docs), view ? readPosts(view, blocks) : undefined]).catch(() => {});
    },
    get,
    get size() {
      return search.size;
    },
    source: usable ? { kind: 'base', stale: staleSnap.length } : { kind: 'built' },
    build: view?.seg.build,
    damaged,
    tags: () =>
      [...tagCounts]
        .filter(([, c]) => c > 0)
        .map(([tag, c]) => ({ tag, count: c }))
        .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1)),
    sites: () =>
      [...siteCounts]
        .filter(([, c]) => c > 0)
        .map(([s]) => s)
        .sort(),
    apply(change) {
      for (const e of change.upserted) upsert(e, change.abstracts?.get(e.id), change.previous?.get(e.id));
      for (const id of change.removed) remove(id, change.previous?.get(id));
    },
    async readAllBlocks() {
      if (view && db && (await readAllBlocks(db, view, idleTask))) lost('post blocks (their words are not searched)');
      mark('ps:all-blocks');
    },
    async loadAbstracts() {
      if (view && db) {
        const abs = await db.get('abs').catch(() => undefined);
        if (isAbstractPostings(abs, view.seg)) search.setBaseAbstracts(abs);
        else if (ofOtherBuild(abs, view.seg.build)) onReplaced?.();
        return;
      }
      const { loadAbstracts } = await import('./reader');
      const all = await loadAbstracts(storage);
      await new Promise<void>((done) => {
        const feed = () => {
          if (search.indexAbstracts(500, (p) => all.get(p.id)) > 0) setTimeout(feed, 0);
          else done();
        };
        feed();
      });
    },
    async ensureAbstracts(ids) {
      const want = new Set<number>();
      for (const id of ids) {
        const n = shardFor(id);
        if (n !== undefined && !texts.has(n) && !loading.has(n)) want.add(n);
      }
      if (!want.size) return false;
      for (const n of want) loading.add(n);
      const got = await storage.get([...want].map(KEY.abstracts));
      for (const n of want) {
        texts.set(n, readAbstractShard(got[KEY.abstracts(n)])?.abstracts ?? {});
        loading.delete(n);
      }
      return true;
    },
  };
  return index;
}

function baseCounts(stored: StoredBase, tags: Map<string, number>, sites: Map<string, number>): void {
  for (const [t, c] of stored.tags) if (typeof t === 'string' && typeof c === 'number') tags.set(t, c);
  for (const [x, c] of stored.sites) if (typeof x === 'string' && typeof c === 'number') sites.set(x, c);
}

/** The base docs of some shards, by id (one pass over the base's shard column). */
function baseDocsByShard(view: SegmentView, shards: Set<number>): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (const n of shards) out.set(n, new Map());
  view.forDocsOfShards(shards, (d) => out.get(view.shardOf(d))?.set(view.idAt(d), d));
  return out;
}
