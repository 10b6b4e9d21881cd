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
