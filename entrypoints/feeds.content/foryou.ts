/**
 * "For you" on a feed (issue 16): the background's answer for this page's papers (lib/library/interest-keeper.ts)
 * and what the page bar asked of it: page order or for-you order, only the top N, ranked by all liked papers or by
 * one tag's. No model runs here: the content script asks, by the ids of papers this page showed.
 */
import type { ForYouAnswer, ForYouResult } from '../../lib/library/interest-keeper';

export interface ForYouView {
  sort: 'page' | 'foryou';
  /** Only the top N for me (0: all). */
  top: number;
  /** Ranked like my #tag papers ('' = all my liked papers). */
  tag: string;
}

export const PAGE_ORDER: ForYouView = { sort: 'page', top: 0, tag: '' };

export class ForYouRanking {
  view: ForYouView = { ...PAGE_ORDER };
  private answer: ForYouAnswer | undefined;
  private results = new Map<string, ForYouResult>();
  /** The tag the answer is for. */
  private answeredTag: string | undefined;
  asking = false;

  get off(): boolean {
    return !!this.answer?.off;
  }

  /** Whether the view changes the page (a sort or a top N). */
  get active(): boolean {
    return this.view.sort === 'foryou' || this.view.top > 0;
  }

  needsAnswer(): boolean {
    return !this.asking && (this.answer === undefined || this.answeredTag !== this.view.tag);
  }

  take(answer: ForYouAnswer, tag: string): void {
    this.answer = answer;
    this.answeredTag = tag;
    this.results = new Map((answer.off ? [] : (answer.results ?? [])).map((r) => [r.id, r]));
  }

  forget(): void {
    this.answer = undefined;
    this.results.clear();
  }

  /** What the bar says: how ranking stands (too few liked papers, or how many entries are for you). */
  status(): string {
    const a = this.answer;
    if (!a) return this.asking ? 'Ranking…' : '';
    if (a.off) return '';
    const what = this.view.tag ? `papers tagged ${this.view.tag}` : 'starred or tagged papers';
    if (!a.results) return `For you needs ${a.needed} ${what} (you have ${a.liked}): nothing is ranked yet.`;
    const high = [...this.results.values()].filter((r) => r.high).length;
    return `${high} for you, from your ${a.liked} ${what}`;
  }

  /** The page's ids, best first (only when ranked). */
  order(ids: string[]): string[] | undefined {
    if (!this.results.size) return undefined;
    const at = new Map(ids.map((id, i) => [id, i]));
    const score = (id: string) => this.results.get(id)?.score ?? Number.NEGATIVE_INFINITY;
    return [...ids].sort((a, b) => score(b) - score(a) || (at.get(a) as number) - (at.get(b) as number));
  }

  /** The top N (or undefined: no top N asked, or nothing ranked). */
  only(ids: string[]): Set<string> | undefined {
    if (!this.view.top) return undefined;
    const order = this.order(ids);
    return order ? new Set(order.slice(0, this.view.top)) : undefined;
  }

  /** An entry the model rates highly: the words of its own that raised it. */
  mark(id: string): string[] | undefined {
    const r = this.results.get(id);
    return r?.high ? (r.why?.terms ?? []) : undefined;
  }
}
