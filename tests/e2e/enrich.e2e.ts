/**
 * "Complete metadata" (issue 15) in real Chromium, with recorded answers served at the real API hosts
 * (export.arxiv.org: ../shared/fixtures/arxiv/api-query-id_list.xml; dblp.org: an answer in DBLP's documented shape).
 * Off by default: nothing is asked until the user turns it on and asks. Then a paper listed without an abstract gets
 * it from arXiv; a 429, a malformed answer and a paper arXiv does not know each leave the paper as it was and say so.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arxivQueryUrl } from '../../lib/enrich/arxiv-api';
import { dblpSearchUrl } from '../../lib/enrich/dblp-api';
import { type Browser, LOCAL_FIXTURES, launch, type Served, SHARED_FIXTURES, serve, tempDir } from './harness';

const MAMBA = { id: 'arxiv:2312.00752', title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces' };
const LIMITED = { id: 'arxiv:2401.00429', title: 'A Paper Asked About Too Often' };
const GARBLED = { id: 'arxiv:2401.00500', title: 'A Paper Whose Answer Is Garbled' };
const UNKNOWN = { id: 'arxiv:2401.09999', title: 'A Paper arXiv Does Not Know' };
const SLOW = { id: 'arxiv:2401.00777', title: 'A Paper Whose Source Never Answers' };
const LLMS = { id: 'arxiv:2605.08083', title: 'LLMs Improving LLMs: Agentic Discovery for Test-Time Scaling' };
const PAPERS = [MAMBA, LIMITED, GARBLED, UNKNOWN, LLMS, SLOW];

/** An arXiv listing without abstracts (as /recent is), with these papers. */
const LISTING = `<!doctype html><html><head><title>cs.LG recent</title></head><body><dl id="articles">${PAPERS.map(
  (p) =>
    `<dt><a href="/abs/${p.id.slice(6)}" title="Abstract">arXiv:${p.id.slice(6)}</a></dt><dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> ${p.title}</div><div class="list-authors"><a href="/a/x">Ada Lovelace</a></div></div></dd>`,
).join('')}</dl></body></html>`;

