import { mayBeOldName } from '../paper/aliases';
import { stripUndefined } from '../paper/merge';
import { layOut, migrate, readAllPapers, readAllRecords } from './migrations';
import { getInBatches, SHARDS_PER_GET } from './reader';
import {
  type AbstractShard,
  type AbstractSweep,
  HEAD_KEEP,
  HEAD_SHOW,
  type Head,
  KEY,
  LIMITS,
  type LibraryMeta,
  type PaperRecord,
  readAbstractShard,
  readAbstractSweep,
  readAlias,
  readHead,
  readMeta,
  readOnlyNotice,
  readRecord,
  readSnapshotShard,
  SCHEMA_VERSION,
  SHARD_SIZE,
  type SnapEntry,
  type SnapshotShard,
  shardText,
  snapOrder,
  toSnapEntry,
} from './schema';
import type { Log, StorageArea } from './storage-area';

export class LibraryError extends Error {
  override name = 'LibraryError';
}

export interface SightingResult {
  id: string;
  /** True when this page visit added the paper to the library (or would have, past the visit's bound). */
  isNew: boolean;
  /** False when the visit's bound kept a new paper out of the library (lib/library/visit-budget.ts). */
  stored?: false;
  /** When it was first really on screen on a feed (before this visit's own views), for "seen 3 days ago". */
  viewedAt?: string;
  /** The user said "not interested" (hidden on every feed until undone). */
  dismissed?: true;
  /** Opened or marked read. */
  read?: true;
  starred: boolean;
  tags: string[];
}

/** What a visit answers of a paper: its state as stored (a record or a snapshot entry). */
export function queueState(
  p: Pick<SnapEntry, 'id' | 'starred' | 'tags' | 'viewedAt' | 'dismissedAt' | 'readAt'>,
  isNew: boolean,
): SightingResult {
  const r: SightingResult = { id: p.id, isNew, starred: p.starred, tags: p.tags };
  if (p.viewedAt) r.viewedAt = p.viewedAt;
  if (p.dismissedAt) r.dismissed = true;
  if (p.readAt) r.read = true;
  return r;
}

export interface ImportReport {
  added: number;
  merged: number;
  skipped: number;
}

export interface BulkChange {
  starred?: boolean;
  addTags?: string[];
  removeTags?: string[];
}

/**
 * A failed write, said plainly. The browser's quota message (Chrome: "QUOTA_BYTES quota exceeded", Firefox:
 * QuotaExceededError) becomes one the user can act on; nothing of the change was stored (one set per change).
 */
export function storageError(e: unknown): Error {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  if (/quota/i.test(text)) {
    return new LibraryError(
      'Browser storage is full: this change was not saved, and the library is as it was. Export a backup, then ' +
        'delete papers you no longer need (or remove other extensions’ data) to make room.',
    );
  }
  return e instanceof Error ? e : new Error(text);
}

/** The meta after a write that changed these shards' snapshots and abstracts (one more seq). */
export function bump(meta: LibraryMeta, snaps: Iterable<number>, abstracts: Iterable<number>): LibraryMeta {
  const seq = meta.seq + 1;
  const fill = (list: number[]) => {
    const out = [...list];
    while (out.length < meta.shardCount) out.push(0);
    return out;
  };
  const shardSeq = fill(meta.shardSeq);
  const absSeq = fill(meta.absSeq);
  for (const n of snaps) shardSeq[n] = seq;
  for (const n of abstracts) absSeq[n] = seq;
  return { ...meta, seq, shardSeq, absSeq };
}

export function withoutAbstract(r: PaperRecord): PaperRecord {
  const { abstract: _abstract, ...rest } = r;
  return rest;
}

/** One commit's papers (PaperRecord as written, abstract included when known). */
export interface CommitChange {
  seq: number;
  changed: PaperRecord[];
  removed: string[];
}

/** The sweep list with nothing left to sweep (stored as JSON: one value serves every write). */
const NO_SWEEP: Readonly<AbstractSweep> = { v: 1, shards: [] };

