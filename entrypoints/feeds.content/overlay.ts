/**
 * The feed overlay: per-entry controls in closed shadow roots beside each entry's title, a page bar with counts and
 * filters, keyboard shortcuts, live state from storage.onChanged. DOM work is idempotent (one mount per entry
 * element, tracked in a WeakMap; our hosts tracked in a WeakSet so look-alikes on the page are never ours) and
 * undone on navigation or when the extension goes away.
 */
import Fuse from 'fuse.js';
import { h, render } from 'preact';
import { EntryControls } from '../../components/EntryControls';
import { NO_FILTERS, PageBar, type PageFilters } from '../../components/PageBar';
import type { SightingResult } from '../../lib/library/library';
import type { Answer, MessageType, Payload } from '../../lib/library/messages';
import type { LibraryChange } from '../../lib/library/reader';
import { tagChange } from '../../lib/paper/merge';
import { extractFeed, type Feed, type FeedEntry } from '../../lib/sites/index';
import {
  ago,
  type EntryState,
  hideTargets,
  isShortcut,
  looksGenuine,
  metadataOf,
  pageTheme,
  passes,
  titleTarget,
} from './page';
import { BAR_CSS, ENTRY_CSS, PAGE_CSS } from './styles';

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
/** Entries rendered together when one of them nears the viewport (see observeBatch). */
const RENDER_GROUP = 8;

/** Events a page script could fake on our controls: only the user's own input (isTrusted) reaches them. */
const GUARDED_EVENTS = [
  'click',
  'keydown',
  'keyup',
  'input',
  'change',
  'submit',
  'focusout',
  'mousedown',
  'pointerdown',
];
function acceptTrustedOnly(root: ShadowRoot, onHidden?: () => void): void {
  for (const type of GUARDED_EVENTS) {
    root.addEventListener(
      type,
      (e) => {
        if (!e.isTrusted) e.stopImmediatePropagation();
        // A real click on a control the page made invisible or moved over its own content (the page styles our host):
        // the user meant the page's content, not a star.
        else if (onHidden && activates(e) && !looksGenuine(root.host as HTMLElement)) {
          e.stopImmediatePropagation();
          e.preventDefault();
          if (type === 'click') onHidden();
        }
      },
      true,
    );
  }
}
/** What presses a control: a click (and its pointer-down), or Enter or Space on it. Other keys pass (shortcuts). */
const activates = (e: Event) =>
  ['click', 'mousedown', 'pointerdown'].includes(e.type) ||
  (e.type === 'keydown' && ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' '));

export interface OverlayDeps {
  call<T extends MessageType>(type: T, payload: Payload<T>): Promise<Answer<T>>;
  /** All tags in the library, for completion (read when an editor opens). */
  loadTags(): Promise<string[]>;
  now(): Date;
  shortcuts: boolean;
  hideSeen: boolean;
  /** On a site the user granted (not a supported feed): look for lists of paper links anywhere on it. */
  anyLinks?: boolean;
}

interface Mount {
  entry: FeedEntry;
  host: HTMLElement;
  /** The shadow root's content, made on first render: far-off entries cost one empty element each. */
  container: HTMLElement | undefined;
  /** The closed shadow root (the page cannot reach it: only this script holds it). */
  root: ShadowRoot | undefined;
  hide: Element[];
  /** Controls are rendered when the entry comes near the viewport (or is needed): long feeds stay cheap. */
  rendered: boolean;
}

export class FeedOverlay {
  private readonly mounts = new Map<string, Mount>();
  private readonly byElement = new WeakMap<Element, Mount>();
  /** Our host elements → their mounts (a key event from inside a closed root arrives at its host). */
  private readonly byHost = new WeakMap<Element, Mount>();
  /** Watched entry elements → the group of mounts they render (see observeBatch). */
  private readonly groups = new Map<Element, Mount[]>();
  private readonly ours = new WeakSet<Element>();
  private readonly state = new Map<string, EntryState & { seenAgo?: string }>();
  private filters: PageFilters;
  private readonly hidden = new Set<string>();
  private editing: string | undefined;
  private current: string | undefined;
  private collapsed = false;
  private help = false;
  private suggestions: string[] = [];
  private bar: { host: HTMLElement; root: ShadowRoot; container: HTMLElement } | undefined;
  private pageStyle: HTMLStyleElement | undefined;
  private fuse: { text: string; matches: Set<string> } | undefined;
  private io: IntersectionObserver | undefined;
  private sheet: CSSStyleSheet | null | undefined;
  /** Main-thread time of the last scan (extract + mount) and of its extraction, for the e2e report. */
  lastScanMs = 0;
  lastExtractMs = 0;
  private generation = 0;
  private notice: string | undefined;
  private disabledSites = new Set<string>();
  private scanned = false;
  private destroyed = false;