const path = (url: string) => url.replace(/^https:\/\//, '');
const dblpNone = (title: string) => ({
  [path(dblpSearchUrl(title))]: {
    file: join(LOCAL_FIXTURES, 'dblp-api-empty.synthetic.json'),
    type: 'application/json',
  },
});
const EMPTY_FEED =
  '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>arXiv Query</title></feed>';

describe('complete metadata, on request', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve(
      {
        'arxiv.org/list/cs.LG/recent': { html: LISTING },
        [path(arxivQueryUrl(['2312.00752']))]: {
          file: join(SHARED_FIXTURES, 'arxiv/api-query-id_list.xml'),
          type: 'application/atom+xml',
        },
        [path(arxivQueryUrl(['2605.08083']))]: {
          file: join(SHARED_FIXTURES, 'arxiv/api-query-cat-cs.CL.xml'),
          type: 'application/atom+xml',
        },
        ...dblpNone(LLMS.title),
        // Never answers in time: the request is given up after 15 s.
        [path(arxivQueryUrl(['2401.00777']))]: { status: 200, body: EMPTY_FEED, delayMs: 20_000 },
        ...dblpNone(SLOW.title),
        [path(arxivQueryUrl(['2401.00429']))]: { status: 429, body: 'Rate exceeded.' },
        [path(arxivQueryUrl(['2401.00500']))]: {
          status: 200,
          body: '<html><body>Oops</body></html>',
          type: 'text/html',
        },
        [path(arxivQueryUrl(['2401.09999']))]: { status: 200, body: EMPTY_FEED, type: 'application/atom+xml' },
        ...dblpNone(MAMBA.title),
        ...dblpNone(LIMITED.title),
        ...dblpNone(GARBLED.title),
        ...dblpNone(UNKNOWN.title),
      },
      tempDir('ps-cert-'),
    );
    browser = await launch(served.port);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('asks nothing until turned on and asked; then fills the abstract and date from arXiv', async () => {
    const feed = await browser.context.newPage();
    await feed.goto('https://arxiv.org/list/cs.LG/recent');
    await expect
      .poll(async () => Object.keys(await browser.read(null)).filter((k) => k.startsWith('p:')).length)
      .toBe(6);
    await feed.close();

    const lib = await browser.context.newPage();
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByText('6 papers').waitFor();
    const openDetail = async (title: string) => {
      await lib.getByRole('searchbox', { name: 'Search papers' }).fill(`"${title}"`);
      await expect.poll(() => lib.locator('tbody tr').count()).toBe(1);
      await lib.locator('tbody tr .ps-open').first().click();
      return lib.getByRole('complementary');
    };
    // Off by default: the detail pane offers nothing, and nothing was sent anywhere.
    let detail = await openDetail(MAMBA.title);
    await expect.poll(() => detail.getByText('No abstract.').count()).toBe(1);
    expect(await detail.getByRole('button', { name: 'Complete metadata' }).count()).toBe(0);

    await lib.getByRole('tab', { name: 'Settings' }).click();
    await lib.getByRole('checkbox', { name: 'Complete metadata when I ask' }).check();
    await lib.getByText('Settings saved.').waitFor();
    await lib.getByRole('tab', { name: 'Papers' }).click();
    expect(served.requests.filter((r) => /export\.arxiv\.org|dblp\.org/.test(r))).toEqual([]);

    detail = await openDetail(MAMBA.title);
    await detail.getByRole('button', { name: 'Complete metadata' }).click();
    await lib.getByText('Added abstract from arXiv, published from arXiv.').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => detail.locator('.ps-detail-abstract').textContent())
      .toMatch(/^Foundation models, now powering/);
    await expect
      .poll(() => detail.locator('.ps-detail-sources').textContent())
      .toMatch(/abstract, published from arXiv/);
    const stored = (await browser.read(`p:${MAMBA.id}`))[`p:${MAMBA.id}`] as {
      published?: string;
      enriched?: unknown[];
    };
    expect(stored.published).toBe('2023-12-01');
    expect(stored.enriched).toHaveLength(1);
    // What left the browser: the arXiv id to arXiv, the title to DBLP; nothing else.
    expect(served.requests.filter((r) => /export\.arxiv\.org|dblp\.org\/search/.test(r))).toEqual([
      path(arxivQueryUrl(['2312.00752'])),
      path(dblpSearchUrl(MAMBA.title)),
    ]);
    await lib.close();
  }, 60_000);

  it.each([
    ['a 429', LIMITED, /arXiv asked PaperShelf to slow down; nothing was changed/],
    ['a malformed answer', GARBLED, /arXiv's answer could not be read; nothing was changed/],
    ['a paper arXiv does not know', UNKNOWN, /arXiv does not know 2401\.09999/],
    ['a source that never answers', SLOW, /arXiv did not answer in time; nothing was changed/],
  ] as const)(
    '%s leaves the paper as it was, and says why',
    async (_what, paper, said) => {
      const lib = await browser.context.newPage();
      await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
      await lib.getByText('6 papers').waitFor();
      await lib.getByRole('searchbox', { name: 'Search papers' }).fill(`"${paper.title}"`);
      await expect.poll(() => lib.locator('tbody tr').count()).toBe(1);
      await lib.locator('tbody tr .ps-open').first().click();
      const before = (await browser.read(`p:${paper.id}`))[`p:${paper.id}`];
      await lib.getByRole('complementary').getByRole('button', { name: 'Complete metadata' }).click();
      await expect.poll(() => lib.locator('.ps-status').textContent(), { timeout: 20_000 }).toMatch(said);
      expect((await browser.read(`p:${paper.id}`))[`p:${paper.id}`]).toEqual(before);
      await lib.close();
    },
    60_000,
  );

  it('in the popup too: the active row offers "complete", and m does the same from the keyboard', async () => {
    const popup = await browser.openPopup();
    await popup.getByRole('combobox', { name: 'Search papers' }).fill(`"${LLMS.title}"`);
    const row = popup.locator(`[role="row"][data-paper-id="${LLMS.id}"]`);
    await row.waitFor();
    await row.hover();
    await row.getByRole('button', { name: `Complete metadata: ${LLMS.title}` }).click();
    await expect
      .poll(() => popup.locator('.ps-status').textContent(), { timeout: 20_000 })
      .toBe('Added abstract from arXiv, published from arXiv. No published version found (DBLP).');
    const stored = (await browser.read(`p:${LLMS.id}`))[`p:${LLMS.id}`] as { published?: string };
    expect(stored.published).toMatch(/^2026-05-\d\d$/);
    // Again from the keyboard: nothing more to add, said so (the sources are asked again, paced).
    await popup.getByRole('combobox', { name: 'Search papers' }).press('ArrowDown');
    await popup.keyboard.press('m');
    await expect
      .poll(() => popup.locator('.ps-status').textContent(), { timeout: 20_000 })
      .toBe('No published version found (DBLP).');
    await popup.close();
  }, 60_000);

  it('completes all starred papers from Settings, and says how many changed', async () => {
    const lib = await browser.context.newPage();
    await lib.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await lib.getByText('6 papers').waitFor();
    for (const p of [MAMBA, UNKNOWN]) await browser.send(lib, 'setStarred', { id: p.id, starred: true });
    const before = await browser.read([`p:${MAMBA.id}`, `p:${UNKNOWN.id}`]);
    const asked = served.requests.length;
    await lib.getByRole('tab', { name: 'Settings' }).click();
    await lib.getByRole('button', { name: 'Complete all starred papers' }).click();
    // Mamba is complete already (abstract and date); the other is unknown to arXiv: nothing changes, and it says so.
    await expect
      .poll(() => lib.locator('.ps-status').textContent(), { timeout: 30_000 })
      .toBe('Completed 0 of 2 starred papers.');
    expect(await browser.read([`p:${MAMBA.id}`, `p:${UNKNOWN.id}`])).toEqual(before);
    // Asked: the unknown paper at arXiv, and both titles at DBLP (their published versions), nothing else.
    expect(served.requests.slice(asked).sort()).toEqual(
      [
        path(arxivQueryUrl(['2401.09999'])),
        path(dblpSearchUrl(MAMBA.title)),
        path(dblpSearchUrl(UNKNOWN.title)),
      ].sort(),
    );
    await lib.close();
  }, 60_000);
});
