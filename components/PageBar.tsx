export interface PageFilters {
  hideSeen: boolean;
  onlyStarred: boolean;
  tag: string;
  text: string;
  /** Show the papers marked "not interested" (hidden on every feed otherwise). */
  showDismissed: boolean;
}

export const NO_FILTERS: PageFilters = { hideSeen: false, onlyStarred: false, tag: '', text: '', showDismissed: false };

interface Props {
  total: number;
  /** A single paper's page: no feed counts or filters, only its messages (a compact control is enough). */
  single?: boolean;
  newCount: number;
  starredCount: number;
  /** Papers on this page marked "not interested" (hidden unless shown). */
  dismissedCount: number;
  shown: number;
  filters: PageFilters;
  tags: string[];
  collapsed: boolean;
  help: boolean;
  /** A message for the user (a change that could not be saved), shown until the next one. */
  notice?: string;
  onFilters: (f: PageFilters) => void;
  onCollapsed: (collapsed: boolean) => void;
  onHelp: (open: boolean) => void;
  /** The keyboard shortcuts, [keys, what they do]. */
  shortcuts: [string, string][];
  /** "For you" (issue 16): the view and what ranking says; absent when it is off in the settings. */
  forYou?: { sort: 'page' | 'foryou'; top: number; tag: string; status: string };
  onForYou?: (patch: Partial<{ sort: 'page' | 'foryou'; top: number; tag: string }>) => void;
  /** The user's tags (all of them: "like my #tag papers"). */
  allTags?: string[];
}

const TOPS = [0, 5, 10, 20, 50];

/** The page bar: counts for this page, and filters applied to the page itself. */
export function PageBar(p: Props) {
  const { filters } = p;
  const set = (patch: Partial<PageFilters>) => p.onFilters({ ...filters, ...patch });
  const active = filters.hideSeen || filters.onlyStarred || !!filters.tag || !!filters.text || filters.showDismissed;
  const counts = `${p.total} ${p.total === 1 ? 'paper' : 'papers'} · ${p.newCount} new · ${p.starredCount} starred`;
  if (p.single) {
    return (
      <section class="ps-bar ps-bar--single" aria-label="PaperShelf">
        {p.notice ? (
          <p class="ps-bar-notice" role="alert">
            {p.notice}
          </p>
        ) : null}
      </section>
    );
  }
  if (p.collapsed && !p.notice) {
    return (
      <section class="ps-bar ps-bar--collapsed" aria-label="PaperShelf">
        <button type="button" class="ps-bar-open" aria-expanded="false" onClick={() => p.onCollapsed(false)}>
          PS · {counts}
        </button>
      </section>
    );
  }
  return (
    <section class="ps-bar" aria-label="PaperShelf">
      {p.notice && (
        <p class="ps-bar-notice" role="alert">
          {p.notice}
        </p>
      )}
      <div class="ps-bar-row">
        <strong class="ps-bar-counts">{counts}</strong>
        {active && <span class="ps-bar-shown">{p.shown} shown</span>}
        {p.dismissedCount > 0 && (
          <button
            type="button"
            class="ps-bar-btn"
            aria-pressed={filters.showDismissed}
            onClick={() => set({ showDismissed: !filters.showDismissed })}
          >
            {p.dismissedCount} not interested · {filters.showDismissed ? 'hide' : 'show'}
          </button>
        )}
        <button type="button" class="ps-bar-btn" aria-label="Keyboard shortcuts" onClick={() => p.onHelp(!p.help)}>
          ?
        </button>
        <button
          type="button"
          class="ps-bar-btn"
          aria-expanded="true"
          aria-label="Collapse PaperShelf bar"
          onClick={() => p.onCollapsed(true)}
        >
          –
        </button>
      </div>
      <div class="ps-bar-row">
        <label>
          <input
            type="checkbox"
            checked={filters.hideSeen}
            onChange={(e) => set({ hideSeen: (e.target as HTMLInputElement).checked })}
          />
          Hide seen
        </label>
        <label>
          <input
            type="checkbox"
            checked={filters.onlyStarred}
            onChange={(e) => set({ onlyStarred: (e.target as HTMLInputElement).checked })}
          />
          Only starred
        </label>
        <select
          aria-label="Only papers with tag"
          value={filters.tag}
          onChange={(e) => set({ tag: (e.target as HTMLSelectElement).value })}
        >
          <option value="">Any tag</option>
          {p.tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <input
          type="search"
          class="ps-bar-text"
          aria-label="Filter papers on this page"
          placeholder="Filter…"
          value={filters.text}
          onInput={(e) => set({ text: (e.target as HTMLInputElement).value })}
          onKeyDown={(e) => e.stopPropagation()}
        />
        {active && (
          <button type="button" class="ps-bar-btn" onClick={() => p.onFilters({ ...NO_FILTERS })}>
            Clear
          </button>
        )}
      </div>
      {p.forYou && (
        <div class="ps-bar-row">
          <select
            aria-label="Sort"
            value={p.forYou.sort}
            onChange={(e) => p.onForYou?.({ sort: (e.target as HTMLSelectElement).value as 'page' | 'foryou' })}
          >
            <option value="page">Sort: page order</option>
            <option value="foryou">Sort: for you</option>
          </select>
          <select
            aria-label="Only the top papers for me"
            value={String(p.forYou.top)}
            onChange={(e) => p.onForYou?.({ top: Number((e.target as HTMLSelectElement).value) })}
          >
            {TOPS.map((n) => (
              <option key={n} value={String(n)}>
                {n ? `Only my top ${n}` : 'All papers'}
              </option>
            ))}
          </select>
          <select
            aria-label="Rank like"
            value={p.forYou.tag}
            onChange={(e) => p.onForYou?.({ tag: (e.target as HTMLSelectElement).value })}
          >
            <option value="">Like my starred papers</option>
            {(p.allTags ?? []).map((t) => (
              <option key={t} value={t}>
                Like my #{t} papers
              </option>
            ))}
          </select>
          {p.forYou.status && (
            <span class="ps-bar-shown" role="status">
              {p.forYou.status}
            </span>
          )}
        </div>
      )}
      {p.help && (
        <dl class="ps-help" aria-label="Keyboard shortcuts">
          {p.shortcuts.map(([k, what]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
