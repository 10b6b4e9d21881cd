import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VISIT_LIMITS } from '../../lib/library/visit-budget';
import { attr, BAR, click, controls, count, entry, hostsWith, mark, settled, text } from './closed';
import { type Browser, LOCAL_FIXTURES, launch, type Served, serve, tempDir, UNGRANTED_HOST } from './harness';

/** An arXiv listing of n generated entries, with a heartbeat that records the longest gap between its ticks. */
function flood(n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `2408.${String(i).padStart(5, '0')}`;
    rows.push(
      `<dt><a href="/abs/${id}" title="Abstract">arXiv:${id}</a></dt><dd><div class="meta"><div class="list-title mathjax">Flood paper ${i}</div><div class="list-authors"><a href="/a/1">Ada Lovelace</a></div></div></dd>`,
    );
  }
  // The page's own timer: if the overlay blocked the main thread, its ticks would stop for that long.
  const heartbeat = `<script>window.__gaps = []; let last = performance.now();
    setInterval(() => { const now = performance.now(); if (now - last > 100) window.__gaps.push([Math.round(last), Math.round(now - last)]); last = now; }, 16);</script>`;
  return `<!doctype html><html><head><title>flood</title>${heartbeat}</head><body><dl id="articles">${rows.join('\n')}</dl></body></html>`;
}

const GENUINE = { id: '2409.00001', title: 'Genuine title', abstract: 'The genuine abstract.' };
const many = <T>(n: number, what: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => what(i));

/**
 * A hostile Hugging Face daily page of 50 entries: the first claims the user's starred paper (other title, 2,001
 * authors, another abstract, a code link off the paper's hosts, keywords); three more are over every limit.
 */
function claims(): Record<string, unknown>[] {
  const normal = (i: number) => ({
    id: `2409.${String(100 + i).padStart(5, '0')}`,
    title: `Daily paper ${i}`,
    authors: [{ name: 'Grace Hopper' }],
    summary: `Abstract ${i}.`,
  });
  return [
    {
      id: GENUINE.id,
      title: 'Rewritten title',
      authors: many(2_001, (i) => ({ name: `Planted ${i}` })),
      summary: 'A planted abstract.',
      githubRepo: 'https://github.com.evil.example/phish',
      ai_keywords: ['planted'],
    },
    { ...normal(0), authors: many(2_001, (i) => ({ name: `Author ${i}` })) },
    { ...normal(1), githubRepo: `https://github.com/lab/${'r'.repeat(2_100)}` },
    { ...normal(2), ai_keywords: many(101, (i) => `keyword ${i}`) },
    ...many(46, (i) => normal(i + 3)),
  ];
}

/** An arXiv listing of the given papers (title and one author each), with their abstracts as /new shows them. */
function listing(papers: { id: string; title: string; abstract: string }[]): string {
  const rows = papers.map(
    (p) =>
      `<dt><a href="/abs/${p.id}" title="Abstract">arXiv:${p.id}</a></dt><dd><div class="meta"><div class="list-title mathjax">${p.title}</div><div class="list-authors"><a href="/a/1">Ada Lovelace</a></div><p class="mathjax">${p.abstract}</p></div></dd>`,
  );
  return `<!doctype html><html><head><title>listing</title></head><body><dl id="articles">${rows.join('\n')}</dl></body></html>`;
}

/** A Hugging Face daily page (data-props and cards, as hf-trending.synthetic.html) carrying the given papers. */
function hfDaily(papers: Record<string, unknown>[]): string {
  const props = JSON.stringify({
    date: '2024-09-02',
    dailyPapers: papers.map((paper) => ({ paper, title: paper.title })),
  });
  const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  const cards = papers.map(
    (p) =>
      `<article><div class="w-full"><h3><a href="/papers/${String(p.id)}">${esc(String(p.title))}</a></h3></div></article>`,
  );
  return `<!doctype html><html><head><title>Daily Papers - Hugging Face</title></head><body><main><div data-target="DailyPapers" data-props="${esc(props)}"><section>${cards.join('\n')}</section></div></main></body></html>`;
}

