/**
 * The page bar's filters applied to the page: which entries pass (seen, starred, tag, text by lib/search/page-match.ts, not
 * interested), hidden by one attribute on the page's own elements; clearing restores the page.
 */
import { NO_FILTERS, type PageFilters } from '../../components/PageBar';
import { pageMatches } from '../../lib/search/page-match';
import { MARK } from './marks';
import type { Mounts } from './mounts';
import { passes, type SeenKeeps } from './page';
import type { EntryStates } from './states';

export class PageFilter {
  filters: PageFilters;
  keeps: SeenKeeps;
  /** "Only my top N" (issue 16): the entries it keeps, else undefined. */
  only: Set<string> | undefined;
  private matched: { text: string; matches: Set<string> } | undefined;

  constructor(hideSeen: boolean, keeps: SeenKeeps) {
    this.filters = { ...NO_FILTERS, hideSeen };
    this.keeps = keeps;
  }

  /** The entries the filters let through, in page order. */
  visible(mounts: Mounts, states: EntryStates): string[] {
    const text = this.filters.text.trim();
    let matches: Set<string> | undefined;
    if (text) {
      if (this.matched?.text !== text) {
        const entries = [...mounts.all.values()].map((m) => m.entry);
        this.matched = { text, matches: pageMatches(entries, text) };
      }
      matches = this.matched.matches;
    }
    return [...mounts.all.keys()].filter((id) => {
      const s = states.get(id);
      return !!s && (!this.only || this.only.has(id)) && passes(id, s, this.filters, matches, this.keeps);
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
