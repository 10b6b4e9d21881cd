/** Waiting for the background's search index in e2e runs (the scale benchmark and the 50,000-paper library test). */
import type { Page } from 'playwright-core';
import { needsRebuild, readStamp } from '../../lib/library/index-store';
import { readMeta } from '../../lib/library/schema';

/**
 * The background has built the search index for the library as it now is: the stamp exists and the background
 * would not build again (lib/library/index-store.ts needsRebuild). Returns how long its last build took.
 */
export async function indexSettled(page: Page): Promise<number | undefined> {
  const read = () =>
    page.evaluate(async () => {
      const meta = (await chrome.storage.local.get('meta')).meta;
      const stamp = await new Promise<unknown>((resolve) => {
        // At whatever version it is (lib/library/index-db.ts upgrades it), closed at once: an open connection
        // would hold up the extension's upgrade.
        const req = indexedDB.open('papershelf-index');
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('index')) {
            db.close();
            return resolve(undefined);
          }
          const get = db.transaction('index').objectStore('index').get('stamp');
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => resolve(undefined);
          db.close();
        };
        req.onerror = () => resolve(undefined);
      });
      return { meta, stamp };
    });
  for (let i = 0; i < 600; i++) {
    const { meta, stamp } = await read();
    const s = readStamp(stamp);
    if (s && !needsRebuild(readMeta(meta), s)) return s.buildMs;
    await page.waitForTimeout(500);
  }
  throw new Error('the search index was not built within 5 minutes');
}

/**
 * The first `n` result rows' paper ids once the popup's answer has settled. A typed query is answered in steps (the
 * first rows, the quick search's answer, the whole index's, then again as the shown rows' abstracts arrive and rank
 * them by their snippets): the index is open (its "ps:indexed" mark) and the ids read the same three times in a row,
 * 250 ms apart. A fixed wait after the first rows read a step before the last on a slow machine (CI, stop 48).
 */
export async function settledRowIds(page: Page, n: number): Promise<string[]> {
  const rows = page.locator('[role="row"][data-paper-id]');
  const ids = async () =>
    (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-paper-id') ?? ''))).slice(0, n).join(' ');
  let last = '';
  let same = 0;
  for (let i = 0; i < 120; i++) {
    const open = await page.evaluate(() => performance.getEntriesByName('ps:indexed').length > 0);
    const now = await ids();
    same = open && now !== '' && now === last ? same + 1 : 0;
    if (same === 2) return now.split(' ');
    last = now;
    await page.waitForTimeout(250);
  }
  throw new Error(`the popup's rows did not settle within 30 s (last: ${last})`);
}
