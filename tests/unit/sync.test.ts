import { describe, expect, it } from 'vitest';
import { Library } from '../../lib/library/library';
import { loadSnapshot } from '../../lib/library/reader';
import {
  itemBytes,
  pack,
  SYNC_META,
  SYNC_QUOTA,
  type SyncArea,
  type SyncEntry,
  syncOnce,
  unpack,
} from '../../lib/library/sync';
import { memoryStorage } from '../../scripts/memory-storage';
import { meta, paper } from '../helpers/papers';

/** storage.sync shared by two profiles, refusing writes past Chrome's quotas as Chrome does. */
function syncArea(): SyncArea & { data: Map<string, string>; bytes(): number; maxBytes: number; writes: number } {
  const base = memoryStorage();
  const area = {
    data: base.data,
    maxBytes: 0,
    writes: 0,
    bytes: () => [...base.data].reduce((n, [k, v]) => n + k.length + v.length, 0),
    get: base.get,
    remove: base.remove,
    async set(items: Record<string, unknown>) {
      for (const [k, v] of Object.entries(items)) {
        if (itemBytes(k, v) > SYNC_QUOTA.itemBytes) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
      }
      const next = new Map(base.data);
      for (const [k, v] of Object.entries(items)) next.set(k, JSON.stringify(v));
      const total = [...next].reduce((n, [k, v]) => n + k.length + v.length, 0);
      if (total > SYNC_QUOTA.bytes) throw new Error('QUOTA_BYTES quota exceeded');
      if (next.size > SYNC_QUOTA.maxItems) throw new Error('MAX_ITEMS quota exceeded');
      area.writes++;
      await base.set(items);
      area.maxBytes = Math.max(area.maxBytes, total);
    },
  };
  return area;
}

/** A device: its own library (own storage, own clock) syncing through the shared area. */
function device(shared: SyncArea, start: string) {
  let now = new Date(start);
  const storage = memoryStorage();
  const lib = new Library(
    storage,
    () => {},
    () => now,
  );
  const local = { entries: (ids: string[]) => lib.syncEntries(ids), apply: (e: SyncEntry[]) => lib.applySynced(e) };
  return {
    lib,
    storage,
    at(iso: string) {
      now = new Date(iso);
    },
    sync: () => syncOnce(local, shared, now),
    async state(ids: string[]) {
      const snap = (await loadSnapshot(storage)).papers;
      return ids.map((id) => {
        const p = snap.get(id);
        return p ? `${p.starred ? '★' : '☆'}${p.tags.join(',')}` : 'absent';
      });
    },
  };
}

/**
 * What devices do when storage.sync changes: all sync at once (the race: both read before either writes), then
 * each in turn, as the other's write reaches it, until a whole round writes nothing.
 */
async function settle(...devices: { sync(): Promise<{ written: number }> }[]): Promise<number> {
  await Promise.all(devices.map((d) => d.sync()));
  for (let round = 1; round <= 10; round++) {
    let written = 0;
    for (const d of devices) written += (await d.sync()).written;
    if (!written) return round;
  }
  throw new Error('sync did not settle in 10 rounds');
}

