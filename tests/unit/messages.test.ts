import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Library } from '../../lib/library/library';
import { createClient, createRouter, type Envelope, envelope, type SenderInfo } from '../../lib/library/messages';
import { loadSnapshot } from '../../lib/library/reader';
import { readRecord } from '../../lib/library/schema';
import type { StorageArea } from '../../lib/library/storage-area';
import { paperHref, webUrl } from '../../lib/paper/links';
import type { Paper } from '../../lib/paper/types';
import { meta } from '../helpers/papers';

const EXT_ID = 'papershelf-test-id';
const storage = () => fakeBrowser.storage.local as unknown as StorageArea;
const popup: SenderInfo = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html` };
const tab = (n: number): SenderInfo => ({ id: EXT_ID, url: `https://huggingface.co/papers?p=${n}`, tab: { id: n } });

function setup() {
  const logged: string[] = [];
  const lib = new Library(storage(), (level, m) => logged.push(`${level}: ${m}`));
  const route = createRouter(lib, {
    extensionId: EXT_ID,
    extensionOrigin: `chrome-extension://${EXT_ID}/`,
    log: (level, m) => logged.push(`${level}: ${m}`),
  });
  // Wired as the background wires it, so messages go through the runtime.onMessage listener.
  type Listener = Parameters<typeof fakeBrowser.runtime.onMessage.addListener>[0];
  type Sender = Parameters<typeof fakeBrowser.runtime.onMessage.trigger>[1];
  fakeBrowser.runtime.onMessage.addListener(((m: unknown, s: SenderInfo) => route(m, s)) as unknown as Listener);
  const send = async (message: unknown, sender: SenderInfo = popup) => {
    const [reply] = await fakeBrowser.runtime.onMessage.trigger(message, sender as Sender, () => {});
    return reply as unknown as { ok: boolean; error?: string; value?: unknown };
  };
  return { lib, route, send, logged };
}

