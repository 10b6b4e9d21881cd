/**
 * The JSON backup: the whole state — every paper with everything the user added (stars, tags, notes, the reading
 * queue) and the settings with the tag colours — versioned and lossless (read back by ./index.ts importLibrary).
 */
import type { Paper } from '../paper/types';
import type { ExportFormatSpec, ExportState } from './common';

export const BACKUP_FORMAT = 'papershelf-backup';
export const BACKUP_VERSION = 1;

export const jsonBackup = {
  id: 'json',
  label: 'JSON backup',
  extension: 'json',
  mime: 'application/json',
  write: (papers: Paper[], now: Date, state?: ExportState) =>
    `${JSON.stringify({
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: now.toISOString(),
      count: papers.length,
      ...(state?.settings ? { settings: state.settings } : {}),
      papers,
    })}\n`,
} as const satisfies ExportFormatSpec;
