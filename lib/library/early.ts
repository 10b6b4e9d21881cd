/**
 * Reads a page starts before its main script has loaded (issue 12). The popup's and the library page's HTML load
 * a small classic script (entrypoints/early.ts) in their head: it runs while the HTML is parsed, ~40–60 ms before
 * module scripts run (they wait for the parse, then for their whole module graph), so the head, meta and the
 * search index's base are on their way while Preact, the components and the ranker are still being evaluated.
 * The two scripts are separate bundles: the reads are handed over through one property of the page's own window
 * (an extension page: no web page shares it), taken once by the main script (startReading, sharedIndexDb).
 */
import type { IndexDb } from './index-db';
import { mark } from './marks';
import type { StorageArea } from './storage-area';

export interface EarlyReads {
  head: Promise<Record<string, unknown>>;
  meta: Promise<Record<string, unknown>>;
  base: Promise<unknown>;
}

const SLOT = '__papershelfEarlyReads';

interface Slot {
  reads?: EarlyReads;
  db: IndexDb;
}

function slot(): Record<string, Slot | undefined> {
  return globalThis as unknown as Record<string, Slot | undefined>;
}

export function startEarlyReads(storage: Pick<StorageArea, 'get'>, db: IndexDb): void {
  mark('ps:early');
  const s = slot();
  s[SLOT] ??= {
    db,
    reads: {
      head: storage.get('head'),
      // KEY.meta and KEY.indexSeq (lib/library/schema.ts; not imported, to keep this script small).
      meta: storage.get(['meta', 'ix']),
      base: db.get('base').catch(() => undefined),
    },
  };
}

/** The early reads, handed over once (a second reader reads afresh). */
export function takeEarlyReads(): EarlyReads | undefined {
  const s = slot()[SLOT];
  const reads = s?.reads;
  if (s) s.reads = undefined;
  return reads;
}

/** The connection the early reads opened: the main script's reads go through it too. */
export function earlyIndexDb(): IndexDb | undefined {
  return slot()[SLOT]?.db;
}
