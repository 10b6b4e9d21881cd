import { sortPapers, sortValue } from '../../components/PaperTable';
import { toSnapEntry } from '../../lib/library/schema';
import { libraryOf } from '../corpus';
import { loadSeed } from '../seed';
const es = libraryOf(loadSeed(), 100000).map(toSnapEntry);
for (let k = 0; k < 3; k++) {
  let t = performance.now(); sortPapers(es, { key: 'title', dir: 'asc' }); console.log('old', performance.now() - t);
  t = performance.now();
  const keys = es.map((p) => sortValue(p, 'title'));
  const idx = Array.from({ length: es.length }, (_, i) => i);
  idx.sort((a, b) => { const x = keys[a] as string, y = keys[b] as string; return x < y ? -1 : x > y ? 1 : a - b; });
  const out = idx.map((i) => es[i]);
  console.log('idx', performance.now() - t, out.length);
}
