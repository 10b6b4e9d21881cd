import { useEffect, useRef, useState } from 'preact/hooks';
import type { SnapEntry } from '../lib/library/schema';
import { ResultRow } from './ResultRow';

export interface ResultItem {
  paper: SnapEntry;
  titleMatches: [number, number][];
}

export interface ResultGroup {
  label: string;
  items: ResultItem[];
  /** Headed even when it is the only group ("On this page" says where the rows come from). */
  headed?: boolean;
}

interface Props {
  groups: ResultGroup[];
  active: number;
  editing: string | undefined;
  suggestions: string[];
  onActive: (index: number) => void;
  onToggleStar: (p: SnapEntry) => void;
  onOpen: (p: SnapEntry, background: boolean) => void;
  onSetTags: (p: SnapEntry, tags: string[]) => void;
  onCloseEditor: () => void;
  onEditTags: (p: SnapEntry) => void;
  /** "Complete metadata" for a paper (only while the setting is on). */
  onComplete?: (p: SnapEntry) => void;
  onSimilar?: (p: SnapEntry) => void;
  onKeyDown: (e: KeyboardEvent) => void;
  listRef: { current: HTMLDivElement | null };
  tagColors?: Record<string, string>;
}

const ROW = 62; // px; rows have a fixed height so only the visible ones need rendering
const OVERSCAN = 6;

export const rowId = (i: number) => `ps-result-${i}`;

/** The results: one listbox, groups as headed sections, only the rows in view rendered (50,000 stay fast). */
export function ResultList(p: Props) {
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(440);
  const viewport = useRef<HTMLDivElement>(null);
  type Row = { kind: 'head'; label: string } | { kind: 'item'; item: ResultItem; index: number };
  const rows: Row[] = [];
  let n = 0;
  for (const g of p.groups) {
    if (p.groups.length > 1 || g.headed) rows.push({ kind: 'head', label: g.label });
    for (const item of g.items) rows.push({ kind: 'item', item, index: n++ });
  }
  const activeRow = rows.findIndex((r) => r.kind === 'item' && r.index === p.active);

  useEffect(() => {
    const v = viewport.current;
    if (v) setHeight(v.clientHeight || 440);
  }, []);
  useEffect(() => {
    // Keep the active row in view as the keyboard moves it.
    const v = viewport.current;
    if (!v || activeRow < 0) return;
    const top = activeRow * ROW;
    if (top < v.scrollTop) v.scrollTop = top;
    else if (top + ROW > v.scrollTop + v.clientHeight) v.scrollTop = top + ROW - v.clientHeight;
  }, [activeRow]);

  // Until the list is scrolled or the keyboard moves in it, only the rows in view are made (8, not 14): the first
  // frame lays out and paints every row there is. At 100,000 papers, warm opens on one profile with the builds
  // swapped (33 each): first rows presented at a median 176 ms against 188. Once the keyboard moves in the list the
  // rows below the view are made as before, so ↓ names a row that is there.
  const [moved, setMoved] = useState(false);
  const below = moved || p.active > 0 ? OVERSCAN : 0;
  const first = Math.max(0, Math.floor(scroll / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scroll + height) / ROW) + below);
  return (
    <div
      class="ps-viewport"
      ref={viewport}
      onScroll={(e) => {
        setMoved(true);
        setScroll((e.target as HTMLElement).scrollTop);
      }}
    >
      <div
        id="ps-results"
        class="ps-results"
        role="grid"
        aria-rowcount={rows.length}
        tabIndex={0}
        aria-label="Results"
        aria-activedescendant={p.active >= 0 ? rowId(p.active) : undefined}
        ref={p.listRef}
        onKeyDown={p.onKeyDown}
        style={{ height: `${rows.length * ROW}px` }}
      >
        {rows.slice(first, last).map((r, k) => {
          const top = (first + k) * ROW;
          if (r.kind === 'head') {
            return (
              <div
                key={`h-${r.label}`}
                class="ps-group"
                role="row"
                aria-rowindex={first + k + 1}
                style={{ top: `${top}px` }}
              >
                <span role="rowheader">{r.label}</span>
              </div>
            );
          }
          const { paper } = r.item;
          return (
            <div key={paper.id} class="ps-slot" role="presentation" style={{ top: `${top}px` }}>
              <ResultRow
                rowIndex={first + k + 1}
                paper={paper}
                rowId={rowId(r.index)}
                active={r.index === p.active}
                titleMatches={r.item.titleMatches}
                editing={p.editing === paper.id}
                suggestions={p.suggestions}
                onToggleStar={() => p.onToggleStar(paper)}
                onOpen={(bg) => p.onOpen(paper, bg)}
                onSetTags={(tags) => p.onSetTags(paper, tags)}
                onCloseEditor={p.onCloseEditor}
                onEditTags={() => p.onEditTags(paper)}
                onComplete={p.onComplete ? () => p.onComplete?.(paper) : undefined}
                onSimilar={p.onSimilar ? () => p.onSimilar?.(paper) : undefined}
                onPointer={() => p.onActive(r.index)}
                tagColors={p.tagColors}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
