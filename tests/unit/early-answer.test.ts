/**
 * A feed visit is answered before its write is stored when that write is slow (after a browser restart Chrome
 * stores its first write only after reading everything stored): the write keeps the queue, and if it then fails the
 * page is told "not saved" (lib/library/library.ts recordSightings, lib/library/messages.ts, page-protocol.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Library } from '../../lib/library/library';
import { createRouter, EARLY_ANSWER_MS, envelope, type PageAddress } from '../../lib/library/messages';
import { NOT_SAVED, notSavedMessage, readNotSaved } from '../../lib/library/page-protocol';
import { loadSnapshot } from '../../lib/library/reader';
import type { StorageArea } from '../../lib/library/storage-area';
import { meta } from '../helpers/papers';

const EXT_ID = 'papershelf-test-id';
const base = () => fakeBrowser.storage.local as unknown as StorageArea;

/** Storage whose writes, once `hold` is called, wait until released (or fail when released with an error). */
function heldWrites() {
  const held: { release: (error?: Error) => void }[] = [];
  let holding = false;
  const area: StorageArea = {
    get: (k) => base().get(k),
    remove: (k) => base().remove(k),
    set: (items) => {
      if (!holding) return base().set(items);
      return new Promise<void>((resolve, reject) => {
        held.push({ release: (error) => (error ? reject(error) : resolve(base().set(items))) });
      });
    },
  };
  const waitHeld = async (n: number) => {
    for (let i = 0; i < 200 && held.length < n; i++) await new Promise((r) => setTimeout(r, 5));
    expect(held.length).toBeGreaterThanOrEqual(n);
  };
  return {
    area,
    held,
    waitHeld,
    stopHolding: () => {
      holding = false;
    },
    /** Holds the writes of a library that has started (its start may write: migrations). */
    hold: async (lib: Library) => {
      await lib.getPaper('arxiv:0000.00000');
      holding = true;
    },
  };
}

const stored = async (id: string) => (await loadSnapshot(base())).papers.get(id);

