/** Tuning on the tuning half only: `tsx scripts/interest/tune.ts` (prints each method, then parameter variants). */
import { DEFAULT_PARAMS, type ModelParams } from '../../lib/interest/model';
import { evaluate, loadPapers, type Method, tasks } from './quality';

const papers = loadPapers();
const seeds = process.argv.includes('--seeds5') ? [1, 2, 3, 4, 5] : [1, 2, 3];
const ks = process.argv.includes('--k20') ? [20] : [5, 20];
const ts = tasks(papers, 'tune', ks, seeds);
const show = (label: string, rows: ReturnType<typeof evaluate>) =>
  console.log(
    label.padEnd(28),
    rows.map((r) => `k${r.k}/${r.feed}: P@10 ${r.p_at_10.toFixed(3)} AP ${r.ap.toFixed(3)}`).join(' | '),
  );
const which = process.argv[2] === 'held' ? 'held-back' : 'tune';
const use = which === 'tune' ? ts : tasks(papers, 'held-back', ks, seeds);
if (!process.argv.includes('--model-only'))
  for (const m of ['random', 'tfidf-centroid', 'tfidf-svm'] as Method[]) show(m, evaluate(use, m, which));
const variants: Partial<ModelParams>[] = JSON.parse(process.argv[3]?.startsWith('[') ? process.argv[3] : '[{}]');
for (const v of variants)
  show(`papershelf ${JSON.stringify(v)}`, evaluate(use, 'papershelf', which, { ...DEFAULT_PARAMS, ...v }));
