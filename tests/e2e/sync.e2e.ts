import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launch, type Served, serve, tempDir } from './harness';

// The browser's storage.sync with no account signed in keeps data locally: enough to see the background's side
// of sync. "Another device" is played by writing to storage.sync from an extension page, as the browser does when
// a signed-in account brings another device's change.
type Area = { get(k: null): Promise<Record<string, unknown>>; set(i: Record<string, unknown>): Promise<void> };
declare const chrome: { storage: { sync: Area; local: Area } };

describe('sync in the browser', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve({}, tempDir('ps-cert-'));
    browser = await launch(served.port);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('is off by default; once on, stars go to storage.sync and another device’s changes come back', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    const papers = [1, 2, 3].map((i) => ({
      id: `arxiv:2402.0000${i}`,
      title: `Synced paper ${i}`,
      authors: ['Ada Lovelace'],
      url: `https://arxiv.org/abs/2402.0000${i}`,
    }));
    expect(
      await browser.send(page, 'recordSightings', {
        site: 'arxiv',
        url: 'https://arxiv.org/list/cs/new',
        entries: papers,
      }),
    ).toMatchObject({ ok: true });
    await browser.send(page, 'setStarred', { id: 'arxiv:2402.00001', starred: true });
    await page.waitForTimeout(1500);
    expect(Object.keys(await page.evaluate(() => chrome.storage.sync.get(null)))).toEqual([]); // off: nothing leaves

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Sync stars, tags and notes through my browser account').check();
    await page.getByText(/^1 paper synced/).waitFor({ timeout: 15_000 });
    const synced = await page.evaluate(() => chrome.storage.sync.get(null));
    expect(synced['ps:meta']).toEqual({ v: 1, chunks: 1 });
    expect(JSON.stringify(synced['ps:0'])).toContain('2402.00001');

    // Another device stars paper 2 and tags paper 3 (entries: id, starred, tags, note, time in s, title).
    const later = Math.floor(Date.now() / 1000) + 60;
    await page.evaluate(
      async ([t]) => {
        const current = (await chrome.storage.sync.get(null))['ps:0'] as unknown[];
        await chrome.storage.sync.set({
          'ps:0': [
            ...current,
            ['2402.00002', 1, [], '', t, 'Synced paper 2'],
            ['2402.00003', 0, ['elsewhere'], 'from my laptop', t, 'Synced paper 3'],
          ],
        });
      },
      [later] as const,
    );
    await expect
      .poll(
        async () => {
          const r = (await browser.send(page, 'getPaper', { id: 'arxiv:2402.00002' })) as {
            value?: { starred: boolean };
          };
          return r.value?.starred;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const third = (await browser.send(page, 'getPaper', { id: 'arxiv:2402.00003' })) as {
      value: { tags: string[]; note: string };
    };
    expect(third.value).toMatchObject({ tags: ['elsewhere'], note: 'from my laptop' });
    await page.close();
  }, 60_000);
});