/** A paper's stored record and its abstract (kept once, in an abstracts shard). */
async function record(browser: Browser, id: string): Promise<Record<string, unknown> | undefined> {
  const all = await browser.read(null);
  const rec = all[`p:${id}`] as Record<string, unknown> | undefined;
  if (!rec) return undefined;
  for (const [k, v] of Object.entries(all)) {
    const shard = k.startsWith('a:') && typeof v === 'string' ? (JSON.parse(v) as { abstracts?: object }) : {};
    const text = (shard.abstracts as Record<string, string> | undefined)?.[id];
    if (text !== undefined) return { ...rec, abstract: text };
  }
  return rec;
}

async function stored(browser: Browser, id: string): Promise<{ starred?: boolean; tags?: string[] } | undefined> {
  return (await browser.read(`p:${id}`))[`p:${id}`] as { starred?: boolean; tags?: string[] } | undefined;
}

/** Our controls only: hosts whose (closed) shadow root holds a PaperShelf star (page-made look-alikes have none). */
function ourIds(page: Page): Promise<string[]> {
  return hostsWith(page, 'papershelf-entry', '.ps-star');
}

async function trace(page: Page, cdp: CDPSession, ms: number): Promise<{ name: string }[]> {
  const events: { name: string }[] = [];
  const onData = (e: { value: unknown[] }) => events.push(...(e.value as { name: string }[]));
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'blink.user_timing', transferMode: 'ReportEvents' });
  await page.waitForTimeout(ms);
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  return events;
}

