/**
 * A linear SVM (squared hinge loss, L2 regularised, balanced class weights, a bias feature), trained by dual
 * coordinate descent (Hsieh et al., ICML 2008: the liblinear solver) over typed arrays indexed by term number.
 * Deterministic: a fixed-seed visiting order. A warm start (the previous model's dual variables) makes the update
 * after one more star a few cheap passes.
 */

export interface Example {
  key: string;
  ids: Int32Array;
  /** Values aligned with ids (unit TF-IDF). */
  x: Float64Array;
  y: 1 | -1;
}

export interface Svm {
  /** Weights by term number. */
  w: Float64Array;
  bias: number;
  /** Dual variables by example key, for a warm start. */
  alpha: Map<string, number>;
  epochs: number;
}

/** A deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainSvm(
  examples: Example[],
  dims: number,
  opts: { C: number; warm?: Map<string, number>; maxEpochs?: number; tol?: number },
): Svm {
  const n = examples.length;
  const nPos = examples.filter((e) => e.y > 0).length;
  const nNeg = n - nPos;
  const w = new Float64Array(dims);
  let bias = 0;
  const alpha = new Float64Array(n);
  const D = new Float64Array(n);
  const Q = new Float64Array(n);
  examples.forEach((e, k) => {
    const c = (opts.C * n) / (2 * (e.y > 0 ? nPos : nNeg));
    D[k] = 1 / (2 * c);
    let q = 1; // the bias feature
    for (let j = 0; j < e.x.length; j++) q += (e.x[j] as number) ** 2;
    Q[k] = q;
    const a = opts.warm?.get(e.key) ?? 0;
    if (a > 0) {
      alpha[k] = a;
      for (let j = 0; j < e.ids.length; j++) {
        const i = e.ids[j] as number;
        w[i] = (w[i] as number) + a * e.y * (e.x[j] as number);
      }
      bias += a * e.y;
    }
  });
  const order = [...Array(n).keys()];
  const rand = rng(n);
  let epoch = 0;
  const maxEpochs = opts.maxEpochs ?? 200;
  for (; epoch < maxEpochs && n > 0; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    let maxPG = Number.NEGATIVE_INFINITY;
    let minPG = Number.POSITIVE_INFINITY;
    for (const k of order) {
      const e = examples[k] as Example;
      const ak = alpha[k] as number;
      let wx = bias;
      for (let j = 0; j < e.ids.length; j++) wx += (w[e.ids[j] as number] as number) * (e.x[j] as number);
      const G = e.y * wx - 1 + (D[k] as number) * ak;
      const PG = ak === 0 ? Math.min(G, 0) : G;
      if (PG > maxPG) maxPG = PG;
      if (PG < minPG) minPG = PG;
      if (Math.abs(PG) > 1e-12) {
        const next = Math.max(ak - G / ((Q[k] as number) + (D[k] as number)), 0);
        const d = (next - ak) * e.y;
        alpha[k] = next;
        for (let j = 0; j < e.ids.length; j++) {
          const i = e.ids[j] as number;
          w[i] = (w[i] as number) + d * (e.x[j] as number);
        }
        bias += d;
      }
    }
    if (maxPG - minPG < (opts.tol ?? 1e-3)) break;
  }
  const keep = new Map<string, number>();
  examples.forEach((e, k) => {
    if ((alpha[k] as number) > 0) keep.set(e.key, alpha[k] as number);
  });
  return { w, bias, alpha: keep, epochs: epoch };
}
