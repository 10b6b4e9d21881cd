import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_MATCHES } from '../../lib/sites/registry';
import { type Browser, LOCAL_FIXTURES, launch, type Served, serve, tempDir, UNGRANTED_HOST } from './harness';

// Granting a site is a click in the browser's own permission prompt, which headless Chromium cannot answer from
// a test (the request stays pending; chrome.developerPrivate.addHostPermission does not grant optional hosts).
// So this shows the other half in the browser: an ungranted site is left alone and nothing is registered for
// it; the grant → register → run path is unit-tested against the scripting API (tests/unit/site-access.test.ts).
describe('sites beyond the supported feeds', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve(
      { [`${UNGRANTED_HOST}/reading-list`]: join(LOCAL_FIXTURES, 'reading-list.synthetic.html') },
      tempDir('ps-cert-'),
    );
    browser = await launch(served.port);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('are left alone until the user grants them: no overlay, no registered script, no host access', async () => {
    const page = await browser.context.newPage();
    await page.goto(`https://${UNGRANTED_HOST}/reading-list`);
    const before = await page.content();
    await page.waitForTimeout(800);
    expect(await page.locator('papershelf-entry, papershelf-bar').count()).toBe(0);
    expect(await page.content()).toBe(before);
    const state = await browser.worker.evaluate(async () => {
      const api = (
        globalThis as unknown as {
          chrome: {
            scripting: { getRegisteredContentScripts(): Promise<{ id: string }[]> };
            permissions: { getAll(): Promise<{ origins?: string[] }> };
          };
        }
      ).chrome;
      return {
        registered: (await api.scripting.getRegisteredContentScripts()).map((s) => s.id),
        origins: (await api.permissions.getAll()).origins ?? [],
      };
    });
    expect(state.registered).toEqual([]);
    // Host access is exactly the supported feeds (the manifest's content-script matches).
    expect(state.origins.sort()).toEqual([...FEED_MATCHES].sort());
    expect(state.origins).not.toContain(`https://${UNGRANTED_HOST}/*`);
    await page.close();
  });
});
