/**
 * Builds compared on one library, launched in turn (./swap-library.ts): the library page's first rows after a
 * browser restart (issue 12: ≤ 300 ms at 50,000 and 100,000 papers), opened as the scale bench opens it
 * (page-timing.ts libraryOpen). First rows: the first paper row's presentation (Element Timing), from navigation
 * start; the page's own mark of the frame (`data-first-rows-ms`) beside it.
 *
 *   PS_SWAP_BUILDS=/tmp/a,/tmp/b npm run bench:swap -- tests/swap/cold-library.swap.ts
 */
import { it } from 'vitest';
import { libraryOpen, markAt, psMarks } from '../e2e/page-timing';
import { swapLibrary, swapRounds } from './swap-library';

it('cold library page, first rows: builds compared on one library', async () => {
  const lib = await swapLibrary();
  await swapRounds(lib, 'swap-cold-library', async (b) => {
    const { page, first, commit } = await libraryOpen(b);
    const marks = await psMarks(page);
    await page.close();
    return { first, commit, fromScript: first - markAt(marks, 'ps:early'), marks };
  });
  await lib.close();
}, 3_600_000);
