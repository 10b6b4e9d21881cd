/**
 * Where the overlay lives on the page: one host element per entry, after its title, with a closed shadow root made
 * when the entry first comes near the viewport (far-off entries cost one empty element each). Idempotent: one
 * mount per entry element; our hosts are tracked so that look-alikes the page makes are never taken for ours.
 */
import type { Feed, FeedEntry } from '../../lib/sites/index';
import { acceptTrustedOnly } from './guard';
import { MARK } from './marks';
import { hideTargets, titleTarget } from './page';
import { ENTRY_CSS } from './styles';
import type { ObserverFactory } from './viewed';

/** Entries rendered together when one of them nears the viewport (see observeBatch). */
const RENDER_GROUP = 8;

export interface Mount {
  entry: FeedEntry;
  host: HTMLElement;
  /** The shadow root's content, made on first render. */
  container: HTMLElement | undefined;
  /** The closed shadow root (the page cannot reach it: only this script holds it). */
  root: ShadowRoot | undefined;
  /** The page's own elements that hiding the entry hides. */
  hide: Element[];
  /** Controls are rendered when the entry comes near the viewport (or is needed): long feeds stay cheap. */
  rendered: boolean;
}

export interface MountsOptions {
  /** The theme hosts take (from the page's background). */
  theme: () => 'light' | 'dark';
  /** An entry came near the viewport: render it. */
  onNear: (m: Mount) => void;
  /** A real press on a control the page hid or moved. */
  onHidden: () => void;
  /** How nearness to the viewport is observed (tests in a DOM without layout drive it themselves). */
  observer?: ObserverFactory;
}

export class Mounts {
  /** Every mounted entry, by paper id, in page order. */
  readonly all = new Map<string, Mount>();
  private readonly byElement = new WeakMap<Element, Mount>();
  /** Our host elements → their mounts (a key event from inside a closed root arrives at its host). */
  private readonly byHost = new WeakMap<Element, Mount>();
  /** Watched entry elements → the group of mounts they render (see observeBatch). */
  private readonly groups = new Map<Element, Mount[]>();
  private readonly ours = new WeakSet<Element>();
  private io: Pick<IntersectionObserver, 'observe' | 'unobserve' | 'disconnect'> | undefined;
  private sheet: CSSStyleSheet | null | undefined;

  constructor(private readonly options: MountsOptions) {}

  get size(): number {
    return this.all.size;
  }

  isNew(e: FeedEntry): boolean {
    return !!e.element?.isConnected && !this.all.has(e.id) && !this.byElement.has(e.element);
  }

  /** Marks an element as ours (our mutations never trigger a rescan; look-alikes are not ours). */
  own(el: Element): void {
    this.ours.add(el);
  }

  isOurs(node: Node): boolean {
    return node instanceof Element && this.ours.has(node);
  }

  /** The mount of one of our hosts. */
  ofHost(host: Element): Mount | undefined {
    return this.byHost.get(host);
  }

  /** Mounts a batch of entries and watches them for the viewport. */
  mountAll(entries: FeedEntry[]): Mount[] {
    const batch = entries.map((e) => this.mount(e));
    this.observeBatch(batch);
    return batch;
  }

  private mount(entry: FeedEntry): Mount {
    const el = entry.element as Element;
    const host = document.createElement('papershelf-entry');
    // setAttribute, not dataset: this runs for every entry, and the dataset proxy is the slower path in V8.
    host.setAttribute('data-paper-id', entry.id);
    host.setAttribute('data-theme', this.options.theme());
    // No box until its controls render: inserting thousands of hosts costs the page no layout work.
    host.style.display = 'none';
    titleTarget(el).after(host);
    const m: Mount = { entry, host, container: undefined, root: undefined, hide: hideTargets(el), rendered: false };
    this.ours.add(host);
    this.all.set(entry.id, m);
    this.byElement.set(el, m);
    this.byHost.set(host, m);
    return m;
  }

  /**
   * The shadow root's container of a mount, made on its first render: closed, so the page learns nothing of the
   * user's stars, tags or history from our controls (issue 13).
   */
  open(m: Mount): HTMLElement {
    m.rendered = true;
    if (m.container) return m.container;
    m.host.style.removeProperty('display');
    if (!m.host.getAttribute('style')) m.host.removeAttribute('style');
    const root = m.host.attachShadow({ mode: 'closed' });
    m.root = root;
    acceptTrustedOnly(root, this.options.onHidden);
    this.adoptStyle(root);
    m.container = document.createElement('span');
    root.append(m.container);
    return m.container;
  }

  /**
   * Watches a batch in groups of RENDER_GROUP: only each group's first and last entries are observed (a group spans
   * far less than the observer's margin), so a page of 20,000 entries gives the browser 2,500 targets, not 20,000.
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
      if (this.all.get(m.entry.id) === m) this.options.onNear(m);
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
  private viewport(): Pick<IntersectionObserver, 'observe' | 'unobserve' | 'disconnect'> {
    const make: ObserverFactory = this.options.observer ?? ((cb, o) => new IntersectionObserver(cb, o));
    this.io ??= make(
      (records) => {
        for (const r of records) if (r.isIntersecting) this.renderGroup(r.target);
      },
      { rootMargin: '1200px 0px' },
    );
    return this.io;
  }

  /** Ids of entries whose element left the page or now shows another paper (SPA re-use of nodes). */
  stale(feed: Feed | undefined): string[] {
    if (!this.all.size) return [];
    const now = new Map((feed?.entries ?? []).map((e) => [e.element, e.id]));
    const out: string[] = [];
    for (const [id, m] of this.all) {
      const el = m.entry.element as Element;
      if (!(el.isConnected && m.host.isConnected && now.get(el) === id)) out.push(id);
    }
    return out;
  }

  /** Takes an entry's controls off the page; the page's elements are as they were. */
  unmount(id: string, onRendered: (container: HTMLElement) => void): void {
    const m = this.all.get(id);
    if (!m) return;
    const el = m.entry.element as Element;
    const group = this.groups.get(el);
    if (group) {
      // A watched entry leaves: another unrendered member of its group is watched instead.
      this.groups.delete(el);
      this.io?.unobserve(el);
      const heir = group.find(
        (g) => g !== m && !g.rendered && this.all.get(g.entry.id) === g && !this.groups.has(g.entry.element as Element),
      );
      if (heir) {
        this.groups.set(heir.entry.element as Element, group);
        this.io?.observe(heir.entry.element as Element);
      }
    }
    if (m.container) onRendered(m.container);
    m.host.remove();
    for (const t of m.hide) {
      t.removeAttribute(MARK.hidden);
      t.removeAttribute(MARK.current);
    }
    this.all.delete(id);
    this.byElement.delete(el);
  }

  destroy(onRendered: (container: HTMLElement) => void): void {
    this.io?.disconnect();
    this.groups.clear();
    for (const id of [...this.all.keys()]) this.unmount(id, onRendered);
  }
}
