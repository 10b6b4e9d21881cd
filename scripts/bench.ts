/**
 * npm run bench: one JSON object per line, {"bench", "n", "p50_ms", "p95_ms", …}.
 * Runs in Node on this machine; DOM work uses linkedom, storage an in-memory area that serialises like
 * browser.storage does (JSON). Ratios compare sizes measured in the same run.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { serialize } from 'node:v8';
import { build } from 'esbuild';
import Fuse from 'fuse.js';
import { DOMParser } from 'linkedom';
import { chromium } from 'playwright-core';
import { exportPapers } from '../lib/export/index';
import { openLibraryIndex } from '../lib/library/client';
import { memoryIndexDb } from '../lib/library/index-db';
import { buildIndex } from '../lib/library/index-store';
import { Library } from '../lib/library/library';
import type { Paper } from '../lib/paper/types';
import { createPaperSearch } from '../lib/search/index';
import { extractFeed } from '../lib/sites/index';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { arxivId, libraryOf, ownJsonBytes, realVocabularyOf } from './corpus';
import { benchForYou } from './interest/bench';
import { memoryStorage } from './memory-storage';
import { loadSeed, type SeedPaper } from './seed';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function report(bench: string, n: number, samples: number[], extra: Record<string, unknown> = {}) {
  const s = [...samples].sort((a, b) => a - b);
  const line = {
    bench,
    n,
    runs: s.length,
    p50_ms: +percentile(s, 50).toFixed(3),
    p95_ms: +percentile(s, 95).toFixed(3),
    ...extra,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  return line;
}

async function time(runs: number, fn: () => unknown | Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** arXiv serves abstracts hard-wrapped at ~80 columns and indented, as here. */
const wrap = (text: string) => text.replace(/(.{1,78})(?: |$)/g, '$1\n  ');

/** An arXiv /new listing in the current markup with n entries drawn from the seed corpus. */
function arxivListing(seed: SeedPaper[], n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = seed[i % seed.length] as SeedPaper;
    const id = arxivId(i);
    items.push(
      `<dt><a name="item${i + 1}">[${i + 1}]</a> <a href="/abs/${id}" title="Abstract" id="${id}">arXiv:${id}</a> [<a href="/pdf/${id}" title="Download PDF">pdf</a>]</dt>` +
        `<dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> ${esc(p.title)}</div>` +
        `<div class="list-authors"><a href="https://arxiv.org/a/a_${i}">Author ${i}</a>, <a href="https://arxiv.org/a/b">Grace Hopper</a></div>` +
        `<div class="list-subjects"><span class="descriptor">Subjects:</span> <span class="primary-subject">Machine Learning (cs.LG)</span></div>` +
        `<p class="mathjax">${wrap(esc(p.abstract))}</p></div></dd>`,
    );
  }
  return `<!doctype html><html><body><div id="dlpage"><h3>New submissions</h3><dl id="articles">${items.join('\n')}</dl></div></body></html>`;
}

