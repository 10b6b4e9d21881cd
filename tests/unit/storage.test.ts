import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openLibraryIndex } from '../../lib/library/client';
import { Library } from '../../lib/library/library';
import { migrate } from '../../lib/library/migrations';
import { loadHead, loadSnapshot } from '../../lib/library/reader';
import {
  HEAD_KEEP,
  HEAD_SHOW,
  isSnapEntry,
  KEY,
  readHead,
  readOnlyNotice,
  SCHEMA_VERSION,
  snapOrder,
  toSnapEntry,
} from '../../lib/library/schema';
import type { StorageArea } from '../../lib/library/storage-area';
import { meta, paper } from '../helpers/papers';

const local = () => fakeBrowser.storage.local as unknown as StorageArea;

/** Wraps a storage area and records every key and byte written. */
function recording(inner: StorageArea) {
  const writes: { keys: string[]; bytes: number }[] = [];
  const area: StorageArea = {
    get: (k) => inner.get(k),
    remove: (k) => inner.remove(k),
    set: (items) => {
      writes.push({ keys: Object.keys(items), bytes: JSON.stringify(items).length });
      return inner.set(items);
    },
  };
  return { area, writes };
}

function logCollector() {
  const lines: string[] = [];
  return { lines, log: (_l: string, m: string) => lines.push(m) };
}

describe('storage writes', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a star toggle at 10,000 papers writes one paper record and its snapshot shard, not the library', async () => {
    const sizes: number[] = [];
    for (const n of [1_000, 10_000]) {
      fakeBrowser.reset();
      await new Library(local(), () => {}).importPapers(Array.from({ length: n }, (_, i) => paper(i)));
      const libraryBytes = JSON.stringify(await local().get(null)).length;
      const { area, writes } = recording(local());
      const lib = new Library(area, () => {});
      const target = meta(n - 7).id;
      await lib.setStarred(target, true);
      expect(writes).toHaveLength(1);
      const write = writes[0] as { keys: string[]; bytes: number };
      // The record, its shard, the popup's head (the star puts the paper at the top of the default order) and the
      // write counter in meta (which tells a persisted search index which shard changed).
      expect(write.keys.sort()).toEqual([KEY.head, KEY.meta, KEY.paper(target), expect.stringMatching(/^s:\d+$/)]);
      expect(write.bytes).toBeLessThan(n === 10_000 ? libraryBytes / 100 : libraryBytes / 10);
      sizes.push(write.bytes);
    }
    // Independent of library size: the 10,000-paper write is no bigger than the 1,000-paper one (± a shard's slack).
    expect(Math.abs((sizes[1] as number) - (sizes[0] as number))).toBeLessThan((sizes[0] as number) * 0.1);
  });
});

