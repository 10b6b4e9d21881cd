import { describe, expect, it } from 'vitest';
import { docFromPaper } from '../../lib/search/docs';
import { editDistance, titleWordRanges } from '../../lib/search/highlight';
import { createSearch } from '../../lib/search/index';
import { paper } from '../helpers/papers';

const marked = (title: string, ranges: [number, number][]) => ranges.map(([a, b]) => title.slice(a, b + 1));

describe('highlights mark the matched title words, or nothing (issue 14.4)', () => {
  it('a typo, a prefix being typed, an accent: whole words', () => {
    const title = 'grapheme-kit: A Toolkit for Multilingual Grapheme Modelling';
    expect(marked(title, titleWordRanges(title, ['grafeme', 'kit', 'multilingual']))).toEqual([
      'grapheme',
      'kit',
      'Multilingual',
      'Grapheme',
    ]);
    expect(marked(title, titleWordRanges(title, ['multiling']))).toEqual(['Multilingual']);
    expect(marked('Über Modelle', titleWordRanges('Über Modelle', ['uber']))).toEqual(['Über']);
    expect(editDistance('grafeme', 'grapheme', 2)).toBe(2);
    expect(editDistance('teh', 'the', 1)).toBe(1);
  });

  it('the search marks "grafeme kit multilingual" in its title as words, and nothing for an author match', () => {
    const title = 'grapheme-kit: A Toolkit for Multilingual Grapheme Modelling';
    const papers = [
      { ...paper(1), title, authors: ['Ana Pérez'] },
      { ...paper(2), title: 'Attention for Models of Language', authors: ['Lena Jäger'] },
    ];
    const search = createSearch(papers, docFromPaper);
    const [hit] = search.search('grafeme kit multilingual');
    expect(hit?.item.id).toBe(papers[0]?.id);
    expect(marked(title, hit?.titleMatches ?? [])).toEqual(['grapheme', 'kit', 'Multilingual', 'Grapheme']);
    const [byAuthor] = search.search('jager');
    expect(byAuthor?.item.id).toBe(papers[1]?.id);
    expect(byAuthor?.titleMatches).toEqual([]);
  });
});
