import { buildSegment, tokensOf } from '../../lib/search/segment';
import { snapOrder, toSnapEntry } from '../../lib/library/schema';
import { libraryOf } from '../corpus';
import { loadSeed } from '../seed';
const ps = libraryOf(loadSeed(), 100000);
const input = ps.map((p, i) => ({ entry: toSnapEntry(p), shard: Math.floor(i / 100), abstract: p.abstract }));
let t = performance.now();
for (const x of input) tokensOf(2, x.abstract ?? '');
console.log('tokenize abstracts', performance.now() - t);
t = performance.now();
for (const x of input) { tokensOf(0, x.entry.title); tokensOf(1, x.entry.authors.join(' , ')); }
console.log('tokenize title/meta', performance.now() - t);
t = performance.now();
buildSegment(input, snapOrder);
console.log('build', performance.now() - t);
