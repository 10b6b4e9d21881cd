/**
 * A paper's words for the for-you model (issue 16): folded like the search index (accents, Greek, TeX unwrapped:
 * lib/search/normalize.ts), TeX math and commands dropped, English function words and numbers left out, a light
 * plural stem, and adjacent word pairs ("language model") besides single words. The title counts twice (many
 * listings carry nothing else); each author is one feature (`@surname initial`), the keywords count once.
 */
import { fold } from '../search/normalize';
import { SEED, SEED2, WordTable, Y } from './word-table';

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
const NOT_PLAIN = /[$\\\u0080-\uffff]/;
const TEX_MATH = /\$[^$]{0,200}\$/g;
const TEX_COMMAND = /\\[a-zA-Z]+/g;

/** A light English stem: plurals only (models → model, properties → property), never below four letters. */
export function stem(w: string): string {
  const cut = stemCut(w, 0, w.length);
  return cut === 3 ? `${w.slice(0, -3)}y` : w.slice(0, w.length - cut);
}

/** How many letters the stem of `t.slice(start, end)` cuts off its end: 0, 1, 2, or 3 (then a `y` follows). */
function stemCut(t: string, start: number, end: number): number {
  // …s, but not …ss, …us, …is
  if (end - start <= 4 || t.charCodeAt(end - 1) !== 115) return 0;
  const c2 = t.charCodeAt(end - 2);
  if (c2 === 115 || c2 === 117 || c2 === 105) return 0;
  if (c2 === 101) {
    // …ies → …y; …sses, …xes, …ches, …shes → drop "es"
    const c3 = t.charCodeAt(end - 3);
    if (c3 === 105 && end - start > 5) return 3;
    const c4 = t.charCodeAt(end - 4);
    if ((c3 === 115 && c4 === 115) || c3 === 120 || (c3 === 104 && (c4 === 99 || c4 === 115))) return 2;
  }
  return 1;
}

/** A word's characters beyond ASCII: letters, digits and marks by Unicode class (ASCII ones by the table below). */
const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;
const STOP_TABLE = new WordTable([...STOP]);

/**
 * A content word as the scanner meets it, in place: its (stemmed) form is `t.slice(start, end)`, then a `y` when
 * `y`; `hash` and `hash2` are its lib/interest/word-table.ts hashes. `paired`: the word before it in this text lies
 * next to it (nothing but spaces or hyphens between; a function word or a clause break ends a pair).
 */
export type WordSink = (
  t: string,
  start: number,
  end: number,
  y: boolean,
  hash: number,
  hash2: number,
  paired: boolean,
  weight: number,
) => void;

/** The form a WordSink's arguments stand for. */
export const wordOf = (t: string, start: number, end: number, y: boolean): string =>
  y ? `${t.slice(start, end)}y` : t.slice(start, end);

// Classes of the characters below 128: other (0), clause break (1: . , ; : ! ? ( ) [ ]), letter (2), digit (4):
// a word's characters are those of class 2 or more, and a word whose classes or'ed are DIGIT is a number.
const BREAK = 1;
const LETTER = 2;
const DIGIT = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) CLASS[c] = LETTER;
  else if (c >= 48 && c <= 57) CLASS[c] = DIGIT;
  else if ('.,;:!?()[]'.includes(String.fromCharCode(c))) CLASS[c] = BREAK;
}
/** The class of a character beyond ASCII: a letter, digit or mark by Unicode class is a letter. */
const wideClass = (t: string, i: number): number => (NON_ASCII_WORD.test(t[i] as string) ? LETTER : 0);
const LONGEST_STOP = Math.max(...[...STOP].map((w) => w.length));
// Which (length, first letter, last letter) a function word has: most words are told apart without a lookup.
const stopKey = (len: number, first: number, last: number) => (len * 32 + (first & 31)) * 32 + (last & 31);
const STOP_SHAPES = new Uint8Array(stopKey(LONGEST_STOP + 1, 0, 0));
for (const w of STOP) STOP_SHAPES[stopKey(w.length, w.charCodeAt(0), w.charCodeAt(w.length - 1))] = 1;

/** Calls `word` for each content word of a text, in order. One scan over the characters, hashing as it goes and
 * cutting out no string: the hot path (a feed's 500 abstracts are scored in one answer). */
