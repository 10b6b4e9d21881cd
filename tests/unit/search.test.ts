import { afterAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../lib/paper/types';
import { createPaperSearch } from '../../lib/search/index';
import { fold, words } from '../../lib/search/normalize';
import { parseQuery } from '../../lib/search/query';
import { loadSeed } from '../../scripts/seed';

// The reference corpus (../shared/seed/trending-papers.txt, read in place), with authors, tags, stars, notes,
// sites and dates added to some papers so that every kind of query has something to find.
const seed = loadSeed();
const EXTRA: Record<number, Partial<Paper>> = {
  0: {
    authors: ['Tim Salimans', 'Diederik P. Kingma'],
    starred: true,
    starredAt: '2026-03-01T00:00:00Z',
    published: '2016-02-25',
  },
  2: { tags: ['stability', 'transformers'] },
  7: {
    authors: ['Hubert Ramsauer', 'Sepp Hochreiter'],
    tags: ['memory'],
    starred: true,
    starredAt: '2026-03-02T00:00:00Z',
  },
  19: { authors: ['Oscar Chang', 'Jürgen Müller'] },
  33: { authors: ['Xiaohan Ding'] },
  43: { tags: ['decoding', 'llm'] },
  45: { tags: ['lora'] },
  50: { authors: ['Charlie Blake', 'Constantin Eichenberg'] },
  63: { note: 'read for the hybrid SSM section' },
  100: { starred: true, starredAt: '2026-03-03T00:00:00Z', published: '2024-06-01' },
  102: { authors: ['Aditya Kusupati'] },
  112: { authors: ['Guillaume Lample'] },
};
const papers: Paper[] = seed.map((s, i) => ({
  id: `arxiv:2401.${String(i + 1).padStart(5, '0')}`,
  title: s.title,
  authors: [],
  abstract: s.abstract,
  url: `https://arxiv.org/abs/2401.${String(i + 1).padStart(5, '0')}`,
  published: `2023-${String((i % 12) + 1).padStart(2, '0')}-01`,
  starred: false,
  tags: [],
  sightings: [
    {
      site: i % 2 === 0 ? 'hf' : 'arxiv',
      url: 'https://huggingface.co/papers',
      firstSeen: '2026-01-01',
      lastSeen: `2026-02-${String((i % 27) + 1).padStart(2, '0')}`,
    },
  ],
  ...EXTRA[i],
}));
const search = createPaperSearch(papers);
const indexOf = (id: string) => papers.findIndex((p) => p.id === id);

// [query, index of the paper expected in the top 3, what the query exercises]
const QUALITY: [string, number, string][] = [
  ['weight normalization', 0, 'title'],
  ['wieght normalisation', 0, 'typo + spelling'],
  ['moment probing', 1, 'title'],
  ['attention entropy collapse', 2, 'title'],
  ['hopfeild networks', 7, 'typo'],
  ['maximal update parametrization loss prediction', 10, 'long title query'],
  ['mu-P unit scaled', 50, 'Greek written out, hyphen'],
  ['muP mixture of experts', 100, 'Greek joined'],
  ['μP', 50, 'Greek letter'],
  ['salimans', 0, 'author'],
  ['kingma', 0, 'author'],
  ['muller', 19, 'author, accent'],
  ['hochreiter', 7, 'author'],
  ['tag:memory', 7, 'tag operator'],
  ['tag:lora', 45, 'tag operator, exact'],
  ['tag:LoRA', 45, 'tag operator, case folded'],
  ['is:starred hopfield', 7, 'star operator + text'],
  ['pretrained continual learning', 49, 'hyphen: Pretrained-Models'],
  ['pre-trained model moment', 1, 'hyphen: Pre-trained'],
  ['matryoshka', 102, 'rare title word'],
  ['matryoshk', 102, 'prefix while typing'],
  ['product keys memory layers', 112, 'title'],
  ['arc2face', 117, 'alphanumeric'],
  ['talking head', 14, 'title'],
  ['repmlp', 33, 'title acronym'],
  ['re-parameterizing convolutions', 33, 'hyphenated title word'],
  ['quine', 19, 'title'],
  ['zamba', 63, 'prefix of Zamba2'],
  ['hybrid ssm section', 63, 'note'],
  ['cerebras gpt', 52, 'title'],
  ['damo yolo', 106, 'title with spaced colon'],
  ['metastable associative', 7, 'abstract-only words'],
  ['tinyllama', 45, 'abstract-only word'],
  ['sharpness oscillating', 2, 'abstract-only words'],
  ['site:hf weight normalization', 0, 'site operator'],
  ['year:2016', 0, 'year operator'],
  ['visoin transformer acceleration', 118, 'typo'],
  ['transformr heads self-attention', 59, 'typo + hyphen'],
  ['lample', 112, 'author'],
];

describe('search quality on the seed corpus', () => {
  let top1 = 0;
  let top3 = 0;
  afterAll(() => {
    process.stdout.write(
      `${JSON.stringify({ suite: 'search-quality', queries: QUALITY.length, top1: +(top1 / QUALITY.length).toFixed(3), top3: +(top3 / QUALITY.length).toFixed(3) })}\n`,
    );
  });

  it.each(QUALITY)('%s → #%i (%s)', (query, expected) => {
    const ids = search.search(query, { limit: 3 }).map((h) => indexOf(h.paper.id));
    if (ids[0] === expected) top1 += 1;
    if (ids.includes(expected)) top3 += 1;
    expect(ids, `${query}: got ${ids.map((i) => papers[i]?.title.slice(0, 40)).join(' | ')}`).toContain(expected);
  });

  it('has at least 30 queries', () => {
    expect(QUALITY.length).toBeGreaterThanOrEqual(30);
  });
});

describe('search operators and order', () => {
  it('lists starred first (latest star first), then the most recently seen, for an empty query', () => {
    const ids = search.search('', { limit: 5 }).map((h) => indexOf(h.paper.id));
    expect(ids.slice(0, 3)).toEqual([100, 7, 0]);
    const rest = search.search('', { limit: 200 }).slice(3);
    const seen = rest.map((h) => h.paper.sightings[0]?.lastSeen ?? '');
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('filters with operators alone', () => {
    expect(
      search
        .search('is:starred', { limit: 50 })
        .map((h) => indexOf(h.paper.id))
        .sort((a, b) => a - b),
    ).toEqual([0, 7, 100]);
    expect(search.search('is:unstarred', { limit: 500 })).toHaveLength(papers.length - 3);
    expect(search.search('site:hf', { limit: 500 }).every((h) => h.paper.sightings[0]?.site === 'hf')).toBe(true);
    expect(search.search('after:2024-01-01', { limit: 50 }).map((h) => indexOf(h.paper.id))).toEqual([100]);
    expect(search.search('before:2020 is:starred', { limit: 50 }).map((h) => indexOf(h.paper.id))).toEqual([0]);
  });

  it('excludes -words and keeps "exact phrases" exact', () => {
    const hits = search.search('reparameterization -weight', { limit: 20 });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(fold(`${h.paper.title} ${h.paper.abstract}`)).not.toMatch(/\bweight\b/);
    const phrase = search.search('"attention heads"', { limit: 20 });
    expect(phrase.length).toBeGreaterThan(0);
    for (const h of phrase)
      expect(fold(`${h.paper.title} ${h.paper.abstract}`).replace(/[^a-z0-9]+/g, ' ')).toContain('attention heads');
  });

  it('an exact phrase with hyphens and colons still matches once the abstract is known (found in issue 15)', () => {
    const title = 'LLMs Improving LLMs: Agentic Discovery for Test-Time Scaling';
    const p: Paper = {
      id: 'arxiv:2605.08083',
      title,
      authors: ['A B'],
      url: '',
      starred: false,
      tags: [],
      sightings: [],
    };
    const s = createPaperSearch([{ ...p, abstract: 'We study agents that improve at test time.' }]);
    expect(parseQuery(`"${title}"`).phrases).toEqual(['llms improving llms agentic discovery for test time scaling']);
    for (const q of [`"${title}"`, '"test-time scaling"', '"test time scaling"', '"LLMs: agentic"'])
      expect(
        s.search(q, { limit: 5 }).map((h) => h.paper.id),
        q,
      ).toEqual([p.id]);
    expect(s.search('"scaling test-time"', { limit: 5 })).toEqual([]);
  });

  it('searches unknown operators as text', () => {
    expect(parseQuery('foo:bar baz')).toMatchObject({ terms: ['foo', 'bar', 'baz'] });
    expect(parseQuery('year:twenty')).toMatchObject({ terms: ['year', 'twenty'] });
  });

  it('answers bad input without error or freeze', () => {
    const nasty = [
      'x'.repeat(1000),
      'is:starred tag:x site:y year:2024 after:2020 before:2030',
      '!!! ??? ...',
      `.*+?^$${'{'}}()|[]\\`,
      '🦙🧠 llama',
      '"',
      '-',
      '- -- ---',
      '""',
      'tag:',
      ':::',
      '\u0000\u0001',
    ];
    for (const q of nasty) {
      const t = performance.now();
      expect(() => search.search(q)).not.toThrow();
      expect(performance.now() - t).toBeLessThan(1_000);
    }
  });
});

describe('normalisation', () => {
  it('folds case, accents, Greek and TeX', () => {
    expect(fold('Müller')).toBe('muller');
    expect(words('μP')).toEqual(['mup']);
    expect(words('$\\mu$P')).toEqual(['mup']);
    expect(words('mu-P')).toEqual(['mup', 'mu', 'p']);
    expect(words('Pre-trained')).toEqual(['pretrained', 'pre', 'trained']);
    expect(words('GPT-4, Zamba2')).toEqual(['gpt4', 'gpt', '4', 'zamba2']);
  });
});
