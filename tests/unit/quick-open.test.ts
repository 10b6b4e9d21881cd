/**
 * What a cold view's quick search does on the way to its first answer, made without work at open (issue 12): the
 * base finds a trigram by a binary search in its sorted list and a shard's docs by the typed array's indexOf
 * (lib/search/segment.ts), and a small overlay scans its words instead of listing their trigrams
 * (lib/search/overlay.ts). Each must find what listing or scanning them all finds.
 */
import { describe, expect, it } from 'vitest';
import { snapOrder, toSnapEntry } from '../../lib/library/schema';
import { OverlayIndex } from '../../lib/search/overlay';
import { grams, metaText, SegmentView } from '../../lib/search/segment';
import { buildSegment } from '../../lib/search/segment-build';
import { realVocabularyOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';

const seed = loadSeed();

/** The words of `tokens` sharing a trigram with `gs`, from every word's trigrams listed (memoised per word list). */
const listed = new WeakMap<string[], Map<string, string[]>>();
function sharing(tokens: string[], gs: Iterable<string>): string[] {
  let byGram = listed.get(tokens);
  if (!byGram) {
    byGram = new Map();
    for (const t of tokens) {
      if (t.length < 3) continue;
      for (const g of grams(t)) {
        const l = byGram.get(g);
        if (l) l.push(t);
        else byGram.set(g, [t]);
      }
    }
    listed.set(tokens, byGram);
  }
  const out = new Set<string>();
  for (const g of gs) for (const t of byGram.get(g) ?? []) out.add(t);
  return [...out].sort();
}

/** Query words: real ones, with a letter dropped, one added, one changed; short ones and odd characters. */
function terms(tokens: string[]): string[] {
  const out = ['a', 'ab', 'zzqx', 'é', 'naïve', 'über', '𝒪x', 'x-ray', ' ', '', '.*+', 'a(b|', '[^]$', '\\d{2}'];
  tokens.forEach((t, i) => {
    if (i % 97) return;
    out.push(t, `${t.slice(0, 1)}${t.slice(2)}`, `${t}s`, `q${t.slice(1)}`);
  });
  // Last (a small overlay lists its trigrams for such a word, and keeps them): pasted words of hundreds of trigrams.
  out.push('ab'.repeat(40), tokens.slice(0, 80).join(''));
  return out;
}

describe('lookups of a quick search', () => {
  const entries = realVocabularyOf(seed, 2_000).map((p) => toSnapEntry(p));
  const built = buildSegment(
    entries.map((entry, i) => ({ entry, shard: Math.floor(i / 100) })),
    snapOrder,
  );

  it("the base finds each trigram's words by a binary search in its list, as comparing every word's trigrams does", () => {
    const view = new SegmentView(structuredClone(built.base));
    const tokens = Array.from({ length: view.tokenCount }, (_, i) => view.token(i));
    const keys = built.base.grams.split('\n');
    expect(keys.length).toBeGreaterThan(2_000);
    // The layout the search relies on: three UTF-16 units and a newline each, sorted.
    expect(keys.every((k) => k.length === 3)).toBe(true);
    expect([...keys].sort()).toEqual(keys);
    const asked = [...keys.filter((_, i) => i % 13 === 0), ...terms(tokens).flatMap((t) => [...grams(t)])];
    for (const g of asked) {
      const got = [...view.gramTokens([g])].map((id) => view.token(id)).sort();
      expect(got, g).toEqual(sharing(tokens, [g]));
    }
    // Not trigrams: nothing, no error.
    for (const g of ['', 'ab', 'abcd', '\n', '\uffff\uffff\uffff']) expect(view.gramTokens([g]).size).toBe(0);
  });

  it("a storage shard's docs are found as a scan of every doc's shard finds them, whatever shards are asked", () => {
    const view = new SegmentView(structuredClone(built.base));
    const shardOf = built.base.shard;
    for (const asked of [[0], [19], [3, 7, 3], [19, 0, 12], [], [20, 99], [-1, Number.NaN, 5]]) {
      const got: number[] = [];
      view.forDocsOfShards(asked, (d) => got.push(d));
      const want = Array.from({ length: view.n }, (_, d) => d).filter((d) => asked.includes(shardOf[d] as number));
      expect(
        got.sort((a, b) => a - b),
        String(asked),
      ).toEqual(want);
      expect(new Set(got).size).toBe(got.length);
    }
    // Each shard's docs come in doc order.
    const order: number[] = [];
    view.forDocsOfShards([4], (d) => order.push(d));
    expect(order.length).toBe(100);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('a trigram list laid out otherwise is read into a map once, and finds the same words', () => {
    const seg = structuredClone(built.base);
    seg.grams = `${seg.grams}\n`; // one unit longer than 4 per trigram: not the fixed layout
    const odd = new SegmentView(seg);
    const view = new SegmentView(structuredClone(built.base));
    for (const t of terms(Array.from({ length: view.tokenCount }, (_, i) => view.token(i)))) {
      const gs = grams(t);
      expect([...odd.gramTokens(gs)].sort(), t).toEqual([...view.gramTokens(gs)].sort());
      const a = new Map<number, number>();
      const b = new Map<number, number>();
      odd.gramShared(gs, 1, (id, n) => a.set(id, n));
      view.gramShared(gs, 1, (id, n) => b.set(id, n));
      expect(a).toEqual(b);
    }
  });

  it('an overlay finds the words sharing a trigram by scanning them while small, by its trigram lists once large', () => {
    const small = new OverlayIndex();
    const large = new OverlayIndex();
    entries.forEach((e, i) => {
      const meta = metaText(e.authors, e.tags, [], '');
      if (i < 100) {
        small.add(i, 0, e.title);
        small.add(i, 1, meta);
      }
      large.add(i, 0, e.title);
      large.add(i, 1, meta);
    });
    expect(small.tokens.length).toBeGreaterThan(500);
    expect(small.tokens.length).toBeLessThan(4_096);
    expect(large.tokens.length).toBeGreaterThan(4_096);
    for (const ov of [small, large]) {
      for (const t of terms(ov.tokens)) {
        const gs = grams(t);
        expect([...ov.gramTokens(gs)].sort(), t).toEqual(sharing(ov.tokens, gs));
      }
    }
    // Words added after a lookup are found by the next (the large overlay keeps its lists as words come).
    for (const ov of [small, large]) {
      ov.add(9_999, 0, 'Cryptobiosis in tardigrades');
      expect([...ov.gramTokens(grams('cryptobiosus'))]).toContain('cryptobiosis');
      expect(sharing([...ov.tokens], grams('tardigrads'))).toEqual([...ov.gramTokens(grams('tardigrads'))].sort());
    }
  });

  it('an overlay lists its words from a prefix in sorted order (UTF-16 units, as the base sorts its own)', () => {
    const ov = new OverlayIndex();
    ov.add(0, 0, 'ub9 uba ub10 ub ubiquitous uber ub中 ubµ');
    entries.slice(0, 50).forEach((e, i) => {
      ov.add(i + 1, 0, e.title);
    });
    const from = (prefix: string) => {
      const got: string[] = [];
      ov.prefixed(prefix, (t) => {
        got.push(t);
        return true;
      });
      return got;
    };
    const byUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    expect(from('ub')).toEqual(ov.tokens.filter((t) => t.startsWith('ub')).sort(byUnits));
    expect(from('ub').slice(0, 4)).toEqual(['ub', 'ub10', 'ub9', 'uba']);
    for (const p of ['', 'a', 'de', 'tra'])
      expect(from(p)).toEqual(ov.tokens.filter((t) => t.startsWith(p)).sort(byUnits));
  });
});
