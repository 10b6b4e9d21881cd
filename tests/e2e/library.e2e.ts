import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';
import { type Browser, launch, type Served, serve, tempDir } from './harness';

describe('library page: export, import, undo in real Chromium', () => {
  let served: Served;
  let browser: Browser;
  const papers = libraryOf(loadSeed(), 30); // every 20th is starred: 2 starred

  beforeAll(async () => {
    served = await serve({}, tempDir('ps-cert-'));
    browser = await launch(served.port);
    const page = await browser.openPopup();
    expect(await browser.send(page, 'importPapers', { papers })).toMatchObject({ ok: true, value: { added: 30 } });
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('downloads the starred papers as BibTeX and everything as a JSON backup', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await page.getByText('30 papers').waitFor();
    await page.getByRole('tab', { name: 'Export & import' }).click();
    const exportPanel = page.getByRole('region', { name: 'Export' });
    const [bib] = await Promise.all([
      page.waitForEvent('download'),
      exportPanel.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(bib.suggestedFilename()).toMatch(/^papershelf-starred-\d{4}-\d{2}-\d{2}\.bib$/);
    const bibText = readFileSync((await bib.path()) as string, 'utf8');
    expect(bibText.match(/^@misc\{/gm)).toHaveLength(papers.filter((p) => p.starred).length);

    await exportPanel.getByLabel('Format').selectOption('json');
    await exportPanel.getByLabel('Papers').selectOption('all');
    const [backup] = await Promise.all([
      page.waitForEvent('download'),
      exportPanel.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(backup.suggestedFilename()).toMatch(/^papershelf-all-\d{4}-\d{2}-\d{2}\.json$/);
    const json = JSON.parse(readFileSync((await backup.path()) as string, 'utf8')) as {
      format: string;
      papers: { id: string }[];
    };
    expect(json.format).toBe('papershelf-backup');
    expect(json.papers).toHaveLength(30);
    await page.close();
  });

  it('imports a backup after showing what it holds, reports, and undoes exactly', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await page.getByText('30 papers').waitFor();
    await page.getByRole('tab', { name: 'Export & import' }).click();
    const fresh = libraryOf(loadSeed(), 35).slice(30);
    const merged = { ...papers[3], tags: ['imported-tag'] };
    const file = join(tempDir('ps-import-'), 'backup.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'papershelf-backup',
        version: 1,
        papers: [...fresh, merged, { id: 'arxiv:2401.99999', title: 5 }],
      }),
    );

    const panel = page.getByRole('region', { name: 'Import' });
    await panel.getByLabel('Backup (.json) or BibTeX (.bib)').setInputFiles(file);
    await panel.getByText('backup.json: 6 papers ready to import, 1 problems.').waitFor();
    await panel.getByText(/paper 7 \(arxiv:2401\.99999\): title: expected a string/).waitFor();
    expect(await page.getByText('30 papers').count()).toBe(1); // nothing changed before the user confirms

    await panel.getByRole('button', { name: 'Import 6 papers' }).click();
    await panel.getByText('Imported: 5 added, 1 merged, 1 skipped.').waitFor();
    await page.getByText('35 papers').waitFor();

    await panel.getByRole('button', { name: 'Undo last import or delete' }).click();
    await panel.getByText('Undone: 5 papers removed, 1 restored as they were.').waitFor();
    await page.getByText('30 papers').waitFor();
    const restored = (await browser.send(page, 'getPaper', { id: papers[3]?.id })) as { value: { tags: string[] } };
    expect(restored.value.tags).toEqual(papers[3]?.tags);
    await page.close();
  });
});

describe('hostile and huge files (issue 13.9, 13.10), through the library page in real Chromium', () => {
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

  /** The import panel with `file` chosen (the preview shown). */
  async function choose(file: string) {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await page.getByRole('tab', { name: 'Export & import' }).click();
    const panel = page.getByRole('region', { name: 'Import' });
    await panel.getByLabel('Backup (.json) or BibTeX (.bib)').setInputFiles(file);
    return { page, panel };
  }

  it('a 72 MB backup (more than one message may carry) goes in chunks with progress, all of it', async () => {
    const abstract = 'An abstract long enough to make the backup large. '.repeat(360).slice(0, 18_000);
    const papers = Array.from({ length: 4_000 }, (_, i) => ({
      id: `arxiv:2312.${String(i).padStart(5, '0')}`,
      title: `Large backup paper ${i}`,
      authors: ['Ada Lovelace'],
      abstract,
      url: `https://arxiv.org/abs/2312.${String(i).padStart(5, '0')}`,
      starred: i % 100 === 0,
      tags: [],
      sightings: [],
    }));
    const file = join(tempDir('ps-big-'), 'big.json');
    writeFileSync(file, JSON.stringify({ format: 'papershelf-backup', version: 1, papers }));
    const bytes = readFileSync(file).length;
    expect(bytes).toBeGreaterThan(64 * 1024 * 1024); // Chrome's limit on one message
    const { page, panel } = await choose(file);
    await panel.getByText('big.json: 4000 papers ready to import.').waitFor({ timeout: 60_000 });
    // Every report the panel shows, as it shows it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __reports: string[] }).__reports = seen;
      new MutationObserver(() => {
        for (const p of document.querySelectorAll('[role="status"]')) {
          const t = p.textContent ?? '';
          if (t && seen.at(-1) !== t) seen.push(t);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const started = Date.now();
    await panel.getByRole('button', { name: 'Import 4000 papers' }).click();
    await panel.getByText('Imported: 4000 added, 0 merged, 0 skipped.').waitFor({ timeout: 180_000 });
    const reports = await page.evaluate(() => (window as unknown as { __reports: string[] }).__reports);
    expect(reports.filter((r) => r.startsWith('Importing…'))).toEqual(
      expect.arrayContaining(['Importing… 1,000 of 4,000 papers', 'Importing… 3,000 of 4,000 papers']),
    );
    const stored = Object.keys(await browser.read(null)).filter((k) => k.startsWith('p:arxiv:2312.')).length;
    expect(stored).toBe(4_000);
    process.stdout.write(
      `${JSON.stringify({ bench: 'e2e-import-large', papers: 4_000, file_mb: Math.round(bytes / 1e5) / 10, import_ms: Date.now() - started })}\n`,
    );
    await page.close();
  }, 300_000);

  it('a crafted file: its data:, file: and javascript: links are not stored; a version written as text and a UTF-16 file are named plainly', async () => {
    const hostile = {
      id: 'arxiv:2311.00001v3',
      title: 'Crafted links',
      authors: ['Mallory'],
      url: 'javascript:alert(document.domain)',
      pdfUrl: 'data:text/html,<script>alert(1)</script>',
      codeUrl: 'file:///etc/passwd',
      starred: true,
      tags: [],
      sightings: [{ site: 'arxiv', url: 'javascript:alert(2)', firstSeen: '2026-01-01', lastSeen: '2026-01-01' }],
    };
    const dir = tempDir('ps-crafted-');
    const utf16 = join(dir, 'utf16.json');
    const backup = JSON.stringify({ format: 'papershelf-backup', version: 1, papers: [hostile] });
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(backup, 'utf16le')]));
    const text = join(dir, 'text-version.json');
    writeFileSync(text, JSON.stringify({ format: 'papershelf-backup', version: '1', papers: [hostile] }));

    const named = await choose(text);
    await named.panel.getByText(/"version" is "1"; a PaperShelf backup has a number there/).waitFor();
    await named.page.close();

    const { page, panel } = await choose(utf16);
    await panel.getByText('utf16.json: 1 papers ready to import.').waitFor();
    await panel.getByRole('button', { name: 'Import 1 papers' }).click();
    await panel.getByText('Imported: 1 added, 0 merged, 0 skipped.').waitFor();
    const got = (await browser.send(page, 'getPaper', { id: 'arxiv:2311.00001' })) as {
      value: { url: string; pdfUrl?: string; codeUrl?: string; sightings: { url: string }[] };
    };
    expect(got.value.url).toBe('');
    expect(got.value.pdfUrl).toBeUndefined();
    expect(got.value.codeUrl).toBeUndefined();
    expect(got.value.sightings.map((s) => s.url)).toEqual(['']);
    await page.close();
    // The popup shows it, and every link it draws is a web link (the arXiv landing page stands in).
    const popup = await browser.openPopup();
    await popup.getByRole('combobox', { name: 'Search papers' }).fill('Crafted links');
    const row = popup.locator('[role="row"][data-paper-id="arxiv:2311.00001"]');
    await row.waitFor();
    const hrefs = await row.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) expect(href).toMatch(/^https:\/\//);
    await popup.close();
  });
});
