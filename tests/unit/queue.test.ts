/**
 * The reading queue (issue 14): what "seen" means in storage, "not interested", read; the queries over them; and
 * the tag operator made exact.
 */

import Papa from 'papaparse';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { tagCompletions, toggleOperator } from '../../components/FilterChips';
import { exportPapers } from '../../lib/export/index';
import { Library } from '../../lib/library/library';
import { createRouter, envelope, type SenderInfo } from '../../lib/library/messages';
import { loadSnapshot } from '../../lib/library/reader';
import { readRecord } from '../../lib/library/schema';
import type { StorageArea } from '../../lib/library/storage-area';
import { VisitBudgets } from '../../lib/library/visit-budget';
import { arxivIdMonth, paperDate } from '../../lib/paper/ids';
import { mergePapers } from '../../lib/paper/merge';
import { openedPaper, openedText } from '../../lib/paper/opens';
import { docFromPaper, docFromSnap, foldTag, passesFilters } from '../../lib/search/docs';
import { fold } from '../../lib/search/normalize';
import { parseQuery, queryTokens, tagOperator } from '../../lib/search/query';
import { meta, paper } from '../helpers/papers';

const EXT_ID = 'papershelf-test-id';
const storage = () => fakeBrowser.storage.local as unknown as StorageArea;
const at = (iso: string) => () => new Date(iso);

describe('the reading queue in the library', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a listed paper is not seen until it was on screen; the first time on screen is kept', async () => {
    const day1 = new Library(storage(), () => {}, at('2026-05-01T10:00:00Z'));
    await day1.recordSightings('arxiv', 'https://arxiv.org/list/cs.LG/new', [meta(1), meta(2), meta(3)]);
    expect(await day1.markViewed([meta(1).id, 'arxiv:2401.99999'])).toEqual({ marked: 1 });
    const day2 = new Library(storage(), () => {}, at('2026-05-02T10:00:00Z'));
    expect(await day2.markViewed([meta(1).id, meta(2).id])).toEqual({ marked: 1 });
    const again = await day2.recordSightings('arxiv', 'https://arxiv.org/list/cs.LG/new', [meta(1), meta(2), meta(3)]);
    expect(again.map((r) => r.viewedAt)).toEqual(['2026-05-01T10:00:00.000Z', '2026-05-02T10:00:00.000Z', undefined]);
    // Views read it too (popup, library page).
    const snap = await loadSnapshot(storage());
    expect(snap.papers.get(meta(1).id)?.viewedAt).toBe('2026-05-01T10:00:00.000Z');
    expect(snap.papers.get(meta(3).id)?.viewedAt).toBeUndefined();
  });

  it('"not interested" and read are stored, reported to every feed, and undone', async () => {
    const lib = new Library(storage(), () => {}, at('2026-05-01T10:00:00Z'));
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1), meta(2)]);
    await lib.setDismissed(meta(1).id, true);
    await lib.setRead(meta(2).id, true);
    const other = await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs.LG/new', [meta(1), meta(2)]);
    expect(other).toEqual([
      { id: meta(1).id, isNew: false, starred: false, tags: [], dismissed: true },
      { id: meta(2).id, isNew: false, starred: false, tags: [], read: true },
    ]);
    await lib.setDismissed(meta(1).id, false);
    await lib.setRead(meta(2).id, false);
    expect((await lib.getPaper(meta(1).id))?.dismissedAt).toBeUndefined();
    expect((await lib.getPaper(meta(2).id))?.readAt).toBeUndefined();
  });

  it('stored shape: the queue fields are optional timestamps; damaged ones are dropped, the record kept', () => {
    const v3 = { ...paper(1), v: 3, shard: 0 };
    const read = readRecord(v3, `p:${v3.id}`);
    expect(read.ok && read.record.viewedAt).toBeUndefined();
    const full = readRecord({ ...v3, viewedAt: '2026-05-01T10:00:00Z', dismissedAt: 5, readAt: {} }, `p:${v3.id}`);
    expect(full.ok && full.record.viewedAt).toBe('2026-05-01T10:00:00Z');
    expect(full.ok && full.record.dismissedAt).toBeUndefined();
    expect(full.ok && full.dropped.length).toBe(2);
  });

  it('merging two copies (import, sync): seen and read keep the earliest; "not interested" is the newer side', () => {
    const a = { ...paper(1), viewedAt: '2026-05-03', readAt: '2026-05-04', updatedAt: '2026-05-04' };
    const b = { ...paper(1), viewedAt: '2026-05-01', dismissedAt: '2026-05-05', updatedAt: '2026-05-05' };
    expect(mergePapers(a, b)).toMatchObject({
      viewedAt: '2026-05-01',
      readAt: '2026-05-04',
      dismissedAt: '2026-05-05',
    });
    const undone = { ...b, dismissedAt: undefined, updatedAt: '2026-05-06' };
    expect(mergePapers(b, undone).dismissedAt).toBeUndefined();
  });
});

