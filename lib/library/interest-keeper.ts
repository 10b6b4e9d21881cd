/**
 * The background's keeper of the for-you model (issue 16): loads the persisted state (lib/interest/state.ts) when
 * first asked (never at the browser's start, nor while a background only stores pages), applies each commit's papers
 * to it (a star is one paper's words counted, then a warm-started retrain),
 * saves it a moment after changes settle, and rebuilds it from the library only when it is missing, damaged or
 * behind the library (a worker stopped before saving). It answers the feed's, the popup's and the library page's
 * for-you questions. It never touches the network.
 */
import type { InterestModel, Why } from '../interest/index';
import {
  BACKGROUND_SIZE,
  InterestState,
  kindOf,
  MAX_LIKED,
  MIN_LIKED,
  paperState,
  type StoredInterest,
} from '../interest/state';
import { type Doc, docTerms } from '../interest/text';
import { tfidf, unit } from '../interest/vectors';
import type { Library } from './library';
import type { Log } from './storage-area';
import type { CommitChange } from './store';

/** The performance measure of the last feed's ranking (read by tests/e2e/foryou.e2e.ts). */
export const RANK_MEASURE = 'ps:foryou-rank';

/** Where the state is kept: two records, written in one transaction (the words, and the write count they match). */
export interface InterestStore {
  get(): Promise<{ state?: unknown; seq?: unknown }>;
  put(items: { state?: StoredInterest; seq: number }): Promise<void>;
}

export function memoryInterestStore(): InterestStore & { data: { state?: unknown; seq?: unknown } } {
  const data: { state?: unknown; seq?: unknown } = {};
  return {
    data,
    get: async () => structuredClone(data),
    async put({ state, seq }) {
      if (state) data.state = structuredClone(state);
      data.seq = seq;
    },
  };
}

