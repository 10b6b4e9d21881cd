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