describe('papers opened (issue 14.9)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('which addresses are a paper itself: abstract, PDF, HTML, HF and alphaXiv pages, OpenReview, ACL, DOI', () => {
    const cases: [string, string | undefined][] = [
      ['https://arxiv.org/abs/2401.01234v2', 'arxiv:2401.01234 arxiv'],
      ['https://arxiv.org/pdf/2401.01234', 'arxiv:2401.01234 arxiv'],
      ['https://arxiv.org/html/2401.01234v1', 'arxiv:2401.01234 arxiv'],
      ['https://huggingface.co/papers/2401.01234', 'arxiv:2401.01234 hf'],
      ['https://www.alphaxiv.org/abs/2401.01234', 'arxiv:2401.01234 alphaxiv'],
      ['https://openreview.net/forum?id=AbC123xyz', 'openreview:AbC123xyz openreview'],
      ['https://openreview.net/pdf?id=AbC123xyz', 'openreview:AbC123xyz openreview'],
      ['https://aclanthology.org/2024.acl-long.1.pdf', 'acl:2024.acl-long.1 acl'],
      ['https://doi.org/10.1145/3586183.3606763', 'doi:10.1145/3586183.3606763 doi.org'],
      ['https://arxiv.org/list/cs.LG/new', undefined],
      ['https://huggingface.co/papers', undefined],
      ['javascript:alert(1)', undefined],
    ];
    for (const [url, want] of cases) {
      const got = openedPaper(url);
      expect(got && `${got.id} ${got.site}`, url).toBe(want);
    }
  });

  it('counts visits apart from listings, keeps first and last, makes the paper read; a new paper gets its landing page', async () => {
    const day1 = new Library(storage(), () => {}, at('2026-05-05T10:00:00Z'));
    await day1.recordOpened('arxiv:2401.01234', 'arxiv');
    const day2 = new Library(storage(), () => {}, at('2026-05-07T10:00:00Z'));
    const p = await day2.recordOpened('arxiv:2401.01234', 'hf');
    expect(p).toMatchObject({
      title: '',
      url: 'https://arxiv.org/abs/2401.01234',
      readAt: '2026-05-05T10:00:00.000Z',
      opened: { count: 2, first: '2026-05-05T10:00:00.000Z', last: '2026-05-07T10:00:00.000Z', sites: ['arxiv', 'hf'] },
      sightings: [],
    });
    // The first listing that shows it gives its title (arXiv speaks for its own papers).
    await day2.recordSightings('arxiv', 'https://arxiv.org/list/cs.LG/new', [{ ...meta(1), id: 'arxiv:2401.01234' }]);
    expect((await day2.getPaper('arxiv:2401.01234'))?.title).toBe(meta(1).title);
    expect((await loadSnapshot(storage())).papers.get('arxiv:2401.01234')?.opens).toEqual({
      count: 2,
      last: '2026-05-07T10:00:00.000Z',
    });
    // Two copies merged (an import of an older backup): the larger count, the widest span, every site.
    const merged = mergePapers(
      { ...paper(1), opened: { count: 2, first: '2026-05-02', last: '2026-05-03', sites: ['arxiv'] } },
      { ...paper(1), opened: { count: 1, first: '2026-05-01', last: '2026-05-01', sites: ['hf'] } },
    );
    expect(merged.opened).toEqual({ count: 2, first: '2026-05-01', last: '2026-05-03', sites: ['arxiv', 'hf'] });
    const bad = readRecord(
      { ...paper(1), v: 3, shard: 0, opened: { count: 0, first: 'x', last: 'y', sites: [] } },
      'p',
    );
    expect(bad.ok && bad.record.opened).toBeUndefined();
  });

  it("a tab that opens thousands of paper addresses adds at most a visit's share of new papers", async () => {
    const lib = new Library(storage(), () => {}, at('2026-05-05T10:00:00Z'));
    // The share, small for the test.
    Object.defineProperty(lib, 'budgets', { value: new VisitBudgets({ papers: 3, bytes: 1_000_000 }) });
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await lib.recordOpened(`arxiv:2401.0100${i}`, 'arxiv', 'opened:7'));
    expect(made.map((p) => !!p)).toEqual([true, true, true, false, false]);
    // Papers already in the library are still counted as opened, and another tab has its own share.
    expect((await lib.recordOpened('arxiv:2401.01000', 'arxiv', 'opened:7'))?.opened?.count).toBe(2);
    expect(await lib.recordOpened('arxiv:2401.01009', 'arxiv', 'opened:8')).toBeDefined();
  });

  it('says it as a person would: once, today; 3×, last Tuesday; an older date', () => {
    const now = new Date('2026-05-07T15:00:00'); // a Thursday
    expect(openedText({ count: 1, last: '2026-05-07T09:00:00' }, now)).toBe('opened once, today');
    expect(openedText({ count: 2, last: '2026-05-06T09:00:00' }, now)).toBe('opened 2×, yesterday');
    expect(openedText({ count: 3, last: '2026-05-05T09:00:00' }, now)).toBe('opened 3×, last Tuesday');
    expect(openedText({ count: 3, last: '2026-04-01T09:00:00' }, now)).toBe('opened 3×, last 2026-04-01');
    expect(openedText(undefined, now)).toBe('');
  });
});

