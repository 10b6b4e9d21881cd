/**
 * The for-you model (issue 16): a linear profile over TF-IDF words and word pairs, learned from the papers the
 * user liked, pushed away from what they dismissed and from the average of the rest of their library (the
 * background: word statistics and implicit negatives). Local and deterministic: the same papers give the same
 * scores, whatever their order.
 */
import { KeptVectors, withFeedback } from './feedback';
import { trainSvm } from './svm';
import {
  type Doc,
  docTerms,
  eachField,
  isPair,
  TEXT_OPTIONS,
  type TermCounts,
  type TextOptions,
  type WordSink,
} from './text';
import { DocFreq, dot, type Sparse, sublinear, tfidf, type Vec, weigh } from './vectors';
import { PairTable, PlaceTally } from './word-table';

export interface ModelParams {
  /** Weight of the background's centroid taken away from the liked one, at five liked papers… */
  background: number;
  /** … growing as (liked / 5)^backgroundPow. */
  backgroundPow: number;
  /** Weight of the dismissed papers' centroid taken away. */
  disliked: number;
  /** Profile terms kept (the rest are noise at a handful of papers, and cost time per entry). */
  maxTerms: number;
  /** Weight of the SVM direction (liked against background and dismissed) added to the centroid profile. */
  svm: number;
  /** The SVM learns from the first this many liked, dismissed and background papers (the state gives the newest
   * first): its passes over them are the update's main cost. The centroids take them all. */
  svmMax: number;
  /** The SVM's regularisation at five liked papers… */
  C: number;
  /** … growing as (liked / 5)^Cpow: a few stars are trusted as a direction, many as a boundary; up to Cmax. */
  Cpow: number;
  Cmax: number;
  text?: TextOptions;
}

export const DEFAULT_PARAMS: ModelParams = {
  background: 0.5,
  backgroundPow: 0.5,
  disliked: 0.5,
  maxTerms: 4000,
  svm: 3,
  svmMax: 300,
  C: 0.02,
  Cpow: 2.5,
  Cmax: 1,
};

export interface Why {
  /** The profile's words that most raised this paper's score. */
  terms: string[];
  /** The liked paper most like this one, and how alike (cosine, 0–1). */
  closest?: { id: string; title: string; similarity: number };
}

export interface InterestModel {
  score(doc: Doc): number;
  /** The score of a paper already counted (docTerms). */
  scoreTerms(terms: TermCounts): number;
  /** Scores many at once (same numbers as score). */
  scoreAll(docs: Doc[]): number[];
  /**
   * A feed's papers: their scores, and what the feed is ranked by (the scores raised by each paper's likeness to
   * the feed's own best matches: lib/interest/feedback.ts).
   */
  scoreFeed(docs: Doc[]): { scores: number[]; ranking: number[] };
  /** The words that raised a paper's score; with `closest`, also the liked paper most like it. */
  why(doc: Doc, opts?: { terms?: number; closest?: boolean }): Why;
  readonly liked: number;
}

/** A paper for training: its counted terms (the persisted state keeps these: lib/interest/state.ts) and, once
 * numbered against the model's word statistics, the same by number (cached by the state). */
export interface Counted {
  doc: Pick<Doc, 'id' | 'title'>;
  terms: TermCounts;
  sparse?: Sparse;
  /** Its slots and unit TF-IDF values, and the statistics' version they were weighed at (reused while it stands). */
  weighed?: { version: number; slots: Int32Array; x: Float64Array };
}

export interface TrainOptions {
  params?: ModelParams;
  /** Word statistics kept by the caller (lib/interest/state.ts), else counted over the three lists. */
  freq?: DocFreq;
  /** The previous model's SVM dual variables: a warm start. */
  warm?: Map<string, number>;
}

interface Weighed {
  it: Counted;
  /** The paper's terms' slots in this model's dense arrays. */
  slots: Int32Array;
  x: Float64Array;
}

