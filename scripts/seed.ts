/**
 * The reference corpus: ../shared/seed/trending-papers.txt, the visible text of a real trending-papers page
 * (a title line then an abstract line per paper, after the page's header lines). Read in place.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SEED_FILE = resolve(import.meta.dirname, '../../shared/seed/trending-papers.txt');

export interface SeedPaper {
  title: string;
  abstract: string;
}

export function loadSeed(file = SEED_FILE): SeedPaper[] {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // Header: two "Get trending papers…" lines; the first title is glued to the "Subscribe" button text.
  const body = lines.filter((l) => !/^Get trending papers/.test(l));
  if (body[0]) body[0] = body[0].replace(/^Subscribe/, '');
  const out: SeedPaper[] = [];
  for (let i = 0; i + 1 < body.length; i += 2) out.push({ title: body[i] as string, abstract: body[i + 1] as string });
  return out;
}
