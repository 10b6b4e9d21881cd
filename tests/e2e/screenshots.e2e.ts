import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { click, count } from './closed';
import { type Browser, launch, ROOT, type Served, SHARED_FIXTURES, serve, tempDir } from './harness';

// The README's screenshots, made from the saved pages in ../shared/fixtures on every e2e run (docs/screenshots/).
// The captures' own stylesheets live on CDNs this closed network cannot reach, so the sites look plainer here.
const OUT = join(ROOT, 'docs/screenshots');

describe('screenshots for the README', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    served = await serve(
      {
        'huggingface.co/papers': join(SHARED_FIXTURES, 'huggingface/daily-2024-08-01.html'),
        'arxiv.org/search/': join(SHARED_FIXTURES, 'arxiv/search-abstract-distributed-systems-200.html'),
      },
      tempDir('ps-cert-'),
    );
    browser = await launch(served.port);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('the overlay on a feed, the popup and the library page', async () => {
    const feed = await browser.context.newPage();
    await feed.setViewportSize({ width: 1100, height: 760 });
    await feed.goto('https://arxiv.org/search/?searchtype=abstract&query=distributed+systems&size=200');
    await expect.poll(() => count(feed, 'papershelf-entry', '.ps-star')).toBeGreaterThan(2);
    await click(feed, 'papershelf-entry', '.ps-star', 0);
    await click(feed, 'papershelf-entry', '.ps-add-tag', 0);
    await feed.keyboard.type('to read');
    await feed.keyboard.press('Enter');
    await feed.keyboard.press('Escape');
    await click(feed, 'papershelf-entry', '.ps-star', 2);
    await expect.poll(() => count(feed, 'papershelf-entry', '.ps-star[aria-pressed="true"]')).toBe(2);
    await feed.locator('html > papershelf-bar').waitFor();
    await feed.screenshot({ path: join(OUT, 'overlay.png') });

    const hf = await browser.context.newPage();
    await hf.goto('https://huggingface.co/papers?date=2024-08-01');
    await hf.locator('papershelf-entry').first().waitFor();

    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 460, height: 560 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByRole('combobox', { name: 'Search papers' }).fill('consensus');
    await popup.locator('[role="row"][data-paper-id]').first().waitFor();
    await popup.screenshot({ path: join(OUT, 'popup.png') });

    const library = await browser.context.newPage();
    await library.setViewportSize({ width: 1100, height: 760 });
    await library.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await library.locator('tbody tr').first().waitFor();
    await library
      .getByRole('button', { name: /^Star: /, pressed: true })
      .first()
      .waitFor();
    // A paper opened beside the table.
    await library.locator('tbody tr .ps-open').first().click();
    await library.getByRole('complementary').waitFor();
    await library.screenshot({ path: join(OUT, 'library.png') });
    for (const p of [feed, hf, popup, library]) await p.close();
  });
});
