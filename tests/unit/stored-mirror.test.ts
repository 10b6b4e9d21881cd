/**
 * What views read at open, held by the background as stored (lib/library/stored-mirror.ts), and the views' reads
 * raced with it (lib/library/held-reads.ts): after a browser restart a view's own reads wait behind the session's
 * first write (5.6–6.8 s for the popup's first rows at 100,000 papers, opened 0.7 s after a feed tab).
 */
import { describe, expect, it } from 'vitest';
import { ASK_AFTER_MS, askOver, heldFirst } from '../../lib/library/held-reads';
import { memoryIndexDb } from '../../lib/library/index-db';
import { buildIndex, holdViewKeys } from '../../lib/library/index-store';
import { Library } from '../../lib/library/library';
import { createRouter, envelope } from '../../lib/library/messages';
import { KEY } from '../../lib/library/schema';
import { SHARDS_HELD, StoredMirror } from '../../lib/library/stored-mirror';
import { memoryStorage } from '../../scripts/memory-storage';
import { paper } from '../helpers/papers';

const EXT_ID = 'papershelf-test-id';
const never = () => new Promise<Record<string, unknown>>(() => {});

describe('the stored mirror', () => {
  it('answers only when it holds every key asked, absent keys left out as storage does', () => {
    const m = new StoredMirror();
    m.took(['meta', 'head', 'ix'], { meta: { v: 1, seq: 3 }, head: '{"x":1}' }, m.mark());
    expect(m.answer(['meta', 'ix'])).toEqual({ meta: { v: 1, seq: 3 } });
    expect(m.answer(['meta', 's:0'])).toBeUndefined();
    expect(m.answer(['meta', 'p:arxiv:2301.00001'])).toBeUndefined();
    // Keys a view does not read at open are never held.
    m.took(['p:arxiv:2301.00001'], { 'p:arxiv:2301.00001': { id: 'x' } }, m.mark());
    expect(m.answer(['p:arxiv:2301.00001'])).toBeUndefined();
  });

  it('follows every change told, removals included; a read asked before a change does not go over it', () => {
    const m = new StoredMirror();
    const before = m.mark();
    m.told({ meta: { newValue: { v: 1, seq: 5 } }, 's:2': { newValue: '{"v":1}' }, head: {} });
    // The read was asked before that change: its (older) meta and head are not taken; its settings are.
    m.took(['meta', 'head', 'settings'], { meta: { v: 1, seq: 4 }, head: 'old', settings: { v: 1 } }, before);
    expect(m.answer(['meta', 's:2', 'head', 'settings'])).toEqual({
      meta: { v: 1, seq: 5 },
      's:2': '{"v":1}',
      settings: { v: 1 },
    });
  });

  it(`holds at most ${SHARDS_HELD} shards, the last changed`, () => {
    const m = new StoredMirror();
    for (let n = 0; n < SHARDS_HELD + 10; n++) m.told({ [`s:${n}`]: { newValue: `shard ${n}` } });
    expect(m.answer(['s:0'])).toBeUndefined();
    expect(m.answer(['s:9'])).toBeUndefined();
    expect(m.answer(['s:10', `s:${SHARDS_HELD + 9}`])).toEqual({
      's:10': 'shard 10',
      [`s:${SHARDS_HELD + 9}`]: `shard ${SHARDS_HELD + 9}`,
    });
  });

  it('is filled at the background start with the view keys and the shards written since the index was built', async () => {
    const storage = memoryStorage();
    const lib = new Library(storage, () => {});
    await lib.importPapers(Array.from({ length: 350 }, (_, i) => paper(i)));
    const db = memoryIndexDb();
    await buildIndex(storage, db, () => {});
    await lib.setStarred(paper(150).id, true);
    await lib.importPapers([paper(400)]);
    // The background's start: the library reads the stale shards once, for its visits and for the views' mirror.
    const reads = new Map<string, number>();
    const counted = {
      ...storage,
      get: (k?: string | string[] | null) => {
        for (const key of Array.isArray(k) ? k : typeof k === 'string' ? [k] : [])
          reads.set(key, (reads.get(key) ?? 0) + 1);
        return storage.get(k);
      },
    };
    const m = new StoredMirror();
    const restarted = new Library(counted, () => {});
    restarted.peekIndex = db;
    await holdViewKeys(m, counted, restarted.holdStaleShards());
    const keys = ['meta', 'ix', 'head', 'settings', 'undo', 'syncStatus', 'schema'];
    const stored = await storage.get(keys);
    expect(m.answer(keys)).toEqual(stored);
    const shardOf = async (i: number) =>
      ((await storage.get(KEY.paper(paper(i).id)))[KEY.paper(paper(i).id)] as { shard: number }).shard;
    const starred = await shardOf(150);
    const added = await shardOf(400);
    const stale = [KEY.snap(starred), KEY.snap(added), KEY.abstracts(added)];
    expect(m.answer(stale)).toEqual(await storage.get(stale));
    expect(stale.map((k) => reads.get(k))).toEqual([1, 1, 1]);
    // (shard 0 is read by the library's start, for its own reasons)
    const fresh = [1, 2, 3].find((n) => n !== starred && n !== added) as number;
    expect(await storage.get(KEY.snap(fresh))).not.toEqual({});
    expect(m.answer([KEY.snap(fresh)])).toBeUndefined();
    expect(reads.get(KEY.snap(fresh))).toBeUndefined();
  });
});