/** Adds `scale` times the unit-length mean of these papers into `out` (by term number). */
function addCentroid(out: Float64Array, items: Weighed[], scale: number): void {
  if (!items.length || !scale) return;
  const sum = new Float64Array(out.length);
  for (const { slots, x } of items)
    for (let k = 0; k < x.length; k++) {
      const i = slots[k] as number;
      sum[i] = (sum[i] as number) + (x[k] as number);
    }
  addUnit(out, sum, scale);
}

function addUnit(out: Float64Array, v: Float64Array, scale: number): void {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] as number) ** 2;
  if (!norm) return;
  const f = scale / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) out[i] = (out[i] as number) + f * (v[i] as number);
}

/** The k-th largest of these numbers (quickselect: linear time; the array is reordered). */
function kthLargest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const want = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) > pivot) i++;
      while ((a[j] as number) < pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else break;
  }
  return a[want] as number;
}

/** The n terms of largest weight (ties by term number: deterministic). */
function topTerms(profile: Float64Array, freq: DocFreq, n: number): Vec {
  const ids = new Int32Array(profile.length);
  const mags = new Float64Array(profile.length);
  let m = 0;
  for (let i = 0; i < profile.length; i++) {
    const v = profile[i] as number;
    if (v === 0) continue;
    ids[m] = i;
    mags[m++] = v < 0 ? -v : v;
  }
  const out: Vec = new Map();
  const bar = m > n ? kthLargest(mags.slice(0, m), n) : 0;
  let atBar = 0;
  for (let k = 0; k < m; k++) if ((mags[k] as number) > bar) atBar++;
  for (let k = 0; k < m; k++) {
    const mag = mags[k] as number;
    if (mag < bar || (m > n && mag === bar && atBar++ >= n)) continue;
    const i = ids[k] as number;
    out.set(freq.term(i), profile[i] as number);
  }
  return out;
}

export function trainModel(
  liked: Counted[],
  disliked: Counted[],
  background: Counted[],
  opts: TrainOptions = {},
): InterestModel & { alpha?: Map<string, number> } {
  const params = opts.params ?? DEFAULT_PARAMS;
  let freq = opts.freq;
  if (!freq) {
    freq = new DocFreq();
    for (const list of [liked, disliked, background]) for (const it of list) freq.add(it.terms);
  }
  const f = freq;
  const idf = f.idfs();
  const unseen = f.idf('');
  for (const list of [liked, background, disliked]) for (const it of list) it.sparse ??= f.sparse(it.terms);
  const version = f.version;
  const weighed = (list: Counted[]): Weighed[] =>
    list.map((it) => {
      if (it.weighed?.version !== version) {
        const ids = (it.sparse as Sparse).ids;
        const slots = new Int32Array(ids.length);
        for (let k = 0; k < ids.length; k++) slots[k] = f.slot(ids[k] as number);
        it.weighed = { version, slots, x: weigh(it.sparse as Sparse, f, idf, unseen) };
      }
      return { it, slots: it.weighed.slots, x: it.weighed.x };
    });
  const L = weighed(liked);
  const B = weighed(background);
  const D = weighed(disliked);
  const dims = f.size;
  const profile = new Float64Array(dims);
  const grow = Math.max(1, liked.length / 5);
  addCentroid(profile, L, 1);
  addCentroid(profile, B, -params.background * grow ** params.backgroundPow);
  addCentroid(profile, D, -params.disliked);
  let alpha: Map<string, number> | undefined;
  if (params.svm && L.length && B.length + D.length) {
    const svm = trainSvm(
      [
        ...L.slice(0, params.svmMax).map((e) => ({ key: `+${e.it.doc.id}`, ids: e.slots, x: e.x, y: 1 as const })),
        ...[...D.slice(0, params.svmMax), ...B.slice(0, params.svmMax)].map((e) => ({
          key: `-${e.it.doc.id}`,
          ids: e.slots,
          x: e.x,
          y: -1 as const,
        })),
      ],
      dims,
      { C: Math.min(params.Cmax, params.C * grow ** params.Cpow), warm: opts.warm },
    );
    alpha = svm.alpha;
    addUnit(profile, svm.w, params.svm);
  }
  const w = topTerms(profile, f, params.maxTerms);
  const { fromDoc, fromTerms } = scorer(w, f, idf, unseen, params.text ?? TEXT_OPTIONS);
  let likedVecs: { doc: Counted['doc']; v: Vec }[] | undefined;
  const vec = (doc: Doc) => tfidf(docTerms(doc, params.text), f);
  return {
    alpha,
    liked: liked.length,
    score: (doc) => (liked.length ? fromDoc(doc) : 0),
    scoreTerms: (terms) => (liked.length ? fromTerms(terms) : 0),
    scoreAll: (docs) => docs.map((d) => (liked.length ? fromDoc(d) : 0)),
    scoreFeed(docs) {
      if (!liked.length) return { scores: docs.map(() => 0), ranking: docs.map(() => 0) };
      const kept = new KeptVectors();
      const scores = docs.map((d) => fromDoc(d, kept));
      return { scores, ranking: withFeedback(scores, kept.all(), f.wordTerms.length) };
    },
    why(doc, { terms: n = 3, closest: withClosest = true } = {}) {
      const v = vec(doc);
      const contrib = [...v]
        .map(([t, x]) => [t, x * (w.get(t) ?? 0)] as const)
        .filter(([t, c]) => c > 0 && !t.startsWith('@'))
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      // A pair and its own words say the same thing: keep the pair.
      const terms: string[] = [];
      for (const [t] of contrib) {
        if (terms.length >= n) break;
        if (terms.some((k) => k.split(' ').includes(t) || t.split(' ').includes(k))) continue;
        terms.push(t);
      }
      let closest: Why['closest'];
      if (withClosest) likedVecs ??= liked.map((it) => ({ doc: it.doc, v: tfidf(it.terms, f) }));
      for (const l of withClosest ? (likedVecs ?? []) : []) {
        const s = dot(l.v, v);
        if (!closest || s > closest.similarity) closest = { id: l.doc.id, title: l.doc.title, similarity: s };
      }
      return { terms, closest: closest && closest.similarity > 0 ? closest : undefined };
    },
  };
}

