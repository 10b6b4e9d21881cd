import { describe, expect, it } from 'vitest';
import { type SortKey, sortPapers } from '../../components/PaperTable';
import type { SnapEntry } from '../../lib/library/schema';

const entry = (id: string, e: Partial<SnapEntry>): SnapEntry => ({
  id,
  title: id,
  authors: [],
  url: `https://arxiv.org/abs/${id}`,
  starred: false,
  tags: [],
  sites: [],
  ...e,
});

describe('library table sorting', () => {
  const rows = [
    entry('a', {
      title: 'beta',
      authors: ['Zoe'],
      sites: ['hf'],
      published: '2024-01-02',
      firstSeen: '2026-01-03',
      lastSeen: '2026-02-01',
      tags: ['rl'],
      note: 'n2',
    }),
    entry('b', {
      title: 'Alpha',
      authors: ['adam'],
      sites: ['arxiv'],
      published: '2025-05-05',
      firstSeen: '2026-01-01',
      lastSeen: '2026-03-01',
      starred: true,
      starredAt: '2026-03-02',
      note: 'n1',
    }),
    entry('c', {
      title: 'gamma',
      authors: ['Mia'],
      sites: ['arxiv', 'hf'],
      published: '2023-09-09',
      firstSeen: '2026-01-02',
      lastSeen: '2026-01-01',
      tags: ['cv', 'rl'],
    }),
  ];
  const order = (key: SortKey, dir: 'asc' | 'desc' = 'asc') =>
    sortPapers(rows, { key, dir })
      .map((p) => p.id)
      .join('');

  it('sorts by every column, both ways, ties broken by id', () => {
    expect(order('title')).toBe('bac'); // case-insensitive
    expect(order('title', 'desc')).toBe('cab');
    expect(order('authors')).toBe('bca');
    expect(order('sites')).toBe('bca');
    expect(order('published')).toBe('cab');
    expect(order('firstSeen')).toBe('bca');
    expect(order('lastSeen', 'desc')).toBe('bac');
    expect(order('starred', 'desc')).toBe('bac');
    expect(order('tags')).toBe('bca');
    expect(order('note')).toBe('cba');
  });
});
