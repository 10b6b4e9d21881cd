import type { Paper } from '../paper/types';
import { type ExportFormatSpec, exportUrl, yearOf } from './common';

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Escapes BibTeX/LaTeX special characters; everything else (μ, é, ü, CJK) stays as written. */
export function escapeBibtex(text: string): string {
  // "--" and "---" are LaTeX dashes: -{}- keeps the hyphens as written.
  return text.replace(/[\\{}&%$#_~^]/g, (c) => SPECIAL[c] ?? c).replace(/-(?=-)/g, '-{}');
}

/**
 * A verbatim field (url, doi): readers take it as written, so braces, backslashes and white space, which would end
 * the field or plant another one, are percent-encoded (a DOI or URL means the same with them encoded).
 */
export function bibtexVerbatim(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being encoded
  return text.replace(/[{}\\\s"\u0000-\u001f]/g, (c) => encodeURIComponent(c));
}

/** Escapes, then protects words with a capital after their first letter (LLM, GPT, ImageNet, BERTScore). */
export function bibtexTitle(title: string): string {
  return escapeBibtex(title.replace(/\s+/g, ' ').trim()).replace(/[A-Za-z0-9]+/g, (w) =>
    /.[A-Z]/.test(w) ? `{${w}}` : w,
  );
}

/** "Ada Lovelace" → "Lovelace, Ada"; names already "Last, First" and single names are kept. */
export function lastFirst(name: string): string {
  const n = name.replace(/\s+/g, ' ').trim();
  if (n.includes(',') || !n.includes(' ')) return n;
  const parts = n.split(' ');
  // Particles stay with the last name: "Ludwig van Beethoven" → "van Beethoven, Ludwig".
  let i = parts.length - 1;
  while (i > 1 && /^(van|von|der|de|da|di|del|la|le|du)$/i.test(parts[i - 1] as string)) i -= 1;
  return `${parts.slice(i).join(' ')}, ${parts.slice(0, i).join(' ')}`;
}

function ascii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const SKIP = new Set([
  'a',
  'an',
  'the',
  'on',
  'of',
  'in',
  'for',
  'to',
  'and',
  'with',
  'via',
  'is',
  'are',
  'towards',
  'toward',
]);

/** The readable base key: first author's last name, year, first significant title word. */
export function baseKey(p: Paper): string {
  const first = p.authors[0] ? (lastFirst(p.authors[0]).split(',')[0] ?? '') : '';
  const last = ascii(first.split(' ').pop() ?? '') || 'anon';
  const year = yearOf(p) ?? '';
  const word =
    p.title
      .split(/[\s:,.;!?()-]+/)
      .map(ascii)
      .find((w) => w && !SKIP.has(w)) ?? 'paper';
  return `${last}${year}${word}`;
}

/** Unique keys for a set of papers: clashes get a, b, c … in paper-id order, so they are stable across exports. */
export function bibtexKeys(papers: Paper[]): Map<string, string> {
  const groups = new Map<string, Paper[]>();
  for (const p of papers) {
    const k = baseKey(p);
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const keys = new Map<string, string>();
  for (const [k, group] of groups) {
    if (group.length === 1) keys.set((group[0] as Paper).id, k);
    else {
      const ordered = [...group].sort((a, b) => a.id.localeCompare(b.id));
      ordered.forEach((p, i) => {
        keys.set(p.id, `${k}${suffix(i)}`);
      });
    }
  }
  return keys;
}

function suffix(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/** The primary arXiv category, from keywords such as "Machine Learning (cs.LG)" or "cs.LG". */
function primaryClass(p: Paper): string | undefined {
  for (const k of p.keywords ?? []) {
    const m = /\(([a-z-]+(?:\.[A-Za-z-]+)?)\)\s*$/.exec(k) ?? /^([a-z-]+\.[A-Za-z-]+)$/.exec(k);
    if (m) return m[1];
  }
  return undefined;
}

/** Proceedings, by the venue's name: the usual words, the big conferences' acronyms, and NeurIPS's book title. */
const PROCEEDINGS =
  /\b(proceedings|proc\.|conference|workshop|symposium|advances in neural information processing|neurips|nips|icml|iclr|cvpr|iccv|eccv|acl|emnlp|naacl|eacl|coling|aaai|ijcai|kdd|sigir|www|chi|uist|icra|iros|corl|aistats|uai|colt|interspeech|icassp|miccai)\b/i;

function entryType(p: Paper, arxiv: string | undefined, doi: string | undefined): 'article' | 'inproceedings' | 'misc' {
  const venue = p.venue && !/^arxiv\b/i.test(p.venue) ? p.venue : undefined;
  if (venue) return PROCEEDINGS.test(venue) ? 'inproceedings' : 'article';
  return doi && !arxiv ? 'article' : 'misc';
}

export function bibtexEntry(p: Paper, key = baseKey(p)): string {
  const fields: [string, string][] = [];
  const arxiv = p.id.startsWith('arxiv:') ? p.id.slice(6) : undefined;
  const doi = p.id.startsWith('doi:') ? p.id.slice(4) : p.doi;
  fields.push(['title', `{${bibtexTitle(p.title)}}`]);
  if (p.authors.length) fields.push(['author', `{${p.authors.map((a) => escapeBibtex(lastFirst(a))).join(' and ')}}`]);
  const year = yearOf(p);
  if (year) fields.push(['year', `{${year}}`]);
  // A venue makes a paper a journal article or a proceedings paper, as standard styles expect (not @misc).
  const type = entryType(p, arxiv, doi);
  if (p.venue)
    fields.push([
      type === 'inproceedings' ? 'booktitle' : type === 'article' ? 'journal' : 'howpublished',
      `{${escapeBibtex(p.venue)}}`,
    ]);
  if (arxiv) {
    fields.push(['eprint', `{${arxiv}}`], ['archivePrefix', '{arXiv}']);
    const cls = primaryClass(p);
    if (cls) fields.push(['primaryClass', `{${cls}}`]);
  }
  if (doi) fields.push(['doi', `{${bibtexVerbatim(doi)}}`]);
  const url = exportUrl(p);
  if (url) fields.push(['url', `{${bibtexVerbatim(url)}}`]);
  // What the user added, read back by our own import (and by reference managers: keywords are their tags).
  if (p.tags.length) fields.push(['keywords', `{${p.tags.map(escapeBibtex).join(', ')}}`]);
  if (p.note) fields.push(['annote', `{${escapeBibtex(p.note)}}`]);
  if (!arxiv && !doi) fields.push(['papershelfid', `{${bibtexVerbatim(p.id)}}`]);
  if (p.starred) fields.push(['papershelf', '{starred}']);
  return `@${type}{${key},\n${fields.map(([k, v]) => `  ${k} = ${v}`).join(',\n')}\n}\n`;
}

export function toBibtex(papers: Paper[]): string {
  const keys = bibtexKeys(papers);
  return papers.map((p) => bibtexEntry(p, keys.get(p.id))).join('\n');
}

export const bibtex = {
  id: 'bibtex',
  label: 'BibTeX',
  extension: 'bib',
  mime: 'application/x-bibtex;charset=utf-8',
  write: toBibtex,
} as const satisfies ExportFormatSpec;