function scanWords(text: string, weight: number, word: WordSink): void {
  let t = text;
  // ASCII text without TeX (most of it: one test) needs lower case only.
  if (!NOT_PLAIN.test(t)) t = t.toLowerCase();
  else {
    if (t.includes('$')) t = t.replace(TEX_MATH, ' ');
    if (t.includes('\\')) t = t.replace(TEX_COMMAND, ' ');
    t = ASCII.test(t) ? t.toLowerCase() : fold(t);
  }
  const n = t.length;
  let i = 0;
  let paired = false;
  while (i < n) {
    let c = t.charCodeAt(i);
    let k = c < 128 ? (CLASS[c] as number) : wideClass(t, i);
    if (k < LETTER) {
      if (k === BREAK) paired = false;
      i++;
      continue;
    }
    const start = i;
    // The classes met in the word, or'ed: DIGIT alone is a number.
    let kinds = 0;
    // The hashes of the word so far: written out (lib/interest/word-table.ts hashStep, hash2Step), this loop is the
    // hot path.
    let h = SEED;
    let g = SEED2;
    do {
      kinds |= k;
      h = Math.imul(h ^ c, 0x01000193);
      g = Math.imul(g + c, 0x9e3779b1);
      if (++i >= n) break;
      c = t.charCodeAt(i);
      k = c < 128 ? (CLASS[c] as number) : wideClass(t, i);
    } while (k >= LETTER);
    const len = i - start;
    if (
      len < 2 ||
      kinds === DIGIT ||
      (len <= LONGEST_STOP &&
        STOP_SHAPES[stopKey(len, t.charCodeAt(start), t.charCodeAt(i - 1))] === 1 &&
        STOP_TABLE.find(len, h, g) >= 0)
    ) {
      paired = false;
      continue;
    }
    // stem(), in place: a plural's hashes are taken again over the letters it keeps (a word in five or so).
    const cut = stemCut(t, start, i);
    const y = cut === 3;
    const end = i - cut;
    if (cut) {
      h = SEED;
      g = SEED2;
      for (let j = start; j < end; j++) {
        const d = t.charCodeAt(j);
        h = Math.imul(h ^ d, 0x01000193);
        g = Math.imul(g + d, 0x9e3779b1);
      }
      if (y) {
        h = Math.imul(h ^ Y, 0x01000193);
        g = Math.imul(g + Y, 0x9e3779b1);
      }
    }
    word(t, start, end, y, h, g, paired, weight);
    paired = true;
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
  // Printable ASCII without TeX (most names): the same parts, found without folding and splitting.
  return PLAIN_NAME.test(name) ? plainAuthorTerm(name) : foldedAuthorTerm(name);
}

/** authorTerm by folding and splitting: any name. */
export function foldedAuthorTerm(name: string): string | undefined {
  const parts = fold(name)
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (!parts.length) return undefined;
  const surname = parts[parts.length - 1] as string;
  return parts.length > 1 ? `@${surname}.${(parts[0] as string)[0]}` : `@${surname}`;
}

const PLAIN_NAME = /^[\x20-\x23\x25-\x5b\x5d-\x7e]*$/;
const nameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
/** authorTerm of a printable ASCII name without $ or \\: its parts are the runs of letters, digits and hyphens. */
function plainAuthorTerm(name: string): string | undefined {
  let first = -1;
  let lastStart = -1;
  let lastEnd = -1;
  for (let i = 0; i < name.length; ) {
    if (!nameChar(name.charCodeAt(i))) {
      i++;
      continue;
    }
    const s = i;
    while (i < name.length && nameChar(name.charCodeAt(i))) i++;
    if (first < 0) first = s;
    lastStart = s;
    lastEnd = i;
  }
  if (first < 0) return undefined;
  const surname = name.slice(lastStart, lastEnd).toLowerCase();
  return first === lastStart ? `@${surname}` : `@${surname}.${name[first]?.toLowerCase()}`;
}

/** A word pair's term ("language model"): the one kind of term holding a space. */
export const isPair = (t: string): boolean => t.includes(' ');

/** Each text field of a paper with its weight (words in place: see WordSink), and its author terms (what docTerms
 * counts, for other counters). */
export function eachField(doc: Doc, o: TextOptions, word: WordSink, author: (term: string) => void): void {
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
  let prev = '';
  eachField(
    doc,
    o,
    (t, start, end, y, _h, _g, paired, weight) => {
      const w = wordOf(t, start, end, y);
      countWord(terms, w, paired ? prev : null, weight, o.pairs);
      prev = w;
    },
    (t) => terms.set(t, 1),
  );
  return terms;
}
