import { describe, expect, it } from 'vitest';
import { isAuthority } from '../../lib/paper/authority';
import {
  MAX_SIGHTINGS,
  mergeMetadata,
  mergePapers,
  mergeSightings,
  newPaper,
  vouchedLinks,
} from '../../lib/paper/merge';
import { meta, paper } from '../helpers/papers';

describe('merging', () => {
  it('the same paper seen on two sites is one record with two sightings', () => {
    const hf = { site: 'hf', url: 'https://huggingface.co/papers', firstSeen: '2026-01-01', lastSeen: '2026-01-01' };
    const ax = {
      site: 'arxiv',
      url: 'https://arxiv.org/list/cs.CL/new',
      firstSeen: '2026-01-02',
      lastSeen: '2026-01-02',
    };
    const s = mergeSightings(mergeSightings([], [hf]), [ax]);
    expect(s.map((x) => x.site)).toEqual(['hf', 'arxiv']);
    // Seeing it again on the same page refreshes lastSeen and keeps firstSeen.
    const again = mergeSightings(s, [{ ...hf, firstSeen: '2026-01-05', lastSeen: '2026-01-05' }]);
    expect(again).toHaveLength(2);
    expect(again[0]).toMatchObject({ firstSeen: '2026-01-01', lastSeen: '2026-01-05' });
  });

  it('caps sightings, keeping the first and the most recent', () => {
    let s = mergeSightings([], []);
    for (let d = 0; d < 60; d++) {
      const day = `2026-01-${String(d + 1).padStart(2, '0')}`;
      s = mergeSightings(s, [
        { site: 'hf', url: `https://huggingface.co/papers?date=${d}`, firstSeen: day, lastSeen: day },
      ]);
    }
    expect(s).toHaveLength(MAX_SIGHTINGS);
    expect(s.some((x) => x.url.endsWith('=0'))).toBe(true);
    expect(s.some((x) => x.url.endsWith('=59'))).toBe(true);
  });

  it('fresher metadata fills gaps and never overwrites what is there', () => {
    const p = { ...newPaper(meta(1, { title: 'My title' }), '2026-01-01'), starred: true, tags: ['mine'], note: 'n' };
    const m = mergeMetadata(
      p,
      meta(1, { title: 'Other title', abstract: 'Found later', codeUrl: 'https://github.com/x/y' }),
    );
    expect(m.title).toBe('My title');
    expect(m.abstract).toBe('Found later');
    expect(m.codeUrl).toBe('https://github.com/x/y');
    expect(m).toMatchObject({ starred: true, tags: ['mine'], note: 'n' });
  });

  it('merging two records keeps stars, the union of tags, the newer note and all sightings', () => {
    const a = paper(1, {
      starred: true,
      starredAt: '2026-02-01T00:00:00Z',
      tags: ['rl'],
      note: 'old',
      updatedAt: '2026-02-01T00:00:00Z',
    });
    const b = paper(1, {
      starred: false,
      tags: ['RL', 'vision'],
      note: 'new',
      updatedAt: '2026-03-01T00:00:00Z',
      sightings: [
        { site: 'hf', url: 'https://huggingface.co/papers', firstSeen: '2026-03-01', lastSeen: '2026-03-01' },
      ],
    });
    const m = mergePapers(a, b);
    expect(m.starred).toBe(true);
    expect(m.starredAt).toBe('2026-02-01T00:00:00Z');
    expect(m.tags).toEqual(['RL', 'vision']);
    expect(m.note).toBe('new');
    expect(m.sightings.map((s) => s.site).sort()).toEqual(['arxiv', 'hf']);
    expect(mergePapers(b, a)).toEqual(m);
  });
});

describe('who may say what about a paper (issue 13)', () => {
  const id = 'arxiv:2401.00001';
  const phishing = {
    ...meta(1),
    title: 'A rewritten title',
    authors: Array.from({ length: 12 }, (_, i) => `Planted Author ${i}`),
    abstract: 'A planted abstract.',
    codeUrl: 'https://evil.example/repo',
    pdfUrl: 'https://evil.example/paper.pdf',
    keywords: ['planted'],
  };
  const scholar = 'https://scholar.google.com/scholar?q=x';

  it("a page that is not the paper's own cannot rewrite the user's paper, nor even fill its gaps", () => {
    const mine = { ...paper(1, { starred: true }), abstract: undefined, codeUrl: undefined, keywords: undefined };
    const after = mergeMetadata(mine, phishing, scholar);
    expect(after).toEqual(mine);
    for (const owned of [{ tags: ['job-hunt'] }, { note: 'mine' }]) {
      const p = { ...paper(1), abstract: undefined, ...owned };
      expect(mergeMetadata(p, phishing, 'https://huggingface.co/papers')).toEqual(p);
    }
  });

  it("on a paper nobody owns, other pages fill only gaps, and never with links off the paper's or code hosts", () => {
    const fresh = { ...paper(1), abstract: undefined, pdfUrl: undefined, codeUrl: undefined, keywords: undefined };
    const after = mergeMetadata(fresh, phishing, scholar);
    expect(after.title).toBe(fresh.title);
    expect(after.authors).toEqual(fresh.authors);
    expect(after.abstract).toBe('A planted abstract.'); // a gap, filled
    expect(after.pdfUrl).toBeUndefined();
    expect(after.codeUrl).toBeUndefined();
    const good = { ...meta(1), codeUrl: 'https://github.com/org/repo', pdfUrl: `https://arxiv.org/pdf/${id.slice(6)}` };
    expect(mergeMetadata(fresh, good, scholar)).toMatchObject({ codeUrl: good.codeUrl, pdfUrl: good.pdfUrl });
    // A new paper from a page: the same link rules.
    expect(vouchedLinks(phishing)).not.toHaveProperty('codeUrl');
    expect(vouchedLinks(phishing)).not.toHaveProperty('pdfUrl');
  });

  it("the paper's own site (arXiv for an arXiv id) corrects its metadata, even on a starred paper", () => {
    const mine = paper(1, { starred: true, tags: ['rl'] });
    const corrected = { ...meta(1), title: 'The corrected title (v2)', authors: ['A. Author', 'B. Author'] };
    const after = mergeMetadata(mine, corrected, `https://arxiv.org/abs/${id.slice(6)}`);
    expect(after).toMatchObject({ title: 'The corrected title (v2)', authors: ['A. Author', 'B. Author'] });
    expect(after).toMatchObject({ starred: true, tags: ['rl'] });
    expect(isAuthority('https://arxiv.org.evil.example/abs/1', id)).toBe(false);
    expect(isAuthority('https://doi.org/10.1/x', 'doi:10.1/x')).toBe(true);
    expect(isAuthority('https://arxiv.org/abs/1', 'doi:10.1/x')).toBe(false);
  });
});
