/**
 * npm run bench, the for-you part (issue 16): quality against the baselines on the held-back half (and the tuning
 * half, for reference), the time to score a feed of 500 entries against a plain sparse TF-IDF scorer in the same run,
 * and the model's update after a star with 1,000 liked papers in a library of 50,000.
 */
import { createInterestModel } from '../../lib/interest/index';
import { InterestKeeper, memoryInterestStore } from '../../lib/library/interest-keeper';
import { Library } from '../../lib/library/library';
import type { Paper } from '../../lib/paper/types';
import { memoryStorage } from '../memory-storage';
import { centroidScorer, vectorizer } from './baselines';
import { evaluate, type Half, loadPapers, type Method, type Paper as Row, tasks } from './quality';

type Report = (bench: string, n: number, samples: number[], extra?: Record<string, unknown>) => { p50_ms: number };
/** Runs fn `runs` times and returns each run's milliseconds (scripts/bench.ts's). */
type Time = (runs: number, fn: () => unknown) => Promise<number[]>;
const line = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

function quality(rows: Row[]) {
  const methods: Method[] = ['random', 'tfidf-centroid', 'tfidf-svm', 'papershelf'];
  for (const half of ['held-back', 'tune'] as Half[]) {
    const ts = tasks(rows, half);
    const all = methods.flatMap((m) => evaluate(ts, m, half));
    for (const r of all) line({ bench: 'foryou-quality', ...r });
    const get = (m: Method, k: number, feed: string) =>
      all.find((r) => r.method === m && r.k === k && r.feed === feed) as (typeof all)[number];
    for (const feed of ['all', 'near']) {
      const ours20 = get('papershelf', 20, feed);
      const svm20 = get('tfidf-svm', 20, feed);
      const ours5 = get('papershelf', 5, feed);
      const cen5 = get('tfidf-centroid', 5, feed);
      line({
        bench: 'foryou-targets',
        half,
        feed,
        ap_k20: ours20.ap,
        ap_k20_svm: svm20.ap,
        ap_k20_met: ours20.ap >= svm20.ap,
        p10_k5: ours5.p_at_10,
        p10_k5_centroid: cen5.p_at_10,
        p10_k5_met: ours5.p_at_10 >= cen5.p_at_10,
      });
    }
  }
}

async function scoring(rows: Row[], report: Report, time: Time) {
  const liked = rows.filter((p) => p.categories[0] === 'cs.CL').slice(0, 20);
  const background = rows.slice(500, 1500);
  const feed = rows.slice(2000, 2500);
  const model = createInterestModel(liked, { background });
  const vec = vectorizer([...liked, ...background]);
  const plain = centroidScorer(liked.map(vec));
  // Each warmed (the JIT) and run in a block of its own: one scorer's garbage is not collected in the other's time.
  // What a feed's ranking costs (scores, then the feed's best matches as feedback: InterestModel.scoreFeed).
  for (let i = 0; i < 20; i++) model.scoreFeed(feed);
  const ours = await time(30, () => model.scoreFeed(feed));
  for (let i = 0; i < 20; i++) model.scoreAll(feed);
  const scoresOnly = await time(30, () => model.scoreAll(feed));
  for (let i = 0; i < 20; i++) feed.map((p) => plain(vec(p)));
  const base = await time(30, () => feed.map((p) => plain(vec(p))));
  const b = report('foryou-score-plain-tfidf', feed.length, base, {
    what: 'tokenise, TF-IDF vector, cosine to centroid',
  });
  report('foryou-score', feed.length, ours, {
    target_ms: 20,
    with_abstracts: true,
    p50_ratio_to_plain: +((ours.sort((x, y) => x - y)[15] as number) / b.p50_ms).toFixed(2),
    what: 'scores and the feed feedback (the ranking a feed gets)',
    scores_only_p50_ms: +(scoresOnly.sort((x, y) => x - y)[15] as number).toFixed(2),
  });
  // Many listings carry titles only (Scholar, DBLP, proceedings tables of contents).
  const titles = feed.map(({ abstract: _a, ...d }) => d);
  for (let i = 0; i < 20; i++) model.scoreFeed(titles);
  report('foryou-score-titles-only', feed.length, await time(30, () => model.scoreFeed(titles)), { target_ms: 20 });
}

/** A library of n papers from the dataset's text (ids made unique), all seen, the first `liked` starred. */
function library(rows: Row[], n: number, liked: number): Paper[] {
  return Array.from({ length: n }, (_, i) => {
    const r = rows[i % rows.length] as Row;
    const id = `${String(2000 + (i % 600)).slice(0, 4)}.${String(10000 + Math.floor(i / 600)).padStart(5, '0')}`;
    return {
      id: `arxiv:${id}`,
      title: i < rows.length ? r.title : `${r.title} (${i})`,
      authors: r.authors,
      abstract: r.abstract,
      url: `https://arxiv.org/abs/${id}`,
      starred: i < liked,
      ...(i < liked ? { starredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() } : {}),
      tags: [],
      sightings: [],
      addedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      // Every paper was on screen once (the background is what was seen and let pass).
      viewedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000 + 1_000).toISOString(),
    };
  });
}

async function update(rows: Row[], report: Report) {
  const n = 50_000;
  const liked = 1_000;
  const storage = memoryStorage();
  const lib = new Library(storage, () => {});
  const papers = library(rows, n, liked);
  for (let from = 0; from < n; from += 10_000) await lib.importPapers(papers.slice(from, from + 10_000));
  const keeper = new InterestKeeper(lib, memoryInterestStore(), () => {}, 60_000);
  const t0 = performance.now();
  const state = await keeper.ready();
  state.model();
  const rebuildMs = performance.now() - t0;
  // A star (and an unstar) as the background meets it: the commit's papers applied, then the model retrained.
  let samples: number[] = [];
  lib.onCommit = (change) => {
    const t = performance.now();
    keeper.onCommit(change);
    state.model();
    samples.push(performance.now() - t);
  };
  // A paper the model did not keep yet (seen long ago): its words enter the statistics, every paper is weighed again.
  for (let i = 0; i < 20; i++) await lib.setStarred((papers[liked + 100 + i] as Paper).id, true);
  for (let i = 0; i < 5; i++) await lib.setStarred((papers[liked + 100 + i] as Paper).id, false);
  report('foryou-update-after-star', n, samples, {
    liked,
    kept: state.size,
    target_ms: 50,
    star_of: 'a paper seen long ago (not in the background)',
    cold_rebuild_from_library_ms: +rebuildMs.toFixed(0),
  });
  // The usual star: a paper just seen on a feed (in the background): the statistics stand.
  samples = [];
  for (let i = 0; i < 20; i++) await lib.setStarred((papers[n - 1 - i] as Paper).id, true);
  report('foryou-update-after-star', n, samples, {
    liked: liked + 15 + 20,
    target_ms: 50,
    star_of: 'a paper just seen (in the background)',
  });
}

export async function benchForYou(report: Report, time: Time, opts: { quality: boolean; update: boolean }) {
  const rows = loadPapers();
  await scoring(rows, report, time);
  if (opts.update) await update(rows, report);
  if (opts.quality) quality(rows);
}
