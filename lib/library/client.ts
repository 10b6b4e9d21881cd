/**
 * The read side shared by the popup and the library page (issue 12): one way to load the library (the head for
 * the first paint, then the persisted search index plus the shards written since it was built), to follow changes
 * (one paper at a time: nothing is rebuilt), and to count tags and sites. Storage, the index database and the
 * change event are passed in by the entrypoint, so this module runs in tests without a browser.
 */
import { createSearch, docFromSnap, type Search } from '../search/index';
import { SegmentView } from '../search/segment';
import { type IndexDb, isEntry, readStoredBase, type StoredBase, staleShards } from './index-store';
import { type LibraryChange, loadSnapshot } from './reader';
import { KEY, readAbstractShard, readMeta, readSnapshotShard, type SnapEntry } from './schema';
import type { StorageArea } from './storage-area';

export interface LibraryIndex {
  search: Search<SnapEntry>;
  /** The current entry of a paper (undefined when the library does not hold it). */
  get(id: string): SnapEntry | undefined;
  readonly size: number;
  /** Tags by use (most used first, then by name), and the sites papers were seen on. */
  tags(): { tag: string; count: number }[];
  sites(): string[];
  /** Applies a change (from storage.onChanged, or an optimistic one) paper by paper. */
  apply(change: Pick<LibraryChange, 'upserted' | 'removed'> & { abstracts?: Map<string, string> }): void;
  /** Reads what search needs beyond the first query: the abstracts' postings (or texts, without a base). */
  loadAbstracts(): Promise<void>;
  /** Abstract texts for snippets and phrases, read a shard at a time for the papers a query shows. */
  ensureAbstracts(ids: string[]): Promise<boolean>;
  /** How this index was opened: from the persisted base (with n stale shards read again) or built here. */
  readonly source: { kind: 'base'; stale: number } | { kind: 'built' };
}

/**
 * Opens the library for reading. With a persisted base, the cost is one IndexedDB read plus the stale shards;
 * without one (a new install, or the background has not built it yet) every snapshot shard is read and indexed
 * here, as before issue 12.
 */
export async function openLibraryIndex(
  storage: Pick<StorageArea, 'get'>,
  db: Pick<IndexDb, 'get'> | undefined,
): Promise<LibraryIndex> {
  const [metaRaw, storedRaw] = await Promise.all([
    storage.get(KEY.meta),
    db ? db.get('base').catch(() => undefined) : Promise.resolve(undefined),
  ]);
  const meta = readMeta(metaRaw[KEY.meta]);
  const stored = readStoredBase(storedRaw);
  const usable = stored && stored.seq <= meta.seq && meta.shardCount >= stored.shardSeq.length ? stored : undefined;
  const shardOf = new Map<string, number>();
  const tagCounts = new Map<string, number>();
  const siteCounts = new Map<string, number>();
  let view: SegmentView | undefined;
  let search: Search<SnapEntry>;
  let stale = 0;

  const count = (e: SnapEntry, k: number) => {
    for (const t of e.tags) tagCounts.set(t, (tagCounts.get(t) ?? 0) + k);
    for (const s of e.sites) siteCounts.set(s, (siteCounts.get(s) ?? 0) + k);
  };
  const get = (id: string) => search.get(id);
  const upsert = (e: SnapEntry, abstract?: string) => {
    const old = get(e.id);
    if (old) count(old, -1);
    count(e, 1);
    search.upsert(e, abstract);
  };
  const remove = (id: string) => {
    const old = get(id);
    if (!old) return;
    count(old, -1);
    search.remove(id);
  };

  if (usable) {
    view = new SegmentView(usable.base);
    search = createSearch<SnapEntry>([], docFromSnap, { base: view, fromEntry: (e) => e });
    baseCounts(usable, tagCounts, siteCounts);
    const { snap, abs } = staleShards(meta, usable);
    stale = snap.length;
    const absSet = new Set(abs);
    const keys = [...snap.map(KEY.snap), ...abs.map(KEY.abstracts)];
    const got = keys.length ? await storage.get(keys) : {};
    const byShard = baseDocsByShard(view, new Set(snap));
    for (const n of snap) {
      const entries = readSnapshotShard(got[KEY.snap(n)])?.papers ?? {};
      const texts = absSet.has(n) ? (readAbstractShard(got[KEY.abstracts(n)])?.abstracts ?? {}) : undefined;
      for (const id of byShard.get(n) ?? []) if (!(id in entries)) remove(id);
      for (const e of Object.values(entries)) {
        if (!isEntry(e)) continue;
        shardOf.set(e.id, n);
        upsert(e, texts ? (texts[e.id] ?? '') : undefined);
      }
    }
  } else {
    const { papers } = await loadSnapshot(storage);
    const entries = [...papers.values()].filter(isEntry);
    search = createSearch(entries, docFromSnap);
    for (const e of entries) count(e, 1);
  }

  const texts = new Map<number, Record<string, string>>();
  const loading = new Set<number>();
  const shardFor = (id: string): number | undefined => {
    const known = shardOf.get(id);
    if (known !== undefined) return known;
    const d = view?.docOf(id);
    return d === undefined ? undefined : view?.seg.shard[d];
  };
  search.setAbstractSource((id) => {
    const n = shardFor(id);
    return n === undefined ? undefined : texts.get(n)?.[id];
  });

  const index: LibraryIndex = {
    search,
    get,
    get size() {
      return search.size;
    },
    source: usable ? { kind: 'base', stale } : { kind: 'built' },
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
      for (const e of change.upserted) upsert(e, change.abstracts?.get(e.id));
      for (const id of change.removed) remove(id);
    },
    async loadAbstracts() {
      if (view && db) {
        const abs = await db.get('abs').catch(() => undefined);
        const { isAbstractPostings } = await import('../search/segment');
        if (isAbstractPostings(abs, view.seg)) search.setBaseAbstracts(abs);
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
  // Sites are kept as a set in the base: each counts as present until every paper seen there is gone.
  for (const s of stored.sites) if (typeof s === 'string') sites.set(s, Number.POSITIVE_INFINITY);
}

function baseDocsByShard(view: SegmentView, shards: Set<number>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (!shards.size) return out;
  const ids = view.seg.ids ? view.seg.ids.split('\n') : [];
  const s = view.seg.shard;
  for (let d = 0; d < view.n; d++) {
    const n = s[d] as number;
    if (!shards.has(n)) continue;
    const list = out.get(n);
    if (list) list.push(ids[d] as string);
    else out.set(n, [ids[d] as string]);
  }
  return out;
}
