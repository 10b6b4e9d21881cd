import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Library } from '../../lib/library/library';
import {
  countTags,
  diffChanges,
  loadAbstracts,
  loadSnapshot,
  type StorageChanges,
  watchLibrary,
} from '../../lib/library/reader';
import { KEY, SHARD_SIZE } from '../../lib/library/schema';
import type { Log, StorageArea } from '../../lib/library/storage-area';
import { meta, paper } from '../helpers/papers';

const storage = () => fakeBrowser.storage.local as unknown as StorageArea;

function collectLog(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  return { log: (level, message) => lines.push(`${level}: ${message}`), lines };
}

describe('Library', () => {
  beforeEach(() => fakeBrowser.reset());

  it('records sightings: new papers added, known ones get a sighting and fresher metadata', async () => {
    const lib = new Library(storage(), collectLog().log, () => new Date('2026-05-01T10:00:00Z'));
    const first = await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1), meta(2)]);
    expect(first.map((r) => r.isNew)).toEqual([true, true]);

    const later = new Library(storage(), collectLog().log, () => new Date('2026-05-03T10:00:00Z'));
    const again = await later.recordSightings('arxiv', 'https://arxiv.org/list/cs.LG/new', [
      meta(1, { abstract: 'Now with an abstract' }),
    ]);
    // Listed before, never on screen: not "seen" (issue 14); the queue's state comes with the answer.
    expect(again[0]).toEqual({ id: meta(1).id, isNew: false, starred: false, tags: [] });
    const p = await later.getPaper(meta(1).id);
    expect(p?.abstract).toBe('Now with an abstract');
    expect(p?.sightings.map((s) => s.site)).toEqual(['hf', 'arxiv']);

    const snap = await loadSnapshot(storage());
    expect(snap.papers.size).toBe(2);
    expect(snap.papers.get(meta(1).id)?.sites).toEqual(['hf', 'arxiv']);
    expect((await loadAbstracts(storage())).get(meta(1).id)).toBe('Now with an abstract');
  });

  it('stars, tags, notes and deletes, keeping the snapshot in step', async () => {
    const lib = new Library(storage(), collectLog().log);
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1), meta(2), meta(3)]);
    await lib.setStarred(meta(1).id, true);
    await lib.setTags(meta(2).id, [' diffusion ', 'RL', 'rl', '']);
    await lib.setNote(meta(3).id, 'read §3');
    let snap = (await loadSnapshot(storage())).papers;
    expect(snap.get(meta(1).id)?.starred).toBe(true);
    expect(snap.get(meta(1).id)?.starredAt).toBeTruthy();
    expect(snap.get(meta(2).id)?.tags).toEqual(['diffusion', 'RL']);
    expect(snap.get(meta(3).id)?.note).toBe('read §3');

    await lib.setStarred(meta(1).id, false);
    await lib.deletePapers([meta(3).id, 'arxiv:2399.99999']);
    snap = (await loadSnapshot(storage())).papers;
    expect(snap.get(meta(1).id)?.starred).toBe(false);
    expect(snap.get(meta(1).id)?.starredAt).toBeUndefined();
    expect(snap.has(meta(3).id)).toBe(false);
    expect(await lib.getPaper(meta(3).id)).toBeUndefined();
  });

  it('stars a paper it has not seen yet when given its metadata, and refuses an unknown id without it', async () => {
    const lib = new Library(storage(), collectLog().log);
    await expect(lib.setStarred(meta(7).id, true)).rejects.toThrow(/unknown paper/);
    const p = await lib.setStarred(meta(7).id, true, meta(7));
    expect(p.starred).toBe(true);
    expect((await loadSnapshot(storage())).papers.get(meta(7).id)?.starred).toBe(true);
  });

  it('imports: adds new papers, merges known ones, reports duplicates', async () => {
    const lib = new Library(storage(), collectLog().log);
    await lib.importPapers([paper(1, { tags: ['a'] })]);
    const report = await lib.importPapers([paper(1, { tags: ['b'], starred: true }), paper(2), paper(2)]);
    expect(report).toEqual({ added: 1, merged: 1, skipped: 1 });
    const p = await lib.getPaper(meta(1).id);
    expect(p?.tags.sort()).toEqual(['a', 'b']);
    expect(p?.starred).toBe(true);
  });

  it('keeps shards bounded: papers beyond SHARD_SIZE open a new shard', async () => {
    const lib = new Library(storage(), collectLog().log);
    const n = SHARD_SIZE * 2 + 10;
    await lib.importPapers(Array.from({ length: n }, (_, i) => paper(i)));
    const got = await storage().get(null);
    const shards = Object.keys(got).filter((k) => k.startsWith('s:'));
    expect(shards.sort()).toEqual(['s:0', 's:1', 's:2']);
    expect((await loadSnapshot(storage())).papers.size).toBe(n);
    expect(got[KEY.meta]).toMatchObject({ v: 1, shardCount: 3, openShard: 2, openCount: 10 });
  });

  it('reports changes to watchers as paper-level updates', async () => {
    const lib = new Library(storage(), collectLog().log);
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1), meta(2)]);
    const seen: string[] = [];
    const stop = watchLibrary(fakeBrowser.storage.onChanged as unknown as Parameters<typeof watchLibrary>[0], (c) => {
      for (const p of c.upserted) seen.push(`${p.id}:${p.starred}`);
      for (const id of c.removed) seen.push(`-${id}`);
    });
    await lib.setStarred(meta(2).id, true);
    await lib.deletePapers([meta(1).id]);
    stop();
    await lib.setStarred(meta(2).id, false);
    expect(seen).toEqual([`${meta(2).id}:true`, `-${meta(1).id}`]);
  });

  it('ignores changes that are not the library', () => {
    const changes: StorageChanges = { other: { newValue: 1 } };
    expect(diffChanges(changes)).toBeUndefined();
  });
});

