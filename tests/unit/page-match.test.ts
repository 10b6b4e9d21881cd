import { describe, expect, it } from 'vitest';
import { nearPrefix, type PageText, pageMatches } from '../../lib/search/page-match';

const E: PageText[] = [
  { id: 'a', title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'] },
  {
    id: 'b',
    title: 'Denoising Diffusion Probabilistic Models',
    authors: ['Jonathan Ho'],
    abstract: 'We present high quality image synthesis.',
  },
  { id: 'c', title: 'Scaling Laws with $\\mu$P', authors: ['Zoë Müller'] },
  { id: 'd', title: 'Pre-trained Transformers for Retrieval', authors: ['Ada Lovelace'] },
];
const ids = (q: string) => [...pageMatches(E, q)].sort();

describe('page filter text matching (content script, no Fuse.js)', () => {
  it('matches whole words, prefixes and every query word', () => {
    expect(ids('attention')).toEqual(['a']);
    expect(ids('transf')).toEqual(['d']);
    expect(ids('diffusion models')).toEqual(['b']);
    expect(ids('diffusion attention')).toEqual([]);
    expect(ids('')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('allows one typo in a word of 4+ letters and two from 8, but not in short words', () => {
    expect(ids('atention')).toEqual(['a']);
    expect(ids('difusion')).toEqual(['b']);
    expect(ids('probabilsitic')).toEqual(['b']); // two edits (a swap) in a long word
    expect(ids('hp')).toEqual([]); // "ho": too short for a typo
    expect(ids('xyzzy')).toEqual([]);
  });

  it('reads authors and abstracts, folded like the library search', () => {
    expect(ids('vaswani')).toEqual(['a']);
    expect(ids('synthesis')).toEqual(['b']);
    expect(ids('muller')).toEqual(['c']);
    expect(ids('mup')).toEqual(['c']);
    expect(ids('pretrained')).toEqual(['d']);
  });

  it('nearPrefix: edits against a word or its start', () => {
    expect(nearPrefix('trnsf', 'transformer', 1)).toBe(true);
    expect(nearPrefix('tranxformer', 'transformer', 1)).toBe(true);
    expect(nearPrefix('abc', 'xyz', 1)).toBe(false);
    expect(nearPrefix('ab', 'ba', 2)).toBe(false); // a query no longer than its edit budget matches nothing
  });

  it('finds the one entry among 2,000 with abstracts', () => {
    const many: PageText[] = Array.from({ length: 2000 }, (_, i) => ({
      id: `p${i}`,
      title: `Paper ${i} on graph neural networks and retrieval`,
      authors: ['Ada Lovelace', 'Alan Turing'],
      abstract: 'We study many things about transformers, diffusion and attention. '.repeat(20),
    }));
    many[1234] = { ...(many[1234] as PageText), title: 'A zebrafish glyph study' };
    expect([...pageMatches(many, 'zebrafsh')]).toEqual(['p1234']);
    expect(pageMatches(many, 'graph retrievl').size).toBe(1999); // all but the retitled one
  });
});
