import { describe, expect, it } from 'vitest';
import type { SnapEntry } from '../../lib/library/schema';
import {
  type Ranked,
  SORT_KEYS,
  type SortKey,
  sortPapers,
  sortRanks,
  sortValue,
  valueRuns,
} from '../../lib/library/sort';

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
    // Papers without a value come last, whichever way (issue 14: undated papers no longer lead a date sort).
    expect(order('tags')).toBe('cab');
    expect(order('note')).toBe('bac');
    expect(order('note', 'desc')).toBe('abc');
  });

  it('undated papers last in both directions; an arXiv id dates a paper its page did not', () => {
    const dated = [
      entry('x', { published: '2024-01-01' }),
      entry('y', {}),
      entry('arxiv:2301.00001', {}),
      entry('z', { published: '2025-01-01' }),
    ];
    const ids = (dir: 'asc' | 'desc') => sortPapers(dated, { key: 'published', dir }).map((p) => p.id);
    expect(ids('asc')).toEqual(['arxiv:2301.00001', 'x', 'z', 'y']);
    expect(ids('desc')).toEqual(['z', 'x', 'arxiv:2301.00001', 'y']);
  });
});

describe('sorting with the stored ranks', () => {
  // Many equal values (stars, sites, shared title starts) so that ties and runs are exercised.
  const papers: SnapEntry[] = Array.from({ length: 400 }, (_, i) =>
    entry(`p${(i * 7919) % 1000}`, {
      title: `${['Graph', 'graph', 'Diffusion', 'Agents'][i % 4]} ${(i * 31) % 17}`,
      authors: [['Ng', 'li', 'Ode'][i % 3] as string],
      sites: i % 5 ? ['arxiv'] : ['hf'],
      published: `2025-0${1 + (i % 9)}-01`,
      starred: i % 6 === 0,
      tags: i % 4 ? [] : ['rl'],
      note: i % 10 ? '' : `n${i % 3}`,
    }),
  );
  const keys = SORT_KEYS;

  it('placing unchanged papers by rank and merging the changed ones gives the plain order, both ways', () => {
    for (const key of keys) {
      const { rank, tie } = sortRanks(papers, key);
      const runs = () => valueRuns(tie, papers.length);
      const at = new Map(papers.map((p, d) => [p, d]));
      // A third of the papers changed since the ranks were built (no rank), some of them retitled / restarred.
      const now = papers.map((p, d) =>
        d % 3 === 0 ? { ...p, title: d % 2 ? `${p.title}x` : p.title, starred: !p.starred } : p,
      );
      // And only some papers match (a filter).
      const shown = now.filter((_, d) => d % 7 !== 1);
      const docOf = (p: SnapEntry) => at.get(p);
      // Each paper's base doc as a search would give it beside the papers (-1: changed since).
      const docsOf = (list: SnapEntry[]) => Int32Array.from(list, (p) => at.get(p) ?? -1);
      for (const dir of ['asc', 'desc'] as const) {
        const plain = sortPapers(shown, { key, dir }).map((p) => p.id);
        const plainAll = sortPapers(now, { key, dir }).map((p) => p.id);
        // With the runs of equal values (descending compares no value of a placed paper) and without (a record
        // stored before the tie bits), docs looked up or given, over all the papers and over the filtered ones.
        for (const ranked of [
          { rank, runs, docOf },
          { rank, docOf },
        ] as Ranked[]) {
          const label = `${key} ${dir} ${ranked.runs ? 'runs' : 'values'}`;
          expect(
            sortPapers(shown, { key, dir }, ranked).map((p) => p.id),
            label,
          ).toEqual(plain);
          expect(
            sortPapers(shown, { key, dir }, ranked, docsOf(shown)).map((p) => p.id),
            label,
          ).toEqual(plain);
          expect(
            sortPapers(now, { key, dir }, ranked).map((p) => p.id),
            `${label} all`,
          ).toEqual(plainAll);
          expect(
            sortPapers(now, { key, dir }, ranked, docsOf(now)).map((p) => p.id),
            `${label} all`,
          ).toEqual(plainAll);
        }
      }
    }
  });

  it('a column no paper has a value in keeps id order both ways, ranked or not; one paper and none sort too', () => {
    const bare: SnapEntry[] = papers.map((p) => ({ ...p, note: undefined }));
    const byId = [...bare].map((p) => p.id).sort();
    const { rank, tie } = sortRanks(bare, 'note');
    const ranked: Ranked = { rank, runs: () => valueRuns(tie, bare.length), docOf: (p) => bare.indexOf(p) };
    // Every position ties with the one before it: one run.
    expect(new Set(ranked.runs?.())).toEqual(new Set([0]));
    for (const dir of ['asc', 'desc'] as const) {
      expect(sortPapers(bare, { key: 'note', dir }).map((p) => p.id)).toEqual(byId);
      expect(sortPapers(bare, { key: 'note', dir }, ranked).map((p) => p.id)).toEqual(byId);
      expect(sortPapers(bare.slice(0, 1), { key: 'title', dir }).map((p) => p.id)).toEqual([bare[0]?.id]);
      expect(sortPapers([], { key: 'title', dir })).toEqual([]);
    }
  });

  it('ranks built a piece at a time (runs sorted, then merged) give the plain order at any size', () => {
    // Sizes around the runs' length (2,048) and past several merges; many equal values (ties go by id).
    for (const n of [0, 1, 2_047, 2_048, 2_049, 9_001]) {
      const many = Array.from({ length: n }, (_, i) =>
        entry(`q${(i * 104_729) % 100_003}`, {
          title: `T${(i * 37) % 611}`,
          starred: i % 9 === 0,
          published: `2024-0${1 + (i % 9)}-0${1 + (i % 7)}`,
        }),
      );
      for (const key of ['title', 'starred', 'published'] as const) {
        const plain = sortPapers(many, { key, dir: 'asc' });
        const { rank, tie } = sortRanks(many, key);
        const byRank: SnapEntry[] = [];
        many.forEach((p, d) => {
          byRank[rank[d] as number] = p;
        });
        expect(
          byRank.map((p) => p.id),
          `${key} at ${n}`,
        ).toEqual(plain.map((p) => p.id));
        // A tie bit exactly where a value equals the one before it.
        for (let pos = 1; pos < n; pos++)
          expect(!!((tie[pos >> 3] as number) & (1 << (pos & 7)))).toBe(
            sortValue(plain[pos] as SnapEntry, key) === sortValue(plain[pos - 1] as SnapEntry, key),
          );
      }
    }
  });

  it('a rank that disagrees with the values it was built from is not trusted past its own papers', () => {
    const { rank, tie } = sortRanks(papers, 'title');
    const runs = () => valueRuns(tie, papers.length);
    const plain = sortPapers(papers, { key: 'title', dir: 'asc' }).map((p) => p.id);
    // Two papers claiming one rank (a damaged record), a doc past the ranks, a rank past the papers: all still
    // appear once, either way.
    const damaged = rank.slice();
    damaged[5] = 4_000_000_000;
    for (const dir of ['asc', 'desc'] as const) {
      const ids = sortPapers(
        papers,
        { key: 'title', dir },
        {
          rank: damaged,
          runs,
          docOf: (p) => (p === papers[1] ? 0 : p === papers[2] ? 10_000 : papers.indexOf(p)),
        },
      ).map((p) => p.id);
      expect([...ids].sort()).toEqual([...plain].sort());
    }
  });
});
