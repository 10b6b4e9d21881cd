import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { S2_ORIGIN } from '../lib/enrich/index';
import { BACKUP_ALARM, type BackupEnv, runBackup, syncBackupAlarm } from '../lib/library/backup';
import { PAPER_LINK_PATTERNS, paperFromLink } from '../lib/library/context-menu';
import { indexedDbStore } from '../lib/library/index-db';
import { repairIndex } from '../lib/library/index-repair';
import { holdViewKeys, refreshIndex } from '../lib/library/index-store';
import { InterestKeeper, indexedDbInterestStore } from '../lib/library/interest-keeper';
import { Library } from '../lib/library/library';
import { createRouter, type SenderInfo } from '../lib/library/messages';
import { readAllPapers } from '../lib/library/migrations';
import { notSavedMessage } from '../lib/library/page-protocol';
import { CONTENT_SCRIPT_FILE, type ScriptingApi, syncUserSites, userSites } from '../lib/library/site-access';
import { consoleLog } from '../lib/library/storage-area';
import { StoredMirror } from '../lib/library/stored-mirror';
import { type SyncArea, syncOnce } from '../lib/library/sync';
import { openedPaper } from '../lib/paper/opens';

/**
 * Writes settle this long before the search index is checked: a feed visit is several writes while its page is
 * still mounting controls, and a rebuild then would compete with the page for the CPU (on 2 cores it lengthened
 * the flood page's longest stall). Views opened meanwhile read the few shards written since.
 */
const INDEX_DELAY_MS = 4_000;

/** A delete's abstracts are swept (lib/library/store.ts sweepAbstracts) once writes settle, a shard at a time with
 * this pause between shards: each is its own short write, so a star or a feed's sightings never wait long. */
const SWEEP_DELAY_MS = 5_000;
const SWEEP_PAUSE_MS = 20;

