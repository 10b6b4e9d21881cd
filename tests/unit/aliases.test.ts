import { describe, expect, it } from 'vitest';
import { mayRename, pageOwnsAlias, titleKey } from '../../lib/paper/aliases';

const T = 'Engines of Analysis: Scheduling Computation at Scale';

describe('paper aliases: when a page may move a paper to a better id', () => {
  it('a page owns landing ids on its own host and its own site ids only', () => {
    const usenix = 'https://www.usenix.org/conference/osdi23/presentation/lovelace';
    expect(pageOwnsAlias(usenix, 'url:usenix.org/conference/osdi23/presentation/lovelace')).toBe(true);
    expect(pageOwnsAlias(usenix, 'url:evil.example/x')).toBe(false);
    expect(pageOwnsAlias('https://aclanthology.org/2021.naacl-main.208/', 'acl:2021.naacl-main.208')).toBe(true);
    expect(pageOwnsAlias('https://www.semanticscholar.org/search?q=x', 'acl:2021.naacl-main.208')).toBe(false);
    expect(pageOwnsAlias('https://pubmed.ncbi.nlm.nih.gov/?term=x', 'pmid:37000001')).toBe(true);
    expect(pageOwnsAlias('https://dblp.org/pid/l/x.html', 'dblp:conf/nips/X17')).toBe(true);
    expect(pageOwnsAlias('https://dblp.org/pid/l/x.html', 'arxiv:1706.03762')).toBe(false);
    expect(pageOwnsAlias('not a url', 'url:x.org/a')).toBe(false);
  });

  it('renames only to a better kind of id, with the same title, from an id the page owns', () => {
    const page = 'https://www.usenix.org/conference/osdi23/presentation/lovelace';
    const from = { id: 'url:usenix.org/conference/osdi23/presentation/lovelace', title: T };
    expect(mayRename(page, from, { id: 'doi:10.5555/1234', title: `${T}.` })).toBe(true);
    expect(mayRename(page, from, { id: 'doi:10.5555/1234', title: 'Something Else' })).toBe(false);
    // An arXiv id or DOI is never given up, and a worse id never replaces a better one.
    expect(mayRename(page, { id: 'doi:10.5555/1234', title: T }, { id: 'arxiv:2301.00001', title: T })).toBe(false);
    expect(
      mayRename(
        'https://aclanthology.org/x/',
        { id: 'acl:2021.naacl-main.208', title: T },
        { id: 'url:aclanthology.org/x', title: T },
      ),
    ).toBe(false);
    // A hostile page on another host cannot take a USENIX paper.
    expect(mayRename('https://evil.example/p', from, { id: 'doi:10.6666/evil', title: T })).toBe(false);
    expect(mayRename(page, { ...from, title: '' }, { id: 'doi:10.5555/1234', title: '' })).toBe(false);
  });

  it('compares titles by letters and digits only', () => {
    expect(titleKey('Attention Is All You Need.')).toBe(titleKey('attention is all you need'));
    expect(titleKey('Über Wärme')).toBe(titleKey('Uber Warme'));
  });
});
