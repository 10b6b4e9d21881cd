/**
 * Issue 14 in real Chromium, on pages served at their real host names: a paper's date from its arXiv id in every
 * view, exact tags with spaces and completion, highlights on whole words, the feed's own actions (menu, r, m), the
 * bar remembered, tag colours on the feed and in the popup, and the whole-state backup and BibTeX round trips
 * through the library page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attr, BAR, click, clickText, controls, count, entry, hostsWith, settled, text } from './closed';
import { type Browser, launch, type Served, SHARED_FIXTURES, serve, tempDir } from './harness';

/** An arXiv cs.CL listing of July 2026 papers (ids 2607.*), as /list/…/new shows them. */
function julyListing(): string {
  const rows = [1, 2, 3]
    .map((i) => {
      const id = `2607.0000${i}`;
      return `<dt><a href="/abs/${id}" title="Abstract">arXiv:${id}</a> [<a href="/pdf/${id}">pdf</a>]</dt><dd><div class="meta"><div class="list-title mathjax">July paper ${i} on speech</div><div class="list-authors"><a href="/a/1">Ada Lovelace</a></div></div></dd>`;
    })
    .join('\n');
  return `<!doctype html><html><head><title>cs.CL new</title></head><body><dl id="articles">${rows}</dl></body></html>`;
}

const rowIds = (popup: Page) =>
  popup.locator('[role="row"][data-paper-id]').evaluateAll((r) => r.map((e) => e.getAttribute('data-paper-id')));

