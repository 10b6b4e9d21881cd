/**
 * The library's operations: every change to stored papers goes through one Library in the background, applied one
 * at a time in arrival order through the store's queue (lib/library/store.ts), each ending in one write.
 */
import type { Completion } from '../enrich/index';
import { type PaperState, paperState } from '../interest/state';
import { mayRename, pageOwnsAlias } from '../paper/aliases';
import { landingUrl } from '../paper/ids';
import { mergeMetadata, mergePapers, mergeSightings, newPaper, normaliseTags, vouchedLinks } from '../paper/merge';
import type { Paper, PaperMetadata } from '../paper/types';
import { applyCompletion } from './enrich-apply';
import { ImportStaging } from './import-staging';
import type { IndexDb } from './index-db';
import { readStamp, staleShards } from './index-store';
import { SHARDS_PER_GET } from './reader';
import {
  type AliasRecord,
  KEY,
  type PaperRecord,
  readRecord,
  readUndo,
  SCHEMA_VERSION,
  type SnapEntry,
  type SyncStatus,
  type UndoSnapshot,
} from './schema';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import {
  type BulkChange,
  type ImportReport,
  LibraryError,
  LibraryStore,
  queueState,
  type SightingResult,
  storageError,
  withoutAbstract,
} from './store';
import { SHARDS_HELD } from './stored-mirror';
import type { SyncEntry } from './sync';
import { VisitBudgets } from './visit-budget';
import { loadPeekIndex, type PeekIndex, peekStates } from './visit-peek';

export type { BulkChange, ImportReport, SightingResult } from './store';
export { bump, LibraryError, storageError } from './store';

/** recordSightings' answer before its write is stored (see there). */
export interface EarlyAnswer {
  afterMs: number;
  failed: (error: string) => void;
}

/** Stale snapshot shards read ahead at most (holdStaleShards). */
const STALE_HELD = 64;
/** A peek's read of the index serves the peeks of this long after it (then it is let go). */
const PEEK_INDEX_KEPT_MS = 5_000;

export class Library extends LibraryStore {
  /** What each page visit has added so far (its bound: lib/library/visit-budget.ts). */
  readonly budgets = new VisitBudgets();
  /** Chunks of a large import waiting for their commit (all or nothing). */
  readonly imports = new ImportStaging();
  /** The persisted search index (set by the background): a visit whose turn in the queue is late is answered from
   * it and from memory (./visit-peek.ts). */
  peekIndex: Pick<IndexDb, 'get' | 'getChunks'> | undefined;
  /** The settings as last read or written here, or told by storage.onChanged (settingsNow). */
  private settingsHeld: Settings | undefined;
  /** The index as the last peek read it (shared by the peeks of a moment). */
  private peekRead: { at: number; index: Promise<PeekIndex | undefined> } | undefined;

  // ── operations ─────────────────────────────────────────────────────────────────────────────────────────

  /**
   * A feed page's entries: new papers are added, known ones get a sighting and fresher metadata. With `early`, the
   * answer (each entry's state, known once the papers are read) goes out when the write has not been stored after
   * `early.afterMs`: after a browser restart Chrome stores its first write only after reading everything stored
   * (seconds at 100,000 papers), and the page's controls wait for this answer. The write keeps the queue until it
   * is stored; if it then fails, `early.failed` is told (the page says "not saved" as it would have).
   */
  recordSightings(
    site: string,
    pageUrl: string,
    entries: (PaperMetadata & { aliases?: string[] })[],
    visit = pageUrl,
    early?: EarlyAnswer,
  ): Promise<SightingResult[]> {
    let answerEarly: ((results: SightingResult[]) => void) | undefined;
    let answered = false;
    const earlyAnswer = new Promise<SightingResult[]>((resolve) => {
      answerEarly = (results) => {
        answered = true;
        resolve(results);
      };
    });
    let started = false;
    const done = this.recordInQueue(
      site,
      pageUrl,
      entries,
      visit,
      () => {
        started = true;
      },
      (results) => {
        if (!early) return () => {};
        const timer = setTimeout(() => answerEarly?.(results), early.afterMs);
        return () => clearTimeout(timer);
      },
    );
    if (!early) return done;
    // Its turn has not come after afterMs and the queue waits on a write not stored yet (its reads would wait as
    // long): answered from memory and the index when they know every entry's state exactly, else as before.
    let settled = false;
    const peekTimer = setTimeout(() => {
      this.whenWriting(() => {
        if (answered || started || settled) return;
        this.peek(entries, pageUrl).then(
          (results) => results && answerEarly?.(results),
          (e: unknown) => this.log('warn', `a visit's states not read ahead: ${String(e)}`),
        );
      });
    }, early.afterMs);
    const settle = () => {
      settled = true;
      clearTimeout(peekTimer);
    };
    done.then(settle, settle);
    done.catch((e: unknown) => {
      if (answered) early.failed(e instanceof Error ? e.message : String(e));
    });
    return Promise.race([done, earlyAnswer]);
  }