describe('sync through storage.sync', () => {
  it('packs entries into items under every quota, most recent first, and reads them back', () => {
    const entries: SyncEntry[] = Array.from({ length: 5000 }, (_, i) => ({
      id: meta(i).id,
      starred: true,
      tags: i % 3 ? ['to read'] : [],
      at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      title: `Synthetic paper number ${i}`,
    }));
    const { items, omitted } = pack(entries);
    const total = Object.entries(items).reduce((n, [k, v]) => n + itemBytes(k, v), 0);
    expect(total).toBeLessThanOrEqual(SYNC_QUOTA.bytes * 0.9);
    expect(Object.keys(items).length).toBeLessThanOrEqual(SYNC_QUOTA.maxItems);
    for (const [k, v] of Object.entries(items)) expect(itemBytes(k, v)).toBeLessThanOrEqual(SYNC_QUOTA.itemBytes);
    const back = unpack(items);
    expect(omitted).toBe(5000 - back.length);
    expect(omitted).toBeGreaterThan(0);
    // What fits is the most recently changed, exactly as it was (times to the second).
    expect(back.map((e) => e.id)).toEqual(
      entries
        .slice(5000 - back.length)
        .reverse()
        .map((e) => e.id),
    );
    expect(back[0]).toEqual(entries[4999]);
    expect(items[SYNC_META]).toEqual({ v: 1, chunks: Object.keys(items).length - 1 });
  });

  it('a round trip keeps long notes and many tags whole; an entry too large for an item is left out and reported', () => {
    const at = '2026-05-01T10:00:00.000Z';
    const long: SyncEntry = {
      id: 'arxiv:2401.00001',
      starred: true,
      tags: Array.from({ length: 80 }, (_, i) => `tag-${i}`),
      note: 'n'.repeat(5_000),
      at,
    };
    const huge: SyncEntry = { id: 'arxiv:2401.00002', starred: true, tags: [], note: 'h'.repeat(9_000), at };
    const { items, omitted } = pack([long, huge]);
    expect(omitted).toBe(1);
    const back = unpack(items);
    expect(back).toHaveLength(1);
    expect(back[0]?.note).toHaveLength(5_000);
    expect(back[0]?.tags).toEqual(long.tags);
  });

  it('two devices: edits on both converge, the later change wins per paper, no star is lost', async () => {
    const shared = syncArea();
    const a = device(shared, '2026-03-01T10:00:00Z');
    const b = device(shared, '2026-03-01T10:00:00Z');
    const ids = [1, 2, 3, 4, 5, 6].map((i) => meta(i).id);
    await a.lib.importPapers([1, 2, 3].map((i) => paper(i)));
    await a.lib.setStarred(ids[0] as string, true);
    await a.lib.setTags(ids[1] as string, ['rl']);
    await settle(a, b);
    // B never saw these pages: it lists them from the synced title.
    expect(await b.state(ids.slice(0, 3))).toEqual(['★', '☆rl', 'absent']);
    expect((await b.lib.getPaper(ids[0] as string))?.title).toBe('Synthetic paper number 1');

    // Concurrent edits: both change different papers in the same minute, and both sync at once.
    a.at('2026-03-02T09:00:00Z');
    b.at('2026-03-02T09:00:00Z');
    await a.lib.setStarred(ids[3] as string, true, meta(4));
    await b.lib.setStarred(ids[4] as string, true, meta(5));
    await b.lib.setTags(ids[0] as string, ['classic']);
    await settle(a, b);
    const shown = [0, 1, 3, 4].map((k) => ids[k] as string);
    expect(await a.state(shown)).toEqual(['★classic', '☆rl', '★', '★']);
    expect(await b.state(shown)).toEqual(await a.state(shown));
    // Paper 3 was never starred or tagged: it stays A's reading history, not synced.
    expect(await b.state([ids[2] as string])).toEqual(['absent']);

    // Conflicting edits of one paper: the later one wins on both devices.
    a.at('2026-03-03T08:00:00Z');
    await a.lib.setStarred(ids[0] as string, false);
    b.at('2026-03-03T08:05:00Z');
    await b.lib.setTags(ids[0] as string, ['classic', 'reread']);
    await settle(a, b);
    expect(await a.state([ids[0] as string])).toEqual(['★classic,reread']);
    expect(await b.state([ids[0] as string])).toEqual(['★classic,reread']);
    // An unstar and untag travels too (a tombstone), and does not come back.
    a.at('2026-03-04T08:00:00Z');
    await a.lib.setStarred(ids[4] as string, false);
    await settle(a, b);
    expect(await b.state([ids[4] as string])).toEqual(['☆']);
    await settle(a, b);
    expect(await a.state([ids[4] as string])).toEqual(['☆']);
    expect(shared.maxBytes).toBeLessThanOrEqual(SYNC_QUOTA.bytes);
  });

  it('5,000 starred papers: the quota is respected, the most recent sync, and the rest is reported', async () => {
    const shared = syncArea();
    const a = device(shared, '2026-04-01T00:00:00Z');
    const b = device(shared, '2026-04-01T00:00:00Z');
    await a.lib.importPapers(
      Array.from({ length: 5000 }, (_, i) =>
        paper(i, { starred: true, updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }),
      ),
    );
    const first = await a.sync();
    expect(first.omitted).toBeGreaterThan(0);
    expect(first.synced + first.omitted).toBe(5000);
    await settle(a, b);
    const onB = [...(await loadSnapshot(b.storage)).papers.values()].filter((p) => p.starred);
    expect(onB.length).toBe(first.synced);
    // The ones that made it are the most recently changed.
    const expected = Array.from({ length: first.synced }, (_, k) => meta(4999 - k).id).sort();
    expect(onB.map((p) => p.id).sort()).toEqual(expected);
    // Nothing was ever refused by the quota, and A kept every star.
    expect(shared.maxBytes).toBeLessThanOrEqual(SYNC_QUOTA.bytes);
    expect([...(await loadSnapshot(a.storage)).papers.values()].filter((p) => p.starred)).toHaveLength(5000);
    process.stdout.write(
      `${JSON.stringify({ bench: 'sync-5000-starred', synced: first.synced, omitted: first.omitted, sync_bytes: shared.bytes(), quota: SYNC_QUOTA.bytes })}\n`,
    );
  });
});

describe('a paper first met through sync', () => {
  it('gets its full title and authors when the device later sees it on a feed', async () => {
    const shared = syncArea();
    const a = device(shared, '2026-05-01T00:00:00Z');
    const b = device(shared, '2026-05-01T00:00:00Z');
    const long = 'A very long title about scaling laws for mixture-of-experts language models and their data';
    await a.lib.importPapers([paper(7, { title: long, starred: true })]);
    await settle(a, b);
    const id = meta(7).id;
    expect((await b.lib.getPaper(id))?.title).toBe(`${long.slice(0, 59)}…`);
    await b.lib.recordSightings('arxiv', 'https://arxiv.org/list/cs.LG/new', [meta(7, { title: long })]);
    expect(await b.lib.getPaper(id)).toMatchObject({ title: long, starred: true, authors: meta(7).authors });
  });
});
