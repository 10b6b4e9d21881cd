/**
 * TF-IDF for the for-you model: document frequencies counted over the user's papers (liked, disliked and the
 * background), each term numbered once (training works on typed arrays indexed by term number: a model over 2,000
 * papers retrains in milliseconds), sublinear term frequency, unit length.
 *
 * In a paper's length, a word pair counts each time it occurs as a word none of the user's papers has (the unseen
 * idf squared): a page's entry is then scored in one pass without building the pairs the model has no weight for
 * (lib/interest/model.ts), with the same numbers as from its counted terms.
 */
import { isPair, type TermCounts } from './text';
import { WordTable } from './word-table';

export type Vec = Map<string, number>;

/** A paper's terms by number, with their counts: a single word or author is its number (0, 1, …), a pair is
 * -1 - its number among pairs (words and pairs are numbered apart: a page's entry touches the words' arrays only). */
export interface Sparse {
  ids: Int32Array;
  counts: Float64Array;
}

function grow(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size < a.length) return a;
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Document frequencies, counted and uncounted one paper at a time (a star or an unstar moves one paper). */
export class DocFreq {
  n = 0;
  /** Term → number; numbers are never reused while this table lives (a term whose count fell to 0 keeps its). */
  readonly words = new Map<string, number>();
  readonly pairs = new Map<string, number>();
  readonly wordTerms: string[] = [];
  readonly pairTerms: string[] = [];
  wordDf = new Int32Array(1024);
  pairDf = new Int32Array(1024);

  /** The term's code in a Sparse (made if new). */
  intern(t: string): number {
    if (isPair(t)) {
      let i = this.pairs.get(t);
      if (i === undefined) {
        i = this.pairTerms.length;
        this.pairDf = grow(this.pairDf, i);
        this.pairs.set(t, i);
        this.pairTerms.push(t);
      }
      return -1 - i;
    }
    let i = this.words.get(t);
    if (i === undefined) {
      i = this.wordTerms.length;
      this.wordDf = grow(this.wordDf, i);
      this.words.set(t, i);
      this.wordTerms.push(t);
    }
    return i;
  }

  private table?: WordTable;
  /** The words by their characters in place (lib/interest/word-table.ts), made when first asked, then kept up. */
  wordTable(): WordTable {
    this.table ??= new WordTable(this.wordTerms);
    return this.table.sync();
  }

  /** Counts changes: a paper's weighed vector is reused while the statistics it was weighed with stand. */
  version = 0;

  add(terms: TermCounts, sign: 1 | -1 = 1): void {
    this.version++;
    this.n += sign;
    for (const t of terms.keys()) {
      const c = this.intern(t);
      if (c >= 0) this.wordDf[c] = (this.wordDf[c] as number) + sign;
      else this.pairDf[-1 - c] = (this.pairDf[-1 - c] as number) + sign;
    }
  }

  dfOf(t: string): number {
    if (isPair(t)) {
      const i = this.pairs.get(t);
      return i === undefined ? 0 : (this.pairDf[i] as number);
    }
    const i = this.words.get(t);
    return i === undefined ? 0 : (this.wordDf[i] as number);
  }

  /** Smoothed inverse document frequency; a word no paper of the user has weighs most. */
  idf(t: string): number {
    return Math.log((this.n + 1) / (this.dfOf(t) + 1)) + 1;
  }

  /** Words, then pairs: a model's dense arrays have this many slots (a pair's slot is words + its number). */
  get size(): number {
    return this.wordTerms.length + this.pairTerms.length;
  }

  /** A Sparse code's slot in a model's dense arrays. */
  slot(code: number): number {
    return code >= 0 ? code : this.wordTerms.length - 1 - code;
  }

  term(slot: number): string {
    const w = this.wordTerms.length;
    return (slot < w ? this.wordTerms[slot] : this.pairTerms[slot - w]) as string;
  }

  /** Every slot's idf (one array per model). */
  idfs(): Float64Array {
    const w = this.wordTerms.length;
    const out = new Float64Array(this.size);
    const table = new Float64Array(this.n + 2);
    for (let df = 0; df < table.length; df++) table[df] = Math.log((this.n + 1) / (df + 1)) + 1;
    for (let i = 0; i < w; i++) out[i] = table[this.wordDf[i] as number] as number;
    for (let i = w; i < out.length; i++) out[i] = table[this.pairDf[i - w] as number] as number;
    return out;
  }

  /** A paper's counted terms by code (interned). */
  sparse(terms: TermCounts): Sparse {
    this.version++; // new terms move the pairs' slots
    const ids = new Int32Array(terms.size);
    const counts = new Float64Array(terms.size);
    let k = 0;
    for (const [t, c] of terms) {
      ids[k] = this.intern(t);
      counts[k++] = c;
    }
    return { ids, counts };
  }
}

/** 1 + log(count), for counts up to 63 without a logarithm. */
const LOG1P = Array.from({ length: 64 }, (_, c) => (c ? 1 + Math.log(c) : 0));
export const sublinear = (c: number): number =>
  c < 64 && Number.isInteger(c) ? (LOG1P[c] as number) : 1 + Math.log(c);

/** A paper's unit TF-IDF values, aligned with its sparse codes. */
export function weigh(s: Sparse, freq: DocFreq, idf: Float64Array, unseen: number): Float64Array {
  const x = new Float64Array(s.ids.length);
  let norm = 0;
  for (let k = 0; k < x.length; k++) {
    const code = s.ids[k] as number;
    const c = s.counts[k] as number;
    const v = sublinear(c) * (idf[freq.slot(code)] as number);
    x[k] = v;
    norm += code < 0 ? c * unseen * unseen : v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < x.length; k++) x[k] = (x[k] as number) / norm;
  return x;
}

/** The same as a map (the "why" and similar papers work on a handful of papers). */
export function tfidf(terms: TermCounts, freq: DocFreq): Vec {
  const v: Vec = new Map();
  const unseen = freq.idf('');
  let norm = 0;
  for (const [t, c] of terms) {
    const x = sublinear(c) * freq.idf(t);
    v.set(t, x);
    norm += isPair(t) ? c * unseen * unseen : x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [t, x] of v) v.set(t, x / norm);
  return v;
}

export function unit(v: Vec): Vec {
  let norm = 0;
  for (const x of v.values()) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  const out: Vec = new Map();
  for (const [t, x] of v) out.set(t, x / norm);
  return out;
}

export function dot(a: Vec, b: Vec): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, x] of small) {
    const y = big.get(t);
    if (y !== undefined) s += x * y;
  }
  return s;
}
