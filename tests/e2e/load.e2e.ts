import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshotShard } from '../../lib/library/schema';
import { BAR, settled, text } from './closed';
import { type Browser, EXTENSION_DIR, launch, type Served, serve, tempDir } from './harness';

const ARCHIVES = ['cs.AI', 'cs.CL', 'cs.CV', 'cs.LG', 'cs.NE', 'cs.RO', 'cs.IR', 'stat.ML', 'math.OC', 'eess.SP'];
/** Page k lists papers 50k … 50k+99: neighbouring pages share 50, so 550 papers in all, 450 seen twice. */
const onPage = (k: number) => Array.from({ length: 100 }, (_, i) => 50 * k + i);
const listingId = (i: number) => `2410.${String(i).padStart(5, '0')}`;

function listing(k: number): string {
  const rows = onPage(k).map(
    (i) =>
      `<dt><a href="/abs/${listingId(i)}" title="Abstract">arXiv:${listingId(i)}</a></dt><dd><div class="meta"><div class="list-title mathjax">Load paper ${i}</div><div class="list-authors"><a href="/a/1">Ada Lovelace</a></div></div></dd>`,
  );
  return `<!doctype html><html><head><title>${ARCHIVES[k]}</title></head><body><dl id="articles">${rows.join('')}</dl></body></html>`;
}

interface Rec {
  id: string;
  starred: boolean;
  tags: string[];
  sightings: { url: string }[];
}

/** Everything stored, read from an extension page: records, and the snapshot shards the popup reads. */
async function dump(page: Page): Promise<{ records: Map<string, Rec>; snap: Map<string, Rec>; removing: unknown }> {
  const raw = (await page.evaluate(() => chrome.storage.local.get(null))) as Record<string, unknown>;
  const records = new Map<string, Rec>();
  const snap = new Map<string, Rec>();
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith('p:')) records.set(k.slice(2), v as Rec);
    if (k.startsWith('s:'))
      for (const [id, e] of Object.entries(readSnapshotShard(v)?.papers ?? {})) snap.set(id, e as unknown as Rec);
  }
  return { records, snap, removing: raw.removing };
}

/** The snapshot agrees with the records paper by paper (nothing half-applied between them). */
function consistent(d: Awaited<ReturnType<typeof dump>>): boolean {
  if (d.records.size !== d.snap.size || d.removing !== undefined) return false;
  for (const [id, r] of d.records) {
    const s = d.snap.get(id);
    if (!s || s.starred !== r.starred || s.tags.join('\n') !== r.tags.join('\n')) return false;
  }
  return true;
}

const imported = (n: number, prefix: string, from = 0) =>
  Array.from({ length: n }, (_, k) => from + k).map((i) => ({
    id: `arxiv:${prefix}.${String(i).padStart(5, '0')}`,
    title: `Imported paper ${i}`,
    authors: ['Grace Hopper'],
    url: `https://arxiv.org/abs/${prefix}.${String(i).padStart(5, '0')}`,
    starred: false,
    tags: [],
    sightings: [],
  }));

