/**
 * How the background reads and indexes the whole library for a new search base (lib/library/index-store.ts)
 * without holding up everything else it does. Measured in Chromium at 100,000 papers before this: one storage.get
 * of every shard took 11 s (other storage work, a feed page's sightings or a star, queued behind it), then
 * indexing ran ~12 s as one task; a message sent 4 s after the last write (when the rebuild starts) was answered
 * 21.5–24 s later.
 */
import { getInBatches } from './reader';
import { KEY, type LibraryMeta, readMeta } from './schema';
import type { StorageArea } from './storage-area';

/** Snapshot and abstract shards read this many at a time (other storage work waits for one batch, not all). */
export const READ_BATCH = 5;
/** Work runs this long (ms) before other tasks get their turn. */
export const SLICE_MS = 25;
/** Passes over the shards written while the library was read, before one get of everything instead. */
export const ATTEMPTS = 10;

interface TaskScheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<void>;
}

/** Lets other tasks (messages, storage events) run before going on: as a background-priority task where the browser
 * has them (Chromium), so that every task already waiting runs first, else after a zero timeout. */
export function pause(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') return scheduler.postTask(() => {}, { priority: 'background' });
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

/** Runs a generator's steps (each a small piece of work) in slices, as inSlices does; resolves with what it returns. */
export async function runSteps<T>(steps: Generator<void, T>, sliceMs = SLICE_MS): Promise<T> {
  let step = steps.next();
  await inSlices(() => {
    if (!step.done) step = steps.next();
    return !step.done;
  }, sliceMs);
  if (!step.done) throw new Error('unreachable: the steps ended unfinished');
  return step.value;
}

/**
 * Every snapshot and abstract shard as one state of the library, with the meta that describes it. They are read in
 * batches, the meta before and after. Every write of a shard moves its count in the meta, in the same set
 * (lib/library/store.ts `bump`), so the shards whose counts did not move were not written while they were read,
 * and those whose counts moved are read again, until a pass meets no write (an abstracts sweep rewrites `a:` shards
 * without a move, but only drops abstracts of papers no snapshot holds). Writes on every one of ATTEMPTS passes: one
 * get of everything (one state by construction, as before batching; other storage work waits for it).
 */
export async function readWholeLibrary(
  storage: Pick<StorageArea, 'get'>,
): Promise<{ meta: LibraryMeta; got: Record<string, unknown> }> {
  const readMetaNow = async () => readMeta((await storage.get(KEY.meta))[KEY.meta]);
  let meta = await readMetaNow();
  const got: Record<string, unknown> = {};
  let shards = Array.from({ length: meta.shardCount }, (_, n) => n);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    Object.assign(
      got,
      await getInBatches(
        storage,
        shards.flatMap((n) => [KEY.snap(n), KEY.abstracts(n)]),
        2 * READ_BATCH,
      ),
    );
    const now = await readMetaNow();
    if (now.seq === meta.seq) return { meta, got };
    shards = written(meta, now);
    meta = now;
  }
  let all: Record<string, unknown> = {};
  for (let attempt = 0; attempt < 3; attempt++) {
    const keys: string[] = [KEY.meta];
    for (let n = 0; n < meta.shardCount; n++) keys.push(KEY.snap(n), KEY.abstracts(n));
    all = await storage.get(keys);
    const now = readMeta(all[KEY.meta]);
    const grew = now.shardCount > meta.shardCount;
    meta = now;
    if (!grew) break;
  }
  return { meta, got: all };
}

/** The shards written between two reads of the meta (their counts moved), and any added. */
export function written(before: LibraryMeta, after: LibraryMeta): number[] {
  const out: number[] = [];
  for (let n = 0; n < after.shardCount; n++) {
    const moved =
      n >= before.shardCount ||
      (before.shardSeq[n] ?? 0) !== (after.shardSeq[n] ?? 0) ||
      (before.absSeq[n] ?? 0) !== (after.absSeq[n] ?? 0);
    if (moved) out.push(n);
  }
  return out;
}
