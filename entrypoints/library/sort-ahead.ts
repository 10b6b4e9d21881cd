/**
 * The library table's column order (issue 12), worked out ahead where it can be. Once the table lists every paper,
 * the page, when idle, reads each column's stored ranks and places every paper by them in ascending order, a column
 * at a time, and keeps that order (4 bytes per paper, a typed array: nothing for the collector to trace). A column's
 * first click (ascending) then only puts the rows in that order: the order's own work (its code running for the first
 * time at 100,000 papers, and the collection its arrays set off) has run while the page was idle, not between the
 * click and its rows. A descending click, another list (a query, a change) or a column not yet reached sorts as
 * before; every way gives the same order (tests/unit/paper-table.test.ts).
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { LibraryIndex } from '../../lib/library/client';
import type { SnapEntry } from '../../lib/library/schema';
import { inOrder, type Ranked, SORT_KEYS, type Sort, type SortKey, sortOrder } from '../../lib/library/sort';

/** The sort a person chose, and the ranks read for it (they belong to the index they were read from). */
export interface Sorting {
  sort: Sort;
  ranked?: Ranked;
  of?: LibraryIndex;
}

/**
 * Ascending orders worked out ahead for an index's full list. Listing every paper again (a query typed, then
 * cleared) gives a new array of the same entries in the same order: the orders still hold, and are kept.
 */
interface Ahead {
  list: readonly SnapEntry[];
  orders: Map<SortKey, Int32Array>;
}
const ahead = new WeakMap<LibraryIndex, Ahead>();

/** The orders kept for `index`, when `list` is the list they were worked out for (entry by entry). */
function keptFor(index: LibraryIndex, list: readonly SnapEntry[]): Ahead | undefined {
  const kept = ahead.get(index);
  if (!kept || kept.list === list) return kept;
  if (kept.list.length !== list.length) return undefined;
  for (let i = 0; i < list.length; i++) if (kept.list[i] !== list[i]) return undefined;
  kept.list = list;
  return kept;
}

/** Runs `fn` when the page is idle (a timer where idle callbacks are missing). */
function whenIdle(fn: () => void): void {
  const w = globalThis as { requestIdleCallback?: (cb: () => void) => number };
  if (w.requestIdleCallback) w.requestIdleCallback(fn);
  else setTimeout(fn, 50);
}

/**
 * The matches in the chosen order. `listedAll`: the matches are every paper of `index` (no query); only then are
 * orders worked out ahead (the list a person sorts first, and the one whose comparator sort is slowest).
 */
export function useSorted(
  matches: readonly SnapEntry[],
  docs: Int32Array,
  sorting: Sorting | undefined,
  index: LibraryIndex | undefined,
  listedAll: boolean,
): SnapEntry[] {
  const sorted = useMemo(() => {
    if (!sorting) return matches as SnapEntry[];
    const { sort } = sorting;
    const kept = sort.dir === 'asc' && index ? keptFor(index, matches)?.orders.get(sort.key) : undefined;
    const ranked = sorting.of === index ? sorting.ranked : undefined;
    return inOrder(matches, kept ?? sortOrder(matches as SnapEntry[], sort, ranked, docs));
  }, [matches, docs, sorting, index]);

  useEffect(() => {
    if (!listedAll || !index) return;
    let live = true;
    const list = matches;
    let kept = keptFor(index, list);
    if (!kept) {
      kept = { list, orders: new Map() };
      ahead.set(index, kept);
    }
    const { orders } = kept;
    const keys = SORT_KEYS.filter((key) => !orders.has(key));
    // One column per idle period: its ranks' read (~400 KB at 100,000 papers, kept per index by sortRanks), then
    // its order (a pass over the papers). Without ranks (no base, a damaged record) nothing is worked out ahead:
    // a comparator sort of 100,000 titles is a long task, left for the click that asks for it. Once the list
    // changes (a query typed) the orders stop but the reads go on through every column: a person who searched may
    // sort the results next, and their sort then waits for no read.
    const next = () => {
      const key = keys.shift();
      if (!key) return;
      void index
        .sortRanks(key)
        .catch(() => undefined)
        .then((ranked) =>
          whenIdle(() => {
            if (live && ranked) {
              orders.set(key, sortOrder(list as SnapEntry[], { key, dir: 'asc' }, ranked, docs));
              // How many columns' orders are kept (read by the e2e run).
              document.documentElement.dataset.ordersAhead = String(orders.size);
            }
            whenIdle(next);
          }),
        );
    };
    whenIdle(next);
    return () => {
      live = false;
    };
  }, [listedAll, index, matches, docs]);
  return sorted;
}
