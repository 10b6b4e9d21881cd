/**
 * The background's for-you keeper (issue 16) with a real Library over fake storage: stars reach the model one paper at
 * a time, the state is saved and loaded again without a rebuild, a state behind the library is rebuilt, and the
 * messages: a page asks only about papers it showed, views only may ask for scores and similar papers, the setting
 * turns every answer off. Nothing here may use the network.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MIN_LIKED } from '../../lib/interest/state';
import { type ForYouAnswer, InterestKeeper, memoryInterestStore } from '../../lib/library/interest-keeper';
import { Library } from '../../lib/library/library';
import { createRouter, envelope, type SenderInfo } from '../../lib/library/messages';
import type { StorageArea } from '../../lib/library/storage-area';
import type { PaperMetadata } from '../../lib/paper/types';
import { type DatasetPaper, dataset } from '../helpers/dataset';

const rows = dataset;
const meta = (r: DatasetPaper): PaperMetadata => ({
  id: `arxiv:${r.id}`,
  title: r.title,
  authors: r.authors,
  abstract: r.abstract,
  url: `https://arxiv.org/abs/${r.id}`,
});
const CL = rows.filter((r) => r.categories[0] === 'cs.CL').map(meta);
const ASTRO = rows.filter((r) => r.categories[0] === 'astro-ph.GA').map(meta);

const EXT_ID = 'papershelf-test-id';
const popup: SenderInfo = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html` };
const page = (n: number): SenderInfo => ({
  id: EXT_ID,
  url: 'https://arxiv.org/list/cs.CL/new',
  tab: { id: n },
  documentId: `doc-${n}`,
});
const storage = () => fakeBrowser.storage.local as unknown as StorageArea;

function setup(store = memoryInterestStore()) {
  const logged: string[] = [];
  const log = (level: string, m: string) => logged.push(`${level}: ${m}`);
  const lib = new Library(storage(), log);
  const keeper = new InterestKeeper(lib, store, log, 0);
  lib.onCommit = (c) => keeper.onCommit(c);
  const route = createRouter(lib, {
    extensionId: EXT_ID,
    extensionOrigin: `chrome-extension://${EXT_ID}/`,
    log,
    interest: keeper,
  });
  const send = async <T>(message: unknown, sender: SenderInfo = popup) =>
    (await route(message, sender)) as { ok: boolean; error?: string; value?: T };
  return { lib, keeper, store, route, send, logged };
}

/** A library of 40 astrophysics and 40 cs.CL papers seen on a listing; then the first k cs.CL papers starred. */
async function seeded(k: number, env = setup()) {
  await env.lib.recordSightings('arxiv', 'https://arxiv.org/list/astro-ph.GA/new', ASTRO.slice(0, 40));
  await env.lib.recordSightings('arxiv', 'https://arxiv.org/list/cs.CL/new', CL.slice(0, 40));
  // All of them on screen (seen): the ones not starred are the background.
  await env.lib.markViewed([...ASTRO.slice(0, 40), ...CL.slice(0, 40)].map((p) => p.id));
  for (const p of CL.slice(0, k)) await env.lib.setStarred(p.id, true);
  return env;
}
const feedIds = [...ASTRO.slice(40, 60), ...CL.slice(40, 50)].map((p) => p.id);
const topIds = (a: ForYouAnswer, n: number) =>
  a.off || !a.results
    ? []
    : [...a.results]
        .sort((x, y) => y.score - x.score)
        .slice(0, n)
        .map((r) => r.id);

