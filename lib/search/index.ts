/**
 * Paper search (DESIGN.md contract): the same module in the popup, the library page and the benchmarks.
 *
 * Plain Fuse.js over title + authors + tags + abstract scans every paper on every keystroke (~1.4 s at 10,000
 * papers with ignoreLocation). Here an inverted index of normalised words (exact, prefix and trigram-fuzzy
 * matches, weighted by field) picks a small candidate set, and Fuse.js ranks just those, with the abstract cut to
 * the window around the match so that a hit anywhere in a long abstract counts.
 */
import Fuse from 'fuse.js';
import type { SnapEntry } from '../library/schema';
import type { Paper } from '../paper/types';
import { defaultOrder, docFromPaper, hasFilters, passesFilters, popcount, type SearchDoc, snippet } from './docs';
import { titleWordRanges } from './highlight';
import { fold, phraseText } from './normalize';
import { OverlayIndex, type WordMemo } from './overlay';
import { hasText, type ParsedQuery, parseQuery } from './query';
import { type AbstractPostings, DOC_CHUNK, grams, MissingDocs, metaText, type SegmentView } from './segment';
import { Slots } from './slots';

export { defaultOrder, docFromPaper, docFromSnap, type SearchDoc } from './docs';
export { parseQuery } from './query';

export interface Hit<T> {
  item: T;
  score: number;
  /** [start, end] (inclusive) ranges of the title that matched, for highlighting. */
  titleMatches: [number, number][];
  /** The base doc the item is, when it is the paper as the base holds it (a sort places it by a stored rank). */
  doc?: number;
}

/** A listing's hits match no title words: one shared, frozen empty list (not 100,000 new ones per listing). */
const NO_MATCHES = Object.freeze([]) as unknown as [number, number][];

export interface SearchHit {
  paper: Paper;
  score: number;
}

export interface SearchOptions {
  limit?: number;
}

const FIELD_WEIGHT = [3, 2, 1]; // title, meta (authors, tags, keywords, note), abstract
const CANDIDATES = 80;
const MAX_TERMS = 8;

export interface SearchOptionsInit<T> {
  /** A persisted base segment (lib/search/segment.ts): its papers need no indexing here. */
  base?: SegmentView;
  /** How a base segment's snapshot entry becomes an item (required with `base`). */
  fromEntry?: (e: SnapEntry) => T;
  /** Words already split for another search of the same view (lib/search/overlay.ts WordMemo). */
  words?: WordMemo;
}

/**
 * Search over a base segment (optional) plus an overlay of items added or changed since (all items, when there is
 * no base). Items can be upserted and removed one at a time: only their words are indexed, and replaced docs are
 * skipped, so the answers equal those of an index rebuilt over the current items (tests/unit/live-search.test.ts).
 */
