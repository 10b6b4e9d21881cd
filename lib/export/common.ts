/**
 * What the export writers share: the parts of a paper's id, its year, one-line text, and the shape of a format
 * module. Each format is one self-describing module (id, label, file extension, MIME type, writer) listed once in
 * ./registry.ts.
 */

import type { SettingsFields } from '../library/settings';
import { landingUrl, paperDate } from '../paper/ids';
import { webUrl } from '../paper/links';
import type { Paper } from '../paper/types';

export interface ExportFormatSpec<Id extends string = string> {
  id: Id;
  /** What the export panel calls it. */
  label: string;
  /** The file name's extension (no dot). */
  extension: string;
  /** The downloaded file's type. */
  mime: string;
  /** `state`: the rest of the user's state, for the formats that carry it (the JSON backup: settings). */
  write(papers: Paper[], now: Date, state?: ExportState): string;
}

/** What a whole-state backup carries besides the papers. */
export interface ExportState {
  settings?: SettingsFields;
}

export const arxivOf = (p: Paper) => (p.id.startsWith('arxiv:') ? p.id.slice(6) : undefined);
export const doiOf = (p: Paper) => (p.id.startsWith('doi:') ? p.id.slice(4) : p.doi);
export const yearOf = (p: Paper) => /\d{4}/.exec(paperDate(p) ?? '')?.[0];
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The link an export gives a paper: its own landing page (arXiv abstract, DOI) when its id has one, else the page
 * it was found on — never a listing's or an aggregator's page (a paper found on HF is cited by its arXiv page).
 */
export function exportUrl(p: Paper): string | undefined {
  const own = p.id.startsWith('arxiv:') || p.id.startsWith('doi:') ? landingUrl(p.id) : undefined;
  return own ?? webUrl(p.url);
}