describe("a view's reads raced with the mirror", () => {
  it('take the held answer when storage waits, and storage when the background does not hold every key', async () => {
    const storage = memoryStorage();
    await storage.set({ meta: { v: 1, seq: 1 }, head: 'h' });
    const m = new StoredMirror();
    m.took(['meta', 'head'], await storage.get(['meta', 'head']), m.mark());
    const waiting = { get: never };
    const held = heldFirst(waiting, async (keys) => m.answer(keys));
    expect(await held.get(['meta', 'head'])).toEqual({ meta: { v: 1, seq: 1 }, head: 'h' });
    expect(await held.get('head')).toEqual({ head: 'h' });
    let answered = false;
    void held.get(['meta', 'settings']).then(() => {
      answered = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    // Storage answers when the background cannot (or fails).
    const both = heldFirst(storage, async () => Promise.reject(new Error('no background')));
    expect(await both.get(['meta'])).toEqual({ meta: { v: 1, seq: 1 } });
    expect(Object.keys(await heldFirst(storage, async (k) => m.answer(k)).get(null))).toEqual(['meta', 'head']);
    // A read that answers at once asks the background nothing (no message, no worker woken).
    let asked = 0;
    const quick = heldFirst(storage, async (k) => {
      asked += 1;
      return m.answer(k);
    });
    expect(await quick.get(['meta'])).toEqual({ meta: { v: 1, seq: 1 } });
    await new Promise((r) => setTimeout(r, ASK_AFTER_MS + 20));
    expect(asked).toBe(0);
  });

  it('the heldValues message: extension pages only, keys checked, null when not all held', async () => {
    const m = new StoredMirror();
    m.took(['meta'], { meta: { v: 1, seq: 2 } }, m.mark());
    const route = createRouter(new Library(memoryStorage(), () => {}), {
      extensionId: EXT_ID,
      extensionOrigin: `chrome-extension://${EXT_ID}/`,
      log: () => {},
      mirror: m,
    });
    const popup = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html` };
    const send = (message: unknown) => route(message, popup);
    expect(await askOver(send)(['meta'])).toEqual({ meta: { v: 1, seq: 2 } });
    expect(await askOver(send)(['meta', 'head'])).toBeUndefined();
    expect(
      await route(envelope('heldValues', { keys: ['meta'] }), { id: EXT_ID, url: 'https://arxiv.org/list/cs/new' }),
    ).toMatchObject({ ok: false });
    expect(await route(envelope('heldValues', { keys: 'meta' as never }), popup)).toMatchObject({ ok: false });
    expect(await route(envelope('heldValues', { keys: ['x'.repeat(41)] }), popup)).toMatchObject({ ok: false });
  });
});