/** The extension's IndexedDB (`papershelf-interest`), written by the background only. */
export function indexedDbInterestStore(name = 'papershelf-interest'): InterestStore {
  let opened: Promise<IDBDatabase> | undefined;
  const open = () => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('interest');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => {
        opened = undefined;
        reject(req.error);
      };
    });
    return opened;
  };
  return {
    async get() {
      const db = await open();
      const store = db.transaction('interest', 'readonly').objectStore('interest');
      const read = (key: string) =>
        new Promise<unknown>((resolve, reject) => {
          const r = store.get(key);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const [state, seq] = await Promise.all([read('state'), read('seq')]);
      return { state, seq };
    },
    async put({ state, seq }) {
      const db = await open();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('interest', 'readwrite');
        const store = tx.objectStore('interest');
        if (state) store.put(state, 'state');
        store.put(seq, 'seq');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    },
  };
}

/** One feed entry's answer: what it is ranked by, whether it is one of the user's (its model score above 95% of
 * the background's), and why. */
export interface ForYouResult {
  id: string;
  /** Higher ranks first: a feed's with its own best matches as feedback (InterestModel.scoreFeed), else the score. */
  score: number;
  high: boolean;
  why?: Why;
}

export type ForYouAnswer =
  | { off: true }
  | {
      off?: undefined;
      liked: number;
      needed: number;
      results?: ForYouResult[];
      /** The tags of the liked papers (what "Like my #tag papers" can rank by), for a feed's answer. */
      tags?: string[];
    };

/** Papers held from commits while the state is not loaded; beyond, the load rebuilds. */
const MAX_PENDING = 5_000;

/** Papers read per turn of the library's queue when the state is rebuilt. */
const REBUILD_READ = 25;

/** How many entries get a "why" (the highest; the rest are not shown one). */
const WHY_LIMIT = 60;

export class InterestKeeper {
  private state: InterestState | undefined;
  private loading: Promise<InterestState> | undefined;
  private pending: CommitChange[] = [];
  private pendingPapers = 0;
  private dirty = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Per model: the background's 95th percentile score (what counts as "high"). */
  private readonly bars = new WeakMap<InterestModel, number>();

  constructor(
    private readonly lib: Library,
    private readonly store: InterestStore,
    private readonly log: Log,
    private readonly saveDelayMs = 2_000,
  ) {}

  /** The state, loaded (or rebuilt) once. */
  ready(): Promise<InterestState> {
    if (this.state) return Promise.resolve(this.state);
    this.loading ??= this.load().then(
      (s) => {
        this.state = s;
        this.loading = undefined;
        for (const c of this.pending.splice(0)) this.apply(s, c);
        this.pendingPapers = 0;
        return s;
      },
      (e: unknown) => {
        this.loading = undefined;
        throw e;
      },
    );
    return this.loading;
  }

  private async load(): Promise<InterestState> {
    const [stored, seq] = await Promise.all([
      this.store.get().catch((e: unknown): { state?: unknown; seq?: unknown } => {
        this.log('warn', `for-you state unreadable: ${String(e)}`);
        return {};
      }),
      this.lib.currentSeq(),
    ]);
    const state = InterestState.fromStored(stored.state);
    if (state && typeof stored.seq === 'number') {
      // Current, or behind by commits this background saw since it started (applied after the load).
      const seen = new Set(this.pending.map((c) => c.seq));
      let covered = stored.seq <= seq;
      for (let s = stored.seq + 1; covered && s <= seq; s++) covered = seen.has(s);
      if (covered) {
        state.seq = stored.seq;
        return state;
      }
    }
    return this.rebuild(state ? 'behind the library' : stored.state === undefined ? 'none yet' : 'damaged');
  }

  /** The state counted anew from the library: every liked and dismissed paper, and the others seen most lately. */
  private async rebuild(why: string): Promise<InterestState> {
    const t0 = Date.now();
    const { seq, papers } = await this.lib.interestStates();
    const state = new InterestState();
    const byId = new Map(papers.map((p) => [p.id, p]));
    const newest = (kind: string, n: number) =>
      papers
        .filter((p) => kindOf(p) === kind)
        .sort((a, b) => ((a.at ?? '') !== (b.at ?? '') ? ((a.at ?? '') > (b.at ?? '') ? -1 : 1) : a.id < b.id ? -1 : 1))
        .slice(0, n);
    const ids = [
      ...newest('liked', MAX_LIKED),
      ...newest('disliked', MAX_LIKED),
      ...newest('background', BACKGROUND_SIZE),
    ].map((p) => p.id);
    // A few papers per read: each read is a turn of the library's queue, and each paper's abstract may sit in a shard
    // of its own (~130 KB): 200 at a time could read ~26 MB in one turn, other operations waiting.
    for (let i = 0; i < ids.length; i += REBUILD_READ) {
      for (const doc of await this.lib.readMany(ids.slice(i, i + REBUILD_READ))) {
        const p = byId.get(doc.id);
        if (p) state.put(p, doc);
      }
    }
    state.seq = seq;
    this.dirty = true;
    this.scheduleSave();
    this.log('info', `for-you state rebuilt (${why}): ${JSON.stringify(state.size)} in ${Date.now() - t0} ms`);
    return state;
  }

  /** A commit's papers (the background calls this for every write); undefined: the whole library changed. */
  onCommit(change?: CommitChange): void {
    if (!change) {
      this.state = undefined;
      this.pending = [];
      this.pendingPapers = Number.POSITIVE_INFINITY;
      return;
    }
    if (this.state) {
      this.apply(this.state, change);
      return;
    }
    // Not loaded yet (it loads when first asked): kept to apply after the load, so that a stored state a few commits
    // behind is caught up, not rebuilt. A background that only stores pages never reads it. Only the papers the model
    // would keep are held (a page's merely listed papers are not), and at most MAX_PENDING of them: beyond, the load
    // rebuilds instead.
    const changed = change.changed.filter((r) => kindOf(paperState(r)) !== undefined);
    this.pendingPapers += changed.length + change.removed.length;
    if (this.pendingPapers <= MAX_PENDING) this.pending.push({ ...change, changed });
    else {
      this.pending = [];
      this.pendingPapers = Number.POSITIVE_INFINITY; // no catch-up until the next load
    }
  }

  private apply(state: InterestState, change: CommitChange): void {
    if (change.seq <= state.seq) return;
    let moved = false;
    for (const id of change.removed) moved = state.remove(id) || moved;
    // The newest first: a page of 2,000 papers seen at once counts the words of the background's worth only.
    const records = change.changed
      .map((r) => ({ r, p: paperState(r) }))
      .sort((a, b) => ((a.p.at ?? '') > (b.p.at ?? '') ? -1 : 1));
    let entered = 0;
    for (const { r, p } of records) {
      if (kindOf(p) === 'background' && !state.members.has(r.id) && ++entered > BACKGROUND_SIZE) continue;
      moved = state.put(p, r) || moved;
    }
    state.seq = change.seq;
    if (moved) this.dirty = true;
    this.scheduleSave();
  }

  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.save(), this.saveDelayMs);
  }

  /** Writes the state (when its papers changed) and the write count it matches. */
  async save(): Promise<void> {
    const state = this.state;
    if (!state) return;
    const dirty = this.dirty;
    this.dirty = false;
    await this.store.put({ state: dirty ? state.toStored() : undefined, seq: state.seq }).catch((e: unknown) => {
      this.dirty ||= dirty;
      this.log('warn', `for-you state not saved: ${String(e)}`);
    });
  }

  /** Ranks a feed's papers (as the library holds them) for the user: by all liked papers, or one tag's. */
  async rank(ids: string[], tag?: string): Promise<ForYouAnswer> {
    const t0 = performance.now();
    const answer = await this.answer(ids, tag);
    // The last answer's time, for the e2e benchmark (the background's own timeline: no page sees it).
    performance.clearMeasures(RANK_MEASURE);
    performance.measure(RANK_MEASURE, { start: t0, detail: { entries: ids.length } });
    return answer;
  }

  private async answer(ids: string[], tag?: string): Promise<ForYouAnswer> {
    const state = await this.ready();
    const { model, liked } = state.model(tag);
    const tags = state.likedTags();
    if (!model) return { liked, needed: MIN_LIKED, tags };
    const entries: Doc[] = await this.lib.readMany(ids);
    // Ranked with the feed's own best matches as feedback; "for you" marks go by the score alone (the bar is the
    // score's, measured on the papers the user let pass).
    const { scores, ranking } = model.scoreFeed(entries);
    const order = entries.map((_, i) => i).sort((a, b) => (ranking[b] as number) - (ranking[a] as number) || a - b);
    const explained = new Set(order.slice(0, WHY_LIMIT));
    const bar = this.bar(
      model,
      state,
      [...scores].sort((a, b) => b - a),
    );
    return {
      liked,
      needed: MIN_LIKED,
      tags,
      results: entries.map((e, i) => {
        const score = scores[i] as number;
        const r: ForYouResult = { id: e.id, score: ranking[i] as number, high: score > bar };
        // The entry's own words only: the closest liked paper is not told to a page.
        if (explained.has(i)) r.why = model.why(e, { closest: false });
        return r;
      }),
    };
  }

  /** Scores the user's own papers (the views' `sort:foryou`), from their titles, authors and keywords. */
  async scores(ids: string[]): Promise<ForYouAnswer> {
    const state = await this.ready();
    const { model, liked } = state.model();
    if (!model) return { liked, needed: MIN_LIKED };
    const entries = await this.lib.entries(ids);
    const scores = model.scoreAll(entries);
    const bar = this.bar(
      model,
      state,
      [...scores].sort((a, b) => b - a),
    );
    return {
      liked,
      needed: MIN_LIKED,
      results: entries.map((e, i) => ({ id: e.id, score: scores[i] as number, high: (scores[i] as number) > bar })),
    };
  }

  /** The papers of the library most like one paper (TF-IDF cosine: its words against each paper's title, authors,
   * keywords, and abstract where the state keeps it). */
  async similar(id: string, limit: number): Promise<{ id: string; score: number }[]> {
    const state = await this.ready();
    const [paper] = await this.lib.readMany([id]);
    if (!paper) return [];
    const target = unit(tfidf(docTerms(paper), state.freq));
    const results: { id: string; score: number }[] = [];
    for (const e of await this.lib.entries()) {
      if (e.id === paper.id) continue;
      const terms = state.members.get(e.id)?.terms ?? docTerms(e);
      const v = tfidf(terms, state.freq);
      let s = 0;
      for (const [t, x] of v) s += x * (target.get(t) ?? 0);
      if (s > 0.05) results.push({ id: e.id, score: s });
    }
    return results.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }

  /**
   * The score above which an entry is "for you": above 95% of the papers the user saw and let pass. With fewer than
   * 20 of those (a new user), the best 15% of the papers being ranked, if they score above zero.
   */
  private bar(model: InterestModel, state: InterestState, descending: number[]): number {
    let bar = this.bars.get(model);
    if (bar === undefined) {
      const bg = [...state.members.values()].filter((m) => m.kind === 'background');
      const s = bg.map((m) => model.scoreTerms(m.terms)).sort((a, b) => a - b);
      bar = s.length >= 20 ? (s[Math.floor(s.length * 0.95)] as number) : Number.NaN;
      this.bars.set(model, bar);
    }
    if (!Number.isNaN(bar)) return bar;
    const k = Math.ceil(descending.length * 0.15);
    return Math.max(0, descending[k] ?? Number.POSITIVE_INFINITY);
  }
}
