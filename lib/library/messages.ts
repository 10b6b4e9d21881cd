import { completeMetadata, type EnrichDeps } from '../enrich/index';
import { canonicalId } from '../paper/ids';
import { isWebUrl } from '../paper/links';
import type { Paper, PaperMetadata } from '../paper/types';
import { checkImportedPaper, checkPaperId, IMPORT_CHUNK } from './import-check';
import type { ForYouAnswer, InterestKeeper } from './interest-keeper';
import type { BulkChange, ImportReport, Library, SightingResult } from './library';
import { LIMITS } from './schema';
import { checkSettingsPatch, type FeedSettings, feedSettingsOf, type Settings } from './settings';
import { LibraryError } from './store';
import type { StoredMirror } from './stored-mirror';
import { arr, bool, type Check, clipList, isPlainObject, num, obj, opt, str, tryCheck } from './validate';
import { seenOnOrigin, VisitPapers } from './visit-papers';

const checkId = checkPaperId;

/** Page-given metadata: long fields are cut to the limits rather than refused (real pages are messy). */
const clip =
  (max: number): Check<string> =>
  (v, path) =>
    str(Number.POSITIVE_INFINITY)(v, path).slice(0, max);

/** An optional link longer than any real one is left out (not cut: a cut URL points elsewhere), as is any link
 * but http(s). */
const optUrl: Check<string | undefined> = (v, path) => {
  const u = opt(str(Number.POSITIVE_INFINITY))(v, path);
  return u !== undefined && u.length <= LIMITS.url && isWebUrl(u) ? u : undefined;
};

/** A paper's link: a web link within the limit, else none (views then link its landing page). */
const pageUrl: Check<string> = (v, path) => optUrl(v, path) ?? '';

/** One page entry: every field cut to its limit, so that one over-long entry never costs the others. */
const checkMetadata: Check<PaperMetadata> = obj({
  id: checkId,
  title: clip(LIMITS.title),
  authors: clipList(clip(LIMITS.author), LIMITS.authors),
  abstract: opt(clip(LIMITS.abstract)),
  url: pageUrl,
  pdfUrl: optUrl,
  codeUrl: optUrl,
  published: opt(clip(LIMITS.date)),
  venue: opt(clip(500)),
  keywords: opt(clipList(clip(LIMITS.keyword), LIMITS.keywords)),
});

/** A page entry's other ids (lib/sites/types.ts FeedEntry.aliases): canonical ids only, at most five; others dropped. */
const checkAliases: Check<string[] | undefined> = (v) =>
  Array.isArray(v)
    ? v.filter((a): a is string => typeof a === 'string' && a.length <= LIMITS.id && canonicalId(a) === a).slice(0, 5)
    : undefined;

/** One entry of a page's sightings: its metadata and the other ids the page gives it. */
const checkSighting: Check<PaperMetadata & { aliases?: string[] }> = (v, path) => {
  const meta = checkMetadata(v, path);
  const aliases = checkAliases((v as { aliases?: unknown } | null)?.aliases, `${path}.aliases`);
  return aliases?.length ? { ...meta, aliases } : meta;
};

/** What a handler may know and do beyond the library: the sending tab, the toolbar badge. */
export interface HandlerEnv {
  tabId?: number;
  /** The page visit a message comes from (its document), for the visit's bound on what it may add. */
  visit?: string;
  setBadge?: (tabId: number, text: string) => void;
  /** The network side of "Complete metadata" (the background's fetch, clock and permission check). */
  enrich?: EnrichDeps;
  /** The for-you model (issue 16). */
  interest?: InterestKeeper;
  /** Tells the sending page its write failed after it was answered (see RouterOptions.notSaved). */
  notSaved?: (error: string) => void;
  /** What the background holds as stored (heldValues). */
  mirror?: StoredMirror;
  /** Checks the stored search index a view found damaged, and rebuilds it if so (repairIndex). */
  repairIndex?: (build: string) => Promise<{ check: string; rebuilt: boolean }>;
}

/** What "Complete metadata" did for each paper: its plain notes, and whether the paper changed. */
export interface CompletionReport {
  results: { id: string; notes: string[]; changed: boolean }[];
}