export class LibraryStore {
  protected queue: Promise<unknown> = Promise.resolve();
  protected ready: Promise<void> | undefined;
  protected meta: LibraryMeta = readMeta(undefined);
  protected shards = new Map<number, SnapshotShard>();
  protected abstractShards = new Map<number, AbstractShard>();
  protected head: Head | undefined;
  /** Abstracts shards holding abstracts of deleted papers (KEY.sweep), as stored. */
  protected sweepShards: number[] = [];

  /** Called after every stored change (the background schedules a search-index refresh and updates the for-you
   * model): the papers written and removed, or undefined when the whole library was laid out again. */
  onCommit: ((change?: CommitChange) => void) | undefined;

  /** Storage, with the writes in flight counted (writing, whenWriting). */
  protected readonly storage: StorageArea;
  /** Writes asked of storage and not yet stored. */
  protected writing = 0;
  private writeWaiters: (() => void)[] = [];

  constructor(
    storage: StorageArea,
    protected readonly log: Log,
    protected readonly clock: () => Date = () => new Date(),
  ) {
    this.storage = {
      get: (keys) => storage.get(keys),
      remove: (keys) => storage.remove(keys),
      set: async (items) => {
        this.writing += 1;
        for (const fn of this.writeWaiters.splice(0)) fn();
        try {
          await storage.set(items);
        } finally {
          this.writing -= 1;
        }
      },
    };
  }

  /** Calls fn when a write is in flight: at once if one is, else when the next one starts. */
  protected whenWriting(fn: () => void): void {
    if (this.writing > 0) fn();
    else this.writeWaiters.push(fn);
  }

  /** Runs fn after every operation queued before it; a failing operation does not stop the queue. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      await this.init();
      return fn();
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Set when the library was written by a newer PaperShelf: it is read, never written (see commit). */
  protected readOnly: string | undefined;

  protected init(): Promise<void> {
    this.ready ??= (async () => {
      const schema = await migrate(this.storage, this.log);
      this.readOnly = readOnlyNotice(schema);
      const got = await this.storage.get([KEY.meta, KEY.removing, KEY.snap(0), KEY.head, KEY.sweep]);
      this.meta = readMeta(got[KEY.meta]);
      this.sweepShards = readAbstractSweep(got[KEY.sweep]);
      if (got[KEY.meta] === undefined && (got[KEY.snap(0)] !== undefined || got[KEY.head] !== undefined)) {
        // The meta is lost but papers are stored: lay the library out again from its records (the source of truth).
        await this.relayout('the library meta was lost');
      }
      // A delete interrupted between its two writes (the worker stopped): its records go now. The snapshot
      // already left them out in the first write, so no reader ever saw half of it.
      const pending = got[KEY.removing];
      if (Array.isArray(pending) && pending.length) {
        const keys = pending.filter((k): k is string => typeof k === 'string' && k.startsWith('p:'));
        await this.storage.remove([...keys, KEY.removing]);
        this.log('info', `finished an interrupted delete of ${keys.length} papers`);
      }
    })().catch((e: unknown) => {
      this.ready = undefined; // try again on the next operation
      throw e;
    });
    return this.ready;
  }

  protected now(): string {
    return this.clock().toISOString();
  }

  // ── reads (inside the queue) ───────────────────────────────────────────────────────────────────────────