// The single writer of storage (DESIGN.md): every change arrives here as a checked message.
export default defineBackground(() => {
  const library = new Library(browser.storage.local, consoleLog);
  // The persisted search index views load at open (issue 12): refreshed a moment after writes settle, and at start.
  // A feed visit whose turn waits on a write not yet stored is answered from it (lib/library/visit-peek.ts).
  const indexDb = indexedDbStore();
  library.peekIndex = indexDb;
  const staleShards = library.holdStaleShards().catch((e: unknown) => {
    consoleLog('warn', `stale shards not read ahead: ${String(e)}`);
    return {};
  });
  // What views read at open, held as stored (lib/library/stored-mirror.ts): read now (the stale shards as the
  // library read them), then followed by onChanged.
  const mirror = new StoredMirror();
  holdViewKeys(mirror, browser.storage.local, staleShards).catch((e: unknown) =>
    consoleLog('warn', `view keys not held: ${String(e)}`),
  );
  let indexTimer: ReturnType<typeof setTimeout> | undefined;
  const checkedBuilds = new Set<string>();
  let indexing: Promise<unknown> = Promise.resolve();
  const scheduleIndex = (delay = INDEX_DELAY_MS) => {
    clearTimeout(indexTimer);
    indexTimer = setTimeout(() => {
      indexing = indexing
        .then(() => refreshIndex(browser.storage.local, indexDb, consoleLog))
        .catch((e: unknown) => consoleLog('warn', `search index: ${String(e)}`));
    }, delay);
  };
  // The for-you model (issue 16): its persisted state, loaded when first asked or a moment after writes settle, then
  // changed by each commit's papers.
  const interest = new InterestKeeper(library, indexedDbInterestStore(), consoleLog);
  let sweepTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleSweep = () => {
    clearTimeout(sweepTimer);
    sweepTimer = setTimeout(function next() {
      library.sweepAbstracts().then(
        (left) => {
          if (left > 0) sweepTimer = setTimeout(next, SWEEP_PAUSE_MS);
        },
        (e: unknown) => consoleLog('warn', `sweeping deleted abstracts: ${String(e)}`),
      );
    }, SWEEP_DELAY_MS);
  };
  library.onCommit = (change) => {
    scheduleIndex();
    interest.onCommit(change);
    if (change?.removed.length) scheduleSweep();
  };
  scheduleIndex(0);
  scheduleSweep(); // one left unfinished when the worker stopped
  const action = browser.action ?? browser.browserAction; // MV3 Chrome / MV2 Firefox
  // Sites the user granted beyond the feeds: one registered content script matching exactly those sites, kept
  // in step with the host permissions (granted in the popup, revocable there or in the browser's settings).
  let sitesQueue: Promise<unknown> = Promise.resolve();
  const syncSites = () => {
    sitesQueue = sitesQueue
      .then(async () => {
        const { origins = [] } = await browser.permissions.getAll();
        const sites = await syncUserSites(origins, browser.scripting as unknown as ScriptingApi);
        consoleLog('info', `overlay on granted sites: ${sites.length ? sites.join(', ') : 'none'}`);
      })
      .catch((e: unknown) => consoleLog('warn', `granted sites: ${String(e)}`));
    return sitesQueue;
  };
  void syncSites();
  browser.permissions.onRemoved.addListener(() => void syncSites());

  // A site just granted: the overlay starts in its open tabs at once (no reload), then with every page load.
  const runOnSites = async (origins: string[]) => {
    const sites = userSites(origins);
    if (!sites.length) return;
    for (const tab of await browser.tabs.query({ url: sites })) {
      if (tab.id === undefined) continue;
      await browser.scripting
        .executeScript({ target: { tabId: tab.id }, files: [CONTENT_SCRIPT_FILE] })
        .catch((e: unknown) => consoleLog('warn', `overlay in tab ${tab.id}: ${String(e)}`));
    }
  };

  const route = createRouter(library, {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    log: consoleLog,
    setBadge: (tabId, text) => {
      action.setBadgeText({ tabId, text }).catch(() => {}); // the tab may be gone
      action.setBadgeBackgroundColor({ tabId, color: '#b8860b' }).catch(() => {});
    },
    // "Complete metadata" (issue 15): only when the user asks. No cookies, no referrer: the sources learn the ids and
    // titles asked about, nothing else.
    enrich: {
      fetch: (url, init) =>
        fetch(url, { ...init, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' }),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
      s2Allowed: () => browser.permissions.contains({ origins: [S2_ORIGIN] }),
      last: {},
    },
    interest,
    mirror,
    // A view met a lost or damaged piece of the index: checked (once per build), rebuilt if so, in the build queue.
    repairIndex: (build) => {
      const done = indexing.then(() => repairIndex(browser.storage.local, indexDb, consoleLog, build, checkedBuilds));
      indexing = done.catch((e: unknown) => consoleLog('warn', `search index repair: ${String(e)}`));
      return done;
    },
    // A feed visit answered before its write was stored, whose write then failed: that page says "not saved".
    notSaved: ({ tabId, frameId, documentId }, error) => {
      const to = documentId ? { frameId, documentId } : { frameId };
      browser.tabs.sendMessage(tabId, notSavedMessage(error), to).catch(() => {}); // the page may be gone
    },
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: SenderInfo) => route(message, sender));

  // Every paper the user opens is remembered (issue 14.9): a tab that finished loading a paper's own page or PDF on a
  // host this extension may read (the feed hosts, and sites the user granted). A reload of the same paper in the same
  // tab within half an hour is the same visit.
  const lastOpened = new Map<number, { id: string; at: number }>();
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status !== 'complete') return;
    const opened = openedPaper(tab.url);
    if (!opened) return;
    const before = lastOpened.get(tabId);
    const now = Date.now();
    if (before?.id === opened.id && now - before.at < 30 * 60_000) return;
    lastOpened.set(tabId, { id: opened.id, at: now });
    library
      .recordOpened(opened.id, opened.site, `opened:${tabId}`)
      .catch((e: unknown) => consoleLog('warn', `opened paper not recorded: ${String(e)}`));
  });
  browser.tabs.onRemoved.addListener((tabId) => lastOpened.delete(tabId));

  // Optional weekly backup: downloads is an optional permission, granted when the user turns the backup on; the
  // schedule (alarms) exists only while it is granted.
  const backupEnv = (): BackupEnv => ({
    alarms: browser.downloads ? browser.alarms : undefined,
    download: async (filename, url) => {
      await browser.downloads.download({ url, filename, saveAs: false, conflictAction: 'uniquify' });
    },
    readAll: async () =>
      (await readAllPapers(browser.storage.local, consoleLog)).map(({ v: _v, shard: _s, ...paper }) => paper),
    readSettings: () => library.getSettings(),
    now: () => new Date(),
  });
  const scheduleBackup = () =>
    library
      .getSettings()
      .then((settings) => syncBackupAlarm(settings, backupEnv()))
      .catch((e: unknown) => consoleLog('warn', `backup schedule: ${String(e)}`));
  const weeklyBackup = async () => {
    if (!browser.downloads || !(await library.getSettings()).backupWeekly) return;
    const done = await runBackup(backupEnv());
    consoleLog('info', `weekly backup: ${done.filename}, ${done.papers} papers`);
    await library.setSettings({ lastBackup: new Date().toISOString() });
  };
  void scheduleBackup();
  browser.permissions.onAdded.addListener((added) => {
    void scheduleBackup();
    void syncSites().then(() => runOnSites(added.origins ?? []));
  });

  // ── sync (off by default): a round at start, when another device writes, and after local changes ──────────
  const SYNC_AREA = browser.storage.sync as unknown as SyncArea | undefined;
  let syncTimer: ReturnType<typeof setTimeout> | undefined;
  let syncing: Promise<void> = Promise.resolve();
  const syncRound = () => {
    syncing = syncing.then(async () => {
      const settings = await library.getSettings();
      if (!settings.sync || !SYNC_AREA) return;
      try {
        const local = {
          entries: (ids: string[]) => library.syncEntries(ids),
          apply: (entries: Parameters<typeof library.applySynced>[0]) => library.applySynced(entries),
        };
        const r = await syncOnce(local, SYNC_AREA, new Date());
        await library.setSyncStatus({ at: new Date().toISOString(), synced: r.synced, omitted: r.omitted });
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        consoleLog('warn', `sync: ${error}`);
        await library.setSyncStatus({ at: new Date().toISOString(), synced: 0, omitted: 0, error });
      }
    });
    return syncing;
  };
  const syncSoon = (ms: number) => {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(() => void syncRound(), ms);
  };
  void syncRound();

  // ── pruning of old history (settings; off by default): once a day, and when the limits change ────────────
  const PRUNE_ALARM = 'papershelf-prune';
  const prune = () =>
    library
      .getSettings()
      .then(async ({ pruneKeep, pruneDays }) => {
        if (!pruneKeep && !pruneDays) return;
        const r = await library.prune(pruneKeep, pruneDays);
        if (r.deleted) consoleLog('info', `pruned ${r.deleted} papers from the reading history`);
      })
      .catch((e: unknown) => consoleLog('warn', `prune: ${String(e)}`));
  // Created once: creating it at every worker start would push its first run back each time.
  browser.alarms.get(PRUNE_ALARM).then((found) => {
    if (!found) void browser.alarms.create(PRUNE_ALARM, { periodInMinutes: 24 * 60, delayInMinutes: 5 });
  });

  // One listener each for alarms and storage changes, dispatching to the parts above.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BACKUP_ALARM)
      void weeklyBackup().catch((e: unknown) => consoleLog('warn', `backup: ${String(e)}`));
    else if (alarm.name === PRUNE_ALARM) void prune();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync') {
      if (Object.keys(changes).some((k) => k.startsWith('ps:'))) syncSoon(1_000);
      return;
    }
    if (area !== 'local') return;
    mirror.told(changes);
    if (changes.settings) {
      library.settingsStored(changes.settings.newValue);
      void scheduleBackup();
      syncSoon(100);
      const next = changes.settings.newValue as { pruneKeep?: number; pruneDays?: number } | undefined;
      const prev = changes.settings.oldValue as { pruneKeep?: number; pruneDays?: number } | undefined;
      if (next && (next.pruneKeep !== prev?.pruneKeep || next.pruneDays !== prev?.pruneDays)) void prune();
    } else if (Object.keys(changes).some((k) => k.startsWith('p:'))) {
      syncSoon(10_000);
    }
  });

  // ── "Star this paper" on links to paper pages ─────────────────────────────────────────────────────────────
  const menus = browser.contextMenus;
  browser.runtime.onInstalled.addListener(() => {
    menus.removeAll().then(() =>
      menus.create({
        id: 'papershelf-star-link',
        title: browser.i18n.getMessage('starThisPaper') || 'Star this paper',
        contexts: ['link'],
        targetUrlPatterns: PAPER_LINK_PATTERNS,
      }),
    );
  });
  menus.onClicked.addListener((info) => {
    if (info.menuItemId !== 'papershelf-star-link' || !info.linkUrl) return;
    const paper = paperFromLink(info.linkUrl, (info as { linkText?: string }).linkText);
    if (!paper) return;
    library.setStarred(paper.id, true, paper).catch((e: unknown) => consoleLog('warn', `star from menu: ${String(e)}`));
  });
});