  /**
   * The snapshot shards written since the index was built, read into memory at the background's start (before any
   * write of the session holds reads up): with them a visit's new papers are known to be new (./visit-peek.ts).
   * At most STALE_HELD shards (the index is rebuilt long before that many are stale: index-store.ts needsRebuild).
   * The abstract shards written since are read in the same pass when all fit in SHARDS_HELD: the answer is what was
   * read, and the views' mirror takes it (index-store.ts holdViewKeys), so storage is read once for both.
   */
  async holdStaleShards(): Promise<Record<string, unknown>> {
    if (!this.peekIndex) return {};
    const [raw] = await Promise.all([this.peekIndex.get('stamp'), this.ready ?? this.init()]);
    const stamp = readStamp(raw);
    if (!stamp || stamp.seq > this.meta.seq) return {};
    const { snap, abs } = staleShards(this.meta, stamp);
    if (snap.length > STALE_HELD) return {};
    return this.holdShards(snap, snap.length + abs.length <= SHARDS_HELD ? abs : []);
  }

  /** A visit's states without storage.local (./visit-peek.ts), once the library has started. */
  private async peek(entries: { id: string; aliases?: string[] }[], pageUrl: string) {
    const db = this.peekIndex;
    if (!db || !this.ready) return undefined;
    await this.ready;
    // One read of the index for the visits of one moment (a page sending many would otherwise have it read for each).
    const now = Date.now();
    if (!this.peekRead || now - this.peekRead.at > PEEK_INDEX_KEPT_MS) {
      const read = { at: now, index: loadPeekIndex(db) };
      this.peekRead = read;
      setTimeout(() => {
        if (this.peekRead === read) this.peekRead = undefined;
      }, PEEK_INDEX_KEPT_MS);
    }
    const index = await this.peekRead.index;
    return index && peekStates(() => ({ meta: this.meta, shards: this.shards }), index, db, entries, pageUrl);
  }

  private recordInQueue(
    site: string,
    pageUrl: string,
    entries: (PaperMetadata & { aliases?: string[] })[],
    visit: string,
    starting: () => void,
    writing: (results: SightingResult[]) => () => void,
  ): Promise<SightingResult[]> {
    return this.run(async () => {
      starting();
      const now = this.now();
      const unique = new Map<string, PaperMetadata>();
      const aliasesOf = new Map<string, string[]>();
      for (const { aliases, ...e } of entries) {
        if (unique.has(e.id)) continue;
        unique.set(e.id, e);
        if (aliases?.length) aliasesOf.set(e.id, aliases);
      }
      const known = await this.readPapers([...unique.keys()]);
      const renamed = await this.takeOver(pageUrl, unique, known, aliasesOf);
      const changed: PaperRecord[] = [];
      const newAbstract = new Set<string>();
      const results: SightingResult[] = [];
      let refused = 0;
      for (const [id, meta] of unique) {
        const before = known.get(id);
        if (!before && !this.budgets.admit(visit, JSON.stringify(meta).length + 200, this.clock().getTime())) {
          refused += 1;
          results.push({ id, isNew: true, stored: false, starred: false, tags: [] });
          continue;
        }
        const base: PaperRecord = before
          ? (mergeMetadata(before, meta, pageUrl) as PaperRecord)
          : { ...newPaper(vouchedLinks(meta), now), v: SCHEMA_VERSION, shard: -1 };
        base.sightings = mergeSightings(base.sightings, [{ site, url: pageUrl, firstSeen: now, lastSeen: now }]);
        if (base.abstract !== before?.abstract || renamed.has(id)) newAbstract.add(base.id);
        changed.push(base);
        // The entry's own id (a paper found under an old name answers to the name the page uses).
        results.push({ ...queueState(base, !before), id });
      }
      if (refused)
        this.log('warn', `page visit bound reached: ${refused} new papers of ${pageUrl.slice(0, 200)} not stored`);
      const aliasRecords: Record<string, AliasRecord> = {};
      for (const [to, from] of renamed) aliasRecords[KEY.alias(from.id)] = { v: 1, to };
      if (changed.length) {
        const stop = writing(results);
        try {
          await this.commit(changed, [...renamed.values()], (r) => newAbstract.has(r.id), aliasRecords);
        } finally {
          stop();
        }
      }
      return results;
    });
  }

