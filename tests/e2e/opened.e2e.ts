/**
 * Every paper the user opens is remembered (issue 14.8, 14.9): its abstract page, PDF (no content script runs in
 * Chrome's PDF viewer: the tab's address on a feed host), HTML and HF paper page count as "opened", apart from feed
 * listings, with a count and the last time; opening makes it read; the popup says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAR, count, text } from './closed';
import { type Browser, launch, type Served, serve, tempDir } from './harness';

const ID = '2403.01234';
const PDF = Buffer.from(
  '%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function stored(b: Browser, id: string) {
  return (await b.read(`p:${id}`))[`p:${id}`] as
    | { opened?: { count: number; sites: string[] }; readAt?: string; title?: string }
    | undefined;
}

describe('papers opened are remembered', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    const dir = tempDir('ps-opened-');
    const pdf = `${dir}/paper.pdf`;
    (await import('node:fs')).writeFileSync(pdf, PDF);
    served = await serve(
      {
        [`arxiv.org/pdf/${ID}`]: { file: pdf, type: 'application/pdf' },
        [`arxiv.org/html/${ID}v2`]: { html: '<!doctype html><title>HTML</title><h1>A paper in HTML</h1>' },
        [`arxiv.org/abs/${ID}`]: {
          html: `<!doctype html><html><head><meta name="citation_title" content="Remembered Papers Are Read Papers"><meta name="citation_author" content="Lovelace, Ada"><meta name="citation_arxiv_id" content="${ID}"></head><body><h1 class="title mathjax">Remembered Papers Are Read Papers</h1></body></html>`,
        },
        [`huggingface.co/papers/${ID}`]: {
          html: `<!doctype html><title>Paper page</title><main><h1>Remembered Papers Are Read Papers</h1><a href="https://arxiv.org/abs/${ID}">arXiv</a></main>`,
        },
        'arxiv.org/list/cs.IR/new': {
          html: `<!doctype html><dl id="articles"><dt><a href="/abs/2403.09999" title="Abstract">arXiv:2403.09999</a></dt><dd><div class="meta"><div class="list-title mathjax">Only listed</div></div></dd></dl>`,
        },
      },
      tempDir('ps-cert-'),
    );
    browser = await launch(served.port);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('a fresh library says how to start, in the popup and on the library page', async () => {
    const popup = await browser.openPopup();
    await popup.getByText(/^No papers yet\. Open a feed/).waitFor();
    await popup.close();
    const lib = await browser.context.newPage();
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByText(/^No papers yet\. Open a feed/).waitFor();
    await lib.getByRole('button', { name: 'Import a backup or BibTeX file' }).click();
    await lib.getByRole('region', { name: 'Import' }).waitFor();
    await lib.close();
  });

  it('its PDF, HTML, HF page and abstract page count as opened (a reload does not); a listing does not; opened is read', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(`https://arxiv.org/pdf/${ID}`).catch(() => {}); // the PDF viewer may report the load differently
    await expect.poll(async () => (await stored(browser, `arxiv:${ID}`))?.opened?.count, { timeout: 10_000 }).toBe(1);
    const first = await stored(browser, `arxiv:${ID}`);
    expect(first?.readAt).toBeTruthy();
    expect(first?.title).toBe(''); // the address tells no title: the first page showing it will
    await tab.reload().catch(() => {});
    await tab.waitForTimeout(800);
    expect((await stored(browser, `arxiv:${ID}`))?.opened?.count).toBe(1);
    await tab.close();

    for (const url of [
      `https://arxiv.org/html/${ID}v2`,
      `https://huggingface.co/papers/${ID}`,
      `https://arxiv.org/abs/${ID}`,
    ]) {
      const page = await browser.context.newPage();
      await page.goto(url);
      if (url.includes('huggingface')) {
        // A single paper's page: its control beside the title, and no feed bar ("1 papers", filters) over it.
        await expect.poll(() => count(page, 'papershelf-entry', '.ps-star')).toBe(1);
        expect(await text(page, BAR, '.ps-bar-counts')).toBeNull();
        expect(await count(page, BAR, 'input')).toBe(0);
      }
      await page.waitForTimeout(300);
      await page.close();
    }
    await expect.poll(async () => (await stored(browser, `arxiv:${ID}`))?.opened?.count).toBe(4);
    // Its abstract page, arXiv's own, also told its title.
    expect((await stored(browser, `arxiv:${ID}`))?.title).toBe('Remembered Papers Are Read Papers');
    expect((await stored(browser, `arxiv:${ID}`))?.opened?.sites).toEqual(['arxiv', 'hf']);

    const listing = await browser.context.newPage();
    await listing.goto('https://arxiv.org/list/cs.IR/new');
    await expect.poll(async () => (await stored(browser, 'arxiv:2403.09999'))?.title).toBe('Only listed');
    expect((await stored(browser, 'arxiv:2403.09999'))?.opened).toBeUndefined();
    await listing.close();

    // The popup: "opened 3×, today", found by is:read; the listed paper is unread.
    const popup = await browser.openPopup();
    const box = popup.getByRole('combobox', { name: 'Search papers' });
    const rows = () =>
      popup.locator('[role="row"][data-paper-id]').evaluateAll((r) => r.map((e) => e.getAttribute('data-paper-id')));
    await box.fill('is:read');
    await expect.poll(rows).toEqual([`arxiv:${ID}`]);
    await expect
      .poll(() => popup.locator(`[role="row"][data-paper-id="arxiv:${ID}"]`).textContent())
      .toContain('opened 4×, today');
    await box.fill('is:unread');
    await expect.poll(rows).toContain('arxiv:2403.09999');
    expect(await rows()).not.toContain(`arxiv:${ID}`);
    await popup.close();
  });
});
