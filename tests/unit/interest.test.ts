/**
 * The for-you model (issue 16): deterministic, ranks a topic's papers first, works on titles alone, with no liked
 * papers, and on Unicode and TeX; its persisted state changes one paper at a time and ranks as a state rebuilt from
 * scratch; a stored state of another version or damaged is rebuilt.
 */
import { describe, expect, it } from 'vitest';
import { createInterestModel } from '../../lib/interest/index';
import { BACKGROUND_SIZE, INTEREST_VERSION, InterestState, MIN_LIKED, type PaperState } from '../../lib/interest/state';
import {
  authorTerm,
  type Doc,
  docTerms,
  eachField,
  foldedAuthorTerm,
  stem,
  TEXT_OPTIONS,
  wordOf,
} from '../../lib/interest/text';
import { hash2Of, hashOf, PairTable, PlaceTally, WordTable } from '../../lib/interest/word-table';
import { dataset } from '../helpers/dataset';

const rows = dataset;
const of = (cat: string) => rows.filter((r) => r.categories[0] === cat);
const CL = of('cs.CL');
const ASTRO = of('astro-ph.GA');
const CV = of('cs.CV');

/** A feed: 10 unseen cs.CL papers among 40 others (astrophysics, and computer vision: vision-language papers
 * there are close to cs.CL), interleaved. */
const feed = [...CL.slice(100, 110), ...ASTRO.slice(100, 120), ...CV.slice(100, 120)].sort((a, b) =>
  a.id < b.id ? -1 : 1,
);
/** The same with astrophysics only: a clear topic boundary. */
const farFeed = [...CL.slice(100, 110), ...ASTRO.slice(100, 140)].sort((a, b) => (a.id < b.id ? -1 : 1));
const background = [...ASTRO.slice(0, 30), ...CV.slice(0, 30), ...CL.slice(60, 70)];
const rank = (scores: number[], docs: Doc[]) =>
  docs.map((d, i) => ({ id: d.id, s: scores[i] as number })).sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1));
const precisionAt = (ranked: { id: string }[], n: number, relevant: Set<string>) =>
  ranked.slice(0, n).filter((r) => relevant.has(r.id)).length / n;

describe('createInterestModel', () => {
  const liked = CL.slice(0, 20);
  const isCL = new Set(CL.map((p) => p.id));

  it('ranks the liked topic first, with abstracts and on titles alone', () => {
    const model = createInterestModel(liked, { background });
    expect(precisionAt(rank(model.scoreAll(farFeed), farFeed), 10, isCL)).toBe(1);
    // With vision-language papers around, most of the top ten are still the topic's.
    expect(precisionAt(rank(model.scoreAll(feed), feed), 10, isCL)).toBeGreaterThanOrEqual(0.5);
    // Many listings carry no abstract: the same feed as titles only still puts the topic on top.
    const titles = farFeed.map(({ abstract: _a, ...d }) => d);
    const titleScores = model.scoreAll(titles);
    expect(titleScores.every(Number.isFinite)).toBe(true);
    expect(precisionAt(rank(titleScores, titles), 10, isCL)).toBeGreaterThanOrEqual(0.7);
    // Liked papers known by their titles only work too.
    const fromTitles = createInterestModel(
      liked.map(({ abstract: _a, ...d }) => d),
      { background },
    );
    expect(precisionAt(rank(fromTitles.scoreAll(farFeed), farFeed), 10, isCL)).toBeGreaterThanOrEqual(0.7);
  });

  it('is deterministic: the same papers give the same scores, in any order', () => {
    const a = createInterestModel(liked, { background }).scoreAll(feed);
    const b = createInterestModel(liked, { background }).scoreAll(feed);
    expect(b).toEqual(a);
    const shuffled = createInterestModel([...liked].reverse(), { background: [...background].reverse() });
    const c = shuffled.scoreAll(feed);
    expect(rank(c, feed).slice(0, 10)).toEqual(
      rank(a, feed)
        .slice(0, 10)
        .map((r, i) => ({ ...r, s: (rank(c, feed)[i] as { s: number }).s })),
    );
    for (let i = 0; i < a.length; i++) expect(c[i]).toBeCloseTo(a[i] as number, 2);
  });

  it('scores nothing without liked papers, and takes an empty paper without failing', () => {
    const model = createInterestModel([], { background });
    expect(model.scoreAll(feed).every((s) => s === 0)).toBe(true);
    const withLikes = createInterestModel(liked, { background });
    expect(withLikes.score({ id: 'x', title: '', authors: [] })).toBe(0);
    expect(withLikes.score({ id: 'y', title: 'the of and', authors: [], abstract: '' })).toBe(0);
  });

  it('scores a paper from its text exactly as from its counted words (the one-pass path)', () => {
    const model = createInterestModel(liked, { background });
    for (const d of [...feed, { id: 'z', title: 'Language models. Language models!', authors: ['A B'] }]) {
      expect(model.score(d)).toBeCloseTo(model.scoreTerms(docTerms(d)), 10);
    }
  });

  it('pushes dismissed topics down', () => {
    const plain = createInterestModel(liked, { background });
    const dismissing = createInterestModel(liked, { background, disliked: CV.slice(30, 60) });
    const cvScore = (m: ReturnType<typeof createInterestModel>) =>
      CV.slice(100, 120).reduce((s, d) => s + m.score(d), 0);
    expect(cvScore(dismissing)).toBeLessThan(cvScore(plain));
  });

  it('explains a score by the paper’s own words, and the closest liked paper', () => {
    const model = createInterestModel(liked, { background });
    const top = rank(model.scoreAll(feed), feed)[0] as { id: string };
    const doc = feed.find((d) => d.id === top.id) as Doc;
    const why = model.why(doc);
    expect(why.terms.length).toBeGreaterThan(0);
    const words = docTerms(doc);
    for (const t of why.terms) expect(words.has(t)).toBe(true);
    expect(liked.map((p) => p.id)).toContain(why.closest?.id);
    expect(model.why(doc, { closest: false }).closest).toBeUndefined();
  });
});

