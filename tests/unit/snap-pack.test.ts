import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openLibraryIndex } from '../../lib/library/client';
import { Library } from '../../lib/library/library';
import { migrate } from '../../lib/library/migrations';
import { loadSnapshot } from '../../lib/library/reader';
import {
  isSnapEntry,
  KEY,
  readSnapshotShard,
  SCHEMA_VERSION,
  type SnapEntry,
  shardText,
  toSnapEntry,
} from '../../lib/library/schema';
import { packEntry, unpackEntry } from '../../lib/library/snap-pack';
import type { StorageArea } from '../../lib/library/storage-area';
import type { Paper } from '../../lib/paper/types';
import { paper } from '../helpers/papers';

const local = () => fakeBrowser.storage.local as unknown as StorageArea;

/** A paper with every field a snapshot entry takes, non-ASCII text, and a URL that is not its landing page. */
const full: Paper = {
  ...paper(500),
  title: 'Équivariant “flows” — 北京 🚀',
  url: 'https://example.org/paper?x=1',
  starred: true,
  starredAt: '2026-02-01T00:00:00.000Z',
  tags: ['flows', 'to read'],
  keywords: ['diffusion'],
  note: 'see §3',
  published: '2024-01-02',
  venue: 'ICML',
  addedAt: '2026-01-01T00:00:00.000Z',
  viewedAt: '2026-01-03T00:00:00.000Z',
  dismissedAt: '2026-01-04T00:00:00.000Z',
  readAt: '2026-01-05T00:00:00.000Z',
  opened: { count: 3, first: '2026-01-03T00:00:00.000Z', last: '2026-01-06T00:00:00.000Z', sites: ['arxiv'] },
};

describe('packed snapshot entries (schema 4, segment 9)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('unpacks to the very entry, its JSON too (field order kept), for a bare and a full paper', () => {
    for (const p of [paper(1), { ...paper(2), sightings: [] }, full]) {
      const e = toSnapEntry(p);
      const back = unpackEntry(JSON.parse(JSON.stringify(packEntry(e))));
      expect(back).toEqual(e);
      expect(JSON.stringify(back)).toBe(JSON.stringify(e));
      expect(isSnapEntry(back)).toBe(true);
    }
    // An arXiv paper at its landing page stores no URL; another URL is kept as it is.
    expect(packEntry(toSnapEntry(paper(1)))[3]).toBe(0);
    expect(packEntry(toSnapEntry(full))[3]).toBe('https://example.org/paper?x=1');
    // A missing field before the last one is null (published); trailing ones are left off (after lastSeen).
    expect(packEntry(toSnapEntry(paper(1))).slice(7)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
      null,
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(packEntry(toSnapEntry({ ...paper(1), addedAt: undefined } as unknown as Paper))).toHaveLength(9);
  });

  it('damaged packed values are refused, never taken as entries', () => {
    const good = packEntry(toSnapEntry(full));
    for (const bad of [null, 5, 'x', {}, [], good.slice(0, 6), [42, ...good.slice(1)]])
      expect(unpackEntry(bad)).toBeUndefined();
    for (const [at, value] of [
      [1, 5],
      [2, 'A, B'],
      [4, 'yes'],
      [5, null],
      [7, 12],
      [18, { count: 'x' }],
    ] as const) {
      const broken = [...good];
      broken[at] = value;
      expect(isSnapEntry(unpackEntry(broken))).toBe(false);
    }
  });

  it('a shard reads the same from its packed form and from the form schema 3 stored, and packed is ~40% smaller', () => {
    const papers: Record<string, SnapEntry> = {};
    for (const p of [...Array.from({ length: 99 }, (_, i) => paper(i)), full]) papers[p.id] = toSnapEntry(p);
    const v1 = JSON.stringify({ v: 1, papers });
    const v2 = shardText({ v: 1, papers });
    expect(readSnapshotShard(v2)).toEqual({ v: 1, papers, dropped: 0 });
    expect(readSnapshotShard(v1)).toEqual({ v: 1, papers, dropped: 0 });
    // As storage.local counts it (the key's value as JSON: a string's quotes escaped).
    expect(JSON.stringify(v2).length / JSON.stringify(v1).length).toBeLessThan(0.65);
    // A damaged entry is left out and counted; a repeated id and `__proto__` too.
    const raw = JSON.parse(v2);
    raw.papers.push(raw.papers[0], null, ['__proto__', 't', [], '', 0, [], []]);
    const read = readSnapshotShard(JSON.stringify(raw));
    expect(read?.dropped).toBe(3);
    expect(Object.keys(read?.papers ?? {})).toHaveLength(100);
    expect(Object.getPrototypeOf(read?.papers)).toBe(Object.prototype);
  });

  it('migrates a schema 3 library: every shard packed, the same snapshot and search, fewer bytes; a damaged shard left to the repair', async () => {
    const lib = new Library(local(), () => {});
    await lib.importPapers([...Array.from({ length: 250 }, (_, i) => paper(i)), full]);
    // Laid out as schema 3 stored it: each shard as {v: 1, papers: {id: entry}}.
    const stored = await local().get(null);
    const v3: Record<string, unknown> = { [KEY.schema]: 3 };
    for (const [k, v] of Object.entries(stored))
      if (k.startsWith('s:')) v3[k] = JSON.stringify({ v: 1, papers: readSnapshotShard(v)?.papers });
    await local().set(v3);
    const before = await loadSnapshot(local());
    const bytesBefore = JSON.stringify(await local().get(null)).length;
    // Shard 2 has one damaged entry: left as it is, for the store's repair (which rebuilds it from the records).
    const s2 = JSON.parse(v3['s:2'] as string);
    s2.papers[full.id].title = 5;
    await local().set({ 's:2': JSON.stringify(s2) });

    const lines: string[] = [];
    expect(await migrate(local(), (_l, m) => lines.push(m))).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(4);
    const after = await local().get(null);
    expect(after[KEY.schema]).toBe(4);
    expect(['s:0', 's:1', 's:2'].map((k) => JSON.parse(after[k] as string).v)).toEqual([2, 2, 1]);
    expect(lines).toContain('migration v3→v4: 2 snapshot shards packed, 1 left for the repair');
    expect(JSON.stringify(after).length).toBeLessThan(bytesBefore - 250 * 100);
    // The repair packs the damaged one from the records; then the snapshot is the one before, paper for paper.
    expect(await new Library(local(), () => {}).repair()).toMatchObject({ shards: 1 });
    expect(JSON.parse((await local().get('s:2'))['s:2'] as string).v).toBe(2);
    expect(await loadSnapshot(local())).toEqual(before);
    const view = await openLibraryIndex(local(), undefined);
    expect((await view.searchAsync('北京', { limit: 3 }))[0]?.item.id).toBe(full.id);
    // Running again changes nothing.
    const again = await local().get(null);
    await migrate(local(), () => {});
    expect(await local().get(null)).toEqual(again);
  });
});
