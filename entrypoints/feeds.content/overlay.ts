/**
 * The feed overlay's coordinator: per-entry controls (mounts.ts) with their state (states.ts), the page bar
 * (bar.ts, components/PageBar), keys (keys.ts), what was really seen (viewed.ts), and the messages to the
 * background. Undone on navigation or when the extension goes away; the page is then as it was.
 */
import { h, render } from 'preact';
import type { EntryAction } from '../../components/EntryActions';
import { EntryControls } from '../../components/EntryControls';
import { PageBar, type PageFilters } from '../../components/PageBar';
import type { Answer, MessageType, Payload } from '../../lib/library/messages';
import type { LibraryChange } from '../../lib/library/reader';
import { isWebUrl } from '../../lib/paper/links';
import { tagChange } from '../../lib/paper/merge';
import { extractFeed, type Feed, type FeedEntry } from '../../lib/sites/index';
import { runEntryAction } from './actions';
import { BarHost } from './bar';
import { PageFilter } from './filters';
import { ForYouRanking, type ForYouView, PAGE_ORDER } from './foryou';
import { keyAction, SHORTCUTS } from './keys';
import { type Mount, Mounts } from './mounts';
import { isShortcut, metadataOf, pageTheme, type SeenKeeps } from './page';
import { PageOrder } from './reorder';
import { Selection } from './selection';
import { EntryStates } from './states';
import { type ObserverFactory, ViewTracker } from './viewed';

/**
 * User Timing marks around a scan: a trace (DevTools' Performance panel, the e2e report) reads the main thread's
 * CPU time between them. Cleared at once: they never pile up in the page's timeline.
 */
const MARKS = ['papershelf-scan-start', 'papershelf-extract-end', 'papershelf-scan-end'];
function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // no User Timing here: nothing to measure
  }
}

/** Entries mounted per task: a page with thousands of entries stays responsive (its own work runs between). */
const MOUNT_SLICE = 1000;

export interface OverlayDeps {
  call<T extends MessageType>(type: T, payload: Payload<T>): Promise<Answer<T>>;
  /** All tags in the library, for completion (read when an editor opens). */
  loadTags(): Promise<string[]>;
  now(): Date;
  shortcuts: boolean;
  hideSeen: boolean;
  hideSeenKeeps?: SeenKeeps;
  /** The bar as the user left it (settings). */
  barCollapsed?: boolean;
  /** Tag colours (settings). */
  tagColors?: Record<string, string>;
  /** On a site the user granted (not a supported feed): look for lists of paper links anywhere on it. */
  anyLinks?: boolean;
  /** Copies text for the user (a key press: the page's clipboard permission is the user's gesture). */
  copy?: (text: string) => Promise<void>;
  /** For tests in a DOM without layout: how entries on screen are observed. */
  observer?: ObserverFactory;
  /** "For you" (settings; issue 16). */
  forYou?: boolean;
}

export class FeedOverlay {
  private readonly mounts: Mounts;
  private readonly states: EntryStates;
  private readonly bar: BarHost;
  private readonly views: ViewTracker;
  private readonly filter: PageFilter;
  private readonly selection: Selection;
  private editing: string | undefined;
  private collapsed = false;
  private help = false;
  private suggestions: string[] = [];
  /** Main-thread time of the last scan (extract + mount) and of its extraction, for the e2e report. */
  lastScanMs = 0;
  lastExtractMs = 0;
  private generation = 0;
  private tagColors: Record<string, string> | undefined;
  /** The page is one paper (an abstract page), not a feed: a compact bar, no feed filters. */
  private single = false;
  private notice: string | undefined;
  private disabledSites = new Set<string>();
  private scanned = false;
  private destroyed = false;
  private shortcuts: boolean;
  private theme: 'light' | 'dark' | undefined;
  private readonly ranking = new ForYouRanking();
  private readonly order = new PageOrder();
  private forYouOn: boolean;
  private allTags: string[] = [];