  protected async readPapers(ids: string[]): Promise<Map<string, PaperRecord>> {
    const got = ids.length ? await this.storage.get(ids.map(KEY.paper)) : {};
    const out = new Map<string, PaperRecord>();
    for (const id of ids) {
      const key = KEY.paper(id);
      if (!(key in got)) continue;
      const r = readRecord(got[key], key);
      if (!r.ok) {
        // Unusable record: reported, and replaced only by fresh data for the same id.
        this.log('warn', `skipped record: ${r.reason}`);
        continue;
      }
      if (r.dropped.length) this.log('warn', `record ${key} repaired, dropped: ${r.dropped.join('; ')}`);
      out.set(id, { ...r.record, id });
    }
    // An id the library no longer holds may be an old name of a paper that took a better id: read it there (the
    // record under its own, new id).
    const missing = ids.filter((id) => !out.has(id) && mayBeOldName(id));
    const aliases = missing.length ? await this.storage.get(missing.map(KEY.alias)) : {};
    const to = new Map<string, string>();
    for (const id of missing) {
      const target = readAlias(aliases[KEY.alias(id)]);
      if (target && target !== id) to.set(id, target);
    }
    if (to.size) {
      const got = await this.storage.get([...new Set(to.values())].map(KEY.paper));
      for (const [id, target] of to) {
        const r = readRecord(got[KEY.paper(target)], KEY.paper(target));
        if (r.ok) out.set(id, { ...r.record, id: target });
      }
    }
    // The abstract lives in its shard only (schema 3); a record still holding one (schema 2) is read as well.
    await this.loadAbstractShards([...out.values()].map((r) => r.shard));
    for (const r of out.values()) {
      const text = this.abstractShards.get(r.shard)?.abstracts[r.id];
      if (text) r.abstract = text;
    }
    return out;
  }

  protected async loadShards(numbers: Iterable<number>): Promise<void> {
    const missing = [...new Set(numbers)].filter((n) => n >= 0 && !this.shards.has(n));
    if (!missing.length) return;
    const got = await getInBatches(this.storage, missing.map(KEY.snap), SHARDS_PER_GET.snap);
    for (const n of missing) {
      const snap = readSnapshotShard(got[KEY.snap(n)]);
      if (got[KEY.snap(n)] !== undefined && !snap) {
        this.log('warn', `snapshot shard ${n} was damaged; rebuilding it from records`);
        await this.rebuildShard(n);
        continue;
      }
      this.shards.set(n, snap ?? { v: 1, papers: {} });
    }
  }

  /** Counts the times shards in memory were dropped (holdShards keeps nothing read before one). */
  private shardsDropped = 0;

  /**
   * Snapshot shards read into memory outside the queue (for ./visit-peek.ts, before any write of a browser session
   * can hold reads up), with the abstract shards `alsoAbstracts` in the same pass; answers what it read (the views'
   * mirror takes it: ./stored-mirror.ts). A shard an operation loaded meanwhile is kept as it is, and nothing is kept
   * when shards were dropped meanwhile (a failed write, a relayout, a repair): memory never goes behind storage.
   */
  protected async holdShards(numbers: number[], alsoAbstracts: number[] = []): Promise<Record<string, unknown>> {
    const dropped = this.shardsDropped;
    const missing = [...new Set(numbers)].filter((n) => n >= 0 && n < this.meta.shardCount && !this.shards.has(n));
    const [got, abstracts] = await Promise.all([
      getInBatches(this.storage, missing.map(KEY.snap), SHARDS_PER_GET.snap),
      getInBatches(this.storage, alsoAbstracts.map(KEY.abstracts), SHARDS_PER_GET.abstracts),
    ]);
    if (dropped === this.shardsDropped) {
      for (const n of missing) {
        const snap = readSnapshotShard(got[KEY.snap(n)]);
        if (snap && !this.shards.has(n)) this.shards.set(n, snap);
      }
    }
    return { ...got, ...abstracts };
  }

  /** Abstract shards are loaded only when an abstract changes (a star toggle never reads them). */
  protected async loadAbstractShards(numbers: Iterable<number>): Promise<void> {
    const missing = [...new Set(numbers)].filter((n) => n >= 0 && !this.abstractShards.has(n));
    if (!missing.length) return;
    const got = await getInBatches(this.storage, missing.map(KEY.abstracts), SHARDS_PER_GET.abstracts);
    for (const n of missing) {
      const raw = got[KEY.abstracts(n)];
      const shard = readAbstractShard(raw);
      // The only copy of these abstracts (schema 3): damage is said, not silently written over.
      if (raw !== undefined && !shard) this.log('warn', `abstracts shard ${n} is damaged: its abstracts are lost`);
      this.abstractShards.set(n, shard ?? { v: 1, abstracts: {} });
    }
  }

