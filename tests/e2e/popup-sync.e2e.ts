import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_MATCHES } from '../../lib/sites/registry';
import { type Browser, launch, type Served, SHARED_FIXTURES, serve, tempDir } from './harness';

// The pipe end to end: popup → background (the only writer) → storage → every other open reader.
describe('popup in real Chromium', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serve(
      { 'hf.co/papers': join(SHARED_FIXTURES, 'huggingface/daily-2024-08-01.html') },
      tempDir('ps-cert-'),
    );
    browser = await launch(served.port);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('loads the extension with only the permissions it needs', async () => {
    const page = await browser.openPopup();
    const manifest = (await page.evaluate(() => chrome.runtime.getManifest())) as {
      permissions?: string[];
      host_permissions?: string[];
      optional_permissions?: string[];
      optional_host_permissions?: string[];
      content_scripts?: { matches: string[] }[];
      content_security_policy?: { extension_pages?: string };
    };
    // None of these shows an install warning beyond the feed sites (README "Permissions" says why each).
    expect(manifest.permissions?.sort()).toEqual([
      'activeTab',
      'alarms',
      'contextMenus',
      'scripting',
      'storage',
      'unlimitedStorage',
    ]);
    // Host access is the feed sites the content script runs on, no more (a tab's address there: opened PDFs).
    expect(manifest.host_permissions?.slice().sort()).toEqual(
      manifest.content_scripts?.flatMap((c) => c.matches).sort(),
    );
    // …which are exactly the site files' matches (lib/sites/registry.ts): whole https hosts, no wildcard.
    expect(manifest.content_scripts?.flatMap((c) => c.matches).sort()).toEqual([...FEED_MATCHES].sort());
    expect(FEED_MATCHES.every((m) => /^https:\/\/[a-z0-9.-]+\/\*$/.test(m))).toBe(true);
    // Asked for at run time only: the backup's downloads, and one site at a time beyond the feeds.
    expect(manifest.optional_permissions).toEqual(['downloads']);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(manifest.content_security_policy?.extension_pages).toBe("script-src 'self'; object-src 'none'");
    // The keyboard command that opens the popup, and the strings from _locales.
    // (Chromium assigns the suggested key on a real install; an extension loaded from the command line gets none.)
    const commands = (await page.evaluate(() => chrome.commands.getAll())) as { name?: string; shortcut?: string }[];
    expect(commands.map((c) => c.name)).toContain('_execute_action');
    expect(
      (manifest as { commands?: Record<string, { suggested_key?: { default?: string } }> }).commands,
    ).toMatchObject({
      _execute_action: { suggested_key: { default: 'Alt+Shift+P' } },
    });
    expect(await page.evaluate(() => chrome.i18n.getMessage('starThisPaper'))).toBe('Star this paper');
    expect(await page.evaluate(() => chrome.runtime.getManifest().name)).toBe('PaperShelf');
    // The strict CSP holds in the extension's pages: an inline script is refused (a violation is reported).
    expect(
      await page.evaluate(
        () =>
          new Promise((resolve) => {
            document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
            const s = document.createElement('script');
            s.textContent = 'window.__inline = 1';
            document.head.append(s);
            setTimeout(() => resolve((window as unknown as { __inline?: number }).__inline ?? 'no violation'), 1000);
          }),
      ),
    ).toMatch(/^script-src/);
    await page.close();
  });

  it('a star in the popup of one tab shows in the popup of another tab without reload', async () => {
    const a = await browser.openPopup();
    const papers = [1, 2, 3].map((i) => ({
      id: `arxiv:2401.0000${i}`,
      title: `End-to-end paper ${i} <b>not bold</b>`,
      authors: ['Ada Lovelace'],
      url: `https://arxiv.org/abs/2401.0000${i}`,
    }));
    const reply = await browser.send(a, 'recordSightings', {
      site: 'hf',
      url: 'https://huggingface.co/papers',
      entries: papers,
    });
    expect(reply).toMatchObject({ ok: true });

    const b = await browser.openPopup();
    for (const page of [a, b]) await page.getByText('3 papers').waitFor();
    // Page text is shown as text: the <b> is visible as characters, not markup.
    await expect(b.getByText('End-to-end paper 2 <b>not bold</b>').count()).resolves.toBe(1);

    const starInA = a.getByRole('button', { name: 'Star: End-to-end paper 2 <b>not bold</b>' });
    const starInB = b.getByRole('button', { name: 'Star: End-to-end paper 2 <b>not bold</b>' });
    expect(await starInB.getAttribute('aria-pressed')).toBe('false');
    await starInA.focus();
    await a.keyboard.press('Enter');
    await b.waitForFunction(
      () =>
        document.querySelector('[data-paper-id="arxiv:2401.00002"] button')?.getAttribute('aria-pressed') === 'true',
      undefined,
      { timeout: 5_000 },
    );
    expect(await starInB.getAttribute('aria-pressed')).toBe('true');
    expect(await starInA.getAttribute('aria-pressed')).toBe('true');

    // And back: unstar in B, A follows.
    await starInB.click();
    await a.waitForFunction(
      () =>
        document.querySelector('[data-paper-id="arxiv:2401.00002"] button')?.getAttribute('aria-pressed') === 'false',
      undefined,
      { timeout: 5_000 },
    );
  });

  it('says at once that a library written by a newer PaperShelf is shown read-only', async () => {
    const setSchema = (v: number) =>
      browser.worker.evaluate((n) => {
        type Area = { storage: { local: { set(items: object): Promise<void> } } };
        return (globalThis as unknown as { chrome: Area }).chrome.storage.local.set({ schema: n });
      }, v);
    await setSchema(99);
    const page = await browser.openPopup();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/written by a newer version of PaperShelf \(storage schema 99\).*changes nothing/);
    await page.close();
    await setSchema(3);
    const again = await browser.openPopup();
    await again.locator('input.ps-search').waitFor();
    await again.waitForTimeout(300);
    expect(await again.getByRole('alert').count()).toBe(0);
    await again.close();
  });

  it('refuses a malformed message from an extension page with an error', async () => {
    const page = await browser.openPopup();
    const reply = await browser.send(page, 'setStarred', { id: 'javascript:alert(1)', starred: true });
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/canonical paper id/) });
    await page.close();
  });

  it('runs the content script on a supported feed host served at its real name (hf.co)', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://hf.co/papers?date=2024-08-01', { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.querySelectorAll('papershelf-entry').length === 13, undefined, {
      timeout: 10_000,
    });
    await page.close();
  });
});
