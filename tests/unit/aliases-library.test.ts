/**
 * Issue 15: a paper first known by its landing page (or a site's own id) takes its DOI when a page gives both, and
 * keeps the user's state; the old id keeps finding it; hostile pages cannot move papers (lib/paper/aliases.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Library } from '../../lib/library/library';
import { PROTOCOL } from '../../lib/library/messages';
import { loadSnapshot } from '../../lib/library/reader';
import { KEY } from '../../lib/library/schema';
import type { StorageArea } from '../../lib/library/storage-area';
import type { PaperMetadata } from '../../lib/paper/types';

const storage = () => fakeBrowser.storage.local as unknown as StorageArea;
const PAGE = 'https://www.usenix.org/conference/osdi23/presentation/lovelace';
const LANDING = 'url:usenix.org/conference/osdi23/presentation/lovelace';
const DOI = 'doi:10.5555/osdi23.lovelace';
const TITLE = 'Engines of Analysis: Scheduling Computation at Scale';
const usenix = (over: Partial<PaperMetadata> & { aliases?: string[] } = {}) => ({
  id: LANDING,
  title: TITLE,
  authors: ['Ada Lovelace', 'Charles Babbage'],
  url: PAGE,
  ...over,
});

async function starredLanding(lib: Library) {
  await lib.recordSightings('usenix.org', PAGE, [usenix()]);
  await lib.setStarred(LANDING, true);
  await lib.setTags(LANDING, ['systems']);
  await lib.setNote(LANDING, 'read §4');
}

describe('a paper taking a better id (aliases)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('moves to the DOI when its own page names both, with star, tags, note and sightings', async () => {
    const lib = new Library(storage(), () => {});
    await starredLanding(lib);
    const [r] = await lib.recordSightings('usenix.org', PAGE, [
      usenix({ id: DOI, aliases: [LANDING], title: `${TITLE}.` }),
    ]);
    expect(r).toMatchObject({ id: DOI, isNew: false, starred: true, tags: ['systems'] });
    const moved = await lib.getPaper(DOI);
    expect(moved).toMatchObject({ id: DOI, starred: true, tags: ['systems'], note: 'read §4' });
    expect(moved?.sightings).toHaveLength(1);
    const raw = await storage().get([KEY.paper(LANDING), KEY.alias(LANDING)]);
    expect(raw[KEY.paper(LANDING)]).toBeUndefined();
    expect(raw[KEY.alias(LANDING)]).toEqual({ v: 1, to: DOI });
    const snap = (await loadSnapshot(storage())).papers;
    expect([...snap.keys()]).toEqual([DOI]);
  });

  it('keeps answering to the old id: a page naming it shows the same paper, and a star there stars it', async () => {
    const lib = new Library(storage(), () => {});
    await starredLanding(lib);
    await lib.recordSightings('usenix.org', PAGE, [usenix({ id: DOI, aliases: [LANDING] })]);
    const [again] = await lib.recordSightings('usenix.org', PAGE, [usenix()]);
    expect(again).toMatchObject({ id: LANDING, isNew: false, starred: true, tags: ['systems'] });
    await lib.setStarred(LANDING, false);
    expect((await lib.getPaper(DOI))?.starred).toBe(false);
    expect((await loadSnapshot(storage())).papers.size).toBe(1);
  });

  it('merges the two records when the paper was saved under both ids: star anywhere stays, tags join', async () => {
    const lib = new Library(storage(), () => {});
    await starredLanding(lib);
    // The same paper seen elsewhere by its DOI (a Scholar result), tagged there.
    await lib.recordSightings('scholar', 'https://scholar.google.com/scholar?q=engines', [
      usenix({ id: DOI, url: 'https://doi.org/10.5555/osdi23.lovelace' }),
    ]);
    await lib.setTags(DOI, ['to-read']);
    expect((await loadSnapshot(storage())).papers.size).toBe(2);
    // Its own page now names both.
    const [r] = await lib.recordSightings('usenix.org', PAGE, [usenix({ id: DOI, aliases: [LANDING] })]);
    expect(r).toMatchObject({ id: DOI, isNew: false, starred: true });
    const merged = await lib.getPaper(DOI);
    expect(merged).toMatchObject({ id: DOI, starred: true, note: 'read §4' });
    expect(merged?.tags.sort()).toEqual(['systems', 'to-read']);
    expect(merged?.sightings.map((x) => x.site).sort()).toEqual(['scholar', 'usenix.org']);
    const snap = (await loadSnapshot(storage())).papers;
    expect([...snap.keys()]).toEqual([DOI]);
    expect((await storage().get(KEY.alias(LANDING)))[KEY.alias(LANDING)]).toEqual({ v: 1, to: DOI });
  });

  it('is refused to a page on another host, to a different title, and from an arXiv id or DOI', async () => {
    const lib = new Library(storage(), () => {});
    await starredLanding(lib);
    // A hostile page elsewhere claims the USENIX paper is its DOI.
    await lib.recordSightings('evil.example', 'https://evil.example/p', [
      usenix({ id: 'doi:10.6666/evil', aliases: [LANDING], url: 'https://evil.example/p' }),
    ]);
    // The USENIX page itself, but another title.
    await lib.recordSightings('usenix.org', PAGE, [
      usenix({ id: 'doi:10.6666/other', aliases: [LANDING], title: 'Other' }),
    ]);
    expect((await lib.getPaper(LANDING))?.starred).toBe(true);
    expect(await lib.getPaper('doi:10.6666/evil')).toMatchObject({ starred: false, tags: [] });
    // A DOI is never given up for an arXiv id by a page alias.
    await lib.recordSightings('arxiv', 'https://arxiv.org/abs/2301.00001', [
      usenix({ id: 'doi:10.6666/other', url: 'https://arxiv.org/abs/2301.00001' }),
    ]);
    await lib.recordSightings('arxiv', 'https://arxiv.org/abs/2301.00001', [
      usenix({ id: 'arxiv:2301.00001', aliases: ['doi:10.6666/other'], title: 'Other' }),
    ]);
    expect(await lib.getPaper('doi:10.6666/other')).toBeDefined();
  });

  it('looks for alias records only under ids that can be old names: an arXiv listing costs no second read', async () => {
    const asked: string[] = [];
    const base = storage();
    const spy: StorageArea = {
      ...base,
      get: (keys) => {
        if (Array.isArray(keys)) asked.push(...keys);
        else if (typeof keys === 'string') asked.push(keys);
        return base.get(keys);
      },
    };
    const lib = new Library(spy, () => {});
    await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs/new', [
      usenix({ id: 'arxiv:2401.00001', url: 'https://arxiv.org/abs/2401.00001' }),
      usenix({ id: 'doi:10.5555/x', title: 'Another', url: 'https://doi.org/10.5555/x' }),
    ]);
    expect(asked.filter((k) => k.startsWith('al:'))).toEqual([]);
    await lib.recordSightings('usenix.org', PAGE, [usenix()]);
    expect(asked).toContain(KEY.alias(LANDING));
  });

  it('ignores a damaged or foreign alias record (the old id is then unknown)', async () => {
    const lib = new Library(storage(), () => {});
    await starredLanding(lib);
    await lib.recordSightings('usenix.org', PAGE, [usenix({ id: DOI, aliases: [LANDING] })]);
    expect((await new Library(storage(), () => {}).getPaper(LANDING))?.id).toBe(DOI);
    for (const bad of [{ v: 2, to: DOI }, { v: 1, to: 'not an id' }, 'x', null]) {
      await storage().set({ [KEY.alias(LANDING)]: bad });
      const fresh = new Library(storage(), () => {});
      expect(await fresh.getPaper(LANDING)).toBeUndefined();
    }
  });

  it('takes aliases from page messages as canonical ids only, at most five', () => {
    const check = PROTOCOL.recordSightings.payload;
    const p = check(
      {
        site: 'usenix.org',
        url: PAGE,
        entries: [{ ...usenix({ id: DOI }), aliases: [LANDING, 'javascript:alert(1)', 42, ...Array(9).fill(LANDING)] }],
      },
      '',
    ) as { entries: { aliases?: string[] }[] };
    expect(p.entries[0]?.aliases).toEqual([LANDING, LANDING, LANDING, LANDING, LANDING]);
  });
});