describe('docTerms', () => {
  it('folds accents and Greek, drops TeX math and commands, keeps other scripts', () => {
    const a = docTerms({
      id: 'a',
      title: 'Schrödinger équation for $\\mathcal{O}(n^2)$ \\emph{μ}P transfer',
      authors: [],
    });
    expect(a.has('schrodinger')).toBe(true);
    expect(a.has('equation')).toBe(true);
    expect([...a.keys()].some((t) => t.includes('mathcal') || t.includes('emph'))).toBe(false);
    expect(a.has('transfer')).toBe(true);
    const b = docTerms({ id: 'b', title: '大規模言語モデル の 評価', authors: ['Müller, Jürgen'] });
    expect([...b.keys()].some((t) => t.normalize('NFC') === '大規模言語モデル')).toBe(true);
    expect([...b.keys()].some((t) => t.startsWith('@'))).toBe(true);
    expect(docTerms({ id: 'c', title: 'Müller', authors: [] })).toEqual(
      docTerms({ id: 'd', title: 'Muller', authors: [] }),
    );
  });

  it('counts word pairs within a clause only, plurals as one word', () => {
    const t = docTerms({ id: 'a', title: 'Language models. Models of language', authors: [] });
    expect(t.get('language model')).toBe(2); // the title counts twice
    expect(t.has('model model')).toBe(false); // a full stop ends the pair
    expect(t.has('model language')).toBe(false); // "of" between them
  });

  it('stems in place as stem() does, and reads plain names as folding and splitting would', () => {
    const words = ['models', 'properties', 'ties', 'flies', 'classes', 'boxes', 'matches', 'wishes', 'gas', 'corpus'];
    const more = ['analysis', 'process', 'studies', 'series', 'xyzs', 'LLMs', 'GPUs', 'bias', 'lens', 'tasks'];
    const terms = docTerms({ id: 'a', title: [...words, ...more].join(', '), authors: [] });
    expect([...terms.keys()].sort()).toEqual(
      [...new Set([...words, ...more].map((w) => stem(w.toLowerCase())))].sort(),
    );
    expect(stem('properties')).toBe('property');
    const names = [
      'Geoffrey E. Hinton',
      "Conan O'Brien",
      'Smith, John',
      'Yann LeCun',
      'Jean-Luc Picard',
      'Plato',
      '  ',
      'A_B c',
    ];
    for (const n of names) expect(authorTerm(n)).toBe(foldedAuthorTerm(n));
  });
});

