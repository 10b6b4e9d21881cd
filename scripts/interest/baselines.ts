/**
 * The for-you benchmark's baselines (issue 16), as arxiv-sanity-lite computes them: one text per paper (title,
 * abstract, authors), scikit-learn's TfidfVectorizer settings (words of 2+ characters, English stop words, word
 * pairs, sublinear tf, unit length; document frequencies over every paper the baseline sees, the feed included),
 * then either the cosine to the liked papers' centroid or a linear SVM (LinearSVC: squared hinge, C = 0.1,
 * balanced class weights, bias feature) trained against the background by dual coordinate descent (Hsieh et al.,
 * ICML 2008, the liblinear solver scikit-learn calls).
 */

import type { Doc } from '../../lib/interest/index';
import { type Example, rng, trainSvm } from '../../lib/interest/svm';

type Vec = Map<string, number>;

// scikit-learn's ENGLISH_STOP_WORDS (the frequent part: the list arxiv-sanity passes).
const STOP = new Set(
  (
    'a about above across after afterwards again against all almost alone along already also although always am among ' +
    'amongst an and another any anyhow anyone anything anyway anywhere are around as at back be became because become ' +
    'becomes becoming been before beforehand behind being below beside besides between beyond both but by can cannot ' +
    'could did do does done down due during each eg either else elsewhere enough etc even ever every everyone ' +
    'everything everywhere except few first for former formerly from further had has have he hence her here hereby ' +
    'herein hers herself him himself his how however i ie if in indeed into is it its itself last latter least less ' +
    'many may me meanwhile might more moreover most mostly much must my myself namely neither never nevertheless next ' +
    'no nobody none nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours ' +
    'ourselves out over own per perhaps please rather same seem seemed seeming seems several she should since so some ' +
    'somehow someone something sometime sometimes somewhere still such than that the their them themselves then ' +
    'thence there thereafter thereby therefore therein thereupon these they this those though through throughout thru ' +
    'thus to together too toward towards under until up upon us very via was we well were what whatever when whence ' +
    'whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever ' +
    'whole whom whose why will with within without would yet you your yours yourself yourselves'
  ).split(' '),
);

function tokens(doc: Doc): string[] {
  const text = `${doc.title} | ${doc.abstract ?? ''} | ${doc.authors.join(', ')}`
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const words = (text.match(/\b[a-z_][a-z0-9_]+\b/g) ?? []).filter((w) => !STOP.has(w));
  const out = [...words];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
  return out;
}

/** Fits document frequencies on `corpus` (min_df 2), then vectorises any paper. */
export function vectorizer(corpus: Doc[]): (d: Doc) => Vec {
  const df = new Map<string, number>();
  const cache = new Map<Doc, string[]>();
  for (const d of corpus) {
    const t = tokens(d);
    cache.set(d, t);
    for (const w of new Set(t)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const n = corpus.length;
  return (d) => {
    const counts = new Map<string, number>();
    for (const w of cache.get(d) ?? tokens(d)) if ((df.get(w) ?? 0) >= 2) counts.set(w, (counts.get(w) ?? 0) + 1);
    const v: Vec = new Map();
    let norm = 0;
    for (const [w, c] of counts) {
      const x = (1 + Math.log(c)) * (Math.log((1 + n) / (1 + (df.get(w) ?? 0))) + 1);
      v.set(w, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    return v;
  };
}

export function dot(a: Vec, b: Vec): number {
  const [s, l] = a.size <= b.size ? [a, b] : [b, a];
  let r = 0;
  for (const [t, x] of s) r += x * (l.get(t) ?? 0);
  return r;
}

/** TF-IDF cosine to the liked centroid. */
export function centroidScorer(liked: Vec[]): (v: Vec) => number {
  const c: Vec = new Map();
  for (const v of liked) for (const [t, x] of v) c.set(t, (c.get(t) ?? 0) + x / liked.length);
  return (v) => dot(c, v);
}

export { rng };

/** LinearSVC(C=0.1, class_weight='balanced', loss='squared_hinge', tol=1e-4) by the same solver as the model. */
export function svmScorer(pos: Vec[], neg: Vec[], C = 0.1): (v: Vec) => number {
  const index = new Map<string, number>();
  const example = (v: Vec, key: string, y: 1 | -1): Example => {
    const ids = new Int32Array(v.size);
    const x = new Float64Array(v.size);
    let k = 0;
    for (const [t, val] of v) {
      let i = index.get(t);
      if (i === undefined) {
        i = index.size;
        index.set(t, i);
      }
      ids[k] = i;
      x[k++] = val;
    }
    return { key, ids, x, y };
  };
  const examples = [...pos.map((v, i) => example(v, `p${i}`, 1)), ...neg.map((v, i) => example(v, `n${i}`, -1))];
  const m = trainSvm(examples, index.size, { C, maxEpochs: 1000, tol: 1e-4 });
  return (v) => {
    let s = m.bias;
    for (const [t, x] of v) {
      const i = index.get(t);
      if (i !== undefined) s += (m.w[i] as number) * x;
    }
    return s;
  };
}
