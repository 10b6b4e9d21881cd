/**
 * The mutable part of the search index: papers added or changed since the base segment was built (or every
 * paper, when there is no base). Words map to token ids, postings to local doc numbers; a doc that is replaced
 * or removed is marked dead and skipped, so one change costs one paper's words, never a rebuild.
 */
import { grams, tokensOf } from './segment';

/**
 * The words of the titles and meta texts a view indexes twice as it opens (the papers of the shards written since
 * its base was built go into its quick search, then into its index): each text is split into words once. Closed once
 * the index has taken them, after which it keeps nothing and splits as if it were not there.
 */
export class WordMemo {
  private maps: Map<string, string[]>[] | undefined = [new Map(), new Map()];

  words(field: number, text: string): string[] {
    const m = this.maps?.[field];
    if (!m) return tokensOf(field, text);
    let w = m.get(text);
    if (!w) {
      w = tokensOf(field, text);
      m.set(text, w);
    }
    return w;
  }

  close(): void {
    this.maps = undefined;
  }
}

export class OverlayIndex {
  constructor(private readonly memo?: WordMemo) {}

  readonly vocab = new Map<string, number>();
  readonly tokens: string[] = [];
  /** postings[field][token] → local doc numbers, ascending, unique. */
  readonly postings: (number[] | undefined)[][] = [[], [], []];
  private sorted: string[] | undefined;
  private trigrams: Map<string, number[]> | undefined;

  add(doc: number, field: number, text: string): void {
    const list = this.postings[field] as (number[] | undefined)[];
    for (const w of this.memo ? this.memo.words(field, text) : tokensOf(field, text)) {
      let id = this.vocab.get(w);
      if (id === undefined) {
        id = this.tokens.length;
        this.vocab.set(w, id);
        this.tokens.push(w);
        this.sorted = undefined;
        if (this.trigrams && w.length >= 3) {
          for (const g of grams(w)) {
            const l = this.trigrams.get(g);
            if (l) l.push(id);
            else this.trigrams.set(g, [id]);
          }
        }
      }
      const docs = list[id];
      if (!docs) list[id] = [doc];
      else if (docs[docs.length - 1] !== doc) docs.push(doc);
    }
  }

  /** Tokens ≥ prefix that start with it, in sorted order, while `take` accepts them (it returns false to stop). */
  prefixed(prefix: string, take: (token: string) => boolean): void {
    if (!this.sorted && this.tokens.length <= SCAN_TOKENS) {
      // A small overlay: its words that start so, sorted, without sorting them all first.
      for (const t of this.tokens.filter((w) => w.startsWith(prefix)).sort()) if (!take(t)) break;
      return;
    }
    // The default sort compares UTF-16 units, as `<` does, without a call per comparison.
    this.sorted ??= [...this.tokens].sort();
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((s[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < s.length; i++) {
      const t = s[i] as string;
      if (!t.startsWith(prefix) || !take(t)) break;
    }
  }

  /**
   * Tokens sharing a trigram with `gs`. A small overlay (the papers of the shards written since the base's build:
   * ~1,500 words per shard of 100) is scanned, each word tested for the query's trigrams where they would stand in
   * it: making the trigram lists of its words for the first query took 7–9 ms of cold code (Node), the scan <1. A larger
   * one (a view without a base) lists them once, then keeps them as words are added.
   */
  gramTokens(gs: Iterable<string>): Set<string> {
    const out = new Set<string>();
    const asked = [...gs];
    // (A long pasted word's hundreds of trigrams would make one long pattern per word: listed then, once.)
    if (!this.trigrams && this.tokens.length <= SCAN_TOKENS && asked.length <= SCAN_GRAMS) {
      const has = gramPattern(asked);
      if (has) for (const t of this.tokens) if (t.length >= 3 && has.test(t)) out.add(t);
      return out;
    }
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
    for (const g of asked) for (const id of this.trigrams.get(g) ?? []) out.add(this.tokens[id] as string);
    return out;
  }

  docs(token: string, field: number): number[] {
    const id = this.vocab.get(token);
    return id === undefined ? [] : ((this.postings[field] as (number[] | undefined)[])[id] ?? []);
  }
}

/** Overlay words up to which gramTokens scans the words rather than listing their trigrams. */
const SCAN_TOKENS = 4096;
/** Trigrams of a query word up to which they are looked for by a scan (a word of up to ~60 letters). */
const SCAN_GRAMS = 64;

/**
 * One pattern for whether a word of three letters or more has one of these trigrams (grams(): its three-unit slices,
 * padded with a space each side): ` ab` starts it, `yz ` ends it, any other is inside it. Undefined when no such
 * word can have one. (One call per word: a two-word query's scan of one shard's 1,479 words took 0.7 ms of cold code
 * in Node, against 2.1 with a test per trigram.)
 */
function gramPattern(gs: Iterable<string>): RegExp | undefined {
  const parts: string[] = [];
  for (const g of gs) {
    if (g.length !== 3 || g[1] === ' ') continue;
    if (g[0] === ' ') {
      if (g[2] !== ' ') parts.push(`^${escapePattern(g.slice(1))}`);
    } else if (g[2] === ' ') parts.push(`${escapePattern(g.slice(0, 2))}$`);
    else parts.push(escapePattern(g));
  }
  return parts.length ? new RegExp(parts.join('|')) : undefined;
}

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
