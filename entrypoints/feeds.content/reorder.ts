/**
 * "Sort: for you" on the page's own elements (issue 16): each entry's elements (its hide targets and our host
 * after them) move as one block among the slots the entries held, within their own parent; everything else keeps
 * its place. Turning the sort off puts every child back in the order it had before the first sort.
 */
import type { Mounts } from './mounts';

export class PageOrder {
  private saved = new Map<Node, Node[]>();

  get active(): boolean {
    return this.saved.size > 0;
  }

  /** Puts the page's entries in `order` (ids; entries not named keep their relative place after those named). */
  apply(mounts: Mounts, order: string[]): void {
    const rank = new Map(order.map((id, i) => [id, i]));
    const byParent = new Map<Node, { id: string; first: Element; last: Element }[]>();
    for (const [id, m] of mounts.all) {
      const first = m.hide[0];
      const last = m.hide[m.hide.length - 1];
      const parent = first?.parentNode;
      if (!first || !last || !parent || m.hide.some((e) => e.parentNode !== parent)) continue;
      const list = byParent.get(parent) ?? [];
      list.push({ id, first, last });
      byParent.set(parent, list);
    }
    for (const [parent, entries] of byParent) {
      if (entries.length < 2) continue;
      const children = [...parent.childNodes];
      if (!this.saved.has(parent)) this.saved.set(parent, children);
      const index = new Map(children.map((n, i) => [n, i]));
      // Each entry's slot: its first element to its last, and our hosts right after it.
      const slots = entries
        .map((e) => {
          const start = index.get(e.first) ?? -1;
          let end = index.get(e.last) ?? -1;
          while (end + 1 < children.length && mounts.isOurs(children[end + 1] as Node)) end++;
          return { ...e, start, end };
        })
        .filter((s) => s.start >= 0 && s.end >= s.start)
        .sort((a, b) => a.start - b.start);
      if (slots.some((s, i) => i > 0 && s.start <= (slots[i - 1] as { end: number }).end)) continue;
      const pageIndex = new Map(slots.map((s, i) => [s.id, i]));
      const sorted = [...slots].sort(
        (a, b) =>
          (rank.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.id) ?? Number.MAX_SAFE_INTEGER) ||
          (pageIndex.get(a.id) as number) - (pageIndex.get(b.id) as number),
      );
      const next: Node[] = [];
      let at = 0;
      slots.forEach((slot, i) => {
        next.push(...children.slice(at, slot.start));
        const s = sorted[i] as (typeof slots)[number];
        next.push(...children.slice(s.start, s.end + 1));
        at = slot.end + 1;
      });
      next.push(...children.slice(at));
      place(parent, next);
    }
  }

  /** The page's order before the first sort. */
  restore(): void {
    for (const [parent, children] of this.saved)
      place(
        parent,
        children.filter((c) => c.parentNode === parent),
      );
    this.saved.clear();
  }
}

/** Moves only the nodes out of place (a node already right after its predecessor stays untouched). */
function place(parent: Node, nodes: Node[]): void {
  let prev: Node | null = null;
  for (const n of nodes) {
    const want: Node | null = prev ? prev.nextSibling : parent.firstChild;
    if (want !== n) parent.insertBefore(n, want);
    prev = n;
  }
}
