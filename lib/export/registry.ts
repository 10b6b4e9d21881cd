/**
 * Every export format, one line each: a format is one self-describing module (id, label, extension, MIME type,
 * writer). The export panel lists them from here; exportPapers writes through them.
 */
import { bibtex } from './bibtex';
import { cslJson } from './csl-json';
import { csv } from './csv';
import { jsonBackup } from './json-backup';
import { markdown } from './markdown';
import { ris } from './ris';

export const EXPORT_FORMATS = [bibtex, ris, cslJson, csv, markdown, jsonBackup] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number]['id'];

export function exportFormat(id: ExportFormat): (typeof EXPORT_FORMATS)[number] {
  return EXPORT_FORMATS.find((f) => f.id === id) as (typeof EXPORT_FORMATS)[number];
}
