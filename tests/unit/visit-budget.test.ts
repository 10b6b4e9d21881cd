/**
 * Issue 12 (and 13.2): one page visit adds a bounded number of papers and bytes, and one over-long entry is cut
 * to size instead of costing the whole batch.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Library, type SightingResult } from '../../lib/library/library';
import { createRouter, type SenderInfo } from '../../lib/library/messages';
import { loadSnapshot } from '../../lib/library/reader';
import type { StorageArea } from '../../lib/library/storage-area';
import { VISIT_LIMITS } from '../../lib/library/visit-budget';
import { meta } from '../helpers/papers';

const EXT_ID = 'papershelf-test-id';
const storage = () => fakeBrowser.storage.local as unknown as StorageArea;
const bytesInUse = async () => JSON.stringify(await storage().get(null)).length;

describe('the bound on one page visit', () => {
  beforeEach(() => fakeBrowser.reset());

  it('adds at most VISIT_LIMITS.papers new papers per visit; the rest are answered, not stored', async () => {
    const lib = new Library(storage(), () => {});
    const entries = Array.from({ length: 2_500 }, (_, i) => meta(i));
    const results = await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs/pastweek', entries, 'doc-1');
    expect(results).toHaveLength(2_500);
    expect(results.filter((r) => r.stored === false)).toHaveLength(500);
    expect((await loadSnapshot(storage())).papers.size).toBe(VISIT_LIMITS.papers);
    // The same visit sending more (infinite scroll) adds nothing new; papers already stored still get a sighting.
    const again = await lib.recordSightings(
      'arxiv',
      'https://arxiv.org/list/cs/pastweek',
      [meta(0), meta(3_000)],
      'doc-1',
    );
    expect(again.map((r) => r.stored)).toEqual([undefined, false]);
    // Another visit (another document) has its own share, and a star still adds a paper the bound kept out.
    await lib.recordSightings('arxiv', 'https://arxiv.org/list/cs/new', [meta(3_001)], 'doc-2');
    await lib.setStarred(meta(2_400).id, true, meta(2_400));
    const ids = (await loadSnapshot(storage())).papers;
    expect(ids.has(meta(3_001).id)).toBe(true);
    expect(ids.get(meta(2_400).id)?.starred).toBe(true);
  });

  it('adds at most VISIT_LIMITS.bytes per visit, however large each entry is', async () => {
    const lib = new Library(storage(), () => {});
    const before = await bytesInUse();
    // 2,000 entries with 19,000-character abstracts and 300 long author names: ~40 MB offered.
    const huge = Array.from({ length: 2_000 }, (_, i) =>
      meta(i, {
        abstract: 'x'.repeat(19_000),
        authors: Array.from({ length: 300 }, (_, k) => `Author ${k} ${'y'.repeat(60)}`),
      }),
    );
    const results = await lib.recordSightings('hf', 'https://huggingface.co/papers', huge, 'doc-flood');
    const stored = results.filter((r: SightingResult) => r.stored !== false).length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(2_000);
    expect((await bytesInUse()) - before).toBeLessThan(VISIT_LIMITS.bytes * 1.3);
  });

  it('one over-long entry is cut to its limits; the other 49 entries of the batch are stored too', async () => {
    const logged: string[] = [];
    const lib = new Library(storage(), (_l, m) => logged.push(m));
    const route = createRouter(lib, {
      extensionId: EXT_ID,
      extensionOrigin: `chrome-extension://${EXT_ID}/`,
      log: (_l, m) => logged.push(m),
    });
    const sender: SenderInfo = {
      id: EXT_ID,
      url: 'https://arxiv.org/list/cs/new',
      tab: { id: 3 },
      documentId: 'doc-a',
    };
    const entries = Array.from({ length: 50 }, (_, i) => meta(i));
    entries[7] = meta(7, {
      authors: Array.from({ length: 2_001 }, (_, k) => `Author ${k}`),
      codeUrl: `https://github.com/${'a'.repeat(2_100)}`,
      keywords: Array.from({ length: 101 }, (_, k) => `kw${k}`),
    });
    const reply = await route(
      {
        papershelf: 1,
        type: 'recordSightings',
        payload: { site: 'arxiv', url: `https://arxiv.org/list/cs/new?${'q'.repeat(3_000)}`, entries },
      },
      sender,
    );
    expect(reply.ok).toBe(true);
    const snap = (await loadSnapshot(storage())).papers;
    expect(snap.size).toBe(50);
    const p = await lib.getPaper(meta(7).id);
    expect(p?.authors).toHaveLength(2_000);
    expect(p?.keywords).toHaveLength(100);
    expect(p?.codeUrl).toBeUndefined();
  });
});