  private shortcuts: boolean;
  private theme: 'light' | 'dark' | undefined;

  constructor(private readonly deps: OverlayDeps) {
    this.filters = { ...NO_FILTERS, hideSeen: deps.hideSeen };
    this.shortcuts = deps.shortcuts;
  }

  /** Settings changed in the library page: shortcuts follow at once. */
  setShortcuts(on: boolean): void {
    this.shortcuts = on;
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
    const dropped = this.dropStale(feed);
    if (feed?.entries.length && !this.theme) this.theme = pageTheme(document);
    const fresh = (feed?.entries ?? []).filter((e) => this.isNew(e));
    const generation = ++this.generation;
    const first = fresh.length > MOUNT_SLICE ? fresh.slice(0, MOUNT_SLICE) : fresh;
    this.observeBatch(first.map((entry) => this.mount(entry)));
    if (this.mounts.size) this.ensurePageStyle();
    this.lastScanMs = performance.now() - started;
    this.lastExtractMs = extracted - started;
    mark('papershelf-scan-end');
    for (const name of MARKS) performance.clearMarks(name);
    // The bar's counts need the background's answer: it is drawn when that comes (record), in its own task.
    if (this.bar) this.renderBar();
    if (first.length && feed) void this.record(feed, first);
    if (feed && fresh.length > first.length) this.mountLater(feed, fresh, first.length, generation);
    return dropped > 0 || fresh.length > 0;
  }

  private isNew(e: FeedEntry): boolean {
    return !!e.element?.isConnected && !this.mounts.has(e.id) && !this.byElement.has(e.element);
  }

  /** The rest of a long feed, one slice per task; a newer scan (or teardown) takes over from it. */
  private mountLater(feed: Feed, fresh: FeedEntry[], from: number, generation: number): void {
    setTimeout(() => {
      if (generation !== this.generation || this.destroyed) return;
      const slice = fresh.slice(from, from + MOUNT_SLICE).filter((e) => this.isNew(e));
      this.observeBatch(slice.map((entry) => this.mount(entry)));
      if (slice.length) void this.record(feed, slice);
      if (from + MOUNT_SLICE < fresh.length) this.mountLater(feed, fresh, from + MOUNT_SLICE, generation);
    }, 0);
  }

  private mount(entry: FeedEntry): Mount {
    const el = entry.element as Element;
    const host = document.createElement('papershelf-entry');
    // setAttribute, not dataset: this runs for every entry, and the dataset proxy is the slower path in V8.
    host.setAttribute('data-paper-id', entry.id);
    host.setAttribute('data-theme', this.theme ?? 'light');
    // No box until its controls render (near the viewport): inserting thousands of hosts then costs the page no
    // layout work, and entries far down a long feed never cost any.
    host.style.display = 'none';
    titleTarget(el).after(host);
    const m: Mount = { entry, host, container: undefined, root: undefined, hide: hideTargets(el), rendered: false };
    this.ours.add(host);
    this.mounts.set(entry.id, m);
    this.byElement.set(el, m);
    this.byHost.set(host, m);
    if (!this.state.has(entry.id)) this.state.set(entry.id, { starred: false, tags: [], status: 'pending' });
    return m;
  }

  /**
   * Watches a batch of freshly mounted entries for the viewport in groups of RENDER_GROUP: only each group's first
   * and last entries are observed (a group spans far less than the observer's margin), so a page of 20,000
   * entries gives the browser 2,500 targets to intersect each frame rather than 20,000.
   */
  private observeBatch(batch: Mount[]): void {
    const io = this.viewport();
    for (let i = 0; i < batch.length; i += RENDER_GROUP) {
      const group = batch.slice(i, i + RENDER_GROUP);
      for (const m of new Set([group[0] as Mount, group[group.length - 1] as Mount])) {
        const el = m.entry.element as Element;
        this.groups.set(el, group);
        io.observe(el);
      }
    }
  }

  /** Renders a group whose watched entry came near the viewport; its other watched entry is released. */
  private renderGroup(target: Element): void {
    const group = this.groups.get(target);
    if (!group) return;
    for (const m of group) {
      const el = m.entry.element as Element;
      if (this.groups.get(el) === group) {
        this.groups.delete(el);
        this.io?.unobserve(el);
      }
      if (this.mounts.get(m.entry.id) === m) this.renderEntry(m.entry.id, true);
    }
  }