describe('word lookup in place', () => {
  it('finds every word of a growing table by its two hashes and length, and no other', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}${i % 3 ? 'ly' : ''}`);
    // Numbered ten at first, then the rest: sync() takes the new numbers in.
    const list = words.slice(0, 10);
    const grown = new WordTable(list);
    list.push(...words.slice(10));
    grown.sync();
    for (const [i, w] of words.entries()) {
      expect(grown.find(w.length, hashOf(w), hash2Of(w))).toBe(i);
      expect(grown.findWord(w)).toBe(i);
    }
    expect(grown.findWord('wzzzz')).toBe(-1);
    // Either hash or the length alone never makes a match.
    const t2 = new WordTable(['property']);
    expect(t2.find(8, hashOf('property'), hash2Of('property'))).toBe(0);
    expect(t2.find(8, hashOf('property'), hash2Of('propertx'))).toBe(-1);
    expect(t2.find(8, hashOf('propertx'), hash2Of('property'))).toBe(-1);
    expect(t2.find(9, hashOf('property'), hash2Of('property'))).toBe(-1);
  });

  it('no two words of the dataset and the seed share both hashes (and the scanner hashes as hashOf does)', () => {
    const seen = new Map<string, string>();
    const all = new Set<string>();
    for (const r of dataset) for (const w of `${r.title} ${r.abstract}`.toLowerCase().split(/[^a-z0-9]+/)) all.add(w);
    for (const w of all) {
      const key = `${w.length}:${hashOf(w)}:${hash2Of(w)}`;
      expect(seen.get(key) ?? w).toBe(w);
      seen.set(key, w);
    }
    expect(all.size).toBeGreaterThan(10_000);
    // The scanner's in-place hashes are the table's: every word of a text is found as itself, stems included.
    const vocab = ['property', 'model', 'glyph', 'spin', 'x2'];
    const table = new WordTable(vocab);
    const found: string[] = [];
    eachField(
      { id: 'x', title: 'Properties of glyph models', abstract: 'Spin x2 MODELS, glyphs.', authors: [] },
      TEXT_OPTIONS,
      (t, start, end, y, h, g) => {
        const code = table.find(end - start + (y ? 1 : 0), h, g);
        found.push(code >= 0 ? (vocab[code] as string) : `?${wordOf(t, start, end, y)}`);
      },
      () => {},
    );
    expect(found).toEqual(['property', 'glyph', 'model', 'spin', 'x2', 'model', 'glyph']);
  });

  it('tallies words met in place by their form', () => {
    const tally = new PlaceTally();
    tally.add(8, hashOf('property'), hash2Of('property'), 1);
    tally.add(8, hashOf('property'), hash2Of('property'), 2);
    tally.add(8, hashOf('property'), hash2Of('propertx'), 1); // the same first hash, another word
    expect(tally.counts).toEqual([3, 1]);
    tally.clear();
    expect(tally.size).toBe(0);
  });

  it('keeps word pairs by their words’ numbers', () => {
    const pairs = new PairTable(500);
    for (let a = 0; a < 500; a++) pairs.set(a, (a * 7) % 500, a + 0.5);
    for (let a = 0; a < 500; a++) expect(pairs.get(a, (a * 7) % 500)).toBe(a + 0.5);
    expect(pairs.get(1, 1)).toBe(0);
  });
});

const state = (p: Partial<PaperState> & { id: string }): PaperState => ({
  starred: false,
  tags: [],
  dismissed: false,
  seen: true,
  at: '2026-01-01T00:00:00Z',
  ...p,
});

describe('InterestState', () => {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const build = (changes: (readonly [PaperState, Doc | undefined])[]) => {
    const s = new InterestState();
    for (const [p, d] of changes) s.put(p, d);
    return s;
  };

  it('after any sequence of stars, unstars, tags and dismissals, ranks as a state built from the end result', () => {
    const initial: [PaperState, Doc][] = [...CL.slice(0, 12), ...ASTRO.slice(0, 12), ...CV.slice(0, 12)].map((d, i) => [
      state({ id: d.id, at: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z` }),
      d,
    ]);
    const live = build(initial);
    const final = new Map(initial.map(([p]) => [p.id, p]));
    const change = (p: PaperState) => {
      live.put(p, byId.get(p.id));
      final.set(p.id, p);
    };
    for (const d of CL.slice(0, 8)) change({ ...(final.get(d.id) as PaperState), starred: true });
    expect(live.model().model).toBeDefined(); // trained (and cached) before the next changes
    change({ ...(final.get(CL[1]?.id as string) as PaperState), starred: false });
    change({ ...(final.get(CL[9]?.id as string) as PaperState), tags: ['nlp'] });
    change({ ...(final.get(CV[0]?.id as string) as PaperState), dismissed: true });
    live.remove(ASTRO[3]?.id as string);
    final.delete(ASTRO[3]?.id as string);
    const rebuilt = build([...final.values()].map((p) => [p, byId.get(p.id)]));
    expect(live.size).toEqual(rebuilt.size);
    const dfs = (st: InterestState) =>
      [...st.freq.words.keys(), ...st.freq.pairs.keys()]
        .map((t) => [t, st.freq.dfOf(t)] as const)
        .filter(([, df]) => df > 0)
        .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(dfs(live)).toEqual(dfs(rebuilt));
    expect(live.freq.n).toBe(rebuilt.freq.n);
    const a = live.model().model?.scoreAll(feed) ?? [];
    const b = rebuilt.model().model?.scoreAll(feed) ?? [];
    expect(a.length).toBe(feed.length);
    expect(
      rank(a, feed)
        .map((r) => r.id)
        .slice(0, 10),
    ).toEqual(
      rank(b, feed)
        .map((r) => r.id)
        .slice(0, 10),
    );
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i] as number, 2);
  });

  it(`ranks nothing under ${MIN_LIKED} liked papers, and by one tag's papers when asked`, () => {
    const s = build(background.map((d) => [state({ id: d.id }), d]));
    for (const d of CL.slice(0, MIN_LIKED - 1)) s.put(state({ id: d.id, starred: true }), d);
    expect(s.model()).toEqual({ liked: MIN_LIKED - 1 });
    s.put(state({ id: CL[MIN_LIKED - 1]?.id as string, starred: true }), CL[MIN_LIKED - 1]);
    expect(s.model().model).toBeDefined();
    for (const d of ASTRO.slice(40, 46)) s.put(state({ id: d.id, tags: ['galaxies'] }), d);
    const byTag = s.model('galaxies');
    expect(byTag.liked).toBe(6);
    const top = rank(byTag.model?.scoreAll(feed) ?? [], feed).slice(0, 5);
    expect(top.every((r) => ASTRO.some((p) => p.id === r.id))).toBe(true);
  });

  it('keeps a paper merely listed out of the background: only papers seen and let pass are', () => {
    const s = new InterestState();
    expect(s.put(state({ id: 'a', seen: false }), CL[0])).toBe(false);
    expect(s.put(state({ id: 'b' }), CL[1])).toBe(true);
    expect(s.size).toEqual({ liked: 0, disliked: 0, background: 1 });
    expect(s.put(state({ id: 'a', seen: false, starred: true }), CL[0])).toBe(true); // starred: liked, seen or not
  });

  it(`keeps the ${BACKGROUND_SIZE} papers seen last as its background`, () => {
    const s = new InterestState();
    const docs = rows.slice(0, BACKGROUND_SIZE + 50);
    docs.forEach((d, i) => {
      s.put(state({ id: d.id, at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }), d);
    });
    expect(s.size.background).toBe(BACKGROUND_SIZE);
    expect(s.members.has(docs[0]?.id as string)).toBe(false); // the oldest left
    expect(s.members.has(docs[docs.length - 1]?.id as string)).toBe(true);
    expect(s.freq.n).toBe(BACKGROUND_SIZE);
  });

  it('round-trips through its stored form; another version or a damaged record reads as none (rebuilt)', () => {
    const s = build([
      ...CL.slice(0, 6).map((d) => [state({ id: d.id, starred: true }), d] as const),
      ...background.map((d) => [state({ id: d.id }), d] as const),
    ]);
    s.seq = 42;
    const stored = JSON.parse(JSON.stringify(s.toStored()));
    const back = InterestState.fromStored(stored);
    expect(back?.seq).toBe(42);
    expect(back?.model().model?.scoreAll(feed)).toEqual(s.model().model?.scoreAll(feed));
    expect(stored.v).toBe(INTEREST_VERSION);
    expect(InterestState.fromStored({ ...stored, v: INTEREST_VERSION + 1 })).toBeUndefined();
    expect(InterestState.fromStored({ v: 0, members: [] })).toBeUndefined();
    expect(
      InterestState.fromStored({ ...stored, members: [['x', 't', 'liked', [], '', [['a', -1]]]] }),
    ).toBeUndefined();
    expect(InterestState.fromStored({ ...stored, members: [['x', 't', 'hacked', [], '', []]] })).toBeUndefined();
    expect(InterestState.fromStored('garbage')).toBeUndefined();
  });
});
