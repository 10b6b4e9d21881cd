import { describe, expect, it } from 'vitest';
import { baseKey, bibtexEntry, bibtexKeys, bibtexTitle, escapeBibtex, lastFirst } from '../../lib/export/bibtex';
import type { Paper } from '../../lib/paper/types';

const p = (extra: Partial<Paper>): Paper => ({
  id: 'arxiv:2407.21783',
  title: 'The Llama 3 Herd of Models',
  authors: ['Abhimanyu Dubey'],
  url: 'https://arxiv.org/abs/2407.21783',
  starred: true,
  tags: [],
  sightings: [],
  ...extra,
});

describe('BibTeX', () => {
  it('makes readable keys: first author, year, first significant title word', () => {
    expect(baseKey(p({}))).toBe('dubey2024llama');
    expect(
      baseKey(
        p({ id: 'doi:10.1145/1', authors: ['Zoë Müller'], title: 'On the Müller Method', published: '2019-05-01' }),
      ),
    ).toBe('muller2019muller');
    expect(baseKey(p({ id: 'arxiv:hep-th/9901001', authors: [], title: '' }))).toBe('anon1999paper');
  });

  it('gives clashing keys a, b, … by paper id, the same on every export', () => {
    const a = p({ id: 'arxiv:2407.21783' });
    const b = p({ id: 'arxiv:2407.00001' });
    const keys = bibtexKeys([a, b]);
    expect(keys.get('arxiv:2407.00001')).toBe('dubey2024llamaa');
    expect(keys.get('arxiv:2407.21783')).toBe('dubey2024llamab');
    expect(bibtexKeys([b, a])).toEqual(keys);
  });

  it('escapes special characters, protects capitals, keeps Unicode', () => {
    expect(escapeBibtex('50% & $x$ #1 a_b {c} ~ ^ \\')).toBe(
      '50\\% \\& \\$x\\$ \\#1 a\\_b \\{c\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}',
    );
    expect(bibtexTitle('BERT and GPT-4 on ImageNet: μP for 大模型')).toBe(
      '{BERT} and {GPT}-4 on {ImageNet}: μP for 大模型',
    );
    expect(lastFirst('Ludwig van Beethoven')).toBe('van Beethoven, Ludwig');
    expect(lastFirst('Lovelace, Ada')).toBe('Lovelace, Ada');
  });

  it('writes arXiv papers as @misc with eprint, archivePrefix and primaryClass; a venue as @inproceedings or @article', () => {
    const arxiv = bibtexEntry(
      p({ keywords: ['Computation and Language (cs.CL)'], authors: ['Abhimanyu Dubey', 'Zoë Müller'] }),
    );
    expect(arxiv).toContain('@misc{dubey2024llama,');
    expect(arxiv).toContain('author = {Dubey, Abhimanyu and Müller, Zoë}');
    expect(arxiv).toContain('eprint = {2407.21783}');
    expect(arxiv).toContain('archivePrefix = {arXiv}');
    expect(arxiv).toContain('primaryClass = {cs.CL}');
    const doi = bibtexEntry(p({ id: 'doi:10.1145/3292500.3330701', venue: 'KDD', published: '2019' }));
    expect(doi).toContain('@inproceedings{');
    expect(doi).toContain('doi = {10.1145/3292500.3330701}');
    expect(doi).toContain('booktitle = {KDD}'); // standard styles ignore journal in @misc (issue 14)
    const journal = bibtexEntry(p({ id: 'doi:10.1038/nature14539', venue: 'Nature', published: '2015' }));
    expect(journal).toContain('@article{');
    expect(journal).toContain('journal = {Nature}');
    const scholar = bibtexEntry(p({ id: 'scholar:AbCdEf12345', venue: 'Proceedings of the 40th ICML' }));
    expect(scholar).toContain('@inproceedings{');
    expect(scholar).toContain('papershelfid = {scholar:AbCdEf12345}');
    expect(bibtexEntry(p({ venue: 'arXiv preprint arXiv:2407.21783' }))).toContain('@misc{');
  });
});

describe('a preprint whose published version was found (Complete metadata)', () => {
  it('cites the published venue and DOI, keeping the arXiv eprint', async () => {
    const { exportPapers } = await import('../../lib/export/index');
    const p: Paper = {
      id: 'arxiv:1706.03762',
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani'],
      url: 'https://arxiv.org/abs/1706.03762',
      published: '2017',
      venue: 'Advances in Neural Information Processing Systems',
      doi: '10.5555/3295222.3295349',
      starred: true,
      tags: [],
      sightings: [],
    };
    const bib = bibtexEntry(p);
    expect(bib).toMatch(/^@inproceedings\{/);
    expect(bib).toContain('booktitle = {Advances in Neural Information Processing Systems}');
    expect(bib).toContain('doi = {10.5555/3295222.3295349}');
    expect(bib).toContain('eprint = {1706.03762}');
    expect(exportPapers([p], 'ris')).toContain('DO  - 10.5555/3295222.3295349');
    expect(exportPapers([p], 'csl-json')).toContain('"DOI": "10.5555/3295222.3295349"');
    expect(exportPapers([p], 'csv')).toContain('10.5555/3295222.3295349');
  });
});