  /**
   * Papers the library knows by an old name that this page's entries give a better id (lib/paper/aliases.ts): each
   * is put in `known` under its new id — moved there, or merged into the record the new id already has (the same
   * paper saved twice: star anywhere stays, tags and sightings join) — and returned (new id → the old record, to be
   * removed and aliased).
   */
  private async takeOver(
    pageUrl: string,
    unique: Map<string, PaperMetadata>,
    known: Map<string, PaperRecord>,
    aliasesOf: Map<string, string[]>,
  ): Promise<Map<string, PaperRecord>> {
    const out = new Map<string, PaperRecord>();
    const wanted = [...aliasesOf.values()].flat().filter((a) => pageOwnsAlias(pageUrl, a));
    if (!wanted.length) return out;
    const byAlias = await this.readPapers(wanted);
    const taken = new Set<string>();
    for (const [id, aliases] of aliasesOf) {
      const meta = unique.get(id) as PaperMetadata;
      const current = known.get(id);
      for (const alias of aliases) {
        const old = byAlias.get(alias);
        // One paper moves once; never onto a paper this page also lists under its own id, nor onto itself.
        if (!old || old.id === current?.id || taken.has(old.id) || unique.has(old.id)) continue;
        if (!mayRename(pageUrl, old, meta) || (current && !mayRename(pageUrl, old, current))) continue;
        taken.add(old.id);
        out.set(id, old);
        known.set(
          id,
          current
            ? { ...(mergePapers(current, old) as PaperRecord), id, v: current.v, shard: current.shard }
            : { ...old, id },
        );
        break;
      }
    }
    return out;
  }

  /** The papers "Complete metadata" should look at: these ids, or every starred paper. */
  async papersToComplete(ids: string[] | 'starred'): Promise<Paper[]> {
    if (ids === 'starred') await this.shardsInTurns();
    return this.run(async () => {
      const want = ids === 'starred' ? (await this.allEntries()).filter((e) => e.starred).map((e) => e.id) : ids;
      const got = await this.readPapers(want.slice(0, 5_000));
      return [...new Map([...got.values()].map((r) => [r.id, r])).values()];
    });
  }

  /** Applies what "Complete metadata" found (lib/library/enrich-apply.ts), all papers in one commit. */
  applyCompletions(completions: Completion[]): Promise<{ changed: string[] }> {
    return this.run(async () => {
      const now = this.now();
      const records = await this.readPapers(completions.map((c) => c.id));
      const changed: PaperRecord[] = [];
      const newAbstract = new Set<string>();
      for (const c of completions) {
        const r = records.get(c.id);
        const next = r && r.id === c.id ? applyCompletion(r, c, now) : undefined;
        if (!r || !next) continue;
        if (next.abstract !== r.abstract) newAbstract.add(next.id);
        changed.push(next);
      }
      if (changed.length) await this.commit(changed, [], (r) => newAbstract.has(r.id));
      return { changed: changed.map((r) => r.id) };
    });
  }

  /**
   * Papers that were really on screen on a feed (the overlay's judgement: mostly in view for a second, or scrolled
   * past): each keeps the first time. Papers the library does not hold are left out.
   */
  markViewed(ids: string[]): Promise<{ marked: number }> {
    return this.run(async () => {
      const now = this.now();
      const changed = [...(await this.readPapers(ids)).values()].filter((r) => !r.viewedAt);
      for (const r of changed) r.viewedAt = now;
      if (changed.length) await this.commit(changed);
      return { marked: changed.length };
    });
  }