describe('issue 14 in real Chromium', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve(
      {
        'arxiv.org/list/cs.CL/new': { html: julyListing() },
        'huggingface.co/papers': join(SHARED_FIXTURES, 'huggingface/daily-2024-08-01.html'),
        'arxiv.org/pdf/2607.00002': { html: '<!doctype html><title>PDF</title>' },
      },
      tempDir('ps-cert-'),
    );
    browser = await launch(served.port);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://arxiv.org' });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("a listing's papers are dated by their arXiv id: year:, before:, the popup row and the CSV agree", async () => {
    const feed = await browser.context.newPage();
    await feed.goto('https://arxiv.org/list/cs.CL/new');
    await settled(feed, 3);
    const popup = await browser.openPopup();
    const box = popup.getByRole('combobox', { name: 'Search papers' });
    await box.fill('year:2026');
    await expect.poll(() => rowIds(popup)).toEqual(expect.arrayContaining(['arxiv:2607.00001', 'arxiv:2607.00002']));
    await box.fill('before:2026-08-01 speech');
    await expect.poll(() => rowIds(popup)).toContain('arxiv:2607.00003');
    expect(await popup.locator('[role="row"][data-paper-id="arxiv:2607.00003"] .ps-meta').textContent()).toContain(
      '2026-07',
    );
    await popup.close();
    const lib = await browser.context.newPage();
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByRole('tab', { name: 'Export & import' }).click();
    const panel = lib.getByRole('region', { name: 'Export' });
    await panel
      .getByLabel('Format')
      .selectOption('csv')
      .catch(async () => {
        await panel.locator('select').first().selectOption('csv');
      });
    await panel.getByLabel('Papers').selectOption('all');
    const [csv] = await Promise.all([
      lib.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download' }).click(),
    ]);
    const body = readFileSync((await csv.path()) as string, 'utf8');
    expect(body.split('\n').find((l) => l.includes('2607.00001'))).toContain('2026-07');
    await lib.close();
    await feed.close();
  });

  it('tags with a space: the feed editor, the popup chip, completion of a tag: being typed, the library Tags tab', async () => {
    const feed = await browser.context.newPage();
    await feed.goto('https://arxiv.org/list/cs.CL/new');
    await settled(feed, 3);
    await click(feed, entry('arxiv:2607.00001'), '.ps-add-tag');
    await expect.poll(() => count(feed, entry('arxiv:2607.00001'), '.ps-tag-input')).toBe(1);
    await feed.keyboard.type('to read');
    await feed.keyboard.press('Enter');
    await feed.keyboard.type('rlhf');
    await feed.keyboard.press('Enter');
    await feed.keyboard.press('Escape');
    await click(feed, entry('arxiv:2607.00002'), '.ps-add-tag');
    await expect.poll(() => count(feed, entry('arxiv:2607.00002'), '.ps-tag-input')).toBe(1);
    await feed.keyboard.type('rl');
    await feed.keyboard.press('Enter');
    await feed.keyboard.press('Escape');
    await expect
      .poll(async () => (await controls(feed, entry('arxiv:2607.00002'), '.ps-chip')).map((c) => c.text))
      .toEqual(['rl×']);

    const popup = await browser.openPopup();
    const box = popup.getByRole('combobox', { name: 'Search papers' });
    // The chip writes the quoted operator, and it finds the paper.
    await popup.getByRole('button', { name: '#to read' }).click();
    await expect.poll(() => box.inputValue()).toBe('tag:"to read" ');
    await expect.poll(() => rowIds(popup)).toEqual(['arxiv:2607.00001']);
    // tag:rl is exactly rl (not rlhf); a tag: being typed offers the names it may become.
    await box.fill('tag:rl');
    await expect.poll(() => rowIds(popup)).toEqual(['arxiv:2607.00002']);
    await box.fill('tag:t');
    await popup.getByRole('button', { name: 'Complete: tag to read' }).click();
    await expect.poll(() => box.inputValue()).toBe('tag:"to read" ');
    await popup.close();

    const lib = await browser.context.newPage();
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByRole('tab', { name: 'Tags' }).click();
    await lib.locator('li[data-tag="to read"] .ps-tag').click();
    await expect.poll(() => lib.locator('tbody tr').count()).toBe(1);
    expect(await lib.locator('tbody tr').first().getAttribute('data-paper-id')).toBe('arxiv:2607.00001');
    // Enter in a rename box renames.
    await lib.getByRole('tab', { name: 'Tags' }).click();
    await lib.getByRole('textbox', { name: 'New name for rlhf' }).fill('rl-hf');
    await lib.getByRole('textbox', { name: 'New name for rlhf' }).press('Enter');
    await lib.getByText('“rlhf” is now “rl-hf” on 1 papers.').waitFor();
    await lib.close();
    await feed.close();
  });

  it('highlights mark the title words a typo query matched, and nothing for an author match', async () => {
    const popup = await browser.openPopup();
    await browser.send(popup, 'importPapers', {
      papers: [
        {
          id: 'arxiv:2605.01234',
          title: 'grapheme-kit: A Toolkit for Multilingual Grapheme Modelling',
          authors: ['Lena Jäger'],
          url: 'https://arxiv.org/abs/2605.01234',
          starred: false,
          tags: [],
          sightings: [],
        },
      ],
    });
    const box = popup.getByRole('combobox', { name: 'Search papers' });
    const marks = () => popup.locator('[role="row"][data-paper-id="arxiv:2605.01234"] mark').allTextContents();
    await box.fill('grafeme kit multilingual');
    await expect.poll(marks).toEqual(['grapheme', 'kit', 'Multilingual', 'Grapheme']);
    await box.fill('jager');
    await expect.poll(() => rowIds(popup)).toContain('arxiv:2605.01234');
    expect(await marks()).toEqual([]);
    await popup.close();
  });

  it("the feed's own actions: ⋯ copies BibTeX and the link, m copies Markdown, r marks read; tag colours; the bar remembered", async () => {
    const popup = await browser.openPopup();
    await browser.send(popup, 'setSettings', { patch: { tagColors: { rl: '#123456' } } });
    await popup.close();
    const feed = await browser.context.newPage();
    await feed.goto('https://arxiv.org/list/cs.CL/new');
    await settled(feed, 3);
    const clipboard = () => feed.evaluate(() => navigator.clipboard.readText());
    const second = entry('arxiv:2607.00002');
    // The chip of a coloured tag wears its colour.
    expect(await attr(feed, second, '.ps-chip', 'style')).toContain('border-color: rgb(18, 52, 86)');
    await click(feed, second, '.ps-more');
    await clickText(feed, second, '.ps-menu-item', 'Copy BibTeX');
    await expect.poll(clipboard).toMatch(/^@misc\{lovelace2026july,[\s\S]*eprint = \{2607\.00002\}/);
    await click(feed, second, '.ps-more');
    await clickText(feed, second, '.ps-menu-item', 'Copy link');
    await expect.poll(clipboard).toBe('https://arxiv.org/abs/2607.00002');
    await click(feed, second, '.ps-more');
    const opened = feed.context().waitForEvent('page');
    await clickText(feed, second, '.ps-menu-item', 'Open PDF');
    const pdf = await opened;
    await expect.poll(() => pdf.url()).toBe('https://arxiv.org/pdf/2607.00002');
    await pdf.waitForLoadState('load');
    const readAt = async () =>
      ((await browser.read('p:arxiv:2607.00002'))['p:arxiv:2607.00002'] as { readAt?: string } | undefined)?.readAt;
    const status = async () => (await controls(feed, second, '.ps-status')).map((c) => c.text);
    // Opening its PDF made it read (the background saw the tab); the feed shows so.
    await expect.poll(readAt).toBeTruthy();
    await pdf.close();
    await expect.poll(status).toContain('read');
    // Keys: j j selects the second entry; m copies it as Markdown; r marks it unread, r again read.
    await feed.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await feed.keyboard.press('j');
    await feed.keyboard.press('j');
    await feed.keyboard.press('m');
    await expect.poll(clipboard).toBe('[July paper 2 on speech](https://arxiv.org/abs/2607.00002)');
    await feed.keyboard.press('r');
    await expect.poll(readAt).toBeUndefined();
    await expect.poll(status).not.toContain('read');
    await feed.keyboard.press('r');
    await expect.poll(readAt).toBeTruthy();
    await expect.poll(status).toContain('read');
    // Collapse the bar: it stays collapsed after a reload.
    await click(feed, BAR, 'button[aria-label="Collapse PaperShelf bar"]');
    await feed.reload();
    await settled(feed, 3);
    await expect.poll(() => text(feed, BAR, '.ps-bar-open')).toMatch(/^PS · 3 papers/);
    await click(feed, BAR, '.ps-bar-open');
    await feed.close();
    // The popup's chips wear the colour too.
    const again = await browser.openPopup();
    await again.getByRole('combobox', { name: 'Search papers' }).fill('tag:rl');
    const chip = again.locator('[role="row"][data-paper-id="arxiv:2607.00002"] .ps-chip').first();
    await expect.poll(() => chip.evaluate((e) => getComputedStyle(e).borderTopColor)).toBe('rgb(18, 52, 86)');
    await again.close();
  });

  it('round trips through the library page: our BibTeX brings back stars, tags and notes; the JSON backup the whole state', async () => {
    const popup = await browser.openPopup();
    await browser.send(popup, 'setStarred', { id: 'arxiv:2607.00003', starred: true });
    await browser.send(popup, 'setNote', { id: 'arxiv:2607.00003', note: 'Compare with the May paper.' });
    await popup.close();
    const lib = await browser.context.newPage();
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByRole('tab', { name: 'Export & import' }).click();
    const panel = lib.getByRole('region', { name: 'Export' });
    await panel.getByLabel('Papers').selectOption('all');
    const files: Record<string, string> = {};
    for (const format of ['bibtex', 'json']) {
      await panel.getByLabel('Format').selectOption(format);
      const [d] = await Promise.all([
        lib.waitForEvent('download'),
        panel.getByRole('button', { name: 'Download' }).click(),
      ]);
      files[format] = (await d.path()) as string;
    }
    await lib.close();

    // A new browser profile: the BibTeX first, then the backup.
    const other = await launch(served.port);
    try {
      const page = await other.context.newPage();
      await page.goto(`chrome-extension://${other.extensionId}/library.html`);
      await page.getByRole('tab', { name: 'Export & import' }).click();
      const imp = page.getByRole('region', { name: 'Import' });
      await imp.getByLabel('Backup (.json) or BibTeX (.bib)').setInputFiles(files.bibtex as string);
      await imp.getByRole('button', { name: /^Import \d+ papers$/ }).click();
      await imp.getByText(/^Imported: \d+ added/).waitFor();
      const got = async (id: string) =>
        ((await other.send(page, 'getPaper', { id })) as { value: { starred: boolean; tags: string[]; note?: string } })
          .value;
      expect(await got('arxiv:2607.00003')).toMatchObject({ starred: true, note: 'Compare with the May paper.' });
      expect((await got('arxiv:2607.00001')).tags.sort()).toEqual(['rl-hf', 'to read']);

      await imp.getByLabel('Backup (.json) or BibTeX (.bib)').setInputFiles(files.json as string);
      const restore = imp.getByRole('checkbox', { name: 'Also restore its settings and tag colours' });
      expect(await restore.isChecked()).toBe(true);
      await imp.getByRole('button', { name: /^Import \d+ papers$/ }).click();
      await imp.getByText(/settings and tag colours restored\.$/).waitFor();
      const settings = (await other.read('settings')).settings as { tagColors?: Record<string, string> } | undefined;
      expect(settings?.tagColors).toEqual({ rl: '#123456' });
      // The reading queue came too: read, and when each paper was opened or first on screen.
      expect(
        (await other.send(page, 'getPaper', { id: 'arxiv:2607.00002' })) as { value: { readAt?: string } },
      ).toMatchObject({
        value: { readAt: expect.any(String) },
      });
      await page.close();
    } finally {
      await other.close();
    }
  }, 120_000);

  it('a narrow Hugging Face card keeps its controls on one line: two chips and "+N"', async () => {
    const feed = await browser.context.newPage();
    await feed.setViewportSize({ width: 420, height: 800 });
    await feed.goto('https://huggingface.co/papers');
    await expect.poll(() => hostsWith(feed, 'papershelf-entry', '.ps-star').then((h) => h.length)).toBeGreaterThan(3);
    const [id] = await hostsWith(feed, 'papershelf-entry', '.ps-star');
    const host = entry(id as string);
    const heightBefore = await feed.locator(host).evaluate((e) => e.getBoundingClientRect().height);
    await click(feed, host, '.ps-add-tag');
    await expect.poll(() => count(feed, host, '.ps-tag-input')).toBe(1);
    for (const t of ['alignment', 'benchmarks', 'long-context', 'multimodal']) {
      await feed.keyboard.type(t);
      await feed.keyboard.press('Enter');
    }
    await feed.keyboard.press('Escape');
    await expect.poll(async () => (await controls(feed, host, '.ps-chip')).length).toBe(2);
    expect(await text(feed, host, 'button[aria-label^="All 4 tags"]')).toBe('+2');
    const heightAfter = await feed.locator(host).evaluate((e) => e.getBoundingClientRect().height);
    expect(heightAfter).toBeLessThanOrEqual(heightBefore + 2); // no second line
    await feed.close();
  });

  it('the library table: undated papers last in a date sort both ways; Tags wider than Note; messages clear', async () => {
    const popup = await browser.openPopup();
    await browser.send(popup, 'importPapers', {
      papers: [
        {
          id: 'doi:10.1000/undated',
          title: 'An undated paper',
          authors: ['Nobody'],
          url: 'https://doi.org/10.1000/undated',
          starred: false,
          tags: [],
          sightings: [],
        },
      ],
    });
    await popup.close();
    const lib = await browser.context.newPage();
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    const date = lib.getByRole('button', { name: 'Date', exact: true });
    const lastRow = () => lib.locator('tbody tr').last().getAttribute('data-paper-id');
    await date.click();
    await expect.poll(() => lib.locator('th[aria-sort="ascending"]').textContent()).toContain('Date');
    await expect.poll(lastRow).toBe('doi:10.1000/undated');
    await date.click();
    await expect.poll(() => lib.locator('th[aria-sort="descending"]').textContent()).toContain('Date');
    await expect.poll(lastRow).toBe('doi:10.1000/undated');
    const width = (name: string) =>
      lib.locator('th', { hasText: new RegExp(`^${name}`) }).evaluate((e) => e.getBoundingClientRect().width);
    expect(await width('Tags')).toBeGreaterThan(await width('Note'));
    // A message goes after a while.
    await lib.locator('tbody tr .ps-open').first().click();
    const detail = lib.getByRole('complementary');
    await detail.getByLabel('Note').fill('A note');
    await detail.getByRole('button', { name: 'Save note' }).click();
    await lib.getByText('Note saved.').waitFor();
    await expect.poll(() => lib.getByText('Note saved.').count(), { timeout: 12_000 }).toBe(0);
    await lib.close();
  }, 60_000);
});
