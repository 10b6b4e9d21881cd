/** Synthetic libraries built from the seed corpus, for benchmarks and search tests. */
import type { Paper } from '../lib/paper/types';
import type { SeedPaper } from './seed';

/** A valid arXiv number for the i-th synthetic paper. */
export function arxivId(i: number): string {
  return `24${String((i % 12) + 1).padStart(2, '0')}.${String(Math.floor(i / 12) + 1).padStart(5, '0')}`;
}

const FIRST = ['Ada', 'Alan', 'Grace', 'Ziyang', 'Wei', 'Maria', 'Jürgen', 'Li', 'Fatima', 'Kenji', 'Olga', 'Rahul'];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Zhang',
  'Wang',
  'García',
  'Schmidhuber',
  'Li',
  'Khan',
  'Tanaka',
  'Ivanova',
  'Gupta',
];

/** n distinct papers mixed from the seed corpus: titles, abstract sentences and author names recombined. */
export function libraryOf(seed: SeedPaper[], n: number): Paper[] {
  const sentences = seed.flatMap((p) => p.abstract.split(/(?<=\.)\s+/));
  const titleWords = seed.flatMap((p) => p.title.split(/\s+/)).filter((w) => w.length > 3);
  return Array.from({ length: n }, (_, i) => {
    const base = seed[i % seed.length] as SeedPaper;
    const extra = titleWords[(i * 7919) % titleWords.length] as string;
    const abstract = [base.abstract, sentences[(i * 104729) % sentences.length]].join(' ');
    const authors = [0, 1, 2].map((k) => `${FIRST[(i + k * 5) % FIRST.length]} ${LAST[(i * 3 + k) % LAST.length]}`);
    return {
      id: `arxiv:${arxivId(i)}`,
      title: i < seed.length ? base.title : `${base.title} ${extra}`,
      authors,
      abstract,
      url: `https://arxiv.org/abs/${arxivId(i)}`,
      starred: i % 20 === 0,
      tags: i % 9 === 0 ? ['reading'] : i % 13 === 0 ? ['rl', 'theory'] : [],
      sightings: [
        {
          site: i % 2 ? 'hf' : 'arxiv',
          url: 'https://huggingface.co/papers',
          firstSeen: '2026-01-01T00:00:00.000Z',
          lastSeen: `2026-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00.000Z`,
        },
      ],
    };
  });
}

/** The papers' own fields as JSON (id, title, authors, abstract, url, date, tags, sightings): what they would take
 * with nothing else stored, the yardstick of storage's bytes per paper (issue 12). */
export function ownJsonBytes(papers: Paper[]): number {
  let sum = 0;
  for (const p of papers) {
    const { id, title, authors, abstract, url, published, tags, sightings } = p;
    sum += JSON.stringify({ id, title, authors, abstract, url, published, tags, sightings }).length;
  }
  return sum;
}

/** Syllables of the made-up names and words of realVocabularyOf. */
const SYLLABLES =
  'ka to mi ra shi no be lu an er son ov ski chen li wa ng ho dra vi el ma ri go ne st ta ze qu fe ol ur ba de io ya ku pe sa tz mo ji ha la ti zo ro yu ve in'.split(
    ' ',
  );

/** A deterministic random generator (mulberry32): the same library every run. */
function random(seedValue: number): () => number {
  let s = seedValue | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The i-th made-up word of k syllables (distinct for i below 50^k). */
function madeUp(i: number, k: number): string {
  let out = '';
  for (let j = 0, x = i; j < k; j++, x = Math.floor(x / SYLLABLES.length)) out += SYLLABLES[x % SYLLABLES.length];
  return out;
}

/**
 * libraryOf with a real library's vocabulary. The seed mix has ~3,900 distinct words at any size; a real library
 * of 100,000 papers has 100,000 or more, author names mostly. Here each paper has 1–8 authors drawn from 2,500
 * given names and 120,000 surnames, and its title two more words from 100,000 (each drawn half from a long tail,
 * half uniformly): ~121,000 distinct words at 100,000 papers. Made of 50 syllables, its words share trigrams more
 * than real names do, which makes typo matching harder than in a real library, not easier.
 */
export function realVocabularyOf(seed: SeedPaper[], n: number): Paper[] {
  const r = random(20261205);
  const pick = (m: number) => (r() < 0.5 ? Math.floor(m ** r()) - 1 : Math.floor(r() * m));
  const name = (w: string) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`;
  return libraryOf(seed, n).map((p) => {
    const authors = Array.from(
      { length: 1 + Math.floor(r() * 8) },
      () => `${name(madeUp(pick(2_500), 2))} ${name(madeUp(pick(120_000), 3))}`,
    );
    const words = [madeUp(pick(100_000) + 5, 3), madeUp(pick(100_000) + 5, 3)];
    return { ...p, authors, title: `${p.title} ${words.join(' ')}` };
  });
}
