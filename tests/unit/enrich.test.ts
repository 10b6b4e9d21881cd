/**
 * "Complete metadata" (issue 15) against recorded answers: the arXiv API and Semantic Scholar captures in
 * ../shared/fixtures, DBLP answers in its documented shape (tests/fixtures/dblp-api-*.synthetic.json); and the
 * failures (timeout, 429, malformed, unknown paper), each leaving the paper as it was with a plain note.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { arxivQueryUrl, parseArxivAtom } from '../../lib/enrich/arxiv-api';
import { dblpSearchUrl, parseDblp } from '../../lib/enrich/dblp-api';
import { completeMetadata, type EnrichDeps, type Fetched } from '../../lib/enrich/index';
import { parseS2, s2SearchUrl } from '../../lib/enrich/s2-api';
import { applyCompletion } from '../../lib/library/enrich-apply';
import { Library } from '../../lib/library/library';
import { createRouter } from '../../lib/library/messages';
import type { StorageArea } from '../../lib/library/storage-area';
import type { Paper } from '../../lib/paper/types';
import { LOCAL, SHARED } from '../helpers/dom';

const read = (p: string) => readFileSync(p, 'utf8');
const ARXIV_MAMBA = read(join(SHARED, 'arxiv/api-query-id_list.xml'));
const S2_SEARCH = read(join(SHARED, 'semantic-scholar/api-search.json'));
const DBLP_ATTENTION = read(join(LOCAL, 'dblp-api-attention.synthetic.json'));
const DBLP_EMPTY = read(join(LOCAL, 'dblp-api-empty.synthetic.json'));
const MAMBA = { id: 'arxiv:2312.00752', title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces' };
const ATTENTION = { id: 'arxiv:1706.03762', title: 'Attention Is All You Need', published: '2017' };
const CROSSFUSE = {
  id: 'arxiv:2406.10581',
  title: 'CrossFuse: A novel cross attention mechanism based infrared and visible image fusion approach',
};

type Answer = { status: number; body: string } | 'hang' | 'offline';

/** A fetch answering from recorded answers by URL, a fake clock, and a log of what was asked. */
function deps(answers: Record<string, Answer>, s2 = false): EnrichDeps & { asked: string[]; slept: number[] } {
  let clock = 1_000_000;
  const asked: string[] = [];
  const slept: number[] = [];
  return {
    asked,
    slept,
    timeoutMs: 50,
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
    s2Allowed: async () => s2,
    fetch: (url, init) => {
      asked.push(url);
      const a = answers[url] ?? { status: 404, body: 'not found' };
      if (a === 'offline') return Promise.reject(new TypeError('Failed to fetch'));
      if (a === 'hang')
        return new Promise<Fetched>((_, reject) =>
          init.signal.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      return Promise.resolve({ ok: a.status < 300, status: a.status, text: async () => a.body });
    },
  };
}
const ok = (body: string) => ({ status: 200, body });
const dblpEmpty = (title: string) => ({ [dblpSearchUrl(title)]: ok(DBLP_EMPTY) });

describe('metadata sources, parsed from recorded answers', () => {
  it('arXiv API: abstract, date and title of each entry, by canonical id', () => {
    const got = parseArxivAtom(ARXIV_MAMBA);
    expect([...got.keys()]).toEqual(['arxiv:2312.00752']);
    const m = got.get('arxiv:2312.00752');
    expect(m?.title).toBe(MAMBA.title);
    expect(m?.published).toBe('2023-12-01');
    expect(m?.abstract).toMatch(/^Foundation models, now powering most of the exciting applications in deep learning/);
    expect(m?.abstract).not.toMatch(/\s{2}|\n/);
    expect(parseArxivAtom(read(join(SHARED, 'arxiv/api-query-cat-cs.CL.xml'))).size).toBe(2);
    expect(arxivQueryUrl(['2401.00002', '2312.00752'])).toBe(
      'https://export.arxiv.org/api/query?id_list=2312.00752,2401.00002&max_results=2',
    );
  });

  it('DBLP: the published version, never the CoRR preprint; nothing when DBLP lists none', () => {
    expect(parseDblp(JSON.parse(DBLP_ATTENTION), 'Attention Is All You Need')).toEqual({
      title: 'Attention is All you Need.',
      venue: 'NIPS',
      published: '2017',
    });
    expect(parseDblp(JSON.parse(DBLP_EMPTY), 'A Paper Nobody Indexed')).toBeUndefined();
  });

  it('Semantic Scholar: matched by arXiv id, venue, year and DOI of the published version', () => {
    expect(parseS2(JSON.parse(S2_SEARCH), { arxiv: '2406.10581', title: 'whatever' })).toEqual({
      title: CROSSFUSE.title,
      venue: 'Information Fusion',
      published: '2024',
      doi: '10.1016/j.inffus.2023.102147',
    });
  });

  it('malformed answers are refused by every parser', () => {
    for (const junk of ['<html><body>Service Unavailable</body></html>', '', '<feed><entry>']) {
      expect(() => parseArxivAtom(junk)).toThrow(/malformed/);
    }
    expect(() => parseDblp({ error: 'x' }, 't')).toThrow(/malformed/);
    expect(() => parseS2({ message: 'Too Many Requests' }, { title: 't' })).toThrow(/malformed/);
  });
});

describe('completeMetadata', () => {
  it('fills abstract and date from arXiv, the venue from DBLP, the DOI from Semantic Scholar when allowed', async () => {
    const d = deps(
      {
        [arxivQueryUrl(['2312.00752', '2406.10581'])]: ok(ARXIV_MAMBA),
        ...dblpEmpty(MAMBA.title),
        ...dblpEmpty(CROSSFUSE.title),
        [s2SearchUrl(CROSSFUSE.title)]: ok(S2_SEARCH),
        [s2SearchUrl(MAMBA.title)]: ok('{"total":0,"offset":0,"data":[]}'),
      },
      true,
    );
    const [mamba, crossfuse] = await completeMetadata([MAMBA, CROSSFUSE], d);
    expect(mamba?.found).toEqual({
      abstract: { value: expect.stringMatching(/^Foundation models/), source: 'arxiv' },
      published: { value: '2023-12-01', source: 'arxiv' },
    });
    expect(mamba?.notes[0]).toBe('Added abstract from arXiv, published from arXiv.');
    expect(crossfuse?.found).toEqual({
      venue: { value: 'Information Fusion', source: 's2' },
      doi: { value: '10.1016/j.inffus.2023.102147', source: 's2' },
      published: { value: '2024', source: 's2' },
    });
    expect(crossfuse?.notes).toContain('arXiv does not know 2406.10581.');
    // One arXiv request for both, then one lookup a second at DBLP and at Semantic Scholar.
    expect(d.asked.filter((u) => u.includes('export.arxiv.org'))).toHaveLength(1);
    expect(d.slept.every((ms) => ms <= 3_000)).toBe(true);
  });

  it('takes the published venue from DBLP, never the preprint, and keeps a fuller date', async () => {
    const d = deps({ [dblpSearchUrl(ATTENTION.title)]: ok(DBLP_ATTENTION) });
    const [c] = await completeMetadata([{ ...ATTENTION, abstract: 'x', published: '2017-06-12' }], d);
    expect(c?.found).toEqual({ venue: { value: 'NIPS', source: 'dblp' } });
    expect(d.asked).toEqual([dblpSearchUrl(ATTENTION.title)]);
  });

  it('asks Semantic Scholar only when the user allowed it, and arXiv at most once per 3 s', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      id: `arxiv:2401.${String(i + 1).padStart(5, '0')}`,
      title: `P${i}`,
      venue: 'V',
      doi: '10.1/x',
    }));
    const d = deps({});
    await completeMetadata(many, d);
    const arxivCalls = d.asked.filter((u) => u.includes('export.arxiv.org'));
    expect(arxivCalls).toHaveLength(3); // 50 + 50 + 20
    expect(d.slept.filter((ms) => ms === 3_000)).toHaveLength(2);
    expect(d.asked.some((u) => u.includes('semanticscholar'))).toBe(false);
  });

  it.each([
    ['a timeout', 'hang' as const, /did not answer in time; nothing was changed/],
    ['a 429', { status: 429, body: 'Rate exceeded.' }, /asked PaperShelf to slow down; nothing was changed/],
    ['a malformed answer', ok('<html>oops</html>'), /answer could not be read; nothing was changed/],
    ['no network', 'offline' as const, /could not be reached; nothing was changed/],
  ])('%s leaves the paper as it was, with a plain note', async (_name, answer, note) => {
    const d = deps({ [arxivQueryUrl(['2312.00752'])]: answer as Answer, ...dblpEmpty(MAMBA.title) });
    const [c] = await completeMetadata([{ ...MAMBA, venue: 'V', doi: '10.1/x' }], d);
    expect(c?.found).toEqual({});
    expect(c?.notes.join(' ')).toMatch(note);
  });

  it('a paper the sources do not know: said so, nothing added', async () => {
    const empty = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>';
    const d = deps({ [arxivQueryUrl(['2312.00752'])]: ok(empty), ...dblpEmpty(MAMBA.title) });
    const [c] = await completeMetadata([MAMBA], d);
    expect(c?.found).toEqual({});
    expect(c?.notes).toEqual(['arXiv does not know 2312.00752.', 'No published version found (DBLP).']);
  });
});

