/**
 * A view that opens with shards written since its base was built indexes their papers twice (its quick search, then
 * its index): lib/search/overlay.ts WordMemo splits each title and meta text once for both, and keeps nothing once
 * closed.
 */
import { describe, expect, it } from 'vitest';
import { toSnapEntry } from '../../lib/library/schema';
import { createSearch, docFromSnap } from '../../lib/search/index';
import { WordMemo } from '../../lib/search/overlay';
import { metaText, tokensOf } from '../../lib/search/segment';
import { libraryOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';

const seed = loadSeed();

describe('WordMemo', () => {
  it('gives the words tokensOf gives, splitting each text once while open and keeping nothing once closed', () => {
    const memo = new WordMemo();
    const title = 'Pre-trained μP Transformers: $\\mathcal{O}(n)$ Attention for Müller';
    const meta = metaText(['Ana Müller', "D. O'Neil"], ['to read'], ['gpt-4'], 'a note');
    expect(memo.words(0, title)).toEqual(tokensOf(0, title));
    expect(memo.words(1, meta)).toEqual(tokensOf(1, meta));
    expect(memo.words(0, title)).toBe(memo.words(0, title));
    // The same text in another field is split by that field's rules.
    expect(memo.words(2, `${title} the of`)).toEqual(tokensOf(2, `${title} the of`));
    memo.close();
    expect(memo.words(0, title)).toEqual(tokensOf(0, title));
    expect(memo.words(0, title)).not.toBe(memo.words(0, title));
  });

  it('two searches sharing one memo answer exactly as searches without it, through later changes too', () => {
    const papers = libraryOf(seed, 400).map(toSnapEntry);
    const memo = new WordMemo();
    const shared = [createSearch([], docFromSnap, { words: memo }), createSearch([], docFromSnap, { words: memo })];
    const plain = createSearch([], docFromSnap);
    for (const s of [...shared, plain]) for (const p of papers) s.upsert(p, undefined);
    memo.close();
    const changed = {
      ...(papers[3] as (typeof papers)[number]),
      title: 'Quokka colonies of Rottnest',
      tags: ['marsupial'],
    };
    for (const s of [...shared, plain]) s.upsert(changed, undefined);
    for (const q of ['quokka', 'marsupial', 'wieght normalisation', 'difusion model', 'zhang', 'tag:marsupial']) {
      const want = plain.search(q, { limit: 20 }).map((h) => h.item.id);
      expect(want.length).toBeGreaterThan(0);
      for (const s of shared) expect(s.search(q, { limit: 20 }).map((h) => h.item.id)).toEqual(want);
    }
  });
});