  /**
   * The user opened the paper itself (its abstract page, PDF, HTML, forum…) on `site`: counted apart from feed
   * listings, and the paper is read. A paper not in the library yet is added with what the address tells (its id
   * and landing page); its title comes with the first page that shows it.
   */
  recordOpened(id: string, site: string, visit = `opened:${site}`): Promise<Paper | undefined> {
    return this.run(async () => {
      const now = this.now();
      const found = (await this.readPapers([id])).get(id);
      // A new paper counts against the tab's share, as a feed visit's do: a page that navigates itself through
      // thousands of paper addresses adds at most VISIT_LIMITS.papers of them.
      if (!found && !this.budgets.admit(visit, 300, this.clock().getTime())) return undefined;
      const record: PaperRecord = found ?? {
        ...newPaper({ id, title: '', authors: [], url: landingUrl(id) ?? '' }, now),
        v: SCHEMA_VERSION,
        shard: -1,
      };
      const o = record.opened;
      record.opened = {
        count: (o?.count ?? 0) + 1,
        first: o?.first ?? now,
        last: now,
        sites: o?.sites.includes(site) ? o.sites : [...(o?.sites ?? []), site].slice(-20),
      };
      record.readAt ??= now;
      await this.commit([record]);
      return record;
    });
  }

  /** "Not interested" (or undone): a dismissed paper is hidden on every feed. */
  setDismissed(id: string, dismissed: boolean): Promise<Paper> {
    return this.setQueueField(id, 'dismissedAt', dismissed);
  }

  /** Read (opened, or marked) or back to unread. */
  setRead(id: string, read: boolean): Promise<Paper> {
    return this.setQueueField(id, 'readAt', read);
  }

  private setQueueField(id: string, field: 'dismissedAt' | 'readAt', on: boolean): Promise<Paper> {
    return this.run(async () => {
      const record = await this.getOne(id);
      if (!!record[field] === on) return record;
      if (on) record[field] = this.now();
      else delete record[field];
      record.updatedAt = this.now();
      await this.commit([record]);
      return record;
    });
  }

  /** Stars or unstars a paper; `paper` lets a caller star one the library has not seen yet. */
  setStarred(id: string, starred: boolean, paper?: PaperMetadata): Promise<Paper> {
    return this.run(async () => {
      const now = this.now();
      const found = (await this.readPapers([id])).get(id);
      if (!found && !paper) throw new LibraryError(`unknown paper: ${id}`);
      const record: PaperRecord = found ?? {
        ...newPaper(vouchedLinks(paper as PaperMetadata), now),
        v: SCHEMA_VERSION,
        shard: -1,
      };
      if (record.starred !== starred || !found) {
        record.starred = starred;
        if (starred) record.starredAt = now;
        else delete record.starredAt;
        record.updatedAt = now;
        await this.commit([record]);
      }
      return record;
    });
  }

  setTags(id: string, tags: string[]): Promise<Paper> {
    return this.run(async () => {
      const record = await this.getOne(id);
      record.tags = normaliseTags(tags);
      record.updatedAt = this.now();
      await this.commit([record]);
      return record;
    });
  }

  /**
   * Adds and removes tags on the paper as it is stored when the change comes (not a whole list computed from what
   * a view saw earlier): edits from several tabs at once all hold.
   */
  changeTags(id: string, add: string[], remove: string[]): Promise<Paper> {
    return this.run(async () => {
      const record = await this.getOne(id);
      const drop = new Set(normaliseTags(remove));
      const tags = normaliseTags([...record.tags.filter((t) => !drop.has(t)), ...normaliseTags(add)]);
      if (tags.join('\n') === record.tags.join('\n')) return record;
      record.tags = tags;
      record.updatedAt = this.now();
      await this.commit([record]);
      return record;
    });
  }

  setNote(id: string, note: string): Promise<Paper> {
    return this.run(async () => {
      const record = await this.getOne(id);
      if (note.trim()) record.note = note;
      else delete record.note;
      record.updatedAt = this.now();
      await this.commit([record]);
      return record;
    });
  }

  /**
   * One change to many papers (the library page's selection or everything a query matches): star or unstar,
   * add or remove tags. One write; Undo restores every changed paper exactly.
   */
  bulkUpdate(ids: string[], change: BulkChange): Promise<{ changed: number }> {
    return this.run(async () => {
      const found = await this.readPapers(ids);
      const now = this.now();
      const add = normaliseTags(change.addTags ?? []);
      const drop = new Set(normaliseTags(change.removeTags ?? []));
      const before: PaperRecord[] = [];
      const changed: PaperRecord[] = [];
      for (const record of found.values()) {
        const next: PaperRecord = { ...record, tags: [...record.tags] };
        if (change.starred !== undefined && next.starred !== change.starred) {
          next.starred = change.starred;
          if (change.starred) next.starredAt = now;
          else delete next.starredAt;
        }
        if (add.length || drop.size) next.tags = normaliseTags([...next.tags.filter((t) => !drop.has(t)), ...add]);
        if (next.starred === record.starred && next.tags.join('\n') === record.tags.join('\n')) continue;
        next.updatedAt = now;
        before.push(record);
        changed.push(next);
      }
      if (changed.length) {
        // A bulk change never touches abstracts: Undo keeps them where they are (no second copy in `undo`).
        const undo: UndoSnapshot = { v: 1, kind: 'bulk', at: now, restore: before.map(withoutAbstract), remove: [] };
        await this.commit(changed, [], () => false, { [KEY.undo]: undo });
      }
      return { changed: changed.length };
    });
  }

