/**
 * The optional weekly backup (off by default): the background downloads a JSON backup of the whole library once
 * a week. Everything it touches is passed in, so the schedule and the file are tested without a browser.
 */
import { exportFileName, exportPapers } from '../export/index';
import type { Paper } from '../paper/types';
import type { Settings, SettingsFields } from './settings';

export const BACKUP_ALARM = 'papershelf-weekly-backup';
export const WEEK_MINUTES = 7 * 24 * 60;

export interface AlarmsApi {
  create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): void | Promise<void>;
  clear(name: string): Promise<boolean>;
  get(name: string): Promise<{ name: string } | undefined>;
}

export interface BackupEnv {
  /** Undefined while the backup cannot run (its optional "downloads" permission is not granted). */
  alarms?: AlarmsApi;
  download(filename: string, dataUrl: string): Promise<void>;
  readAll(): Promise<Paper[]>;
  /** The settings the backup carries (the whole state: tag colours and all). */
  readSettings?(): Promise<Settings>;
  now(): Date;
}

/** Creates or clears the weekly alarm to match the settings. */
export async function syncBackupAlarm(
  settings: Settings,
  env: BackupEnv,
): Promise<'scheduled' | 'off' | 'no-permission'> {
  if (!env.alarms) return settings.backupWeekly ? 'no-permission' : 'off';
  if (!settings.backupWeekly) {
    await env.alarms.clear(BACKUP_ALARM);
    return 'off';
  }
  if (!(await env.alarms.get(BACKUP_ALARM))) {
    await env.alarms.create(BACKUP_ALARM, { periodInMinutes: WEEK_MINUTES, delayInMinutes: 1 });
  }
  return 'scheduled';
}

/** The text as a data: URL (a service worker has no object URLs), UTF-8, base64 in chunks. */
export function dataUrl(text: string, type = 'application/json'): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${type};base64,${btoa(binary)}`;
}

/** The settings as a backup carries them (not the backup's own bookkeeping). */
export function stateOf(settings: Settings): SettingsFields {
  const { v: _v, lastBackup: _l, ...fields } = settings;
  return fields;
}

/** Writes the backup file; returns its name and size. */
export async function runBackup(env: BackupEnv): Promise<{ filename: string; papers: number }> {
  const papers = await env.readAll();
  const now = env.now();
  const filename = exportFileName('backup', 'json', now);
  const settings = await env.readSettings?.();
  await env.download(filename, dataUrl(exportPapers(papers, 'json', now, { settings: settings && stateOf(settings) })));
  return { filename, papers: papers.length };
}
