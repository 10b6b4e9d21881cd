/**
 * The for-you quality benchmark (issue 16) on real arXiv metadata (../shared/datasets/arxiv-papers-dev.jsonl),
 * categories standing in for a reader's interests.
 *
 * Protocol, per category, k (5 or 20 liked papers), feed kind and seed:
 * - the papers are split once by a hash of their id into a tuning half and a held-back half; the model's
 *   settings were chosen on the tuning half only, and the numbers quoted are the held-back half's;
 * - within a half, the older 60% of ids (arXiv numbers grow with time) give the liked papers (k of the category)
 *   and the library background (300 other older papers from the feed's pool); the newer 40% give the feed;
 * - the feed: 200 newer papers (fewer where a neighbourhood is small), 15% of the category (primary category), the rest from papers not listed in it at
 *   all, drawn from every category ("all") or from its neighbours only ("near": cs.CL / cs.LG / cs.AI, vision,
 *   astro-ph subfields and gr-qc);
 * - P@10 and average precision of each method's ranking of the feed; means over categories and seeds.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterestModel, type Doc, type ModelParams } from '../../lib/interest/index';
import { centroidScorer, rng, svmScorer, vectorizer } from './baselines';

export interface Paper extends Doc {
  categories: string[];
}

export const DATASET = resolve(import.meta.dirname, '../../../shared/datasets/arxiv-papers-dev.jsonl');

export function loadPapers(file = DATASET): Paper[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Paper);
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export type Half = 'tune' | 'held-back';
export const half = (p: Paper): Half => (hash(p.id) % 2 === 0 ? 'tune' : 'held-back');

const GROUPS = [
  ['cs.CL', 'cs.LG', 'cs.AI'],
  ['cs.CV', 'cs.GR', 'eess.IV'],
  ['astro-ph.GA', 'astro-ph.IM', 'astro-ph.CO', 'astro-ph.HE', 'astro-ph.SR', 'astro-ph.EP', 'gr-qc'],
];
export const CATEGORIES = GROUPS.flat();

function sample<T>(xs: T[], n: number, rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, n);
}

export interface Task {
  category: string;
  k: number;
  feed: 'all' | 'near';
  seed: number;
  liked: Paper[];
  background: Paper[];
  items: Paper[];
  relevant: Set<string>;
}

export function tasks(papers: Paper[], which: Half, ks = [5, 20], seeds = [1, 2, 3, 4, 5]): Task[] {
  const pool = papers.filter((p) => half(p) === which).sort((a, b) => (a.id < b.id ? -1 : 1));
  const cut = Math.floor(pool.length * 0.6);
  const older = pool.slice(0, cut);
  const newer = pool.slice(cut);
  const out: Task[] = [];
  for (const category of CATEGORIES) {
    const near = new Set(GROUPS.find((g) => g.includes(category)) ?? []);
    for (const feed of ['all', 'near'] as const) {
      const inPool = (p: Paper) => feed === 'all' || near.has(p.categories[0] ?? '');
      const pos = newer.filter((p) => p.categories[0] === category);
      const neg = newer.filter((p) => !p.categories.includes(category) && inPool(p));
      const mine = older.filter((p) => p.categories[0] === category);
      for (const k of ks) {
        if (mine.length < k || pos.length < 10) continue;
        for (const seed of seeds) {
          const rand = rng(hash(`${category}|${feed}|${k}|${seed}`));
          const liked = sample(mine, k, rand);
          const likedIds = new Set(liked.map((p) => p.id));
          const background = sample(
            older.filter((p) => !likedIds.has(p.id) && inPool(p)),
            300,
            rand,
          );
          // 15% of the feed is the category, also when a neighbourhood has fewer than 170 other papers.
          const nNeg = Math.min(170, neg.length);
          const nPos = Math.min(pos.length, Math.round((nNeg * 15) / 85));
          const feedPos = sample(pos, nPos, rand);
          const feedNeg = sample(neg, nNeg, rand);
          const items = sample([...feedPos, ...feedNeg], nPos + nNeg, rand);
          out.push({ category, k, feed, seed, liked, background, items, relevant: new Set(feedPos.map((p) => p.id)) });
        }
      }
    }
  }
  return out;
}

export function metrics(ranked: Paper[], relevant: Set<string>): { p10: number; ap: number } {
  let hits = 0;
  let sum = 0;
  ranked.forEach((p, i) => {
    if (relevant.has(p.id)) {
      hits++;
      sum += hits / (i + 1);
    }
  });
  const p10 = ranked.slice(0, 10).filter((p) => relevant.has(p.id)).length / 10;
  return { p10, ap: relevant.size ? sum / relevant.size : 0 };
}

export type Method = 'random' | 'tfidf-centroid' | 'tfidf-svm' | 'papershelf';

/** Ranks the task's feed by one method (ties keep feed order). */
export function rank(task: Task, method: Method, params?: ModelParams): Paper[] {
  let scores: number[];
  if (method === 'random') {
    const rand = rng(hash(`random|${task.category}|${task.seed}|${task.k}|${task.feed}`));
    scores = task.items.map(() => rand());
  } else if (method === 'papershelf') {
    const m = createInterestModel(task.liked, { background: task.background, params });
    // As a feed is ranked on the page (lib/library/interest-keeper.ts): the feed's own best matches as feedback.
    scores = m.scoreFeed(task.items).ranking;
  } else {
    const vec = vectorizer([...task.liked, ...task.background, ...task.items]);
    const liked = task.liked.map(vec);
    const score = method === 'tfidf-centroid' ? centroidScorer(liked) : svmScorer(liked, task.background.map(vec));
    scores = task.items.map((p) => score(vec(p)));
  }
  return task.items
    .map((p, i) => ({ p, s: scores[i] as number, i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.p);
}

export interface Summary {
  method: Method;
  half: Half;
  k: number;
  feed: string;
  tasks: number;
  p_at_10: number;
  ap: number;
}

export function evaluate(all: Task[], method: Method, which: Half, params?: ModelParams): Summary[] {
  const out: Summary[] = [];
  for (const k of [...new Set(all.map((t) => t.k))]) {
    for (const feed of ['all', 'near']) {
      const ts = all.filter((t) => t.k === k && t.feed === feed);
      if (!ts.length) continue;
      const ms = ts.map((t) => metrics(rank(t, method, params), t.relevant));
      const mean = (f: (m: { p10: number; ap: number }) => number) =>
        +(ms.reduce((s, m) => s + f(m), 0) / ms.length).toFixed(4);
      out.push({ method, half: which, k, feed, tasks: ts.length, p_at_10: mean((m) => m.p10), ap: mean((m) => m.ap) });
    }
  }
  return out;
}
