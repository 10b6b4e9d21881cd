/**
 * What "seen" means on a feed (issue 14): an entry was really on screen — at least half of it (or half the
 * viewport, for a tall one) in view for a second while the tab is visible, or scrolled past after being that
 * much in view. Entries merely listed, never on screen, stay new.
 */

export const DWELL_MS = 1000;
/** Viewed ids are sent together, at most this often. */
export const FLUSH_MS = 800;

export type ObserverFactory = (
  cb: IntersectionObserverCallback,
  options: IntersectionObserverInit,
) => Pick<IntersectionObserver, 'observe' | 'unobserve' | 'disconnect'>;

export interface ViewTrackerOptions {
  onViewed: (ids: string[]) => void;
  observer?: ObserverFactory;
  /** Whether the tab is on screen (a background tab sees nothing). */
  visible?: () => boolean;
}

export class ViewTracker {
  private readonly io: Pick<IntersectionObserver, 'observe' | 'unobserve' | 'disconnect'>;
  private readonly ids = new WeakMap<Element, string>();
  private readonly elements = new Map<string, Element>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Entries that were at least half in view at their last report. */
  private readonly inView = new Set<string>();
  private readonly done = new Set<string>();
  private queue: string[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly visible: () => boolean;

  constructor(private readonly options: ViewTrackerOptions) {
    const make: ObserverFactory = options.observer ?? ((cb, o) => new IntersectionObserver(cb, o));
    this.io = make((records) => this.onRecords(records), { threshold: [0, 0.5, 1] });
    this.visible = options.visible ?? (() => document.visibilityState === 'visible');
  }

  /** Starts watching an entry (once it is near the viewport); an entry already viewed is not watched again. */
  watch(id: string, el: Element): void {
    if (this.done.has(id) || this.elements.get(id) === el) return;
    const old = this.elements.get(id);
    if (old) this.io.unobserve(old);
    this.elements.set(id, el);
    this.ids.set(el, id);
    this.io.observe(el);
  }

  /** An entry that left the page. */
  forget(id: string): void {
    const el = this.elements.get(id);
    if (el) this.io.unobserve(el);
    this.elements.delete(id);
    this.inView.delete(id);
    this.stopTimer(id);
  }

  /** Entries this visit has counted as seen. */
  viewed(id: string): boolean {
    return this.done.has(id);
  }

  /** The tab came back on screen: entries in view start their second again. */
  resume(): void {
    for (const id of this.inView) this.startTimer(id);
  }

  /** Sends what is queued now (the page is being left). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.queue.length) return;
    const ids = this.queue;
    this.queue = [];
    this.options.onViewed(ids);
  }

  destroy(): void {
    this.flush();
    this.io.disconnect();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private onRecords(records: IntersectionObserverEntry[]): void {
    for (const r of records) {
      const id = this.ids.get(r.target);
      if (id === undefined || this.done.has(id)) continue;
      const viewport = r.rootBounds?.height ?? window.innerHeight;
      const enough = r.intersectionRatio >= 0.5 || (viewport > 0 && r.intersectionRect.height >= viewport / 2);
      if (enough) {
        this.inView.add(id);
        this.startTimer(id);
        continue;
      }
      const wasInView = this.inView.delete(id);
      this.stopTimer(id);
      // Scrolled past (it left through the top after being in view): the reader moved on from it.
      const top = r.rootBounds?.top ?? 0;
      if (wasInView && !r.isIntersecting && r.boundingClientRect.bottom <= top && this.visible()) this.mark(id);
    }
  }

  private startTimer(id: string): void {
    if (this.timers.has(id) || !this.visible()) return;
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        if (this.inView.has(id) && this.visible()) this.mark(id);
      }, DWELL_MS),
    );
  }

  private stopTimer(id: string): void {
    const t = this.timers.get(id);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(id);
  }

  private mark(id: string): void {
    this.done.add(id);
    this.inView.delete(id);
    const el = this.elements.get(id);
    if (el) this.io.unobserve(el);
    this.elements.delete(id);
    this.queue.push(id);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }
}
