import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attr, BAR, click, clickText, controls, count, entry, mark, settled, text } from './closed';
import { type Browser, LOCAL_FIXTURES, launch, type Served, SHARED_FIXTURES, serve, tempDir } from './harness';

const HF_DAILY = 'https://huggingface.co/papers?date=2024-08-01';
const ARXIV_LIST = 'https://arxiv.org/list/cs/2301?show=3';
const ARXIV_SEARCH = 'https://arxiv.org/search/?searchtype=abstract&query=distributed+systems&size=200';

/** An arXiv listing (current markup) of n generated entries, numbered from `from`. */
function bigListing(n: number, from = 1): string {
  const rows: string[] = [];
  for (let i = from; i < from + n; i++) {
    const id = `2407.${String(i).padStart(5, '0')}`;
    rows.push(
      `<dt><a href="/abs/${id}" title="Abstract">arXiv:${id}</a> [<a href="/pdf/${id}">pdf</a>]</dt><dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> Paper ${i} on scaling laws</div><div class="list-authors"><a href="/a/1">Ada Lovelace</a>, <a href="/a/2">Alan Turing</a></div><p class="mathjax">Abstract of paper ${i}.\n  It has two lines.</p></div></dd>`,
    );
  }
  return `<!doctype html><html><head><title>big listing</title></head><body><dl id="articles">${rows.join('\n')}</dl></body></html>`;
}

/** Controls render when their entry nears the viewport: bring one there. */
async function reveal(page: Page, id: string): Promise<void> {
  // The entry's own element: an unrendered host has no box to scroll to.
  await page.evaluate((i) => {
    const host = document.querySelector(`papershelf-entry[data-paper-id="${i}"]`);
    (host?.closest('dd, article, li') ?? host?.parentElement)?.scrollIntoView();
  }, id);
}

async function storedPaper(browser: Browser, id: string): Promise<{ dismissedAt?: string } | undefined> {
  return (await browser.read(`p:${id}`))[`p:${id}`] as { dismissedAt?: string } | undefined;
}

/** Ids (starting with `prefix`) of stored papers marked seen, sorted. */
async function viewed(browser: Browser, prefix: string): Promise<string[]> {
  const all = (await browser.read(null)) as Record<string, { id?: string; viewedAt?: string }>;
  return Object.values(all)
    .filter((r) => typeof r?.id === 'string' && r.id.startsWith(prefix) && r.viewedAt)
    .map((r) => r.id as string)
    .sort();
}

async function hostIds(page: Page): Promise<string[]> {
  return page
    .locator('papershelf-entry')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.paperId ?? ''));
}

