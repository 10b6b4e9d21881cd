/**
 * Two (or more) builds compared on one library, launched in turn: the cold popup's typed answer (issue 12). A single
 * run of the scale bench moves ±30–50 ms from one browser launch to the next (our first script runs 46–140 ms after
 * navigation start on this machine), so a few milliseconds of difference between builds only show in pairs measured
 * together. After each restart the popup opens with a query typed at focus and the paper's row becoming the top one is
 * timed (page-timing.ts popupTypedOpen, as the scale bench times it).
 *
 *   npm run build && cp -r .output/chrome-mv3 /tmp/a   # one build, then change the code and build the other
 *   PS_SWAP_BUILDS=/tmp/a,/tmp/b npm run bench:swap
 *
 * Settings in ./swap-library.ts. Prints one JSON line per open and one per build; leaves the last build in
 * .output/chrome-mv3.
 */
import { it } from 'vitest';
import { markAt, popupTypedOpen } from '../e2e/page-timing';
import { swapLibrary, swapRounds, TARGET } from './swap-library';

const QUERY = 'tardigrad cryptobiosus';

it('cold popup, a query typed at once: builds compared on one library', async () => {
  const lib = await swapLibrary();
  await swapRounds(lib, 'swap-cold-typed', async (b) => {
    // `hit` is the paper's row presented as the top row (as the scale bench times it); `hitCommit`, the page's own
    // mark of it, is what this file reported as `hit` before it shared the scale bench's opener.
    const { typed, hit, hitCommit, marks } = await popupTypedOpen(b, QUERY, TARGET);
    return { hit, hitCommit, fromScript: hit - markAt(marks, 'ps:early'), afterTyped: Math.round(hit - typed), marks };
  });
  await lib.close();
}, 3_600_000);
