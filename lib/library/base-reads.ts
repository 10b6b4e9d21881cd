/**
 * Reads from the persisted base that both searches of a view share (lib/library/client.ts): the doc chunks, each
 * read once however many searches ask for it, and the quick search that answers a typed query from the base's first
 * record while its ids are still on their way (lib/search/segment.ts).
 */
import { createSearch, docFromSnap, type Hit, MissingDocs, NO_BASE_DOC } from '../search/index';
import type { WordMemo } from '../search/overlay';
import { hasText, parseQuery } from '../search/query';
import { DOC_CHUNK, isDocChunk, isPostBlock, type PostBlock, type SegmentView } from '../search/segment';
import type { IndexDb } from './index-db';
import { mark } from './marks';
import type { SnapEntry } from './schema';

/**
 * A typed query's answer from the base alone, while its ids are still being read (see lib/search/segment.ts):
 * undefined for a query it cannot answer (filters alone list the library in its order, which comes with the ids).
 */
export interface QuickSearch {
  /** The answer now, undefined when it cannot answer, or MissingDocs (read them with prefetch, or searchAsync). */
  search(query: string, limit: number): Hit<SnapEntry>[] | undefined;
  /** Starts reading what a search asked for (MissingDocs) at once; searchAsync then waits for the same read. */
  prefetch(missing: Missing): void;
  searchAsync(query: string, limit: number): Promise<Hit<SnapEntry>[] | undefined>;
  /**
   * Resolves once no typed query asked of it waits for its entries (asked, read, then answered): true if one was
   * asked. The view's index reads its ids after that, so their decoding does not hold back the answer's frame.
   */
  idle(): Promise<boolean>;
}

/** What a search met unread (MissingDocs): snapshot entries by doc, post blocks by number. */
export type Missing = Pick<MissingDocs, 'docs' | 'blocks'>;

const chunkReads = new WeakMap<SegmentView, Map<number, Promise<void>>>();
const blockReads = new WeakMap<SegmentView, Map<number, Promise<void>>>();

/** The longest a view's ids wait for a quick answer (a hidden page, or a stalled read, must not keep its index shut). */
const IDS_WAIT_MAX_MS = 600;

/**
 * Waits before a view reads its base's ids: a task first (the view asks its query as it renders the quick search),
 * then, when a typed query was asked, until it is answered and a frame has shown the answer. The ids (~3 MB at
 * 100,000 papers) decode on the main thread for 20–80 ms: read at once, their decoding landed between a cold popup's
 * quick answer and its frame (CI58 at 100,000 papers: two of seven typed hits were presented 67 and 105 ms after
 * their answer, the other five 24–37 ms after).
 */
export async function idsAfterQuickAnswer(quick: Pick<QuickSearch, 'idle'>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cap = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, IDS_WAIT_MAX_MS);
  });
  await Promise.race([quick.idle().then((asked) => (asked ? afterFrame() : undefined)), cap]);
  clearTimeout(timer);
}

/** After the next frame is made (at once where there are no frames: a test, a worker). */
function afterFrame(): Promise<void> {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
  return new Promise((resolve) => (raf ? raf(() => setTimeout(resolve, 0)) : setTimeout(resolve, 0)));
}

/**
 * Reads the doc chunks holding these docs into the view, each chunk once however many searches (the quick one and
 * the full one) ask for it; returns the docs whose chunk is missing or from another build.
 */
export async function readChunks(db: Pick<IndexDb, 'getChunks'>, v: SegmentView, docs: number[]): Promise<number[]> {
  const inFlight = chunkReads.get(v) ?? new Map<number, Promise<void>>();
  chunkReads.set(v, inFlight);
  const wanted = [...new Set(docs.map((d) => Math.floor(d / DOC_CHUNK)))].filter((k) => !v.hasChunk(k));
  const fresh = wanted.filter((k) => !inFlight.has(k));
  if (fresh.length) {
    // The library's whole table asks for nearly every chunk: one getAll then.
    const all = fresh.length > v.n / DOC_CHUNK / 2;
    const p = db.getChunks(all ? 'all' : fresh, v.seg.build).then((got) => {
      for (const c of got) if (isDocChunk(c, v.seg)) v.setChunk(c);
      mark('ps:docs');
    });
    for (const k of fresh) inFlight.set(k, p);
    p.catch(() => {
      for (const k of fresh) inFlight.delete(k);
    });
  }
  await Promise.all(wanted.map((k) => inFlight.get(k)));
  return docs.filter((d) => !v.hasChunk(Math.floor(d / DOC_CHUNK)));
}

/**
 * Reads the post blocks a search asked for into the view, each once however many searches ask for it. A block
 * missing or damaged in the database (only the background writes it: a disk's damage, a build's bug) is taken as
 * empty, its words finding no base doc until the next build, and said: true (logged by the caller).
 */