describe('load and faults', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve(
      Object.fromEntries(ARCHIVES.map((a, k) => [`arxiv.org/list/${a}/new`, { html: listing(k) }])),
      tempDir('ps-cert-'),
    );
    browser = await launch(served.port);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('10 tabs record sightings while the popup stars and the library page bulk-tags: every change stored', async () => {
    const library = await browser.context.newPage();
    await library.goto(`chrome-extension://${browser.extensionId}/library.html`);
    expect(await browser.send(library, 'importPapers', { papers: imported(1000, '2409') })).toMatchObject({ ok: true });
    const popup = await browser.openPopup();
    const started = Date.now();

    const starIds = Array.from({ length: 50 }, (_, j) => listingId(j * 11)); // spread over all ten pages
    const bulkIds = imported(1000, '2409')
      .slice(0, 200)
      .map((p) => p.id);
    const tabs = await Promise.all(ARCHIVES.map(() => browser.context.newPage()));
    const results = await Promise.all([
      // Ten feed pages load at once: each content script records its 100 entries.
      ...tabs.map((t, k) => t.goto(`https://arxiv.org/list/${ARCHIVES[k]}/new`)),
      // The popup stars 50 of those papers meanwhile (with their metadata: some are not recorded yet).
      ...starIds.map((id) =>
        browser.send(popup, 'setStarred', {
          id: `arxiv:${id}`,
          starred: true,
          paper: { id: `arxiv:${id}`, title: 'Starred early', authors: [], url: `https://arxiv.org/abs/${id}` },
        }),
      ),
      // The library page tags 200 imported papers, in four bulk changes.
      ...[0, 50, 100, 150].map((from) =>
        browser.send(library, 'bulkUpdate', { ids: bulkIds.slice(from, from + 50), change: { addTags: ['bulk'] } }),
      ),
    ]);
    const replies = results.slice(ARCHIVES.length) as { ok: boolean }[];
    expect(replies.every((r) => r.ok)).toBe(true);
    // Every tab's controls got their state from the background.
    for (const t of tabs) {
      await settled(t, 100, 30_000);
    }
    const elapsed = Date.now() - started;
    const d = await dump(library);
    process.stdout.write(
      `${JSON.stringify({ bench: 'e2e-load', tabs: 10, sightings: 1000, stars: 50, bulk_tagged: 200, all_stored_ms: elapsed })}\n`,
    );
    // All 550 feed papers, each with a sighting for every page that showed it (none lost to a concurrent star).
    for (let i = 0; i < 550; i++) {
      const r = d.records.get(`arxiv:${listingId(i)}`);
      const pages = ARCHIVES.filter((_, k) => onPage(k).includes(i)).map((a) => `https://arxiv.org/list/${a}/new`);
      expect(r?.sightings.map((s) => s.url).sort(), listingId(i)).toEqual(pages.sort());
    }
    for (const id of starIds) expect(d.records.get(`arxiv:${id}`)?.starred, id).toBe(true);
    // A star given before the page's sighting arrived keeps the page's title (the fresher metadata).
    expect(d.records.get(`arxiv:${starIds[0]}`)).toMatchObject({ starred: true });
    for (const id of bulkIds) expect(d.records.get(id)?.tags).toEqual(['bulk']);
    expect(d.records.get('arxiv:2409.00200')?.tags).toEqual([]);
    expect(d.records.size).toBe(1550);
    expect(consistent(d)).toBe(true);
    await Promise.all([...tabs, popup, library].map((p) => p.close()));
  }, 120_000);

  it('the service worker stopped mid-operation: each change applied whole or not at all; the next message works', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    expect(await browser.send(page, 'importPapers', { papers: imported(5000, '2411') })).toMatchObject({ ok: true });
    const ids = imported(5000, '2411').map((p) => p.id);
    const outcomes: string[] = [];
    // Stop the worker at different moments after a 5,000-paper change was sent.
    for (const [k, delay] of [0, 5, 15, 40, 80, 150].entries()) {
      const tag = `kill-${k}`;
      const sent = browser.send(page, 'bulkUpdate', { ids, change: { addTags: [tag] } }).catch((e: Error) => e.message);
      await page.waitForTimeout(delay);
      await cdp.send('ServiceWorker.stopAllWorkers');
      await sent;
      // The next message starts a new worker and is answered.
      expect(await browser.send(page, 'getPaper', { id: ids[0] })).toMatchObject({ ok: true });
      const d = await dump(page);
      const tagged = ids.filter((id) => d.records.get(id)?.tags.includes(tag)).length;
      outcomes.push(`${delay}ms:${tagged === 0 ? 'none' : tagged === ids.length ? 'all' : `HALF ${tagged}`}`);
      expect([0, ids.length]).toContain(tagged);
      expect(consistent(d)).toBe(true);
    }
    // A delete stopped the same way: all or nothing, and no record left behind once the worker is back.
    const gone = ids.slice(0, 1000);
    const sent = browser.send(page, 'deletePapers', { ids: gone }).catch((e: Error) => e.message);
    await page.waitForTimeout(20);
    await cdp.send('ServiceWorker.stopAllWorkers');
    await sent;
    expect(await browser.send(page, 'getPaper', { id: ids[4999] })).toMatchObject({ ok: true });
    const d = await dump(page);
    const left = gone.filter((id) => d.records.has(id)).length;
    outcomes.push(`delete:${left === 0 ? 'all' : left === gone.length ? 'none' : `HALF ${left}`}`);
    expect([0, gone.length]).toContain(left);
    expect(consistent(d)).toBe(true);
    process.stdout.write(`${JSON.stringify({ bench: 'e2e-worker-stop', outcomes })}\n`);
    await cdp.detach();
    await page.close();
  }, 180_000);
});