  /** One stylesheet shared by every entry's shadow root; a <style> per root where adoption is refused (Firefox). */
  private adoptStyle(root: ShadowRoot): void {
    if (this.sheet === undefined) {
      try {
        this.sheet = new CSSStyleSheet();
        this.sheet.replaceSync(ENTRY_CSS);
      } catch {
        this.sheet = null;
      }
    }
    if (this.sheet) {
      try {
        root.adoptedStyleSheets = [this.sheet];
        return;
      } catch {
        this.sheet = null;
      }
    }
    const style = document.createElement('style');
    style.textContent = ENTRY_CSS;
    root.append(style);
  }

  /** Renders entries as they come within a screen or so of the viewport. */
  private viewport(): IntersectionObserver {
    this.io ??= new IntersectionObserver(
      (records) => {
        for (const r of records) {
          if (r.isIntersecting) this.renderGroup(r.target);
        }
      },
      { rootMargin: '1200px 0px' },
    );
    return this.io;
  }

  /** Unmounts entries whose element left the page or now shows another paper (SPA re-use of nodes). */
  private dropStale(feed: Feed | undefined): number {
    if (!this.mounts.size) return 0;
    const now = new Map((feed?.entries ?? []).map((e) => [e.element, e.id]));
    let dropped = 0;
    for (const [id, m] of this.mounts) {
      const el = m.entry.element as Element;
      if (el.isConnected && m.host.isConnected && now.get(el) === id) continue;
      this.unmount(id, m);
      dropped++;
    }
    return dropped;
  }

  private unmount(id: string, m: Mount): void {
    const el = m.entry.element as Element;
    const group = this.groups.get(el);
    if (group) {
      // A watched entry leaves: another unrendered member of its group is watched instead.
      this.groups.delete(el);
      this.io?.unobserve(el);
      const heir = group.find(
        (g) =>
          g !== m && !g.rendered && this.mounts.get(g.entry.id) === g && !this.groups.has(g.entry.element as Element),
      );
      if (heir) {
        this.groups.set(heir.entry.element as Element, group);
        this.io?.observe(heir.entry.element as Element);
      }
    }
    if (m.container) render(null, m.container);
    m.host.remove();
    for (const t of m.hide) {
      t.removeAttribute('data-papershelf-hidden');
      t.removeAttribute('data-papershelf-current');
    }
    this.mounts.delete(id);
    this.byElement.delete(m.entry.element as Element);
  }

