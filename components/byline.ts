import type { SnapEntry } from '../lib/library/schema';
import { paperDate } from '../lib/paper/ids';
import { openedText } from '../lib/paper/opens';

/** A paper's title, or its id while no page has told its title (a PDF opened first). */
export function titleOf(p: { id: string; title: string }): string {
  return p.title || p.id;
}

/** First authors, sites, the paper's date (else the day first seen, said as such), and when it was last opened. */
export function byline(p: SnapEntry, now = new Date()): string {
  const authors = p.authors.length > 3 ? `${p.authors.slice(0, 3).join(', ')} et al.` : p.authors.join(', ');
  const dated = paperDate(p)?.slice(0, 10);
  const date = dated ?? (p.firstSeen ? `first seen ${p.firstSeen.slice(0, 10)}` : '');
  return [authors, p.sites.join(' · '), date, openedText(p.opens, now)].filter(Boolean).join(' — ');
}