  constructor(private readonly deps: OverlayDeps) {
    this.filter = new PageFilter(deps.hideSeen, deps.hideSeenKeeps ?? 'starred');
    this.collapsed = deps.barCollapsed ?? false;
    this.tagColors = deps.tagColors;
    this.shortcuts = deps.shortcuts;
    this.forYouOn = deps.forYou ?? false;
    const theme = () => this.theme ?? 'light';
    this.mounts = new Mounts({
      theme,
      onNear: (m) => this.near(m),
      onHidden: () => this.tell(new Error('that control was hidden or moved by the page, so the click was ignored.')),
      observer: deps.observer,
    });
    this.states = new EntryStates(
      (id) => this.renderEntry(id),
      (e) => {
        this.applyFilters();
        this.tell(e);
      },
    );
    this.bar = new BarHost((el) => this.mounts.own(el), theme);
    this.selection = new Selection(this.mounts, this.bar, (id) => this.renderEntry(id, true));
    this.views = new ViewTracker({
      onViewed: (ids) => {
        const here = ids.filter((id) => this.mounts.all.has(id));
        if (here.length) this.deps.call('markViewed', { ids: here }).catch(() => {});
      },
      observer: deps.observer,
    });
  }

  /** Settings changed in the library page: shortcuts and "Hide seen" keeps follow at once. */
  setShortcuts(on: boolean): void {
    this.shortcuts = on;
  }

  /** Tag colours changed in the library page: chips follow. */
  setTagColors(colors: Record<string, string>): void {
    if (JSON.stringify(colors) === JSON.stringify(this.tagColors ?? {})) return;
    this.tagColors = colors;
    for (const id of this.mounts.all.keys()) this.renderEntry(id);
  }

  /** The bar collapsed or opened in another tab: this one follows. */
  setBarCollapsed(collapsed: boolean): void {
    if (collapsed === this.collapsed) return;
    this.collapsed = collapsed;
    this.renderBar();
  }

  /** "For you" turned on or off in the settings: off puts the page back and takes every mark away. */
  setForYou(on: boolean): void {
    if (on === this.forYouOn) return;
    this.forYouOn = on;
    this.ranking.forget();
    this.ranking.view = { ...PAGE_ORDER };
    this.order.restore();
    this.filter.only = undefined;
    for (const id of this.mounts.all.keys()) this.renderEntry(id);
    this.applyFilters();
    if (on) void this.rankPage();
  }

  setSeenKeeps(keeps: SeenKeeps): void {
    if (keeps === this.filter.keeps) return;
    this.filter.keeps = keeps;
    this.applyFilters();
  }

  /** Sites where the overlay is off (settings): switching one off removes the controls at once. */
  setDisabledSites(sites: string[]): void {
    const next = new Set(sites);
    if ([...next].join('\n') === [...this.disabledSites].join('\n')) return;
    this.disabledSites = next;
    if (this.scanned) this.scan(); // before the first scan there is nothing to take down
  }

  /**
   * Finds entries and mounts controls on the new ones; records their sightings. Safe to call any time. Returns
   * whether anything changed (entries mounted or dropped), so callers can back off on pages that churn.
   */
  scan(): boolean {
    this.scanned = true;
    mark('papershelf-scan-start');
    const started = performance.now();
    let feed: Feed | undefined;
    try {
      feed = extractFeed(document, location.href, { anyLinks: this.deps.anyLinks });
      if (feed && this.disabledSites.has(feed.site)) feed = undefined; // switched off for this site (settings)
    } catch {
      feed = undefined; // extractFeed never throws, but the overlay must never break the page
    }
    const extracted = performance.now();
    mark('papershelf-extract-end');
    this.single = feed?.kind === 'paper';
    const stale = this.mounts.stale(feed);
    for (const id of stale) this.unmount(id);
    if (feed?.entries.length && !this.theme) this.theme = pageTheme(document);
    const fresh = (feed?.entries ?? []).filter((e) => this.mounts.isNew(e));
    const generation = ++this.generation;
    const first = fresh.length > MOUNT_SLICE ? fresh.slice(0, MOUNT_SLICE) : fresh;
    this.mountAll(first);
    if (this.mounts.size) this.bar.ensurePageStyle();
    this.lastScanMs = performance.now() - started;
    this.lastExtractMs = extracted - started;
    mark('papershelf-scan-end');
    for (const name of MARKS) performance.clearMarks(name);
    // The bar's counts need the background's answer: it is drawn when that comes (record), in its own task.
    if (this.bar.shown) this.renderBar();
    if (first.length && feed) void this.record(feed, first);
    if (feed && fresh.length > first.length) this.mountLater(feed, fresh, first.length, generation);
    return stale.length > 0 || fresh.length > 0;
  }

