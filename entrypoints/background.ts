import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { Library } from '../lib/library/library';
import { createRouter, type SenderInfo } from '../lib/library/messages';
import { consoleLog } from '../lib/library/storage-area';

// The single writer of storage (DESIGN.md): every change arrives here as a checked message.
export default defineBackground(() => {
  const library = new Library(browser.storage.local, consoleLog);
  const action = browser.action ?? browser.browserAction; // MV3 Chrome / MV2 Firefox
  const route = createRouter(library, {
    extensionId: browser.runtime.id,
    log: consoleLog,
    setBadge: (tabId, text) => {
      action.setBadgeText({ tabId, text }).catch(() => {}); // the tab may be gone
      action.setBadgeBackgroundColor({ tabId, color: '#b8860b' }).catch(() => {});
    },
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: SenderInfo) => route(message, sender));
});
