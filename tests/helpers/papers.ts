import type { Paper, PaperMetadata } from '../../lib/paper/types';

/** A valid arXiv id for the i-th synthetic paper (unique up to 99,999 × 12 months). */
export function arxivIdFor(i: number): string {
  const month = String((i % 12) + 1).padStart(2, '0');
  const num = String(Math.floor(i / 12) + 1).padStart(5, '0');
  return `arxiv:23${month}.${num}`;
}

export function meta(i: number, extra: Partial<PaperMetadata> = {}): PaperMetadata {
  const id = arxivIdFor(i);
  return {
    id,
    title: `Synthetic paper number ${i}`,
    authors: [`Ada Author${i}`, 'Grace Hopper'],
    url: `https://arxiv.org/abs/${id.slice(6)}`,
    ...extra,
  };
}

export function paper(i: number, extra: Partial<Paper> = {}): Paper {
  return {
    ...meta(i),
    abstract: `Abstract of synthetic paper ${i}, about transformers and diffusion.`,
    starred: false,
    tags: [],
    sightings: [
      {
        site: 'arxiv',
        url: 'https://arxiv.org/list/cs.LG/new',
        firstSeen: '2026-01-01T00:00:00.000Z',
        lastSeen: '2026-01-01T00:00:00.000Z',
      },
    ],
    addedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}
