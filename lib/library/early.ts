/**
 * Reads a page starts before its main script has loaded (issue 12): the popup's HTML runs this small module first,
 * so the head, meta and the search index's base are on their way while Preact, the components and the ranker are
 * still being evaluated. The main script takes them over (once) in startReading.
 */
import type { IndexDb } from './index-store';
import type { StorageArea } from './storage-area';

export interface EarlyReads {
  head: Promise<Record<string, unknown>>;
  meta: Promise<Record<string, unknown>>;
  base: Promise<unknown>;
}

let early: EarlyReads | undefined;

export function startEarlyReads(storage: Pick<StorageArea, 'get'>, db: Pick<IndexDb, 'get'>): void {
  early ??= {
    head: storage.get('head'),
    meta: storage.get('meta'),
    base: db.get('base').catch(() => undefined),
  };
}

/** The early reads, handed over once (a second reader reads afresh). */
export function takeEarlyReads(): EarlyReads | undefined {
  const e = early;
  early = undefined;
  return e;
}