  private mountAll(entries: FeedEntry[]): void {
    for (const e of entries) this.states.ensure(e.id);
    this.mounts.mountAll(entries);
  }

  /** The rest of a long feed, one slice per task; a newer scan (or teardown) takes over from it. */
  private mountLater(feed: Feed, fresh: FeedEntry[], from: number, generation: number): void {
    setTimeout(() => {
      if (generation !== this.generation || this.destroyed) return;
      const slice = fresh.slice(from, from + MOUNT_SLICE).filter((e) => this.mounts.isNew(e));
      this.mountAll(slice);
      if (slice.length) void this.record(feed, slice);
      if (from + MOUNT_SLICE < fresh.length) this.mountLater(feed, fresh, from + MOUNT_SLICE, generation);
    }, 0);
  }

  private unmount(id: string): void {
    this.views.forget(id);
    this.mounts.unmount(id, (c) => render(null, c));
  }

  /** An entry came near the viewport: its controls render, and whether it is really seen is watched. */
  private near(m: Mount): void {
    this.renderEntry(m.entry.id, true);
    if (this.states.get(m.entry.id)?.status !== 'seen') this.views.watch(m.entry.id, m.entry.element as Element);
  }

  private async record(feed: Feed, entries: FeedEntry[]): Promise<void> {
    let results: Answer<'recordSightings'>;
    try {
      results = await this.deps.call('recordSightings', {
        site: feed.site,
        url: location.href,
        entries: entries.map(metadataOf),
      });
    } catch (e) {
      // Not stored (storage full, the background reloading): controls stay, and the bar says why in plain words.
      if (this.mounts.size) this.tell(new Error(`not saved: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    const now = this.deps.now();
    for (const r of results) {
      this.states.recorded(r, now);
      // Seen on an earlier visit: nothing to watch. Viewed during this one before the answer came: already sent.
      if (r.viewedAt) this.views.forget(r.id);
    }
    if (this.mounts.size) this.bar.ensure();
    this.applyFilters();
    void this.rankPage();
    const total = this.mounts.size;
    const newCount = this.states.of(this.mounts.all.keys()).filter((s) => s.status === 'new' && !s.dismissed).length;
    this.deps.call('reportPage', { total, newCount }).catch(() => {});
  }

  /** This visit's sightings were answered, then their write failed: said as a failed answer would be. */
  notSaved(error: string): void {
    if (this.mounts.size) this.tell(new Error(`not saved: ${error}`));
  }

  /** A change made anywhere (popup, another tab, library page): shown here at once. */
  applyChange(change: LibraryChange): void {
    let touched = false;
    for (const p of change.upserted) if (this.states.stored(p)) touched = true;
    if (touched) this.applyFilters();
  }

  /** Renders an entry's controls if they are on screen (or `force`: keyboard focus, an edit). */
  private renderEntry(id: string, force = false): void {
    const m = this.mounts.all.get(id);
    const s = this.states.get(id);
    if (!m || !s || (!m.rendered && !force)) return;
    render(
      h(EntryControls, {
        entry: { id, title: m.entry.title, ...s },
        editing: this.editing === id,
        suggestions: this.suggestions,
        onToggleStar: () => this.toggleStar(id),
        onSetTags: (tags: string[]) => this.setTags(id, tags),
        onEditTags: (open: boolean) => this.editTags(id, open),
        onDismiss: (dismissed: boolean) => this.dismiss(id, dismissed),
        hasPdf: isWebUrl(m.entry.pdfUrl),
        tagColors: this.tagColors,
        forYou: this.forYouOn ? this.ranking.mark(id) : undefined,
        onAction: (action: EntryAction) => this.act(id, action),
      }),
      this.mounts.open(m),
    );
  }

  private toggleStar(id: string): void {
    const s = this.states.get(id);
    const m = this.mounts.all.get(id);
    if (!s || !m) return;
    const starred = !s.starred;
    this.states.change(id, { starred }, () =>
      this.deps.call('setStarred', { id, starred, paper: metadataOf(m.entry) }),
    );
    this.applyFilters(); // the bar's counts, and the only-starred filter
  }

  private setTags(id: string, tags: string[]): void {
    const s = this.states.get(id);
    if (!s) return;
    this.states.change(id, { tags }, () => this.deps.call('changeTags', { id, ...tagChange(s.tags, tags) }));
    this.applyFilters(); // the bar's tag list, and a tag filter
  }

  /** "Not interested" (or undone): hidden here and on every feed; the selection moves on to the next entry below. */
  private dismiss(id: string, dismissed: boolean): void {
    const s = this.states.get(id);
    if (!s || s.dismissed === dismissed) return;
    this.states.change(id, { dismissed }, () => this.deps.call('setDismissed', { id, dismissed }));
    this.applyFilters();
  }

  private toggleRead(id: string): void {
    const s = this.states.get(id);
    if (!s) return;
    const read = !s.read;
    this.states.change(id, { read }, () => this.deps.call('setRead', { id, read }));
  }

  /** A change that failed: the control went back to the stored state, and the bar says why. */
  private tell(e: unknown): void {
    this.say(`PaperShelf: ${e instanceof Error ? e.message : String(e)}`);
  }

  /** A message on the bar, shown until the next one. */
  private say(text: string): void {
    this.notice = text;
    this.bar.ensure();
    this.renderBar();
  }

  private editTags(id: string, open: boolean): void {
    const was = this.editing;
    this.editing = open ? id : undefined;
    if (was && was !== id) this.renderEntry(was);
    this.renderEntry(id, open); // an editor opened from the keyboard may be off screen: render it anyway
    if (!open) this.selection.focusStar(id);
    if (open) {
      this.deps.loadTags().then((tags) => {
        this.suggestions = tags;
        if (this.editing === id) this.renderEntry(id);
      });
    }
  }

  // ── for you (issue 16) ─────────────────────────────────────────────────────────────────────────────────

  /** Asks the background to rank this page's papers (when the view's tag has no answer yet). */
  private async rankPage(): Promise<void> {
    if (!this.forYouOn || !this.mounts.size || !this.ranking.needsAnswer()) return;
    const tag = this.ranking.view.tag;
    this.ranking.asking = true;
    this.renderBar();
    try {
      const ids = [...this.mounts.all.keys()].slice(0, 2_000);
      // The answer names the liked papers' tags: the library's snapshot is not read on every feed page for them.
      const answer = await this.deps.call('forYou', { ids, ...(tag ? { tag } : {}) });
      if (!answer.off && answer.tags) this.allTags = answer.tags;
      this.ranking.take(answer, tag);
    } catch {
      this.ranking.forget();
    } finally {
      this.ranking.asking = false;
    }
    if (this.destroyed || !this.forYouOn) return;
    for (const id of this.mounts.all.keys()) this.renderEntry(id);
    this.applyForYou();
    if (this.ranking.needsAnswer()) void this.rankPage(); // the tag changed meanwhile
  }

  /** The bar's for-you view on the page: its order, and its top N among the filters. */
  private applyForYou(): void {
    const ids = [...this.mounts.all.keys()];
    const order = this.ranking.view.sort === 'foryou' ? this.ranking.order(ids) : undefined;
    if (order) this.order.apply(this.mounts, order);
    else if (this.order.active) this.order.restore();
    this.filter.only = this.ranking.only(ids);
    this.applyFilters();
  }

  // ── page bar and filters ───────────────────────────────────────────────────────────────────────────────

  private visibleIds(): string[] {
    return this.filter.visible(this.mounts, this.states);
  }

  /** Hides what the filters exclude, by one attribute on the page's own elements; clearing restores the page. */
  applyFilters(): void {
    this.renderBar(this.filter.apply(this.mounts, this.states));
  }

  private renderBar(shown = this.mounts.size): void {
    const host = this.bar.host;
    if (!host || !this.bar.container) return;
    const states = this.states.of(this.mounts.all.keys());
    const tags = [...new Set(states.flatMap((s) => s.tags))].sort();
    host.dataset.entries = String(this.mounts.size);
    // How many entries still wait for the background's answer: our own progress, not the user's data (tests wait
    // on it; the entries' states stay in the closed roots).
    host.dataset.pending = String(states.filter((s) => s.status === 'pending').length);
    host.dataset.scanMs = this.lastScanMs.toFixed(1);
    host.dataset.extractMs = this.lastExtractMs.toFixed(1);
    render(
      h(PageBar, {
        total: this.mounts.size,
        single: this.single,
        newCount: states.filter((s) => s.status === 'new' && !s.dismissed).length,
        starredCount: states.filter((s) => s.starred).length,
        dismissedCount: states.filter((s) => s.dismissed).length,
        shown,
        filters: this.filter.filters,
        tags,
        collapsed: this.collapsed,
        help: this.help,
        notice: this.notice,
        shortcuts: SHORTCUTS,
        onFilters: (f: PageFilters) => {
          this.filter.filters = f;
          this.applyFilters();
        },
        onCollapsed: (c: boolean) => {
          this.collapsed = c;
          this.renderBar(shown);
          this.deps.call('setBarCollapsed', { collapsed: c }).catch(() => {}); // remembered for the next page
        },
        onHelp: (open: boolean) => {
          this.help = open;
          this.renderBar(shown);
        },
        forYou:
          this.forYouOn && !this.ranking.off ? { ...this.ranking.view, status: this.ranking.status() } : undefined,
        allTags: this.allTags,
        onForYou: (patch: Partial<ForYouView>) => {
          this.ranking.view = { ...this.ranking.view, ...patch };
          if (this.ranking.needsAnswer()) void this.rankPage();
          this.applyForYou();
        },
      }),
      this.bar.container,
    );
  }

  // ── keyboard ───────────────────────────────────────────────────────────────────────────────────────────

  onKeyDown = (e: KeyboardEvent): void => {
    // A page script can dispatch key events on the document; only the user's own keys act.
    if (!e.isTrusted) return;
    if (!this.shortcuts || !this.mounts.size || !isShortcut(e, this.selection.focusedInside(e))) return;
    const shown = new Set(this.visibleIds());
    const action = keyAction(e.key, [...this.mounts.all.keys()], shown, this.selection.id());
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'help') {
      this.help = !this.help;
      this.collapsed = false;
      this.renderBar(shown.size);
    } else if (action.kind === 'select') this.selection.select(action.id);
    else if (action.kind === 'star') this.toggleStar(action.id);
    else if (action.kind === 'tags') this.editTags(action.id, true);
    else if (action.kind === 'read') this.toggleRead(action.id);
    else if (action.kind === 'copy') this.act(action.id, 'markdown');
    else if (action.kind === 'dismiss') {
      this.dismiss(action.id, true);
      // The selection stays in place on the page: the next shown entry below (or above, at the end).
      const next = keyAction('j', [...this.mounts.all.keys()], new Set(this.visibleIds()), action.id);
      if (next?.kind === 'select') this.selection.select(next.id);
    }
  };

  private act(id: string, action: EntryAction): void {
    const m = this.mounts.all.get(id);
    if (m)
      runEntryAction(
        m.entry,
        action,
        this.deps.copy,
        (text) => this.say(text),
        (e) => this.tell(e),
      );
  }

  /** The tab was hidden and is shown again: entries in view start their second again. */
  onVisibility(): void {
    if (document.visibilityState === 'visible') this.views.resume();
    else this.views.flush();
  }

  /** The ids of the papers on the page, in page order. */
  ids(): string[] {
    return [...this.mounts.all.keys()];
  }

  /** Is this node one of ours (an overlay host), as opposed to a page element that looks like one? */
  isOurs(node: Node): boolean {
    return this.mounts.isOurs(node);
  }

  /** Removes everything the overlay added; the page is as it was. */
  destroy(): void {
    this.destroyed = true;
    this.order.restore();
    this.views.destroy();
    this.mounts.destroy((c) => render(null, c));
    this.bar.destroy((c) => render(null, c));
  }
}