/** Every message: its payload shape and what it answers. */
export const PROTOCOL = {
  recordSightings: {
    page: true,
    payload: obj({
      site: str(LIMITS.site, { min: 1 }),
      url: clip(LIMITS.url),
      entries: clipList(checkSighting, 5_000),
    }),
    run: (
      lib: Library,
      p: { site: string; url: string; entries: (PaperMetadata & { aliases?: string[] })[] },
      env: HandlerEnv,
    ): Promise<SightingResult[]> =>
      lib.recordSightings(
        p.site,
        p.url,
        p.entries,
        env.visit ?? p.url,
        env.notSaved ? { afterMs: EARLY_ANSWER_MS, failed: env.notSaved } : undefined,
      ),
  },
  setStarred: {
    page: true,
    payload: obj({ id: checkId, starred: bool, paper: opt(checkMetadata) }),
    run: (lib: Library, p: { id: string; starred: boolean; paper?: PaperMetadata }): Promise<Paper> =>
      lib.setStarred(p.id, p.starred, p.paper),
  },
  /** Entries of a feed that were really on screen (the reading queue: "seen"). */
  markViewed: {
    page: true,
    payload: obj({ ids: arr(checkId, 5_000) }),
    run: (lib: Library, p: { ids: string[] }): Promise<{ marked: number }> => lib.markViewed(p.ids),
  },
  /** "Not interested", or undone. */
  setDismissed: {
    page: true,
    payload: obj({ id: checkId, dismissed: bool }),
    run: (lib: Library, p: { id: string; dismissed: boolean }): Promise<Paper> => lib.setDismissed(p.id, p.dismissed),
  },
  /** The feed bar collapsed or opened: the one setting a feed page may change (it says nothing of the library). */
  setBarCollapsed: {
    page: true,
    payload: obj({ collapsed: bool }),
    run: async (lib: Library, p: { collapsed: boolean }): Promise<{ collapsed: boolean }> => {
      await lib.setSettings({ barCollapsed: p.collapsed });
      return { collapsed: p.collapsed };
    },
  },
  /** Read, or back to unread. */
  setRead: {
    page: true,
    payload: obj({ id: checkId, read: bool }),
    run: (lib: Library, p: { id: string; read: boolean }): Promise<Paper> => lib.setRead(p.id, p.read),
  },
  setTags: {
    payload: obj({ id: checkId, tags: arr(str(LIMITS.tag), LIMITS.tags) }),
    run: (lib: Library, p: { id: string; tags: string[] }): Promise<Paper> => lib.setTags(p.id, p.tags),
  },
  /** Tags added and removed (what an editor changed), applied to the paper's tags as stored. */
  changeTags: {
    page: true,
    payload: obj({
      id: checkId,
      add: arr(str(LIMITS.tag), LIMITS.tags),
      remove: arr(str(LIMITS.tag), LIMITS.tags),
    }),
    run: (lib: Library, p: { id: string; add: string[]; remove: string[] }): Promise<Paper> =>
      lib.changeTags(p.id, p.add, p.remove),
  },
  setNote: {
    payload: obj({ id: checkId, note: str(LIMITS.note) }),
    run: (lib: Library, p: { id: string; note: string }): Promise<Paper> => lib.setNote(p.id, p.note),
  },
  bulkUpdate: {
    payload: obj({
      ids: arr(checkId, 100_000),
      change: obj({
        starred: opt(bool),
        addTags: opt(arr(str(LIMITS.tag), LIMITS.tags)),
        removeTags: opt(arr(str(LIMITS.tag), LIMITS.tags)),
      }),
    }),
    run: (lib: Library, p: { ids: string[]; change: BulkChange }): Promise<{ changed: number }> =>
      lib.bulkUpdate(p.ids, p.change),
  },
  /** Rename (or, into an existing tag, merge); an empty `to` deletes the tag. */
  renameTag: {
    payload: obj({ from: str(LIMITS.tag, { min: 1 }), to: str(LIMITS.tag) }),
    run: (lib: Library, p: { from: string; to: string }): Promise<{ changed: number }> => lib.renameTag(p.from, p.to),
  },
  prune: {
    payload: obj({ keep: num(0, 10_000_000), days: num(0, 100_000) }),
    run: (lib: Library, p: { keep: number; days: number }): Promise<{ deleted: number; undo: boolean }> =>
      lib.prune(p.keep, p.days),
  },
  deletePapers: {
    payload: obj({ ids: arr(checkId, 100_000) }),
    run: (lib: Library, p: { ids: string[] }): Promise<{ deleted: number; undo: boolean }> => lib.deletePapers(p.ids),
  },
  importPapers: {
    payload: obj({ papers: arr(checkImportedPaper, 200_000) }),
    run: (lib: Library, p: { papers: Paper[] }): Promise<ImportReport> => lib.importPapers(p.papers),
  },
  /** A large import, all or nothing: chunks are staged, then applied in one write (or dropped). */
  importChunk: {
    payload: obj({ token: str(64, { min: 8 }), papers: arr(checkImportedPaper, IMPORT_CHUNK) }),
    run: async (lib: Library, p: { token: string; papers: Paper[] }): Promise<{ staged: number }> => ({
      staged: lib.imports.stage(p.token, p.papers),
    }),
  },
  importCommit: {
    payload: obj({ token: str(64, { min: 8 }), expect: num(0, 10_000_000) }),
    run: (lib: Library, p: { token: string; expect: number }): Promise<ImportReport> => {
      const papers = lib.imports.take(p.token);
      if (papers.length !== p.expect) {
        return Promise.reject(
          new LibraryError(
            `the import was interrupted (${papers.length} of ${p.expect} papers arrived); nothing was imported. Try again.`,
          ),
        );
      }
      return lib.importPapers(papers);
    },
  },
  /** "Complete metadata" (lib/enrich), asked by the user in the popup or the library page; never from a web page. */
  completeMetadata: {
    payload: obj({ ids: opt(arr(checkId, 1_000)), starred: opt(bool) }),
    run: async (lib: Library, p: { ids?: string[]; starred?: boolean }, env: HandlerEnv): Promise<CompletionReport> => {
      if (!(await lib.getSettings()).completeMetadata)
        throw new LibraryError('Complete metadata is off: turn it on in Settings first. Nothing was sent.');
      if (!env.enrich) throw new LibraryError('Complete metadata is not available here.');
      const papers = await lib.papersToComplete(p.starred ? 'starred' : (p.ids ?? []));
      const completions = await completeMetadata(
        papers.map(({ id, title, abstract, published, venue, doi }) => ({
          id,
          title,
          abstract,
          published,
          venue,
          doi,
        })),
        env.enrich,
      );
      const { changed } = await lib.applyCompletions(completions);
      return { results: completions.map((c) => ({ id: c.id, notes: c.notes, changed: changed.includes(c.id) })) };
    },
  },
  /** "For you" on a feed (issue 16): the page's papers ranked by the user's liked papers (or one tag's). Only papers
   * this page showed, read from the library (never text the page sends); the answer holds scores and the entries'
   * own words that raised them, never another paper of the user's. */
  forYou: {
    page: true,
    payload: obj({ ids: arr(checkId, 2_000), tag: opt(str(LIMITS.tag, { min: 1 })) }),
    run: async (lib: Library, p: { ids: string[]; tag?: string }, env: HandlerEnv): Promise<ForYouAnswer> => {
      if (!(await lib.getSettings()).forYou || !env.interest) return { off: true };
      return env.interest.rank(p.ids, p.tag);
    },
  },
  /** The views' `sort:foryou`: the user's own papers scored (titles, authors, keywords). */
  forYouScores: {
    payload: obj({ ids: arr(checkId, 100_000) }),
    run: async (lib: Library, p: { ids: string[] }, env: HandlerEnv): Promise<ForYouAnswer> => {
      if (!(await lib.getSettings()).forYou || !env.interest) return { off: true };
      return env.interest.scores(p.ids);
    },
  },
  /** "Similar papers" in the popup and the library page. */
  similarPapers: {
    payload: obj({ id: checkId, limit: opt(num(1, 500)) }),
    run: async (
      lib: Library,
      p: { id: string; limit?: number },
      env: HandlerEnv,
    ): Promise<{ off?: true; similar: { id: string; score: number }[] }> => {
      if (!(await lib.getSettings()).forYou || !env.interest) return { off: true, similar: [] };
      return { similar: await env.interest.similar(p.id, p.limit ?? 50) };
    },
  },
  /** A view met damage (lib/library/client.ts `damaged`): rebuild the snapshot from the per-paper records. */
  repair: {
    payload: obj({}),
    run: (lib: Library, _p: Record<string, never>): Promise<{ shards: number; papers: number }> => lib.repair(),
  },
  /**
   * A view met a post block or doc chunk of the search index lost or damaged: the background checks the stored index
   * named `build` and rebuilds it if it is still the stored one and damaged (lib/library/index-repair.ts).
   */
  repairIndex: {
    payload: obj({ build: str(100, { min: 1 }) }),
    run: async (_lib: Library, p: { build: string }, env: HandlerEnv): Promise<{ check: string; rebuilt: boolean }> =>
      env.repairIndex ? env.repairIndex(p.build) : { check: 'unavailable', rebuilt: false },
  },
  getPaper: {
    payload: obj({ id: checkId }),
    run: (lib: Library, p: { id: string }): Promise<Paper | undefined> => lib.getPaper(p.id),
  },
  undo: {
    payload: obj({}),
    run: (lib: Library, _p: Record<string, never>): Promise<{ kind: string; restored: number; removed: number }> =>
      lib.undo(),
  },
  /** A feed page tells how many of its papers are new: shown on the toolbar badge of its tab. */
  reportPage: {
    page: true,
    payload: obj({ total: num(0, 1_000_000), newCount: num(0, 1_000_000) }),
    run: async (_lib: Library, p: { total: number; newCount: number }, env: HandlerEnv): Promise<{ badge: string }> => {
      const badge = p.newCount > 0 ? (p.newCount > 999 ? '999+' : String(p.newCount)) : '';
      if (env.tabId !== undefined) env.setBadge?.(env.tabId, badge);
      return { badge };
    },
  },
  /**
   * Stored values a view reads at open, from what the background holds (lib/library/stored-mirror.ts): `null` unless
   * it holds every key asked. Extension pages only.
   */
  heldValues: {
    payload: obj({ keys: arr(str(40), 100) }),
    run: async (
      _lib: Library,
      p: { keys: string[] },
      env: HandlerEnv,
    ): Promise<{ values: Record<string, unknown> | null }> => ({ values: env.mirror?.answer(p.keys) ?? null }),
  },
  /**
   * What a feed page's overlay starts with. Its own read of storage.local waits, after a browser restart, behind the
   * first write (seconds at 100,000 papers, while Chrome goes over everything stored); the background answers from
   * the settings it holds. The page reads storage too and takes whichever answers first.
   */
  feedSettings: {
    page: true,
    payload: obj({}),
    run: async (lib: Library, _p: Record<string, never>): Promise<FeedSettings> =>
      feedSettingsOf(await lib.settingsNow()),
  },
  setSettings: {
    payload: obj({ patch: checkSettingsPatch }),
    run: (lib: Library, p: { patch: Partial<Omit<Settings, 'v'>> }): Promise<Settings> => lib.setSettings(p.patch),
  },
} as const;

