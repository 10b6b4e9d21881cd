/**
 * The feed as context (issue 16, lib/interest/feedback.ts): a feed is ranked by the model's scores raised by each
 * entry's likeness to the feed's own best matches. The vectors the scorer keeps are the papers' TF-IDF vectors over
 * the model's words; the ranking is deterministic; a word only the feed's best matches share lifts an entry the
 * model alone scored low.
 */
import { describe, expect, it } from 'vitest';
import { FEEDBACK, feedbackCount, type Kept, KeptVectors, withFeedback } from '../../lib/interest/feedback';
import { createInterestModel, type Doc } from '../../lib/interest/index';
import { dataset } from '../helpers/dataset';

const of = (cat: string) => dataset.filter((r) => r.categories[0] === cat);
const CL = of('cs.CL');
const ASTRO = of('astro-ph.GA');
const CV = of('cs.CV');
const liked = CL.slice(0, 20);
const background = [...ASTRO.slice(0, 30), ...CV.slice(0, 30), ...CL.slice(60, 70)];
const feed = [...CL.slice(100, 115), ...ASTRO.slice(100, 150), ...CV.slice(100, 150)].sort((a, b) =>
  a.id < b.id ? -1 : 1,
);
const vec = (pairs: [number, number][]): Kept => {
  const norm = Math.sqrt(pairs.reduce((s, [, x]) => s + x * x, 0)) || 1;
  return { slots: Int32Array.from(pairs.map(([s]) => s)), x: Float64Array.from(pairs.map(([, x]) => x / norm)) };
};
const order = (r: number[]) => r.map((_, i) => i).sort((a, b) => (r[b] as number) - (r[a] as number) || a - b);

describe('withFeedback', () => {
  it('keeps each entry’s vector as written, scaled, across the arrays’ growth', () => {
    const kept = new KeptVectors();
    const want: [number[], number[]][] = [];
    for (let e = 0; e < 400; e++) {
      const n = (e * 37) % 90;
      const slots = Int32Array.from({ length: n }, (_, k) => e * 100 + k);
      const xs = Float64Array.from({ length: n }, (_, k) => k + 1);
      kept.push(n, slots, xs, 0.5);
      want.push([[...slots], [...xs].map((x) => x * 0.5)]);
    }
    // 400 entries of up to 89 values: past the first arrays' 16,384.
    expect(kept.all().map((v) => [[...v.slots], [...v.x]])).toEqual(want);
  });

  it('lifts an entry that shares the best matches’ words above one the model scored alike', () => {
    // Slot 0: the liked topic's word; slot 1: a word only the feed has (not in the model's profile); slot 2: other.
    const top = Array.from({ length: 10 }, () =>
      vec([
        [0, 1],
        [1, 1],
      ]),
    );
    const rest = Array.from({ length: 88 }, () => vec([[2, 1]]));
    const newWord = vec([[1, 1]]);
    const unrelated = vec([
      [2, 1],
      [3, 1],
    ]);
    const scores = [...top.map(() => 0.5), ...rest.map(() => 0.01), 0.01, 0.02];
    const ranking = withFeedback(scores, [...top, ...rest, newWord, unrelated], 4);
    const o = order(ranking);
    // The model alone put the unrelated entry (99) first of the two; the feed's own words put the other (98) first.
    expect(o.indexOf(98)).toBeLessThan(o.indexOf(99));
    // The best matches stay first.
    expect(o.slice(0, 10).sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });

  it('takes a tenth of the feed (at most 10, at least 1) and leaves degenerate feeds as scored', () => {
    expect([1, 9, 30, 100, 200, 500].map((n) => feedbackCount(n))).toEqual([1, 1, 3, 10, 10, 10]);
    expect(FEEDBACK.top).toBe(10);
    expect(withFeedback([0.3], [vec([[0, 1]])], 1)).toEqual([0.3]);
    expect(withFeedback([0, 0], [vec([[0, 1]]), vec([[0, 1]])], 1)).toEqual([0, 0]);
    // Entries with no known word (title-only of unknown words) keep their scaled score.
    const r = withFeedback([1, -0.5], [vec([[0, 1]]), { slots: new Int32Array(0), x: new Float64Array(0) }], 1);
    expect(r[1]).toBe(-0.5);
  });
});

describe('InterestModel.scoreFeed', () => {
  const model = createInterestModel(liked, { background });

  it('scores as scoreAll, and ranks deterministically', () => {
    const a = model.scoreFeed(feed);
    expect(a.scores).toEqual(model.scoreAll(feed));
    expect(createInterestModel(liked, { background }).scoreFeed(feed)).toEqual(a);
    expect(a.ranking).toHaveLength(feed.length);
    expect(a.ranking.every(Number.isFinite)).toBe(true);
  });

  it('keeps the topic on top with the feedback, with abstracts and on titles alone', () => {
    const isCL = new Set(CL.map((p) => p.id));
    const top10 = (r: number[], docs: Doc[]) =>
      order(r)
        .slice(0, 10)
        .filter((i) => isCL.has(docs[i]?.id ?? '')).length;
    expect(top10(model.scoreFeed(feed).ranking, feed)).toBeGreaterThanOrEqual(top10(model.scoreAll(feed), feed));
    const titles = feed.map(({ abstract: _a, ...d }) => d);
    const t = model.scoreFeed(titles);
    expect(t.ranking.every(Number.isFinite)).toBe(true);
    expect(top10(t.ranking, titles)).toBeGreaterThanOrEqual(7);
  });

  it('ranks nothing without liked papers', () => {
    const none = createInterestModel([], { background }).scoreFeed(feed);
    expect(none.ranking.every((s) => s === 0)).toBe(true);
    expect(none.scores.every((s) => s === 0)).toBe(true);
  });
});