  /**
   * Deletes papers, keeping them for Undo. When storage is full the copy for Undo may not fit: deleting is how
   * a user makes room, so the delete then goes ahead without it (and says so: `undo: false`).
   */
  deletePapers(ids: string[]): Promise<{ deleted: number; undo: boolean }> {
    return this.run(() => this.removeWithUndo(ids));
  }

  private async removeWithUndo(ids: string[]): Promise<{ deleted: number; undo: boolean }> {
    const found = await this.readPapers(ids);
    if (!found.size) return { deleted: 0, undo: false };
    const undo: UndoSnapshot = { v: 1, kind: 'delete', at: this.now(), restore: [...found.values()], remove: [] };
    try {
      // The deleted papers' abstracts stay in their shards for now (Undo has its own copy): a delete spread over
      // many shards writes none of them, and the background sweeps them after (KEY.sweep).
      await this.commit([], [...found.values()], () => false, { [KEY.undo]: undo }, 'later');
      return { deleted: found.size, undo: true };
    } catch (e) {
      if (!(e instanceof LibraryError) || !/storage is full/.test(e.message)) throw e;
      this.log('warn', `storage full: deleting ${found.size} papers without an Undo copy`);
      const again = await this.readPapers(ids);
      await this.commit([], [...again.values()], () => false, { [KEY.undo]: null });
      return { deleted: again.size, undo: false };
    }
  }

  /**
   * Every snapshot shard into the cache, a batch per turn of the queue, before an operation over the whole library:
   * read in its one turn, every other operation (a feed page's, a star) waited for all of them (~50 MB at 100,000
   * papers; the for-you rebuild that reads them took 10.5–14.6 s there, traced).
   */
  private async shardsInTurns(): Promise<void> {
    const count = await this.run(async () => this.meta.shardCount);
    for (let from = 0; from < count; from += SHARDS_PER_GET.snap) {
      const batch = Array.from({ length: Math.min(count, from + SHARDS_PER_GET.snap) - from }, (_, i) => from + i);
      await this.run(() => this.loadShards(batch));
    }
  }

  /** Every paper's snapshot entry (all shards), for operations over the whole library. */
  private async allEntries(): Promise<SnapEntry[]> {
    await this.loadShards(Array.from({ length: this.meta.shardCount }, (_, n) => n));
    return [...this.shards.values()].flatMap((s) => Object.values(s.papers));
  }

  /** Sync (lib/library/sync.ts): the starred or tagged papers, and the given ids, as sync entries. */
  async syncEntries(alsoIds: string[]): Promise<SyncEntry[]> {
    await this.shardsInTurns();
    return this.run(async () => {
      const ids = new Set(alsoIds);
      for (const e of await this.allEntries()) if (e.starred || e.tags.length) ids.add(e.id);
      const found = await this.readPapers([...ids]);
      return [...found.values()].map((r) => {
        const e: SyncEntry = {
          id: r.id,
          starred: r.starred,
          tags: r.tags,
          at: r.updatedAt ?? r.addedAt ?? '',
          title: r.title,
        };
        if (r.note) e.note = r.note;
        return e;
      });
    });
  }

