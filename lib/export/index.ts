/**
 * Export and import (DESIGN.md contract). Exports: BibTeX, RIS, CSL-JSON, CSV, Markdown, and the JSON backup
 * (the whole library, versioned, lossless). Imports: a JSON backup or a BibTeX file; bad input becomes messages
 * in `errors`, never an exception, and only valid papers come back.
 */
import { checkImportedPaper } from '../library/import-check';
import { checkSettingsPatch, DEFAULT_SETTINGS, type SettingsFields } from '../library/settings';
import { isPlainObject, tryCheck } from '../library/validate';
import { canonicalId } from '../paper/ids';
import { mergePapers } from '../paper/merge';
import type { Paper } from '../paper/types';
import { bibEntryToPaper, parseBibtex } from './bibtex-import';
import type { ExportState } from './common';
import { BACKUP_FORMAT, BACKUP_VERSION } from './json-backup';
import { type ExportFormat, exportFormat } from './registry';

export { BACKUP_FORMAT, BACKUP_VERSION } from './json-backup';
export type { ExportFormat } from './registry';

const SETTINGS_KEYS = Object.keys(DEFAULT_SETTINGS).filter(
  (k) => k !== 'v' && k !== 'lastBackup',
) as (keyof SettingsFields)[];

/** Larger files are refused before parsing (a backup of 50,000 papers with abstracts is about 60 MB). */
export const MAX_IMPORT_CHARS = 200 * 1024 * 1024;

export function exportPapers(papers: Paper[], format: ExportFormat, now = new Date(), state?: ExportState): string {
  return exportFormat(format).write(papers, now, state);
}

/** What an import file holds: valid papers, the problems found, and (a backup) the settings it carries. */
export interface ImportRead {
  papers: Paper[];
  errors: string[];
  /** The backup's settings, each field checked as a settings change is (absent fields left as they are). */
  settings?: Partial<SettingsFields>;
}

/** A backup's settings: the fields it has that pass their check; damaged ones are named and left out. */
function readBackupSettings(raw: unknown, errors: string[]): Partial<SettingsFields> | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    errors.push("The backup's settings are not readable; they are left out.");
    return undefined;
  }
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!SETTINGS_KEYS.includes(k as keyof SettingsFields)) continue;
    const checked = tryCheck(checkSettingsPatch, { [k]: v }, 'settings');
    if (checked.ok) patch[k] = (checked.value as Record<string, unknown>)[k];
    else errors.push(`${checked.error}; that setting is left out`);
  }
  return Object.keys(patch).length ? (patch as Partial<SettingsFields>) : undefined;
}

/** papershelf-<scope>-<YYYY-MM-DD>.<ext> */
export function exportFileName(scope: string, format: ExportFormat, now = new Date()): string {
  const safe =
    scope
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'export';
  return `papershelf-${safe}-${now.toISOString().slice(0, 10)}.${exportFormat(format).extension}`;
}

function readBackup(value: unknown, errors: string[]): ImportRead {
  const papers = readBackupPapers(value, errors);
  const settings =
    papers.length || !errors.length
      ? readBackupSettings((value as { settings?: unknown })?.settings, errors)
      : undefined;
  return settings ? { papers, errors, settings } : { papers, errors };
}

