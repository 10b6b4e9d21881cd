import { queryTokens, tagOperator } from '../lib/search/query';

interface Props {
  query: string;
  tags: string[];
  sites: string[];
  onQuery: (query: string) => void;
}

/** Toggles an operator in the query text: the query stays the one truth, chips only write it. */
export function toggleOperator(query: string, op: string): string {
  const parts = queryTokens(query);
  const has = parts.some((p) => p.toLowerCase() === op.toLowerCase());
  const next = has ? parts.filter((p) => p.toLowerCase() !== op.toLowerCase()) : [op, ...parts];
  return next.join(' ') + (next.length && !has ? ' ' : '');
}

/**
 * The tags a `tag:` being typed at the end of the query may become (a tag operator names one tag exactly, so the
 * query offers the names that start with what is typed), most used first.
 */
export function tagCompletions(query: string, tags: string[], max = 6): { tag: string; query: string }[] {
  const m = /(?:^|\s)tag:"?([^"\s]*)$/i.exec(query);
  if (!m) return [];
  const typed = (m[1] ?? '').toLowerCase();
  const head = query.slice(0, query.length - m[0].trimStart().length);
  return tags
    .filter((t) => t.toLowerCase().startsWith(typed) && t.toLowerCase() !== typed)
    .slice(0, max)
    .map((tag) => ({ tag, query: `${head}${tagOperator(tag)} ` }));
}

/** Filter chips: Starred, the most used tags, the sites; each writes its operator into the query. */
export function FilterChips({ query, tags, sites, onQuery }: Props) {
  const chips: [string, string][] = [
    ['is:starred', '★ Starred'],
    ...tags.slice(0, 6).map((t): [string, string] => [tagOperator(t), `#${t}`]),
    ...sites.map((s): [string, string] => [`site:${s}`, s]),
  ];
  const words = queryTokens(query).map((w) => w.toLowerCase());
  const completions = tagCompletions(query, tags);
  return (
    <fieldset class="ps-chips" aria-label="Filters">
      {completions.map((c) => (
        <button
          key={`complete-${c.tag}`}
          type="button"
          class="ps-filter ps-filter--complete"
          aria-label={`Complete: tag ${c.tag}`}
          onClick={() => onQuery(c.query)}
        >
          tag:{c.tag}
        </button>
      ))}
      {chips.map(([op, label]) => {
        const on = words.includes(op.toLowerCase());
        return (
          <button
            key={op}
            type="button"
            class={on ? 'ps-filter ps-filter--on' : 'ps-filter'}
            aria-pressed={on}
            onClick={() => onQuery(toggleOperator(query, op))}
          >
            {label}
          </button>
        );
      })}
    </fieldset>
  );
}
