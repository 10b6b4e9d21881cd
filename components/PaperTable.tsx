/**
 * The library page's table: one row per paper, sortable by any column, rendering only the rows in view (smooth
 * at 50,000 papers). Selection by checkbox (Shift-click selects a range) or keyboard (Space on a row).
 */

import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { SnapEntry } from '../lib/library/schema';
import type { Sort, SortKey } from '../lib/library/sort';
import { paperDate } from '../lib/paper/ids';
import { titleOf } from './byline';
import { chipStyle } from './tag-color';

const COLUMNS: { key: SortKey; label: string; width: string }[] = [
  { key: 'starred', label: 'Star', width: '4rem' },
  { key: 'title', label: 'Title', width: 'minmax(16rem, 3fr)' },
  { key: 'authors', label: 'Authors', width: 'minmax(8rem, 1.4fr)' },
  { key: 'sites', label: 'Sites', width: '6rem' },
  { key: 'published', label: 'Date', width: '6.5rem' },
  { key: 'firstSeen', label: 'First seen', width: '6.5rem' },
  { key: 'lastSeen', label: 'Last seen', width: '6.5rem' },
  // Tags get the room a note does not need (most papers have no note; a note shows in full in the detail pane).
  { key: 'tags', label: 'Tags', width: 'minmax(9rem, 1.6fr)' },
  { key: 'note', label: 'Note', width: 'minmax(5rem, 0.6fr)' },
];
const GRID = `2.2rem ${COLUMNS.map((c) => c.width).join(' ')}`;
const ROW = 34;
// Rows rendered beyond the viewport on each side: enough for a frame of fast scrolling (136 px), few enough that
// the table holds ~31 rows at 900 px, not ~43 (a jump's script time: p95 17.1 ms at 100,000 papers in CI30 with 10).
const OVERSCAN = 4;

const day = (iso?: string) => (iso ? iso.slice(0, 10) : '');

export interface PaperTableProps {
  papers: SnapEntry[];
  sort: Sort | undefined;
  selected: Set<string>;
  current: string | undefined;
  tagColors: Record<string, string>;
  onSort(sort: Sort): void;
  /** A checkbox or Space: `range` when Shift was held (from the last toggled row to this one). */
  onSelect(id: string, on: boolean, range: boolean): void;
  onOpen(id: string): void;
  onToggleStar(p: SnapEntry): void;
}