describe('InterestKeeper', () => {
  let fetched = 0;
  beforeEach(() => {
    fakeBrowser.reset();
    fetched = 0;
    vi.stubGlobal('fetch', async () => {
      fetched++;
      throw new Error('no network in for you');
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it(`ranks nothing under ${MIN_LIKED} liked papers; from then on, a listing's topic papers come first`, async () => {
    const env = await seeded(MIN_LIKED - 1);
    const cl = new Set(CL.map((p) => p.id));
    await env.lib.recordSightings('arxiv', 'https://arxiv.org/list/cs.CL/new', [
      ...ASTRO.slice(40, 60),
      ...CL.slice(40, 50),
    ]);
    expect(await env.keeper.rank(feedIds)).toEqual({ liked: MIN_LIKED - 1, needed: MIN_LIKED, tags: [] });
    await env.lib.setStarred(CL[MIN_LIKED - 1]?.id as string, true); // one more star: the model has it at once
    const answer = await env.keeper.rank(feedIds);
    expect(answer.off).toBeUndefined();
    expect(topIds(answer, 10).every((id) => cl.has(id))).toBe(true);
    if (!answer.off && answer.results) {
      // The mark: some entries are rated highly, each with words of its own as the "why", never another paper.
      const high = answer.results.filter((r) => r.high);
      expect(high.length).toBeGreaterThan(0);
      expect(high.every((r) => cl.has(r.id))).toBe(true);
      for (const r of high) expect(r.why?.closest).toBeUndefined();
    }
    expect(fetched).toBe(0);
  });

  it('saves its state, and a new background loads it without a rebuild; a state behind the library is rebuilt', async () => {
    const env = await seeded(8);
    await env.lib.recordSightings('arxiv', 'https://arxiv.org/list/cs.CL/new', [
      ...ASTRO.slice(40, 60),
      ...CL.slice(40, 50),
    ]);
    const first = await env.keeper.rank(feedIds);
    await env.keeper.save();
    expect(env.logged.filter((l) => l.includes('rebuilt'))).toHaveLength(1); // the first load only
    // A restarted background: the same storage and IndexedDB.
    const again = setup(env.store);
    expect(await again.keeper.rank(feedIds)).toEqual(first);
    expect(again.logged.filter((l) => l.includes('rebuilt'))).toHaveLength(0);
    // Commits made before the state is loaded are caught up at its load, not rebuilt.
    const fresh = setup(env.store);
    await fresh.lib.setStarred(CL[21]?.id as string, true);
    await fresh.lib.setStarred(CL[21]?.id as string, false);
    await fresh.keeper.ready();
    expect(fresh.logged.filter((l) => l.includes('rebuilt'))).toHaveLength(0);
    expect(((await fresh.keeper.rank(feedIds)) as { liked: number }).liked).toBe(8);
    await fresh.keeper.save();
    // A change the state never saw (a worker stopped before it): the next start rebuilds, with that change in it.
    await new Library(storage(), () => {}).setStarred(CL[20]?.id as string, true);
    const third = setup(env.store);
    await third.keeper.ready();
    expect(third.logged.some((l) => l.includes('rebuilt (behind the library)'))).toBe(true);
    expect(
      (await third.keeper.rank(feedIds)).off ? 0 : ((await third.keeper.rank(feedIds)) as { liked: number }).liked,
    ).toBe(9);
    // Damaged storage is rebuilt too.
    env.store.data.state = { v: 1, seq: 3, members: 'nonsense' };
    const fourth = setup(env.store);
    await fourth.keeper.ready();
    expect(fourth.logged.some((l) => l.includes('rebuilt (damaged)'))).toBe(true);
    expect(fetched).toBe(0);
  });

  it('does not take a listing being ranked as negatives: papers merely listed are not its background', async () => {
    const env = await seeded(8);
    await env.lib.recordSightings('arxiv', 'https://arxiv.org/list/cs.CL/new', [
      ...ASTRO.slice(40, 60),
      ...CL.slice(40, 50),
    ]);
    const state = await env.keeper.ready();
    for (const id of feedIds) expect(state.members.has(id)).toBe(false);
    await env.lib.markViewed(feedIds.slice(0, 3));
    expect(feedIds.slice(0, 3).every((id) => state.members.get(id)?.kind === 'background')).toBe(true);
  });

  it('answers a page only about the papers that page showed, and only while For you is on', async () => {
    const env = await seeded(8);
    const listing = [...ASTRO.slice(40, 60), ...CL.slice(40, 50)];
    const sender = page(1);
    const recorded = await env.send(
      envelope('recordSightings', { site: 'arxiv', url: 'https://arxiv.org/list/cs.CL/new', entries: listing }),
      sender,
    );
    expect(recorded.ok).toBe(true);
    const ok = await env.send<ForYouAnswer>(envelope('forYou', { ids: feedIds }), sender);
    expect(ok.ok).toBe(true);
    expect(topIds(ok.value as ForYouAnswer, 5).length).toBe(5);
    // Another page (which showed none of these) may not ask about them; a page may not ask for scores or similar papers.
    const other = await env.send(envelope('forYou', { ids: [CL[0]?.id as string] }), {
      ...page(2),
      url: 'https://huggingface.co/papers',
    });
    expect(other).toMatchObject({ ok: false, error: expect.stringContaining('not a paper this page showed') });
    expect((await env.send(envelope('forYouScores', { ids: feedIds }), sender)).ok).toBe(false);
    expect((await env.send(envelope('similarPapers', { id: CL[0]?.id as string }), sender)).ok).toBe(false);
    // Off in the settings: every answer says so, and nothing is ranked.
    await env.lib.setSettings({ forYou: false });
    expect((await env.send(envelope('forYou', { ids: feedIds }), sender)).value).toEqual({ off: true });
    expect((await env.send(envelope('forYouScores', { ids: feedIds }))).value).toEqual({ off: true });
    expect((await env.send(envelope('similarPapers', { id: CL[0]?.id as string }))).value).toEqual({
      off: true,
      similar: [],
    });
    expect(fetched).toBe(0);
  });

  it('orders the views’ results for you, and finds similar papers in the library', async () => {
    const env = await seeded(8);
    const ids = [...ASTRO.slice(0, 10), ...CL.slice(20, 30)].map((p) => p.id);
    const scores = (await env.send<ForYouAnswer>(envelope('forYouScores', { ids }))).value as ForYouAnswer;
    const cl = new Set(CL.map((p) => p.id));
    expect(topIds(scores, 8).every((id) => cl.has(id))).toBe(true);
    const similar = await env.send<{ similar: { id: string }[] }>(
      envelope('similarPapers', { id: ASTRO[0]?.id as string, limit: 10 }),
    );
    const found = similar.value?.similar.map((s) => s.id) ?? [];
    expect(found).not.toContain(ASTRO[0]?.id);
    expect(found.slice(0, 5).every((id) => ASTRO.some((p) => p.id === id))).toBe(true);
    expect(fetched).toBe(0);
  });
});
