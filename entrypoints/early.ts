/**
 * The popup's and the library page's early reads (lib/library/early.ts), as a classic script their HTML loads in
 * its head (`<script src="/early.js">`): it runs during the parse, before any module script. It uses the
 * browser's own promise API (chrome.storage in Chrome MV3, browser.storage in Firefox), not the polyfill, to stay
 * small.
 */
import { startEarlyReads } from '../lib/library/early';
import { askOver, heldFirst } from '../lib/library/held-reads';
import { indexedDbStore } from '../lib/library/index-db';
import type { StorageArea } from '../lib/library/storage-area';

type Api = {
  storage?: { local?: Pick<StorageArea, 'get'> };
  runtime?: { sendMessage?: (message: unknown) => Promise<unknown> };
};

export default defineUnlistedScript(() => {
  const g = globalThis as unknown as { browser?: Api; chrome?: Api };
  const api = g.browser?.storage?.local ? g.browser : g.chrome;
  const local = api?.storage?.local;
  const runtime = api?.runtime;
  if (!local) return;
  // Raced with the background's answer from what it holds as stored (lib/library/held-reads.ts).
  const send = runtime?.sendMessage?.bind(runtime);
  startEarlyReads(send ? heldFirst(local, askOver(send)) : local, indexedDbStore());
});
