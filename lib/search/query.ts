/**
 * The query language of the popup and the library page: free text plus operators, combinable.
 *   is:starred  is:unstarred  is:dismissed  is:read  is:unread  tag:<name>  tag:"two words"  site:hf|arxiv|…
 *   year:2024  after:2024-06-01  before:…   -word (exclude)  "exact phrase"  -is:dismissed (any is: negated)
 *   sort:foryou (results in the for-you order, issue 16)  like:<paper id> (papers similar to one paper)
 * A tag operator names one tag exactly (case and accents folded): tag:rl is not tag:rlhf. Views complete tag names.
 * Unknown operators (and malformed values) are searched as text, never an error.
 */
import { fold, phraseText, words } from './normalize';

export interface ParsedQuery {
  /** Folded words every result must match (the last one may be a prefix being typed). */
  terms: string[];
  /** Folded phrases that must appear as written (word boundaries). */
  phrases: string[];
  /** Folded words no result may contain. */
  excluded: string[];
  starred?: boolean;
  dismissed?: boolean;
  read?: boolean;
  /** Folded tag names, each matched whole. */
  tags: string[];
  sites: string[];
  year?: string;
  after?: string;
  before?: string;
  /** `sort:foryou`: the results ordered by the for-you model (asked of the background by the view). */
  sort?: 'foryou';
  /** `like:<id>`: the papers most like this one ("Similar papers"). */
  like?: string;
}

const MAX_QUERY = 500;

/** The query's tokens: operators (with a quoted value), phrases, words; what chips toggle. */
export function queryTokens(input: string): string[] {
  return input.slice(0, MAX_QUERY).match(/-?[a-z]+:"[^"]*"?|-?"[^"]*"?|\S+/gi) ?? [];
}

/** The operator that names a tag, quoted when it holds a space (what a chip or a completion writes). */
export function tagOperator(tag: string): string {
  return /[\s"]/.test(tag) ? `tag:"${tag.replaceAll('"', '')}"` : `tag:${tag}`;
}

export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = { terms: [], phrases: [], excluded: [], tags: [], sites: [] };
  for (const token of queryTokens(input)) {
    if (token.startsWith('"') || token.startsWith('-"')) {
      const neg = token.startsWith('-');
      const inner = token.replace(/^-?"|"$/g, '');
      if (neg) {
        q.excluded.push(...words(inner));
        continue;
      }
      // As the text is compared (lib/search/normalize.ts phraseText): "test-time" is "test time", never the
      // index's extra joined form "testtime", which no text holds as written.
      const phrase = phraseText(inner).trim();
      if (phrase) q.phrases.push(phrase);
      continue;
    }
    const op = /^(-?)([a-z]+):(.+)$/i.exec(token);
    if (op) {
      const value = (op[3] as string).replace(/^"|"$/g, '');
      if (applyOperator(q, (op[2] as string).toLowerCase(), value, op[1] === '-')) continue;
    }
    if (token.startsWith('-') && token.length > 1) {
      q.excluded.push(...words(token.slice(1)));
      continue;
    }
    q.terms.push(...words(token));
  }
  return q;
}

function applyOperator(q: ParsedQuery, name: string, value: string, negated: boolean): boolean {
  const v = value.trim();
  if (negated && name !== 'is') return false; // -tag:x and friends: searched as excluded words
  switch (name) {
    case 'is': {
      const w = v.toLowerCase();
      const flag: [keyof Pick<ParsedQuery, 'starred' | 'dismissed' | 'read'>, boolean] | undefined =
        w === 'starred' || w === 'star'
          ? ['starred', true]
          : w === 'unstarred'
            ? ['starred', false]
            : w === 'dismissed'
              ? ['dismissed', true]
              : w === 'read'
                ? ['read', true]
                : w === 'unread'
                  ? ['read', false]
                  : undefined;
      if (!flag) return false;
      q[flag[0]] = negated ? !flag[1] : flag[1];
      return true;
    }
    case 'tag':
      if (!v) return false;
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
    case 'sort':
      if (v.toLowerCase() !== 'foryou') return false;
      q.sort = 'foryou';
      return true;
    case 'like':
      if (!v) return false;
      q.like = v;
      return true;
    default:
      return false;
  }
}

/** Whether the query has anything beyond filters (so results are ranked by text, not listed by date). */
export function hasText(q: ParsedQuery): boolean {
  return q.terms.length > 0 || q.phrases.length > 0;
}
