/**
 * Sparse TF-IDF vectors for the for-you model: document frequencies counted over the user's papers (liked,
 * disliked and the background), sublinear term frequency, unit length.
 */
import type { TermCounts } from './text';

export type Vec = Map<string, number>;

/** Document frequencies, counted and uncounted one paper at a time (a star or an unstar moves one paper). */
export class DocFreq {
  n = 0;
  readonly df = new Map<string, number>();

  add(terms: TermCounts, sign: 1 | -1 = 1): void {
    this.n += sign;
    for (const t of terms.keys()) {
      const c = (this.df.get(t) ?? 0) + sign;
      if (c > 0) this.df.set(t, c);
      else this.df.delete(t);
    }
  }

  /** Smoothed inverse document frequency; a word no paper of the user has weighs most. */
  idf(t: string): number {
    return Math.log((this.n + 1) / ((this.df.get(t) ?? 0) + 1)) + 1;
  }
}

export function tfidf(terms: TermCounts, freq: DocFreq): Vec {
  const v: Vec = new Map();
  let norm = 0;
  for (const [t, c] of terms) {
    const x = (1 + Math.log(c)) * freq.idf(t);
    v.set(t, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [t, x] of v) v.set(t, x / norm);
  return v;
}

/** Adds `scale · v` into `sum`. */
export function addInto(sum: Vec, v: Vec, scale = 1): void {
  for (const [t, x] of v) sum.set(t, (sum.get(t) ?? 0) + scale * x);
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