describe('applying a completion', () => {
  const base: Paper = {
    id: 'arxiv:1706.03762',
    title: 'Attention',
    authors: [],
    url: '',
    starred: true,
    tags: ['t'],
    note: 'mine',
    sightings: [],
  };
  it('fills only what is missing or was filled by an earlier completion, and marks the source', () => {
    const c = {
      id: base.id,
      notes: [],
      found: {
        venue: { value: 'NIPS', source: 'dblp' as const },
        published: { value: '2017-06-12', source: 'arxiv' as const },
      },
    };
    const once = applyCompletion({ ...base, published: '2017' }, c, '2026-12-02T00:00:00Z');
    expect(once).toMatchObject({ venue: 'NIPS', published: '2017-06-12', starred: true, tags: ['t'], note: 'mine' });
    expect(once?.enriched).toEqual([
      { source: 'dblp', at: '2026-12-02T00:00:00Z', fields: ['venue'] },
      { source: 'arxiv', at: '2026-12-02T00:00:00Z', fields: ['published'] },
    ]);
    // A venue a page gave is never replaced; one an earlier completion gave is.
    expect(
      applyCompletion({ ...base, venue: 'From the page' }, { ...c, found: { venue: c.found.venue } }, 'x'),
    ).toBeUndefined();
    const again = applyCompletion(once as Paper, { ...c, found: { venue: { value: 'NeurIPS', source: 's2' } } }, 'y');
    expect(again?.venue).toBe('NeurIPS');
    expect(again?.enriched?.map((m) => [m.source, m.fields])).toEqual([
      ['arxiv', ['published']],
      ['s2', ['venue']],
    ]);
    // A date never changes year.
    expect(
      applyCompletion({ ...base, published: '2018' }, { ...c, found: { published: c.found.published } }, 'z'),
    ).toBeUndefined();
  });
});