describe('storage quota exhausted (a test profile without unlimitedStorage: the browser’s 10 MB quota)', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    // The built extension, copied, with unlimitedStorage taken out of its manifest.
    const dir = join(tempDir('ps-quota-'), 'extension');
    cpSync(EXTENSION_DIR, dir, { recursive: true });
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { permissions: string[] };
    manifest.permissions = manifest.permissions.filter((p) => p !== 'unlimitedStorage');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    served = await serve({ 'arxiv.org/list/cs.AI/new': { html: listing(0) } }, tempDir('ps-cert-'));
    browser = await launch(served.port, dir);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('says storage is full, stores nothing of the failed change, and deleting makes room again', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    const abstract = 'A long abstract. '.repeat(180); // ~3 KB: each paper is stored twice (record, abstract shard)
    let stored = 0;
    let error = '';
    for (let batch = 0; batch < 9 && !error; batch++) {
      const papers = imported(500, `24${String(batch + 1).padStart(2, '0')}`).map((p) => ({ ...p, abstract }));
      const reply = (await browser.send(page, 'importPapers', { papers })) as { ok: boolean; error?: string };
      if (reply.ok) stored += 500;
      else error = reply.error ?? '';
    }
    expect(stored, error).toBeGreaterThan(0);
    // Then smaller and smaller batches until one paper does not fit: the room left is less than one paper's, so
    // the feed page's 100 new papers below cannot fit either, however many bytes a paper takes in this layout.
    let next = 0;
    for (const size of [50, 5, 1]) {
      for (;;) {
        const papers = imported(size, '2412', next).map((p) => ({ ...p, abstract }));
        const reply = (await browser.send(page, 'importPapers', { papers })) as { ok: boolean; error?: string };
        if (!reply.ok) break;
        stored += size;
        next += size;
      }
    }
    expect(error).toMatch(/^Browser storage is full: this change was not saved, and the library is as it was\./);
    // A feed page whose papers do not fit says so in plain words (not controls "pending" for ever).
    const feed = await browser.context.newPage();
    await feed.goto('https://arxiv.org/list/cs.AI/new');
    await expect
      .poll(() => text(feed, BAR, '.ps-bar-notice'), { timeout: 15_000 })
      .toMatch(/^PaperShelf: not saved: Browser storage is full/);
    await feed.close();
    const before = await dump(page);
    expect(before.records.size).toBe(stored);
    expect(consistent(before)).toBe(true);
    // A star may not fit either: the same message, and the library unchanged.
    // Deleting is how to make room: it goes through even when its Undo copy does not fit.
    const gone = imported(500, '2401').map((p) => p.id);
    const deleted = (await browser.send(page, 'deletePapers', { ids: gone })) as {
      ok: boolean;
      value: { deleted: number };
    };
    expect(deleted).toMatchObject({ ok: true, value: { deleted: 500 } });
    const star = (await browser.send(page, 'setStarred', { id: 'arxiv:2402.00001', starred: true })) as { ok: boolean };
    expect(star.ok).toBe(true);
    const after = await dump(page);
    expect(after.records.size).toBe(stored - 500);
    expect(after.records.get('arxiv:2402.00001')?.starred).toBe(true);
    expect(consistent(after)).toBe(true);
    process.stdout.write(
      `${JSON.stringify({ bench: 'e2e-quota', papers_stored_before_full: stored, message: error.slice(0, 60) })}\n`,
    );
    await page.close();
  }, 180_000);
});