describe('undo', () => {
  beforeEach(() => fakeBrowser.reset());
  const records = async () => {
    const all = await storage().get(null);
    return Object.entries(all)
      .filter(([k]) => k.startsWith('p:'))
      .map(([, v]) => {
        const { shard: _s, ...rest } = v as { shard: number };
        return rest;
      })
      .sort((a, b) => String((a as { id: string }).id).localeCompare(String((b as { id: string }).id)));
  };

  it('undoes an import exactly: merged papers back as they were, added ones gone', async () => {
    const lib = new Library(storage(), collectLog().log);
    await lib.importPapers([paper(1, { tags: ['mine'], note: 'keep me' }), paper(2)]);
    await lib.setStarred(meta(2).id, true);
    const before = await records();
    const snapBefore = (await loadSnapshot(storage())).papers;
    await lib.importPapers([
      paper(1, { tags: ['theirs'], starred: true, updatedAt: '2027-01-01T00:00:00.000Z', note: 'newer' }),
      paper(3),
      paper(4),
    ]);
    expect((await lib.getPaper(meta(1).id))?.tags.sort()).toEqual(['mine', 'theirs']);
    expect(await lib.undo()).toEqual({ kind: 'import', restored: 1, removed: 2 });
    expect(await records()).toEqual(before);
    expect([...(await loadSnapshot(storage())).papers.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...snapBefore.values()].sort((a, b) => a.id.localeCompare(b.id)),
    );
    await expect(lib.undo()).rejects.toThrow(/nothing to undo/);
  });

  it('undoes a bulk delete', async () => {
    const lib = new Library(storage(), collectLog().log);
    await lib.importPapers(Array.from({ length: 20 }, (_, i) => paper(i, { abstract: `abstract ${i}` })));
    const before = await records();
    await lib.deletePapers(Array.from({ length: 10 }, (_, i) => meta(i * 2).id));
    expect((await loadSnapshot(storage())).papers.size).toBe(10);
    expect(await lib.undo()).toMatchObject({ kind: 'delete', restored: 10, removed: 0 });
    expect(await records()).toEqual(before);
    expect((await loadSnapshot(storage())).papers.size).toBe(20);
    expect((await loadAbstracts(storage())).get(meta(4).id)).toBe('abstract 4');
  });
});