  /**
   * Sync: applies other devices' changes that are newer than this library's (their time is kept, so the change is
   * not sent back as a new one). A paper this device has never met is added from the entry (title, id's page).
   */
  applySynced(entries: SyncEntry[]): Promise<number> {
    return this.run(async () => {
      const found = await this.readPapers(entries.map((e) => e.id));
      const now = this.now();
      const changed: PaperRecord[] = [];
      for (const e of entries) {
        const before = found.get(e.id);
        if (before && (before.updatedAt ?? '') >= e.at) continue;
        if (!before && !e.starred && !e.tags.length) continue;
        const record: PaperRecord = before
          ? { ...before }
          : {
              ...newPaper({ id: e.id, title: e.title || e.id, authors: [], url: landingUrl(e.id) ?? '' }, now),
              v: SCHEMA_VERSION,
              shard: -1,
            };
        if (record.starred !== e.starred) {
          record.starred = e.starred;
          if (e.starred) record.starredAt = e.at;
          else delete record.starredAt;
        }
        record.tags = normaliseTags(e.tags);
        if (e.note) record.note = e.note;
        else delete record.note;
        record.updatedAt = e.at;
        changed.push(record);
      }
      if (changed.length) await this.commit(changed);
      return changed.length;
    });
  }

  /**
   * Renames a tag on every paper; renaming into a tag that exists merges the two; `to` empty deletes the tag.
   * One write; Undo restores every changed paper.
   */
  async renameTag(from: string, to: string): Promise<{ changed: number }> {
    await this.shardsInTurns();
    return this.run(async () => {
      const [target] = normaliseTags([to]);
      const ids = (await this.allEntries()).filter((e) => e.tags.includes(from)).map((e) => e.id);
      const found = await this.readPapers(ids);
      const now = this.now();
      const before: PaperRecord[] = [];
      const changed: PaperRecord[] = [];
      for (const record of found.values()) {
        const tags = normaliseTags(record.tags.map((t) => (t === from ? (target ?? '') : t)).filter(Boolean));
        if (tags.join('\n') === record.tags.join('\n')) continue;
        before.push(record);
        changed.push({ ...record, tags, updatedAt: now });
      }
      if (changed.length) {
        // A bulk change never touches abstracts: Undo keeps them where they are (no second copy in `undo`).
        const undo: UndoSnapshot = { v: 1, kind: 'bulk', at: now, restore: before.map(withoutAbstract), remove: [] };
        await this.commit(changed, [], () => false, { [KEY.undo]: undo });
      }
      return { changed: changed.length };
    });
  }

  /**
   * Forgets old reading history: papers neither starred, tagged nor noted, beyond the `keep` most recently seen
   * or last seen more than `days` days ago (0: no limit of that kind). Undo brings them back.
   */
  async prune(keep: number, days: number): Promise<{ deleted: number; undo: boolean }> {
    await this.shardsInTurns();
    return this.run(async () => {
      const cutoff = days > 0 ? new Date(this.clock().getTime() - days * 86_400_000).toISOString() : '';
      const candidates = (await this.allEntries())
        .filter((e) => !e.starred && !e.tags.length && !e.note)
        .sort((a, b) => (b.lastSeen ?? b.addedAt ?? '').localeCompare(a.lastSeen ?? a.addedAt ?? ''));
      const ids = candidates
        .filter((e, i) => (keep > 0 && i >= keep) || (cutoff !== '' && (e.lastSeen ?? e.addedAt ?? '') < cutoff))
        .map((e) => e.id);
      return ids.length ? this.removeWithUndo(ids) : { deleted: 0, undo: false };
    });
  }

  /** Papers from a backup or another library: merged into known ones (union of tags, a star stays). */
  importPapers(papers: Paper[]): Promise<ImportReport> {
    return this.run(async () => {
      const byId = new Map<string, Paper>();
      let skipped = 0;
      for (const p of papers) {
        const prev = byId.get(p.id);
        if (prev) skipped += 1;
        byId.set(p.id, prev ? mergePapers(prev, p) : p);
      }
      const known = await this.readPapers([...byId.keys()]);
      const changed: PaperRecord[] = [];
      const newAbstract = new Set<string>();
      const undo: UndoSnapshot = { v: 1, kind: 'import', at: this.now(), restore: [], remove: [] };
      let added = 0;
      let merged = 0;
      for (const [id, p] of byId) {
        const before = known.get(id);
        const next: PaperRecord = before
          ? { ...(mergePapers(before, p) as PaperRecord), v: SCHEMA_VERSION, shard: before.shard }
          : { ...p, tags: normaliseTags(p.tags), v: SCHEMA_VERSION, shard: -1 };
        if (before) {
          merged += 1;
          undo.restore.push(before);
        } else {
          added += 1;
          undo.remove.push(id);
        }
        if (next.abstract !== before?.abstract) newAbstract.add(id);
        changed.push(next);
      }
      await this.commit(changed, [], (r) => newAbstract.has(r.id), { [KEY.undo]: undo });
      return { added, merged, skipped };
    });
  }

