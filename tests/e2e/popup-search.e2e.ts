import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';
import { attr, entry } from './closed';
import { type Browser, launch, type Served, SHARED_FIXTURES, serve, tempDir } from './harness';
import { indexSettled, settledRowIds } from './settled';

const GLYPH = {
  id: 'arxiv:2301.00002',
  title: 'Evaluating Alternative Glyph Design for Showing Large-Magnitude-Range Quantum Spins',
  authors: ['Henan Zhao', 'Garnett W. Bryant', 'Wesley Griffin', 'Judith E. Terrill', 'Jian Chen'],
  url: 'https://arxiv.org/abs/2301.00002',
  starred: false,
  tags: [],
  sightings: [],
};

/**
 * Makes the background build the index anew, now: one doc chunk of the stored build deleted and the check asked for
 * from an extension page (as a view that met the loss asks), so that it rebuilds; returns the replaced build.
 */
async function rebuildNow(page: Page): Promise<string> {
  const build = await page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const req = indexedDB.open('papershelf-index');
        req.onsuccess = () => {
          const tx = req.result.transaction(['index', 'docs'], 'readwrite');
          const g = tx.objectStore('index').get('base');
          g.onsuccess = () => {
            const b = (g.result as { base: { build: string } }).base.build;
            tx.objectStore('docs').delete([b, 0]);
            tx.oncomplete = () => {
              req.result.close();
              resolve(b);
            };
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  const answer = await page.evaluate(
    (b) => chrome.runtime.sendMessage({ papershelf: 1, type: 'repairIndex', payload: { build: b } }),
    build,
  );
  expect(answer).toMatchObject({ ok: true, value: { check: 'damaged', rebuilt: true } });
  return build;
}

/** A paper whose abstract alone has the words "lanthanide" and "zebrafish" (no other paper here has them). */
const RARE = {
  id: 'arxiv:2301.00009',
  title: 'Rare Earth Probes for Live Imaging',
  authors: ['Ines Okonkwo'],
  abstract: 'Lanthanide luminescence tracks cell migration in zebrafish embryos.',
  url: 'https://arxiv.org/abs/2301.00009',
  starred: false,
  tags: [],
  sightings: [],
};

describe('popup search with 10,000 papers in real Chromium', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve(
      { 'arxiv.org/list/cs/2301': join(SHARED_FIXTURES, 'arxiv/list-cs-2301-show3.html') },
      tempDir('ps-cert-'),
    );
    browser = await launch(served.port);
    const page = await browser.openPopup();
    const papers = [...libraryOf(loadSeed(), 10_000), GLYPH];
    const reply = await browser.send(page, 'importPapers', { papers });
    expect(reply).toMatchObject({ ok: true, value: { added: 10_001 } });
    // A read queued behind the import's write returns once the write is on disk: the popup is then measured on a
    // quiet library, as a user opens it, not during a 10,000-paper import.
    await page.evaluate(() => chrome.storage.local.get('meta'));
    await page.waitForTimeout(1_000);
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('the toolbar popup itself opens to first results (timed over several opens)', async () => {
    // The real action popup (chrome.action.openPopup from the background), read from another extension page
    // through extension.getViews: Playwright does not expose popups as pages.
    const feed = await browser.context.newPage();
    await feed.goto('https://arxiv.org/list/cs/2301?show=3');
    const helper = await browser.context.newPage();
    await helper.goto(`chrome-extension://${browser.extensionId}/library.html`);
    // The helper page loads the library too: let it finish before timing anything.
    await helper.getByText(/^10,0\d\d papers$/).waitFor();
    await helper.waitForTimeout(3_000);
    const runs: { first: number; mark: number; script: number }[] = [];
    for (let k = 0; k < 6; k++) {
      await feed.bringToFront();
      await feed.waitForTimeout(400);
      const opened = await browser.worker.evaluate(async () => {
        const api = (globalThis as unknown as { chrome: { action: { openPopup(): Promise<void> } } }).chrome;
        await api.action.openPopup();
        return true;
      });
      expect(opened).toBe(true);
      const timing = await helper.evaluate(async () => {
        for (let i = 0; i < 200; i++) {
          const view = chrome.extension.getViews({ type: 'popup' })[0];
          const list = view?.document.querySelector('[role="grid"]');
          const first = list?.getAttribute('data-first-results-ms');
          const painted = list?.getAttribute('data-first-painted-ms');
          if (view && list && first && painted) {
            const script = list.getAttribute('data-since-script-ms');
            view.close();
            return { first: Number(painted), mark: Number(first), script: Number(script) };
          }
          await new Promise((r) => setTimeout(r, 25));
        }
        return undefined;
      });
      expect(timing).toBeDefined();
      runs.push(timing as { first: number; mark: number; script: number });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    // The first open loads the popup's code cold; the median shows a user's everyday open.
    process.stdout.write(
      `${JSON.stringify({ bench: 'e2e-toolbar-popup', n: 10_001, opens: runs.length, first_open_ms: runs[0]?.first, median_first_results_ms: median(runs.map((r) => r.first)), median_first_results_mark_ms: median(runs.map((r) => r.mark)), median_since_script_ms: median(runs.map((r) => r.script)), all_ms: runs.map((r) => r.first), all_since_script_ms: runs.map((r) => r.script), target_ms: 150 })}\n`,
    );
    await helper.close();
    await feed.close();
  });

  it('opens to first results, finds a half-remembered title with typos, stars it by keyboard; the feed shows the star', async () => {
    const popup = await browser.openPopup();
    const list = popup.getByRole('grid', { name: 'Results' });
    await list.waitFor();
    await expect.poll(() => list.getAttribute('data-first-painted-ms')).not.toBeNull();
    // Presented (Element Timing), and the page's own after-frame mark beside it.
    const firstResultsMs = Number(await list.getAttribute('data-first-painted-ms'));
    const firstResultsMarkMs = Number(await list.getAttribute('data-first-results-ms'));
    const sinceScriptMs = Number(await list.getAttribute('data-since-script-ms'));
    expect(firstResultsMs).toBeGreaterThan(0);

    await popup.getByText(/^100\d\d papers/).waitFor();

    const box = popup.getByRole('combobox', { name: 'Search papers' });
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Search papers');
    const typed = performance.now();
    await box.pressSequentially('glyph desgn quantm', { delay: 0 });
    const first = popup.locator('[role="row"][data-paper-id]').first();
    await expect.poll(() => first.getAttribute('data-paper-id')).toBe(GLYPH.id);
    const typingMs = performance.now() - typed;
    expect(await first.locator('mark').count()).toBeGreaterThan(0); // the match is highlighted

    await box.press('ArrowDown');
    await popup.keyboard.press('s');
    await expect
      .poll(() => first.getByRole('button', { name: `Star: ${GLYPH.title}` }).getAttribute('aria-pressed'))
      .toBe('true');
    await popup.keyboard.press('t');
    const tagBox = popup.getByRole('combobox', { name: `Add a tag to: ${GLYPH.title}` });
    await expect.poll(() => tagBox.evaluate((el) => el === document.activeElement)).toBe(true);
    await popup.keyboard.type('quantum');
    await popup.keyboard.press('Enter');
    await popup.keyboard.press('Enter');
    await expect
      .poll(
        async () =>
          (await browser.send(popup, 'getPaper', { id: GLYPH.id })) as { value?: { starred: boolean; tags: string[] } },
      )
      .toMatchObject({
        value: { starred: true, tags: ['quantum'] },
      });

    const feed = await browser.context.newPage();
    await feed.goto('https://arxiv.org/list/cs/2301?show=3');
    await expect.poll(() => attr(feed, entry(GLYPH.id), '.ps-star', 'aria-pressed'), { timeout: 10_000 }).toBe('true');
    process.stdout.write(
      `${JSON.stringify({ bench: 'e2e-popup', n: 10_001, first_results_ms: firstResultsMs, first_results_mark_ms: firstResultsMarkMs, first_results_since_script_ms: sinceScriptMs, type_to_result_ms: Math.round(typingMs), target_first_results_ms: 150 })}\n`,
    );
    await feed.close();
    await popup.close();
  });

  it('puts the papers of the current feed first ("On this page"), opens with Enter, copies BibTeX with c', async () => {
    const feed = await browser.context.newPage();
    await feed.goto('https://arxiv.org/list/cs/2301?show=3');
    await expect.poll(() => feed.locator('papershelf-entry').count()).toBe(3);
    await feed.bringToFront();
    const tabId = await browser.worker.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number }[]> } } })
        .chrome;
      const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
      return tab?.id;
    });
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
    await popup.getByText('On this page').waitFor();
    const firstIds = await popup
      .locator('[role="row"][data-paper-id]')
      .evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-paper-id')));
    expect(firstIds).toEqual(['arxiv:2301.00001', 'arxiv:2301.00002', 'arxiv:2301.00003']);

    // Headless Chromium has no clipboard to read back: the page's clipboard records what it is given.
    await popup.evaluate(() => {
      const w = window as unknown as { copied?: string };
      navigator.clipboard.writeText = async (text: string) => {
        w.copied = text;
      };
    });
    const box = popup.getByRole('combobox', { name: 'Search papers' });
    const headings = () => popup.locator('[role="rowheader"]').allTextContents();
    expect(await headings()).toEqual(['On this page', 'Library']);
    // Every match on this page: no empty "Library" heading under them (issue 14.5).
    await box.fill('"alternative glyph design"');
    await expect
      .poll(() => popup.locator('[role="row"][data-paper-id]').evaluateAll((r) => r.map((e) => e.dataset.paperId)))
      .toEqual([GLYPH.id]);
    expect(await headings()).toEqual(['On this page']);
    await box.fill('glyph design');
    await expect
      .poll(() => popup.locator('[role="row"][data-paper-id]').first().getAttribute('data-paper-id'))
      .toBe(GLYPH.id);
    await box.press('ArrowDown');
    await popup.keyboard.press('c');
    await popup.getByText(`BibTeX copied: ${GLYPH.title}`).waitFor();
    const bib = (await popup.evaluate(() => (window as unknown as { copied?: string }).copied)) ?? '';
    expect(bib).toContain('@misc{zhao2023evaluating,');
    expect(bib).toContain(
      'author = {Zhao, Henan and Bryant, Garnett W. and Griffin, Wesley and Terrill, Judith E. and Chen, Jian}',
    );
    expect(bib).toContain('eprint = {2301.00002}');

    const opened = browser.context.waitForEvent('page');
    const closed = popup.waitForEvent('close');
    await popup.keyboard.press('Enter').catch(() => {}); // the popup closes itself as the paper opens
    await closed;
    const tab = await opened;
    await expect.poll(() => tab.url()).toBe('https://arxiv.org/abs/2301.00002');
    await tab.close();
    await feed.close();
  });

  it('↓ from the search box goes into the results at the first row, the one typing chose, never past it', async () => {
    const popup = await browser.openPopup();
    const box = popup.getByRole('combobox', { name: 'Search papers' });
    await box.fill('memory');
    const rows = popup.locator('[role="row"][data-paper-id]');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    const [firstId] = await settledRowIds(popup, 1); // the whole library's answer, after the first rows'
    const selected = () => popup.locator('[role="row"][aria-selected="true"]').getAttribute('data-paper-id');
    await expect.poll(selected).toBe(firstId);
    await box.press('ArrowDown');
    expect(await selected()).toBe(firstId);
    await popup.keyboard.press('ArrowDown');
    expect(await selected()).toBe(await rows.nth(1).getAttribute('data-paper-id'));
    await popup.close();
  });

  it('tags by mouse too: "+ tag" on a row opens the editor, × on a chip removes the tag', async () => {
    const popup = await browser.openPopup();
    await popup.getByRole('combobox', { name: 'Search papers' }).fill('glyph design quantum');
    const row = popup.locator(`[role="row"][data-paper-id="${GLYPH.id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `+ tag: ${GLYPH.title}` }).click();
    const tagBox = popup.getByRole('combobox', { name: `Add a tag to: ${GLYPH.title}` });
    await tagBox.pressSequentially('by-mouse'); // typed (text a page plants, or a fill, is not committed)
    await tagBox.press('Enter');
    const remove = row.getByRole('button', { name: `Remove tag by-mouse from: ${GLYPH.title}` });
    await remove.waitFor();
    await remove.click();
    await expect.poll(() => remove.count()).toBe(0);
    const stored = (await browser.send(popup, 'getPaper', { id: GLYPH.id })) as { value: { tags: string[] } };
    expect(stored.value.tags).not.toContain('by-mouse');
    await popup.close();
  });

  it('opens the library page (also the options page) with the same search', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await page.getByText(/^10,0\d\d papers$/).waitFor();
    await page.getByRole('searchbox', { name: 'Search papers' }).fill('hopfeild networks');
    await expect
      .poll(() => page.locator('tbody tr').first().textContent())
      .toContain('Hopfield Networks is All You Need');
    await page.close();
  });

  it('filters with chips that write operators into the query, and answers nasty queries', async () => {
    const popup = await browser.openPopup();
    const box = popup.getByRole('combobox', { name: 'Search papers' });
    await popup.getByRole('grid', { name: 'Results' }).waitFor();
    await popup.getByRole('button', { name: '★ Starred' }).click();
    await expect.poll(() => box.inputValue()).toBe('is:starred ');
    // Many starred papers listed (the grid counts every row; only those in view are made), each one starred.
    await expect
      .poll(async () => Number(await popup.getByRole('grid', { name: 'Results' }).getAttribute('aria-rowcount')))
      .toBeGreaterThan(10);
    const pressed = await popup
      .locator('[role="row"][data-paper-id] .ps-row-star button[aria-pressed]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-pressed')));
    expect(pressed.length).toBeGreaterThan(5);
    expect(pressed.every((v) => v === 'true')).toBe(true);
    for (const q of ['x'.repeat(1000), `.*+?^$${'{'}}()|[]\\`, '🦙🧠', '"', 'tag: site: year:']) {
      await box.fill(q);
      await expect(popup.getByText('PaperShelf', { exact: true }).count()).resolves.toBe(1);
    }
    await box.fill('');
    await box.press('Escape');
    await popup.screenshot({ path: join(tempDir('ps-shot-'), 'popup.png') });
    await popup.close();
  });
  it('post blocks lost from the index database: the popup tells the background, which checks and rebuilds; the next popup answers as before', async () => {
    const page = await browser.openPopup();
    await indexSettled(page);
    const query = 'head360 mixtre';
    const topRows = async () => {
      const popup = await browser.openPopup();
      await popup.getByRole('combobox', { name: 'Search papers' }).pressSequentially(query, { delay: 0 });
      const ids = await settledRowIds(popup, 5);
      await popup.close();
      return ids;
    };
    const before = await topRows();
    expect(before).toContain('arxiv:2402.00361');
    // Every post block of the stored build deleted (a disk's damage): keys [build, 'p', k] in the 'docs' store.
    const storedBuild = () =>
      page.evaluate(
        () =>
          new Promise<{ build: string; blocks: number; stored: number }>((resolve, reject) => {
            const req = indexedDB.open('papershelf-index');
            req.onsuccess = () => {
              const db = req.result;
              const tx = db.transaction(['index', 'docs']);
              const g = tx.objectStore('index').get('base');
              g.onsuccess = () => {
                const base = (g.result as { base: { build: string; postStart: Uint32Array } }).base;
                const keys = IDBKeyRange.bound([base.build, 'p', 0], [base.build, 'p', Number.MAX_SAFE_INTEGER]);
                const c = tx.objectStore('docs').count(keys);
                c.onsuccess = () =>
                  resolve({ build: base.build, blocks: base.postStart.length - 1, stored: c.result as number });
              };
              tx.oncomplete = () => db.close();
              tx.onerror = () => reject(tx.error);
            };
            req.onerror = () => reject(req.error);
          }),
      );
    const whole = await storedBuild();
    expect(whole.stored).toBe(whole.blocks);
    await page.evaluate(
      (build) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('papershelf-index');
          req.onsuccess = () => {
            const tx = req.result.transaction('docs', 'readwrite');
            tx.objectStore('docs').delete(IDBKeyRange.bound([build, 'p', 0], [build, 'p', Number.MAX_SAFE_INTEGER]));
            tx.oncomplete = () => {
              req.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      whole.build,
    );
    expect((await storedBuild()).stored).toBe(0);
    const damaged = await browser.openPopup();
    const warned: string[] = [];
    damaged.on('console', (m) => {
      if (m.type() === 'warning') warned.push(m.text());
    });
    await damaged.getByRole('combobox', { name: 'Search papers' }).pressSequentially(query, { delay: 0 });
    await expect.poll(() => warned.some((w) => w.includes('post blocks')), { timeout: 10_000 }).toBe(true);
    // The background checked the stored build, found it damaged, and built a new one, whole.
    await expect.poll(async () => (await storedBuild()).build, { timeout: 60_000 }).not.toBe(whole.build);
    const rebuilt = await storedBuild();
    expect(rebuilt.stored).toBe(rebuilt.blocks);
    expect(await topRows()).toEqual(before);
    await damaged.close();
    await page.close();
  });
  it("a popup open as a rebuild ends still finds every word: the replaced build's post blocks stay until the next", async () => {
    const popup = await browser.openPopup();
    await indexSettled(popup);
    await popup.reload();
    // Opened on the stored build (its ids read: the index came from the base), no query asked yet: it has read none
    // of that build's post blocks.
    await expect.poll(() => popup.evaluate(() => performance.getEntriesByName('ps:ids').length)).toBe(1);
    expect(await popup.evaluate(() => performance.getEntriesByName('ps:posts').length)).toBe(0);
    // The background builds anew meanwhile: one doc chunk of this build lost, and the check asked for (as a view that
    // met it asks), so that it rebuilds now.
    const build = await rebuildNow(popup);
    const stored = () =>
      popup.evaluate(
        () =>
          new Promise<{ build: string; old: number }>((resolve, reject) => {
            const req = indexedDB.open('papershelf-index');
            req.onsuccess = () => {
              const tx = req.result.transaction(['index', 'docs']);
              const g = tx.objectStore('index').get('build');
              const keys = tx.objectStore('docs').getAllKeys();
              tx.oncomplete = () => {
                req.result.close();
                const now = g.result as string;
                resolve({ build: now, old: keys.result.filter((k) => Array.isArray(k) && k[0] !== now).length });
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
      );
    const after = await stored();
    expect(after.build).not.toBe(build);
    // What is left of the replaced build is its post blocks alone.
    expect(after.old).toBeGreaterThan(0);
    // The open popup, on the replaced build, reads its blocks now: its typed query finds the paper, by a title word
    // its abstract lacks ("Mixture"; the abstracts' postings, a record of their own, hold "head360" alone), and
    // it meets no lost block (a lost chunk, read from the snapshot instead, is all it says).
    const warned: string[] = [];
    popup.on('console', (m) => {
      if (m.type() === 'warning') warned.push(m.text());
    });
    await popup.getByRole('combobox', { name: 'Search papers' }).pressSequentially('head360 mixtre', { delay: 0 });
    // Two papers of the library bear that title (the seed's title and the same extra word): those two first, in
    // either order (it varied between runs: CI102 listed them the other way round from a local run).
    const rows = popup.locator('[role="row"][data-paper-id]');
    await expect
      .poll(async () =>
        (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-paper-id')))).slice(0, 2).sort(),
      )
      .toEqual(['arxiv:2402.00361', 'arxiv:2405.00331']);
    expect(warned.filter((w) => w.includes('post blocks'))).toEqual([]);
    await popup.close();
  });
  it('the library page reads every post block once idle: a rebuild deleting them leaves its search whole', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    // Opened on a settled index (no rebuild of its own replacing the blocks it reads).
    await indexSettled(page);
    await page.reload();
    await page.getByText(/^10,0\d\d papers$/).waitFor();
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByName('ps:all-blocks').length), { timeout: 30_000 })
      .toBe(1);
    // What the background's second build from now does to this build's blocks (lib/library/index-db.ts put): all
    // deleted (the next build keeps them).
    const deleted = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const req = indexedDB.open('papershelf-index');
          req.onsuccess = () => {
            const tx = req.result.transaction('docs', 'readwrite');
            const docs = tx.objectStore('docs');
            const keys = docs.getAllKeys();
            let n = 0;
            keys.onsuccess = () => {
              for (const k of keys.result)
                if (Array.isArray(k) && k[1] === 'p') {
                  docs.delete(k);
                  n++;
                }
            };
            tx.oncomplete = () => {
              req.result.close();
              resolve(n);
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    expect(deleted).toBeGreaterThan(0);
    await page.getByRole('searchbox', { name: 'Search papers' }).fill('head360 mixtre');
    await expect
      .poll(() => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-paper-id'))))
      .toContain('arxiv:2402.00361');
    await page.close();
  });
  it('the library page open across a rebuild opens the new build it meets: abstract-only words find papers of its base', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await indexSettled(page);
    // RARE in the stored build's base (so that only the abstracts' postings hold its words), then the page opened on
    // that build: the abstracts' postings are read when a query asks (on demand), not yet.
    expect(await browser.send(page, 'importPapers', { papers: [RARE] })).toMatchObject({ ok: true });
    await rebuildNow(page);
    await page.reload();
    await page.getByText(/^10,0\d\d papers$/).waitFor();
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('ps:ids').length)).toBe(1);
    // The background builds anew while the page is open (after an import, or a repair: here a repair).
    await rebuildNow(page);
    await page.getByRole('searchbox', { name: 'Search papers' }).fill('lanthanide zebrafish');
    await expect
      .poll(() => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-paper-id'))))
      .toContain(RARE.id);
    // It took the new build in place of its own (before, its abstracts' words found no paper of its base).
    expect(await page.evaluate(() => performance.getEntriesByName('ps:reopened').length)).toBe(1);
    await page.close();
  });
});
