/**
 * A feed visit's states without storage.local (issue 12): for when the library's queue is held by a write Chrome has
 * not stored yet. After a browser restart Chrome stores its first write only after a pass over everything stored
 * (seconds at 100,000 papers), and every read asked after that write waits as long: a second feed tab opened with
 * the first met its states 6.4–9.7 s late. Its states are known elsewhere, exactly:
 * - the snapshot shards the store holds in memory (every write goes through them, the one not yet stored included);
 * - the persisted search index's entries (lib/library/index-store.ts), for a shard whose write count is the one the
 *   index was built at.
 * A paper in neither is not in the library, when every shard written since the index's build is in memory. Anything
 * else (a shard written since the build and not in memory, an id that may be an old name, an alias the library
 * knows) is not answered here: the caller then waits for the queue, as before.
 */
import { mayBeOldName, pageOwnsAlias } from '../paper/aliases';
import { DOC_CHUNK, isDocChunk, isDocTable, SegmentView } from '../search/segment';
import type { IndexDb } from './index-db';
import { readStoredBase, readStoredIds, type StoredBase } from './index-store';
import type { LibraryMeta, SnapEntry, SnapshotShard } from './schema';
import { queueState, type SightingResult } from './store';

/** What the store holds in memory (read, never changed, here). */
export interface HeldState {
  meta: LibraryMeta;
  shards: ReadonlyMap<number, SnapshotShard>;
}

/** A visit's entry as the page sent it: its id and the other ids it gives. */
export interface PeekEntry {
  id: string;
  aliases?: string[];
}

type Found = { entry: SnapEntry } | { doc: number } | 'absent' | 'unknown';

/**
 * Where a paper's state is: in memory, in an index doc, not in the library, or not knowable here. `unsure`: a shard
 * written since the build is not in memory (it may hold any paper the others do not).
 */
function locate(
  id: string,
  held: HeldState,
  view: SegmentView,
  current: (n: number) => boolean,
  unsure: boolean,
): Found {
  for (const shard of held.shards.values()) {
    const entry = Object.hasOwn(shard.papers, id) ? shard.papers[id] : undefined;
    if (entry) return { entry };
  }
  const doc = view.docOf(id);
  // A paper leaves a shard only by a write to it: in a current shard that memory does not hold, it is there still.
  if (doc !== undefined) {
    const n = view.shardOf(doc);
    if (!held.shards.has(n) && current(n)) return { doc };
  }
  return unsure || mayBeOldName(id) ? 'unknown' : 'absent';
}

/** The index as a peek reads it: the base with its ids (and a small library's docs), chunks added as read. */
export interface PeekIndex {
  stored: StoredBase;
  view: SegmentView;
}

/** The index's base and ids from the database; undefined when missing, damaged or not a pair. */
export async function loadPeekIndex(db: Pick<IndexDb, 'get'>): Promise<PeekIndex | undefined> {
  const [rawBase, rawIds] = await Promise.all([db.get('base'), db.get('ids')]);
  const stored = readStoredBase(rawBase);
  const ids = stored && readStoredIds(rawIds, stored.base);
  if (!stored || !ids) return undefined;
  const view = new SegmentView(stored.base, ids.ids);
  if (stored.docs && isDocTable(stored.docs, stored.base)) view.setDocTable(stored.docs);
  return { stored, view };
}

/**
 * The states recordSightings would answer for these entries, read from memory and the index; undefined when one
 * of them cannot be known exactly so. New papers are answered as new and stored: the visit's bound
 * (lib/library/visit-budget.ts) is applied by the write itself (the page shows a paper past it as new all the same).
 */
export async function peekStates(
  held: () => HeldState,
  index: PeekIndex,
  db: Pick<IndexDb, 'getChunks'>,
  entries: PeekEntry[],
  pageUrl: string,
): Promise<SightingResult[] | undefined> {
  const { stored, view } = index;
  const locateAll = () => {
    // Taken at once, with no await between: the memory and the meta are those of one moment.
    const now = held();
    if (stored.seq > now.meta.seq || now.meta.shardCount < stored.shardSeq.length) return undefined; // another library
    const current = (n: number) => (now.meta.shardSeq[n] ?? 0) === (stored.shardSeq[n] ?? -1);
    let unsure = false;
    for (let n = 0; n < now.meta.shardCount && !unsure; n++) unsure = !now.shards.has(n) && !current(n);
    const out = new Map<string, Found>();
    for (const { id, aliases = [] } of entries) {
      const found = locate(id, now, view, current, unsure);
      if (found === 'unknown') return undefined;
      // An alias the library knows would move that paper to this id (Library.takeOver): its state is a merge.
      for (const a of aliases)
        if (pageOwnsAlias(pageUrl, a) && locate(a, now, view, current, unsure) !== 'absent') return undefined;
      out.set(id, found);
    }
    return out;
  };
  const first = locateAll();
  if (!first) return undefined;
  const docs = [...first.values()].flatMap((f) => (typeof f === 'object' && 'doc' in f ? [f.doc] : []));
  const chunks = [...new Set(docs.map((d) => Math.floor(d / DOC_CHUNK)))].filter((k) => !view.hasChunk(k));
  if (chunks.length) {
    for (const c of await db.getChunks(chunks, stored.base.build)) if (isDocChunk(c, stored.base)) view.setChunk(c);
  }
  // Located again after the chunks' read: a write may have begun meanwhile (its shards are then in memory).
  const found = locateAll();
  if (!found) return undefined;
  const out: SightingResult[] = [];
  for (const [id, f] of found) {
    if (f === 'absent' || f === 'unknown') out.push({ id, isNew: true, starred: false, tags: [] });
    else if ('entry' in f) out.push(queueState(f.entry, false));
    else {
      const e = view.entry(f.doc);
      if (!e || e.id !== id) return undefined; // a chunk missing or damaged
      out.push(queueState(e, false));
    }
  }
  return out;
}