  /**
   * Every record laid out again from the records (the source of truth): meta, snapshot and abstract shards, head.
   * The new layout is written first and the shards it no longer uses are removed after, so an interruption never
   * loses an abstract (the `a:` shards hold the only copy).
   */
  protected async relayout(why: string): Promise<number> {
    if (this.readOnly) return 0;
    const records = await readAllPapers(this.storage, this.log);
    const { items, meta } = layOut(records, this.meta.seq + 1);
    // Laid out from the records, the shards hold no deleted paper's abstract: nothing is left to sweep.
    await this.storage.set({ ...items, [KEY.sweep]: NO_SWEEP });
    this.sweepShards = [];
    const all = await this.storage.get(null);
    const stale = Object.keys(all).filter((k) => (k.startsWith('s:') || k.startsWith('a:')) && !(k in items));
    if (stale.length) await this.storage.remove(stale);
    this.meta = meta;
    this.shards.clear();
    this.shardsDropped += 1;
    this.abstractShards.clear();
    this.head = undefined;
    this.onCommit?.();
    this.log('warn', `${why}: rebuilt from ${records.length} paper records`);
    return records.length;
  }

  /**
   * Repairs what a view found damaged: a lost meta, or snapshot shards that are unreadable or hold broken entries,
   * rebuilt from the per-paper records. Returns how many shards were rebuilt and how many papers they hold.
   */
  async repair(): Promise<{ shards: number; papers: number }> {
    return this.run(async () => {
      const n = this.meta.shardCount;
      const keys = Array.from({ length: n }, (_, i) => KEY.snap(i));
      const got = keys.length ? await this.storage.get(keys) : {};
      const bad = keys.map((k, i) => [i, readSnapshotShard(got[k])] as const).filter(([, s]) => !s || s.dropped > 0);
      for (const [i] of bad) {
        this.log('warn', `snapshot shard ${i} was damaged; rebuilding it from records`);
        this.shards.delete(i);
        this.shardsDropped += 1;
        await this.rebuildShard(i);
      }
      const papers = bad.reduce((sum, [i]) => sum + Object.keys(this.shards.get(i)?.papers ?? {}).length, 0);
      return { shards: bad.length, papers };
    });
  }

  /** A damaged snapshot shard is rebuilt from the records (its abstracts shard is left as it is). */
  protected async rebuildShard(n: number): Promise<void> {
    const records = (await readAllRecords(this.storage, this.log)).filter((r) => r.shard === n);
    const snap: SnapshotShard = { v: 1, papers: {} };
    for (const r of records) snap.papers[r.id] = toSnapEntry(r);
    this.shards.set(n, snap);
    this.meta = bump(this.meta, [n], []);
    await this.storage.set({ [KEY.snap(n)]: shardText(snap), [KEY.meta]: this.meta });
  }

  /**
   * Takes the abstracts of deleted papers out of one abstracts shard (the first in KEY.sweep), in one set with the
   * shorter list; returns how many shards are left. Papers' own abstracts are untouched, so the library's write
   * counts (and the search index) do not change. An abstract stays when its paper's record is in this shard.
   */
  sweepAbstracts(): Promise<number> {
    return this.run(async () => {
      if (this.readOnly || !this.sweepShards.length) return 0;
      // Shards the library does not have (a damaged list) hold nothing to sweep: they leave the list at once, unread.
      const listed = this.sweepShards.filter((s) => s < this.meta.shardCount);
      const n = listed[0];
      if (n === undefined) {
        await this.storage.set({ [KEY.sweep]: NO_SWEEP });
        this.sweepShards = [];
        return 0;
      }
      await this.loadShards([n]);
      await this.loadAbstractShards([n]);
      const snap = this.shards.get(n) as SnapshotShard;
      const abs = this.abstractShards.get(n) as AbstractShard;
      const gone = Object.keys(abs.abstracts).filter((id) => !(id in snap.papers));
      // Not on the snapshot's word alone: a paper whose record (even a damaged one) is in this shard keeps it.
      const records = gone.length ? await this.storage.get(gone.map(KEY.paper)) : {};
      const drop = gone.filter((id) => {
        const raw = records[KEY.paper(id)];
        if (raw === undefined) return true;
        const r = readRecord(raw, KEY.paper(id));
        return r.ok && r.record.shard !== n;
      });
      const rest = listed.filter((s) => s !== n);
      const list: AbstractSweep = { v: 1, shards: rest };
      const items: Record<string, unknown> = { [KEY.sweep]: list };
      if (drop.length) {
        for (const id of drop) delete abs.abstracts[id];
        items[KEY.abstracts(n)] = JSON.stringify(abs);
      }
      try {
        await this.storage.set(items);
      } catch (e) {
        this.abstractShards.delete(n);
        this.ready = undefined;
        throw storageError(e);
      }
      this.sweepShards = rest;
      if (drop.length) this.log('info', `took ${drop.length} deleted papers' abstracts out of abstracts shard ${n}`);
      return rest.length;
    });
  }

