/** The JSON backup: the whole library, versioned and lossless (read back by ../export/index.ts importLibrary). */
import type { Paper } from '../paper/types';
import type { ExportFormatSpec } from './common';

export const BACKUP_FORMAT = 'papershelf-backup';
export const BACKUP_VERSION = 1;

export const jsonBackup = {
  id: 'json',
  label: 'JSON backup',
  extension: 'json',
  mime: 'application/json',
  write: (papers: Paper[], now: Date) =>
    `${JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now.toISOString(), count: papers.length, papers })}\n`,
} as const satisfies ExportFormatSpec;
