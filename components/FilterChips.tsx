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

/** Filter chips: Starred, the most used tags, the sites; each writes its operator into the query. */
export function FilterChips({ query, tags, sites, onQuery }: Props) {
  const chips: [string, string][] = [
    ['is:starred', '★ Starred'],
    ...tags.slice(0, 6).map((t): [string, string] => [tagOperator(t), `#${t}`]),
    ...sites.map((s): [string, string] => [`site:${s}`, s]),
  ];
  const words = queryTokens(query).map((w) => w.toLowerCase());
  return (
    <fieldset class="ps-chips" aria-label="Filters">
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
