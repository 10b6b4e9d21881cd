import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import Papa from 'papaparse';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { decodeImportFile, exportFileName, exportPapers, importLibrary } from '../../lib/export/index';
import { EXPORT_FORMATS } from '../../lib/export/registry';
import { stateOf } from '../../lib/library/backup';
import { Library } from '../../lib/library/library';
import { DEFAULT_SETTINGS } from '../../lib/library/settings';
import type { StorageArea } from '../../lib/library/storage-area';
import type { Paper } from '../../lib/paper/types';
import { libraryOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';

// The 119 seed papers, and papers whose text is hard on every format.
const seed = loadSeed();
const base = libraryOf(seed, seed.length);
const TRICKY: Paper[] = [
  {
    id: 'arxiv:2401.90001',
    title: 'Braces {like} these, 50% & $x^2$ # _ ~ ^ \\ backslash',
    authors: ['Ada Lovelace'],
    url: 'https://arxiv.org/abs/2401.90001',
    starred: true,
    tags: ['a,b', 'quote "q"'],
    sightings: [],
  },
  {
    id: 'arxiv:2401.90002',
    title: 'μP: Scaling with $\\mathcal{O}(n)$ Memory',
    authors: ['Zoë Müller', 'Jürgen Schmidhuber'],
    url: 'https://arxiv.org/abs/2401.90002',
    starred: true,
    tags: [],
    sightings: [],
    note: 'line one\nline two, with "quotes"',
  },
  {
    id: 'doi:10.1145/3292500.3330701',
    title: '大規模言語モデルの研究 — CJK title',
    authors: ['王小明', '山田 太郎'],
    url: 'https://doi.org/10.1145/3292500.3330701',
    venue: 'KDD',
    published: '2019-07-25',
    starred: true,
    tags: [],
    sightings: [],
  },
  {
    id: 'arxiv:2407.21783',
    title: 'The Llama 3 Herd of Models',
    authors: Array.from({ length: 300 }, (_, i) => `Author${i} Surname${i}`),
    url: 'https://arxiv.org/abs/2407.21783',
    starred: true,
    tags: [],
    sightings: [],
  },
  {
    id: 'arxiv:2401.90003',
    title: '=HYPERLINK("http://evil") formula-looking title',
    authors: ['@mention Person'],
    url: 'https://arxiv.org/abs/2401.90003',
    starred: true,
    tags: [],
    sightings: [],
  },
];
const PAPERS = [...base, ...TRICKY];
const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

describe('exports read back by independent parsers', () => {
  it('BibTeX (citation-js): same records, titles and authors intact', async () => {
    const text = exportPapers(PAPERS, 'bibtex');
    const data = (await Cite.async(text)).data as {
      title: string;
      author?: { family?: string; given?: string; literal?: string }[];
      DOI?: string;
    }[];
    expect(data).toHaveLength(PAPERS.length);
    data.forEach((d, i) => {
      const p = PAPERS[i] as Paper;
      expect(norm(d.title), p.id).toBe(norm(p.title));
      expect(d.author?.length ?? 0, p.id).toBe(p.authors.length);
    });
    const cjk = data[base.length + 2];
    expect(cjk?.author?.map((a) => a.literal ?? `${a.given ?? ''} ${a.family ?? ''}`.trim())).toEqual([
      '王小明',
      '山田 太郎',
    ]);
    expect(data[base.length + 1]?.author?.[0]).toMatchObject({ family: 'Müller', given: 'Zoë' });
  });

  it('RIS (citation-js): same records, titles and authors intact', async () => {
    const data = (await Cite.async(exportPapers(PAPERS, 'ris'))).data as { title: string; author?: unknown[] }[];
    expect(data).toHaveLength(PAPERS.length);
    data.forEach((d, i) => {
      const p = PAPERS[i] as Paper;
      expect(norm(d.title), p.id).toBe(norm(p.title));
      expect(d.author?.length ?? 0, p.id).toBe(p.authors.length);
    });
  });

  it('CSV (Papa Parse, RFC 4180): a header, one row per paper, cells intact, formulas neutralised', () => {
    const text = exportPapers(PAPERS, 'csv');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(PAPERS.length);
    parsed.data.forEach((row, i) => {
      const p = PAPERS[i] as Paper;
      expect(row.title?.replace(/^'(?=[=+@])/, '')).toBe(p.title);
      expect(row.authors?.replace(/^'(?=[=+@])/, '').split('; ')).toEqual(p.authors);
    });
    expect(parsed.data.at(-1)?.title?.startsWith("'=")).toBe(true);
    expect(parsed.data[base.length + 1]?.note).toBe('line one\nline two, with "quotes"');
  });

  it('CSL-JSON and Markdown', () => {
    const csl = JSON.parse(exportPapers(PAPERS, 'csl-json')) as { title: string; DOI?: string; author: unknown[] }[];
    expect(csl).toHaveLength(PAPERS.length);
    expect(csl[base.length + 2]).toMatchObject({
      DOI: '10.1145/3292500.3330701',
      type: 'article-journal',
      'container-title': 'KDD',
    });
    const md = exportPapers(PAPERS, 'markdown').trim().split('\n');
    expect(md).toHaveLength(PAPERS.length);
    expect(md[base.length]).toContain(
      '[Braces \\{like\\} these, 50% & $x^2$ \\# \\_ \\~ ^ \\\\ backslash](https://arxiv.org/abs/2401.90001)',
    );
  });
});

describe('JSON backup', () => {
  beforeEach(() => fakeBrowser.reset());

  it('round trip at 10,000 papers: export → import into an empty library → the same library', async () => {
    const local = fakeBrowser.storage.local as unknown as StorageArea;
    const papers = libraryOf(seed, 10_000).map((p, i) => ({
      ...p,
      note: i % 7 ? undefined : `note ${i}`,
      tags: i % 5 ? p.tags : ['x', 'y'],
    }));
    const first = new Library(local, () => {});
    await first.importPapers(papers.map((p) => JSON.parse(JSON.stringify(p)) as Paper));
    const stored = async () => {
      const all = await local.get(null);
      return Object.entries(all)
        .filter(([k]) => k.startsWith('p:'))
        .map(([, v]) => {
          const { v: _v, shard: _s, ...paper } = v as Paper & { v: number; shard: number };
          return paper;
        })
        .sort((a, b) => a.id.localeCompare(b.id));
    };
    const before = await stored();
    const text = exportPapers(before, 'json');
    fakeBrowser.reset();
    const read = importLibrary(text);
    expect(read.errors).toEqual([]);
    expect(read.papers).toHaveLength(10_000);
    await new Library(local, () => {}).importPapers(read.papers);
    expect(await stored()).toEqual(before);
  });

  it('explains bad input and returns only valid papers', () => {
    const good = JSON.parse(exportPapers(TRICKY.slice(0, 2), 'json')) as { papers: unknown[] };
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['   \n', /empty/],
      [exportPapers(TRICKY, 'json').slice(0, 200), /not valid JSON.*truncated/],
      ['{"hello": "world"}', /not a PaperShelf backup/],
      ['[1, 2, 3]', /not a PaperShelf backup/],
      ['{"format": "papershelf-backup", "version": 99, "papers": []}', /newer PaperShelf/],
      ['just some text', /neither a PaperShelf backup/],
    ];
    for (const [text, error] of cases) {
      const r = importLibrary(text);
      expect(r.papers, text.slice(0, 30)).toEqual([]);
      expect(r.errors.join(' '), text.slice(0, 30)).toMatch(error);
    }
    const hostile = JSON.stringify({
      format: 'papershelf-backup',
      version: 1,
      papers: [
        ...good.papers,
        JSON.parse(
          '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "id": "arxiv:2401.90009", "title": "t", "authors": [], "url": "u", "starred": false, "tags": [], "sightings": []}',
        ),
        { id: 'arxiv:2401.90010', title: 7, authors: 'A', url: [], starred: 'yes', tags: {}, sightings: null },
        { id: 'not a paper', title: 't', authors: [], url: 'u', starred: false, tags: [], sightings: [] },
        good.papers[0],
      ],
    });
    const r = importLibrary(hostile);
    expect(r.papers.map((p) => p.id)).toEqual(['arxiv:2401.90001', 'arxiv:2401.90002', 'arxiv:2401.90009']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.hasOwn(r.papers[2] as object, '__proto__')).toBe(false);
    expect(r.errors.join('\n')).toMatch(/paper 4 \(arxiv:2401\.90010\): title: expected a string/);
    expect(r.errors.join('\n')).toMatch(/paper 5 \(not a paper\): id: not a paper id/);
    expect(r.errors.join('\n')).toMatch(/paper 6 \(arxiv:2401\.90001\): the same paper as an earlier entry; merged/);
  });

  it('reads a 50 MB backup, and refuses nothing of that size', () => {
    const many = libraryOf(seed, 40_000);
    const text = exportPapers(many, 'json');
    expect(text.length).toBeGreaterThan(50 * 1024 * 1024);
    const t = performance.now();
    const r = importLibrary(text);
    const ms = performance.now() - t;
    expect(r.errors).toEqual([]);
    expect(r.papers).toHaveLength(40_000);
    process.stdout.write(
      `${JSON.stringify({ bench: 'import-json', n: 40_000, mb: +(text.length / 1048576).toFixed(1), ms: Math.round(ms) })}\n`,
    );
  });
});

describe('import: the preview is the import (issue 13)', () => {
  it('names the problem: a version written as text, a versioned arXiv id (read as the paper), a UTF-16 file', () => {
    const text = (v: unknown, papers: unknown[] = []) =>
      JSON.stringify({ format: 'papershelf-backup', version: v, papers });
    expect(importLibrary(text('1')).errors.join()).toMatch(/"version" is "1"; a PaperShelf backup has a number there/);
    const versioned = { ...TRICKY[0], id: 'arxiv:2401.90001v3' };
    const read = importLibrary(text(1, [versioned]));
    expect(read.errors).toEqual([]);
    expect(read.papers.map((p) => p.id)).toEqual(['arxiv:2401.90001']);
    const backup = exportPapers(TRICKY, 'json');
    const le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(backup, 'utf16le'))]);
    const be = new Uint8Array(Buffer.from(backup, 'utf16le').swap16());
    for (const bytes of [le, be, new Uint8Array(Buffer.from(backup, 'utf16le'))]) {
      const r = importLibrary(decodeImportFile(bytes));
      expect(r.errors).toEqual([]);
      expect(r.papers.map((p) => p.title)).toEqual(TRICKY.map((p) => p.title));
    }
    expect(decodeImportFile(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('{}');
  });

  it('a BibTeX entry the background would refuse is reported by the preview and not sent', () => {
    const long = 'x'.repeat(2_100);
    const bib = `@misc{ok, title={Fine}, author={Lovelace, Ada}, eprint={2401.00001}, archivePrefix={arXiv}}
@misc{huge, title={${long}}, author={Turing, Alan}, eprint={2401.00002}, archivePrefix={arXiv}}`;
    const r = importLibrary(bib);
    expect(r.papers.map((p) => p.id)).toEqual(['arxiv:2401.00001']);
    expect(r.errors.join()).toMatch(/entry huge: title: longer than 2000 characters; skipped/);
  });
});

describe('BibTeX import', () => {
  it('imports entries with arXiv ids or DOIs, reports the others and broken ones by key', () => {
    const bib = `
@string{icml = "International Conference on Machine Learning"}
@comment{ anything {here} }
@article{salimans2016weight,
  title = {Weight Normalization: A {Simple} Reparameterization},
  author = {Salimans, Tim and Kingma, Diederik P.},
  journal = {arXiv preprint arXiv:1602.07868},
  year = 2016, month = feb
}
@inproceedings{muller2020,
  title = "M{\\"u}ller's {\\'E}t{\\'e} \\& 50\\% of $\\mu$P",
  author = {M{\\"u}ller, Zo{\\"e} and {van Beethoven}, Ludwig},
  booktitle = icml # " 2020",
  doi = {10.1145/3292500.3330701}
}
@misc{noid, title = {No identifiers}, author = {Nobody}}
@misc{broken, title = {Unbalanced {braces}, author = {X}
@misc{eprint2024, title = {With eprint}, eprint = {2401.01234}, archivePrefix = {arXiv}, primaryClass = {cs.LG}}
`;
    const r = importLibrary(bib, new Date('2026-01-01T00:00:00Z'));
    expect(r.papers.map((p) => p.id)).toEqual(['arxiv:1602.07868', 'doi:10.1145/3292500.3330701', 'arxiv:2401.01234']);
    expect(r.papers[0]).toMatchObject({
      title: 'Weight Normalization: A Simple Reparameterization',
      authors: ['Tim Salimans', 'Diederik P. Kingma'],
      published: '2016-02',
    });
    expect(r.papers[1]).toMatchObject({
      title: "Müller's Été & 50% of $\\mu$P",
      authors: ['Zoë Müller', 'Ludwig van Beethoven'],
      venue: 'International Conference on Machine Learning 2020',
    });
    expect(r.errors.join('\n')).toMatch(/entry noid: no arXiv id or DOI/);
    expect(r.errors.join('\n')).toMatch(/entry broken: unbalanced braces/);
  });

  it('reads back its own BibTeX export', () => {
    const r = importLibrary(exportPapers(PAPERS, 'bibtex'));
    expect(r.errors).toEqual([]);
    expect(r.papers.map((p) => p.id)).toEqual(PAPERS.map((p) => p.id));
    r.papers.forEach((p, i) => {
      expect(p.title).toBe(norm((PAPERS[i] as Paper).title));
      expect(p.authors).toEqual((PAPERS[i] as Paper).authors);
    });
  });
});

describe('exports of hostile values (issue 13), read back by independent parsers', () => {
  const HOSTILE: Paper[] = [
    {
      // A `}` in a URL would end the field and let a reader see a planted title and note. (An id with no landing page
      // of its own: the page it was found on is the link written.)
      id: 'openreview:HostileUrl11',
      title: 'Honest title',
      authors: ['Ada Lovelace'],
      url: 'https://example.org/x},title={Planted title},note={planted',
      starred: true,
      tags: [],
      sightings: [],
    },
    {
      // A `}` in a DOI made citation-js refuse the whole file.
      id: 'doi:10.1000/abc}def',
      title: 'DOI with a brace',
      authors: ['Grace Hopper'],
      url: 'https://doi.org/10.1000/abc}def',
      starred: true,
      tags: [],
      sightings: [],
    },
    {
      // Line breaks in RIS values would start records of their own.
      id: 'arxiv:2401.90013',
      title: 'Line\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - Injected record',
      authors: ['Alan Turing\nAU  - Planted Author'],
      url: 'https://arxiv.org/abs/2401.90013\r\nTY  - GEN',
      pdfUrl: 'https://arxiv.org/pdf/2401.90013\nN1  - planted',
      starred: true,
      tags: ['t\nKW  - planted'],
      sightings: [],
      note: 'note\r\nER  - ',
    },
    {
      // Cells that spreadsheets run as formulas, and a link that is not a web link.
      id: 'arxiv:2401.90014',
      title: '-2+3+cmd|"/C calc"!A0',
      authors: ['-Minus Person', '+Plus Person'],
      url: 'javascript:alert(1)',
      starred: true,
      tags: [],
      sightings: [],
    },
  ];

  it('BibTeX: each paper is one record with its own title; no planted field; a DOI with a brace is kept', async () => {
    const data = (await Cite.async(exportPapers(HOSTILE, 'bibtex'))).data as Record<string, unknown>[];
    expect(data).toHaveLength(HOSTILE.length);
    expect(data.map((d) => d.title)).toEqual(HOSTILE.map((p) => norm(p.title)));
    expect(data.some((d) => 'note' in d)).toBe(false);
    expect(decodeURIComponent(String(data[1]?.DOI))).toBe('10.1000/abc}def');
    expect(decodeURIComponent(String(data[0]?.URL))).toBe(HOSTILE[0]?.url);
    // The javascript: link is not written (the arXiv page stands in).
    expect(data[3]?.URL).toBe('https://arxiv.org/abs/2401.90014');
  });

  it('RIS: one record per paper, whatever line breaks the values hold', async () => {
    const text = exportPapers(HOSTILE, 'ris');
    const data = (await Cite.async(text)).data as { title: string; author?: unknown[] }[];
    expect(data).toHaveLength(HOSTILE.length);
    expect(data.map((d) => d.title)).toEqual(HOSTILE.map((p) => norm(p.title)));
    expect(data[2]?.author).toHaveLength(1);
    expect(text.match(/^TY {2}- /gm)).toHaveLength(HOSTILE.length);
    expect(text.match(/^ER {2}- ?$/gm)).toHaveLength(HOSTILE.length);
    expect(text).not.toMatch(/^(N1|KW|AU) {2}- planted/im);
    expect(text).not.toContain('javascript:');
  });

  it('CSV: a cell starting with = + - @ stays text; Markdown writes no link but http(s)', () => {
    const parsed = Papa.parse<Record<string, string>>(exportPapers(HOSTILE, 'csv').slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    const row = parsed.data[3] as Record<string, string>;
    expect(row.title).toBe(`'${HOSTILE[3]?.title}`);
    expect(row.authors?.startsWith("'-")).toBe(true);
    for (const r of parsed.data) for (const cell of Object.values(r)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const md = exportPapers(HOSTILE, 'markdown');
    expect(md).not.toContain('javascript:');
    const lines = md.trim().split('\n');
    expect(lines).toHaveLength(HOSTILE.length); // a line break in a tag does not start a line of its own
    // The javascript: link is not written; the paper's own arXiv page stands in.
    expect(lines[3]).toBe(
      '- [-2\\+3\\+cmd\\|"/C calc"\\!A0](https://arxiv.org/abs/2401.90014) — -Minus Person, \\+Plus Person (2024)',
    );
    const csl = JSON.parse(exportPapers(HOSTILE, 'csl-json')) as { URL?: string }[];
    expect(csl[3]?.URL).toBe('https://arxiv.org/abs/2401.90014');
  });
});

describe('export formats: one self-describing module each, one registry', () => {
  it('lists each format once, with a label, an extension and a MIME type, and writes through it', () => {
    const ids = EXPORT_FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['bibtex', 'ris', 'csl-json', 'csv', 'markdown', 'json']);
    const now = new Date('2026-05-01T00:00:00Z');
    for (const f of EXPORT_FORMATS) {
      expect(f.label.length, f.id).toBeGreaterThan(0);
      expect(f.mime, f.id).toMatch(/^[a-z]+\/[\w.+-]+/);
      expect(exportFileName('starred', f.id, now)).toBe(`papershelf-starred-2026-05-01.${f.extension}`);
      expect(exportPapers(PAPERS.slice(0, 2), f.id, now)).toBe(f.write(PAPERS.slice(0, 2), now));
    }
  });
});

describe('round trips that lose nothing (issue 14)', () => {
  const mine: Paper[] = [
    {
      id: 'arxiv:2401.90021',
      title: 'Found on Hugging Face',
      authors: ['Ada Lovelace'],
      url: 'https://huggingface.co/papers/2401.90021',
      starred: true,
      starredAt: '2026-05-01T00:00:00.000Z',
      tags: ['to read', 'rl'],
      note: 'Check section 4 {and the appendix}.',
      sightings: [],
    },
    {
      id: 'scholar:AbCdEf12345',
      title: 'A Scholar result with no arXiv id or DOI',
      authors: ['Grace Hopper'],
      url: 'https://example.org/paper',
      venue: 'Proceedings of the 40th ICML',
      published: '2023',
      starred: false,
      tags: ['systems'],
      sightings: [],
    },
  ];

  it('BibTeX: our own export comes back with its stars, tags, note and Scholar papers; a paper found on HF is cited by its arXiv page', () => {
    const bib = exportPapers(mine, 'bibtex');
    expect(bib).toContain('url = {https://arxiv.org/abs/2401.90021}');
    expect(bib).toContain('keywords = {to read, rl}');
    const back = importLibrary(bib);
    expect(back.errors).toEqual([]);
    const byId = new Map(back.papers.map((p) => [p.id, p]));
    expect(byId.get('arxiv:2401.90021')).toMatchObject({
      starred: true,
      tags: ['to read', 'rl'],
      note: 'Check section 4 {and the appendix}.',
    });
    expect(byId.get('scholar:AbCdEf12345')).toMatchObject({
      starred: false,
      tags: ['systems'],
      venue: 'Proceedings of the 40th ICML',
      title: 'A Scholar result with no arXiv id or DOI',
    });
  });

  it('JSON backup: the whole state — settings and tag colours too — and the import offers them back', () => {
    const settings = { ...stateOf(DEFAULT_SETTINGS), tagColors: { rl: '#b8860b' }, hideSeenKeeps: 'nothing' as const };
    const text = exportPapers(mine, 'json', new Date('2026-05-01'), { settings });
    const back = importLibrary(text);
    expect(back.errors).toEqual([]);
    expect(back.papers.map((p) => p.id)).toEqual(mine.map((p) => p.id));
    expect(back.settings).toEqual(settings);
    // A damaged setting is named and left out; the others come back.
    const damaged = JSON.parse(text) as { settings: Record<string, unknown> };
    damaged.settings.tagColors = { rl: 'red' };
    const partly = importLibrary(JSON.stringify(damaged));
    expect(partly.settings?.tagColors).toBeUndefined();
    expect(partly.settings?.hideSeenKeeps).toBe('nothing');
    expect(partly.errors.join()).toMatch(/settings\.tagColors/);
    // A backup from before settings were in it: papers only.
    expect(importLibrary(exportPapers(mine, 'json')).settings).toBeUndefined();
  });
});