  // ── the one write path ─────────────────────────────────────────────────────────────────────────────────

  protected assignShard(record: PaperRecord): void {
    if (record.shard >= 0) return;
    if (this.meta.openCount >= SHARD_SIZE) {
      this.meta = { ...this.meta, openShard: this.meta.shardCount, openCount: 0 };
    }
    record.shard = this.meta.openShard;
    this.meta = {
      ...this.meta,
      openCount: this.meta.openCount + 1,
      shardCount: Math.max(this.meta.shardCount, this.meta.openShard + 1),
    };
  }

  /**
   * Stores changed records and removes deleted ones, with their snapshot shards, in one set (and one remove).
   * `abstractChanged` names the changed records whose abstract differs from what is stored. Removed papers'
   * abstracts go with them (`drop`), or stay in their shards for the background to sweep after (`later`: a delete
   * spread over many shards then writes none of their abstracts shards; see AbstractSweep).
   */
  protected async commit(
    changed: PaperRecord[],
    removed: PaperRecord[] = [],
    abstractChanged: (r: PaperRecord) => boolean = () => false,
    extra: Record<string, unknown> = {},
    removedAbstracts: 'drop' | 'later' = 'drop',
  ): Promise<void> {
    if (this.readOnly) throw new LibraryError(this.readOnly);
    // Limits hold at every write path (a tag, a bulk change, a rename, an import, a sync): a change that would
    // give a paper more tags than a record may hold is refused whole, saying which paper.
    const over = changed.filter((r) => r.tags.length > LIMITS.tags);
    if (over.length) {
      const first = over[0] as PaperRecord;
      throw new LibraryError(
        `${over.length === 1 ? first.id : `${over.length} papers (${first.id}, …)`} would have ${first.tags.length} tags; a paper holds at most ${LIMITS.tags}. Nothing was changed.`,
      );
    }
    const metaBefore = this.meta;
    for (const r of changed) this.assignShard(r);
    const later = removedAbstracts === 'later';
    const withAbstract = [...changed.filter(abstractChanged), ...(later ? [] : removed.filter((r) => r.abstract))];
    await this.loadShards([...changed, ...removed].map((r) => r.shard));
    await this.loadAbstractShards(withAbstract.map((r) => r.shard));
    const items: Record<string, unknown> = {};
    const touched = new Set<number>();
    const abstractTouched = new Set(withAbstract.map((r) => r.shard));
    for (const r of removed) {
      touched.add(r.shard);
      delete this.shards.get(r.shard)?.papers[r.id];
      if (!later) delete this.abstractShards.get(r.shard)?.abstracts[r.id];
    }
    const sweep = later
      ? [...new Set([...this.sweepShards, ...removed.filter((r) => r.abstract).map((r) => r.shard)])]
      : [];
    if (sweep.length > this.sweepShards.length) {
      const value: AbstractSweep = { v: 1, shards: sweep.sort((a, b) => a - b) };
      items[KEY.sweep] = value;
    }
    for (const r of changed) {
      touched.add(r.shard);
      const clean = stripUndefined({ ...r, v: SCHEMA_VERSION } as PaperRecord);
      const { abstract: _abstract, ...stored } = clean;
      items[KEY.paper(r.id)] = stored;
      (this.shards.get(r.shard) as SnapshotShard).papers[r.id] = toSnapEntry(clean);
      if (abstractTouched.has(r.shard) && abstractChanged(r)) {
        const abs = this.abstractShards.get(r.shard) as AbstractShard;
        if (clean.abstract) abs.abstracts[r.id] = clean.abstract;
        else delete abs.abstracts[r.id];
      }
    }
    for (const n of touched) items[KEY.snap(n)] = shardText(this.shards.get(n) as SnapshotShard);
    const head = await this.nextHead(
      changed.map((r) => (this.shards.get(r.shard) as SnapshotShard).papers[r.id] as SnapEntry),
      new Set(removed.map((r) => r.id)),
    );
    if (head) items[KEY.head] = JSON.stringify(head);
    for (const n of abstractTouched) items[KEY.abstracts(n)] = JSON.stringify(this.abstractShards.get(n));
    this.meta = bump(this.meta, touched, abstractTouched);
    items[KEY.meta] = this.meta;
    Object.assign(items, extra);
    const removedKeys = removed.map((r) => KEY.paper(r.id));
    if (removedKeys.length) items[KEY.removing] = removedKeys;
    try {
      await this.storage.set(items);
      if (KEY.sweep in items) this.sweepShards = sweep;
      if (removedKeys.length) await this.storage.remove([...removedKeys, KEY.removing]);
      this.onCommit?.({ seq: this.meta.seq, changed, removed: removed.map((r) => r.id) });
    } catch (e) {
      // The cache may now be ahead of storage: drop it so the next operation reads the truth.
      this.shards.clear();
      this.shardsDropped += 1;
      this.abstractShards.clear();
      this.head = undefined;
      this.meta = metaBefore;
      this.ready = undefined;
      throw storageError(e);
    }
  }

