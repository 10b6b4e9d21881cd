/**
 * A tolerant BibTeX reader for imports: entries with an arXiv id or a DOI become papers; everything else is
 * reported by entry key, never thrown. Handles {…} and "…" values, # concatenation, @string macros, @comment and
 * @preamble, LaTeX escapes and accents.
 */

import { LIMITS } from '../library/schema';
import { canonicalId, preferredId } from '../paper/ids';
import { normaliseTags } from '../paper/merge';
import type { Paper } from '../paper/types';

export interface BibEntry {
  type: string;
  key: string;
  fields: Record<string, string>;
}

const ACCENT: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  c: '\u0327',
  v: '\u030c',
  u: '\u0306',
  H: '\u030b',
  r: '\u030a',
};
const SYMBOL: Record<string, string> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  ae: 'æ',
  AE: 'Æ',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  textbackslash: '\\',
  textasciitilde: '~',
  textasciicircum: '^',
};

/** LaTeX text to Unicode: accents and escapes resolved, grouping braces dropped, math left as written. */
export function delatex(text: string): string {
  let t = text;
  t = t.replace(/\\([a-zA-Z]+)\{\}/g, (m, name: string) => SYMBOL[name] ?? m);
  t = t.replace(/\{\\(["'`^~=.])\{?([A-Za-z])\}?\}|\\(["'`^~=.])\{?([A-Za-z])\}?/g, (m, a1, l1, a2, l2) => {
    const mark = ACCENT[(a1 ?? a2) as string];
    return mark ? `${l1 ?? l2}${mark}` : m;
  });
  t = t.replace(/\\([cvuHr])\{([A-Za-z])\}/g, (m, a: string, l: string) => (ACCENT[a] ? `${l}${ACCENT[a]}` : m));
  t = t.replace(/\\(ss|o|O|ae|AE|aa|AA|l|L|i)\b/g, (m, name: string) => SYMBOL[name] ?? m);
  // Grouping braces go first; escaped ones (\{ \}) stay as characters.
  t = t.replace(/(?<!\\)[{}]/g, '');
  t = t.replace(/\\([&%$#_{}])/g, '$1');
  return t.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Parses BibTeX text into entries; problems are reported with the entry key where there is one. */
export function parseBibtex(text: string): { entries: BibEntry[]; errors: string[] } {
  const entries: BibEntry[] = [];
  const errors: string[] = [];
  const macros: Record<string, string> = {
    jan: 'January',
    feb: 'February',
    mar: 'March',
    apr: 'April',
    may: 'May',
    jun: 'June',
    jul: 'July',
    aug: 'August',
    sep: 'September',
    oct: 'October',
    nov: 'November',
    dec: 'December',
  };
  let i = 0;
  const n = text.length;
  const skipWs = () => {
    while (i < n && /\s/.test(text[i] as string)) i++;
  };
  /** A braced or quoted value, or a bare word/number (a macro); # joins parts. */
  const readValue = (): string | undefined => {
    const parts: string[] = [];
    for (;;) {
      skipWs();
      const c = text[i];
      if (c === '{' || c === '"') {
        const close = c === '{' ? '}' : '"';
        let depth = 0;
        const start = ++i;
        for (; i < n; i++) {
          const ch = text[i];
          if (ch === '\\') {
            i++;
            continue;
          }
          // A new entry starting inside a value means the value's braces never closed.
          if (ch === '\n' && /^\s*@[a-zA-Z]+\s*[{(]/.test(text.slice(i + 1, i + 40))) return undefined;
          if (ch === '{') depth++;
          else if (ch === '}' && (depth > 0 || close !== '}')) {
            if (depth === 0) return undefined; // a stray } inside "…"
            depth--;
          } else if (ch === close && depth === 0) break;
        }
        if (i >= n) return undefined;
        parts.push(text.slice(start, i));
        i++;
      } else {
        const m = /^[\w.:/-]+/.exec(text.slice(i, i + 200));
        if (!m) return undefined;
        i += m[0].length;
        parts.push(macros[m[0].toLowerCase()] ?? m[0]);
      }
      skipWs();
      if (text[i] !== '#') return parts.join('');
      i++;
    }
  };

  while (i < n) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    i = at + 1;
    const typeMatch = /^([a-zA-Z]+)\s*([{(])/.exec(text.slice(i, i + 60));
    if (!typeMatch) continue;
    const type = (typeMatch[1] as string).toLowerCase();
    i += typeMatch[0].length;
    if (type === 'comment' || type === 'preamble') {
      readValueUntilClose();
      continue;
    }
    if (type === 'string') {
      const name = /^\s*([\w-]+)\s*=/.exec(text.slice(i, i + 100));
      if (name) {
        i += name[0].length;
        const v = readValue();
        if (v !== undefined) macros[(name[1] as string).toLowerCase()] = v;
      }
      readValueUntilClose();
      continue;
    }
    const keyMatch = /^\s*([^,\s{}()]*)\s*,/.exec(text.slice(i, i + 300));
    const key = keyMatch ? (keyMatch[1] as string) : '';
    const label = key ? `entry ${key}` : `the entry at character ${at}`;
    if (!keyMatch) {
      errors.push(`${label}: no citation key`);
      continue;
    }
    i += keyMatch[0].length;
    const fields: Record<string, string> = Object.create(null);
    let broken = false;
    for (;;) {
      skipWs();
      if (text[i] === '}' || text[i] === ')') {
        i++;
        break;
      }
      if (i >= n) {
        broken = true;
        break;
      }
      const f = /^([\w-]+)\s*=/.exec(text.slice(i, i + 100));
      if (!f) {
        broken = true;
        break;
      }
      i += f[0].length;
      const value = readValue();
      if (value === undefined) {
        broken = true;
        break;
      }
      const name = (f[1] as string).toLowerCase();
      if (name !== '__proto__' && name !== 'constructor' && name !== 'prototype') fields[name] = value;
      skipWs();
      if (text[i] === ',') i++;
    }
    if (broken) {
      errors.push(`${label}: unbalanced braces or a malformed field; entry skipped`);
      i = at + 1; // look for the next entry right after this one's start
      continue;
    }
    entries.push({ type, key, fields: { ...fields } });
  }
  return { entries, errors };

  function readValueUntilClose() {
    let depth = 1;
    for (; i < n && depth > 0; i++) {
      if (text[i] === '{' || text[i] === '(') depth++;
      else if (text[i] === '}' || text[i] === ')') depth--;
    }
  }
}

/** "Lovelace, Ada and Turing, Alan" → ["Ada Lovelace", "Alan Turing"]. */
export function bibAuthors(field: string | undefined): string[] {
  if (!field) return [];
  return field
    .split(/\s+and\s+/i)
    .map((a) => delatex(a))
    .filter(Boolean)
    .map((a) => {
      const parts = a.split(/\s*,\s*/);
      return parts.length === 2
        ? `${parts[1]} ${parts[0]}`
        : parts.length === 3
          ? `${parts[2]} ${parts[0]}, ${parts[1]}`
          : a;
    });
}

/** A BibTeX entry as a paper, when it names an arXiv paper or a DOI. */
export function bibEntryToPaper(e: BibEntry, now: string): Paper | string {
  const f = e.fields;
  const eprintIsArxiv = !f.archiveprefix || /arxiv/i.test(f.archiveprefix) || /arxiv/i.test(f.eprinttype ?? '');
  const candidates = [
    // Our own export names ids that are neither arXiv nor DOI (a Scholar result, OpenReview, ACL…).
    f.papershelfid ? canonicalId(f.papershelfid) : undefined,
    f.eprint && eprintIsArxiv ? canonicalId(`arXiv:${f.eprint}`) : undefined,
    f.doi ? canonicalId(`doi:${f.doi.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '')}`) : undefined,
    f.url ? canonicalId(f.url) : undefined,
    ...[f.journal, f.note, f.howpublished]
      .map((t) => (t ? /arXiv:\s*(\S+)/i.exec(t)?.[1] : undefined))
      .map((x) => (x ? canonicalId(`arXiv:${x}`) : undefined)),
  ];
  const id = preferredId(candidates);
  if (!id) return `entry ${e.key}: no arXiv id or DOI, not imported`;
  const title = delatex(f.title ?? '');
  if (!title) return `entry ${e.key}: no title, not imported`;
  const year = /\d{4}/.exec(f.year ?? f.date ?? '')?.[0];
  const month = f.month
    ? [
        'january',
        'february',
        'march',
        'april',
        'may',
        'june',
        'july',
        'august',
        'september',
        'october',
        'november',
        'december',
      ].findIndex((m) => m.startsWith(f.month?.toLowerCase().slice(0, 3) ?? '-')) + 1
    : 0;
  const paper: Paper = {
    id,
    title,
    authors: bibAuthors(f.author),
    url: f.url ?? (id.startsWith('arxiv:') ? `https://arxiv.org/abs/${id.slice(6)}` : `https://doi.org/${id.slice(4)}`),
    starred: false,
    tags: [],
    sightings: [],
    addedAt: now,
    updatedAt: now,
  };
  if (year) paper.published = month > 0 ? `${year}-${String(month).padStart(2, '0')}` : year;
  const venue = delatex(f.journal ?? f.booktitle ?? '');
  if (venue && !/^arxiv/i.test(venue)) paper.venue = venue;
  if (f.abstract) paper.abstract = delatex(f.abstract);
  const keywords = (f.keywords ?? '')
    .split(/\s*[,;]\s*/)
    .map(delatex)
    .filter(Boolean);
  // Keywords are tags (what reference managers, and our own export, keep there); a note is `annote`.
  if (keywords.length) paper.tags = normaliseTags(keywords).slice(0, LIMITS.tags);
  if (f.annote) paper.note = delatex(f.annote).slice(0, LIMITS.note);
  if (/\bstarred\b/i.test(f.papershelf ?? '')) {
    paper.starred = true;
    paper.starredAt = now;
  }
  return paper;
}
