/**
 * What a result row marks in its title: the title words the query's words match (exactly, as a prefix of the
 * word being typed, or with a typo), whole. Nothing when the match was elsewhere (an author, a tag, the abstract):
 * a row never marks fragments that merely share letters with the query (issue 14.4).
 */
import { fold } from './normalize';

/** Edits allowed between a query word and a title word: none for short words, one from 4 letters, two from 7. */
function allowed(term: string): number {
  return term.length >= 7 ? 2 : term.length >= 4 ? 1 : 0;
}

/** Damerau–Levenshtein distance (adjacent swaps count one), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** Inclusive [start, end] ranges of the title words matched by `terms` (folded query words; the last may be a
 * prefix being typed). */
export function titleWordRanges(title: string, terms: string[]): [number, number][] {
  if (!terms.length) return [];
  const last = terms.length - 1;
  const out: [number, number][] = [];
  for (const m of title.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = fold(m[0]).replace(/\s+/g, '');
    if (!word) continue;
    const hit = terms.some(
      (t, i) =>
        word === t ||
        (i === last && t.length >= 2 && word.startsWith(t)) ||
        (allowed(t) > 0 && editDistance(t, word, allowed(t)) <= allowed(t)),
    );
    if (hit) out.push([m.index, m.index + m[0].length - 1]);
  }
  return out;
}
