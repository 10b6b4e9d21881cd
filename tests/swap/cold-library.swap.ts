/**
 * Builds compared on one library, launched in turn (./swap-library.ts): the library page's first rows after a
 * browser restart (issue 12: ≤ 300 ms at 50,000 and 100,000 papers), at 1400 × 900 as the scale bench opens it.
 * First rows: the first paper row's presentation (Element Timing), from navigation start; the page's own mark of
 * the frame (`data-first-rows-ms`) beside it.
 *
 *   PS_SWAP_BUILDS=/tmp/a,/tmp/b npm run bench:swap -- tests/swap/cold-library.swap.ts
 */
import { it } from 'vitest';
import { devtoolsPoll, FIRST_PAINTED, PAINTS, psMarks } from '../e2e/page-timing';
import { swapLibrary, swapRounds } from './swap-library';

it('cold library page, first rows: builds compared on one library', async () => {
  const lib = await swapLibrary();
  await swapRounds(lib, 'swap-cold-library', async (b) => {
    const p = await b.context.newPage();
    await p.setViewportSize({ width: 1400, height: 900 });
    await p.addInitScript(PAINTS);
    const cdp = await b.context.newCDPSession(p);
    await p.goto(`chrome-extension://${b.extensionId}/library.html`, { waitUntil: 'commit' });
    // Nothing asked of the page while it loads (as the scale bench: a DevTools evaluation runs on its main thread).
    await new Promise((ok) => setTimeout(ok, 2_500));
    const first = Number(await devtoolsPoll(cdp, FIRST_PAINTED, 60_000, 250));
    const commit = Number(await devtoolsPoll(cdp, 'document.documentElement.dataset.firstRowsMs', 60_000, 250));
    await cdp.detach();
    const marks = await psMarks(p);
    const script = Number(/ps:early@(\d+)/.exec(marks)?.[1]);
    await p.close();
    return { first, commit, fromScript: first - script, marks };
  });
  await lib.close();
}, 3_600_000);