describe('the completeMetadata message', () => {
  beforeEach(() => fakeBrowser.reset());
  const storage = () => fakeBrowser.storage.local as unknown as StorageArea;
  const sender = { id: 'ext', url: 'chrome-extension://ext/library.html' };

  it('is refused while the setting is off, and nothing is sent', async () => {
    const lib = new Library(storage(), () => {});
    await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs/new', [
      { ...MAMBA, authors: [], url: 'https://arxiv.org/abs/2312.00752' },
    ]);
    const d = deps({ [arxivQueryUrl(['2312.00752'])]: ok(ARXIV_MAMBA) });
    const route = createRouter(lib, {
      extensionId: 'ext',
      extensionOrigin: 'chrome-extension://ext/',
      log: () => {},
      enrich: d,
    });
    const off = await route({ papershelf: 1, type: 'completeMetadata', payload: { ids: [MAMBA.id] } }, sender);
    expect(off).toMatchObject({
      ok: false,
      error: expect.stringMatching(/turn it on in Settings first. Nothing was sent/),
    });
    expect(d.asked).toEqual([]);

    await lib.setSettings({ completeMetadata: true });
    const on = await route({ papershelf: 1, type: 'completeMetadata', payload: { ids: [MAMBA.id] } }, sender);
    expect(on).toMatchObject({ ok: true, value: { results: [{ id: MAMBA.id, changed: true }] } });
    const p = await lib.getPaper(MAMBA.id);
    expect(p?.abstract).toMatch(/^Foundation models/);
    expect(p?.published).toBe('2023-12-01');
    expect(p?.enriched?.[0]).toMatchObject({ source: 'arxiv', fields: ['abstract', 'published'] });
    // From a web page: refused outright.
    const fromPage = await route(
      { papershelf: 1, type: 'completeMetadata', payload: { starred: true } },
      { id: 'ext', url: 'https://arxiv.org/list/cs/new' },
    );
    expect(fromPage).toMatchObject({ ok: false });
  });
});

describe('the stored marks (schema 3, optional fields)', () => {
  it('a record keeps its DOI and source marks; damaged ones are dropped and named, the rest kept', async () => {
    const { readRecord } = await import('../../lib/library/schema');
    const record = {
      v: 3,
      shard: 0,
      id: 'arxiv:1706.03762',
      title: 'Attention',
      authors: [],
      url: '',
      starred: false,
      tags: [],
      sightings: [],
      doi: '10.5555/3295222.3295349',
      enriched: [{ source: 'dblp', at: '2026-12-02T00:00:00.000Z', fields: ['venue', 'doi'] }],
    };
    const ok = readRecord(record, 'p:arxiv:1706.03762');
    expect(ok).toMatchObject({ ok: true, dropped: [], record: { doi: record.doi, enriched: record.enriched } });
    const bad = readRecord(
      { ...record, doi: 'javascript:alert(1)', enriched: [{ source: 'evil', at: 'x', fields: ['title'] }] },
      'p:arxiv:1706.03762',
    );
    if (!bad.ok) throw new Error('a record with damaged optional fields is still read');
    expect(bad.record.doi).toBeUndefined();
    expect(bad.record.enriched).toBeUndefined();
    expect(bad.dropped).toHaveLength(2);
    // A record of before this change (no marks) reads as it was.
    const { doi: _d, enriched: _e, ...old } = record;
    expect(readRecord(old, 'p:arxiv:1706.03762')).toMatchObject({ ok: true, dropped: [] });
  });
});