export type MessageType = keyof typeof PROTOCOL;
export type Payload<T extends MessageType> = Parameters<(typeof PROTOCOL)[T]['run']>[1];
export type Answer<T extends MessageType> = Awaited<ReturnType<(typeof PROTOCOL)[T]['run']>>;

export interface Envelope<T extends MessageType = MessageType> {
  /** Marks our messages apart from anything else on the runtime channel. */
  papershelf: 1;
  type: T;
  payload: Payload<T>;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Who sent a message, as runtime.onMessage reports it. */
export interface SenderInfo {
  id?: string;
  documentId?: string;
  frameId?: number;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
}

export interface RouterOptions {
  /** This extension's id; messages from anywhere else are refused. */
  extensionId: string;
  /**
   * Where this extension's own pages live (runtime.getURL('')): a sender elsewhere is a content script on a web
   * page, and may send only the messages marked `page` (a feed page's needs), about papers that page showed.
   */
  extensionOrigin: string;
  log: (level: 'warn' | 'error', message: string) => void;
  setBadge?: (tabId: number, text: string) => void;
  enrich?: EnrichDeps;
  /** The for-you model's keeper (issue 16). */
  interest?: InterestKeeper;
  /** What the background holds as stored (heldValues). */
  mirror?: StoredMirror;
  repairIndex?: HandlerEnv['repairIndex'];
  /** Tells a page its visit was not saved after all (a write that failed after its early answer: Library). */
  notSaved?: (to: PageAddress, error: string) => void;
}

/** One page in one frame of a tab (the document, where the browser names it). */
export interface PageAddress {
  tabId: number;
  frameId: number;
  documentId?: string;
}

/** A feed visit's answer goes out when its write is not stored this long after (Library.recordSightings). */
export const EARLY_ANSWER_MS = 250;

function sameOrigin(a: string | undefined, b: string | undefined): boolean {
  try {
    return !!a && !!b && new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

function isMessageType(t: unknown): t is MessageType {
  return typeof t === 'string' && Object.hasOwn(PROTOCOL, t);
}

/**
 * The background's message handler: checks sender and shape, then applies the operation through the Library's
 * queue. A bad message is answered with an error and logged, never applied.
 */
export function createRouter(lib: Library, options: RouterOptions) {
  const visits = new VisitPapers();
  let gate: Promise<unknown> = Promise.resolve();
  return async (message: unknown, sender: SenderInfo): Promise<Reply<unknown>> => {
    const refuse = (error: string): Reply<unknown> => {
      options.log('warn', `refused message: ${error}`);
      return { ok: false, error };
    };
    if (!sender || sender.id !== options.extensionId) return refuse('sender is not this extension');
    if (!isPlainObject(message) || message.papershelf !== 1) return refuse('not a PaperShelf message');
    const type = message.type;
    if (!isMessageType(type)) return refuse(`unknown message type: ${String(type).slice(0, 40)}`);
    const spec: { page?: boolean; payload: unknown; run: unknown } = PROTOCOL[type];
    const fromPage = !(typeof sender.url === 'string' && sender.url.startsWith(options.extensionOrigin));
    if (fromPage && !spec.page) return refuse(`${type}: not allowed from a web page`);
    const checked = tryCheck(spec.payload as Check<unknown>, message.payload, 'payload');
    if (!checked.ok) return refuse(`${type}: ${checked.error}`);
    const p = checked.value as {
      id?: string;
      ids?: string[];
      paper?: { id: string };
      entries?: { id: string }[];
      url?: string;
    };
    if (type === 'setStarred' && p.paper && p.paper.id !== p.id) return refuse('setStarred: the paper is another one');
    // A page speaks for itself only: the address its sightings name (what the authority and alias rules judge by) is
    // on the site it is.
    if (fromPage && type === 'recordSightings' && !sameOrigin(p.url, sender.url))
      return refuse('recordSightings: the page names another site');
    // One visit: the document (Chrome names it), else the tab, frame and address.
    const visit = sender.documentId ?? `${sender.tab?.id ?? '-'}:${sender.frameId ?? 0}:${sender.url ?? ''}`;
    // A page acts only on papers it showed (this visit's sightings, or after a restart its stored sightings).
    // Checks run one after another, so that messages still reach the library's queue in the order they came.
    const ids = fromPage ? (p.id !== undefined ? [p.id] : (p.ids ?? [])) : [];
    const admitted = gate.then(async () => {
      for (const id of ids) {
        const shown = visits.showed(visit, id) ?? seenOnOrigin((await lib.getPaper(id))?.sightings ?? [], sender.url);
        if (!shown) return false;
      }
      return true;
    });
    gate = admitted.catch(() => {});
    if (!(await admitted)) return refuse(`${type}: not a paper this page showed`);
    try {
      const run = spec.run as (lib: Library, p: unknown, env: HandlerEnv) => Promise<unknown>;
      const env: HandlerEnv = {
        setBadge: options.setBadge,
        visit,
        enrich: options.enrich,
        interest: options.interest,
        mirror: options.mirror,
        repairIndex: options.repairIndex,
      };
      if (typeof sender.tab?.id === 'number') {
        env.tabId = sender.tab.id;
        const to: PageAddress = { tabId: sender.tab.id, frameId: sender.frameId ?? 0 };
        if (sender.documentId) to.documentId = sender.documentId;
        const tell = options.notSaved;
        if (fromPage && tell) env.notSaved = (error) => tell(to, error);
      }
      const value = await run(lib, checked.value, env);
      if (type === 'recordSightings' && fromPage)
        visits.add(
          visit,
          (p.entries ?? []).map((e) => e.id),
        );
      return { ok: true, value };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      options.log('error', `${type} failed: ${error}`);
      return { ok: false, error };
    }
  };
}

/** Builds the envelope for a message (the sending side). */
export function envelope<T extends MessageType>(type: T, payload: Payload<T>): Envelope<T> {
  return { papershelf: 1, type, payload };
}

/** A typed client over any `sendMessage` (runtime.sendMessage in the extension, a direct call in tests). */
export function createClient(send: (message: Envelope) => Promise<unknown>) {
  return async function call<T extends MessageType>(type: T, payload: Payload<T>): Promise<Answer<T>> {
    const reply = (await send(envelope(type, payload) as Envelope)) as Reply<Answer<T>> | undefined;
    if (!reply || typeof reply !== 'object') throw new Error(`${type}: no answer from the background`);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
}