  /** Restores the library as it was before the last import, bulk change or delete, exactly; then forgets it. */
  undo(): Promise<{ kind: string; restored: number; removed: number }> {
    return this.run(async () => {
      const snap = readUndo((await this.storage.get(KEY.undo))[KEY.undo]);
      if (!snap) throw new LibraryError('nothing to undo');
      const restore: PaperRecord[] = [];
      for (const raw of snap.restore) {
        const r = readRecord(raw, KEY.paper(String((raw as { id?: unknown }).id)));
        if (r.ok) restore.push({ ...r.record, shard: -1 });
      }
      const current = await this.readPapers([...snap.remove, ...restore.map((r) => r.id)]);
      const remove = snap.remove.map((id) => current.get(id)).filter((r): r is PaperRecord => !!r);
      // Restored papers go back in the shards they are in now (or a new one if they were deleted).
      for (const r of restore) r.shard = current.get(r.id)?.shard ?? -1;
      const keep = snap.kind === 'bulk';
      for (const r of restore)
        if (keep && !r.abstract && current.get(r.id)?.abstract) r.abstract = current.get(r.id)?.abstract;
      await this.commit(restore, remove, () => !keep, { [KEY.undo]: null });
      return { kind: snap.kind, restored: restore.length, removed: remove.length };
    });
  }

  setSyncStatus(status: Omit<SyncStatus, 'v'>): Promise<void> {
    return this.run(async () => {
      await this.storage.set({ [KEY.syncStatus]: { v: 1, ...status } satisfies SyncStatus });
    });
  }

  getSettings(): Promise<Settings> {
    return this.run(async () => {
      this.settingsHeld = readSettings((await this.storage.get(KEY.settings))[KEY.settings]);
      return this.settingsHeld;
    });
  }

  /**
   * The settings without waiting for the queue when they are known (a feed page starts with them; the queue may be
   * held for seconds by a write after a restart), else read in turn.
   */
  settingsNow(): Promise<Settings> {
    return this.settingsHeld ? Promise.resolve(this.settingsHeld) : this.getSettings();
  }

  /** The settings as storage.onChanged tells them (an import or a restore writes them too). */
  settingsStored(raw: unknown): void {
    this.settingsHeld = readSettings(raw);
  }

  setSettings(patch: Partial<Omit<Settings, 'v'>>): Promise<Settings> {
    return this.run(async () => {
      const current = readSettings((await this.storage.get(KEY.settings))[KEY.settings]);
      const next: Settings = { ...DEFAULT_SETTINGS, ...current, ...patch, v: 1 };
      await this.storage.set({ [KEY.settings]: next }).catch((e: unknown) => Promise.reject(storageError(e)));
      this.settingsHeld = next;
      return next;
    });
  }

  /** Every paper's for-you state (lib/interest/state.ts), and the write count it reflects. */
  async interestStates(): Promise<{ seq: number; papers: PaperState[] }> {
    await this.shardsInTurns();
    return this.run(async () => ({ seq: this.meta.seq, papers: (await this.allEntries()).map(paperState) }));
  }

  /** Papers' snapshot entries (title, authors, keywords: no abstract), for scoring many papers at once. */
  async entries(ids?: string[]): Promise<SnapEntry[]> {
    await this.shardsInTurns();
    return this.run(async () => {
      const all = await this.allEntries();
      if (!ids) return all;
      const want = new Set(ids);
      return all.filter((e) => want.has(e.id));
    });
  }

  /** The write count of the library as stored. */
  currentSeq(): Promise<number> {
    return this.run(async () => this.meta.seq);
  }

  /** Whole papers (abstract included), by id; unknown ids are left out. The abstract shards read for them are not
   * kept in memory (a read across the library would otherwise hold every abstract). */
  readMany(ids: string[]): Promise<Paper[]> {
    return this.run(async () => {
      const cached = new Set(this.abstractShards.keys());
      const out = [...(await this.readPapers(ids)).values()];
      for (const n of [...this.abstractShards.keys()]) if (!cached.has(n)) this.abstractShards.delete(n);
      return out;
    });
  }

  getPaper(id: string): Promise<Paper | undefined> {
    return this.run(async () => (await this.readPapers([id])).get(id));
  }
}

/** What a feed page shows of a paper it lists: the user's state, and the queue's. */