describe('hostile pages', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve(
      {
        'arxiv.org/list/cs.CR/new': join(LOCAL_FIXTURES, 'arxiv-impostor.synthetic.html'),
        'arxiv.org/list/cs.CR/recent': join(LOCAL_FIXTURES, 'arxiv-messenger.synthetic.html'),
        'arxiv.org/list/cs.CR/pastweek': join(LOCAL_FIXTURES, 'arxiv-churn.synthetic.html'),
        'arxiv.org/list/cs.NE/pastweek': { html: flood(20_000) },
        // Ids of their own: the flood page below counts what it adds.
        'arxiv.org/list/cs.IR/new': { html: flood(3).replaceAll('2408.', '2410.') },
        // Tampering (issue 13, points 1 and 2): the paper's own listing, then another site claiming its id.
        'arxiv.org/list/cs.LG/new': { html: listing([GENUINE]) },
        'huggingface.co/papers': { html: hfDaily(claims()) },
        // The same page where the overlay does not run (a site not granted): the page's own cost, for comparison.
        [`${UNGRANTED_HOST}/flood`]: { html: flood(20_000) },
      },
      tempDir('ps-cert-'),
    );
    browser = await launch(served.port);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('entries that impersonate the overlay: our controls on the real entries only, the fakes left alone', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/list/cs.CR/new');
    await expect.poll(() => ourIds(page)).toEqual(['arxiv:2407.30001', 'arxiv:2407.30002', 'arxiv:2407.30003']);
    // The page's own look-alikes are untouched: same attributes, no shadow root, not counted.
    const fakes = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('papershelf-entry:not([data-theme]), body papershelf-bar')].map(
        (e) => `${e.tagName.toLowerCase()} ${e.dataset.paperId ?? e.dataset.entries} ${e.shadowRoot ? 'shadow' : ''}`,
      ),
    );
    expect(fakes).toEqual([
      'papershelf-bar 99 ',
      'papershelf-entry arxiv:2407.30001 ',
      'papershelf-entry arxiv:2407.39999 ',
    ]);
    await expect.poll(() => page.locator('html > papershelf-bar').getAttribute('data-entries')).toBe('3');
    // Markup in a title is a title.
    const labels = (await controls(page, 'papershelf-entry', '.ps-star')).map((c) => c.attrs['aria-label']);
    expect(labels).toContain(
      'Star: <papershelf-entry data-paper-id="arxiv:0000.00000"></papershelf-entry> Markup as title',
    );
    // The page's fake star button is the page's: clicking it changes nothing in the library.
    await page.locator('body papershelf-entry button').first().click();
    expect(await page.evaluate(() => (window as unknown as { __fakeClicked?: number }).__fakeClicked)).toBe(1);
    await page.waitForTimeout(200);
    expect((await stored(browser, 'arxiv:2407.30001'))?.starred).toBe(false);
    expect(await stored(browser, 'arxiv:2407.39999')).toBeUndefined();
    await page.close();
  });

  it("a page claiming the user's paper rewrites nothing; over-limit entries are clipped, the rest stored, none pending", async () => {
    // The user meets the paper on its own site (arXiv) and stars it.
    const own = await browser.context.newPage();
    await own.goto('https://arxiv.org/list/cs.LG/new');
    await settled(own, 1);
    await click(own, entry(`arxiv:${GENUINE.id}`), '.ps-star');
    await expect.poll(async () => (await stored(browser, `arxiv:${GENUINE.id}`))?.starred).toBe(true);
    await own.close();
    const before = await record(browser, `arxiv:${GENUINE.id}`);
    expect(before).toMatchObject({ title: GENUINE.title, authors: ['Ada Lovelace'], abstract: GENUINE.abstract });

    // Another site lists 50 papers: one claims the starred paper, three are over every limit; its address is long.
    const page = await browser.context.newPage();
    await page.goto(`https://huggingface.co/papers?date=2024-09-02&ref=${'x'.repeat(3_000)}`);
    await settled(page, 50);
    await expect.poll(() => page.locator(BAR).getAttribute('data-pending'), { timeout: 15_000 }).toBe('0');
    expect((await text(page, BAR, '.ps-bar-notice')) ?? '').toBe(''); // no "not saved"

    // The starred paper is as the user's own site left it: no field rewritten, no gap filled, no foreign link.
    const after = await record(browser, `arxiv:${GENUINE.id}`);
    for (const field of ['title', 'authors', 'abstract', 'codeUrl', 'pdfUrl', 'keywords', 'starred']) {
      expect(after?.[field], field).toEqual(before?.[field]);
    }
    // Every other entry is stored, the over-limit ones clipped to the limits.
    const rows = claims().slice(1);
    const got = await Promise.all(rows.map((p) => record(browser, `arxiv:${String(p.id)}`)));
    expect(got.filter(Boolean)).toHaveLength(49);
    expect(got[0]?.authors).toHaveLength(2_000);
    expect(String(got[1]?.codeUrl ?? '').length).toBeLessThanOrEqual(2_048);
    expect(got[2]?.keywords).toHaveLength(100);
    expect(got[3]).toMatchObject({ title: 'Daily paper 3', authors: ['Grace Hopper'], abstract: 'Abstract 3.' });
    await page.close();
  });

  it("a page learns nothing of the user's stars, tags or history: closed roots, no state on its DOM", async () => {
    // The user's library: a paper of this page starred and privately tagged, another tag on a paper elsewhere.
    const popup = await browser.openPopup();
    const pageIds = ['arxiv:2410.00000', 'arxiv:2410.00001', 'arxiv:2410.00002'];
    const paper = (id: string) => ({ id, title: `Flood paper ${id.slice(-1)}`, authors: [], url: '' });
    await browser.send(popup, 'recordSightings', {
      site: 'arxiv',
      url: 'https://arxiv.org/list/cs.IR/old',
      entries: [...pageIds.map(paper), { ...paper('arxiv:2411.00009'), title: 'Elsewhere' }],
    });
    await browser.send(popup, 'setStarred', { id: pageIds[1], starred: true });
    await browser.send(popup, 'setTags', { id: pageIds[1], tags: ['job-hunt'] });
    await browser.send(popup, 'setTags', { id: 'arxiv:2411.00009', tags: ['health-private'] });
    await popup.close();

    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/list/cs.IR/new');
    await settled(page, 3);
    // The user opens the tag editor (a real click): its completions hold every tag of the library.
    await click(page, entry(pageIds[0] as string), '.ps-add-tag');
    await expect.poll(() => count(page, entry(pageIds[0] as string), 'datalist option')).toBeGreaterThan(0);
    // What the page's own script can see: roots, attributes, text, lists, styles of our hosts.
    const seen = await page.evaluate(() => {
      const hosts = [...document.querySelectorAll<HTMLElement>('papershelf-entry, papershelf-bar')];
      return {
        roots: hosts.map((h) => h.shadowRoot),
        attrs: hosts.flatMap((h) => h.getAttributeNames().map((n) => `${n}=${h.getAttribute(n)}`)),
        text: document.documentElement.textContent ?? '',
        options: [...document.querySelectorAll('option, datalist')].map((o) => o.outerHTML),
        pressed: document.querySelectorAll('[aria-pressed="true"], [data-status]').length,
        // A stylesheet probing state by attribute (the CSS exfiltration of issue 13): nothing to match.
        probe: (() => {
          const style = document.createElement('style');
          style.textContent = '[data-status=seen], [data-status=new], [data-starred] { outline: 7px solid red; }';
          document.head.append(style);
          const hit = hosts.some((h) => getComputedStyle(h).outlineWidth === '7px');
          style.remove();
          return hit;
        })(),
      };
    });
    expect(seen.roots.every((r) => r === null)).toBe(true);
    expect(
      seen.attrs.filter(
        (a) => !/^(data-paper-id|data-theme|data-entries|data-pending|data-scan-ms|data-extract-ms|style)=/.test(a),
      ),
    ).toEqual([]);
    for (const secret of ['job-hunt', 'health-private', 'starred', 'seen ']) expect(seen.text).not.toContain(secret);
    expect(seen.options).toEqual([]);
    expect(seen.pressed).toBe(0);
    expect(seen.probe).toBe(false);
    // Yet the user sees it all: the star pressed, the tag chip.
    expect(await attr(page, entry(pageIds[1] as string), '.ps-star', 'aria-pressed')).toBe('true');
    expect(await text(page, entry(pageIds[1] as string), '.ps-chip')).toBe('job-hunt×');
    await page.close();
  });

  it("a page can neither read the extension's id from its messages nor stop the overlay by replaying WXT's start", async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __messages: string[] };
      w.__messages = [];
      window.addEventListener('message', (e) => w.__messages.push(JSON.stringify(e.data)));
    });
    await page.goto('https://arxiv.org/list/cs.IR/new');
    await settled(page, 3);
    const messages = await page.evaluate(() => (window as unknown as { __messages: string[] }).__messages);
    expect(messages.join('\n')).not.toContain(browser.extensionId);
    // A page that knows the id (a store build's id is public) replays the start of a newer instance.
    await page.evaluate((name) => {
      const detail = { contentScriptName: 'feeds', messageId: 'page' };
      document.dispatchEvent(new CustomEvent(name, { detail }));
      window.postMessage({ type: name, ...detail }, '*');
      window.dispatchEvent(new Event(name.replace('content-script-started', 'locationchange')));
    }, `${browser.extensionId}:feeds:wxt:content-script-started`);
    await page.waitForTimeout(1500);
    expect(await page.locator('papershelf-entry').count()).toBe(3);
    // The overlay still works: the user's click stars, the keys move, new entries get controls.
    await click(page, entry('arxiv:2410.00002'), '.ps-star');
    await expect.poll(async () => (await stored(browser, 'arxiv:2410.00002'))?.starred).toBe(true);
    await page.keyboard.press('j');
    expect(await page.locator(await mark(page, 'current')).count()).toBe(1);
    await page.evaluate(() => {
      const dl = document.querySelector('#articles') as HTMLElement;
      dl.insertAdjacentHTML(
        'beforeend',
        '<dt><a href="/abs/2410.00003" title="Abstract">arXiv:2410.00003</a></dt><dd><div class="meta"><div class="list-title mathjax">Flood paper 3</div></div></dd>',
      );
    });
    await settled(page, 4);
    await page.close();
  });

  it('acting as the user: text planted with execCommand, or a click on a control the page hid or moved, does nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/list/cs.IR/new');
    await settled(page, 3);
    // The user opens the tag editor (a real click); the page inserts text into the focused field, a trusted
    // input event, and moves the focus away to commit it.
    const tagged = entry('arxiv:2410.00002');
    await click(page, tagged, '.ps-add-tag');
    await expect.poll(() => count(page, tagged, '.ps-tag-input')).toBe(1);
    await page.evaluate(async () => {
      document.execCommand('insertText', false, 'planted');
      await new Promise((r) => setTimeout(r, 50));
      (document.querySelector('#articles a') as HTMLElement).focus();
    });
    await page.waitForTimeout(300);
    expect((await stored(browser, 'arxiv:2410.00002'))?.tags).toEqual([]);
    // What the user types is kept.
    await click(page, tagged, '.ps-add-tag');
    await expect.poll(() => count(page, tagged, '.ps-tag-input')).toBe(1);
    await page.keyboard.type('mine');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await stored(browser, 'arxiv:2410.00002'))?.tags).toEqual(['mine']);
    await page.keyboard.press('Escape');

    // The page tries to put the focus on a star, so that the user's next Space would press it: it cannot reach one.
    await page.evaluate(() => {
      const host = document.querySelector('papershelf-entry[data-paper-id="arxiv:2410.00001"]') as HTMLElement;
      host.tabIndex = 0;
      host.focus();
    });
    await page.keyboard.press('Space');
    await page.waitForTimeout(200);
    expect((await stored(browser, 'arxiv:2410.00001'))?.starred).toBe(true); // as the user left it (starred above)

    // The page makes a star invisible and moves it over its own content: the user's click there stars nothing.
    const target = entry('arxiv:2410.00000');
    const style = await page.addStyleTag({
      content: `${target} { position: fixed !important; left: 40px; top: 40px; opacity: 0.01 !important; z-index: 2147483647 !important; }`,
    });
    await click(page, target, '.ps-star');
    await page.waitForTimeout(300);
    expect((await stored(browser, 'arxiv:2410.00000'))?.starred).toBe(false);
    await expect.poll(() => text(page, BAR, '.ps-bar-notice')).toContain('hidden or moved by the page');
    // Shown as drawn again, the same star works.
    await style.evaluate((el) => (el as Element).remove());
    await click(page, target, '.ps-star');
    await expect.poll(async () => (await stored(browser, 'arxiv:2410.00000'))?.starred).toBe(true);
    await page.close();
  });

  it("crafted messages from the content script's own world: admin messages refused, another paper's star refused", async () => {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    const worlds: { id: number; name: string; type?: string }[] = [];
    cdp.on(
      'Runtime.executionContextCreated',
      (e: { context: { id: number; name: string; auxData?: { type?: string } } }) =>
        worlds.push({ id: e.context.id, name: e.context.name, type: e.context.auxData?.type }),
    );
    await cdp.send('Runtime.enable');
    await page.goto('https://arxiv.org/list/cs.IR/new');
    await settled(page, 3);
    const world = worlds.find((w) => w.type === 'isolated' && w.name === 'PaperShelf');
    expect(world, JSON.stringify(worlds)).toBeDefined();
    // Whatever runs in that world (a compromised content script) sends through the extension's own messaging.
    const sendFrom = async (type: string, payload: unknown) => {
      const r = (await cdp.send('Runtime.evaluate', {
        contextId: world?.id,
        awaitPromise: true,
        returnByValue: true,
        expression: `chrome.runtime.sendMessage(${JSON.stringify({ papershelf: 1, type, payload })})`,
      })) as { result: { value?: { ok: boolean; error?: string } } };
      return r.result.value;
    };
    const before = await stored(browser, 'arxiv:2411.00009');
    const shown = await stored(browser, 'arxiv:2410.00002');
    expect(before).toBeDefined();
    for (const [type, payload] of [
      ['deletePapers', { ids: ['arxiv:2411.00009'] }],
      ['setSettings', { patch: { sync: true, overlay: false } }],
      ['renameTag', { from: 'health-private', to: 'x' }],
      ['bulkUpdate', { ids: ['arxiv:2411.00009'], change: { starred: true } }],
      ['importPapers', { papers: [] }],
      ['undo', {}],
    ] as const) {
      expect(await sendFrom(type, payload), type).toEqual({ ok: false, error: `${type}: not allowed from a web page` });
    }
    // A paper the page did not show cannot be starred or tagged from it; nor can a star name another paper.
    expect((await sendFrom('setStarred', { id: 'arxiv:2411.00009', starred: true }))?.error).toBe(
      'setStarred: not a paper this page showed',
    );
    expect((await sendFrom('changeTags', { id: 'arxiv:2411.00009', add: ['x'], remove: [] }))?.error).toBe(
      'changeTags: not a paper this page showed',
    );
    const swap = await sendFrom('setStarred', {
      id: 'arxiv:2410.00002',
      starred: true,
      paper: { id: 'arxiv:2411.00009', title: 'Elsewhere', authors: [], url: '' },
    });
    expect(swap?.error).toBe('setStarred: the paper is another one');
    expect(await stored(browser, 'arxiv:2411.00009')).toEqual(before);
    expect(await stored(browser, 'arxiv:2410.00002')).toEqual(shown);
    // What a feed page needs still works from there: a paper of this page.
    expect((await sendFrom('changeTags', { id: 'arxiv:2410.00002', add: ['from-page'], remove: [] }))?.ok).toBe(true);
    await cdp.detach();
    await page.close();
  });

  it('a page posing as the extension (messages, events, synthetic clicks and keys) changes nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/list/cs.CR/recent');
    await expect.poll(() => ourIds(page)).toEqual(['arxiv:2407.40001', 'arxiv:2407.40002']);
    await page.evaluate(() => window.postMessage('attack', '*'));
    await page.waitForFunction(() => document.body.dataset.attacked === '1');
    await page.waitForTimeout(500);
    const attempts = await page.evaluate(() => (window as unknown as { __attempts: string[] }).__attempts);
    // What it could reach: neither the extension's messaging nor our controls (closed shadow roots).
    expect(attempts).toContain('no chrome.runtime');
    expect(attempts).not.toContain('read shadow root');
    expect(attempts).not.toContain('clicked star');
    for (const id of ['arxiv:2407.40001', 'arxiv:2407.40002']) {
      expect(await stored(browser, id)).toMatchObject({ starred: false, tags: [] });
    }
    expect(await count(page, 'papershelf-entry', '.ps-star[aria-pressed="true"]')).toBe(0);
    expect(await page.locator(`${await mark(page, 'hidden')}, ${await mark(page, 'current')}`).count()).toBe(0);
    // The user's own click still works.
    await click(page, 'papershelf-entry[data-paper-id="arxiv:2407.40001"]', '.ps-star');
    await expect.poll(async () => (await stored(browser, 'arxiv:2407.40001'))?.starred).toBe(true);
    await page.close();
  });

  it('a page that mutates its DOM every 10 ms: one control per entry, rescans backed off, still usable', async () => {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await page.goto('https://arxiv.org/list/cs.CR/pastweek');
    await expect.poll(() => page.locator('papershelf-entry').count()).toBe(40);
    const events = await trace(page, cdp, 3000);
    const scans = events.filter((e) => e.name === 'papershelf-scan-start').length;
    const ticks = await page.evaluate(() => (window as unknown as { __ticks: number }).__ticks);
    process.stdout.write(`${JSON.stringify({ bench: 'e2e-churn', mutations_per_s: 100, window_ms: 3000, scans })}\n`);
    expect(ticks).toBeGreaterThan(100); // the page really churned
    // At most one rescan per 120 ms would be 25; with the back-off, far fewer (the page re-renders an entry
    // every 500 ms, which resets it).
    expect(scans).toBeGreaterThan(0);
    expect(scans).toBeLessThanOrEqual(16);
    // Never two controls in an entry; a just re-rendered entry gets its one control at the next rescan.
    const perEntry = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('#articles > dd')].map((dd) => dd.querySelectorAll('papershelf-entry').length),
      );
    for (let k = 0; k < 10; k++) {
      expect(Math.max(...(await perEntry()))).toBe(1);
      await page.waitForTimeout(100);
    }
    // …and at a moment when every entry has its control, each control is for its own entry's paper.
    const matched = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('#articles > dd')].map((dd) => {
          const hosts = [...dd.querySelectorAll<HTMLElement>('papershelf-entry')];
          const id = dd.previousElementSibling?.querySelector('a')?.getAttribute('href')?.replace('/abs/', 'arxiv:');
          return hosts.length === 1 && hosts[0]?.dataset.paperId === id;
        }),
      );
    await expect.poll(matched, { timeout: 3000, interval: 20 }).toEqual(new Array(40).fill(true));
    const churned = 'papershelf-entry[data-paper-id="arxiv:2407.50003"]';
    expect(await attr(page, churned, '.ps-star', 'aria-label')).toBe('Star: Churning paper 3');
    await click(page, churned, '.ps-star');
    await expect.poll(async () => (await stored(browser, 'arxiv:2407.50003'))?.starred).toBe(true);
    await cdp.detach();
    await page.close();
  });

  it('a page of 20,000 entries: every one given a control, at most 2,000 stored (the bound on one visit), the page kept responsive', async () => {
    // After its load settles, how long the page's own 16 ms timer ever stalled, and over how many stalls.
    const stalls = (page: Page, after: number) =>
      page.evaluate((t) => {
        const gaps = (window as unknown as { __gaps: [number, number][] }).__gaps.filter(([at]) => at >= t);
        return { max: Math.max(0, ...gaps.map(([, g]) => g)), over100: gaps.length };
      }, after);

    // Baseline in the same run: the same page without the overlay.
    const plain = await browser.context.newPage();
    await plain.goto(`https://${UNGRANTED_HOST}/flood`, { timeout: 60_000 });
    await plain.waitForTimeout(1500);
    const plainLoaded = await plain.evaluate(() => performance.now());
    await plain.waitForTimeout(8000);
    const baseline = await stalls(plain, 0);
    const baselineAfterLoad = await stalls(plain, plainLoaded);
    await plain.close();

    const page = await browser.context.newPage();
    const started = Date.now();
    await page.goto('https://arxiv.org/list/cs.NE/pastweek', { timeout: 60_000 });
    await page.waitForFunction(
      () => {
        const bar = document.querySelector<HTMLElement>('html > papershelf-bar');
        return (
          document.querySelectorAll('papershelf-entry').length === 20_000 &&
          bar?.dataset.entries === '20000' &&
          bar.dataset.pending === '0'
        );
      },
      undefined,
      { timeout: 120_000, polling: 500 },
    );
    const allMs = Date.now() - started;
    const withOverlay = await stalls(page, 0);
    // The overlay's own work: what stalls the page after its load has ended (the parse and first layout of 20,000
    // entries is one stall of seconds with or without the overlay, and varies by a second from run to run).
    const loadEnd = await page.evaluate(
      () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
    );
    const afterLoad = await stalls(page, loadEnd);
    const facts = await page.evaluate(() => ({
      bar: document.querySelector('html > papershelf-bar')?.getAttribute('data-entries'),
      scanMs: Number(document.querySelector('html > papershelf-bar')?.getAttribute('data-scan-ms')),
    }));
    const papers = Object.keys(await browser.read(null)).filter((k) => k.startsWith('p:arxiv:2408.')).length;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'e2e-flood',
        n: 20_000,
        stored: papers,
        all_recorded_ms: allMs,
        first_scan_ms: facts.scanMs,
        page_longest_stall_ms: Math.round(withOverlay.max),
        page_stalls_over_100ms: withOverlay.over100,
        after_load_longest_stall_ms: Math.round(afterLoad.max),
        after_load_stalls_over_100ms: afterLoad.over100,
        baseline_longest_stall_ms: Math.round(baseline.max),
        baseline_stalls_after_load: baselineAfterLoad.over100,
      })}\n`,
    );
    // Every entry has its control, but one visit adds at most VISIT_LIMITS.papers papers (issue 12's flood bound).
    expect(papers).toBe(VISIT_LIMITS.papers);
    expect(facts.bar).toBe('20000');
    // Responsive: after the page's load, the overlay's work never stalls the page as long as the page's own load
    // does without it (a regression such as one 20,000-entry mount task or a layout read per entry stalls it for
    // many seconds).
    expect(afterLoad.max).toBeLessThan(baseline.max);
    // Controls reach the end of the page: scroll there and the last entry has its star.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect
      .poll(() => attr(page, 'papershelf-entry[data-paper-id="arxiv:2408.19999"]', '.ps-star', 'aria-label'))
      .toBe('Star: Flood paper 19999');
    await page.close();
  }, 180_000);
});