describe('bulk changes and failures', () => {
  beforeEach(() => fakeBrowser.reset());
  const all = () => storage().get(null) as Promise<Record<string, unknown>>;

  /** Storage that counts writes and can be told to fail (a full quota, a worker stopped between calls). */
  function instrumented(base: StorageArea) {
    const state = { sets: 0, failSet: undefined as Error | undefined, failRemove: undefined as Error | undefined };
    const area: StorageArea = {
      get: (k) => base.get(k),
      async set(items) {
        if (state.failSet) throw state.failSet;
        state.sets++;
        return base.set(items);
      },
      async remove(k) {
        if (state.failRemove) throw state.failRemove;
        return base.remove(k);
      },
    };
    return { area, state };
  }

  it('tags, untags, stars many papers in one write, and undo restores them exactly', async () => {
    const { area, state } = instrumented(storage());
    const lib = new Library(area, collectLog().log);
    await lib.importPapers(Array.from({ length: 300 }, (_, i) => paper(i, { tags: i % 2 ? ['odd'] : [] })));
    const before = await all();
    const ids = Array.from({ length: 200 }, (_, i) => meta(i).id);
    const sets = state.sets;
    expect(await lib.bulkUpdate(ids, { addTags: ['to read', 'to read'], removeTags: ['odd'], starred: true })).toEqual({
      changed: 200,
    });
    expect(state.sets - sets).toBe(1);
    const snap = (await loadSnapshot(storage())).papers;
    expect(ids.every((id) => snap.get(id)?.tags.join() === 'to read' && snap.get(id)?.starred)).toBe(true);
    expect(snap.get(meta(201).id)?.tags).toEqual(['odd']);
    // A second identical change changes nothing (and writes nothing).
    expect(await lib.bulkUpdate(ids, { addTags: ['to read'] })).toEqual({ changed: 0 });
    expect(await lib.undo()).toEqual({ kind: 'bulk', restored: 200, removed: 0 });
    const after = await all();
    delete before[KEY.undo];
    delete after[KEY.undo];
    // The write counter in meta moves on (that is its job); everything else is as it was.
    const counters = ({ seq: _s, shardSeq: _ss, absSeq: _as, ...rest }: Record<string, unknown>) => rest;
    before[KEY.meta] = counters(before[KEY.meta] as Record<string, unknown>);
    after[KEY.meta] = counters(after[KEY.meta] as Record<string, unknown>);
    expect(after).toEqual(before);
  });

  it('a delete stopped between its two writes is finished at the next start; readers never see half', async () => {
    const { area, state } = instrumented(storage());
    const lib = new Library(area, collectLog().log);
    await lib.importPapers(Array.from({ length: 30 }, (_, i) => paper(i)));
    state.failRemove = new Error('the service worker stopped');
    await expect(lib.deletePapers([meta(1).id, meta(2).id])).rejects.toThrow(/stopped/);
    // The snapshot (what every reader uses) already left them out; their records wait in the removal log.
    expect((await loadSnapshot(storage())).papers.has(meta(1).id)).toBe(false);
    expect((await all())[KEY.removing]).toEqual([`p:${meta(1).id}`, `p:${meta(2).id}`]);
    state.failRemove = undefined;
    const { log, lines } = collectLog();
    const restarted = new Library(area, log);
    expect(await restarted.getPaper(meta(1).id)).toBeUndefined();
    const stored = await all();
    expect(stored[KEY.paper(meta(1).id)]).toBeUndefined();
    expect(stored[KEY.removing]).toBeUndefined();
    expect(lines).toContain('info: finished an interrupted delete of 2 papers');
    expect((await loadSnapshot(storage())).papers.size).toBe(28);
  });

  it('a full storage quota: a clear message, nothing half-written, and the next change works once there is room', async () => {
    const { area, state } = instrumented(storage());
    const lib = new Library(area, collectLog().log);
    await lib.importPapers(Array.from({ length: 50 }, (_, i) => paper(i)));
    const before = await all();
    state.failSet = new Error('QUOTA_BYTES quota exceeded');
    await expect(lib.bulkUpdate([meta(1).id, meta(2).id], { addTags: ['x'] })).rejects.toThrow(
      /Browser storage is full: this change was not saved/,
    );
    await expect(lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(99)])).rejects.toThrow(
      /storage is full/,
    );
    expect(await all()).toEqual(before);
    state.failSet = undefined;
    await lib.setStarred(meta(1).id, true);
    expect((await loadSnapshot(storage())).papers.get(meta(1).id)?.starred).toBe(true);
    expect((await loadSnapshot(storage())).papers.size).toBe(50);
  });
});

