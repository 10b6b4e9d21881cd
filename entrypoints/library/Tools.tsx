import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ExportPanel, type ExportScope } from '../../components/ExportPanel';
import { ImportPanel } from '../../components/ImportPanel';
import { EXPORT_FORMATS, type ExportFormat, exportFormat } from '../../lib/export/registry';

/** Export and import are a lazy chunk: loaded on first use, not with the page. */
const exporter = () => import('../../lib/export/index');

import { formatCount } from '../../components/count';
import { stateOf } from '../../lib/library/backup';
import { IMPORT_CHUNK } from '../../lib/library/import-check';
import { createClient, type Envelope } from '../../lib/library/messages';
import { loadSettings } from '../../lib/library/reader';
import { PAPER_PREFIX, readRecord } from '../../lib/library/schema';
import type { SettingsFields } from '../../lib/library/settings';
import type { Paper } from '../../lib/paper/types';

const call = createClient((m: Envelope) => browser.runtime.sendMessage(m));

/** Every paper record, in full (abstracts, sightings): what an export writes. */
async function allPapers(): Promise<Paper[]> {
  const all = await browser.storage.local.get(null);
  const out: Paper[] = [];
  for (const [key, raw] of Object.entries(all)) {
    if (!key.startsWith(PAPER_PREFIX)) continue;
    const r = readRecord(raw, key);
    if (r.ok) {
      const { v: _v, shard: _s, ...paper } = r.record;
      out.push(paper);
    }
  }
  return out.sort((a, b) => (b.starredAt ?? b.addedAt ?? '').localeCompare(a.starredAt ?? a.addedAt ?? ''));
}

function download(text: string, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The library page's export and import tools (they read storage; only the background writes). */
export function Tools({ results, tags }: { results: string[]; tags: string[] }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState<{
    name: string;
    papers: Paper[];
    errors: string[];
    settings?: Partial<SettingsFields>;
  }>();
  const [restoreSettings, setRestoreSettings] = useState(true);
  const [report, setReport] = useState<string>();
  const [canUndo, setCanUndo] = useState(false);
  const [weekly, setWeekly] = useState<{ on: boolean; last?: string }>();

  useEffect(() => {
    const read = () =>
      loadSettings(browser.storage.local).then((s) => setWeekly({ on: s.backupWeekly, last: s.lastBackup }));
    void read();
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && 'settings' in changes) void read();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);

  const onWeekly = async (on: boolean) => {
    // The permission prompt needs this click: it is asked here, not in the background.
    const granted = on ? await browser.permissions.request({ permissions: ['downloads'] }).catch(() => false) : true;
    if (!granted) {
      setStatus('The weekly backup needs permission to download files on a schedule.');
      return;
    }
    await call('setSettings', { patch: { backupWeekly: on } });
  };

  const onExport = async (format: ExportFormat, scope: ExportScope, to: 'copy' | 'download') => {
    setBusy(true);
    try {
      const papers = await allPapers();
      const chosen =
        scope === 'starred'
          ? papers.filter((p) => p.starred)
          : scope === 'results'
            ? results.map((id) => papers.find((p) => p.id === id)).filter((p): p is Paper => !!p)
            : scope === 'all'
              ? papers
              : papers.filter((p) => p.tags.includes(scope.slice(4)));
      const { exportPapers, exportFileName } = await exporter();
      // The JSON backup is the whole state: the settings and tag colours go with every paper.
      const settings = format === 'json' ? stateOf(await loadSettings(browser.storage.local)) : undefined;
      const text = exportPapers(chosen, format, new Date(), { settings });
      const name = exportFileName(scope.replace(':', '-'), format);
      if (to === 'copy') await navigator.clipboard.writeText(text);
      else download(text, name, exportFormat(format).mime);
      setStatus(`${to === 'copy' ? 'Copied' : `Saved ${name}:`} ${chosen.length} papers.`);
    } catch (e) {
      setStatus(`Export failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const onFile = async (file: File) => {
    setReport(undefined);
    const { importLibrary, decodeImportFile } = await exporter();
    const read = importLibrary(decodeImportFile(new Uint8Array(await file.arrayBuffer())));
    setPending({ name: file.name, papers: read.papers, errors: read.errors, settings: read.settings });
    setRestoreSettings(true);
  };

  const onConfirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      // In chunks (a large backup is more than one message may carry), applied together or not at all.
      const token = crypto.randomUUID();
      const all = pending.papers;
      for (let at = 0; at < all.length; at += IMPORT_CHUNK) {
        setReport(`Importing… ${formatCount(at)} of ${formatCount(all.length)} papers`);
        await call('importChunk', { token, papers: all.slice(at, at + IMPORT_CHUNK) });
      }
      const r = await call('importCommit', { token, expect: all.length });
      const withSettings = pending.settings && restoreSettings;
      if (withSettings) await call('setSettings', { patch: pending.settings as Partial<SettingsFields> });
      setReport(
        `Imported: ${r.added} added, ${r.merged} merged, ${r.skipped + pending.errors.length} skipped${withSettings ? '; settings and tag colours restored' : ''}.`,
      );
      setCanUndo(true);
    } catch (e) {
      setReport(`Import failed, nothing changed: ${(e as Error).message}`);
    } finally {
      setPending(undefined);
      setBusy(false);
    }
  };

  const onUndo = async () => {
    setBusy(true);
    try {
      const r = await call('undo', {});
      setReport(`Undone: ${r.removed} papers removed, ${r.restored} restored as they were.`);
      setCanUndo(false);
    } catch (e) {
      setReport(`Undo failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="ps-tools">
      <ExportPanel formats={EXPORT_FORMATS} tags={tags} resultsCount={results.length} busy={busy} onExport={onExport} />
      <p class="ps-status" aria-live="polite">
        {status}
      </p>
      <ImportPanel
        pending={
          pending && {
            name: pending.name,
            count: pending.papers.length,
            errors: pending.errors,
            hasSettings: !!pending.settings,
          }
        }
        restoreSettings={restoreSettings}
        onRestoreSettings={setRestoreSettings}
        report={report}
        canUndo={canUndo}
        busy={busy}
        onFile={onFile}
        onConfirm={onConfirm}
        onCancel={() => setPending(undefined)}
        onUndo={onUndo}
      />
      <section class="ps-panel" aria-label="Backup">
        <h2>Backup</h2>
        <label>
          <input
            type="checkbox"
            checked={weekly?.on ?? false}
            onChange={(e) => void onWeekly((e.target as HTMLInputElement).checked)}
          />{' '}
          Download a JSON backup every week
        </label>
        <p class="ps-meta">{weekly?.last ? `Last backup: ${weekly.last.slice(0, 10)}` : 'No scheduled backup yet.'}</p>
      </section>
    </div>
  );
}
