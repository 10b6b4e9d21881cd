/**
 * Sorting the library table by a column (issue 12). The order is (column value, then paper id), ascending or
 * descending by value with ids ascending among equal values. Sorting 100,000 titles with a comparator takes
 * ~150–200 ms here, so the background stores each column's ranks with the search index (`sortRanks`): a view then
 * places the unchanged papers by rank in one pass and sorts only the papers changed since the index was built.
 */
import { paperDate } from '../paper/ids';
import type { SnapEntry } from './schema';

export type SortKey =
  | 'title'
  | 'authors'
  | 'sites'
  | 'published'
  | 'firstSeen'
  | 'lastSeen'
  | 'starred'
  | 'tags'
  | 'note';

export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export const SORT_KEYS: readonly SortKey[] = [
  'title',
  'authors',
  'sites',
  'published',
  'firstSeen',
  'lastSeen',
  'starred',
  'tags',
  'note',
];

/** The value a column sorts by. */
export function sortValue(p: SnapEntry, key: SortKey): string {
  switch (key) {
    case 'authors':
      return (p.authors[0] ?? '').toLowerCase();
    case 'sites':
      return p.sites.join(',');
    case 'starred':
      return p.starred ? `1${p.starredAt ?? ''}` : '0';
    case 'tags':
      return p.tags.join(',').toLowerCase();
    case 'title':
      return p.title.toLowerCase();
    case 'published':
      return paperDate(p) ?? '';
    default:
      return p[key] ?? '';
  }
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Each paper's position in the ascending (value, id) order of a column: what the background stores. */
export function sortRanks(entries: SnapEntry[], key: SortKey): Uint32Array {
  const values = entries.map((e) => sortValue(e, key));
  const order = Array.from({ length: entries.length }, (_, i) => i);
  order.sort(
    (a, b) =>
      cmp(values[a] as string, values[b] as string) || cmp((entries[a] as SnapEntry).id, (entries[b] as SnapEntry).id),
  );
  const rank = new Uint32Array(entries.length);
  order.forEach((doc, pos) => {
    rank[doc] = pos;
  });
  return rank;
}

/**
 * Papers in a column's order. `rankOf` gives the stored rank of a paper that is as the ranks were built (undefined
 * for one changed since): those are placed by rank, the others sorted and merged in by value. Both ways give the
 * same order (tests/unit/paper-table.test.ts).
 */
export function sortPapers(
  papers: SnapEntry[],
  sort: Sort,
  rankOf?: (p: SnapEntry) => number | undefined,
): SnapEntry[] {
  const n = papers.length;
  // Values are computed only where an order needs them (the ranked path reads few); orders are typed arrays: at
  // 100,000 papers each pass over plain arrays of numbers cost a few milliseconds.
  const values: (string | undefined)[] = new Array(n);
  const value = (i: number) => {
    let v = values[i];
    if (v === undefined) {
      v = sortValue(papers[i] as SnapEntry, sort.key);
      values[i] = v;
    }
    return v;
  };
  const asc = (a: number, b: number) =>
    cmp(value(a), value(b)) || cmp((papers[a] as SnapEntry).id, (papers[b] as SnapEntry).id);

  let order: Int32Array;
  const ranks = new Int32Array(rankOf ? n : 0).fill(-1);
  let rankedCount = 0;
  let max = -1;
  if (rankOf) {
    for (let i = 0; i < n; i++) {
      const r = rankOf(papers[i] as SnapEntry);
      if (r === undefined) continue;
      ranks[i] = r;
      rankedCount++;
      if (r > max) max = r;
    }
  }
  if (!rankOf || rankedCount < n / 4) {
    const plain = Array.from({ length: n }, (_, i) => i);
    plain.sort(asc);
    order = Int32Array.from(plain);
  } else {
    // One pass over the ranks, then the few changed papers merged in (a binary search each).
    const slots = new Int32Array(max + 1).fill(-1);
    const loose: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = ranks[i] as number;
      if (r < 0 || slots[r] !== -1) loose.push(i);
      else slots[r] = i;
    }
    const placed = new Int32Array(n - loose.length);
    let p = 0;
    for (let r = 0; r <= max; r++) {
      const i = slots[r] as number;
      if (i !== -1) placed[p++] = i;
    }
    loose.sort(asc);
    order = new Int32Array(n);
    let at = 0;
    let from = 0;
    for (const i of loose) {
      let lo = from;
      let hi = placed.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (asc(placed[mid] as number, i) < 0) lo = mid + 1;
        else hi = mid;
      }
      order.set(placed.subarray(from, lo), at);
      at += lo - from;
      order[at++] = i;
      from = lo;
    }
    order.set(placed.subarray(from), at);
  }
  if (sort.dir === 'desc') {
    // Values descending, ids still ascending among equal values: runs of equal values, in reverse.
    const out = new Int32Array(n);
    let at = 0;
    let end = n;
    for (let k = n - 1; k >= 0; k--) {
      if (k === 0 || value(order[k - 1] as number) !== value(order[k] as number)) {
        out.set(order.subarray(k, end), at);
        at += end - k;
        end = k;
      }
    }
    order = out;
  }
  // Papers without a value (undated, no tags, no note) come last whichever way the column is sorted. '' is the least
  // value: descending puts them last already; ascending, they are the leading run, moved to the end (only that run
  // is read: the ranked path never computes the other papers' values).
  let first = 0;
  if (sort.dir === 'asc') {
    while (first < n && value(order[first] as number) === '') first++;
    if (first === n) first = 0;
  }
  const out: SnapEntry[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = papers[order[(first + k) % n] as number] as SnapEntry;
  return out;
}
