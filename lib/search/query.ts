/**
 * The query language of the popup and the library page: free text plus operators, combinable.
 *   is:starred  is:unstarred  tag:<prefix>  site:hf|arxiv|scholar|…  year:2024  after:2024-06-01  before:…
 *   -word (exclude)  "exact phrase"
 * Unknown operators (and malformed values) are searched as text, never an error.
 */
import { fold, words } from './normalize';

export interface ParsedQuery {
  /** Folded words every result must match (the last one may be a prefix being typed). */
  terms: string[];
  /** Folded phrases that must appear as written (word boundaries). */
  phrases: string[];
  /** Folded words no result may contain. */
  excluded: string[];
  starred?: boolean;
  tags: string[];
  sites: string[];
  year?: string;
  after?: string;
  before?: string;
}

const MAX_QUERY = 500;

export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = { terms: [], phrases: [], excluded: [], tags: [], sites: [] };
  const text = input.slice(0, MAX_QUERY);
  const tokens = text.match(/-?"[^"]*"?|\S+/g) ?? [];
  for (const token of tokens) {
    if (token.startsWith('"') || token.startsWith('-"')) {
      const neg = token.startsWith('-');
      const phrase = words(token.replace(/^-?"|"$/g, '')).join(' ');
      if (!phrase) continue;
      if (neg) q.excluded.push(...phrase.split(' '));
      else q.phrases.push(phrase);
      continue;
    }
    const op = /^([a-z]+):(.+)$/i.exec(token);
    if (op && applyOperator(q, (op[1] as string).toLowerCase(), op[2] as string)) continue;
    if (token.startsWith('-') && token.length > 1) {
      q.excluded.push(...words(token.slice(1)));
      continue;
    }
    q.terms.push(...words(token));
  }
  return q;
}

function applyOperator(q: ParsedQuery, name: string, value: string): boolean {
  const v = value.trim();
  switch (name) {
    case 'is': {
      const w = v.toLowerCase();
      if (w === 'starred' || w === 'star') q.starred = true;
      else if (w === 'unstarred') q.starred = false;
      else return false;
      return true;
    }
    case 'tag':
      q.tags.push(fold(v));
      return true;
    case 'site':
      q.sites.push(v.toLowerCase());
      return true;
    case 'year':
      if (!/^\d{4}$/.test(v)) return false;
      q.year = v;
      return true;
    case 'after':
    case 'before':
      if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) return false;
      q[name] = v;
      return true;
    default:
      return false;
  }
}

/** Whether the query has anything beyond filters (so results are ranked by text, not listed by date). */
export function hasText(q: ParsedQuery): boolean {
  return q.terms.length > 0 || q.phrases.length > 0;
}