export async function readBlocks(db: Pick<IndexDb, 'getPosts'>, v: SegmentView, blocks: number[]): Promise<boolean> {
  const inFlight = blockReads.get(v) ?? new Map<number, Promise<void>>();
  blockReads.set(v, inFlight);
  const wanted = [...new Set(blocks)].filter((k) => k >= 0 && k < v.blockCount && !v.hasBlock(k));
  const fresh = wanted.filter((k) => !inFlight.has(k));
  let lost = false;
  if (fresh.length) {
    const p = db.getPosts(fresh, v.seg.build).then((got) => {
      got.forEach((b, i) => {
        const k = fresh[i] as number;
        if (isPostBlock(b, v.seg) && b.k === k) v.setPostBlock(b);
        else {
          lost = true;
          v.setPostBlock(emptyBlock(v, k));
        }
      });
      mark('ps:posts');
    });
    for (const k of fresh) inFlight.set(k, p);
    p.catch(() => {
      for (const k of fresh) inFlight.delete(k);
    });
  }
  await Promise.all(wanted.map((k) => inFlight.get(k)));
  return lost;
}

/** Post blocks read per step by readAllBlocks (~16 KB each: a step's decoding is a millisecond or two). */
const ALL_BLOCKS_STEP = 8;

/**
 * Reads every post block the view has not read yet, a few per step, `between` each step (a task, an idle period).
 * A rebuild deletes the blocks of the build before the one it replaces (lib/library/index-db.ts put): a view that
 * lives on across two (the library page) reads them all first, so that its words keep finding their papers. True if
 * one was lost.
 */
export async function readAllBlocks(
  db: Pick<IndexDb, 'getPosts'>,
  v: SegmentView,
  between: () => Promise<void>,
): Promise<boolean> {
  let lost = false;
  for (let k = 0; k < v.blockCount; ) {
    const step: number[] = [];
    for (; k < v.blockCount && step.length < ALL_BLOCKS_STEP; k++) if (!v.hasBlock(k)) step.push(k);
    if (!step.length) continue;
    await between();
    if (await readBlocks(db, v, step)) lost = true;
  }
  return lost;
}

function emptyBlock(v: SegmentView, k: number): PostBlock {
  const count = (v.seg.postStart[k + 1] as number) - (v.seg.postStart[k] as number);
  const off = new Uint32Array(count + 1);
  return { v: v.seg.v, build: v.seg.build, k, post: [new Uint8Array(0), new Uint8Array(0)], postOff: [off, off] };
}

/**
 * A search over the base without its ids: typed queries only, entries from the doc chunks. The shards written since
 * the build (`changed`, as read from storage) replace their docs: every base doc of such a shard is dropped, and the
 * shard's papers as they are now are searched instead. Ties between a changed paper and the others may fall
 * differently from the full index's (which orders all ties by id) until that answers, a moment later.
 */
export function quickSearch(
  view: SegmentView,
  read: (missing: Missing) => Promise<number[]>,
  changed: { shard: number; entries: SnapEntry[] }[] = [],
  words?: WordMemo,
): QuickSearch {
  const search = createSearch<SnapEntry>([], docFromSnap, { base: view, fromEntry: (e) => e, words });
  if (changed.length) {
    search.removeBaseShards(changed.map((c) => c.shard));
    for (const c of changed) for (const e of c.entries) search.upsert(e, undefined, NO_BASE_DOC);
  }
  // A typed query that met entries not yet read: its answer is on its way (the view's next searchAsync gives it).
  let waiting: string | undefined;
  let asked = false;
  const idlers: (() => void)[] = [];
  const settle = (answered?: string) => {
    if (answered === undefined || waiting === answered) waiting = undefined;
    if (waiting === undefined) for (const done of idlers.splice(0)) done();
  };
  return {
    search(query, limit) {
      if (!hasText(parseQuery(query))) {
        settle();
        return undefined;
      }
      asked = true;
      try {
        const hits = search.search(query, { limit });
        settle();
        return hits;
      } catch (e) {
        if (e instanceof MissingDocs) waiting = query;
        throw e;
      }
    },
    prefetch(missing) {
      read(missing).catch(() => {});
    },
    async searchAsync(query, limit) {
      if (!hasText(parseQuery(query))) return undefined;
      asked = true;
      try {
        for (let attempt = 0; attempt < 20; attempt++) {
          try {
            return search.search(query, { limit });
          } catch (e) {
            if (!(e instanceof MissingDocs)) throw e;
            // Entries only storage.local's shards hold (a chunk lost): the full index reads those.
            if ((await read(e)).length) return undefined;
          }
        }
        return undefined;
      } finally {
        // Answered (or left to the full index): that query no longer waits.
        settle(query);
      }
    },
    idle() {
      return new Promise<boolean>((resolve) => {
        idlers.push(() => resolve(asked));
        if (waiting === undefined) settle();
      });
    },
  };
}
