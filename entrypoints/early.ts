/**
 * The popup's and the library page's early reads (lib/library/early.ts), as a classic script their HTML loads in
 * its head (`<script src="/early.js">`): it runs during the parse, before any module script. It uses the
 * browser's own promise API (chrome.storage in Chrome MV3, browser.storage in Firefox), not the polyfill, to stay
 * small.
 */
import { startEarlyReads } from '../lib/library/early';
import { indexedDbStore } from '../lib/library/index-db';
import type { StorageArea } from '../lib/library/storage-area';

type Api = { storage?: { local?: Pick<StorageArea, 'get'> } };

export default defineUnlistedScript(() => {
  const g = globalThis as unknown as { browser?: Api; chrome?: Api };
  const local = g.browser?.storage?.local ?? g.chrome?.storage?.local;
  if (local) startEarlyReads(local, indexedDbStore());
});
