/**
 * Builds compared on one library, launched in turn (./swap-library.ts): the cold popup's first rows and its typed
 * answer, timed as the scale bench times them (issue 12: the typed hit ≤ 50 ms after the first rows). Rounds
 * alternate between opens with the first rows alone and opens with a query typed at focus (every build does the same
 * kind in a round). First rows: the first paper row's presentation (Element Timing), from navigation start; hit: the
 * paper's row presented, once it is the top row.
 *
 *   PS_SWAP_BUILDS=/tmp/a,/tmp/b npm run bench:swap -- tests/swap/cold-popup.swap.ts
 */
import { it } from 'vitest';
import { devtoolsPoll, FIRST_PAINTED, markAt, openTimed, popupTypedOpen, psMarks } from '../e2e/page-timing';
import { BUILDS, swapLibrary, swapRounds, TARGET } from './swap-library';

const QUERY = 'tardigrad cryptobiosus';

it('cold popup, first rows and a query typed at once: builds compared on one library', async () => {
  const lib = await swapLibrary();
  let opened = 0;
  await swapRounds(lib, 'swap-cold-popup', async (b): Promise<Record<string, number | string>> => {
    const typed = Math.floor(opened++ / BUILDS.length) % 2 === 1;
    if (typed) {
      const { hit, marks } = await popupTypedOpen(b, QUERY, TARGET);
      return { hit, hitFromScript: hit - markAt(marks, 'ps:early'), marks };
    }
    const { page, cdp } = await openTimed(b, 'popup.html');
    const first = Number(await devtoolsPoll(cdp, FIRST_PAINTED));
    await cdp.detach();
    const marks = await psMarks(page);
    await page.close();
    return { first, firstFromScript: first - markAt(marks, 'ps:early'), marks };
  });
  await lib.close();
}, 3_600_000);
