/**
 * Preact hooks of the one read side (issue 12), used by the popup and the library page alike: the head for the
 * first paint, the library index (persisted base + stale shards, lib/library/client.ts), live changes applied
 * paper by paper, settings, the Undo state, and optimistic changes that roll back when the write fails. The
 * entrypoint passes in its storage, index database and change event; components never see them.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { QuickSearch } from './base-reads';
import { type LibraryIndex, openLibraryIndex } from './client';
import { takeEarlyReads } from './early';
import type { IndexDb } from './index-db';
import { mark } from './marks';
import { createOptimistic, type Optimistic } from './optimistic';
import { type ChangeEvent, type LibraryChange, loadHead, loadSettings, watchLibrary } from './reader';
import { KEY, readHead, readOnlyNotice, readSyncStatus, type SnapEntry, type SyncStatus } from './schema';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import type { StorageArea } from './storage-area';

export { useSearch } from './search-hook';

/** How long after the index opens the popup reads the abstracts' postings (after a query typed at once). */
const ABSTRACTS_AFTER_MS = 250;
/** How long after the index opens a long-lived view (the library page) starts reading every post block. */
const BLOCKS_AFTER_MS = 2_000;

export interface ReadEnv {
  storage: Pick<StorageArea, 'get'>;
  db?: Pick<IndexDb, 'get' | 'getChunks' | 'getPosts'>;
  onChanged: ChangeEvent;
  /** Asks the background to repair damage a view met (it rebuilds from the per-paper records; changes follow). */
  repair?: () => Promise<unknown>;
  /** Asks the background to check the search index named `build`, whose post block or doc chunk a read found lost. */
  repairIndex?: (build: string) => Promise<unknown>;
}

export interface LibraryState {
  head: SnapEntry[] | undefined;
  index: LibraryIndex | undefined;
  /** Typed queries over the base alone, from the moment its first record is in until the index opens. */
  quick: QuickSearch | undefined;
  /** Bumps whenever the index changed (a render reads it again). */
  rev: number;
  settings: Settings;
  canUndo: boolean;
  /** The last sync round (the library page's Settings tab). */
  syncStatus: SyncStatus | undefined;
  /** Set when a newer PaperShelf wrote this library: it is shown, and every change is refused (say so at once). */
  readOnly: string | undefined;
  /** Entries changed here but not yet stored: shown at once, dropped (rolled back) if the write fails. */
  pending: Map<string, SnapEntry>;
  /** The entry to show for a paper: a pending change first, then the index, then what the caller had. */
  show(e: SnapEntry): SnapEntry;
  /**
   * Shows `next` at once and runs `write`; the stored result (if it returns one) is applied, a failure restores
   * the paper as it was and is thrown again for the caller to say plainly.
   */
  optimistic<T>(next: SnapEntry, write: () => Promise<T>, stored?: (r: T) => SnapEntry | undefined): Promise<T>;
}

/** What a view does when its index meets pieces missing: asks the background (the one writer) to check them. */
const askRepair = (env: ReadEnv) => (build: string) => {
  env.repairIndex?.(build).catch(() => {});
};

/**
 * Starts reading at once (call it when the page's script starts, before the first render): the head, the index and
 * the change watch begin together, so nothing waits for a render and no change made while loading is missed.
 */
export function startReading(env: ReadEnv): Reading {
  const queued: LibraryChange[] = [];
  let listener: ((change: LibraryChange) => void) | undefined;
  const stop = watchLibrary(env.onChanged, (change) => {
    if (listener) listener(change);
    else queued.push(change);
  });
  const early = takeEarlyReads();
  let gotQuick: (q: QuickSearch | undefined) => void = () => {};
  const quick = new Promise<QuickSearch | undefined>((resolve) => {
    gotQuick = resolve;
  });
  let replaced: (() => void) | undefined;
  const index = openLibraryIndex(env.storage, env.db, early, gotQuick, askRepair(env), () => replaced?.());
  index.finally(() => gotQuick(undefined)).catch(() => {});
  return {
    env,
    head: (early ? early.head.then((got) => readHead(got[KEY.head])?.entries ?? []) : loadHead(env.storage)).then(
      (h) => {
        mark('ps:head');
        return h;
      },
    ),
    quick,
    index,
    listen(cb) {
      listener = cb;
      for (const c of queued.splice(0)) cb(c);
    },
    whenReplaced(cb) {
      replaced = cb;
    },
    stop,
  };
}

export interface Reading {
  env: ReadEnv;
  head: Promise<SnapEntry[]>;
  /** Resolves with a quick search if the base's first record came before the index opened, else undefined. */
  quick: Promise<QuickSearch | undefined>;
  index: Promise<LibraryIndex>;
  /** Delivers the changes seen so far, then each new one. */
  listen(cb: (change: LibraryChange) => void): void;
  /** Told when the index met records of a newer build (its own replaced): useLibrary then opens the new one. */
  whenReplaced(cb: () => void): void;
  stop(): void;
}

