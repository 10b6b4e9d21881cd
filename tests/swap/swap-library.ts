/**
 * What every `npm run bench:swap` comparison shares: one library built in one browser profile, and each build copied
 * in turn into the extension directory the harness loads (the profile's extension id stays the same) and launched.
 *
 * PS_SWAP_BUILDS (two or more built chrome-mv3 directories, comma-separated), PS_SWAP_N (papers, 100000),
 * PS_SWAP_VOCABULARY (real | seed-mix, real), PS_SWAP_ROUNDS (8).
 */
import { cpSync, rmSync } from 'node:fs';
import { expect } from 'vitest';
import { libraryOf, realVocabularyOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';
import { type Browser, EXTENSION_DIR, launch, type Served, serve, tempDir } from '../e2e/harness';
import { median } from '../e2e/page-timing';
import { indexSettled } from '../e2e/settled';

export const BUILDS = (process.env.PS_SWAP_BUILDS ?? '').split(',').filter(Boolean);
export const N = Number(process.env.PS_SWAP_N ?? 100_000);
export const ROUNDS = Number(process.env.PS_SWAP_ROUNDS ?? 8);
export const REAL = (process.env.PS_SWAP_VOCABULARY ?? 'real') === 'real';
/** A paper a third of the way in, with words no other paper has (the typed comparison's target). */
export const TARGET = 'arxiv:2301.00003';

const use = (dir: string) => {
  rmSync(EXTENSION_DIR, { recursive: true, force: true });
  cpSync(dir, EXTENSION_DIR, { recursive: true });
};

export interface SwapLibrary {
  served: Served;
  /** Closes the browser open now, copies `dir` in and launches it on the library's profile. */
  launchBuild(dir: string): Promise<Browser>;
  close(): Promise<void>;
}

/** The library (N papers + one star since the index was built, as the scale bench has), in the first build. */
export async function swapLibrary(): Promise<SwapLibrary> {
  expect(BUILDS.length, 'PS_SWAP_BUILDS: two or more built chrome-mv3 directories, comma-separated').toBeGreaterThan(1);
  use(BUILDS[0] as string);
  const served = await serve({}, tempDir('ps-cert-'));
  const profile = tempDir('ps-swap-profile-');
  let b: Browser = await launch(served.port, undefined, { profile });
  const page = await b.openPopup();
  const papers = (REAL ? realVocabularyOf : libraryOf)(loadSeed(), N);
  const at = Math.floor(N / 3);
  papers[at] = {
    ...(papers[at] as (typeof papers)[number]),
    id: TARGET,
    title: 'Tardigrade Cryptobiosis Under Simulated Martian Regolith Conditions',
    url: 'https://arxiv.org/abs/2301.00003',
  };
  for (let from = 0; from < papers.length; from += 10_000)
    await b.send(page, 'importPapers', { papers: papers.slice(from, from + 10_000) });
  await indexSettled(page);
  // One change since the build (a shard the views read again), as the scale bench has.
  await b.send(page, 'setStarred', { id: (papers[10] as { id: string }).id, starred: true });
  await page.close();
  return {
    served,
    async launchBuild(dir) {
      await b.close();
      use(dir);
      b = await launch(served.port, undefined, { profile });
      return b;
    },
    async close() {
      await b.close();
      await served.close();
    },
  };
}

/** Each build's opens in turn, the order alternating by round; `open` times one (numbers by name). */
export async function swapRounds(
  lib: SwapLibrary,
  bench: string,
  open: (b: Browser) => Promise<Record<string, number | string>>,
): Promise<void> {
  const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ bench, ...o })}\n`);
  const runs = new Map(BUILDS.map((d) => [d, [] as Record<string, number | string>[]]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const dir of round % 2 ? [...BUILDS].reverse() : BUILDS) {
      const run = await open(await lib.launchBuild(dir));
      runs.get(dir)?.push(run);
      emit({ build: dir, round, ...run });
    }
  }
  for (const [dir, rs] of runs) {
    // Each number's median over the opens that have it (an open may time one thing of several).
    const medians: Record<string, number> = {};
    for (const k of new Set(rs.flatMap((r) => Object.keys(r)))) {
      const xs = rs.map((r) => r[k]).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
      if (xs.length) medians[`${k}_median_ms`] = median(xs);
    }
    emit({ build: dir, opens: rs.length, ...medians, n: N + 1, vocabulary: REAL ? 'real' : 'seed-mix' });
  }
}
