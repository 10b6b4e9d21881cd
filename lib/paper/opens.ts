/**
 * Every paper the user opens is remembered (issue 14.9): which addresses are a paper itself (its abstract page, PDF,
 * HTML, OpenReview forum or PDF, HF paper page, alphaXiv, ACL Anthology, a DOI), and how a view says it was opened.
 */
import { canonicalId } from './ids';
import { siteOfUrl } from './links';

/** The paper an address is the page (or PDF) of, and its site; undefined for listings and everything else. */
export function openedPaper(url: string | undefined): { id: string; site: string } | undefined {
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  const id = canonicalId(url);
  return id ? { id, site: siteOfUrl(url) } : undefined;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "opened once, today", "opened 3×, last Tuesday", "opened 2×, last 2026-03-01". */
export function openedText(opens: { count: number; last: string } | undefined, now: Date): string {
  if (!opens) return '';
  const last = new Date(opens.last);
  if (Number.isNaN(last.getTime())) return '';
  const day = (d: Date) => Math.floor((d.getTime() - d.getTimezoneOffset() * 60_000) / 86_400_000);
  const days = day(now) - day(last);
  const when =
    days <= 0
      ? 'today'
      : days === 1
        ? 'yesterday'
        : days < 7
          ? `last ${WEEKDAYS[last.getDay()]}`
          : `last ${opens.last.slice(0, 10)}`;
  return `opened ${opens.count === 1 ? 'once' : `${opens.count}×`}, ${when}`;
}
