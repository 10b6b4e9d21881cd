import { describe, expect, it } from 'vitest';
import { PAPER_LINK_PATTERNS, paperFromLink } from '../../lib/library/context-menu';

/** A match pattern as the browser applies it to a link's URL. */
function matches(pattern: string, url: string): boolean {
  const [, scheme, host, path] = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern) ?? [];
  const u = new URL(url);
  const re = (s: string) => new RegExp(`^${s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return (
    (scheme === '*' ? /^https?:$/.test(u.protocol) : u.protocol === `${scheme}:`) &&
    host === u.hostname &&
    re(path ?? '').test(u.pathname + u.search)
  );
}

describe('"Star this paper" on links', () => {
  const links: [string, string, string][] = [
    ['https://arxiv.org/abs/2401.01234v2', 'Scaling laws for everything', 'arxiv:2401.01234'],
    ['https://arxiv.org/pdf/2401.01234', 'pdf', 'arxiv:2401.01234'],
    ['https://huggingface.co/papers/2407.21783', 'The Llama 3 Herd of Models', 'arxiv:2407.21783'],
    [
      'https://openreview.net/forum?id=YicbFdNTTy',
      'Generative Modeling with Phase Stochastic Bridges',
      'openreview:YicbFdNTTy',
    ],
    ['https://doi.org/10.1145/3292500.3330701', '10.1145/3292500.3330701', 'doi:10.1145/3292500.3330701'],
    ['https://aclanthology.org/2021.naacl-main.208/', 'A paper at NAACL', 'acl:2021.naacl-main.208'],
  ];

  it('is offered on links to paper pages, and stars the paper the link names', () => {
    for (const [url, text, id] of links) {
      expect(
        PAPER_LINK_PATTERNS.some((p) => matches(p, url)),
        url,
      ).toBe(true);
      const paper = paperFromLink(url, text);
      expect(paper?.id).toBe(id);
      // A link text that names a format or an id is not taken for the title.
      expect(paper?.title).toBe(/^(pdf|10\.)/.test(text) ? id : text);
    }
  });

  it('is not offered on other links, and a link that names no paper stars nothing', () => {
    for (const url of [
      'https://arxiv.org/list/cs.LG/new',
      'https://huggingface.co/models',
      'https://example.org/a.pdf',
    ]) {
      expect(
        PAPER_LINK_PATTERNS.some((p) => matches(p, url)),
        url,
      ).toBe(false);
    }
    expect(paperFromLink('https://example.org/paper')).toBeUndefined();
  });
});
