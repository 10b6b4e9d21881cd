/**
 * What the export writers share: the parts of a paper's id, its year, one-line text, and the shape of a format
 * module. Each format is one self-describing module (id, label, file extension, MIME type, writer) listed once in
 * ./registry.ts.
 */
import { paperDate } from '../paper/ids';
import type { Paper } from '../paper/types';

export interface ExportFormatSpec<Id extends string = string> {
  id: Id;
  /** What the export panel calls it. */
  label: string;
  /** The file name's extension (no dot). */
  extension: string;
  /** The downloaded file's type. */
  mime: string;
  write(papers: Paper[], now: Date): string;
}

export const arxivOf = (p: Paper) => (p.id.startsWith('arxiv:') ? p.id.slice(6) : undefined);
export const doiOf = (p: Paper) => (p.id.startsWith('doi:') ? p.id.slice(4) : undefined);
export const yearOf = (p: Paper) => /\d{4}/.exec(paperDate(p) ?? '')?.[0];
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
