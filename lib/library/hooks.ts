/**
 * Preact hooks of the one read side (issue 12), used by the popup and the library page alike: the head for the
 * first paint, the library index (persisted base + stale shards, lib/library/client.ts), live changes applied
 * paper by paper, settings, the Undo state, and optimistic changes that roll back when the write fails. The
 * entrypoint passes in its storage, index database and change event; components never see them.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Hit, MissingDocs } from '../search/index';
import { hasText, parseQuery } from '../search/query';
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

/** How long after the index opens the popup reads the abstracts' postings (after a query typed at once). */
const ABSTRACTS_AFTER_MS = 250;
/** How long after the index opens a long-lived view (the library page) starts reading every post block. */
const BLOCKS_AFTER_MS = 2_000;
/** Results whose abstract texts (snippets, phrases) are read as a query's answer shows. */
const ABSTRACT_ROWS = 20;

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
  const index = openLibraryIndex(env.storage, env.db, early, gotQuick, (build) => {
    env.repairIndex?.(build).catch(() => {});
  });
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
    reading.index.then((idx) => {
      if (!live) return;
      if (idx.damaged) env.repair?.().catch(() => {});
      ref.current.index = idx;
      setIndex(idx);
      // Changes made while the index loaded were kept by startReading: they come now, then each new one.
      reading.listen((change) => {
        if (change.settings) setSettings(change.settings);
        idx.apply(change);
        setRev((v) => v + 1);
      });
      // The abstracts' postings after the first answers (they are only needed by abstract-only queries).
      if (opts.abstracts === 'after-paint') setTimeout(loadAbstracts, ABSTRACTS_AFTER_MS);
      if (opts.blocks === 'all') setTimeout(() => live && idx.readAllBlocks().catch(() => {}), BLOCKS_AFTER_MS);
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

/**
 * Search results for a query, from the index when it is open and from the head before; abstract texts of the
 * shown results are read a shard at a time (snippets, phrases), and the results refine when they arrive.
 */
export function useSearch(
  state: Pick<LibraryState, 'head' | 'index' | 'rev' | 'quick'>,
  query: string,
  limit: number,
  headSearch: (head: SnapEntry[], query: string) => SnapEntry[],
): { hits: Hit<SnapEntry>[]; ready: boolean } {
  const [texts, setTexts] = useState(0);
  // The last answer read (searchAsync), with what it answered: while the same, it is the answer (listing 100,000
  // papers again once their entries are in would build a second list of hits, kept beside the first).
  const [found, setFound] = useState<{ of: readonly unknown[]; hits: Hit<SnapEntry>[] }>();
  const isText = useMemo(() => hasText(parseQuery(query)), [query]);
  const fromHead = useMemo(() => {
    const shown = state.head ? (query.trim() ? headSearch(state.head, query) : state.head) : [];
    return shown.map((item) => ({ item, score: 0, titleMatches: [] as [number, number][] }));
  }, [state.head, query]);
  // Answered in the same render when the entries it needs are in memory (no effect, no frame to wait for);
  // otherwise the entries are read first and the answer follows.
  const asked = [state.index, state.rev, query, limit, texts] as const;
  const now = useMemo(() => {
    const index = state.index;
    if (found?.of.every((x, i) => x === asked[i])) return found.hits;
    return index && answerNow(() => index.search.search(query, { limit }), index.prefetch);
  }, [...asked, found]);
  useEffect(() => {
    if (!state.index || now) return;
    let live = true;
    state.index
      .searchAsync(query, { limit })
      .then((hits) => live && setFound({ of: asked, hits }))
      .catch(() => live && setFound({ of: asked, hits: [] }));
    return () => {
      live = false;
    };
  }, [state.index, state.rev, query, limit, now]);
  // Before the index opens, a typed query is answered by the quick search (the base without its ids): at once when
  // its entries are in memory, else they are read (starting in this render) and the answer follows.
  const [quickFound, setQuickFound] = useState<{ query: string; limit: number; hits: Hit<SnapEntry>[] }>();
  const quickNow = useMemo(() => {
    const quick = state.quick;
    if (state.index || !quick || !isText) return undefined;
    mark('ps:quick-ask');
    const hits = answerNow(() => quick.search(query, limit), quick.prefetch);
    mark(hits ? 'ps:quick-now' : 'ps:quick-read');
    return hits;
  }, [state.quick, state.index, query, limit, isText]);
  useEffect(() => {
    if (state.index || !state.quick || !isText || quickNow) return;
    let live = true;
    state.quick
      .searchAsync(query, limit)
      .then((hits) => {
        if (!live || !hits) return;
        mark('ps:quick-answer');
        setQuickFound({ query, limit, hits });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [state.quick, state.index, query, limit, isText, quickNow]);
  const quickHits =
    quickNow ?? (quickFound && quickFound.query === query && quickFound.limit === limit ? quickFound.hits : undefined);
  const hits = now ?? (state.index ? (found?.hits ?? quickHits ?? fromHead) : (quickHits ?? fromHead));
  useEffect(() => {
    // Snippets and phrases are for text queries: a listing by filters alone reads no abstracts.
    if (!state.index || !isText || hits === fromHead) return;
    let live = true;
    state.index
      // The rows a person sees first: each abstract shard read is ~100 abstracts, so not the whole list.
      .ensureAbstracts(hits.slice(0, ABSTRACT_ROWS).map((h) => h.item.id))
      .then((loaded) => live && loaded && setTexts((v) => v + 1))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [hits]);
  return { hits, ready: !!state.index };
}

/**
 * A search's answer now, when the entries it needs are in memory; otherwise the read of those it lacks
 * (MissingDocs) starts in this render, not after it paints (the caller's effect then waits for the same read).
 */
function answerNow(
  ask: () => Hit<SnapEntry>[] | undefined,
  prefetch: (missing: MissingDocs) => void,
): Hit<SnapEntry>[] | undefined {
  try {
    return ask();
  } catch (e) {
    if (!(e instanceof MissingDocs)) throw e;
    prefetch(e);
    return undefined;
  }
}