function readBackupPapers(value: unknown, errors: string[]): Paper[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push('This JSON is not a PaperShelf backup (expected an object with "format": "papershelf-backup").');
    return [];
  }
  const v = value as Record<string, unknown>;
  if (v.format !== BACKUP_FORMAT) {
    errors.push('This JSON is not a PaperShelf backup (its "format" is not "papershelf-backup").');
    return [];
  }
  if (typeof v.version !== 'number') {
    errors.push(
      `This backup's "version" is ${JSON.stringify(v.version)?.slice(0, 40) ?? 'missing'}; a PaperShelf backup has a number there (${BACKUP_VERSION}), not text. Was it edited by hand?`,
    );
    return [];
  }
  if (v.version > BACKUP_VERSION) {
    errors.push(`This backup has version ${v.version}, made by a newer PaperShelf: update PaperShelf to import it.`);
    return [];
  }
  if (!Array.isArray(v.papers)) {
    errors.push('This backup has no list of papers.');
    return [];
  }
  const byId = new Map<string, Paper>();
  v.papers.forEach((raw, i) => {
    const label = `paper ${i + 1}${typeof (raw as { id?: unknown })?.id === 'string' ? ` (${String((raw as { id: string }).id).slice(0, 80)})` : ''}`;
    // The same check the background runs on the import (lib/library/import-check.ts): what is shown is imported.
    // An id that names the paper in another form (an arXiv id with its version) is read as the paper.
    const named =
      isPlainObject(raw) && typeof raw.id === 'string' ? { ...raw, id: canonicalId(raw.id) ?? raw.id } : raw;
    const checked = tryCheck(checkImportedPaper, named, '');
    if (!checked.ok) {
      errors.push(`${label}: ${checked.error}; skipped`);
      return;
    }
    const p = checked.value;
    const prev = byId.get(p.id);
    if (prev) errors.push(`${label}: the same paper as an earlier entry; merged`);
    byId.set(p.id, prev ? mergePapers(prev, p) : p);
  });
  return [...byId.values()];
}

/** Reads a backup or a BibTeX file. Never throws: problems are listed in `errors`, valid papers returned. */
export function importLibrary(text: string, now = new Date()): ImportRead {
  const errors: string[] = [];
  try {
    if (typeof text !== 'string' || !text.trim()) return { papers: [], errors: ['The file is empty.'] };
    if (text.length > MAX_IMPORT_CHARS) {
      return {
        papers: [],
        errors: [
          `The file is too large (${Math.round(text.length / 1048576)} MB; at most ${MAX_IMPORT_CHARS / 1048576} MB).`,
        ],
      };
    }
    const body = text.replace(/^\uFEFF/, '').trim();
    if (body.startsWith('{') || body.startsWith('[')) {
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch (e) {
        return { papers: [], errors: [`The file is not valid JSON (${(e as Error).message}); it may be truncated.`] };
      }
      return readBackup(value, errors);
    }
    if (/@\s*[a-zA-Z]+\s*[{(]/.test(body)) {
      const parsed = parseBibtex(body);
      errors.push(...parsed.errors);
      const byId = new Map<string, Paper>();
      for (const e of parsed.entries) {
        const made = bibEntryToPaper(e, now.toISOString());
        const checked = typeof made === 'string' ? undefined : tryCheck(checkImportedPaper, made, '');
        const p =
          typeof made === 'string' ? made : checked?.ok ? checked.value : `entry ${e.key}: ${checked?.error}; skipped`;
        if (typeof p === 'string') errors.push(p);
        else {
          if (byId.has(p.id)) errors.push(`entry ${e.key}: the same paper as an earlier entry; merged`);
          const prev = byId.get(p.id);
          byId.set(p.id, prev ? mergePapers(prev, p) : p);
        }
      }
      if (!parsed.entries.length && !errors.length) errors.push('No BibTeX entries found.');
      return { papers: [...byId.values()], errors };
    }
    return { papers: [], errors: ['This is neither a PaperShelf backup (JSON) nor a BibTeX file.'] };
  } catch (e) {
    return { papers: [], errors: [...errors, `The file could not be read: ${(e as Error).message}`] };
  }
}

/**
 * A file's text, whatever its encoding: UTF-8 (with or without a byte-order mark) or UTF-16 (little or big endian,
 * with a mark, or recognised by its zero bytes, as Windows tools save "Unicode" text).
 */
export function decodeImportFile(bytes: Uint8Array): string {
  const [a, b, c] = bytes;
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (a === 0xef && b === 0xbb && c === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  // No mark: ASCII-range text in UTF-16 has a zero in every other byte.
  const sample = bytes.subarray(0, 2048);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 ? odd++ : even++;
  if (sample.length >= 4 && odd > sample.length / 4 && even < odd / 8) return new TextDecoder('utf-16le').decode(bytes);
  if (sample.length >= 4 && even > sample.length / 4 && odd < even / 8)
    return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}
