import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { importLibrary } from '../../lib/export/index';
import {
  type AlarmsApi,
  BACKUP_ALARM,
  type BackupEnv,
  dataUrl,
  runBackup,
  syncBackupAlarm,
  WEEK_MINUTES,
} from '../../lib/library/backup';
import { DEFAULT_SETTINGS } from '../../lib/library/settings';

import { paper } from '../helpers/papers';

describe('weekly backup', () => {
  beforeEach(() => fakeBrowser.reset());
  const downloads: { filename: string; url: string }[] = [];
  const env = (alarms: AlarmsApi | undefined = fakeBrowser.alarms as unknown as AlarmsApi): BackupEnv => ({
    alarms,
    download: async (filename, url) => {
      downloads.push({ filename, url });
    },
    readAll: async () => [paper(1, { title: 'μP & Müller — 大模型', starred: true }), paper(2)],
    readSettings: async () => ({ ...DEFAULT_SETTINGS, tagColors: { rl: '#b8860b' }, lastBackup: '2026-11-20' }),
    now: () => new Date('2026-11-27T09:00:00Z'),
  });

  it('is off by default, scheduled weekly when turned on (once), cleared when turned off', async () => {
    expect(DEFAULT_SETTINGS.backupWeekly).toBe(false);
    expect(await syncBackupAlarm(DEFAULT_SETTINGS, env())).toBe('off');
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    const on = { ...DEFAULT_SETTINGS, backupWeekly: true };
    expect(await syncBackupAlarm(on, env())).toBe('scheduled');
    await syncBackupAlarm(on, env());
    const all = await fakeBrowser.alarms.getAll();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ name: BACKUP_ALARM, periodInMinutes: WEEK_MINUTES });
    expect(await syncBackupAlarm(DEFAULT_SETTINGS, env())).toBe('off');
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    expect(await syncBackupAlarm(on, { ...env(), alarms: undefined })).toBe('no-permission');
  });

  it('downloads papershelf-backup-<date>.json holding the whole library, Unicode intact', async () => {
    downloads.length = 0;
    expect(await runBackup(env())).toEqual({ filename: 'papershelf-backup-2026-11-27.json', papers: 2 });
    const [d] = downloads;
    expect(d?.filename).toBe('papershelf-backup-2026-11-27.json');
    const text = new TextDecoder().decode(
      Uint8Array.from(atob((d?.url ?? '').split(',')[1] ?? ''), (c) => c.charCodeAt(0)),
    );
    const back = importLibrary(text);
    expect(back.errors).toEqual([]);
    expect(back.papers.map((p) => p.title)).toEqual(['μP & Müller — 大模型', 'Synthetic paper number 2']);
    // The whole state: the settings and tag colours travel with the papers (not the backup's own bookkeeping).
    expect(back.settings?.tagColors).toEqual({ rl: '#b8860b' });
    expect(back.settings && 'lastBackup' in back.settings).toBe(false);
  });

  it('encodes large text as a data URL in chunks', () => {
    const big = 'é'.repeat(300_000);
    const url = dataUrl(big);
    expect(url.startsWith('data:application/json;base64,')).toBe(true);
    expect(new TextDecoder().decode(Uint8Array.from(atob(url.split(',')[1] ?? ''), (c) => c.charCodeAt(0)))).toBe(big);
  });
});