describe('tags and pruning', () => {
  beforeEach(() => fakeBrowser.reset());

  it('counts, renames, merges and deletes tags across the library, each undoable', async () => {
    const lib = new Library(storage(), collectLog().log);
    await lib.importPapers([
      paper(1, { tags: ['rl', 'vision'] }),
      paper(2, { tags: ['RL-theory', 'rl'] }),
      paper(3, { tags: ['vision'] }),
      paper(4),
    ]);
    expect(countTags((await loadSnapshot(storage())).papers.values())).toEqual([
      { tag: 'rl', count: 2 },
      { tag: 'vision', count: 2 },
      { tag: 'RL-theory', count: 1 },
    ]);
    expect(await lib.renameTag('rl', 'reinforcement learning')).toEqual({ changed: 2 });
    expect((await lib.getPaper(meta(2).id))?.tags).toEqual(['RL-theory', 'reinforcement learning']);
    // Merge: renaming into an existing tag leaves one of it.
    expect(await lib.renameTag('RL-theory', 'reinforcement learning')).toEqual({ changed: 1 });
    expect((await lib.getPaper(meta(2).id))?.tags).toEqual(['reinforcement learning']);
    expect(await lib.undo()).toEqual({ kind: 'bulk', restored: 1, removed: 0 });
    expect((await lib.getPaper(meta(2).id))?.tags).toEqual(['RL-theory', 'reinforcement learning']);
    // Delete: an empty new name.
    expect(await lib.renameTag('vision', '')).toEqual({ changed: 2 });
    expect((await loadSnapshot(storage())).papers.get(meta(3).id)?.tags).toEqual([]);
    expect(countTags((await loadSnapshot(storage())).papers.values()).map((t) => t.tag)).toEqual([
      'reinforcement learning',
      'RL-theory',
    ]);
  });

  it('pruning keeps every starred, tagged or noted paper, whatever its age or the count asked', async () => {
    const lib = new Library(storage(), collectLog().log, () => new Date('2026-06-01T00:00:00Z'));
    const day = (d: number) =>
      `2026-${String(1 + Math.floor(d / 28)).padStart(2, '0')}-${String(1 + (d % 28)).padStart(2, '0')}T00:00:00.000Z`;
    // 100 papers last seen on days 0…99 of 2026; every 10th starred, every 10th (offset 3) tagged, (offset 6) noted.
    await lib.importPapers(
      Array.from({ length: 100 }, (_, i) =>
        paper(i, {
          starred: i % 10 === 0,
          tags: i % 10 === 3 ? ['keep'] : [],
          note: i % 10 === 6 ? 'mine' : undefined,
          sightings: [{ site: 'hf', url: 'https://huggingface.co/papers', firstSeen: day(i), lastSeen: day(i) }],
        }),
      ),
    );
    const kept = (i: number) => i % 10 === 0 || i % 10 === 3 || i % 10 === 6;
    // Keep the 20 most recently seen of the others: 70 unprotected, 50 go.
    expect(await lib.prune(20, 0)).toMatchObject({ deleted: 50 });
    let snap = (await loadSnapshot(storage())).papers;
    expect(snap.size).toBe(50);
    for (let i = 0; i < 100; i++) if (kept(i)) expect(snap.has(meta(i).id), `paper ${i}`).toBe(true);
    // By age: everything last seen more than 30 days before June 1 (all of them) except the protected.
    expect(await lib.prune(0, 30)).toMatchObject({ deleted: 20 });
    snap = (await loadSnapshot(storage())).papers;
    expect([...snap.keys()].sort()).toEqual(
      Array.from({ length: 100 }, (_, i) => i)
        .filter(kept)
        .map((i) => meta(i).id)
        .sort(),
    );
    expect(await lib.prune(0, 0)).toEqual({ deleted: 0, undo: false });
    expect(await lib.undo()).toMatchObject({ kind: 'delete', restored: 20 });
    expect((await loadSnapshot(storage())).papers.size).toBe(50);
  });
});
