/**
 * Paper search (DESIGN.md contract): the same module in the popup, the library page and the benchmarks.
 *
 * Plain Fuse.js over title + authors + tags + abstract scans every paper on every keystroke (~1.4 s at 10,000
 * papers with ignoreLocation). Here an inverted index of normalised words (exact, prefix and trigram-fuzzy
 * matches, weighted by field) picks a small candidate set, and Fuse.js ranks just those, with the abstract cut to
 * the window around the match so that a hit anywhere in a long abstract counts.
 */
import Fuse, { type FuseResultMatch } from 'fuse.js';
import { type SnapEntry, toSnapEntry } from '../library/schema';
import type { Paper } from '../paper/types';
import { fold, phraseText, words } from './normalize';
import { hasText, type ParsedQuery, parseQuery } from './query';

export { parseQuery } from './query';

/** What search reads of a paper. */
export interface SearchDoc {
  id: string;
  title: string;
  authors: string[];
  tags: string[];
  keywords: string[];
  note: string;
  abstract: string;
  starred: boolean;
  starredAt?: string;
  sites: string[];
  published?: string;
  /** Last time seen (or added): the order of an empty query after the stars. */
  recent?: string;
}

export interface Hit<T> {
  item: T;
  score: number;
  /** [start, end] (inclusive) ranges of the title that matched, for highlighting. */
  titleMatches: [number, number][];
}

export interface SearchHit {
  paper: Paper;
  score: number;
}

export interface SearchOptions {
  limit?: number;
}

// Words too common in abstracts to tell papers apart.
const STOP = new Set(
  'the and for with that this from are our which can these their has have was were been not but also into than its such more other over when while both between based using used show shows propose proposed paper approach method methods results'.split(
    ' ',
  ),
);

const FIELD_WEIGHT = [3, 2, 1]; // title, meta (authors, tags, keywords, note), abstract
const CANDIDATES = 80;
const MAX_TERMS = 8;

interface Expansion {
  token: number;
  weight: number;
}

export function docFromPaper(p: Paper): SearchDoc {
  return { ...docFromSnap(toSnapEntry(p)), authors: p.authors, abstract: p.abstract ?? '' };
}

/** A snapshot entry (the popup's and the library page's data) as a search document; abstracts come later. */
export function docFromSnap(p: SnapEntry): SearchDoc {
  const doc: SearchDoc = {
    id: p.id,
    title: p.title,
    authors: p.authors,
    tags: p.tags,
    keywords: p.keywords ?? [],
    note: p.note ?? '',
    abstract: '',
    starred: p.starred,
    sites: p.sites,
    recent: p.lastSeen ?? p.addedAt ?? '',
  };
  if (p.starredAt) doc.starredAt = p.starredAt;
  if (p.published) doc.published = p.published;
  return doc;
}

/** Starred first (latest star first), then the most recently seen. */
export function defaultOrder(a: SearchDoc, b: SearchDoc): number {
  if (a.starred !== b.starred) return a.starred ? -1 : 1;
  if (a.starred) return (b.starredAt ?? '').localeCompare(a.starredAt ?? '');
  return (b.recent ?? '').localeCompare(a.recent ?? '');
}

class WordIndex {
  readonly vocab = new Map<string, number>();
  readonly tokens: string[] = [];
  /** postings[field][token] → doc numbers, ascending, unique (arrays indexed by token id: no hashing). */
  readonly postings: (number[] | undefined)[][] = [[], [], []];
  private sorted: number[] | undefined;
  private trigrams: Map<string, number[]> | undefined;

  /** Indexes a field of a doc; `long` fields (abstracts) skip stop words and one- and two-letter words. */
  add(doc: number, field: number, text: string, long = false): void {
    const list = this.postings[field] as (number[] | undefined)[];
    for (const w of long ? new Set(words(text)) : words(text)) {
      if (long && (w.length < 3 || STOP.has(w))) continue;
      let id = this.vocab.get(w);
      if (id === undefined) {
        id = this.tokens.length;
        this.vocab.set(w, id);
        this.tokens.push(w);
        this.sorted = undefined;
        this.trigrams = undefined;
      }
      const docs = list[id];
      if (!docs) list[id] = [doc];
      else if (docs[docs.length - 1] !== doc) docs.push(doc);
    }
  }

