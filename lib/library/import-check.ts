/**
 * What an imported paper must be (issue 13): one check, run by the import preview in the library page and again by
 * the background on the message, so that what the preview accepts is what gets imported.
 */
import { canonicalId } from '../paper/ids';
import type { Paper } from '../paper/types';
import { checkPaper, LIMITS } from './schema';
import { type Check, ShapeError, str } from './validate';

/** Papers per import message: a 71 MB backup goes in chunks well under the 64 MiB message limit. */
export const IMPORT_CHUNK = 1_000;

/** A paper id as every message and import carries it: canonical (lib/paper/ids.ts). */
export const checkPaperId: Check<string> = (v, path) => {
  const id = str(LIMITS.id, { min: 1 })(v, path);
  if (canonicalId(id) !== id) {
    throw new ShapeError(path, `not a paper id PaperShelf knows (a canonical paper id): ${id.slice(0, 80)}`);
  }
  return id;
};

export const checkImportedPaper: Check<Paper> = (v, path) => {
  const p = checkPaper(v, path);
  checkPaperId(p.id, path ? `${path}.id` : 'id');
  return p;
};
