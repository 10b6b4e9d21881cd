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