  /** Tokens that start with `prefix`, shortest first (the closest completions), at most `cap`. */
  prefixed(prefix: string, cap: number): number[] {
    this.sorted ??= this.tokens
      .map((_, i) => i)
      .sort((a, b) => ((this.tokens[a] as string) < (this.tokens[b] as string) ? -1 : 1));
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.tokens[s[mid] as number] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < s.length && out.length < cap * 4; i++) {
      const t = this.tokens[s[i] as number] as string;
      if (!t.startsWith(prefix)) break;
      out.push(s[i] as number);
    }
    return out.sort((a, b) => (this.tokens[a] as string).length - (this.tokens[b] as string).length).slice(0, cap);
  }

  /** Tokens within a typo or two of `term` (trigram Dice similarity), with their similarity. */
  fuzzy(term: string, min = 0.5): Expansion[] {
    if (!this.trigrams) {
      this.trigrams = new Map();
      this.tokens.forEach((t, id) => {
        if (t.length < 3) return;
        for (const g of grams(t)) {
          const l = this.trigrams?.get(g);
          if (l) l.push(id);
          else this.trigrams?.set(g, [id]);
        }
      });
    }
    const mine = grams(term);
    const shared = new Map<number, number>();
    for (const g of mine) for (const id of this.trigrams.get(g) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    const out: Expansion[] = [];
    for (const [id, n] of shared) {
      const t = this.tokens[id] as string;
      if (Math.abs(t.length - term.length) > 2) continue;
      const dice = (2 * n) / (mine.size + grams(t).size);
      if (dice >= min) out.push({ token: id, weight: dice });
    }
    return out.sort((a, b) => b.weight - a.weight).slice(0, 20);
  }
}

function grams(t: string): Set<string> {
  const s = new Set<string>();
  const padded = ` ${t} `;
  for (let i = 0; i + 3 <= padded.length; i++) s.add(padded.slice(i, i + 3));
  return s;
}

function passesFilters(d: SearchDoc, q: ParsedQuery): boolean {
  if (q.starred !== undefined && d.starred !== q.starred) return false;
  if (q.tags.length && !q.tags.every((t) => d.tags.some((x) => fold(x).startsWith(t)))) return false;
  if (q.sites.length && !q.sites.some((s) => d.sites.includes(s))) return false;
  const date = d.published ?? '';
  if (q.year && !date.startsWith(q.year)) return false;
  if (q.after && !(date && date >= q.after)) return false;
  if (q.before && !(date && date < q.before)) return false;
  return true;
}