describe("the head (the popup's first paint)", () => {
  beforeEach(() => fakeBrowser.reset());
  const head = async () => readHead((await local().get(KEY.head))[KEY.head])?.entries ?? [];

  it('holds the first papers of the default order, kept in step with stars, sightings and deletions', async () => {
    const lib = new Library(local(), () => {});
    await lib.importPapers(
      Array.from({ length: 300 }, (_, i) =>
        paper(i, {
          sightings: [
            {
              site: 'hf',
              url: 'u',
              firstSeen: '2026-01-01',
              lastSeen: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z`,
            },
          ],
        }),
      ),
    );
    const all = (await loadSnapshot(local())).papers;
    const expected = () =>
      [...all.values()]
        .sort(snapOrder)
        .slice(0, HEAD_KEEP)
        .map((e) => e.id);
    expect((await head()).map((e) => e.id)).toEqual(expected());

    await lib.setStarred(meta(250).id, true);
    expect((await head())[0]?.id).toBe(meta(250).id);
    await lib.setStarred(meta(250).id, false);
    await lib.deletePapers([meta(299).id]);
    await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs/new', [meta(5)]);
    const now = (await loadSnapshot(local())).papers;
    const want = [...now.values()]
      .sort(snapOrder)
      .slice(0, HEAD_SHOW)
      .map((e) => e.id);
    expect((await head()).slice(0, HEAD_SHOW).map((e) => e.id)).toEqual(want);
  });

  it('is refilled when demotions leave it short', async () => {
    const lib = new Library(local(), () => {});
    await lib.importPapers(
      Array.from({ length: 400 }, (_, i) =>
        paper(i, { starred: i < HEAD_KEEP, starredAt: `2026-02-01T00:00:00.${String(i).padStart(3, '0')}Z` }),
      ),
    );
    for (let i = 0; i < HEAD_KEEP - HEAD_SHOW + 5; i++) await lib.setStarred(meta(i).id, false);
    const all = (await loadSnapshot(local())).papers;
    const want = [...all.values()]
      .sort(snapOrder)
      .slice(0, HEAD_SHOW)
      .map((e) => e.id);
    expect((await head()).slice(0, HEAD_SHOW).map((e) => e.id)).toEqual(want);
    expect((await head()).length).toBeGreaterThanOrEqual(HEAD_SHOW);
  });
});

describe('damaged records', () => {
  beforeEach(() => fakeBrowser.reset());

  it('repairs wrong types and missing fields, skips unreadable records with a logged reason, keeps the rest', async () => {
    const { log, lines } = logCollector();
    await new Library(local(), log).importPapers([paper(1), paper(2), paper(3), paper(4)]);
    await local().set({
      // wrong types: title a number, tags with a bad item, starred a string
      [KEY.paper(meta(1).id)]: {
        ...paper(1, { tags: ['good'] }),
        title: 42,
        tags: ['good', 7],
        starred: 'yes',
        shard: 0,
      },
      // a truncated JSON string
      [KEY.paper(meta(2).id)]: '{"id":"arxiv:2302.00001","title":"Trunc',
      // missing fields
      [KEY.paper(meta(3).id)]: { id: meta(3).id, shard: 0 },
    });
    const lib = new Library(local(), log);

    const p1 = await lib.getPaper(meta(1).id);
    expect(p1).toMatchObject({ title: '', tags: ['good'], starred: false, authors: meta(1).authors });
    expect(lines.some((l) => /repaired.*title: expected a string/.test(l))).toBe(true);

    expect(await lib.getPaper(meta(2).id)).toBeUndefined();
    expect(lines.some((l) => /not valid JSON/.test(l))).toBe(true);

    const p3 = await lib.getPaper(meta(3).id);
    expect(p3).toMatchObject({ id: meta(3).id, title: '', authors: [], tags: [], sightings: [], starred: false });

    // Operations on damaged and healthy records work; the healthy one is untouched.
    await lib.setStarred(meta(1).id, true);
    await lib.setTags(meta(3).id, ['fixed']);
    const seen = await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(2)]);
    expect(seen[0]?.id).toBe(meta(2).id);
    expect(await lib.getPaper(meta(4).id)).toEqual({ ...paper(4), v: SCHEMA_VERSION, shard: 0 });
    const snap = (await loadSnapshot(local())).papers;
    expect(snap.get(meta(1).id)?.starred).toBe(true);
    expect(snap.get(meta(3).id)?.tags).toEqual(['fixed']);
    expect(snap.size).toBe(4);
  });

  it('rebuilds a damaged snapshot shard from the records', async () => {
    const { log, lines } = logCollector();
    await new Library(local(), log).importPapers([paper(1), paper(2)]);
    await local().set({ [KEY.snap(0)]: '{"v":1,"papers":{"arxiv:23' });
    const lib = new Library(local(), log);
    await lib.setStarred(meta(1).id, true);
    expect(lines.some((l) => /shard 0 was damaged/.test(l))).toBe(true);
    const snap = (await loadSnapshot(local())).papers;
    expect(snap.size).toBe(2);
    expect(snap.get(meta(1).id)?.starred).toBe(true);
  });
});

describe('storage faults (issue 13)', () => {
  beforeEach(() => fakeBrowser.reset());
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...paper(i + 1), abstract: `Abstract ${i + 1}` }));

  it('broken snapshot entries: views list and search the rest and report it; the repair brings every paper back', async () => {
    const { log } = logCollector();
    await new Library(local(), log).importPapers(many(3));
    const raw = JSON.parse((await local().get(KEY.snap(0)))[KEY.snap(0)] as string);
    const at = (id: string) => raw.papers.findIndex((e: unknown[] | null) => e?.[0] === id);
    raw.papers[at(meta(2).id)] = null;
    raw.papers[at(meta(3).id)] = [meta(3).id, 5, [], 0, 0, 'x', []];
    await local().set({ [KEY.snap(0)]: JSON.stringify(raw) });
    const view = await openLibraryIndex(local(), undefined);
    expect((await view.searchAsync('', { limit: 10 })).map((h) => h.item.id)).toEqual([meta(1).id]);
    expect(await view.searchAsync('paper', { limit: 10 })).toBeDefined();
    expect(view.damaged).toBe(true);
    expect(await new Library(local(), log).repair()).toEqual({ shards: 1, papers: 3 });
    const again = await openLibraryIndex(local(), undefined);
    expect(again.damaged).toBe(false);
    expect(again.size).toBe(3);
  });

  it('a damaged head: readers get its good entries, and writes work', async () => {
    const { log } = logCollector();
    await new Library(local(), log).importPapers(many(3));
    const head = readHead((await local().get(KEY.head))[KEY.head]);
    await local().set({ [KEY.head]: JSON.stringify({ complete: true, entries: [null, 5, ...(head?.entries ?? [])] }) });
    expect(readHead((await local().get(KEY.head))[KEY.head])).toMatchObject({ complete: false });
    expect(await loadHead(local())).toHaveLength(3);
    await new Library(local(), log).setStarred(meta(1).id, true);
    expect((await loadHead(local())).find((e) => e.id === meta(1).id)?.starred).toBe(true);
  });

  it('a lost meta: views say so, and the library is laid out again from its records, abstracts and all', async () => {
    const { log, lines } = logCollector();
    await new Library(local(), log).importPapers(many(250));
    await local().remove(KEY.meta);
    expect((await openLibraryIndex(local(), undefined)).damaged).toBe(true);
    await new Library(local(), log).repair();
    expect(lines.some((l) => /meta was lost: rebuilt from 250 paper records/.test(l))).toBe(true);
    const view = await openLibraryIndex(local(), undefined);
    expect(view.size).toBe(250);
    await view.loadAbstracts();
    expect((await view.searchAsync('"Abstract 217"', { limit: 3 }))[0]?.item.id).toBe(meta(217).id);
  });

  it('a library written by a newer version: read as it is, every write refused in plain words', async () => {
    const { log } = logCollector();
    await new Library(local(), log).importPapers(many(3));
    await local().set({ [KEY.schema]: SCHEMA_VERSION + 1 });
    const lib = new Library(local(), log);
    await expect(lib.setStarred(meta(1).id, true)).rejects.toThrow(
      /written by a newer version of PaperShelf .*shows it but changes nothing/,
    );
    expect((await lib.getPaper(meta(1).id))?.starred).toBe(false);
    expect((await loadSnapshot(local())).papers.size).toBe(3);
    // Views say so when they open, before any change is tried.
    expect(readOnlyNotice(SCHEMA_VERSION + 1)).toContain(
      `newer version of PaperShelf (storage schema ${SCHEMA_VERSION + 1})`,
    );
    expect(readOnlyNotice(SCHEMA_VERSION)).toBeUndefined();
  });
});

describe('migrations', () => {
  beforeEach(() => fakeBrowser.reset());

  it('stamps a fresh install with the current schema', async () => {
    expect(await migrate(local(), () => {})).toBe(SCHEMA_VERSION);
    expect(await local().get(KEY.schema)).toEqual({ [KEY.schema]: SCHEMA_VERSION });
  });

  it('moves a v1 library (paper:<id> keys, authors as text, seenOn URLs) to the current records and snapshot', async () => {
    await local().set({
      schema: 1,
      'paper:arxiv:2401.01234': {
        id: 'arxiv:2401.01234',
        title: 'Old paper',
        authors: 'Ada Lovelace, Alan Turing',
        url: 'https://arxiv.org/abs/2401.01234',
        starred: true,
        tags: ['classic', 3],
        note: 'keep',
        seenOn: ['https://huggingface.co/papers?date=2024-01-03', 'https://arxiv.org/list/cs.LG/new'],
        firstSeen: '2024-01-03T08:00:00.000Z',
        lastSeen: '2024-01-05T08:00:00.000Z',
      },
      // an old id form: canonicalised on the way
      'paper:2402.00002v3': { title: 'Second', authors: ['Grace Hopper'], starred: false, seenOn: [] },
      'paper:garbage': 'not an object',
      settings: { v: 1, overlay: false, shortcuts: true, hideSeenByDefault: false },
    });
    const lines: string[] = [];
    await migrate(local(), (_l, m) => lines.push(m));
    const all = await local().get(null);
    expect(all.schema).toBe(SCHEMA_VERSION);
    expect(Object.keys(all).filter((k) => k.startsWith('paper:'))).toEqual([]);
    expect(all['p:arxiv:2401.01234']).toMatchObject({
      v: SCHEMA_VERSION,
      shard: 0,
      title: 'Old paper',
      authors: ['Ada Lovelace', 'Alan Turing'],
      starred: true,
      tags: ['classic'],
      note: 'keep',
      sightings: [
        {
          site: 'hf',
          url: 'https://huggingface.co/papers?date=2024-01-03',
          firstSeen: '2024-01-03T08:00:00.000Z',
          lastSeen: '2024-01-05T08:00:00.000Z',
        },
        {
          site: 'arxiv',
          url: 'https://arxiv.org/list/cs.LG/new',
          firstSeen: '2024-01-03T08:00:00.000Z',
          lastSeen: '2024-01-05T08:00:00.000Z',
        },
      ],
    });
    expect(all['p:arxiv:2402.00002']).toMatchObject({ title: 'Second', authors: ['Grace Hopper'] });
    expect(all.settings).toMatchObject({ overlay: false });
    const snap = (await loadSnapshot(local())).papers;
    expect([...snap.keys()].sort()).toEqual(['arxiv:2401.01234', 'arxiv:2402.00002']);
    expect(snap.get('arxiv:2401.01234')?.starred).toBe(true);
    expect(lines.some((l) => /2 papers moved, 1 skipped/.test(l))).toBe(true);

    // Running again is a no-op, and the library works on the migrated data.
    await migrate(local(), () => {});
    const lib = new Library(local(), () => {});
    await lib.setStarred('arxiv:2402.00002', true);
    expect((await loadSnapshot(local())).papers.get('arxiv:2402.00002')?.starred).toBe(true);
  });

  it('moves a v2 library (every abstract in its record and its a: shard) to v3: each abstract stored once', async () => {
    // Today's (v2) raw layout, as the previous release wrote it: 150 papers in two shards, the abstract in each
    // record and in its shard, except one paper whose shard lost its abstract (the record's copy must survive).
    const papers = Array.from({ length: 150 }, (_, i) => paper(i));
    const items: Record<string, unknown> = { schema: 2, meta: { v: 1, shardCount: 2, openShard: 1, openCount: 50 } };
    const shards: { papers: Record<string, unknown> }[] = [{ papers: {} }, { papers: {} }];
    const abstracts: { abstracts: Record<string, string> }[] = [{ abstracts: {} }, { abstracts: {} }];
    papers.forEach((p, i) => {
      const n = i < 100 ? 0 : 1;
      items[`p:${p.id}`] = { ...p, v: 2, shard: n };
      (shards[n] as { papers: Record<string, unknown> }).papers[p.id] = {
        id: p.id,
        title: p.title,
        authors: p.authors,
        url: p.url,
        starred: false,
        tags: [],
        sites: ['arxiv'],
      };
      if (i !== 120) (abstracts[n] as { abstracts: Record<string, string> }).abstracts[p.id] = p.abstract as string;
    });
    shards.forEach((sh, n) => {
      items[`s:${n}`] = JSON.stringify({ v: 1, ...sh });
      items[`a:${n}`] = JSON.stringify({ v: 1, ...abstracts[n] });
    });
    await local().set(items);
    const bytes = async () => JSON.stringify(await local().get(null)).length;
    const before = await bytes();

    const lines: string[] = [];
    expect(await migrate(local(), (_l, m) => lines.push(m))).toBe(4);
    const all = await local().get(null);
    expect(all.schema).toBe(4);
    // Then v3 → v4 packed the two snapshot shards (the records stay as v3 wrote them).
    expect([0, 1].map((n) => JSON.parse(all[`s:${n}`] as string).v)).toEqual([2, 2]);
    expect(lines).toContain('migration v3→v4: 2 snapshot shards packed');
    const records = Object.entries(all).filter(([k]) => k.startsWith('p:'));
    expect(records).toHaveLength(150);
    expect(records.every(([, r]) => !('abstract' in (r as object)) && (r as { v: number }).v === 3)).toBe(true);
    expect(all.meta).toMatchObject({ shardCount: 2, seq: 1, shardSeq: [1, 1], absSeq: [1, 1] });
    // Every abstract is still there, once: the one missing from its shard came from its record.
    const lib = new Library(local(), () => {});
    for (const i of [0, 99, 100, 120, 149])
      expect((await lib.getPaper(meta(i).id))?.abstract).toBe(papers[i]?.abstract);
    expect(lines.some((l) => /v2→v3: 150 abstracts now stored once \(1 shards completed\)/.test(l))).toBe(true);
    expect(await bytes()).toBeLessThan(before);
    // A change after the migration keeps the record abstract-free and the shard complete.
    await lib.setStarred(meta(120).id, true);
    expect((await local().get(`p:${meta(120).id}`))[`p:${meta(120).id}`]).not.toHaveProperty('abstract');
    expect((await lib.getPaper(meta(120).id))?.abstract).toBe(papers[120]?.abstract);
    // Running again changes nothing.
    const again = await local().get(null);
    await migrate(local(), () => {});
    expect(await local().get(null)).toEqual(again);
  });

  it('an abstracts shard with damaged values keeps the good ones; an unreadable one is reported, not hidden', async () => {
    const lines: string[] = [];
    const lib = new Library(local(), (_l, m) => lines.push(m));
    await lib.importPapers(Array.from({ length: 150 }, (_, i) => paper(i)));
    const shard0 = JSON.parse((await local().get('a:0'))['a:0'] as string);
    shard0.abstracts[meta(1).id] = 42;
    shard0.abstracts[meta(2).id] = { html: '<b>' };
    await local().set({ 'a:0': JSON.stringify(shard0), 'a:1': '{"v":1,"abstr' });
    const fresh = new Library(local(), (_l, m) => lines.push(m));
    expect((await fresh.getPaper(meta(0).id))?.abstract).toBe(paper(0).abstract);
    expect((await fresh.getPaper(meta(1).id))?.abstract).toBeUndefined();
    expect((await fresh.getPaper(meta(2).id))?.abstract).toBeUndefined();
    expect(await fresh.getPaper(meta(120).id)).toMatchObject({ id: meta(120).id, title: paper(120).title });
    expect(lines.some((l) => /abstracts shard 1 is damaged/.test(l))).toBe(true);
  });

  it('leaves a library written by a newer version alone', async () => {
    await local().set({ schema: 99, 'p:arxiv:2401.01234': { id: 'arxiv:2401.01234' } });
    const lines: string[] = [];
    expect(await migrate(local(), (_l, m) => lines.push(m))).toBe(99);
    expect((await local().get('schema')).schema).toBe(99);
    expect(lines[0]).toMatch(/newer/);
  });
});

describe('settings', () => {
  it('reads settings stored before the library-page settings existed, with defaults for the new fields', async () => {
    const { readSettings, DEFAULT_SETTINGS } = await import('../../lib/library/settings');
    const old = { v: 1, overlay: true, shortcuts: false, hideSeenByDefault: true, backupWeekly: false };
    expect(readSettings(old)).toEqual({ ...DEFAULT_SETTINGS, shortcuts: false, hideSeenByDefault: true });
    expect(readSettings(undefined)).toEqual(DEFAULT_SETTINGS);
  });

  it('one declaration: the patch check and the reader agree on every field (a tag colour key is a tag: 64 characters)', async () => {
    const { readSettings, checkSettingsPatch, DEFAULT_SETTINGS } = await import('../../lib/library/settings');
    const ok = { ['t'.repeat(64)]: '#112233' };
    const tooLong = { ['t'.repeat(65)]: '#112233' };
    expect(checkSettingsPatch({ tagColors: ok }, 'patch')).toEqual({ tagColors: ok });
    expect(() => checkSettingsPatch({ tagColors: tooLong }, 'patch')).toThrow(/tag and a colour/);
    expect(readSettings({ tagColors: { ...ok, ...tooLong } }).tagColors).toEqual(ok);
    expect(() => checkSettingsPatch({ pruneKeep: 1.5 }, 'patch')).toThrow(/whole number/);
    expect(readSettings({ pruneKeep: 1.5 }).pruneKeep).toBe(DEFAULT_SETTINGS.pruneKeep);
    // Every default passes its own check.
    const { v: _v, lastBackup: _l, ...fields } = DEFAULT_SETTINGS;
    expect(checkSettingsPatch(fields, 'patch')).toEqual(fields);
  });

  it('keeps only well-formed values of the new fields', async () => {
    const { readSettings } = await import('../../lib/library/settings');
    const s = readSettings({
      v: 1,
      disabledSites: ['scholar', 5, 'x'.repeat(300)],
      pruneKeep: 2000,
      pruneDays: -3,
      sync: 'yes',
      tagColors: { rl: '#ff0000', bad: 'red', '': '#00ff00x', vision: '#00AA00' },
    });
    expect(s.disabledSites).toEqual(['scholar']);
    expect(s.pruneKeep).toBe(2000);
    expect(s.pruneDays).toBe(0);
    expect(s.sync).toBe(false);
    expect(s.tagColors).toEqual({ rl: '#ff0000', vision: '#00AA00' });
  });
});

describe('snapshot entries as readers check them', () => {
  const good = (): Record<string, unknown> => ({
    ...toSnapEntry({ ...paper(1), keywords: ['kw'], note: 'n', published: '2024-01-02' }),
    opens: { count: 2, last: '2026-01-01T00:00:00.000Z' },
  });

  it('takes a whole entry, and refuses it when any one field is damaged', () => {
    expect(isSnapEntry(good())).toBe(true);
    const { keywords: _k, note: _n, opens: _o, ...bare } = good();
    expect(isSnapEntry(bare)).toBe(true);
    const damage: [string, unknown][] = [
      ['id', ''],
      ['id', 5],
      ['title', 5],
      ['authors', 'Ana'],
      ['authors', ['Ana', 3]],
      ['starred', 'yes'],
      ['tags', [null]],
      ['sites', {}],
      ['url', undefined],
      ['keywords', 'kw'],
      ['keywords', [1]],
      ...[
        'published',
        'venue',
        'starredAt',
        'note',
        'firstSeen',
        'lastSeen',
        'addedAt',
        'viewedAt',
        'dismissedAt',
        'readAt',
      ].map((f): [string, unknown] => [f, 7]),
      ['opens', null],
      ['opens', { count: '2', last: 'x' }],
      ['opens', { count: 2 }],
    ];
    for (const [field, value] of damage) expect(isSnapEntry({ ...good(), [field]: value }), field).toBe(false);
    expect(isSnapEntry(null)).toBe(false);
    expect(isSnapEntry('entry')).toBe(false);
  });
});