export function createSearch<T>(source: T[], toDoc: (item: T) => SearchDoc, init: SearchOptionsInit<T> = {}) {
  const base = init.base;
  const B = base?.n ?? 0;
  const baseDead = new Uint8Array(B);
  let baseDeadCount = 0;
  // The base docs read so far: each one's item, and its search doc once a query has looked at it, indexed by doc
  // number (paged arrays, lib/search/slots.ts, rather than a Map of pairs: at 100,000 papers those pairs were 100,000
  // more objects for every full collection to mark). A listing of every paper reads each item and looks at no doc:
  // the docs are made when a query ranks or filters them (the library page held 100,000 docs it never looked at, ~7 MB).
  const baseItems = new Slots<T>(B);
  const baseDocs = new Slots<SearchDoc>(B);
  const cached = (d: number) => baseItems.get(d) !== undefined;
  /** A base doc replaced by an overlay doc whose abstract is not known here keeps lending it its abstract words. */
  const lends = new Map<number, number>();
  const ov = new OverlayIndex(init.words);
  const items: T[] = [];
  const docs: SearchDoc[] = [];
  const ovDead: boolean[] = [];
  /** The overlay doc that borrows a base doc's abstract words. */
  const borrows = new Map<number, number>();
  const live = new Map<string, number>(); // id → global doc number, for overlay docs
  let longDone = 0; // overlay docs (from the initial items) whose abstracts are indexed
  let abstractOf: ((id: string) => string | undefined) | undefined;

  // Loaded: its entry is in memory (only asked, not decoded: a listing of 100,000 papers asks for each).
  const loaded = (d: number) => d >= B || cached(d) || (base as SegmentView).has(d);
  /** Stops a query that needs base docs whose snapshot entries have not been read: the caller reads, then asks again. */
  const need = (ds: Iterable<number>) => {
    const missing: number[] = [];
    for (const d of ds) if (!loaded(d)) missing.push(d);
    if (missing.length) throw new MissingDocs(missing);
  };
  // Per doc chunk, how many of its docs are held decoded: once all are, its bytes are not needed again and the view
  // drops them (a listing of 100,000 papers read all 6,250 chunks: ~41 MB of bytes beside the decoded entries).
  const heldOfChunk = new Uint8Array(Math.ceil(B / DOC_CHUNK));
  const cache = (d: number, entry: SnapEntry): T => {
    const item = (init.fromEntry as (e: SnapEntry) => T)(entry);
    const k = Math.floor(d / DOC_CHUNK);
    if (++(heldOfChunk[k] as number) === Math.min(DOC_CHUNK, B - k * DOC_CHUNK)) (base as SegmentView).dropChunk(k);
    baseItems.set(d, item);
    return item;
  };
  const itemAt = (d: number): T => {
    if (d >= B) return items[d - B] as T;
    const item = baseItems.get(d);
    if (item !== undefined) return item;
    const entry = (base as SegmentView).entry(d);
    if (!entry) throw new MissingDocs([d]);
    return cache(d, entry);
  };
  const docAt = (d: number): SearchDoc => {
    if (d >= B) return docs[d - B] as SearchDoc;
    const known = baseDocs.get(d);
    if (known) return known;
    const doc = toDoc(itemAt(d));
    baseDocs.set(d, doc);
    return doc;
  };
  const idOf = (d: number): string => (d >= B ? (docs[d - B] as SearchDoc).id : (base as SegmentView).idAt(d));
  const abstractText = (d: number): string | undefined => {
    const doc = docAt(d);
    return doc.abstract || abstractOf?.(doc.id);
  };

  /** Every live doc of a token string in a field, base and overlay. */
  function eachDoc(token: string, field: number, fn: (d: number) => void): void {
    if (base) {
      const t = base.lookup(token);
      if (t !== undefined) {
        base.postings(t, field, (d) => {
          if (d >= B) return; // a damaged list never names a doc the base does not hold
          if (baseDead[d] === 0) fn(d);
          else if (field === 2) {
            const to = lends.get(d);
            if (to !== undefined && !ovDead[to - B]) fn(to);
          }
        });
      }
    }
    for (const local of ov.docs(token, field)) if (!ovDead[local]) fn(local + B);
  }
  /**
   * Post blocks a query met unread (a token's liveness, or its docs): read, then the query is asked again. A token
   * whose block is unread is taken as live meanwhile; the query asked again after the read checks it, so its answer
   * is the one a rebuilt index gives.
   */
  const unreadBlocks = new Set<number>();
  /** Words taken as live for want of their block, in the order met (expandedOnce checks them once it is in). */
  const assumedLive: string[] = [];
  const tokenLive = (token: string): boolean => {
    let found = false;
    const stop = () => {
      found = true;
    };
    if (base && baseDeadCount === 0 && base.lookup(token) !== undefined) return true;
    for (let f = 0; f < 3 && !found; f++) {
      if (base) {
        const t = base.lookup(token);
        if (t !== undefined && base.hasField(t, f)) {
          if (f === 2 && !base.abstracts) return true; // not loaded yet: taken as live
          if (f < 2 && !base.hasPostings(t)) {
            unreadBlocks.add(base.blockOf(t));
            assumedLive.push(token);
            return true;
          }
          base.postings(t, f, (d) => {
            if (baseDead[d] === 0 || (f === 2 && lends.has(d))) stop();
          });
        }
      }
      if (!found) for (const local of ov.docs(token, f)) if (!ovDead[local]) return true;
    }
    return found;
  };

  /** The first `max` live tokens starting with `prefix`, in sorted order (base and overlay merged). */
  function prefixTokens(prefix: string, max: number): string[] {
    const fromOv: string[] = [];
    ov.prefixed(prefix, (t) => {
      if (tokenLive(t)) fromOv.push(t);
      return fromOv.length < max;
    });
    const fromBase: string[] = [];
    if (base) {
      for (let i = base.lowerBound(prefix); i < base.tokenCount && fromBase.length < max; i++) {
        const t = base.token(i);
        if (!t.startsWith(prefix)) break;
        if (tokenLive(t)) fromBase.push(t);
      }
    }
    const merged = [...new Set([...fromBase, ...fromOv])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return merged.slice(0, max);
  }

  /**
   * A term's expansions, kept while nothing changes: a query asked again once its post blocks are read does not
   * work out its typo matches again (a few ms per term over a real library's 100,000+ words; several times that in a
   * page just opened). Words taken as live for want of their block are checked when it is reused: all live, and every
   * check made the first time answered as it would now, so the expansions are the same; one dead, they are redone.
   */
  type Expanded = { out: Map<string, number>; assumed: string[] };
  let expandMemo: { version: number; map: Map<string, Expanded> } = { version: -1, map: new Map() };
  function expandedOnce(term: string, last: boolean): Map<string, number> {
    if (expandMemo.version !== version) expandMemo = { version, map: new Map() };
    const key = `${last ? 1 : 0}${term}`;
    const known = expandMemo.map.get(key);
    if (known) {
      assumedLive.length = 0;
      if (known.assumed.every((t) => tokenLive(t))) {
        // Still unread ones are asked for again (and stay assumed).
        known.assumed = assumedLive.splice(0);
        return known.out;
      }
    }
    assumedLive.length = 0;
    const out = expansions(term, last);
    expandMemo.map.set(key, { out, assumed: assumedLive.splice(0) });
    return out;
  }

  function expansions(term: string, last: boolean): Map<string, number> {
    const out = new Map<string, number>();
    if (tokenLive(term) && (base?.lookup(term) !== undefined || ov.vocab.has(term))) out.set(term, 1);
    if (term.length >= 2 || last) {
      const cap = term.length < 3 ? 30 : 60;
      // The closest completions: the shortest of the first cap×4 in sorted order.
      const shortest = prefixTokens(term, cap * 4)
        .map((t, i) => ({ t, i }))
        .sort((a, b) => a.t.length - b.t.length || a.i - b.i)
        .slice(0, cap);
      for (const { t } of shortest) if (!out.has(t)) out.set(t, 0.75);
    }
    if (term.length >= 4) for (const [t, w] of fuzzy(term)) if (!out.has(t)) out.set(t, 0.6 * w);
    return out;
  }

  /**
   * Tokens within a typo or two of `term` (trigram Dice similarity ≥ 0.5), best 20. Dice ≥ 0.5 needs
   * 4·shared ≥ |mine| + |theirs| ≥ |mine| + shared, so a base token sharing fewer than |mine| / 3 trigrams cannot
   * pass: the base counts shared trigrams over its lists and only the rest are compared (a real library's vocabulary
   * is 100,000+ words, thousands of which share a common trigram with any term).
   */
  function fuzzy(term: string): [string, number][] {
    const mine = grams(term);
    const seen = new Set<string>();
    const out: [string, number][] = [];
    const consider = (t: string) => {
      if (seen.has(t) || Math.abs(t.length - term.length) > 2) return;
      seen.add(t);
      const theirs = grams(t);
      let shared = 0;
      for (const g of mine) if (theirs.has(g)) shared++;
      const dice = (2 * shared) / (mine.size + theirs.size);
      if (dice >= 0.5 && tokenLive(t)) out.push([t, dice]);
    };
    for (const t of ov.gramTokens(mine)) consider(t);
    base?.gramShared(mine, Math.ceil(mine.size / 3), (id) => consider(base.token(id)));
    return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, 20);
  }

  /** The last query's candidates, kept while nothing changes (a query retried after reading entries reuses them). */
  let memo: { key: string; pool: number[]; score: Float64Array; terms: string[]; excluded: Set<number> } | undefined;
  let version = 0;

  function rankText(q: ParsedQuery, text: string, limit: number): Hit<T>[] {
    const key = `${version}\u0000${text}`;
    if (memo?.key !== key) memo = { key, ...candidates(q) };
    const { pool, score, terms, excluded } = memo;
    const top: number[] = [];
    const want = Math.max(CANDIDATES, limit);
    for (let i = 0; i < pool.length; i++) {
      const d = pool[i] as number;
      if (top.length >= want) break;
      // Just what this answer can still take (plus a margin for filters): each doc read is a chunk to fetch.
      if (!loaded(d)) need(pool.slice(i, i + (want - top.length) + (hasFilters(q) ? 2 * want : 8)));
      if (excluded.has(d) || !passesFilters(docAt(d), q)) continue;
      if (q.phrases.length) {
        const doc = docAt(d);
        const abs = abstractText(d);
        const hay = phraseText(`${doc.title} . ${abs ?? ''} . ${doc.note} . ${doc.keywords.join(' . ')}`);
        // An abstract not read yet cannot refute a phrase whose words the index found.
        if (abs !== undefined && !q.phrases.every((p) => hay.includes(` ${p} `))) continue;
      }
      top.push(d);
    }
    return fuseRank(top, score, terms, text, limit);
  }

  function candidates(q: ParsedQuery) {
    const terms = [...new Set([...q.terms, ...q.phrases.flatMap((p) => p.split(' '))])].slice(0, MAX_TERMS);
    // Every term's words first, and the post blocks they need read all at once (one read, not one per term).
    unreadBlocks.clear();
    const expanded = terms.map((term, bit) => expandedOnce(term, bit === terms.length - 1));
    if (base) {
      for (const w of [...expanded.flatMap((e) => [...e.keys()]), ...q.excluded]) {
        const t = base.lookup(w);
        if (t !== undefined && (base.hasField(t, 0) || base.hasField(t, 1)) && !base.hasPostings(t))
          unreadBlocks.add(base.blockOf(t));
      }
      if (unreadBlocks.size) throw new MissingDocs([], [...unreadBlocks]);
    }
    const n = B + docs.length;
    const score = new Float64Array(n);
    const mask = new Uint32Array(n);
    const touched: number[] = [];
    terms.forEach((term, bit) => {
      // One- and two-letter prefixes are matched against titles and names only: "t" is in every abstract.
      const fields = term.length < 3 ? [0, 1] : [0, 1, 2];
      for (const [token, weight] of expanded[bit] as Map<string, number>) {
        for (const f of fields) {
          const w = weight * (FIELD_WEIGHT[f] as number);
          eachDoc(token, f, (d) => {
            if (mask[d] === 0 && score[d] === 0) touched.push(d);
            score[d] = (score[d] as number) + w;
            mask[d] = (mask[d] as number) | (1 << bit);
          });
        }
      }
    });
    const all = (1 << terms.length) - 1;
    let pool = touched.filter((d) => mask[d] === all);
    if (!pool.length && terms.length > 1) {
      const best = Math.max(0, ...touched.map((d) => popcount(mask[d] as number)));
      pool = touched.filter((d) => popcount(mask[d] as number) === best);
    }
    const excluded = new Set<number>();
    for (const w of q.excluded) for (const f of [0, 1, 2]) eachDoc(w, f, (d) => excluded.add(d));
    // Best pre-score first; ties by id, so that any index over the same papers answers the same. A quick search (the
    // base's ids not read yet, no overlay) breaks ties by doc number; the full index answers a moment later.
    const quick = base !== undefined && !base.hasIds;
    const byId = (a: number, b: number) => {
      if (!quick || (a >= B && b >= B)) return idOf(a) < idOf(b) ? -1 : 1;
      // A quick search's ties: base docs by number (their id order); a changed paper after them.
      return a < B && b < B ? a - b : a < B ? -1 : 1;
    };
    pool.sort((a, b) => (score[b] as number) - (score[a] as number) || byId(a, b));
    return { pool, score, terms, excluded };
  }

  function fuseRank(top: number[], score: Float64Array, terms: string[], text: string, limit: number): Hit<T>[] {
    if (!top.length) return [];
    const maxPre = score[top[0] as number] || 1;
    const rows = top.map((d) => {
      const doc = docAt(d);
      return {
        d,
        title: doc.title,
        authors: doc.authors,
        tags: doc.tags,
        keywords: doc.keywords,
        note: doc.note,
        snippet: snippet(abstractText(d) ?? '', terms),
      };
    });
    const fuse = new Fuse(rows, {
      keys: [
        { name: 'title', weight: 1 },
        { name: 'authors', weight: 0.6 },
        { name: 'tags', weight: 0.6 },
        { name: 'keywords', weight: 0.4 },
        { name: 'note', weight: 0.4 },
        { name: 'snippet', weight: 0.3 },
      ],
      ignoreLocation: true,
      includeScore: true,
      threshold: 0.6,
    });
    const ranked = new Map<number, { fuse: number }>();
    const fuseQuery = terms.join(' ') || fold(text);
    for (const r of fuse.search(fuseQuery)) ranked.set(r.item.d, { fuse: r.score ?? 1 });
    const hits = rows.map((row) => {
      const f = ranked.get(row.d);
      const pre = (score[row.d] as number) / maxPre;
      const final = 0.6 * (1 - (f?.fuse ?? 1)) + 0.4 * pre;
      return { row, matched: !!f, id: docAt(row.d).id, score: final };
    });
    // Marks only for the rows returned (a keystroke ranks ~80 candidates): the whole title words the query's words
    // match; Fuse's character ranges are for ranking, not for marking.
    return hits
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((h) => ({
        item: itemAt(h.row.d),
        score: h.score,
        titleMatches: h.matched ? titleWordRanges(h.row.title, terms) : [],
        doc: h.row.d < B ? h.row.d : undefined,
      }));
  }

  /** Filters only: every live doc in the default order, the base's precomputed order merged with the overlay's. */
  function listed(q: ParsedQuery, limit: number): Hit<T>[] {
    const out: Hit<T>[] = [];
    // Starred/tagged bits let the base skip docs without reading their entries.
    const flagsOk = (d: number) => {
      if (!base || d >= B) return true;
      const f = base.seg.flags[d] as number;
      return !((q.starred === true && !(f & 1)) || (q.starred === false && f & 1) || (q.tags.length && !(f & 2)));
    };
    // Without filters a doc is never looked at (a listing of every paper makes no search docs).
    const filtered = hasFilters(q);
    const pass = (d: number) => flagsOk(d) && (!filtered || passesFilters(docAt(d), q));
    // Filters the bits cannot answer (which tag, site, dates) may reject entries: read a margin ahead then.
    const margin = q.tags.length || q.sites.length || q.year || q.after || q.before ? 100 : 0;
    const extra: number[] = [];
    docs.forEach((_, i) => {
      if (!ovDead[i] && pass(i + B)) extra.push(i + B);
    });
    extra.sort((a, b) => defaultOrder(docAt(a), docAt(b)));
    let k = 0;
    const order = base?.order ?? new Uint32Array(0);
    let j = 0;
    // Docs read and passed over (the filter rejected them): a filter that matches few docs reads at least as many
    // again next, so a rare tag over 100,000 papers takes a few reads, not one per screenful (tests/unit/index-store.test.ts).
    let passedOver = 0;
    while (out.length < limit) {
      while (j < order.length && (baseDead[order[j] as number] !== 0 || !flagsOk(order[j] as number))) j++;
      if (j < order.length && !loaded(order[j] as number)) {
        // Read every doc this listing may still show in one go (the popup's screenful, or the library's table).
        const want = Math.max((limit - out.length) * (margin ? 2 : 1) + margin, passedOver);
        const ahead: number[] = [];
        for (let x = j; x < order.length && ahead.length < want; x++) {
          const d = order[x] as number;
          if (baseDead[d] === 0 && flagsOk(d)) ahead.push(d);
        }
        need(ahead);
      }
      // Past the docs that fail the filter, up to one not read yet: the read ahead of it comes first.
      for (; j < order.length; j++) {
        const d = order[j] as number;
        if (baseDead[d] !== 0 || !flagsOk(d)) continue;
        if (!loaded(d) || pass(d)) break;
        passedOver++;
      }
      if (j < order.length && !loaded(order[j] as number)) continue;
      const a = j < order.length ? (order[j] as number) : undefined;
      const b = extra[k];
      if (a === undefined && b === undefined) break;
      let d: number;
      if (b === undefined || (a !== undefined && defaultOrder(docAt(a), docAt(b)) <= 0)) {
        d = a as number;
        j++;
      } else {
        d = b;
        k++;
      }
      out.push({ item: itemAt(d), score: 0, titleMatches: NO_MATCHES, doc: d < B ? d : undefined });
    }
    return out;
  }

  function kill(id: string, hint?: number): number | undefined {
    const g = live.get(id);
    if (g !== undefined) {
      ovDead[g - B] = true;
      live.delete(id);
      return g;
    }
    if (hint === NO_BASE_DOC) return undefined;
    const d = hint !== undefined && base?.idAt(hint) === id ? hint : base?.docOf(id);
    if (d !== undefined && baseDead[d] === 0) {
      baseDead[d] = 1;
      baseDeadCount++;
      return d;
    }
    return undefined;
  }

  function append(item: T, indexAbstract: boolean): number {
    const doc = toDoc(item);
    const local = docs.length;
    items.push(item);
    docs.push(doc);
    ovDead.push(false);
    live.set(doc.id, local + B);
    ov.add(local, 0, doc.title);
    ov.add(local, 1, metaText(doc.authors, doc.tags, doc.keywords, doc.note));
    if (indexAbstract && doc.abstract) ov.add(local, 2, doc.abstract);
    return local + B;
  }

  for (const item of source) append(item, false);

  return {
    /** How many papers are searched. */
    get size(): number {
      return B - baseDeadCount + live.size;
    },
    /** The current item of a paper, if the index holds it. */
    get(id: string): T | undefined {
      const g = live.get(id);
      if (g !== undefined) return items[g - B];
      const d = base?.docOf(id);
      return d !== undefined && baseDead[d] === 0 && loaded(d) ? itemAt(d) : undefined;
    },
    /**
     * The base doc a paper's item came from, while that doc is live and the item is the one it gave (the paper as
     * the base holds it). No map from items to docs is kept: a WeakMap of 100,000 entries lengthened every full
     * garbage collection of the library page (14 ms of a 202 ms pause); hits carry their doc instead (`Hit.doc`).
     */
    baseDocOf(item: T, id: string): number | undefined {
      const d = base?.hasIds ? base.docOf(id) : undefined;
      return d !== undefined && baseDead[d] === 0 && baseItems.get(d) === item ? d : undefined;
    },
    /** The base doc of a live paper whose entry has not been read (undefined otherwise). */
    unread(id: string): number | undefined {
      if (live.has(id)) return undefined;
      const d = base?.docOf(id);
      return d !== undefined && baseDead[d] === 0 && !loaded(d) ? d : undefined;
    },
    /**
     * Takes these base docs' entries into memory ahead of a search that lists them (ascending docs; those read, live
     * and not yet taken): a caller lists the whole library in slices of this, between which the page paints.
     */
    takeEntries(ds: ArrayLike<number>): void {
      const want: number[] = [];
      for (let x = 0; x < ds.length; x++) {
        const d = ds[x] as number;
        if (d < B && baseDead[d] === 0 && !cached(d) && (base as SegmentView).has(d)) want.push(d);
      }
      if (want.length) (base as SegmentView).eachEntry(want, cache);
    },
    /** Those of these base docs that are live and still unread (after a read: their papers are gone from storage). */
    unreadDocs(ds: readonly number[]): number[] {
      return ds.filter((d) => d < B && baseDead[d] === 0 && !loaded(d));
    },
    /** Where abstracts not held in the items come from (the popup's lazily read shards): snippets and phrases. */
    setAbstractSource(fn: (id: string) => string | undefined): void {
      abstractOf = fn;
    },
    /** Loads the base segment's abstract postings (read after the first paint). */
    setBaseAbstracts(a: AbstractPostings): void {
      version++;
      if (base) base.abstracts = a;
    },
    /**
     * Marks the base docs of these storage shards as replaced: a quick search (no ids to find a paper's doc by)
     * drops the docs of a shard written since the build this way, then upserts the shard's papers with NO_BASE_DOC.
     */
    removeBaseShards(shards: Iterable<number>): void {
      if (!base) return;
      version++;
      base.forDocsOfShards(shards, (d) => {
        if (baseDead[d] === 0) {
          baseDead[d] = 1;
          baseDeadCount++;
        }
      });
    },
    /**
     * A paper added or changed: its old words are dropped, its new ones indexed; nothing else is touched. Without
     * `abstract` (a snapshot entry carries none) the paper keeps the abstract words it had; '' removes them.
     */
    upsert(item: T, abstract?: string, baseDoc?: number): void {
      version++;
      const doc = toDoc(item);
      const old = kill(doc.id, baseDoc);
      let text = abstract ?? doc.abstract;
      let lend: number | undefined;
      if (abstract === undefined && !text && old !== undefined) {
        if (old >= B) {
          text = (docs[old - B] as SearchDoc).abstract;
          lend = borrows.get(old);
          borrows.delete(old);
        } else lend = old;
      }
      const g = append(item, false);
      const local = g - B;
      if (text) {
        (docs[local] as SearchDoc).abstract = text;
        ov.add(local, 2, text);
      } else if (lend !== undefined) {
        lends.set(lend, g);
        borrows.set(g, lend);
      }
    },
    remove(id: string, baseDoc?: number): void {
      version++;
      const g = kill(id, baseDoc);
      if (g !== undefined && g < B) lends.delete(g);
      if (g !== undefined && g >= B) {
        const l = borrows.get(g);
        if (l !== undefined) lends.delete(l);
        borrows.delete(g);
      }
    },
    /**
     * Indexes up to `count` more abstracts of the items given at creation (all when omitted); returns how many
     * are still waiting. `abstractOf` supplies abstracts that were not in the items.
     */
    indexAbstracts(count = Number.POSITIVE_INFINITY, from?: (item: T) => string | undefined): number {
      version++;
      const end = Math.min(source.length, longDone + count);
      for (let i = longDone; i < end; i++) {
        const d = docs[i] as SearchDoc;
        const extra = from?.(items[i] as T);
        if (extra) d.abstract = extra;
        if (!d.abstract) continue;
        if (!ovDead[i]) ov.add(i, 2, d.abstract);
        else {
          // Replaced before its abstract arrived: the paper's current doc gets it (unless it brought its own).
          const g = live.get(d.id);
          const now = g === undefined ? undefined : (docs[g - B] as SearchDoc);
          if (g !== undefined && now && !now.abstract && !borrows.has(g)) {
            now.abstract = d.abstract;
            ov.add(g - B, 2, d.abstract);
          }
        }
      }
      longDone = Math.max(longDone, end);
      return Math.max(0, source.length - longDone);
    },
    search(query: string, options: SearchOptions = {}): Hit<T>[] {
      // The popup asks for a screenful; the library page for every match (select all N matching).
      const limit = Math.max(1, Math.min(options.limit ?? 50, 1_000_000));
      const q = parseQuery(query);
      return hasText(q) ? rankText(q, query, limit) : listed(q, limit);
    },
  };
}

export type Search<T> = ReturnType<typeof createSearch<T>>;

/** An upsert's `baseDoc` when the paper has no live doc in the base (its docs were dropped by removeBaseShards). */
export const NO_BASE_DOC = -1;

export { MissingDocs };

/** DESIGN.md contract: search over Papers, best first. */
export function createPaperSearch(papers: Paper[]): { search(query: string, options?: SearchOptions): SearchHit[] } {
  const s = createSearch(papers, docFromPaper);
  s.indexAbstracts();
  return {
    search: (query, options) => s.search(query, options).map((h) => ({ paper: h.item, score: h.score })),
  };
}