  /**
   * The head after a change: changed papers re-placed, removed ones dropped; undefined when it did not change.
   * The head stays an exact prefix of the default order: a changed paper that now sorts after its last entry
   * leaves it (unless the head holds the whole library), and when demotions leave fewer than HEAD_SHOW it is
   * rebuilt from every shard (rare: once per HEAD_KEEP - HEAD_SHOW demotions).
   */
  protected async nextHead(changed: SnapEntry[], removed: Set<string>): Promise<Head | undefined> {
    if (!this.head) {
      const got = await this.storage.get(KEY.head);
      this.head = readHead(got[KEY.head]);
      if (!this.head) return this.rebuildHead();
    }
    const before = this.head;
    const ids = new Set([...changed.map((e) => e.id), ...removed]);
    const kept = before.entries.filter((e) => !ids.has(e.id));
    const last = before.entries[before.entries.length - 1];
    const placed = changed.filter((e) => before.complete || !last || snapOrder(e, last) <= 0);
    const sorted = [...kept, ...placed].sort(snapOrder);
    const next: Head = { complete: before.complete && sorted.length <= HEAD_KEEP, entries: sorted.slice(0, HEAD_KEEP) };
    if (!next.complete && next.entries.length < HEAD_SHOW) return this.rebuildHead();
    if (
      next.complete === before.complete &&
      next.entries.length === before.entries.length &&
      next.entries.every((e, i) => e === before.entries[i])
    ) {
      return undefined;
    }
    this.head = next;
    return next;
  }

  protected async rebuildHead(): Promise<Head> {
    await this.loadShards(Array.from({ length: this.meta.shardCount }, (_, n) => n));
    const all = [...this.shards.values()].flatMap((s) => Object.values(s.papers)).sort(snapOrder);
    this.head = { complete: all.length <= HEAD_KEEP, entries: all.slice(0, HEAD_KEEP) };
    return this.head;
  }

  protected async getOne(id: string): Promise<PaperRecord> {
    const p = (await this.readPapers([id])).get(id);
    if (!p) throw new LibraryError(`unknown paper: ${id}`);
    return p;
  }
}