describe('queue messages from a feed page', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a page marks seen, dismisses and reads only papers it showed', async () => {
    const lib = new Library(storage(), () => {});
    const route = createRouter(lib, {
      extensionId: EXT_ID,
      extensionOrigin: `chrome-extension://${EXT_ID}/`,
      log: () => {},
    });
    const page: SenderInfo = { id: EXT_ID, url: 'https://arxiv.org/list/cs.LG/new', tab: { id: 3 }, documentId: 'd' };
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(9)]);
    await route(envelope('recordSightings', { site: 'arxiv', url: page.url as string, entries: [meta(1)] }), page);
    expect(await route(envelope('markViewed', { ids: [meta(1).id] }), page)).toEqual({
      ok: true,
      value: { marked: 1 },
    });
    // One paper the page did not show refuses the whole list.
    expect(await route(envelope('markViewed', { ids: [meta(1).id, meta(9).id] }), page)).toMatchObject({
      ok: false,
      error: 'markViewed: not a paper this page showed',
    });
    expect((await route(envelope('setDismissed', { id: meta(9).id, dismissed: true }), page)).ok).toBe(false);
    expect((await route(envelope('setDismissed', { id: meta(1).id, dismissed: true }), page)).ok).toBe(true);
    expect((await route(envelope('setRead', { id: meta(1).id, read: true }), page)).ok).toBe(true);
    const p = await lib.getPaper(meta(1).id);
    expect(p?.viewedAt && p.dismissedAt && p.readAt).toBeTruthy();
    expect((await lib.getPaper(meta(9).id))?.viewedAt).toBeUndefined();
  });
});

