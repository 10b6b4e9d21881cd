/**
 * A paper's words for the for-you model (issue 16): folded like the search index (accents, Greek, TeX unwrapped:
 * lib/search/normalize.ts), TeX math and commands dropped, English function words and numbers left out, a light
 * plural stem, and adjacent word pairs ("language model") besides single words. The title counts twice (many
 * listings carry nothing else); each author is one feature (`@surname initial`), the keywords count once.
 */
import { fold } from '../search/normalize';

/** What the model reads of a paper (DESIGN.md: lib/interest). */
export interface Doc {
  id: string;
  title: string;
  authors: string[];
  abstract?: string;
  keywords?: string[];
}

export type TermCounts = Map<string, number>;

// Function words and the boilerplate of every abstract: they say nothing about a topic.
const STOP = new Set(
  (
    'a about above after again against all also am an and any are as at be been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers him his ' +
    'how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out ' +
    'over own same she should so some such than that the their theirs them then there these they this those through ' +
    'to too under until up very was we were what when where which while who whom why will with would you your ' +
    'via using use used based new paper propose proposed approach method methods show results result present work ' +
    'however furthermore moreover thus therefore well within without across among upon toward towards whether ' +
    'et al e g eg ie i e one two three first second may might must shall cannot us yet'
  ).split(' '),
);

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range test is the point
const ASCII = /^[\x00-\x7f]*$/;
const TEX_MATH = /\$[^$]{0,200}\$/g;
const TEX_COMMAND = /\\[a-zA-Z]+/g;

/** A light English stem: plurals only (models → model, properties → property), never below four letters. */
export function stem(w: string): string {
  if (w.length <= 4 || !w.endsWith('s') || w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
  if (w.endsWith('ies') && w.length > 5) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses') || w.endsWith('xes') || w.endsWith('ches') || w.endsWith('shes')) return w.slice(0, -2);
  return w.slice(0, -1);
}

/** Whether a character code is part of a word: ASCII letters and digits at once, any other letter or digit by
 * Unicode class. */
const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;
function wordChar(c: number, t: string, i: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  return NON_ASCII_WORD.test(t[i] as string);
}
// . , ; : ! ? ( ) [ ]: a clause break between two words.
const BREAKS = new Set([46, 44, 59, 58, 33, 63, 40, 41, 91, 93]);

/** Calls `word` for each content word of a text, in order, with the word before it when nothing but spaces or
 * hyphens lie between (a function word or a clause break ends a pair). One scan over the characters: the hot path
 * (a feed's 500 abstracts are scored in one answer). */
function scanWords(text: string, weight: number, word: (w: string, prev: string | null, weight: number) => void): void {
  let t = text;
  if (t.includes('$')) t = t.replace(TEX_MATH, ' ');
  if (t.includes('\\')) t = t.replace(TEX_COMMAND, ' ');
  // ASCII text (most of it) needs lower case only.
  t = ASCII.test(t) ? t.toLowerCase() : fold(t);
  const n = t.length;
  let i = 0;
  let prev: string | null = null;
  while (i < n) {
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c < 128 ? (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) : wordChar(c, t, i)) break;
      if (prev !== null && BREAKS.has(c)) prev = null;
      i++;
    }
    if (i >= n) break;
    const start = i;
    let digits = true;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c < 128) {
        if (c >= 97 && c <= 122) digits = false;
        else if (!(c >= 48 && c <= 57) && !(c >= 65 && c <= 90)) break;
        else if (c >= 65) digits = false;
      } else if (wordChar(c, t, i)) digits = false;
      else break;
      i++;
    }
    const w = t.slice(start, i);
    if (w.length < 2 || digits || STOP.has(w)) {
      prev = null;
      continue;
    }
    const stemmed = stem(w);
    word(stemmed, prev, weight);
    prev = stemmed;
  }
}

export interface TextOptions {
  titleWeight: number;
  authors: boolean;
  pairs: boolean;
}
export const TEXT_OPTIONS: TextOptions = { titleWeight: 2, authors: true, pairs: true };

function countWord(into: TermCounts, w: string, prev: string | null, weight: number, pairs: boolean): void {
  into.set(w, (into.get(w) ?? 0) + weight);
  if (pairs && prev !== null) {
    const pair = `${prev} ${w}`;
    into.set(pair, (into.get(pair) ?? 0) + weight);
  }
}

/** An author as one feature: surname and first initial, folded ("@hinton.g"). */
export function authorTerm(name: string): string | undefined {
  const parts = fold(name)
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (!parts.length) return undefined;
  const surname = parts[parts.length - 1] as string;
  return parts.length > 1 ? `@${surname}.${(parts[0] as string)[0]}` : `@${surname}`;
}

/** A word pair's term ("language model"): the one kind of term holding a space. */
export const isPair = (t: string): boolean => t.includes(' ');

/** Each text field of a paper with its weight, and its author terms (what docTerms counts, for other counters). */
export function eachField(
  doc: Doc,
  o: TextOptions,
  word: (w: string, prev: string | null, weight: number) => void,
  author: (term: string) => void,
): void {
  scanWords(doc.title ?? '', o.titleWeight, word);
  if (doc.abstract) scanWords(doc.abstract, 1, word);
  for (const k of doc.keywords ?? []) scanWords(k, 1, word);
  for (const a of o.authors ? (doc.authors ?? []).slice(0, 20) : []) {
    const t = authorTerm(a);
    if (t) author(t);
  }
}

/** The paper's term counts (see the module comment for the weights). */
export function docTerms(doc: Doc, o: TextOptions = TEXT_OPTIONS): TermCounts {
  const terms: TermCounts = new Map();
  eachField(
    doc,
    o,
    (w, prev, weight) => countWord(terms, w, prev, weight, o.pairs),
    (t) => terms.set(t, 1),
  );
  return terms;
}
