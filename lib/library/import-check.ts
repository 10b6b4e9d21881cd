/**
 * What an imported paper must be (issue 13): one check, run by the import preview in the library page and again by
 * the background on the message, so that what the preview accepts is what gets imported.
 */
import { canonicalId } from '../paper/ids';
import type { Paper } from '../paper/types';
import { checkPaper } from './schema';
import { type Check, ShapeError } from './validate';

/** Papers per import message: a 71 MB backup goes in chunks well under the 64 MiB message limit. */
export const IMPORT_CHUNK = 1_000;

export const checkImportedPaper: Check<Paper> = (v, path) => {
  const p = checkPaper(v, path);
  if (canonicalId(p.id) !== p.id)
    throw new ShapeError(path ? `${path}.id` : 'id', `not a paper id PaperShelf knows: ${p.id.slice(0, 80)}`);
  return p;
};

/**
 * The id an import may use: itself if canonical, else its canonical form when it names the same paper (an arXiv
 * id with its version, "arxiv:2401.01234v3", is the paper arxiv:2401.01234); undefined when it names none.
 */
export function importId(id: string): string | undefined {
  return canonicalId(id) ?? undefined;
}