describe('feed overlay in real Chromium', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve(
      {
        'huggingface.co/papers': join(SHARED_FIXTURES, 'huggingface/daily-2024-08-01.html'),
        'arxiv.org/list/cs/2301': join(SHARED_FIXTURES, 'arxiv/list-cs-2301-show3.html'),
        'arxiv.org/search/': join(SHARED_FIXTURES, 'arxiv/search-abstract-distributed-systems-200.html'),
        'arxiv.org/list/cs.LG/new': join(LOCAL_FIXTURES, 'arxiv-appending.synthetic.html'),
        'arxiv.org/list/cs.CR/new': join(LOCAL_FIXTURES, 'arxiv-hostile.synthetic.html'),
        'arxiv.org/list/cs.DL/pastweek': { html: bigListing(500) },
        'arxiv.org/list/cs.DL/new': { html: bigListing(7, 501) },
        'arxiv.org/list/cs.RO/new': { html: bigListing(40, 701) },
        'arxiv.org/list/cs.NE/new': {
          html: bigListing(2, 1).replaceAll('2407.00001', '2301.00002').replaceAll('2407.00002', '2301.00099'),
        },
        'arxiv.org/list/cs.AI/new': {
          html: bigListing(3, 601).replace('<body>', '<body style="background:#121212;color:#ddd">'),
        },
        'huggingface.co/papers/date/2025-03-14': join(LOCAL_FIXTURES, 'hf-navigation.synthetic.html'),
        'arxiv.org/': {
          html: '<!doctype html><title>arXiv.org e-Print archive</title><h1>arXiv</h1><a href="/list/cs/new">cs</a>',
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

  it('puts one control per entry, with the right paper id, on the HF daily and arXiv pages', async () => {
    const page = await browser.context.newPage();
    await page.goto(HF_DAILY);
    await settled(page, 13);
    const ids = await hostIds(page);
    expect(ids[0]).toBe('arxiv:2407.21783');
    expect(ids.at(-1)).toBe('arxiv:2404.01300');
    expect(new Set(ids).size).toBe(13);
    // Each control sits in its card, in a closed shadow root, with a labelled star button.
    await reveal(page, 'arxiv:2407.21783');
    await expect
      .poll(() => attr(page, entry('arxiv:2407.21783'), '.ps-star', 'aria-label'))
      .toBe('Star: The Llama 3 Herd of Models');
    expect(await attr(page, entry('arxiv:2407.21783'), '.ps-star', 'aria-pressed')).toBe('false');
    // The page's own script cannot reach the controls, nor read any state off the host.
    expect(
      await page.evaluate(() => {
        const host = document.querySelector('papershelf-entry') as HTMLElement;
        return { root: host.shadowRoot, attrs: host.getAttributeNames().sort() };
      }),
    ).toEqual({ root: null, attrs: ['data-paper-id', 'data-theme'] });
    expect(await page.locator('article papershelf-entry[data-paper-id="arxiv:2407.21783"]').count()).toBe(1);

    await page.goto(ARXIV_LIST);
    await settled(page, 3);
    expect(await hostIds(page)).toEqual(['arxiv:2301.00001', 'arxiv:2301.00002', 'arxiv:2301.00003']);

    await page.goto(ARXIV_SEARCH);
    await settled(page, 200);
    const search = await hostIds(page);
    expect(search[0]).toBe('arxiv:2512.03003');
    expect(search.at(-1)).toBe('arxiv:2512.08261');
    await page.close();
  });

  it('stars an entry: still starred after reload, and listed as starred in the popup', async () => {
    const page = await browser.context.newPage();
    await page.goto(HF_DAILY);
    await settled(page, 13);
    const shield = entry('arxiv:2407.21772');
    await reveal(page, 'arxiv:2407.21772');
    await expect.poll(() => count(page, shield, '.ps-star')).toBe(1);
    await click(page, shield, '.ps-star');
    await expect.poll(() => attr(page, shield, '.ps-star', 'aria-pressed')).toBe('true');
    await page.reload();
    await settled(page, 13);
    await reveal(page, 'arxiv:2407.21772');
    await expect.poll(() => attr(page, shield, '.ps-star', 'aria-pressed')).toBe('true');

    const popup = await browser.openPopup();
    const inPopup = popup.getByRole('button', {
      name: 'Star: ShieldGemma: Generative AI Content Moderation Based on Gemma',
    });
    await inPopup.waitFor();
    expect(await inPopup.getAttribute('aria-pressed')).toBe('true');

    // Live: unstar in the popup, the page follows without reload.
    await inPopup.click();
    await expect.poll(() => attr(page, shield, '.ps-star', 'aria-pressed'), { timeout: 5_000 }).toBe('false');
    await popup.close();
    await page.close();
  });

  it('"seen" is what was on screen: a reload shows those seen and every other entry still new; Hide seen keeps starred ones', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/list/cs.DL/pastweek');
    await settled(page, 500);
    // The entries at least half on screen at the top of the page (what the reader has in front of them).
    const onScreen = await page.evaluate(() =>
      [...document.querySelectorAll('dl#articles > dd')]
        .filter((dd) => {
          const r = dd.getBoundingClientRect();
          const shown = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
          return shown >= r.height / 2;
        })
        .map((dd) => dd.querySelector('papershelf-entry')?.getAttribute('data-paper-id')),
    );
    expect(onScreen.length).toBeGreaterThan(2);
    expect(onScreen.length).toBeLessThan(20);
    // A second on screen, then they are stored as seen; nothing further down is. (Only this page's papers count:
    // an earlier test's page may have had its own entries on screen long enough to be seen.)
    const here = new Set(await hostIds(page));
    expect(here.size).toBe(500);
    const seenHere = async () => (await viewed(browser, 'arxiv:2407.')).filter((id) => here.has(id));
    await expect.poll(seenHere, { timeout: 10_000 }).toEqual(onScreen.sort());
    await page.waitForTimeout(1500);
    expect(await seenHere()).toEqual(onScreen.sort());

    await page.reload();
    await settled(page, 500);
    await expect
      .poll(() => text(page, BAR, '.ps-bar-counts'))
      .toBe(`500 papers · ${500 - onScreen.length} new · 0 starred`);
    expect(await text(page, entry(onScreen[0] as string), '.ps-status')).toMatch(/^seen (just now|\d+ min ago)$/);
    await reveal(page, 'arxiv:2407.00400');
    await expect.poll(() => text(page, entry('arxiv:2407.00400'), '.ps-status')).toBe('new');
    await page.evaluate(() => scrollTo(0, 0));

    // Star one of the seen papers: Hide seen hides the others, not it.
    await click(page, entry(onScreen[1] as string), '.ps-star');
    await clickText(page, BAR, 'label', 'Hide seen');
    await expect.poll(() => page.locator('dl#articles > dd:visible').count()).toBe(500 - onScreen.length + 1);
    expect(
      await page.locator(`dl#articles > dd:visible papershelf-entry[data-paper-id="${onScreen[1]}"]`).count(),
    ).toBe(1);
    await clickText(page, BAR, 'button', 'Clear');
    await expect.poll(() => page.locator('dl#articles > dd:visible').count()).toBe(500);
    expect(await page.locator(await mark(page, 'hidden')).count()).toBe(0);
    await page.close();
  });

  it('gives entries that arrive after load exactly one control each', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/list/cs.LG/new');
    await page.waitForFunction(() => document.body.dataset.appended === '50');
    await settled(page, 50);
    await page.waitForTimeout(500); // any late rescans have run
    const ids = await hostIds(page);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    await page.close();
  });

  it('renders hostile titles as text: no script runs, the page stays usable', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/list/cs.CR/new');
    await settled(page, 5);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const stars = await controls(page, 'papershelf-entry', '.ps-star');
    const labelled = (label: string) => stars.findIndex((c) => c.attrs['aria-label'] === label);
    expect(labelled('Star: <img src=x onerror="window.__pwned=1"> Image title')).toBeGreaterThanOrEqual(0);
    await click(
      page,
      'papershelf-entry',
      '.ps-star',
      labelled('Star: <img src=x onerror="window.__pwned=1"> Image title'),
    );
    await click(
      page,
      'papershelf-entry',
      '.ps-star',
      labelled('Star: </button><script>window.__pwned=3</script> Closing tags'),
    );
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The 5,000-character title: the control is still there and clickable.
    await click(page, entry('arxiv:2406.20005'), '.ps-star');
    await expect.poll(() => count(page, 'papershelf-entry', '.ps-star[aria-pressed="true"]')).toBe(3);
    // The page bar counts them at once.
    await expect.poll(() => text(page, BAR, '.ps-bar-counts')).toMatch(/ 3 starred$/);
    // Nothing of the content script is visible to the page's own script.
    expect(await page.evaluate(() => 'papershelfOverlay' in window)).toBe(false);
    await page.close();
    // In the popup too, the hostile title and author are text.
    const popup = await browser.openPopup();
    await popup.getByRole('combobox', { name: 'Search papers' }).fill('Image title');
    const row = popup.locator('[role="row"][data-paper-id][data-paper-id="arxiv:2406.20001"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('<img src=x onerror="window.__pwned=1"> Image title');
    expect(await row.textContent()).toContain('<script>window.__pwned=2</script>');
    expect(await popup.locator('#ps-results img, #ps-results script').count()).toBe(0);
    expect(await popup.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await popup.close();
  });

  it('is driven by the keyboard: j moves, s stars, t edits tags, x hides, ? helps; not while typing', async () => {
    const page = await browser.context.newPage();
    await page.goto(ARXIV_LIST);
    await settled(page, 3);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await page.locator(await mark(page, 'current')).count()).toBe(1);
    await page.keyboard.press('s');
    const second = entry('arxiv:2301.00002');
    await expect.poll(() => attr(page, second, '.ps-star', 'aria-pressed')).toBe('true');

    await page.keyboard.press('t');
    await expect
      .poll(() => attr(page, second, '.ps-tag-input', 'aria-label'))
      .toMatch(/Add a tag to: Evaluating Alternative Glyph/);
    await page.keyboard.type('vis, quantum');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // empty: closes the editor
    await expect
      .poll(async () => (await controls(page, second, '.ps-chip')).map((c) => c.text))
      .toEqual(['vis×', 'quantum×']);
    expect(await attr(page, second, '.ps-star', 'aria-pressed')).toBe('true'); // typing "s" in the editor did not unstar

    await page.keyboard.press('x');
    expect(await page.locator('dl#articles > dd:visible').count()).toBe(2);
    // The selection stays in place: the next entry below, not back to the top.
    await expect
      .poll(async () => page.locator(`${await mark(page, 'current')} papershelf-entry`).getAttribute('data-paper-id'))
      .toBe('arxiv:2301.00003');
    await page.keyboard.press('?');
    await expect.poll(() => text(page, BAR, '.ps-help')).toContain('next / previous paper');
    await page.close();
  });

  it('j keeps the selected entry clear of the bar; the help stays compact', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1000, height: 600 });
    await page.goto('https://arxiv.org/list/cs.RO/new');
    await settled(page, 40);
    const current = await mark(page, 'current');
    const clear = () =>
      page.evaluate((sel) => {
        const current = document.querySelector(`${sel}:not(dt)`) as HTMLElement;
        const bar = document.querySelector('html > papershelf-bar') as HTMLElement;
        const r = current.getBoundingClientRect();
        const b = bar.getBoundingClientRect();
        // Clear of the bar: above it, or beside it (the bar sits in the bottom right corner).
        return r.bottom <= b.top + 1 || r.right <= b.left;
      }, current);
    for (let k = 0; k < 14; k++) {
      await page.keyboard.press('j');
      expect(await clear(), `after j ×${k + 1}`).toBe(true);
    }
    await page.keyboard.press('?');
    await expect.poll(() => text(page, BAR, '.ps-help')).toContain('not interested');
    const height = await page.evaluate(
      () => document.querySelector('html > papershelf-bar')?.getBoundingClientRect().height ?? 0,
    );
    expect(height).toBeLessThan(200); // two compact columns, not a wall over the page
    await page.close();
  });

  it('"not interested" lasts: hidden on another feed, counted with a way back; search filters it', async () => {
    const dismissed = 'arxiv:2301.00002'; // x in the keyboard test above
    await expect.poll(async () => (await storedPaper(browser, dismissed))?.dismissedAt).toBeTruthy();
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/list/cs.NE/new'); // another feed listing it
    await settled(page, 2);
    await expect.poll(() => page.locator('dl#articles > dd:visible').count()).toBe(1);
    await expect.poll(() => text(page, BAR, '.ps-bar-counts')).toBe('2 papers · 1 new · 1 starred'); // starred in the keyboard test too
    await clickText(page, BAR, 'button', '1 not interested · show');
    await expect.poll(() => page.locator('dl#articles > dd:visible').count()).toBe(2);
    expect(await attr(page, entry(dismissed), '.ps-dismiss', 'aria-pressed')).toBe('true');

    // Search: is:dismissed lists it, -is:dismissed leaves it out.
    const popup = await browser.openPopup();
    const box = popup.getByRole('combobox', { name: 'Search papers' });
    const rows = () =>
      popup.locator('[role="row"][data-paper-id]').evaluateAll((r) => r.map((e) => e.getAttribute('data-paper-id')));
    await box.fill('is:dismissed');
    await expect.poll(rows).toEqual([dismissed]);
    await box.fill('-is:dismissed glyph');
    await expect.poll(rows).not.toContain(dismissed);
    await popup.close();

    // Undone from its control: shown everywhere again.
    await click(page, entry(dismissed), '.ps-dismiss');
    await expect.poll(async () => (await storedPaper(browser, dismissed))?.dismissedAt).toBeUndefined();
    await clickText(page, BAR, 'label', 'Hide seen'); // any filter change re-applies: it stays shown
    await clickText(page, BAR, 'button', 'Clear');
    await expect.poll(() => page.locator('dl#articles > dd:visible').count()).toBe(2);
    await page.close();
  });

  it('shows the number of new papers on the toolbar badge', async () => {
    const badgeOfActiveTab = () =>
      browser.worker.evaluate(async () => {
        type Api = {
          tabs: { query(q: object): Promise<{ id: number }[]> };
          action: { getBadgeText(d: object): Promise<string> };
        };
        const api = (globalThis as unknown as { chrome: Api }).chrome;
        const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
        return tab ? api.action.getBadgeText({ tabId: tab.id }) : 'no tab';
      });
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/list/cs.DL/new');
    await settled(page, 7);
    await expect.poll(badgeOfActiveTab).toBe('7');
    // All seven are on screen: after a second they are seen, and the same papers again are nothing new.
    await expect.poll(() => viewed(browser, 'arxiv:2407.005'), { timeout: 10_000 }).toHaveLength(7);
    await page.reload();
    await settled(page, 7);
    await expect.poll(badgeOfActiveTab).toBe('');
    await page.close();
  });

  it("follows client-side navigation: the old view's controls go, the new view's come, none twice", async () => {
    const page = await browser.context.newPage();
    await page.goto('https://huggingface.co/papers/date/2025-03-14');
    await settled(page, 3);
    expect(await hostIds(page)).toEqual(['arxiv:2503.00001', 'arxiv:2503.00002', 'arxiv:2503.00003']);
    await page.getByRole('button', { name: 'Next day' }).click();
    await page.waitForFunction(() => {
      const ids = [...document.querySelectorAll<HTMLElement>('papershelf-entry')].map((h) => h.dataset.paperId);
      return ids.join() === 'arxiv:2503.10001,arxiv:2503.10002';
    });
    await settled(page, 2);
    const labels = async () =>
      (await controls(page, 'papershelf-entry', '.ps-star')).map((c) => c.attrs['aria-label'] ?? '');
    await expect.poll(labels).toContain('Star: Day two, paper one');
    expect((await labels()).some((l) => l.startsWith('Star: Day one'))).toBe(false);
    await page.close();
  });

  it('never blocks the page: its links and buttons work, and shortcuts can be switched off', async () => {
    const popup = await browser.openPopup();
    expect(await browser.send(popup, 'setSettings', { patch: { shortcuts: false } })).toMatchObject({ ok: true });
    const page = await browser.context.newPage();
    await page.goto(ARXIV_LIST);
    await settled(page, 3);
    await page.keyboard.press('j');
    await page.keyboard.press('s');
    expect(await page.locator(await mark(page, 'current')).count()).toBe(0);
    await page.getByRole('link', { name: 'arXiv:2301.00003' }).click();
    await page.waitForURL('https://arxiv.org/abs/2301.00003');
    expect(await browser.send(popup, 'setSettings', { patch: { shortcuts: true } })).toMatchObject({ ok: true });
    await page.close();
    await popup.close();
  });

  it('can be switched off per site in the settings: controls go at once, and come back when switched on', async () => {
    const page = await browser.context.newPage();
    await page.goto(ARXIV_LIST);
    await settled(page, 3);
    const popup = await browser.openPopup();
    expect(await browser.send(popup, 'setSettings', { patch: { disabledSites: ['arxiv'] } })).toMatchObject({
      ok: true,
    });
    await expect.poll(() => page.locator('papershelf-entry').count()).toBe(0);
    await page.reload();
    await page.waitForTimeout(500);
    expect(await page.locator('papershelf-entry').count()).toBe(0);
    // Other sites are not affected.
    const hf = await browser.context.newPage();
    await hf.goto(HF_DAILY);
    await settled(hf, 13);
    expect(await browser.send(popup, 'setSettings', { patch: { disabledSites: [] } })).toMatchObject({ ok: true });
    await settled(page, 3);
    for (const p of [page, hf, popup]) await p.close();
  });

  it('takes its theme from the page: dark controls on a dark page, light ones on a light page', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/list/cs.AI/new');
    await settled(page, 3);
    const themes = await page
      .locator('papershelf-entry, papershelf-bar')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.theme));
    expect(new Set(themes)).toEqual(new Set(['dark']));
    await page.goto(ARXIV_LIST);
    await settled(page, 3);
    expect(await page.locator('papershelf-entry').first().getAttribute('data-theme')).toBe('light');
    await page.close();
  });

  it('leaves pages that are not feeds exactly as they were', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/');
    const before = await page.content();
    await page.waitForTimeout(300);
    expect(await page.locator('papershelf-entry, papershelf-bar, style[data-papershelf]').count()).toBe(0);
    expect(await page.content()).toBe(before);
    await page.close();
  });

  it('extract + mount on a 500-entry listing forces no layout, and at most one style read', async () => {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    const events: { name: string; ts: number; dur?: number; tid: number; ph: string }[] = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as typeof events)));
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', {
      categories: 'blink.user_timing,devtools.timeline',
      transferMode: 'ReportEvents',
    });
    await page.goto('https://arxiv.org/list/cs.DL/pastweek?layout');
    await settled(page, 500);
    await cdp.send('Tracing.end');
    await complete;
    const start = events.find((e) => e.name === 'papershelf-scan-start');
    const end = events.find((e) => e.name === 'papershelf-scan-end');
    expect(start && end).toBeTruthy();
    const during = events.filter(
      (e) => e.tid === start?.tid && e.ts >= (start?.ts ?? 0) && e.ts <= (end?.ts ?? 0) && e.ph === 'X',
    );
    // The page's own layout happened before (it was painted); the scan adds 500 hosts without reading layout.
    expect(during.filter((e) => e.name === 'Layout')).toHaveLength(0);
    // One style read per page, for the theme (pageTheme), never one per entry.
    expect(during.filter((e) => e.name === 'UpdateLayoutTree').length).toBeLessThanOrEqual(1);
    await cdp.detach();
    await page.close();
  });

  it('extract + mount on a 500-entry listing: main-thread time reported', async () => {
    // Seven fresh tabs (the content script runs cold in each, as on a real visit); medians are reported.
    // Main-thread time is CPU time: a trace of the tab reads the thread clock (tts) at the overlay's User Timing
    // marks. Wall time is reported beside it (on this 2-core machine it includes waits for the other processes).
    type Run = { cpu: number; cpuExtract: number; wall: number };
    const runs: Run[] = [];
    for (let k = 0; k < 7; k++) {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      const events: { name: string; ts: number; tts?: number }[] = [];
      cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as typeof events)));
      const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.start', { categories: 'blink.user_timing', transferMode: 'ReportEvents' });
      await page.goto(`https://arxiv.org/list/cs.DL/pastweek?run=${k}`);
      await settled(page, 500);
      await page.waitForTimeout(300); // longer than the rescan debounce: a second scan would show
      await cdp.send('Tracing.end');
      await complete;
      const at = (name: string) => {
        const e = events.find((x) => x.name === name);
        if (!e || e.tts === undefined) throw new Error(`no ${name} mark with a thread clock in the trace`);
        return e;
      };
      const [start, extracted, end] = ['papershelf-scan-start', 'papershelf-extract-end', 'papershelf-scan-end'].map(
        at,
      );
      // One scan per visit: the overlay's own insertions (hosts, style, bar) never trigger another.
      expect(events.filter((e) => e.name === 'papershelf-scan-start')).toHaveLength(1);
      runs.push({
        cpu: ((end?.tts ?? 0) - (start?.tts ?? 0)) / 1000,
        cpuExtract: ((extracted?.tts ?? 0) - (start?.tts ?? 0)) / 1000,
        wall: ((end?.ts ?? 0) - (start?.ts ?? 0)) / 1000,
      });
      await cdp.detach();
      await page.close();
    }
    const median = (xs: number[]) => +([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number).toFixed(1);
    const line = {
      bench: 'e2e-extract-mount',
      n: 500,
      runs: runs.length,
      median_cpu_ms: median(runs.map((r) => r.cpu)),
      median_cpu_extract_ms: median(runs.map((r) => r.cpuExtract)),
      median_cpu_mount_ms: median(runs.map((r) => r.cpu - r.cpuExtract)),
      median_wall_ms: median(runs.map((r) => r.wall)),
      all_cpu_ms: runs.map((r) => +r.cpu.toFixed(1)),
      all_wall_ms: runs.map((r) => +r.wall.toFixed(1)),
      target_ms: 50,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    expect(runs.every((r) => r.cpu > 0 && r.cpuExtract > 0 && r.cpuExtract <= r.cpu && r.cpu <= r.wall + 1)).toBe(true);
  });
});