describe('a feed visit answered before its write is stored', () => {
  beforeEach(() => fakeBrowser.reset());

  it('answers once the write has waited afterMs; the write keeps the queue and lands; nothing is reported', async () => {
    const s = heldWrites();
    const lib = new Library(s.area, () => {});
    await s.hold(lib);
    const failed: string[] = [];
    const early = { afterMs: 20, failed: (e: string) => failed.push(e) };
    const answer = await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1), meta(2)], 'v', early);
    expect(answer.map((r) => [r.id, r.isNew])).toEqual([
      [meta(1).id, true],
      [meta(2).id, true],
    ]);
    // Answered while the write is still held: nothing stored yet.
    expect(s.held.length).toBe(1);
    expect(await stored(meta(1).id)).toBeUndefined();
    // A star sent now waits for the visit's write (one writer, in order), then applies to the stored paper.
    let starDone = false;
    const star = lib.setStarred(meta(1).id, true).then(() => {
      starDone = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(starDone).toBe(false);
    s.stopHolding();
    s.held[0]?.release();
    await star;
    expect((await stored(meta(1).id))?.starred).toBe(true);
    expect((await stored(meta(2).id))?.starred).toBe(false);
    expect(failed).toEqual([]);
  });

  it('a write that fails after the early answer is reported to the page, nothing is stored, the next write works', async () => {
    const s = heldWrites();
    const lib = new Library(s.area, () => {});
    await s.hold(lib);
    const failed: string[] = [];
    const early = { afterMs: 20, failed: (e: string) => failed.push(e) };
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1)], 'v', early);
    s.held[0]?.release(new Error('QUOTA_BYTES quota exceeded'));
    for (let i = 0; i < 100 && !failed.length; i++) await new Promise((r) => setTimeout(r, 5));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/storage is full/i);
    expect(await stored(meta(1).id)).toBeUndefined();
    s.stopHolding();
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1)], 'v', early);
    expect(await stored(meta(1).id)).toBeDefined();
    expect(failed).toHaveLength(1);
  });

  it('a write that fails before afterMs is a failed answer, as without an early answer', async () => {
    const s = heldWrites();
    const lib = new Library(s.area, () => {});
    await s.hold(lib);
    const failed: string[] = [];
    const early = { afterMs: 5_000, failed: (e: string) => failed.push(e) };
    const answer = lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1)], 'v', early);
    await s.waitHeld(1);
    s.held[0]?.release(new Error('QUOTA_BYTES quota exceeded'));
    await expect(answer).rejects.toThrow(/storage is full/i);
    expect(failed).toEqual([]);
  });

  it('without an early answer the answer waits for the write', async () => {
    const s = heldWrites();
    const lib = new Library(s.area, () => {});
    await s.hold(lib);
    let answered = false;
    const answer = lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1)]).then((r) => {
      answered = true;
      return r;
    });
    await s.waitHeld(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(answered).toBe(false);
    s.held[0]?.release();
    expect((await answer)[0]?.isNew).toBe(true);
  });

  it('the router answers a page early and tells that page (its tab, frame and document) when the write fails', async () => {
    const s = heldWrites();
    const lib = new Library(s.area, () => {});
    await s.hold(lib);
    const told: [PageAddress, string][] = [];
    const route = createRouter(lib, {
      extensionId: EXT_ID,
      extensionOrigin: `chrome-extension://${EXT_ID}/`,
      log: () => {},
      notSaved: (to, error) => told.push([to, error]),
    });
    const url = 'https://huggingface.co/papers';
    const page = { id: EXT_ID, url, tab: { id: 7 }, frameId: 0, documentId: 'doc-1' };
    const t0 = Date.now();
    const reply = await route(envelope('recordSightings', { site: 'hf', url, entries: [meta(1)] }), page);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(EARLY_ANSWER_MS - 5);
    expect(reply).toMatchObject({ ok: true, value: [{ id: meta(1).id, isNew: true }] });
    // The page may act on what it showed at once (its star waits in the queue behind the visit's write).
    const star = route(envelope('setStarred', { id: meta(1).id, starred: true }), page);
    s.held[0]?.release(new Error('QUOTA_BYTES quota exceeded'));
    for (let i = 0; i < 100 && !told.length; i++) await new Promise((r) => setTimeout(r, 5));
    expect(told).toEqual([[{ tabId: 7, frameId: 0, documentId: 'doc-1' }, expect.stringMatching(/storage is full/i)]]);
    // The paper was never stored: the star is refused plainly.
    expect(await star).toMatchObject({ ok: false });
  });

  it("an extension page's sightings are never answered early (no page to tell)", async () => {
    const s = heldWrites();
    const lib = new Library(s.area, () => {});
    await s.hold(lib);
    const told: string[] = [];
    const route = createRouter(lib, {
      extensionId: EXT_ID,
      extensionOrigin: `chrome-extension://${EXT_ID}/`,
      log: () => {},
      notSaved: (_to, error) => told.push(error),
    });
    const popup = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html`, tab: { id: 3 } };
    let answered = false;
    const reply = route(
      envelope('recordSightings', { site: 'hf', url: 'https://huggingface.co/papers', entries: [meta(1)] }),
      popup,
    ).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, EARLY_ANSWER_MS + 50));
    expect(answered).toBe(false);
    s.held[0]?.release(new Error('QUOTA_BYTES quota exceeded'));
    expect(await reply).toMatchObject({ ok: false, error: expect.stringMatching(/storage is full/i) });
    expect(told).toEqual([]);
  });
});

describe('the notSaved message to a page', () => {
  it('is read only when well formed and from this extension', () => {
    const m = notSavedMessage('Browser storage is full');
    expect(readNotSaved(m, { id: EXT_ID }, EXT_ID)).toBe('Browser storage is full');
    expect(readNotSaved(m, { id: 'another-extension' }, EXT_ID)).toBeUndefined();
    expect(readNotSaved(m, {}, EXT_ID)).toBeUndefined();
    for (const bad of [
      null,
      'notSaved',
      { ...m, papershelf: 2 },
      { ...m, type: 'pageEntries' },
      { ...m, error: 42 },
      { ...m, error: 'x'.repeat(301) },
      { papershelf: 1, type: NOT_SAVED },
    ])
      expect(readNotSaved(bad, { id: EXT_ID }, EXT_ID)).toBeUndefined();
    expect(notSavedMessage('x'.repeat(1_000)).error).toHaveLength(300);
  });
});
