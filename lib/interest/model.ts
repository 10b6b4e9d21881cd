/**
 * The for-you model (issue 16): a linear profile over TF-IDF words and word pairs, learned from the papers the
 * user liked, pushed away from what they dismissed and from the average of the rest of their library (the
 * background: word statistics and implicit negatives). Local and deterministic: the same papers give the same
 * scores, whatever their order.
 */
import { trainSvm } from './svm';
import { type Doc, docTerms, type TermCounts, type TextOptions } from './text';
import { addInto, DocFreq, dot, tfidf, unit, type Vec } from './vectors';

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
  /** The SVM's regularisation at five liked papers… */
  C: number;
  /** … growing as (liked / 5)^Cpow: a few stars are trusted as a direction, many as a boundary. */
  Cpow: number;
  text?: TextOptions;
}

export const DEFAULT_PARAMS: ModelParams = {
  background: 0.5,
  backgroundPow: 0.5,
  disliked: 0.5,
  maxTerms: 4000,
  svm: 3,
  C: 0.02,
  Cpow: 2.5,
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
  /** The words that raised a paper's score; with `closest`, also the liked paper most like it. */
  why(doc: Doc, opts?: { terms?: number; closest?: boolean }): Why;
  readonly liked: number;
}

/** A trained model from the term counts of its papers (the persisted state keeps these: lib/interest/state.ts). */
export interface Counted {
  doc: Pick<Doc, 'id' | 'title'>;
  terms: TermCounts;
}

function centroid(items: Counted[], freq: DocFreq): Vec {
  const sum: Vec = new Map();
  for (const it of items) addInto(sum, tfidf(it.terms, freq));
  return unit(sum);
}

function topTerms(v: Vec, n: number): Vec {
  if (v.size <= n) return v;
  return new Map([...v].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1)).slice(0, n));
}

export interface TrainOptions {
  params?: ModelParams;
  /** Word statistics kept by the caller (lib/interest/state.ts), else counted over the three lists. */
  freq?: DocFreq;
  /** The previous model's SVM dual variables: a warm start. */
  warm?: Map<string, number>;
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
  const profile: Vec = centroid(liked, f);
  const grow = Math.max(1, liked.length / 5);
  if (background.length && params.background)
    addInto(profile, centroid(background, f), -params.background * grow ** params.backgroundPow);
  if (disliked.length && params.disliked) addInto(profile, centroid(disliked, f), -params.disliked);
  let alpha: Map<string, number> | undefined;
  if (params.svm && liked.length && background.length + disliked.length) {
    const svm = trainSvm(
      [
        ...liked.map((it) => ({ key: `+${it.doc.id}`, v: tfidf(it.terms, f), y: 1 as const })),
        ...[...disliked, ...background].map((it) => ({ key: `-${it.doc.id}`, v: tfidf(it.terms, f), y: -1 as const })),
      ],
      { C: params.C * grow ** params.Cpow, warm: opts.warm },
    );
    alpha = svm.alpha;
    addInto(profile, unit(svm.w), params.svm);
  }
  const w = topTerms(profile, params.maxTerms);
  let likedVecs: { doc: Counted['doc']; v: Vec }[] | undefined;
  const vec = (doc: Doc) => tfidf(docTerms(doc, params.text), f);
  return {
    alpha,
    liked: liked.length,
    score: (doc) => (liked.length ? dot(w, vec(doc)) : 0),
    scoreTerms: (terms) => (liked.length ? dot(w, tfidf(terms, f)) : 0),
    scoreAll: (docs) => docs.map((d) => (liked.length ? dot(w, vec(d)) : 0)),
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
