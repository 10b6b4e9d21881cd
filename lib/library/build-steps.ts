/**
 * How the background reads and indexes the whole library for a new search base (lib/library/index-store.ts)
 * without holding up everything else it does. Measured in Chromium at 100,000 papers before this: one storage.get
 * of every shard took 11 s (other storage work, a feed page's sightings or a star, queued behind it), then
 * indexing ran ~12 s as one task; a message sent 4 s after the last write (when the rebuild starts) was answered
 * 21.5–24 s later.
 */
import { KEY, type LibraryMeta, readMeta } from './schema';
import type { StorageArea } from './storage-area';

/** Snapshot and abstract shards read this many at a time (other storage work waits for one batch, not all). */
export const READ_BATCH = 5;
/** Work runs this long (ms) before other tasks get their turn. */
export const SLICE_MS = 25;
/** Batched reads that met a write are read again this many times, then in one get. */
const ATTEMPTS = 3;

/** Lets other tasks (messages, storage events) run before going on. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Calls `more` (one small piece of work; false once done) until done, pausing every `sliceMs`. */
export async function inSlices(more: () => boolean, sliceMs = SLICE_MS): Promise<void> {
  let since = Date.now();
  while (more()) {
    if (Date.now() - since >= sliceMs) {
      await pause();
      since = Date.now();
    }
  }
}

/**
 * Every snapshot and abstract shard as one state of the library, with the meta that describes it. They are read in
 * batches; the meta is read before and after, and as every write of a snapshot shard moves the library's `seq` in
 * the same set, an unchanged `seq` means no shard changed while they were read (an abstracts sweep rewrites `a:`
 * shards without a move, but only drops abstracts of papers no snapshot holds). A read that met a write is read
 * again; after ATTEMPTS, one get of everything (one state by construction, as before batching).
 */
export async function readWholeLibrary(
  storage: Pick<StorageArea, 'get'>,
): Promise<{ meta: LibraryMeta; got: Record<string, unknown> }> {
  const readMetaNow = async () => readMeta((await storage.get(KEY.meta))[KEY.meta]);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const meta = await readMetaNow();
    const got: Record<string, unknown> = {};
    for (let from = 0; from < meta.shardCount; from += READ_BATCH) {
      const keys: string[] = [];
      for (let n = from; n < Math.min(meta.shardCount, from + READ_BATCH); n++)
        keys.push(KEY.snap(n), KEY.abstracts(n));
      Object.assign(got, await storage.get(keys));
    }
    if ((await readMetaNow()).seq === meta.seq) return { meta, got };
  }
  let meta = await readMetaNow();
  let got: Record<string, unknown> = {};
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const keys: string[] = [KEY.meta];
    for (let n = 0; n < meta.shardCount; n++) keys.push(KEY.snap(n), KEY.abstracts(n));
    got = await storage.get(keys);
    const now = readMeta(got[KEY.meta]);
    const grew = now.shardCount > meta.shardCount;
    meta = now;
    if (!grew) break;
  }
  return { meta, got };
}
