/**
 * The entry the keyboard works on (j / k): marked on the page's element, its controls rendered and focused,
 * scrolled into view and clear of the page bar.
 */
import type { BarHost } from './bar';
import { MARK } from './marks';
import type { Mounts } from './mounts';

export class Selection {
  private current: string | undefined;

  constructor(
    private readonly mounts: Mounts,
    private readonly bar: BarHost,
    /** Renders an entry's controls now (it may be off screen). */
    private readonly render: (id: string) => void,
  ) {}

  /** The selected entry, if it is still on the page. */
  id(): string | undefined {
    return this.current && this.mounts.all.has(this.current) ? this.current : undefined;
  }

  select(id: string): void {
    const prev = this.id();
    if (prev) for (const t of this.mounts.all.get(prev)?.hide ?? []) t.removeAttribute(MARK.current);
    this.current = id;
    const m = this.mounts.all.get(id);
    if (!m) return;
    const el = m.entry.element as Element;
    el.setAttribute(MARK.current, '');
    this.render(id);
    el.scrollIntoView?.({ block: 'nearest' });
    // Clear of the bar (fixed at the bottom corner): the selected entry is never under it.
    const barTop = this.bar.top();
    const covered = barTop === undefined ? 0 : el.getBoundingClientRect().bottom - (barTop - 8);
    if (covered > 0) window.scrollBy?.(0, Math.ceil(covered));
    this.focusStar(id);
  }

  focusStar(id: string): void {
    const star = this.mounts.all.get(id)?.root?.querySelector<HTMLButtonElement>('.ps-star');
    star?.focus({ preventScroll: true });
  }

  /** The element focused inside our closed root when a key event comes from one of our hosts. */
  focusedInside(e: KeyboardEvent): Element | null {
    const host = e.composedPath?.()[0] ?? e.target;
    if (!(host instanceof Element) || !this.mounts.isOurs(host)) return null;
    if (this.bar.host === host) return this.bar.root?.activeElement ?? null;
    return this.mounts.ofHost(host)?.root?.activeElement ?? null;
  }
}
