/**
 * The page bar's text filter (the feed overlay): which of a page's entries (at most a few thousand) match what the
 * reader typed, typos allowed. Every query word must match a word of the entry's title, authors or abstract: as a
 * prefix ("transf" finds transformer), or within one edit (two for words of 8 letters or more) of a whole word or of
 * the word's start. Folded like the library's search (lib/search/normalize.ts: case, accents, Greek, TeX), so "muller"
 * finds Müller. Small on purpose: it ships in the content script, which has a size budget (Fuse.js, the popup's
 * ranker, does not ship there; a filter needs no ranking).
 */
import { words } from './normalize';

export interface PageText {
  id: string;
  title: string;
  authors: string[];
  abstract?: string;
}

/** Whether `a` is within `max` edits of `b` or of a prefix of `b` (banded Levenshtein; early exit). */
export function nearPrefix(a: string, b: string, max: number): boolean {
  if (b.startsWith(a)) return true;
  const n = a.length;
  if (n <= max) return false;
  let prev = Array.from({ length: n + 1 }, (_, i) => i);
  const m = Math.min(b.length, n + max);
  let best = prev[n] as number;
  for (let j = 1; j <= m; j++) {
    const cur = [j];
    let rowMin = j;
    for (let i = 1; i <= n; i++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[i] as number) + 1, (cur[i - 1] as number) + 1, (prev[i - 1] as number) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return false;
    best = Math.min(best, cur[n] as number);
    prev = cur;
  }
  return best <= max;
}

// Each entry's words, folded once (the entry objects live as long as the page's mounts).
const wordsOf = new WeakMap<PageText, Set<string>>();

/** The ids of the entries matching `query`, in the entries' order (every entry for an empty query). */
export function pageMatches(entries: PageText[], query: string): Set<string> {
  const want = [...new Set(words(query))];
  if (!want.length) return new Set(entries.map((e) => e.id));
  const out = new Set<string>();
  for (const e of entries) {
    let have = wordsOf.get(e);
    if (!have) {
      have = new Set(words(`${e.title} ${e.authors.join(' ')} ${e.abstract ?? ''}`));
      wordsOf.set(e, have);
    }
    const known = have;
    const ok = want.every((q) => {
      if (known.has(q)) return true;
      const max = q.length >= 8 ? 2 : q.length >= 4 ? 1 : 0;
      for (const w of known) if (nearPrefix(q, w, max)) return true;
      return false;
    });
    if (ok) out.add(e.id);
  }
  return out;
}
