import { openLibraryIndex } from '../../lib/library/client';
import { buildIndex, memoryIndexDb } from '../../lib/library/index-store';
import { Library } from '../../lib/library/library';
import { libraryOf } from '../corpus';
import { memoryStorage } from '../memory-storage';
import { loadSeed } from '../seed';
const seed = loadSeed();
for (const n of [] as number[]) {
  const st = memoryStorage();
  const lib = new Library(st, () => {});
  const ps = libraryOf(seed, n);
  for (let i = 0; i < n; i += 10000) await lib.importPapers(ps.slice(i, i + 10000));
  const db = memoryIndexDb();
  let t = performance.now();
  await buildIndex(st, db, () => {});
  const build = performance.now() - t;
  const raw = await db.get('base');
  t = performance.now(); structuredClone(raw); const clone = performance.now() - t;
  for (let k = 0; k < 2; k++) {
    t = performance.now();
    const v = await openLibraryIndex(st, db);
    const open = performance.now() - t;
    t = performance.now(); const h = v.search.search('glyph desgn quantm'); const q1 = performance.now() - t;
    t = performance.now(); v.search.search('glyph desgn quantm'); const q2 = performance.now() - t;
    t = performance.now(); v.search.search('', {limit: 1e6}); const all = performance.now() - t;
    console.log(JSON.stringify({ n, build, clone, open, q1, q2, all, top: h[0]?.item.title.slice(0, 30) }));
  }
}
{
  const st = memoryStorage();
  const lib = new Library(st, () => {});
  const ps = libraryOf(seed, 100000);
  for (let i = 0; i < 100000; i += 10000) await lib.importPapers(ps.slice(i, i + 10000));
  const db = memoryIndexDb();
  await buildIndex(st, db, () => {});
  const raw = (await db.get('base')) as { base: Record<string, unknown> };
  for (const [k, v] of Object.entries(raw.base)) {
    const size = typeof v === 'string' ? v.length : ArrayBuffer.isView(v) ? v.byteLength : Array.isArray(v) ? v.reduce((s, x) => s + x.byteLength, 0) : 0;
    const t = performance.now(); structuredClone(v); 
    console.log(k, size, (performance.now() - t).toFixed(1));
  }
}
