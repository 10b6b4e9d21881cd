import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { type AskHeld, heldFirst } from '../../lib/library/held-reads';
import { createClient, type Envelope } from '../../lib/library/messages';
import { answerPageEntries, readNotSaved } from '../../lib/library/page-protocol';
import { type ChangeEvent, loadSettings, loadSnapshot, watchLibrary } from '../../lib/library/reader';
import { KEY } from '../../lib/library/schema';
import { onFeedHost } from '../../lib/library/site-access';
import { FEED_MATCHES } from '../../lib/sites/matches';
import { FeedOverlay } from './overlay';

const RESCAN_MS = 120;
const RESCAN_MAX_MS = 2000;

// The feed overlay (DESIGN.md "User-visible contract on feed pages"). Runs only on the supported feed hosts.
export default defineContentScript({
  matches: FEED_MATCHES,
  runAt: 'document_idle',
  // WXT announces each start with a window message naming the extension's id (a page could read it and replay it):
  // not sent. Its document event can still be replayed by a page that knows the id, so the overlay's lifetime is its
  // own (below), not WXT's context.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    // The overlay lives while this extension instance does: it stops when the extension is updated, reloaded or
    // removed (this script then has no runtime), never because a page dispatched an event.
    const life = new AbortController();
    const alive = () => !life.signal.aborted && !!browser.runtime?.id;
    ctx.onInvalidated(() => {
      if (!browser.runtime?.id) life.abort();
    });
    // Once per page: on a granted site the popup may inject this script into a page that already has it. The mark
    // lives in the content script's own world (pages cannot set it) and dies with the extension instance.
    const running = globalThis as { papershelfOverlay?: { isInvalid: boolean } };
    if (running.papershelfOverlay && !running.papershelfOverlay.isInvalid) return;
    running.papershelfOverlay = {
      get isInvalid() {
        return !alive();
      },
    };
    const call = createClient((m: Envelope) => browser.runtime.sendMessage(m));
    // After a browser restart this page's own read can wait seconds behind the library's first write: when it has
    // not answered in ASK_AFTER_MS the background is asked for the settings it holds (messages.ts feedSettings), the
    // same race as the views' reads (held-reads.ts). A read that answers at once sends no message.
    const askSettings: AskHeld = async (keys) =>
      keys.length === 1 && keys[0] === KEY.settings ? { [KEY.settings]: await call('feedSettings', {}) } : undefined;
    const settings = await loadSettings(heldFirst(browser.storage.local, askSettings));
    if (!settings.overlay || !alive()) return;
    let tags: Promise<string[]> | undefined;
    const overlay = new FeedOverlay({
      call,
      // All tags in the library, for completion: read once, on the first tag edit.
      loadTags: () => {
        tags ??= loadSnapshot(browser.storage.local).then((s) =>
          [...new Set([...s.papers.values()].flatMap((p) => p.tags))].sort(),
        );
        return tags;
      },
      now: () => new Date(),
      shortcuts: settings.shortcuts,
      hideSeen: settings.hideSeenByDefault,
      hideSeenKeeps: settings.hideSeenKeeps,
      barCollapsed: settings.barCollapsed,
      tagColors: settings.tagColors,
      copy: (text) => navigator.clipboard.writeText(text),
      anyLinks: !onFeedHost(location.href),
      forYou: settings.forYou,
    });
    overlay.setDisabledSites(settings.disabledSites);
    overlay.scan();

    const stopWatching = watchLibrary(browser.storage.onChanged as unknown as ChangeEvent, (change) => {
      if (change.upserted.length) tags = undefined;
      if (change.settings) {
        overlay.setShortcuts(change.settings.shortcuts);
        overlay.setSeenKeeps(change.settings.hideSeenKeeps);
        overlay.setBarCollapsed(change.settings.barCollapsed);
        overlay.setTagColors(change.settings.tagColors);
        overlay.setDisabledSites(change.settings.disabledSites);
        overlay.setForYou(change.settings.forYou);
      }
      overlay.applyChange(change);
    });
    document.addEventListener('keydown', overlay.onKeyDown, { signal: life.signal });
    // What was on screen counts only while the tab is: a hidden tab sends what it has and pauses.
    document.addEventListener('visibilitychange', () => overlay.onVisibility(), { signal: life.signal });
    window.addEventListener('pagehide', () => overlay.onVisibility(), { signal: life.signal });
    // The popup asks which papers this page shows ("On this page"); only this extension may ask. The background may
    // say the visit was not saved after all (its answer came before its write was stored).
    const onMessage = (message: unknown, sender: { id?: string }) => {
      const error = readNotSaved(message, sender, browser.runtime.id);
      if (error !== undefined) return void overlay.notSaved(error);
      return answerPageEntries(message, sender, browser.runtime.id, () => overlay.ids());
    };
    browser.runtime.onMessage.addListener(onMessage);
    // Client-side navigation (HF between days and tabs): entries of the old view go, the new view's come. The
    // address is checked on history events and once a second (pushState fires no event a content script sees).
    let href = location.href;
    const onAddress = () => {
      if (!alive()) return life.abort();
      if (location.href === href) return;
      href = location.href;
      overlay.scan();
    };
    window.addEventListener('popstate', onAddress, { signal: life.signal });
    const addressTimer = setInterval(onAddress, 1000);
    life.signal.addEventListener('abort', () => clearInterval(addressTimer));

    // Entries added later (infinite scroll, "show more", hydration): one rescan per burst of page mutations. A page
    // that churns without adding entries (a ticker, a clock) backs the rescans off, up to one every 2 s; a rescan
    // that finds something brings them back to 120 ms.
    let pending = false;
    let delay = RESCAN_MS;
    const observer = new MutationObserver((records) => {
      if (pending) return;
      const pageChanged = records.some((r) =>
        [...r.addedNodes, ...r.removedNodes].some((n) => !overlay.isOurs(n) && n.nodeType === Node.ELEMENT_NODE),
      );
      if (!pageChanged) return;
      pending = true;
      setTimeout(() => {
        if (!alive()) return;
        pending = false;
        delay = overlay.scan() ? RESCAN_MS : Math.min(delay * 2, RESCAN_MAX_MS);
      }, delay);
    });
    observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true });

    life.signal.addEventListener('abort', () => {
      browser.runtime.onMessage.removeListener(onMessage);
      observer.disconnect();
      stopWatching();
      overlay.destroy();
    });
  },
});
