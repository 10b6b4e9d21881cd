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
  const values: (string | undefined)[] = new Array(papers.length);
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

  let order: number[];
  const ranks = rankOf ? papers.map(rankOf) : [];
  const rankedCount = ranks.reduce((s: number, r) => s + (r === undefined ? 0 : 1), 0);
  if (!rankOf || rankedCount < papers.length / 4) {
    order = Array.from({ length: papers.length }, (_, i) => i);
    order.sort(asc);
  } else {
    // One pass over the ranks, then the few changed papers merged in (a binary search each).
    let max = 0;
    for (const r of ranks) if (r !== undefined && r > max) max = r;
    const slots = new Int32Array(max + 1).fill(-1);
    const loose: number[] = [];
    ranks.forEach((r, i) => {
      if (r === undefined || slots[r] !== -1) loose.push(i);
      else slots[r] = i;
    });
    const placed: number[] = [];
    for (const i of slots) if (i !== -1) placed.push(i);
    loose.sort(asc);
    order = [];
    let from = 0;
    for (const i of loose) {
      let lo = from;
      let hi = placed.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (asc(placed[mid] as number, i) < 0) lo = mid + 1;
        else hi = mid;
      }
      for (let k = from; k < lo; k++) order.push(placed[k] as number);
      order.push(i);
      from = lo;
    }
    for (let k = from; k < placed.length; k++) order.push(placed[k] as number);
  }
  if (sort.dir === 'desc') {
    // Values descending, ids still ascending among equal values: runs of equal values, in reverse.
    const out: number[] = [];
    let end = order.length;
    for (let k = order.length - 1; k >= 0; k--) {
      if (k === 0 || value(order[k - 1] as number) !== value(order[k] as number)) {
        for (let j = k; j < end; j++) out.push(order[j] as number);
        end = k;
      }
    }
    order = out;
  }
  // Papers without a value (undated, no tags, no note) come last whichever way the column is sorted. '' is the least
  // value: descending puts them last already; ascending, they are the leading run, moved to the end (only that run
  // is read: the ranked path never computes the other papers' values).
  if (sort.dir === 'asc') {
    let k = 0;
    while (k < order.length && value(order[k] as number) === '') k++;
    if (k > 0 && k < order.length) order = [...order.slice(k), ...order.slice(0, k)];
  }
  return order.map((i) => papers[i] as SnapEntry);
}