describe("a paper's date: the page's, else its arXiv id's month, the same everywhere (issue 14.2)", () => {
  it('year:, before: and after: find listing papers by their id; exports and views give the same date', () => {
    const listed = { ...paper(1), id: 'arxiv:2607.01234', published: undefined, sightings: [] };
    expect(arxivIdMonth('arxiv:2607.01234')).toBe('2026-07');
    expect(arxivIdMonth('arxiv:hep-th/9901001')).toBe('1999-01');
    expect(arxivIdMonth('doi:10.1000/x')).toBeUndefined();
    const d = docFromPaper(listed);
    expect(passesFilters(d, parseQuery('year:2026'))).toBe(true);
    expect(passesFilters(d, parseQuery('before:2026-08-01'))).toBe(true);
    expect(passesFilters(d, parseQuery('after:2026-08-01'))).toBe(false);
    // What a page said wins over the id.
    expect(paperDate({ ...listed, published: '2026-06-30' })).toBe('2026-06-30');
    const csv = Papa.parse<Record<string, string>>(exportPapers([listed], 'csv'), { header: true }).data[0];
    expect(csv?.published).toBe('2026-07');
    expect(exportPapers([listed], 'bibtex')).toMatch(/year = \{2026\}/);
    expect(exportPapers([listed], 'ris')).toContain('DA  - 2026/07');
  });
});

describe('queries over the queue, and exact tags', () => {
  const doc = (over: object) => docFromSnap({ ...paper(1), sites: [], ...over } as never);
  const passes = (q: string, over: object) => passesFilters(doc(over), parseQuery(q));

  it('is:dismissed, -is:dismissed, is:read, is:unread', () => {
    expect(passes('is:dismissed', { dismissedAt: '2026-05-01' })).toBe(true);
    expect(passes('is:dismissed', {})).toBe(false);
    expect(passes('-is:dismissed', { dismissedAt: '2026-05-01' })).toBe(false);
    expect(passes('-is:dismissed', {})).toBe(true);
    expect(passes('is:read', { readAt: '2026-05-01' })).toBe(true);
    expect(passes('is:unread', { readAt: '2026-05-01' })).toBe(false);
    expect(passes('is:unread', {})).toBe(true);
    expect(passes('-is:starred', { starred: true })).toBe(false);
  });

  it('tag:rl is exactly "rl", not "rlhf"; a tag with a space is quoted, and the chip writes what finds it', () => {
    expect(passes('tag:rl', { tags: ['rlhf'] })).toBe(false);
    expect(passes('tag:rl', { tags: ['RL'] })).toBe(true);
    expect(tagOperator('to read')).toBe('tag:"to read"');
    expect(tagOperator('rl')).toBe('tag:rl');
    expect(passes(tagOperator('to read'), { tags: ['to read'] })).toBe(true);
    expect(passes('tag:"to read" attention', { tags: ['to read'] })).toBe(true);
    expect(parseQuery('tag:"to read" attention').terms).toEqual(['attention']);
    expect(queryTokens('is:starred tag:"to read" x')).toEqual(['is:starred', 'tag:"to read"', 'x']);
    // A chip toggles the quoted operator on and off as one token.
    const on = toggleOperator('attention', tagOperator('to read'));
    expect(on.trim()).toBe('tag:"to read" attention');
    expect(toggleOperator(on, tagOperator('to read'))).toBe('attention');
  });

  it('a tag is compared folded (accents, case, Greek), the same however many papers ask', () => {
    for (let k = 0; k < 3; k++) {
      expect(passes('tag:cafe', { tags: ['Café'] })).toBe(true);
      expect(passes('tag:α-decay', { tags: ['ALPHA-decay'] })).toBe(true);
      expect(passes('tag:cafe', { tags: ['caff'] })).toBe(false);
    }
    expect(foldTag('Café')).toBe(fold('Café'));
  });

  it('a tag: being typed offers the tag names that start with it (prefix completion), quoted where needed', () => {
    const tags = ['rl', 'rlhf', 'to read', 'theory'];
    expect(tagCompletions('attention tag:r', tags).map((c) => c.query)).toEqual([
      'attention tag:rl ',
      'attention tag:rlhf ',
    ]);
    // "rl" typed whole names its tag already: only the longer names are offered.
    expect(tagCompletions('tag:rl', tags).map((c) => c.tag)).toEqual(['rlhf']);
    expect(tagCompletions('tag:t', tags).map((c) => c.query)).toEqual(['tag:"to read" ', 'tag:theory ']);
    expect(tagCompletions('tag:"to', tags).map((c) => c.tag)).toEqual(['to read']);
    expect(tagCompletions('tag:rl ', tags)).toEqual([]); // a finished operator
    expect(tagCompletions('retag:r', tags)).toEqual([]);
  });
});
