/**
 * A view that meets a lost or damaged piece of the persisted search index (a post block or a doc chunk the base
 * names but the database does not hold whole: a disk's damage, a build's bug) asks the background to mend it
 * (`repairIndex`). The background, the one writer, checks the stored index itself before it rebuilds: a view's word
 * alone never costs the 10–20 s of a rebuild at 100,000 papers, and a build already replaced is left alone.
 */
import { DOC_CHUNK, isDocChunk, isPostBlock } from '../search/segment';
import type { IndexDb } from './index-db';
import { buildIndex, readStoredBase } from './index-store';
import type { Log, StorageArea } from './storage-area';

export type IndexCheck = 'whole' | 'damaged' | 'other-build';

/** Whether the stored index named `build` is whole: every doc chunk and post block its base names, each sound. */
export async function checkStoredIndex(
  db: Pick<IndexDb, 'get' | 'getChunks' | 'getPosts'>,
  build: string,
): Promise<IndexCheck> {
  // The stored build's name first (a few bytes): a view that met a replaced build's pieces costs no read of the base.
  const named = await db.get('build').catch(() => undefined);
  if (typeof named === 'string' && named !== build) return 'other-build';
  const stored = readStoredBase(await db.get('base').catch(() => undefined));
  if (!stored || stored.base.build !== build) return 'other-build';
  const base = stored.base;
  const blocks = await db.getPosts(
    Array.from({ length: base.postStart.length - 1 }, (_, k) => k),
    build,
  );
  if (!blocks.every((b, k) => isPostBlock(b, base) && b.k === k)) return 'damaged';
  const chunks = await db.getChunks('all', build);
  const have = new Set<number>();
  for (const c of chunks) if (isDocChunk(c, base)) have.add(c.k);
  return have.size === Math.ceil(base.n / DOC_CHUNK) ? 'whole' : 'damaged';
}

/**
 * Rebuilds the index when the build a view named is still the stored one and is damaged; at most once per build
 * (`checked`, kept by the caller for as long as it runs): a view asking again, or many views at once, cost one check.
 */
export async function repairIndex(
  storage: StorageArea,
  db: IndexDb,
  log: Log,
  build: string,
  checked: Set<string>,
): Promise<{ check: IndexCheck | 'checked already'; rebuilt: boolean }> {
  if (checked.has(build)) return { check: 'checked already', rebuilt: false };
  checked.add(build);
  const check = await checkStoredIndex(db, build);
  if (check !== 'damaged') return { check, rebuilt: false };
  log('warn', `search index ${build} is missing pieces a view needed: rebuilt from the library`);
  await buildIndex(storage, db, log);
  return { check, rebuilt: true };
}