/**
 * Scores against a weight vector: the cosine of the paper's TF-IDF vector (lib/interest/vectors.ts) with it. From a
 * paper's text in one pass: each word is found by its characters in place (lib/interest/word-table.ts: no string is
 * cut out of the text for a word the model knows), counted by term number in a typed array reused from entry to
 * entry, and a pair is looked up among the weighted pairs only after a word that starts one: a page's 500 abstracts
 * cost little more than reading their characters.
 */
function scorer(w: Vec, freq: DocFreq, idf: Float64Array, unseen: number, o: TextOptions) {
  // Words are slots 0…words-1: a page's entry touches these arrays only.
  const nWords = freq.wordTerms.length;
  const weighted = new Float64Array(nWords);
  // A weighted pair by its words' numbers; which words start one.
  const pairs = new PairTable(w.size);
  const startsPair = new Uint8Array(nWords);
  for (const [t, y] of w) {
    const slot = freq.slot(freq.intern(t));
    const wy = y * (idf[slot] as number);
    if (!isPair(t)) {
      weighted[slot] = wy;
      continue;
    }
    const [a, b] = t.split(' ').map((x) => freq.words.get(x)) as [number | undefined, number | undefined];
    // A pair's words were counted with it (docTerms): both are numbered.
    if (a === undefined || b === undefined || a >= nWords || b >= nWords) continue;
    pairs.set(a, b, wy);
    startsPair[a] = 1;
  }
  const fromTerms = (terms: TermCounts): number => {
    let norm = 0;
    let d = 0;
    for (const [t, c] of terms) {
      const sl = sublinear(c);
      if (isPair(t)) {
        norm += c * unseen * unseen;
        const [a, b] = t.split(' ').map((x) => freq.words.get(x));
        if (a !== undefined && b !== undefined) d += sl * pairs.get(a, b);
        continue;
      }
      const i = freq.words.get(t);
      const x = sl * (i === undefined || i >= nWords ? unseen : (idf[i] as number));
      norm += x * x;
      if (i !== undefined && i < nWords) d += sl * (weighted[i] as number);
    }
    return norm ? d / Math.sqrt(norm) : 0;
  };
  const table = freq.wordTable();
  // One paper at a time (fromDoc is not re-entered): the counts by word number and the words met, reused.
  const counts = new Float64Array(nWords);
  let touched = new Int32Array(512);
  /** The touched words' values, for a kept vector (scaled to unit length as it is kept). */
  let xsOf = new Float64Array(512);
  let nTouched = 0;
  const touch = (i: number) => {
    if (nTouched === touched.length) {
      const more = new Int32Array(touched.length * 2);
      more.set(touched);
      touched = more;
      xsOf = new Float64Array(touched.length);
    }
    touched[nTouched++] = i;
  };
  // Words the model does not know count in the length only, each by its own count; authors by their term.
  const unknown = new PlaceTally();
  const unknownAuthors = new Set<string>();
  // Weighted pairs met, by first * nWords + second.
  const weightedPairs = new Map<number, number>();
  let pairNorm = 0;
  let prev = -1;
  const pairsOn = o.pairs;
  const word: WordSink = (_t, start, end, y, h, g, paired, weight) => {
    const len = end - start + (y ? 1 : 0);
    const found = table.find(len, h, g);
    const i = found < nWords ? found : -1;
    if (paired && pairsOn) {
      pairNorm += weight;
      if (prev >= 0 && i >= 0 && startsPair[prev] === 1 && pairs.get(prev, i) !== 0) {
        const k = prev * nWords + i;
        weightedPairs.set(k, (weightedPairs.get(k) ?? 0) + weight);
      }
    }
    prev = i;
    if (i < 0) {
      unknown.add(len, h, g, weight);
      return;
    }
    if (counts[i] === 0) touch(i);
    counts[i] = (counts[i] as number) + weight;
  };
  const author = (t: string) => {
    const i = freq.words.get(t);
    if (i === undefined || i >= nWords) unknownAuthors.add(t);
    else if (counts[i] === 0) {
      touch(i);
      counts[i] = 1;
    }
  };
  /** The paper's score; with `keep`, its vector over the known words (unit-length scale) is pushed there. */
  const fromDoc = (doc: Doc, keep?: KeptVectors): number => {
    nTouched = 0;
    unknown.clear();
    unknownAuthors.clear();
    weightedPairs.clear();
    pairNorm = 0;
    prev = -1;
    eachField(doc, o, word, author);
    let norm = pairNorm * unseen * unseen;
    let d = 0;
    for (const [k, c] of weightedPairs) d += sublinear(c) * pairs.get(Math.floor(k / nWords), k % nWords);
    for (let j = 0; j < nTouched; j++) {
      const i = touched[j] as number;
      const sl = sublinear(counts[i] as number);
      const x = idf[i] as number;
      norm += sl * sl * x * x;
      d += sl * (weighted[i] as number);
      counts[i] = 0;
      if (keep) xsOf[j] = sl * x;
    }
    for (const c of unknown.counts) {
      const sl = sublinear(c);
      norm += sl * sl * unseen * unseen;
    }
    norm += unknownAuthors.size * unseen * unseen;
    if (keep) {
      const r = norm ? 1 / Math.sqrt(norm) : 0;
      keep.push(nTouched, touched, xsOf, r);
    }
    return norm ? d / Math.sqrt(norm) : 0;
  };
  return { fromDoc, fromTerms };
}

const counter =
  (o?: TextOptions) =>
  (d: Doc): Counted => ({ doc: d, terms: docTerms(d, o) });

/** DESIGN.md's contract: a model from whole papers (the background keeps counted papers instead: state.ts). */
export function createInterestModel(
  liked: Doc[],
  options: { disliked?: Doc[]; background?: Doc[]; params?: ModelParams } = {},
): InterestModel {
  const count = counter(options.params?.text);
  return trainModel(liked.map(count), (options.disliked ?? []).map(count), (options.background ?? []).map(count), {
    params: options.params,
  });
}