export function PaperTable(p: PaperTableProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(600);
  // Measured as the table mounts (a layout effect), so that the rows of the first frame are the rows in view: a
  // ResizeObserver alone reports at that frame, whose rows were then made again (a second render and layout inside
  // the frame). First rows after a restart at 100,000 papers, builds launched in turn (npm run bench:swap -- tests/
  // swap/cold-library.swap.ts, 10 opens each, two runs): 256 -> 232 and 248 -> 212 ms; sizing the first frame by the
  // window instead, 228.
  useLayoutEffect(() => {
    const v = viewport.current;
    if (!v) return;
    // (Not laid out, 0: a hidden page or a test's DOM keeps the guess until the observer reports.)
    if (v.clientHeight > 0) setHeight(v.clientHeight);
    const ro = new ResizeObserver(() => setHeight(v.clientHeight));
    ro.observe(v);
    return () => ro.disconnect();
  }, []);
  // Always the same number of rows (fewer only in a shorter list), each row element keyed by its position modulo that
  // number: a scroll, a sort or a filter gives the row elements already there other papers, rather than removing ~26
  // rows (~370 elements) and making as many. Made anew, after scroll jumps had left their garbage, the rows of a sort
  // at 100,000 papers took 89–116 ms of style recalculation alone; reused, their rows were presented in 67–128 ms
  // after the click instead of 144–208 (local, seven sorts each).
  const rows = Math.ceil(height / ROW) + 2 * OVERSCAN + 1;
  // The first frame with rows makes only the rows in view: it lays out and paints every row there is. At 100,000
  // papers (one profile, builds swapped, 27 warm opens each) first rows were presented at a median 252 ms with 23 rows
  // against 308 with 31. The rows below are made once that frame is painted (an effect runs after it), not at the
  // first scroll, whose jump would then make them too; keys stay `i % rows`, so the rows made are kept.
  const [full, setFull] = useState(false);
  const someRows = p.papers.length > 0;
  useEffect(() => {
    if (someRows && !full) setFull(true);
  }, [someRows, full]);
  const first = Math.max(0, Math.min(Math.floor(scroll / ROW) - OVERSCAN, p.papers.length - rows));
  const last = Math.min(p.papers.length, first + (full ? rows : Math.ceil(height / ROW) + 1));
  // A row element that takes another paper must not keep the focus (a key press would act on that other paper): the
  // focus goes to the table, as it went to the page when a row that left the view was removed.
  const focusedPaper = useRef<string>();
  useLayoutEffect(() => {
    const v = viewport.current;
    const active = document.activeElement;
    if (!v || !active || !v.contains(active) || active === v) return;
    const now = active.closest('tr')?.getAttribute('data-paper-id') ?? undefined;
    if (focusedPaper.current !== undefined && now !== focusedPaper.current) v.focus();
  });
  // The rows at the top carry `elementtiming` on their authors cell, a block of text (the e2e runs time when the
  // first rows reached the screen); rows scrolled to do not, so a scroll jump adds no paint-timing bookkeeping.
  const timing = (id: string) => (scroll === 0 ? id : undefined);

  return (
    <div
      class="ps-table"
      ref={viewport}
      tabIndex={-1}
      onScroll={(e) => {
        setFull(true);
        setScroll(Math.max(0, (e.target as HTMLElement).scrollTop - ROW));
      }}
      onFocusIn={(e) => {
        focusedPaper.current = (e.target as HTMLElement).closest('tr')?.getAttribute('data-paper-id') ?? undefined;
      }}
    >
      <table aria-label="Papers" aria-rowcount={p.papers.length + 1}>
        <thead>
          <tr aria-rowindex={1} style={{ gridTemplateColumns: GRID }}>
            <th class="ps-td">
              <span class="ps-sr">Select</span>
            </th>
            {COLUMNS.map((c) => {
              const active = p.sort?.key === c.key;
              return (
                <th
                  key={c.key}
                  class="ps-td"
                  aria-sort={active ? (p.sort?.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    class="ps-sort"
                    onClick={() => p.onSort({ key: c.key, dir: active && p.sort?.dir === 'asc' ? 'desc' : 'asc' })}
                  >
                    {c.label}
                    <span aria-hidden="true">{active ? (p.sort?.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody style={{ height: `${p.papers.length * ROW}px` }}>
          {p.papers.slice(first, last).map((paper, k) => {
            const i = first + k;
            const checked = p.selected.has(paper.id);
            return (
              <tr
                key={i % rows}
                aria-rowindex={i + 2}
                data-paper-id={paper.id}
                class={`${p.current === paper.id ? 'ps-tr--current' : ''}${checked ? ' ps-tr--selected' : ''}`}
                style={{ gridTemplateColumns: GRID, top: `${i * ROW}px` }}
              >
                <td class="ps-td">
                  <input
                    type="checkbox"
                    checked={checked}
                    aria-label={`Select: ${titleOf(paper)}`}
                    onClick={(e) =>
                      p.onSelect(paper.id, (e.target as HTMLInputElement).checked, (e as MouseEvent).shiftKey)
                    }
                  />
                </td>
                <td class="ps-td">
                  <button
                    type="button"
                    class={`ps-star${paper.starred ? ' ps-star--on' : ''}`}
                    aria-pressed={paper.starred}
                    aria-label={`Star: ${titleOf(paper)}`}
                    onClick={() => p.onToggleStar(paper)}
                  >
                    {paper.starred ? '★' : '☆'}
                  </button>
                </td>
                <td class="ps-td ps-td--title">
                  <button type="button" class="ps-open" onClick={() => p.onOpen(paper.id)} title={titleOf(paper)}>
                    {titleOf(paper)}
                  </button>
                </td>
                {/* Made anew for each paper (its key): the paper's text is then a new element, whose presentation the
                    e2e benchmark times with Element Timing (an element is reported once, when first painted). */}
                <td key={paper.id} class="ps-td" title={paper.authors.join(', ')} elementtiming={timing(paper.id)}>
                  {paper.authors.slice(0, 3).join(', ')}
                  {paper.authors.length > 3 ? ' et al.' : ''}
                </td>
                <td class="ps-td">{paper.sites.join(', ')}</td>
                <td class="ps-td">{paperDate(paper) ?? ''}</td>
                <td class="ps-td">{day(paper.firstSeen)}</td>
                <td class="ps-td">{day(paper.lastSeen)}</td>
                <td class="ps-td">
                  {paper.tags.map((t) => (
                    <span key={t} class="ps-tag" style={chipStyle(p.tagColors, t)}>
                      {t}
                    </span>
                  ))}
                </td>
                <td class="ps-td" title={paper.note}>
                  {paper.note ?? ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
