/**
 * A quick search the background holds for the views (issue 12). After a browser restart a popup's own read of the
 * search index's base arrives 100–200 ms after its first rows: IndexedDB hands the 2–3 MB record over in tasks of
 * the page's main thread, which is busy drawing those rows. The background has no rows to draw: a page warms it as it
 * starts (`searchWarm`, sent by the early script), it reads the same base and the shards written since its build
 * (lib/library/base-open.ts) and makes the same quick search (lib/library/base-reads.ts), and a typed query the page
 * cannot answer yet is asked of it (`searchHeld`); the page takes whichever answer comes first, then its own index.
 * What it holds is dropped at any write to the library or its index (the next ask reads afresh) and a minute after
 * its last use (a service worker kept alive by feed pages does not keep the base in memory for nothing).
 */
import type { Hit } from '../search/index';
import { changedShards, readBase } from './base-open';
import { type QuickSearch, quickSearch, readChunks } from './base-reads';
import type { IndexDb } from './index-db';
import { KEY, type SnapEntry } from './schema';
import type { StorageArea } from './storage-area';

/** Held this long after its last use. */
export const HELD_FOR_MS = 60_000;

/** What a view is answered: the hits as a quick search ranks them (no base doc: the view's base may be another). */
export type HeldHit = Omit<Hit<SnapEntry>, 'doc'>;

export class HeldSearch {
  private held: Promise<QuickSearch | undefined> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly storage: Pick<StorageArea, 'get'>,
    private readonly db: Pick<IndexDb, 'get' | 'getChunks'>,
  ) {}

  /** Starts reading the base, unless it is held or on its way. */
  warm(): void {
    this.keep();
    if (this.held) return;
    const held = this.read();
    this.held = held;
    // A failed read is not held: the next ask tries again.
    held.then(
      (q) => {
        if (!q && this.held === held) this.held = undefined;
      },
      () => {
        if (this.held === held) this.held = undefined;
      },
    );
  }

  /** Drops what is held (the library, or its index, changed). */
  drop(): void {
    this.held = undefined;
    clearTimeout(this.timer);
  }

  /** Whether these changed keys of storage.local make what is held out of date. */
  static outdatedBy(keys: string[]): boolean {
    return keys.some((k) => k === KEY.meta || k === KEY.indexSeq || k.startsWith('s:'));
  }

  /** A typed query's hits (undefined when nothing is held and the base cannot be read, or the library changed). */
  async search(query: string, limit: number): Promise<HeldHit[] | undefined> {
    this.warm();
    const held = this.held;
    const quick = await held?.catch(() => undefined);
    if (!quick) return undefined;
    const hits = await quick.searchAsync(query, limit).catch(() => undefined);
    // A change while it searched: the answer may be out of date, the view's own index answers instead.
    if (!hits || this.held !== held) return undefined;
    return hits.map(({ item, score, titleMatches }) => ({ item, score, titleMatches }));
  }

  private keep(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.drop(), HELD_FOR_MS);
  }

  private async read(): Promise<QuickSearch | undefined> {
    const r = await readBase(this.storage, this.db);
    const v = r.quickView;
    if (!r.usable || !v) return undefined;
    return quickSearch(v, (docs) => readChunks(this.db, v, docs), changedShards(r));
  }
}

/** A view's side of `searchHeld` (ReadEnv.askHeld), over the typed client of lib/library/messages.ts. */
export function askHeldOver(
  call: (type: 'searchHeld', payload: { query: string; limit: number }) => Promise<{ hits: HeldHit[] | null }>,
): (query: string, limit: number) => Promise<HeldHit[] | undefined> {
  return async (query, limit) => {
    const { hits } = await call('searchHeld', { query, limit });
    return Array.isArray(hits) ? hits : undefined;
  };
}