describe('messages to the background', () => {
  beforeEach(() => fakeBrowser.reset());

  it('applies 500 star/tag messages fired at once from several senders in order: each paper ends in its last state', async () => {
    const { send, lib } = setup();
    const papers = Array.from({ length: 20 }, (_, i) => meta(i));
    await lib.recordSightings('hf', 'https://huggingface.co/papers', papers);

    const expected = new Map<string, { starred: boolean; tags: string[] }>();
    for (const p of papers) expected.set(p.id, { starred: false, tags: [] });
    const inFlight: Promise<unknown>[] = [];
    for (let k = 0; k < 500; k++) {
      const p = papers[(k * 7) % papers.length] as (typeof papers)[number];
      const sender = k % 3 === 0 ? popup : tab(k % 5);
      const state = expected.get(p.id) as { starred: boolean; tags: string[] };
      if (k % 2 === 0) {
        state.starred = k % 4 === 0;
        inFlight.push(send(envelope('setStarred', { id: p.id, starred: state.starred }), sender));
      } else {
        const before = state.tags;
        state.tags = [`t${k}`, `s${k % 3}`];
        // The popup sends the whole list; a feed page what its editor changed.
        const message =
          sender === popup
            ? envelope('setTags', { id: p.id, tags: state.tags })
            : envelope('changeTags', {
                id: p.id,
                add: state.tags,
                remove: before.filter((t) => !state.tags.includes(t)),
              });
        inFlight.push(send(message, sender));
      }
    }
    const replies = (await Promise.all(inFlight)) as { ok: boolean }[];
    expect(replies.every((r) => r.ok)).toBe(true);

    const snap = (await loadSnapshot(storage())).papers;
    for (const [id, want] of expected) {
      expect(snap.get(id)?.starred, id).toBe(want.starred);
      expect(snap.get(id)?.tags, id).toEqual(want.tags);
      const record = await lib.getPaper(id);
      expect(record?.starred).toBe(want.starred);
      expect(record?.tags).toEqual(want.tags);
    }
  });

  it('refuses messages from other senders, unknown types and bad shapes, and logs them; nothing is applied', async () => {
    const { send, lib, logged } = setup();
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1)]);
    const id = meta(1).id;
    const bad: [unknown, SenderInfo, RegExp][] = [
      [envelope('setStarred', { id, starred: true }), { id: 'some-other-extension' }, /sender/],
      [envelope('setStarred', { id, starred: true }), {}, /sender/],
      [{ type: 'setStarred', payload: { id, starred: true } }, popup, /not a PaperShelf message/],
      [null, popup, /not a PaperShelf message/],
      ['setStarred', popup, /not a PaperShelf message/],
      [{ papershelf: 1, type: 'dropDatabase', payload: {} }, popup, /unknown message type/],
      [{ papershelf: 1, type: '__proto__', payload: {} }, popup, /unknown message type/],
      [{ papershelf: 1, type: 'toString', payload: {} }, popup, /unknown message type/],
      [
        { papershelf: 1, type: 'setStarred', payload: { id, starred: 'yes' } },
        popup,
        /starred: expected true or false/,
      ],
      [{ papershelf: 1, type: 'setStarred', payload: { id: 'not an id', starred: true } }, popup, /canonical paper id/],
      [{ papershelf: 1, type: 'setStarred' }, popup, /payload: expected an object/],
      [{ papershelf: 1, type: 'setTags', payload: { id, tags: 'ml' } }, popup, /tags: expected a list/],
      [{ papershelf: 1, type: 'setTags', payload: { id, tags: [1] } }, popup, /tags\[0\]: expected a string/],
      [{ papershelf: 1, type: 'setTags', payload: { id, tags: Array(101).fill('x') } }, popup, /more than 100/],
      [{ papershelf: 1, type: 'setNote', payload: { id, note: 'x'.repeat(20_001) } }, popup, /longer than/],
      [
        { papershelf: 1, type: 'recordSightings', payload: { site: 'hf', url: 'u', entries: [{ id }] } },
        tab(1),
        /title/,
      ],
      [{ papershelf: 1, type: 'importPapers', payload: { papers: [{ id, title: 't' }] } }, popup, /authors/],
    ];
    for (const [message, sender, error] of bad) {
      const reply = await send(message, sender);
      expect(reply.ok, JSON.stringify(message)?.slice(0, 80)).toBe(false);
      expect(reply.error).toMatch(error);
    }
    expect(logged.filter((l) => l.includes('refused message')).length).toBe(bad.length);
    const p = await lib.getPaper(id);
    expect(p).toMatchObject({ starred: false, tags: [] });
    expect(p?.note).toBeUndefined();
  });

  it('answers an operation error (unknown paper) with an error, and the next message works', async () => {
    const { send, lib } = setup();
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1)]);
    const reply = await send(envelope('setStarred', { id: meta(9).id, starred: true }));
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/unknown paper/) });
    expect((await send(envelope('setStarred', { id: meta(1).id, starred: true }))).ok).toBe(true);
  });

  it('cuts over-long page text down to size instead of refusing the page', async () => {
    const { send, lib } = setup();
    const long = meta(1, { title: `<img src=x onerror=alert(1)>${'T'.repeat(10_000)}` });
    const reply = await send(
      envelope('recordSightings', { site: 'hf', url: 'https://huggingface.co/papers', entries: [long] }),
      tab(1),
    );
    expect(reply.ok).toBe(true);
    expect((await lib.getPaper(meta(1).id))?.title).toHaveLength(2_000);
  });

  it('a content script may send only what a feed page needs; admin messages come only from extension pages', async () => {
    const { send, lib } = setup();
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1), meta(2)]);
    await lib.setTags(meta(1).id, ['job-hunt']);
    const page = tab(4);
    const admin = [
      envelope('deletePapers', { ids: [meta(1).id] }),
      envelope('importPapers', { papers: [] }),
      envelope('setSettings', { patch: { sync: true } }),
      envelope('renameTag', { from: 'job-hunt', to: '' }),
      envelope('bulkUpdate', { ids: [meta(2).id], change: { starred: true } }),
      envelope('prune', { keep: 0, days: 0 }),
      envelope('undo', {}),
      envelope('setNote', { id: meta(1).id, note: 'planted' }),
      envelope('getPaper', { id: meta(1).id }),
      envelope('repair', {}),
      envelope('repairIndex', { build: 'lz0-300' }),
    ];
    for (const m of admin) {
      expect(await send(m, page), m.type).toMatchObject({ ok: false, error: `${m.type}: not allowed from a web page` });
    }
    const p1 = await lib.getPaper(meta(1).id);
    expect(p1).toMatchObject({ tags: ['job-hunt'], starred: false });
    expect(p1?.note).toBeUndefined();
    expect((await lib.getPaper(meta(2).id))?.starred).toBe(false);
    // The same messages from the library page work.
    expect((await send(envelope('getPaper', { id: meta(1).id }), popup)).ok).toBe(true);
  });

  it('a page records sightings only for its own site: the address it names is on its origin', async () => {
    const { send, lib } = setup();
    const evil: SenderInfo = { id: EXT_ID, url: 'https://evil.example/page', tab: { id: 9 }, documentId: 'doc-evil' };
    // Claiming to be an arXiv page (where arXiv is the authority for an arXiv paper's metadata): refused.
    const claimed = await send(
      envelope('recordSightings', { site: 'arxiv', url: 'https://arxiv.org/abs/2401.00001', entries: [meta(1)] }),
      evil,
    );
    expect(claimed).toMatchObject({ ok: false, error: 'recordSightings: the page names another site' });
    expect(await lib.getPaper(meta(1).id)).toBeUndefined();
    // Its own address (another path of its origin): recorded.
    const own = await send(
      envelope('recordSightings', { site: 'evil.example', url: 'https://evil.example/other', entries: [meta(1)] }),
      evil,
    );
    expect(own.ok).toBe(true);
  });

  it('a page stars and tags only papers it showed, and a star names one paper', async () => {
    const { send, lib } = setup();
    // Seen on arXiv only.
    await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs/new', [meta(1)]);
    const hf: SenderInfo = { id: EXT_ID, url: 'https://huggingface.co/papers', tab: { id: 7 }, documentId: 'doc-hf' };
    // A Hugging Face page did not show it: refused, before and after its own sightings.
    expect(await send(envelope('setStarred', { id: meta(1).id, starred: true }), hf)).toMatchObject({
      ok: false,
      error: 'setStarred: not a paper this page showed',
    });
    await send(envelope('recordSightings', { site: 'hf', url: hf.url as string, entries: [meta(2)] }), hf);
    expect((await send(envelope('changeTags', { id: meta(1).id, add: ['x'], remove: [] }), hf)).ok).toBe(false);
    expect((await lib.getPaper(meta(1).id))?.tags).toEqual([]);
    // Its own paper: yes.
    expect((await send(envelope('setStarred', { id: meta(2).id, starred: true }), hf)).ok).toBe(true);
    expect((await send(envelope('changeTags', { id: meta(2).id, add: ['x'], remove: [] }), hf)).ok).toBe(true);
    // A whole tag list is an extension page's message, not a page's.
    expect((await send(envelope('setTags', { id: meta(2).id, tags: [] }), hf)).ok).toBe(false);
    // After a service-worker restart (a new router): the paper's stored sightings on this site still vouch for it.
    const again = createRouter(lib, {
      extensionId: EXT_ID,
      extensionOrigin: `chrome-extension://${EXT_ID}/`,
      log: () => {},
    });
    expect((await again(envelope('setStarred', { id: meta(2).id, starred: false }), hf)).ok).toBe(true);
    expect((await again(envelope('setStarred', { id: meta(1).id, starred: true }), hf)).ok).toBe(false);
    // setStarred(A, paper: B) stars neither.
    const swapped = await send(
      envelope('setStarred', { id: meta(2).id, starred: true, paper: { ...meta(1), title: 'B' } }),
      popup,
    );
    expect(swapped).toMatchObject({ ok: false, error: 'setStarred: the paper is another one' });
    expect((await lib.getPaper(meta(1).id))?.starred).toBe(false);
    expect((await lib.getPaper(meta(2).id))?.starred).toBe(false);
  });

  it('stores only http(s) links, from pages, imports and damaged records; views open the landing page instead', async () => {
    const { send, lib } = setup();
    const page = tab(2);
    const hostile = meta(1, {
      url: 'javascript:alert(document.domain)',
      pdfUrl: 'data:text/html,<script>alert(1)</script>',
      codeUrl: 'file:///etc/passwd',
    });
    await send(
      envelope('recordSightings', { site: 'hf', url: 'https://huggingface.co/papers', entries: [hostile] }),
      page,
    );
    const stored = await lib.getPaper(meta(1).id);
    expect(stored?.url).toBe('');
    expect(stored?.pdfUrl).toBeUndefined();
    expect(stored?.codeUrl).toBeUndefined();
    expect(paperHref(stored as Paper)).toBe(`https://arxiv.org/abs/${meta(1).id.slice(6)}`);
    const imported = { ...meta(2), url: 'data:text/html,hi', starred: false, tags: [], sightings: [] };
    expect((await send(envelope('importPapers', { papers: [imported] }), popup)).ok).toBe(true);
    expect((await lib.getPaper(meta(2).id))?.url).toBe('');
    // A record written before the rule is read without its link.
    const read = readRecord({ id: meta(3).id, title: 't', url: 'javascript:void 0', pdfUrl: 'vbscript:x' }, 'p:x');
    expect(read.ok && read.record.url).toBe('');
    expect(read.ok && read.record.pdfUrl).toBeUndefined();
    expect(webUrl('https://arxiv.org/abs/1')).toBe('https://arxiv.org/abs/1');
    for (const bad of ['javascript:x', 'data:,x', 'file:///x', 'blob:https://a/b', '\u0000javascript:x', 'http//x', ''])
      expect(webUrl(bad), bad).toBeUndefined();
  });

  it('tag edits from several tabs at once all hold (added and removed, not whole lists)', async () => {
    const { send, lib } = setup();
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1)]);
    await lib.setTags(meta(1).id, ['old', 'keep']);
    // Three tabs saw ['old', 'keep'] and each changed one thing, at the same moment.
    const replies = await Promise.all([
      send(envelope('changeTags', { id: meta(1).id, add: ['from-a'], remove: [] }), tab(1)),
      send(envelope('changeTags', { id: meta(1).id, add: ['from-b'], remove: [] }), tab(2)),
      send(envelope('changeTags', { id: meta(1).id, add: [], remove: ['old'] }), popup),
    ]);
    expect(replies.every((r) => r.ok)).toBe(true);
    expect((await lib.getPaper(meta(1).id))?.tags).toEqual(['keep', 'from-a', 'from-b']);
  });

  it('no write path stores more than 100 tags on a paper: each refuses whole, saying which paper', async () => {
    const { send, lib } = setup();
    await lib.recordSightings('hf', 'https://huggingface.co/papers', [meta(1), meta(2)]);
    const ninety = Array.from({ length: 90 }, (_, i) => `t${i}`);
    await lib.setTags(meta(1).id, ninety);
    const eleven = Array.from({ length: 11 }, (_, i) => `n${i}`);
    const refusals = [
      await send(envelope('bulkUpdate', { ids: [meta(1).id, meta(2).id], change: { addTags: eleven } })),
      await send(envelope('changeTags', { id: meta(1).id, add: eleven, remove: [] })),
      await send(
        envelope('importPapers', {
          papers: [{ ...meta(1), starred: false, tags: eleven, sightings: [] }],
        }),
      ),
    ];
    for (const r of refusals) {
      expect(r).toMatchObject({
        ok: false,
        error: `${meta(1).id} would have 101 tags; a paper holds at most 100. Nothing was changed.`,
      });
    }
    expect((await lib.getPaper(meta(1).id))?.tags).toEqual(ninety);
    expect((await lib.getPaper(meta(2).id))?.tags).toEqual([]); // the bulk change was refused whole
    // Within the limit, the same paths work.
    expect((await send(envelope('changeTags', { id: meta(1).id, add: eleven.slice(0, 10), remove: [] }))).ok).toBe(
      true,
    );
    expect((await lib.getPaper(meta(1).id))?.tags).toHaveLength(100);
  });

  it('a large import goes in chunks and is applied all at once, or not at all when a chunk is missing', async () => {
    const { send, lib } = setup();
    const papers = Array.from({ length: 2_500 }, (_, i) => ({
      ...meta(i + 1),
      starred: false,
      tags: [],
      sightings: [],
    }));
    const chunks = [papers.slice(0, 1_000), papers.slice(1_000, 2_000), papers.slice(2_000)];
    // An interrupted import (its last chunk lost): nothing stored.
    for (const c of chunks.slice(0, 2))
      expect((await send(envelope('importChunk', { token: 'token-one', papers: c }))).ok).toBe(true);
    expect(await send(envelope('importCommit', { token: 'token-one', expect: 2_500 }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/interrupted \(2000 of 2500 papers arrived\); nothing was imported/),
    });
    expect(await lib.getPaper(meta(1).id)).toBeUndefined();
    // Whole: one write with every paper.
    for (const c of chunks)
      expect((await send(envelope('importChunk', { token: 'token-two', papers: c }))).ok).toBe(true);
    expect(await send(envelope('importCommit', { token: 'token-two', expect: 2_500 }))).toMatchObject({
      ok: true,
      value: { added: 2_500 },
    });
    // A chunk larger than one message should carry is refused.
    const big = await send(
      envelope('importChunk', { token: 'token-three', papers: [...papers, ...papers].slice(0, 1_001) }),
    );
    expect(big).toMatchObject({ ok: false, error: expect.stringMatching(/more than 1000 items/) });
  });

  it('gives callers a typed client that throws the background error', async () => {
    const { route } = setup();
    const call = createClient((m: Envelope) => route(m, popup));
    await call('recordSightings', { site: 'hf', url: 'https://huggingface.co/papers', entries: [meta(1)] });
    const starred = await call('setStarred', { id: meta(1).id, starred: true });
    expect(starred.starred).toBe(true);
    await expect(call('setTags', { id: meta(5).id, tags: [] })).rejects.toThrow(/unknown paper/);
  });
});
