/**
 * Two (or more) builds compared on one library, launched in turn: the cold popup's typed answer (issue 12). A single
 * run of the scale bench moves ±30–50 ms from one browser launch to the next (our first script runs 46–140 ms after
 * navigation start on this machine), so a few milliseconds of difference between builds only show in pairs measured
 * together. This builds one library in one profile, then for each round copies each build into the extension
 * directory the harness loads (the profile's extension id stays the same), restarts the browser, opens the popup
 * with a query typed at focus (as the scale bench does) and times the paper's row becoming the top one.
 *
 *   npm run build && cp -r .output/chrome-mv3 /tmp/a   # one build, then change the code and build the other
 *   PS_SWAP_BUILDS=/tmp/a,/tmp/b npm run bench:swap
 *
 * PS_SWAP_N (papers, 100000), PS_SWAP_VOCABULARY (real | seed-mix, real), PS_SWAP_ROUNDS (8). Prints one JSON line per
 * open and one per build; leaves the last build in .output/chrome-mv3.
 */
import { cpSync, rmSync } from 'node:fs';
import { expect, it } from 'vitest';
import { libraryOf, realVocabularyOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';
import { type Browser, EXTENSION_DIR, launch, serve, tempDir } from '../e2e/harness';
import { devtoolsPoll, median, psMarks, topRowOf, typeAtFocus } from '../e2e/page-timing';
import { indexSettled } from '../e2e/settled';

const BUILDS = (process.env.PS_SWAP_BUILDS ?? '').split(',').filter(Boolean);
const N = Number(process.env.PS_SWAP_N ?? 100_000);
const ROUNDS = Number(process.env.PS_SWAP_ROUNDS ?? 8);
const REAL = (process.env.PS_SWAP_VOCABULARY ?? 'real') === 'real';
const QUERY = 'tardigrad cryptobiosus';
const TARGET = 'arxiv:2301.00003';

const use = (dir: string) => {
  rmSync(EXTENSION_DIR, { recursive: true, force: true });
  cpSync(dir, EXTENSION_DIR, { recursive: true });
};
const emit = (o: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ bench: 'swap-cold-typed', ...o })}\n`);

it('cold popup, a query typed at once: builds compared on one library', async () => {
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
  const runs = new Map(BUILDS.map((d) => [d, [] as { hit: number; fromScript: number; afterTyped: number }[]]));
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which build goes first.
    for (const dir of round % 2 ? [...BUILDS].reverse() : BUILDS) {
      await b.close();
      use(dir);
      b = await launch(served.port, undefined, { profile });
      const p = await b.context.newPage();
      await typeAtFocus(p, QUERY);
      // Read through DevTools while the popup opens: Playwright's own polling would compile its scripts in the page.
      const cdp = await b.context.newCDPSession(p);
      await p.goto(`chrome-extension://${b.extensionId}/popup.html`, { waitUntil: 'commit' });
      const hit = Number(await devtoolsPoll(cdp, topRowOf(TARGET)));
      await cdp.detach();
      const typed = await p.evaluate(() => (window as unknown as { __typed: number }).__typed);
      const marks = await psMarks(p);
      const script = Number(/ps:early@(\d+)/.exec(marks)?.[1]);
      const run = { hit, fromScript: hit - script, afterTyped: Math.round(hit - typed) };
      runs.get(dir)?.push(run);
      emit({ build: dir, round, ...run, marks });
      await p.close();
    }
  }
  for (const [dir, rs] of runs) {
    emit({
      build: dir,
      opens: rs.length,
      hit_median_ms: median(rs.map((r) => r.hit)),
      hit_from_first_script_median_ms: median(rs.map((r) => r.fromScript)),
      hit_after_typed_median_ms: median(rs.map((r) => r.afterTyped)),
      n: N + 1,
      vocabulary: REAL ? 'real' : 'seed-mix',
    });
  }
  await b.close();
  await served.close();
}, 3_600_000);
