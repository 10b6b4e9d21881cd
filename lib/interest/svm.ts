/**
 * A linear SVM (squared hinge loss, L2 regularised, balanced class weights, a bias feature), trained by dual
 * coordinate descent (Hsieh et al., ICML 2008: the liblinear solver). Deterministic: a fixed-seed visiting order.
 * A warm start (the previous model's dual variables) makes the update after one more star a few cheap passes.
 */
import type { Vec } from './vectors';

export interface Svm {
  w: Vec;
  bias: number;
  /** Dual variables by example key, for a warm start. */
  alpha: Map<string, number>;
  epochs: number;
}

export interface Example {
  key: string;
  v: Vec;
  y: 1 | -1;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dotW(w: Vec, x: Vec): number {
  let s = 0;
  for (const [t, v] of x) {
    const y = w.get(t);
    if (y !== undefined) s += y * v;
  }
  return s;
}

export function trainSvm(
  examples: Example[],
  opts: { C: number; warm?: Map<string, number>; maxEpochs?: number; tol?: number },
): Svm {
  const n = examples.length;
  const nPos = examples.filter((e) => e.y > 0).length;
  const nNeg = n - nPos;
  const w: Vec = new Map();
  let bias = 0;
  const alpha = new Float64Array(n);
  const D = new Float64Array(n);
  const Q = new Float64Array(n);
  examples.forEach((e, i) => {
    const c = (opts.C * n) / (2 * (e.y > 0 ? nPos : nNeg));
    D[i] = 1 / (2 * c);
    let q = 1; // the bias feature
    for (const x of e.v.values()) q += x * x;
    Q[i] = q;
    const a = opts.warm?.get(e.key) ?? 0;
    if (a > 0) {
      alpha[i] = a;
      for (const [t, x] of e.v) w.set(t, (w.get(t) ?? 0) + a * e.y * x);
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
    for (const i of order) {
      const e = examples[i] as Example;
      const ai = alpha[i] as number;
      const G = e.y * (dotW(w, e.v) + bias) - 1 + (D[i] as number) * ai;
      const PG = ai === 0 ? Math.min(G, 0) : G;
      if (PG > maxPG) maxPG = PG;
      if (PG < minPG) minPG = PG;
      if (Math.abs(PG) > 1e-12) {
        const next = Math.max(ai - G / ((Q[i] as number) + (D[i] as number)), 0);
        const d = (next - ai) * e.y;
        alpha[i] = next;
        for (const [t, x] of e.v) w.set(t, (w.get(t) ?? 0) + d * x);
        bias += d;
      }
    }
    if (maxPG - minPG < (opts.tol ?? 1e-3)) break;
  }
  const keep = new Map<string, number>();
  examples.forEach((e, i) => {
    if ((alpha[i] as number) > 0) keep.set(e.key, alpha[i] as number);
  });
  return { w, bias, alpha: keep, epochs: epoch };
}