export function useLibrary(
  reading: Reading,
  opts: {
    abstracts: 'after-paint' | 'on-demand';
    /** 'all': every post block is read once the view is idle (a page that stays open across the index's rebuilds). */
    blocks?: 'as-asked' | 'all';
  },
): LibraryState & {
  wantAbstracts(): void;
} {
  const env = reading.env;
  const [head, setHead] = useState<SnapEntry[]>();
  const [index, setIndex] = useState<LibraryIndex>();
  const [quick, setQuick] = useState<QuickSearch>();
  const [rev, setRev] = useState(0);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [canUndo, setCanUndo] = useState(false);
  const [syncStatus, setSyncStatus] = useState<SyncStatus>();
  const [readOnly, setReadOnly] = useState<string>();
  const [pending, setPending] = useState<Map<string, SnapEntry>>(new Map());
  const ref = useRef<{ index?: LibraryIndex; abstracts: boolean }>({ abstracts: false });

  const loadAbstracts = () => {
    const r = ref.current;
    if (!r.index || r.abstracts) return;
    r.abstracts = true;
    void r.index.loadAbstracts().then(() => setRev((v) => v + 1));
  };

  // Subscribed as the view mounts, before its first frame (a layout effect): a plain effect waits for that frame
  // and a timer, and the head, already read by then, painted ~40–60 ms later (traced at 100,000 papers, the base's
  // arrival taking its turn first).
  useLayoutEffect(() => {
    let live = true;
    reading.head.then((h) => live && setHead(h)).catch(() => live && setHead([]));
    reading.quick.then((q) => live && q && setQuick(q));
    loadSettings(env.storage).then((s) => live && setSettings(s));
    env.storage.get([KEY.undo, KEY.syncStatus, KEY.schema]).then((got) => {
      if (!live) return;
      setCanUndo(!!got[KEY.undo]);
      setSyncStatus(readSyncStatus(got[KEY.syncStatus]));
      setReadOnly(readOnlyNotice(got[KEY.schema]));
    });
    // Undo and sync status: one more listener for the two keys the paper watch does not cover.
    const undoWatch = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local') return;
      if (KEY.undo in changes) setCanUndo(!!changes[KEY.undo]?.newValue);
      if (KEY.syncStatus in changes) setSyncStatus(readSyncStatus(changes[KEY.syncStatus]?.newValue));
    };
    env.onChanged.addListener(undoWatch as Parameters<ChangeEvent['addListener']>[0]);
    // Changes seen while a newer build's index opens (reopen below): that index gets them too once open.
    let missed: LibraryChange[] | undefined;
    const readAllBlocks = (idx: LibraryIndex) => {
      if (opts.blocks === 'all') setTimeout(() => live && idx.readAllBlocks().catch(() => {}), BLOCKS_AFTER_MS);
    };
    /**
     * The background rebuilt the index since this view opened its own, and a record the view reads later (the
     * abstracts' postings, a column's ranks) is the new build's: the view opens the new build (its base, its ids and
     * the shards written since, as at open) and takes it in place of its own, with the changes seen meanwhile.
     * Before, abstract-only words found base papers no more, and a column sorted without its ranks, until the view
     * was opened again (the library page, open for hours, met every rebuild). Only a newer build is taken: a record
     * of another build beside an unchanged base (damage) opens nothing twice.
     */
    const reopen = () => {
      const current = ref.current.index;
      if (!live || !current || missed || !env.db) return;
      missed = [];
      openLibraryIndex(env.storage, env.db, undefined, undefined, askRepair(env), reopen)
        .then((next) => {
          const seen = missed ?? [];
          missed = undefined;
          if (!live || next.build === undefined || next.build === current.build) return;
          for (const c of seen) next.apply(c);
          mark('ps:reopened');
          ref.current.index = next;
          setIndex(next);
          if (ref.current.abstracts) void next.loadAbstracts().then(() => live && setRev((v) => v + 1));
          readAllBlocks(next);
        })
        .catch(() => {
          missed = undefined;
        });
    };
    reading.whenReplaced(reopen);
    reading.index.then((idx) => {
      if (!live) return;
      if (idx.damaged) env.repair?.().catch(() => {});
      ref.current.index = idx;
      setIndex(idx);
      // Changes made while the index loaded were kept by startReading: they come now, then each new one.
      reading.listen((change) => {
        if (change.settings) setSettings(change.settings);
        ref.current.index?.apply(change);
        missed?.push(change);
        setRev((v) => v + 1);
      });
      // The abstracts' postings after the first answers (they are only needed by abstract-only queries).
      if (opts.abstracts === 'after-paint') setTimeout(loadAbstracts, ABSTRACTS_AFTER_MS);
      readAllBlocks(idx);
    });
    return () => {
      live = false;
      reading.stop();
      env.onChanged.removeListener(undoWatch as Parameters<ChangeEvent['removeListener']>[0]);
    };
  }, []);

  const show = (e: SnapEntry) => pending.get(e.id) ?? index?.get(e.id) ?? e;

  const pendingRef = useRef<Optimistic>();
  pendingRef.current ??= createOptimistic(setPending, (entry) => {
    if (!ref.current.index) return;
    ref.current.index.apply({ upserted: [entry], removed: [] });
    setRev((v) => v + 1);
  });
  const optimistic = <T>(next: SnapEntry, write: () => Promise<T>, stored?: (r: T) => SnapEntry | undefined) =>
    (pendingRef.current as Optimistic).run(next, write, stored);

  return {
    head,
    index,
    quick: index ? undefined : quick,
    rev,
    settings,
    canUndo,
    syncStatus,
    readOnly,
    pending,
    show,
    optimistic,
    wantAbstracts: loadAbstracts,
  };
}