function seedPapers(seed: SeedPaper[], n: number): Paper[] {
  return Array.from({ length: n }, (_, i) => {
    const s = seed[i % seed.length] as SeedPaper;
    return {
      id: `arxiv:${arxivId(i)}`,
      title: `${s.title} (${i})`,
      authors: [`Author ${i}`, 'Grace Hopper', 'Ada Lovelace'],
      abstract: s.abstract,
      url: `https://arxiv.org/abs/${arxivId(i)}`,
      starred: i % 10 === 0,
      tags: i % 7 === 0 ? ['reading'] : [],
      sightings: [
        {
          site: 'hf',
          url: 'https://huggingface.co/papers',
          firstSeen: '2026-01-01T00:00:00.000Z',
          lastSeen: '2026-01-02T00:00:00.000Z',
        },
      ],
      addedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
  });
}

async function benchExtract(seed: SeedPaper[]) {
  for (const n of [500, 2000]) {
    const doc = new DOMParser().parseFromString(arxivListing(seed, n), 'text/html') as unknown as Document;
    let count = 0;
    const samples = await time(15, () => {
      count = extractFeed(doc, 'https://arxiv.org/list/cs.LG/new')?.entries.length ?? -1;
    });
    if (count !== n) throw new Error(`extract-arxiv-listing: expected ${n} entries, got ${count}`);
    report('extract-arxiv-listing', n, samples, { dom: 'linkedom', target_ms: n === 2000 ? 100 : undefined });
  }
}

/** The same extraction in Debian's Chromium, where the content script really runs (real DOM, real selectors). */
async function benchExtractInChromium(seed: SeedPaper[]) {
  const exe = CHROMIUM_PATH;
  if (!existsSync(exe)) {
    process.stdout.write(`${JSON.stringify({ bench: 'extract-arxiv-listing', skipped: `no Chromium at ${exe}` })}\n`);
    return;
  }
  const bundle = await build({
    entryPoints: [resolve(import.meta.dirname, '../lib/sites/index.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'PaperShelfSites',
    write: false,
    minify: true,
  });
  const code = bundle.outputFiles[0]?.text ?? '';
  const browser = await chromium.launch({
    executablePath: exe,
    args: CHROMIUM_ARGS,
  });
  try {
    for (const n of [500, 2000]) {
      // Five fresh pages: each one's first run is what a page visit costs (cold JIT, as a content script runs);
      // the runs after it in the same page show the steady state.
      const firsts: number[] = [];
      const warm: number[] = [];
      for (let p = 0; p < 5; p++) {
        const page = await browser.newPage();
        await page.setContent(arxivListing(seed, n));
        await page.addScriptTag({ content: code });
        const result = await page.evaluate((runs) => {
          const w = window as unknown as {
            PaperShelfSites: { extractFeed(d: Document, u: string): { entries: unknown[] } | undefined };
          };
          const samples: number[] = [];
          let count = 0;
          for (let i = 0; i < runs; i++) {
            const t = performance.now();
            count = w.PaperShelfSites.extractFeed(document, 'https://arxiv.org/list/cs.LG/new')?.entries.length ?? -1;
            samples.push(performance.now() - t);
          }
          return { samples, count };
        }, 5);
        if (result.count !== n) throw new Error(`chromium extract: expected ${n} entries, got ${result.count}`);
        firsts.push(result.samples[0] as number);
        warm.push(...result.samples.slice(1));
        await page.close();
      }
      const sorted = [...firsts].sort((a, b) => a - b);
      report('extract-arxiv-listing', n, warm, {
        dom: 'chromium',
        first_run_median_ms: +(sorted[2] as number).toFixed(1),
        first_runs_ms: firsts.map((x) => +x.toFixed(1)),
        target_ms: n === 2000 ? 100 : undefined,
      });
    }
  } finally {
    await browser.close();
  }
}

async function benchStarToggle(seed: SeedPaper[]) {
  const lines: { n: number; p50_ms: number; bytes: number }[] = [];
  for (const n of [1_000, 10_000]) {
    const storage = memoryStorage();
    await new Library(storage, () => {}).importPapers(seedPapers(seed, n));
    const lib = new Library(storage, () => {});
    await lib.setStarred(`arxiv:${arxivId(1)}`, true); // warm: migrations checked, first shard cached
    const before = storage.bytesWritten;
    let k = 0;
    const samples = await time(60, () => lib.setStarred(`arxiv:${arxivId((k++ * 97) % n)}`, k % 2 === 0));
    const bytes = Math.round((storage.bytesWritten - before) / samples.length);
    const line = report('star-toggle', n, samples, {
      storage: 'in-memory JSON',
      bytes_per_toggle: bytes,
      target_ms: 10,
    });
    lines.push({ n, p50_ms: line.p50_ms, bytes });
  }
  const [small, large] = lines as [(typeof lines)[0], (typeof lines)[0]];
  process.stdout.write(
    `${JSON.stringify({ bench: 'star-toggle-scaling', n: large.n, baseline_n: small.n, p50_ratio: +(large.p50_ms / small.p50_ms).toFixed(2), bytes_ratio: +(large.bytes / small.bytes).toFixed(2) })}\n`,
  );
}

const QUERIES = [
  'weight normalization',
  'transfromer acceleraton',
  'diffusion models',
  'moment probing',
  'zhang',
  'pretrained language model',
  'is:starred graph',
  'reinforcement learning -robot',
];

async function benchExport(seed: SeedPaper[]) {
  const starred = libraryOf(seed, 10_000).map((p) => ({ ...p, starred: true, starredAt: '2026-01-01T00:00:00.000Z' }));
  for (const format of ['bibtex', 'ris', 'csv', 'csl-json', 'markdown', 'json'] as const) {
    let bytes = 0;
    const samples = await time(5, () => {
      bytes = exportPapers(starred, format).length;
    });
    report('export', starred.length, samples, {
      format,
      mb: +(bytes / 1048576).toFixed(1),
      target_ms: format === 'bibtex' ? 1000 : undefined,
    });
  }
}

async function benchSearch(seed: SeedPaper[]) {
  for (const n of [1_000, 10_000, 50_000]) {
    const papers = libraryOf(seed, n);
    const t0 = performance.now();
    const ours = createPaperSearch(papers);
    const indexMs = performance.now() - t0;
    // Per keystroke: every prefix of every query, as typed.
    const keystrokes: number[] = [];
    for (const q of QUERIES)
      for (let k = 1; k <= q.length; k++)
        keystrokes.push(...(await time(1, () => ours.search(q.slice(0, k), { limit: 50 }))));
    report('search-keystroke', n, keystrokes, {
      index_build_ms: +indexMs.toFixed(1),
      queries: QUERIES.length,
      target_p95_ms: n === 10_000 ? 16 : n === 50_000 ? 50 : undefined,
    });
    // The same full queries through plain Fuse.js over the same keys (ignoreLocation), in the same run.
    const plain = new Fuse(papers, {
      keys: ['title', 'authors', 'tags', 'keywords', 'note', 'abstract'],
      ignoreLocation: true,
      threshold: 0.6,
    });
    const sample = n >= 50_000 ? QUERIES.slice(0, 3) : n >= 10_000 ? QUERIES.slice(0, 4) : QUERIES;
    const oursFull: number[] = [];
    const plainFull: number[] = [];
    for (const q of sample) {
      oursFull.push(...(await time(3, () => ours.search(q, { limit: 50 }))));
      plainFull.push(...(await time(1, () => plain.search(q, { limit: 50 }))));
    }
    const a = report('search-query', n, oursFull, { engine: 'papershelf' });
    const b = report('search-query', n, plainFull, { engine: 'plain-fuse-ignoreLocation' });
    process.stdout.write(
      `${JSON.stringify({ bench: 'search-speedup', n, p50_ratio: +(b.p50_ms / a.p50_ms).toFixed(1), target: 20 })}\n`,
    );
  }
}

/**
 * Storage and the persisted search index (issue 12) at 10,000 and 50,000 papers: bytes in use per paper against
 * the papers' own JSON, the background's index build, and what a view pays at open (the base through structured
 * clone, then the first query) — against a view that indexes the library itself at open, measured in the same run.
 */
async function benchIndex(seed: SeedPaper[]) {
  for (const n of [10_000, 50_000]) {
    const storage = memoryStorage();
    const lib = new Library(storage, () => {});
    const papers = libraryOf(seed, n);
    for (let from = 0; from < n; from += 10_000) await lib.importPapers(papers.slice(from, from + 10_000));
    let bytes = 0;
    for (const [k, v] of storage.data) bytes += k.length + v.length;
    const own = ownJsonBytes(papers);
    process.stdout.write(
      `${JSON.stringify({ bench: 'storage-bytes', n, bytes_per_paper: Math.round(bytes / n), own_json_bytes_per_paper: Math.round(own / n), ratio: +(bytes / own).toFixed(2), target_ratio: 1.5 })}\n`,
    );
    const db = memoryIndexDb();
    const built = await time(1, () => buildIndex(storage, db, () => {}));
    const open = await time(5, () => openLibraryIndex(storage, db));
    const view = await openLibraryIndex(storage, db);
    const first = await time(1, () => view.searchAsync('glyph desgn quantm', { limit: 100 }));
    const scratch = await time(3, async () => {
      const v = await openLibraryIndex(storage, undefined);
      await v.searchAsync('glyph desgn quantm', { limit: 100 });
    });
    report('index-open', n, open, {
      build_ms: +(built[0] as number).toFixed(0),
      first_query_ms: +(first[0] as number).toFixed(1),
      baseline_open_and_query_without_index_p50_ms: +([...scratch].sort((a, b) => a - b)[1] as number).toFixed(1),
      storage: 'in-memory JSON; IndexedDB as structuredClone',
    });
  }
}

/**
 * A typed query with a typo (one letter of a title word dropped, plus the first author's surname) over the persisted
 * index at 100,000 papers, as a view answers it once open: the seed mix (~3,900 distinct words) and, in the same
 * run, a library with a real library's vocabulary (~121,000: scripts/corpus.ts realVocabularyOf), where a typo's
 * trigrams are shared by thousands of words. Also how many of the 30 targets are in the top 5.
 */
async function benchTypoVocabulary(seed: SeedPaper[]) {
  const n = 100_000;
  for (const [vocabulary, papers] of [
    ['seed-mix', libraryOf(seed, n)],
    ['real', realVocabularyOf(seed, n)],
  ] as const) {
    const storage = memoryStorage();
    const lib = new Library(storage, () => {});
    for (let from = 0; from < n; from += 10_000) await lib.importPapers(papers.slice(from, from + 10_000));
    const db = memoryIndexDb();
    await buildIndex(storage, db, () => {});
    const base = (await db.get('base')) as { base: { vocabOff: Uint32Array; postStart: Uint32Array } };
    // The post blocks the queries read (each once per view), against all of them.
    let blocksRead = 0;
    let blockBytesRead = 0;
    const getPosts = db.getPosts;
    db.getPosts = async (keys, build) => {
      const got = await getPosts(keys, build);
      blocksRead += got.length;
      blockBytesRead += serialize(got).length;
      return got;
    };
    const allBlocks = await getPosts([...Array(base.base.postStart.length - 1).keys()], '');
    const view = await openLibraryIndex(storage, db);
    const samples: number[] = [];
    let inTop5 = 0;
    for (let k = 0; k < 30; k++) {
      const target = papers[Math.floor((n / 31) * (k + 1)) + 7] as Paper;
      const word = target.title.split(' ').at(-1) ?? '';
      const q = `${word.slice(0, 2)}${word.slice(3)} ${target.authors[0]?.split(' ').at(-1) ?? ''}`;
      samples.push(...(await time(1, () => view.searchAsync(q, { limit: 20 }))));
      const hits = await view.searchAsync(q, { limit: 20 });
      if (hits.slice(0, 5).some((h) => h.item.id === target.id)) inTop5++;
    }
    report('search-typo-vocabulary', n, samples, {
      vocabulary,
      distinct_words: base.base.vocabOff.length - 1,
      base_bytes: serialize(base).length,
      post_blocks: allBlocks.length,
      post_blocks_bytes: serialize(allBlocks).length,
      blocks_read_by_30_queries: blocksRead,
      blocks_bytes_read_by_30_queries: blockBytesRead,
      in_top5_of_30: inTop5,
    });
  }
}

const seed = loadSeed();
// `npm run bench -- --only-foryou`: the for-you part alone (issue 16); `-- --only-typo`: benchTypoVocabulary alone.
if (process.argv.includes('--only-typo')) {
  await benchTypoVocabulary(seed);
  process.exit(0);
}
if (!process.argv.includes('--only-foryou')) {
  await benchExtract(seed);
  await benchExtractInChromium(seed);
  await benchStarToggle(seed);
  await benchExport(seed);
  await benchIndex(seed);
  if (!process.argv.includes('--no-search')) await benchSearch(seed);
  if (!process.argv.includes('--no-search')) await benchTypoVocabulary(seed);
}
await benchForYou(report, time, {
  quality: !process.argv.includes('--no-foryou-quality'),
  update: !process.argv.includes('--no-foryou-update'),
});
