/**
 * Sorting the library table by a column (issue 12). The order is (column value, then paper id), ascending or
 * descending by value with ids ascending among equal values. Sorting 100,000 titles with a comparator takes
 * ~150–200 ms here, so the background stores each column's ranks with the search index (`sortRanks`): a view then
 * places the unchanged papers by rank in one pass and sorts only the papers changed since the index was built.
 */
import { paperDate } from '../paper/ids';
import { Slots } from '../search/slots';
import { runAll, sortSteps } from '../search/sort-steps';
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

/**
 * A column's stored order (what the background keeps with the search index): each doc's position in the ascending
 * (value, id) order, and one bit per position set when that position's value equals the one before it. The bits let
 * a descending sort find the runs of equal values without computing any value (lower-casing 100,000 titles to compare
 * neighbours made the descending title sort take 136 ms of page time here; with the bits, 26–50 ms).
 */
export interface ColumnRanks {
  rank: Uint32Array;
  tie: Uint8Array;
}

export function sortRanks(entries: SnapEntry[], key: SortKey): ColumnRanks {
  return runAll(sortRanksSteps(entries, key));
}

/**
 * sortRanks a piece at a time, for the background's rebuild (at 100,000 papers one column's sort held its worker
 * 65–190 ms, traced): each step computes 4,096 values or takes one step of the sort (lib/search/sort-steps.ts); the
 * last returns the ranks. The order is total (equal values go by id), so it is the one a single sort gives.
 */
export function* sortRanksSteps(entries: SnapEntry[], key: SortKey): Generator<void, ColumnRanks> {
  const n = entries.length;
  const values: string[] = [];
  for (let i = 0; i < n; i++) {
    values.push(sortValue(entries[i] as SnapEntry, key));
    if ((i & 4095) === 4095) yield;
  }
  const order = yield* sortSteps(
    n,
    (a, b) =>
      cmp(values[a] as string, values[b] as string) || cmp((entries[a] as SnapEntry).id, (entries[b] as SnapEntry).id),
  );
  const rank = new Uint32Array(n);
  const tie = new Uint8Array(Math.ceil(n / 8));
  order.forEach((doc, pos) => {
    rank[doc] = pos;
    if (pos > 0 && values[doc] === values[order[pos - 1] as number])
      tie[pos >> 3] = (tie[pos >> 3] as number) | (1 << (pos & 7));
  });
  return { rank, tie };
}

/** Each position's run of equal values, numbered from 0 (from a column's tie bits): equal values, equal numbers. */
export function valueRuns(tie: Uint8Array, n: number): Uint32Array {
  const runs = new Uint32Array(n);
  let run = 0;
  for (let pos = 1; pos < n; pos++) {
    if (!((tie[pos >> 3] as number) & (1 << (pos & 7)))) run++;
    runs[pos] = run;
  }
  return runs;
}

/** What a view knows of a column's stored order. */
export interface Ranked {
  /** Each base doc's position in the column's ascending (value, id) order. */
  rank: Uint32Array;
  /** Each position's run of equal values (`valueRuns`), when the record has its tie bits: asked for descending only. */
  runs?: () => Uint32Array;
  /** The base doc a paper is, while it is as the base holds it (undefined for a paper changed or added since). */
  docOf: (p: SnapEntry) => number | undefined;
}

/**
 * Papers in a column's order. With `ranked`, a paper that is as the ranks were built (its base doc: `docs[i]` when
 * the caller has them from the search that listed the papers, -1 for none; else `ranked.docOf`) is placed by its
 * stored rank, the others sorted and merged in by value; descending, two placed papers' values are equal when their
 * positions share a run. Every way gives the same order (tests/unit/paper-table.test.ts).
 */
export function sortPapers(papers: SnapEntry[], sort: Sort, ranked?: Ranked, docs?: ArrayLike<number>): SnapEntry[] {
  return inOrder(papers, sortOrder(papers, sort, ranked, docs));
}

/** The papers at the positions an order gives (`sortOrder`). */
export function inOrder<T>(papers: readonly T[], order: Int32Array): T[] {
  const out: T[] = new Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = papers[order[k] as number] as T;
  return out;
}

/** `sortPapers` as positions in `papers`: the order alone, to keep (a typed array, no work for the collector). */
export function sortOrder(papers: SnapEntry[], sort: Sort, ranked?: Ranked, docs?: ArrayLike<number>): Int32Array {
  const n = papers.length;
  // Values are computed only where an order needs them (the ranked path reads few); orders are typed arrays: at
  // 100,000 papers each pass over plain arrays of numbers cost a few milliseconds.
  // (Paged, lib/search/slots.ts: `new Array(100_000)` alone costs a few milliseconds.)
  const values = new Slots<string>(n);
  const value = (i: number) => {
    let v = values.get(i);
    if (v === undefined) {
      v = sortValue(papers[i] as SnapEntry, sort.key);
      values.set(i, v);
    }
    return v;
  };
  const asc = (a: number, b: number) =>
    cmp(value(a), value(b)) || cmp((papers[a] as SnapEntry).id, (papers[b] as SnapEntry).id);

  let order: Int32Array;
  // Set on the ranked path only: there every paper with a rank holds it alone.
  let runs: Uint32Array | undefined;
  // Each paper's stored rank (-1: none, or merged in by value); placed papers by rank (`slots`), the rest `loose`.
  const ranks = new Int32Array(ranked ? n : 0).fill(-1);
  const loose: number[] = [];
  let slots: Int32Array | undefined;
  if (ranked) {
    // One pass: a paper's doc, its rank, its slot. (At 100,000 papers, a lookup per paper in a WeakMap and two more
    // passes took 51 ms of the page's first sort, its code not yet optimised; this pass and the next, 13 ms.)
    const { rank } = ranked;
    const size = rank.length;
    slots = new Int32Array(size).fill(-1);
    for (let i = 0; i < n; i++) {
      const d = docs ? (docs[i] as number) : (ranked.docOf(papers[i] as SnapEntry) ?? -1);
      const r = d >= 0 && d < size ? (rank[d] as number) : -1;
      // No rank, or a second paper claiming one (a damaged record): merged in by value.
      if (r < 0 || r >= size || slots[r] !== -1) loose.push(i);
      else {
        slots[r] = i;
        ranks[i] = r;
      }
    }
  }
  if (!slots || loose.length > (3 * n) / 4) {
    const plain = Array.from({ length: n }, (_, i) => i);
    plain.sort(asc);
    order = Int32Array.from(plain);
  } else {
    // The placed papers in rank order, then the few changed papers merged in (a binary search each).
    const placed = new Int32Array(n - loose.length);
    let p = 0;
    for (let r = 0; r < slots.length; r++) {
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
    if (sort.dir === 'desc') runs = ranked?.runs?.();
  }
  const same = (i: number, j: number) => {
    const a = ranks[i] as number;
    const b = ranks[j] as number;
    return runs && a >= 0 && b >= 0 ? runs[a] === runs[b] : value(i) === value(j);
  };
  if (sort.dir === 'desc') {
    // Values descending, ids still ascending among equal values: runs of equal values, in reverse.
    const out = new Int32Array(n);
    let at = 0;
    let end = n;
    for (let k = n - 1; k >= 0; k--) {
      if (k === 0 || !same(order[k - 1] as number, order[k] as number)) {
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
  if (!first) return order;
  const rotated = new Int32Array(n);
  rotated.set(order.subarray(first));
  rotated.set(order.subarray(0, first), n - first);
  return rotated;
}
