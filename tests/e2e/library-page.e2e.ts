import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arxivId, libraryOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';
import { controls, entry, settled } from './closed';
import { type Browser, launch, type Served, serve, tempDir } from './harness';
import { domTime } from './page-timing';
import { indexSettled } from './settled';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** An arXiv listing of library papers: every 9th one (tagged "reading" in the library), 400 of them. */
function readingListing(): string {
  const rows: string[] = [];
  for (let k = 0; k < 400; k++) {
    const id = arxivId(9 * k);
    rows.push(
      `<dt><a href="/abs/${id}" title="Abstract">arXiv:${id}</a></dt><dd><div class="meta"><div class="list-title mathjax">Listed paper ${9 * k}</div><div class="list-authors"><a href="/a/1">Ada Lovelace</a></div></div></dd>`,
    );
  }
  return `<!doctype html><html><head><title>listing</title></head><body><dl id="articles">${rows.join('')}</dl></body></html>`;
}

/** Serious or critical axe-core findings on a page (the whole document, WCAG 2.x A/AA and best practices). */
async function axe(page: Page): Promise<string[]> {
  // Evaluated through DevTools, not as a page script: the extension's CSP (rightly) refuses inline scripts.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const run = (
      window as unknown as {
        axe: {
          run(o?: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run;
    const r = await run({ resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
  });
}

/** The chips of one entry's overlay controls (rendered when near the viewport: brought there first). */
async function overlayTags(page: Page, id: string): Promise<string[]> {
  // The host has no box until its controls render: scroll its entry (the element around it) into view.
  await page.evaluate(
    (i) => document.querySelector(`papershelf-entry[data-paper-id="${i}"]`)?.parentElement?.scrollIntoView(),
    id,
  );
  return (await controls(page, entry(id), '.ps-chip')).map((c) => c.text.replace(/×$/, ''));
}

describe('library page with 10,000 papers', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve({ 'arxiv.org/list/cs.LG/pastweek': { html: readingListing() } }, tempDir('ps-cert-'));
    browser = await launch(served.port);
    const page = await browser.openPopup();
    const papers = libraryOf(loadSeed(), 10_000);
    expect(await browser.send(page, 'importPapers', { papers })).toMatchObject({ ok: true, value: { added: 10_000 } });
    await page.close();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('filter by a tag, bulk-tag 200, rename the tag, undo: each step shows on a feed page and in the popup', async () => {
    // The feed page (seen now: its papers come first in the library's default order) and the popup stay open.
    const feed = await browser.context.newPage();
    await feed.goto('https://arxiv.org/list/cs.LG/pastweek');
    await settled(feed, 400, 30_000);
    const popup = await browser.openPopup();
    await popup.getByRole('combobox', { name: 'Search papers' }).fill('tag:batch');
    await popup.getByText('No paper matches.').waitFor();

    const lib = await browser.context.newPage();
    await lib.setViewportSize({ width: 1400, height: 900 });
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByText('10,000 papers').waitFor();
    // Filter by a tag.
    await lib.getByRole('searchbox', { name: 'Search papers' }).fill('tag:reading');
    const reading = 10_000 / 9;
    await lib.getByRole('button', { name: `Select all ${Math.ceil(reading).toLocaleString('en')} matching` }).waitFor();
    // Select 200: the first row, then Shift+click the 200th (scrolled into view: the table renders what is visible).
    await lib.locator('tbody tr[aria-rowindex="2"] input[type=checkbox]').check();
    await lib.locator('.ps-table').evaluate((t) => {
      t.scrollTop = 199 * 34 - 200;
    });
    await lib.locator('tbody tr[aria-rowindex="201"] input[type=checkbox]').click({ modifiers: ['Shift'] });
    await lib.getByText('200 selected').waitFor();
    // Bulk-tag them (the box completes existing tags).
    expect(await lib.locator('#ps-bulk-tags option[value="reading"]').count()).toBe(1);
    await lib.getByRole('combobox', { name: 'Tag for the selection' }).fill('batch');
    await lib.getByRole('button', { name: 'Add tag' }).click();
    await lib.getByText('Tagged 200 papers “batch”.').waitFor();

    const records = (await lib.evaluate(async () => {
      const all = (await chrome.storage.local.get(null)) as Record<string, { id?: string; tags?: string[] }>;
      return Object.values(all).filter((v) => v?.tags?.includes('batch'));
    })) as { id: string; tags: string[] }[];
    expect(records).toHaveLength(200);
    // Every one carries the filter's tag: the selection came from the filtered table.
    expect(records.every((r) => r.tags.join() === 'reading,batch')).toBe(true);
    const tagged = records.map((r) => r.id);
    const onPage = tagged.filter((id) => Array.from({ length: 400 }, (_, k) => `arxiv:${arxivId(9 * k)}`).includes(id));
    expect(onPage.length).toBeGreaterThan(100);
    const probe = onPage[onPage.length - 1] as string;

    // On the feed page, without reload.
    await expect.poll(() => overlayTags(feed, probe)).toEqual(['reading', 'batch']);
    // In the popup, without reload: its "tag:batch" query now lists them, chips and all.
    await expect
      .poll(() => popup.locator('[role="row"][data-paper-id] .ps-chip', { hasText: /^batch×$/ }).count())
      .toBeGreaterThan(0);

    // Rename the tag in the Tags tab.
    await lib.getByRole('tab', { name: 'Tags' }).click();
    await lib.getByRole('textbox', { name: 'New name for batch' }).fill('batch-renamed');
    await lib.getByRole('button', { name: 'Rename batch' }).click();
    await lib.getByText('“batch” is now “batch-renamed” on 200 papers.').waitFor();
    await expect.poll(() => overlayTags(feed, probe)).toEqual(['reading', 'batch-renamed']);
    const rowsWith = (tag: string) =>
      // A chip is its tag and its × (remove) button.
      popup.locator('[role="row"][data-paper-id] .ps-chip', { hasText: new RegExp(`^${tag}×$`) }).count();
    // "tag:batch" names that tag exactly: the renamed papers leave it; their new name finds them.
    await popup.getByText('No paper matches.').waitFor();
    const box = popup.getByRole('combobox', { name: 'Search papers' });
    await box.fill('tag:batch-renamed');
    await expect.poll(() => rowsWith('batch-renamed')).toBeGreaterThan(0);
    expect(await rowsWith('batch')).toBe(0);
    await box.fill('tag:batch');

    // Undo: the tag is "batch" again everywhere.
    await lib.getByRole('button', { name: 'Undo' }).click();
    await lib.getByText(/Undone: 200 papers restored/).waitFor();
    await expect.poll(() => overlayTags(feed, probe)).toEqual(['reading', 'batch']);
    await expect.poll(() => rowsWith('batch')).toBeGreaterThan(0);
    expect(await rowsWith('batch-renamed')).toBe(0);

    // A colour for the tag shows on its chips in the table.
    await lib.getByRole('tab', { name: 'Tags' }).click();
    await lib.getByLabel('Colour of batch').fill('#1a73e8');
    await lib.getByText('Settings saved.').waitFor();
    // Select everything a filter matches (beyond the rows shown), delete it, and undo.
    await lib.getByRole('tab', { name: 'Papers' }).click();
    await lib.getByRole('searchbox', { name: 'Search papers' }).fill('tag:batch');
    await expect
      .poll(() =>
        lib
          .locator('tbody .ps-tag', { hasText: /^batch$/ })
          .first()
          .evaluate((e) => getComputedStyle(e).borderTopColor),
      )
      .toBe('rgb(26, 115, 232)');
    await lib.getByRole('searchbox', { name: 'Search papers' }).fill('tag:reading');
    const all = Math.ceil(reading).toLocaleString('en');
    await lib.getByRole('button', { name: `Select all ${all} matching` }).click();
    await lib.getByText(`${all} selected`).waitFor();
    await lib.getByRole('button', { name: 'Delete', exact: true }).click();
    await lib.getByText(`Deleted ${Math.ceil(reading)} papers.`).waitFor();
    await lib.getByText(`${(10_000 - Math.ceil(reading)).toLocaleString('en')} papers`).waitFor();
    // The message offers Undo right beside it.
    await lib.locator('.ps-status').getByRole('button', { name: 'Undo' }).click();
    await lib.getByText(`Undone: ${Math.ceil(reading)} papers restored, 0 removed.`).waitFor();
    await lib.getByText('10,000 papers').waitFor();
    // The delete left its papers' abstracts in the shards they were spread over (Undo put them back in new ones);
    // the background sweeps those copies out, a shard at a time: then each paper's abstract is stored once (without
    // the sweep, the 1,112 copies left in the old shards would stay).
    const sweepLeft = () =>
      browser.worker.evaluate(async () => {
        const list = (await chrome.storage.local.get('sweep')).sweep as { shards?: unknown[] } | undefined;
        return list?.shards?.length;
      });
    await expect.poll(sweepLeft, { timeout: 60_000, interval: 500 }).toBe(0);
    const stored = await browser.worker.evaluate(async () => {
      const all = (await chrome.storage.local.get(null)) as Record<string, unknown>;
      let abstracts = 0;
      let elsewhere = 0;
      for (const [k, v] of Object.entries(all)) {
        if (!k.startsWith('a:')) continue;
        // The snapshot shard's entries are packed (lib/library/snap-pack.ts): each one's id first.
        const packed = (JSON.parse(all[`s:${k.slice(2)}`] as string) as { papers: unknown[][] }).papers;
        const ids = new Set(packed.map((e) => e[0]));
        for (const id of Object.keys((JSON.parse(v as string) as { abstracts: object }).abstracts)) {
          abstracts++;
          if (!ids.has(id)) elsewhere++;
        }
      }
      return { abstracts, elsewhere };
    });
    expect(stored).toEqual({ abstracts: 10_000, elsewhere: 0 });
    for (const p of [feed, popup, lib]) await p.close();
  }, 180_000);

  it('sorts by any column, opens a paper, saves a note; smooth at 10,000 rows (only visible rows rendered)', async () => {
    const lib = await browser.context.newPage();
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByText('10,000 papers').waitFor();
    const rendered = await lib.locator('tbody tr').count();
    expect(rendered).toBeLessThan(80); // of 10,000
    await lib.getByRole('button', { name: 'Title', exact: true }).click();
    await expect.poll(() => lib.locator('th[aria-sort="ascending"]').textContent()).toContain('Title');
    const titles = await lib.locator('tbody tr .ps-open').allTextContents();
    expect(titles.slice(0, 10)).toEqual(
      [...titles.slice(0, 10)].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
    );
    await lib.getByRole('button', { name: 'Title', exact: true }).click();
    await expect.poll(() => lib.locator('th[aria-sort="descending"]').textContent()).toContain('Title');
    await lib.locator('tbody tr .ps-open').first().click();
    const detail = lib.getByRole('complementary');
    // The detail pane has the star too, in step with the table's.
    const firstId = await lib.locator('tbody tr').first().getAttribute('data-paper-id');
    const detailStar = detail.getByRole('button', { name: /^Star: / });
    const before = await detailStar.getAttribute('aria-pressed');
    await detailStar.click();
    await expect.poll(() => detailStar.getAttribute('aria-pressed')).toBe(before === 'true' ? 'false' : 'true');
    await expect
      .poll(() =>
        lib
          .locator(`tbody tr[data-paper-id="${firstId}"]`)
          .getByRole('button', { name: /^Star: / })
          .getAttribute('aria-pressed'),
      )
      .toBe(before === 'true' ? 'false' : 'true');
    await detail.getByLabel('Note').fill('Read section 3 again');
    await detail.getByRole('button', { name: 'Save note' }).click();
    await lib.getByText('Note saved.').waitFor();
    await expect.poll(() => lib.locator('tbody tr').first().textContent()).toContain('Read section 3 again');
    await lib.close();
  }, 60_000);

  it('rows reused as the table scrolls and sorts: each shows one paper throughout, and the focus never stays on a row that took another paper', async () => {
    const lib = await browser.context.newPage();
    await lib.setViewportSize({ width: 1400, height: 900 });
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByText('10,000 papers').waitFor();
    const table = lib.locator('.ps-table');
    const scrollTo = async (top: number) => {
      await table.evaluate((t, y) => {
        t.scrollTop = y;
      }, top);
      // The row at the top of the view (rows are 34 px; the header is row 1) is rendered, and the frames after the
      // scroll event have run.
      await lib.locator(`tbody tr[aria-rowindex="${Math.round(top / 34) + 2}"]`).waitFor();
      await lib.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    };
    // Every rendered row's cells and controls name the same paper (a reused row takes all of the new paper's).
    const consistent = () =>
      lib.locator('tbody tr').evaluateAll((rows) =>
        rows.every((tr) => {
          const title = tr.querySelector('.ps-open')?.textContent ?? '';
          return (
            tr.querySelector('button[aria-pressed]')?.getAttribute('aria-label') === `Star: ${title}` &&
            tr.querySelector('input[type=checkbox]')?.getAttribute('aria-label') === `Select: ${title}`
          );
        }),
      );
    const focusedRow = () =>
      lib.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-paper-id') ?? null);
    const star = lib.locator('tbody tr[aria-rowindex="6"] button[aria-pressed]');
    const id = await lib.locator('tbody tr[aria-rowindex="6"]').getAttribute('data-paper-id');
    const pressed = await star.getAttribute('aria-pressed');
    await star.focus();
    // A small scroll: the row is still in view, the focus stays on its paper's star.
    await scrollTo(3 * 34);
    expect(await focusedRow()).toBe(id);
    expect(await consistent()).toBe(true);
    // A jump: the row element now shows another paper, so the focus went to the table; a key press stars nothing.
    await scrollTo(4_000 * 34);
    expect(await focusedRow()).toBe(null);
    expect(await lib.evaluate(() => document.activeElement?.classList.contains('ps-table'))).toBe(true);
    const shown = await lib.locator('tbody tr button[aria-pressed="true"]').count();
    await lib.keyboard.press('Space');
    await lib.waitForTimeout(300);
    expect(await lib.locator('tbody tr button[aria-pressed="true"]').count()).toBe(shown);
    expect(await consistent()).toBe(true);
    // Back at the top, the paper is as it was; a sort refills every row, each with one paper.
    await scrollTo(0);
    expect(await lib.locator(`tbody tr[data-paper-id="${id}"] button[aria-pressed]`).getAttribute('aria-pressed')).toBe(
      pressed,
    );
    await lib.getByRole('button', { name: 'Authors', exact: true }).click();
    await expect.poll(() => lib.locator('th[aria-sort="ascending"]').textContent()).toContain('Authors');
    expect(await consistent()).toBe(true);
    await lib.close();
  }, 60_000);

  it('axe-core finds no serious or critical issue on the popup and the library page (each tab)', async () => {
    const popup = await browser.openPopup();
    await popup.locator('[role="row"][data-paper-id]').first().waitFor();
    const found: string[] = (await axe(popup)).map((v) => `popup: ${v}`);
    await popup.getByRole('combobox', { name: 'Search papers' }).fill('reading');
    await popup.locator('[role="row"][data-paper-id]').first().waitFor();
    found.push(...(await axe(popup)).map((v) => `popup with results: ${v}`));
    const lib = await browser.context.newPage();
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByText('10,000 papers').waitFor();
    await lib.locator('tbody tr .ps-open').first().click();
    await lib.getByRole('complementary').waitFor();
    found.push(...(await axe(lib)).map((v) => `library papers: ${v}`));
    for (const name of ['Tags', 'Settings', 'Export & import']) {
      await lib.getByRole('tab', { name }).click();
      await lib.getByRole('tabpanel').waitFor();
      found.push(...(await axe(lib)).map((v) => `library ${name}: ${v}`));
    }
    expect(found).toEqual([]);
    await popup.close();
    await lib.close();
  }, 120_000);

  it('asks for the storage in use only when Settings is shown (the first ask after a restart holds up every storage read)', async () => {
    const lib = await browser.context.newPage();
    // Counts the page's getBytesInUse calls (wrapped before the page's scripts run; the page's own powers are unchanged).
    await lib.addInitScript(() => {
      const local = (globalThis as unknown as { chrome: { storage: { local: Record<string, unknown> } } }).chrome
        .storage.local;
      const own = local.getBytesInUse as (...a: unknown[]) => unknown;
      (globalThis as unknown as { __asked: number }).__asked = 0;
      local.getBytesInUse = (...a: unknown[]) => {
        (globalThis as unknown as { __asked: number }).__asked++;
        return own.apply(local, a);
      };
    });
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByText('10,000 papers').waitFor();
    await lib.locator('table[aria-rowcount="10001"]').waitFor();
    const asked = () => lib.evaluate(() => (globalThis as unknown as { __asked: number }).__asked);
    expect(await asked()).toBe(0);
    await lib.getByRole('tab', { name: 'Settings' }).click();
    await lib.getByText(/^Storage used: \d+\.\d MB$/).waitFor();
    expect(await asked()).toBe(1);
    // Shown again: not asked again.
    await lib.getByRole('tab', { name: 'Papers' }).click();
    await lib.getByRole('tab', { name: 'Settings' }).click();
    await lib.getByText(/^Storage used: \d+\.\d MB$/).waitFor();
    expect(await asked()).toBe(1);
    await lib.close();
  });

  it("reads every column's order while idle once all papers are listed: a column's first sort reads nothing", async () => {
    const lib = await browser.context.newPage();
    // Logs the keys the page reads from IndexedDB (wrapped before the page's scripts run; its powers are unchanged).
    await lib.addInitScript(() => {
      const own = IDBObjectStore.prototype.get;
      const read: string[] = [];
      (globalThis as unknown as { __read: string[] }).__read = read;
      IDBObjectStore.prototype.get = function (this: IDBObjectStore, key: IDBValidKey | IDBKeyRange) {
        read.push(String(key));
        return own.call(this, key);
      };
    });
    // The background's index (with the columns' orders) is built a few seconds after the import: reloaded until the
    // page reads it.
    for (let k = 0; ; k++) {
      await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
      await lib.locator('table[aria-rowcount="10001"]').waitFor();
      if ((await lib.evaluate(() => document.documentElement.dataset.indexSource)) === 'base') break;
      expect(k).toBeLessThan(30);
      await lib.waitForTimeout(1000);
    }
    const sortReads = () =>
      lib.evaluate(() => (globalThis as unknown as { __read: string[] }).__read.filter((k) => k.startsWith('sort:')));
    await expect.poll(async () => (await sortReads()).length, { timeout: 20_000 }).toBe(9);
    expect(new Set(await sortReads()).size).toBe(9);
    const before = await lib.locator('tbody tr').first().getAttribute('data-paper-id');
    await lib.getByRole('button', { name: 'Authors', exact: true }).click();
    await expect.poll(() => lib.locator('th[aria-sort="ascending"]').textContent()).toContain('Authors');
    await expect.poll(() => lib.locator('tbody tr').first().getAttribute('data-paper-id')).not.toBe(before);
    // Ascending by first author (the column's sort value), whatever the order among one author's papers.
    const firsts = (await lib.locator('tbody tr td:nth-child(4)').allTextContents()).map((t) =>
      (t.split(',')[0] ?? '').toLowerCase(),
    );
    expect(firsts.slice(0, 20)).toEqual([...firsts.slice(0, 20)].sort());
    expect((await sortReads()).length).toBe(9);
    // Each column's ascending order is worked out ahead too (entrypoints/library/sort-ahead.ts), and kept when the
    // list of every paper comes back after a query: the sorts below use those orders, and must equal the plain ones.
    const ahead = () => lib.evaluate(() => document.documentElement.dataset.ordersAhead);
    await expect.poll(ahead, { timeout: 20_000 }).toBe('9');
    const search = lib.getByRole('searchbox', { name: 'Search papers' });
    await search.fill('attention');
    await expect.poll(() => lib.locator('tbody tr').count()).toBeLessThan(2_001);
    await search.fill('');
    await lib.locator('table[aria-rowcount="10001"]').waitFor();
    const titles = () => lib.locator('tbody tr td:nth-child(3)').allTextContents();
    for (const [column, dir] of [
      ['Title', 'ascending'],
      ['Title', 'descending'],
      ['Date', 'ascending'],
    ] as const) {
      const top = await lib.locator('tbody tr').first().getAttribute('data-paper-id');
      await lib.getByRole('button', { name: column, exact: true }).click();
      await expect.poll(() => lib.locator(`th[aria-sort="${dir}"]`).textContent()).toContain(column);
      await expect.poll(() => lib.locator('tbody tr').first().getAttribute('data-paper-id')).not.toBe(top);
    }
    expect(await ahead()).toBe('9');
    expect((await sortReads()).length).toBe(9);
    await lib.getByRole('button', { name: 'Title', exact: true }).click();
    await expect.poll(() => lib.locator('th[aria-sort="ascending"]').textContent()).toContain('Title');
    const asc = (await titles()).slice(0, 20).map((t) => t.toLowerCase());
    expect(asc).toEqual([...asc].sort());
    await lib.close();
  });
});

describe('library page with 50,000 papers', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve({}, tempDir('ps-cert-'));
    browser = await launch(served.port);
    const page = await browser.openPopup();
    const papers = libraryOf(loadSeed(), 50_000);
    for (let from = 0; from < papers.length; from += 10_000) {
      expect(await browser.send(page, 'importPapers', { papers: papers.slice(from, from + 10_000) })).toMatchObject({
        ok: true,
      });
    }
    // The background's search index built for all 50,000 first: opened 8 s after the import, while that build was
    // still to come or under way, the page listed all its papers at 2.8 s (360 ms once built) and sorted in 112–275
    // ms (89 once built); that state lasts the ~10 s of the build after an import. Then the browser's storage
    // settles (its database compacts after a burst of writes, which would be timed as the page's own cost).
    await indexSettled(page);
    await page.waitForTimeout(8_000);
    await page.close();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('stays smooth: first paint, scrolling, sorting and filtering measured in the page', async () => {
    const lib = await browser.context.newPage();
    await lib.setViewportSize({ width: 1400, height: 900 });
    const t0 = Date.now();
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.locator('tbody tr').first().waitFor();
    const firstPaintMs = Date.now() - t0;
    await lib.getByText('50,000 papers').waitFor({ timeout: 60_000 });
    const loadedMs = Date.now() - t0;
    expect(await lib.locator('tbody tr').count()).toBeLessThan(80);
    // Scrolling: 30 jumps through the table, each timed to the next painted frame.
    const frames = await lib.locator('.ps-table').evaluate(async (table) => {
      const out: number[] = [];
      for (let k = 1; k <= 30; k++) {
        const t = performance.now();
        table.scrollTop = k * 50_000;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        out.push(performance.now() - t);
      }
      return out;
    });
    // Sort and filter timed in the page, from the click or the input to the DOM showing the result (the runner's
    // clock adds Playwright's round trips and polling).
    const header = await lib.getByRole('button', { name: 'Title', exact: true }).boundingBox();
    const sortMs = await domTime(
      lib,
      () => lib.mouse.click((header?.x ?? 0) + 10, (header?.y ?? 0) + 5),
      `document.querySelectorAll('th[aria-sort="ascending"]').length === 1`,
    );
    const filterMs = await domTime(
      lib,
      () => lib.getByRole('searchbox', { name: 'Search papers' }).fill('tag:reading'),
      `(document.body.textContent || '').includes('Select all 5,556 matching')`,
    );
    await lib.getByRole('button', { name: /^Select all 5,556 matching$/ }).waitFor();
    const sorted = [...frames].sort((a, b) => a - b);
    const line = {
      bench: 'e2e-library-50k',
      n: 50_000,
      first_rows_ms: firstPaintMs,
      all_loaded_ms: loadedMs,
      scroll_frame_p50_ms: +(sorted[15] as number).toFixed(1),
      scroll_frame_max_ms: +(sorted[29] as number).toFixed(1),
      sort_ms: sortMs,
      filter_ms: filterMs,
      rows_in_dom: await lib.locator('tbody tr').count(),
      // 'base': the background's index was read; 'built': the page indexed the library itself (not built yet).
      index_source: await lib.evaluate(() => document.documentElement.dataset.indexSource),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    // Rendering what is visible keeps every scroll step to a frame or two, whatever the size.
    expect(line.scroll_frame_p50_ms).toBeLessThan(100);
    await lib.close();
  }, 180_000);
});
