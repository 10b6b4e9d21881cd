/**
 * The page bar's filters applied to the page: which entries pass (seen, starred, tag, text by Fuse.js, not
 * interested), hidden by one attribute on the page's own elements; clearing restores the page.
 */
import Fuse from 'fuse.js/basic'; // no extended search here: the lighter build for the content script
import { NO_FILTERS, type PageFilters } from '../../components/PageBar';
import { MARK } from './marks';
import type { Mounts } from './mounts';
import { passes, type SeenKeeps } from './page';
import type { EntryStates } from './states';

export class PageFilter {
  filters: PageFilters;
  keeps: SeenKeeps;
  private fuse: { text: string; matches: Set<string> } | undefined;

  constructor(hideSeen: boolean, keeps: SeenKeeps) {
    this.filters = { ...NO_FILTERS, hideSeen };
    this.keeps = keeps;
  }

  /** The entries the filters let through, in page order. */
  visible(mounts: Mounts, states: EntryStates): string[] {
    const text = this.filters.text.trim();
    let matches: Set<string> | undefined;
    if (text) {
      if (this.fuse?.text !== text) {
        const entries = [...mounts.all.values()].map((m) => m.entry);
        const fuse = new Fuse(entries, {
          keys: ['title', 'authors', 'abstract'],
          ignoreLocation: true,
          threshold: 0.3,
        });
        this.fuse = { text, matches: new Set(fuse.search(text).map((r) => r.item.id)) };
      }
      matches = this.fuse.matches;
    }
    return [...mounts.all.keys()].filter((id) => {
      const s = states.get(id);
      return !!s && passes(id, s, this.filters, matches, this.keeps);
    });
  }

  /** Hides what the filters exclude; returns how many entries show. */
  apply(mounts: Mounts, states: EntryStates): number {
    const visible = new Set(this.visible(mounts, states));
    for (const [id, m] of mounts.all) {
      for (const t of m.hide) t.toggleAttribute(MARK.hidden, !visible.has(id));
    }
    return visible.size;
  }
}