/** Search over any items that can be read as SearchDocs (snapshot entries in the popup, Papers elsewhere). */
export function createSearch<T>(source: T[], toDoc: (item: T) => SearchDoc) {
  const items = [...source];
  const docs = items.map(toDoc);
  const byId = new Map(docs.map((d, i) => [d.id, i]));
  // Built on the first text query (an empty query, the popup's first paint, needs no index); abstracts can be
  // indexed later, a slice at a time (indexAbstracts), so that typing works while they are read.
  let index: WordIndex | undefined;
  let longDone = 0;
  const ensureIndex = (): WordIndex => {
    if (!index) {
      const idx = new WordIndex();
      docs.forEach((d, i) => {
        idx.add(i, 0, d.title);
        idx.add(i, 1, [d.authors.join(' , '), d.tags.join(' , '), d.keywords.join(' , '), d.note].join(' , '));
      });
      index = idx;
    }
    return index;
  };

  function expansions(index: WordIndex, term: string, last: boolean): Expansion[] {
    const out = new Map<number, number>();
    const exact = index.vocab.get(term);
    if (exact !== undefined) out.set(exact, 1);
    if (term.length >= 2 || last) {
      for (const id of index.prefixed(term, term.length < 3 ? 30 : 60)) if (!out.has(id)) out.set(id, 0.75);
    }
    if (term.length >= 4) for (const f of index.fuzzy(term)) if (!out.has(f.token)) out.set(f.token, 0.6 * f.weight);
    return [...out].map(([token, weight]) => ({ token, weight }));
  }

  function rankText(q: ParsedQuery, text: string, limit: number): Hit<T>[] {
    const index = ensureIndex();
    const terms = [...new Set([...q.terms, ...q.phrases.flatMap((p) => p.split(' '))])].slice(0, MAX_TERMS);
    const n = docs.length;
    const score = new Float64Array(n);
    const mask = new Uint32Array(n);
    const touched: number[] = [];
    terms.forEach((term, bit) => {
      const last = bit === terms.length - 1;
      // One- and two-letter prefixes are matched against titles and names only: "t" is in every abstract.
      const fields = term.length < 3 ? [0, 1] : [0, 1, 2];
      for (const { token, weight } of expansions(index, term, last)) {
        for (const f of fields) {
          const w = weight * (FIELD_WEIGHT[f] as number);
          for (const d of index.postings[f]?.[token] ?? []) {
            if (mask[d] === 0 && score[d] === 0) touched.push(d);
            score[d] = (score[d] as number) + w;
            mask[d] = (mask[d] as number) | (1 << bit);
          }
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
    for (const w of q.excluded) {
      const id = index.vocab.get(w);
      if (id !== undefined) for (const f of [0, 1, 2]) for (const d of index.postings[f]?.[id] ?? []) excluded.add(d);
    }
    pool = pool.filter((d) => !excluded.has(d) && passesFilters(docs[d] as SearchDoc, q));
    if (q.phrases.length) {
      pool = pool.filter((d) => {
        const doc = docs[d] as SearchDoc;
        const hay = phraseText(`${doc.title} . ${doc.abstract} . ${doc.note} . ${doc.keywords.join(' . ')}`);
        return q.phrases.every((p) => hay.includes(` ${p} `));
      });
    }
    pool.sort((a, b) => (score[b] as number) - (score[a] as number));
    const top = pool.slice(0, Math.max(CANDIDATES, limit));
    return fuseRank(top, score, terms, text, limit);
  }

  function fuseRank(top: number[], score: Float64Array, terms: string[], text: string, limit: number): Hit<T>[] {
    if (!top.length) return [];
    const maxPre = score[top[0] as number] || 1;
    const rows = top.map((d) => {
      const doc = docs[d] as SearchDoc;
      return {
        d,
        title: doc.title,
        authors: doc.authors,
        tags: doc.tags,
        keywords: doc.keywords,
        note: doc.note,
        snippet: snippet(doc.abstract, terms),
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
      includeMatches: true,
      threshold: 0.6,
    });
    const ranked = new Map<number, { fuse: number; matches: readonly FuseResultMatch[] }>();
    const fuseQuery = terms.join(' ') || fold(text);
    for (const r of fuse.search(fuseQuery)) ranked.set(r.item.d, { fuse: r.score ?? 1, matches: r.matches ?? [] });
    const hits = rows.map((row) => {
      const f = ranked.get(row.d);
      const pre = (score[row.d] as number) / maxPre;
      const final = 0.6 * (1 - (f?.fuse ?? 1)) + 0.4 * pre;
      const titleMatches = (f?.matches ?? [])
        .filter((m) => m.key === 'title')
        .flatMap((m) => m.indices.filter(([a, b]) => b - a >= 1).map(([a, b]) => [a, b] as [number, number]));
      return { item: items[row.d] as T, score: final, titleMatches };
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  return {
    docs,
    /** Builds the word index now (it is otherwise built by the first text query). */
    warm(): void {
      ensureIndex();
    },
    /**
     * A paper changed (star, tags, note): its filters and order follow at once. Its indexed words are those of
     * when the index was built, until the next rebuild.
     */
    refresh(item: T): boolean {
      const doc = toDoc(item);
      const i = byId.get(doc.id);
      if (i === undefined) return false;
      doc.abstract = (docs[i] as SearchDoc).abstract;
      docs[i] = doc;
      items[i] = item;
      return true;
    },
    /**
     * Indexes up to `count` more abstracts (all of them when omitted); returns how many are still waiting.
     * `abstractOf` supplies abstracts that were not in the docs (the popup reads them after its first paint).
     */
    indexAbstracts(count = Number.POSITIVE_INFINITY, abstractOf?: (item: T) => string | undefined): number {
      const idx = ensureIndex();
      const end = Math.min(docs.length, longDone + count);
      for (let i = longDone; i < end; i++) {
        const d = docs[i] as SearchDoc;
        const extra = abstractOf?.(items[i] as T);
        if (extra) d.abstract = extra;
        if (d.abstract) idx.add(i, 2, d.abstract, true);
      }
      longDone = end;
      return docs.length - longDone;
    },
    search(query: string, options: SearchOptions = {}): Hit<T>[] {
      // The popup asks for a screenful; the library page for every match (select all N matching).
      const limit = Math.max(1, Math.min(options.limit ?? 50, 1_000_000));
      const q = parseQuery(query);
      if (!hasText(q)) {
        return docs
          .map((d, i) => ({ d, i }))
          .filter(({ d }) => passesFilters(d, q))
          .sort((a, b) => defaultOrder(a.d, b.d))
          .slice(0, limit)
          .map(({ i }) => ({ item: items[i] as T, score: 0, titleMatches: [] }));
      }
      return rankText(q, query, limit);
    },
  };
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v; v &= v - 1) c++;
  return c;
}

/** The part of an abstract around the first query word it contains (Fuse.js reads this, not 2,000 characters). */
function snippet(abstract: string, terms: string[]): string {
  if (!abstract) return '';
  const lower = fold(abstract);
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return abstract.slice(0, 160);
  const start = Math.max(0, at - 60);
  return abstract.slice(start, start + 160);
}

/** DESIGN.md contract: search over Papers, best first. */
export function createPaperSearch(papers: Paper[]): { search(query: string, options?: SearchOptions): SearchHit[] } {
  const s = createSearch(papers, docFromPaper);
  s.indexAbstracts();
  return {
    search: (query, options) => s.search(query, options).map((h) => ({ paper: h.item, score: h.score })),
  };
}