  private async record(feed: Feed, entries: FeedEntry[]): Promise<void> {
    let results: SightingResult[];
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
      this.state.set(r.id, {
        starred: r.starred,
        tags: r.tags,
        status: r.isNew ? 'new' : r.seenBefore ? 'seen' : 'new',
        seenAgo: ago(r.seenBefore, now),
      });
      this.renderEntry(r.id);
    }
    if (this.mounts.size) this.ensureBar();
    this.applyFilters();
    const total = this.mounts.size;
    const newCount = [...this.mounts.keys()].filter((id) => this.state.get(id)?.status === 'new').length;
    this.deps.call('reportPage', { total, newCount }).catch(() => {});
  }

  /** A change made anywhere (popup, another tab, library page): shown here at once. */
  applyChange(change: LibraryChange): void {
    let touched = false;
    for (const p of change.upserted) {
      const s = this.state.get(p.id);
      if (!s || (s.starred === p.starred && s.tags.join('\n') === p.tags.join('\n'))) continue;
      this.state.set(p.id, { ...s, starred: p.starred, tags: p.tags });
      this.renderEntry(p.id);
      touched = true;
    }
    if (touched) this.applyFilters();
  }

  /** Renders an entry's controls if they are on screen (or `force`: keyboard focus, an edit). */
  private renderEntry(id: string, force = false): void {
    const m = this.mounts.get(id);
    const s = this.state.get(id);
    if (!m || !s || (!m.rendered && !force)) return;
    m.rendered = true;
    if (!m.container) {
      m.host.style.removeProperty('display');
      if (!m.host.getAttribute('style')) m.host.removeAttribute('style');
      // Closed: the page learns nothing of the user's stars, tags or history from our controls (issue 13).
      const root = m.host.attachShadow({ mode: 'closed' });
      m.root = root;
      acceptTrustedOnly(root, () =>
        this.tell(new Error('that control was hidden or moved by the page, so the click was ignored.')),
      );
      this.adoptStyle(root);
      m.container = document.createElement('span');
      root.append(m.container);
    }
    render(
      h(EntryControls, {
        entry: { id, title: m.entry.title, starred: s.starred, tags: s.tags, status: s.status, seenAgo: s.seenAgo },
        editing: this.editing === id,
        suggestions: this.suggestions,
        onToggleStar: () => this.toggleStar(id),
        onSetTags: (tags: string[]) => this.setTags(id, tags),
        onEditTags: (open: boolean) => this.editTags(id, open),
      }),
      m.container,
    );
  }

  private toggleStar(id: string): void {
    const s = this.state.get(id);
    const m = this.mounts.get(id);
    if (!s || !m) return;
    const starred = !s.starred;
    this.state.set(id, { ...s, starred }); // optimistic; storage.onChanged confirms
    this.renderEntry(id);
    this.applyFilters(); // the bar's counts, and the only-starred filter
    this.deps.call('setStarred', { id, starred, paper: metadataOf(m.entry) }).catch((e: unknown) => {
      this.state.set(id, { ...s });
      this.renderEntry(id);
      this.applyFilters();
      this.tell(e);
    });
  }

  private setTags(id: string, tags: string[]): void {
    const s = this.state.get(id);
    if (!s) return;
    this.state.set(id, { ...s, tags });
    this.renderEntry(id);
    this.applyFilters(); // the bar's tag list, and a tag filter
    this.deps.call('changeTags', { id, ...tagChange(s.tags, tags) }).catch((e: unknown) => {
      this.state.set(id, { ...s });
      this.renderEntry(id);
      this.applyFilters();
      this.tell(e);
    });
  }

  /** A change that failed: the control went back to the stored state, and the bar says why. */
  private tell(e: unknown): void {
    this.notice = `PaperShelf: ${e instanceof Error ? e.message : String(e)}`;
    this.ensureBar();
    this.renderBar();
  }

  private editTags(id: string, open: boolean): void {
    const was = this.editing;
    this.editing = open ? id : undefined;
    if (was && was !== id) this.renderEntry(was);
    this.renderEntry(id, open); // an editor opened from the keyboard may be off screen: render it anyway
    if (!open) this.focusStar(id);
    if (open) {
      this.deps.loadTags().then((tags) => {
        this.suggestions = tags;
        if (this.editing === id) this.renderEntry(id);
      });
    }
  }

  // ── page bar and filters ───────────────────────────────────────────────────────────────────────────────

  private ensurePageStyle(): void {
    if (!this.pageStyle?.isConnected) {
      this.pageStyle = document.createElement('style');
      this.pageStyle.textContent = PAGE_CSS;
      this.pageStyle.dataset.papershelf = 'page-style';
      this.ours.add(this.pageStyle); // our own mutation: no rescan
      (document.head ?? document.documentElement).append(this.pageStyle);
    }
  }

  private ensureBar(): void {
    if (!this.bar?.host.isConnected) {
      const host = document.createElement('papershelf-bar');
      host.dataset.theme = this.theme ?? 'light';
      const root = host.attachShadow({ mode: 'closed' });
      acceptTrustedOnly(root);
      const style = document.createElement('style');
      style.textContent = BAR_CSS;
      const container = document.createElement('div');
      root.append(style, container);
      document.documentElement.append(host);
      this.ours.add(host);
      this.bar = { host, root, container };
    }
  }

  private visibleIds(): string[] {
    const text = this.filters.text.trim();
    let matches: Set<string> | undefined;
    if (text) {
      if (this.fuse?.text !== text) {
        const entries = [...this.mounts.values()].map((m) => m.entry);
        const fuse = new Fuse(entries, {
          keys: ['title', 'authors', 'abstract'],
          ignoreLocation: true,
          threshold: 0.3,
        });
        this.fuse = { text, matches: new Set(fuse.search(text).map((r) => r.item.id)) };
      }
      matches = this.fuse.matches;
    }
    return [...this.mounts.keys()].filter((id) =>
      passes(id, this.state.get(id) as EntryState, this.filters, matches, this.hidden),
    );
  }

  /** Hides what the filters exclude, by one attribute on the page's own elements; clearing restores the page. */
  applyFilters(): void {
    const visible = new Set(this.visibleIds());
    for (const [id, m] of this.mounts) {
      for (const t of m.hide) t.toggleAttribute('data-papershelf-hidden', !visible.has(id));
    }
    this.renderBar(visible.size);
  }

  private renderBar(shown = this.mounts.size): void {
    if (!this.bar) return;
    const states = [...this.mounts.keys()].map((id) => this.state.get(id));
    const tags = [...new Set(states.flatMap((s) => s?.tags ?? []))].sort();
    this.bar.host.dataset.entries = String(this.mounts.size);
    // How many entries still wait for the background's answer: our own progress, not the user's data (tests wait
    // on it; the entries' states stay in the closed roots).
    this.bar.host.dataset.pending = String(states.filter((s) => !s || s.status === 'pending').length);
    this.bar.host.dataset.scanMs = this.lastScanMs.toFixed(1);
    this.bar.host.dataset.extractMs = this.lastExtractMs.toFixed(1);
    render(
      h(PageBar, {
        total: this.mounts.size,
        newCount: states.filter((s) => s?.status === 'new').length,
        starredCount: states.filter((s) => s?.starred).length,
        shown,
        filters: this.filters,
        tags,
        collapsed: this.collapsed,
        help: this.help,
        notice: this.notice,
        onFilters: (f: PageFilters) => {
          this.filters = f;
          this.applyFilters();
        },
        onCollapsed: (c: boolean) => {
          this.collapsed = c;
          this.renderBar(shown);
        },
        onHelp: (open: boolean) => {
          this.help = open;
          this.renderBar(shown);
        },
      }),
      this.bar.container,
    );
  }

  // ── keyboard ───────────────────────────────────────────────────────────────────────────────────────────

  onKeyDown = (e: KeyboardEvent): void => {
    // A page script can dispatch key events on the document; only the user's own keys act.
    if (!e.isTrusted) return;
    if (!this.shortcuts || !this.mounts.size || !isShortcut(e, this.focusedInside(e))) return;
    const ids = this.visibleIds();
    if (e.key === '?') {
      this.help = !this.help;
      this.collapsed = false;
      this.renderBar(ids.length);
    } else if (e.key === 'j' || e.key === 'k') {
      if (!ids.length) return;
      const at = ids.indexOf(this.currentId() ?? '');
      const next =
        at < 0
          ? e.key === 'j'
            ? 0
            : ids.length - 1
          : Math.min(ids.length - 1, Math.max(0, at + (e.key === 'j' ? 1 : -1)));
      this.setCurrent(ids[next] as string);
    } else {
      const id = this.currentId();
      if (!id || !ids.includes(id)) return;
      if (e.key === 's') this.toggleStar(id);
      else if (e.key === 't') this.editTags(id, true);
      else if (e.key === 'x') {
        this.hidden.add(id);
        this.applyFilters();
      }
    }
    e.preventDefault();
  };

  /** The element focused inside our closed root when a key event comes from one of our hosts. */
  private focusedInside(e: KeyboardEvent): Element | null {
    const host = e.composedPath?.()[0] ?? e.target;
    if (!(host instanceof Element) || !this.ours.has(host)) return null;
    if (this.bar?.host === host) return this.bar.root.activeElement;
    return this.byHost.get(host)?.root?.activeElement ?? null;
  }

  private currentId(): string | undefined {
    return this.current && this.mounts.has(this.current) ? this.current : undefined;
  }

  private setCurrent(id: string): void {
    const prev = this.currentId();
    if (prev) for (const t of this.mounts.get(prev)?.hide ?? []) t.removeAttribute('data-papershelf-current');
    this.current = id;
    const m = this.mounts.get(id);
    if (!m) return;
    const el = m.entry.element as Element;
    el.setAttribute('data-papershelf-current', '');
    this.renderEntry(id, true);
    el.scrollIntoView({ block: 'nearest' });
    this.focusStar(id);
  }

  private focusStar(id: string): void {
    const star = this.mounts.get(id)?.root?.querySelector<HTMLButtonElement>('.ps-star');
    star?.focus({ preventScroll: true });
  }

  /** The ids of the papers on the page, in page order. */
  ids(): string[] {
    return [...this.mounts.keys()];
  }

  /** Is this node one of ours (an overlay host), as opposed to a page element that looks like one? */
  isOurs(node: Node): boolean {
    return node instanceof Element && this.ours.has(node);
  }

  /** Removes everything the overlay added; the page is as it was. */
  destroy(): void {
    this.destroyed = true;
    this.io?.disconnect();
    this.groups.clear();
    for (const [id, m] of this.mounts) this.unmount(id, m);
    if (this.bar) {
      render(null, this.bar.container);
      this.bar.host.remove();
    }
    this.pageStyle?.remove();
    this.bar = undefined;
  }
}
