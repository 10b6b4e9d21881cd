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

const TEX_MATH = /\$[^$]{0,200}\$/g;
const TEX_COMMAND = /\\[a-zA-Z]+/g;
const WORD = /[\p{L}\p{N}]+/gu;
const DIGITS = /^\p{N}+$/u;

/** A light English stem: plurals only (models → model, properties → property), never below four letters. */
export function stem(w: string): string {
  if (w.length <= 4 || !w.endsWith('s') || w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
  if (w.endsWith('ies') && w.length > 5) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses') || w.endsWith('xes') || w.endsWith('ches') || w.endsWith('shes')) return w.slice(0, -2);
  return w.slice(0, -1);
}

/** The content words of a text, in order; `null` marks a break (a function word or punctuation between words). */
function words(text: string): (string | null)[] {
  let t = text;
  if (t.includes('$')) t = t.replace(TEX_MATH, ' ');
  if (t.includes('\\')) t = t.replace(TEX_COMMAND, ' ');
  t = fold(t);
  const out: (string | null)[] = [];
  let last = 0;
  for (const m of t.matchAll(WORD)) {
    const w = m[0];
    const i = m.index ?? 0;
    // A sentence or clause break between two words ends a pair; a space or hyphen does not.
    if (out.length && /[.,;:!?()[\]]/.test(t.slice(last, i))) out.push(null);
    last = i + w.length;
    if (w.length < 2 || STOP.has(w) || DIGITS.test(w)) {
      if (out[out.length - 1] !== null) out.push(null);
      continue;
    }
    out.push(stem(w));
  }
  return out;
}

export interface TextOptions {
  titleWeight: number;
  authors: boolean;
  pairs: boolean;
}
export const TEXT_OPTIONS: TextOptions = { titleWeight: 2, authors: true, pairs: true };

function addText(into: TermCounts, text: string, weight: number, pairs = true): void {
  const ws = words(text);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    if (!w) continue;
    into.set(w, (into.get(w) ?? 0) + weight);
    const next = ws[i + 1];
    if (pairs && next) {
      const pair = `${w} ${next}`;
      into.set(pair, (into.get(pair) ?? 0) + weight);
    }
  }
}

/** An author as one feature: surname and first initial, folded ("@hinton g"). */
export function authorTerm(name: string): string | undefined {
  const parts = fold(name)
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (!parts.length) return undefined;
  const surname = parts[parts.length - 1] as string;
  return parts.length > 1 ? `@${surname} ${(parts[0] as string)[0]}` : `@${surname}`;
}

/** The paper's term counts (see the module comment for the weights). */
export function docTerms(doc: Doc, o: TextOptions = TEXT_OPTIONS): TermCounts {
  const terms: TermCounts = new Map();
  addText(terms, doc.title ?? '', o.titleWeight, o.pairs);
  if (doc.abstract) addText(terms, doc.abstract, 1, o.pairs);
  for (const k of doc.keywords ?? []) addText(terms, k, 1, o.pairs);
  for (const a of o.authors ? (doc.authors ?? []).slice(0, 20) : []) {
    const t = authorTerm(a);
    if (t) terms.set(t, 1);
  }
  return terms;
}
