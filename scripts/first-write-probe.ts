/**
 * What Chrome's first storage.local write after a browser restart costs, by what is stored (issue 12). Chrome counts
 * the bytes of everything stored before it stores a session's first write (its quota enforcer reads every key, with
 * `unlimitedStorage` too), and answers no other storage call meanwhile. This probe fills a bare extension's
 * storage.local with a library laid out as PaperShelf's (records `p:`, snapshot shards `s:`, abstract shards `a:`,
 * with the seed's words), or a variant of it, restarts Chromium and times the first write, four restarts each.
 *   npx tsx scripts/first-write-probe.ts [papers=20000] [variants=now,records-as-text,record-keys-only,no-records,abstracts-deflated]
 * Prints one JSON line per variant. Not part of npm test: it takes ~1–2 minutes per variant at 20,000 papers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { SEED_FILE } from './seed';

const VARIANTS = ['now', 'records-as-text', 'record-keys-only', 'no-records', 'abstracts-deflated'] as const;
type Variant = (typeof VARIANTS)[number];
const RESTARTS = 4;

async function launch(profile: string, ext: string): Promise<{ context: BrowserContext; worker: Worker }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: false, // --headless=new below (extensions need it)
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  // tsx names the functions it compiles with a helper (`__name`) the worker does not have: the evaluated ones call it.
  await worker.evaluate('globalThis.__name = (f) => f');
  return { context, worker };
}

/** Fills storage.local in the worker: 100 papers per shard, as lib/library/schema.ts lays them out. */
async function fill(worker: Worker, papers: number, variant: Variant, words: string[]): Promise<number> {
  return worker.evaluate(
    async ({ papers, variant, words }) => {
      const local = (globalThis as unknown as WorkerGlobal).chrome.storage.local;
      let seed = 7;
      const rnd = () => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return seed / 4294967296;
      };
      const text = (k: number) => {
        const at = Math.floor(rnd() * (words.length - k));
        return words.slice(at, at + k).join(' ');
      };
      const deflated = async (s: string) => {
        const stream = new Blob([s]).stream().pipeThrough(new CompressionStream('deflate-raw'));
        const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
        let bin = '';
        for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode(...bytes.subarray(i, i + 8192));
        return `z1:${btoa(bin)}`;
      };
      for (let s = 0; s < papers / 100; s++) {
        const items: Record<string, unknown> = {};
        const snap: unknown[] = [];
        const abstracts: Record<string, string> = {};
        for (let i = 0; i < 100; i++) {
          const n = s * 100 + i;
          const id = `arxiv:2401.${String(n).padStart(5, '0')}`;
          const lastSeen = '2025-01-01T00:00:00.000Z';
          const record = {
            v: 3,
            id,
            title: text(10),
            authors: Array.from({ length: 5 }, () => text(2)),
            url: `https://arxiv.org/abs/2401.${n}`,
            shard: s,
            sightings: [{ firstSeen: lastSeen, lastSeen, site: 'arxiv', url: 'https://arxiv.org/list/cs/2301' }],
            starred: false,
            tags: [],
            updatedAt: lastSeen,
          };
          if (variant === 'records-as-text') items[`p:${id}`] = JSON.stringify(record);
          else if (variant === 'record-keys-only') items[`p:${id}`] = 1;
          else if (variant !== 'no-records') items[`p:${id}`] = record;
          snap.push({ id, t: record.title, a: record.authors, l: lastSeen, s: ['arxiv'], u: record.url });
          abstracts[id] = text(200);
        }
        items[`s:${s}`] = JSON.stringify({ v: 1, papers: snap });
        const abs = JSON.stringify({ v: 1, abstracts });
        items[`a:${s}`] = variant === 'abstracts-deflated' ? await deflated(abs) : abs;
        await local.set(items);
      }
      return local.getBytesInUse(null);
    },
    { papers, variant, words },
  );
}

async function probe(papers: number, variant: Variant, words: string[], ext: string) {
  const profile = mkdtempSync(join(tmpdir(), 'ps-first-write-'));
  try {
    let { context, worker } = await launch(profile, ext);
    const bytes = await fill(worker, papers, variant, words);
    await context.close();
    const first: number[] = [];
    const second: number[] = [];
    for (let k = 0; k < RESTARTS; k++) {
      ({ context, worker } = await launch(profile, ext));
      const t = await worker.evaluate(async () => {
        const local = (globalThis as unknown as WorkerGlobal).chrome.storage.local;
        const t0 = performance.now();
        await local.set({ probe: Math.random() });
        const t1 = performance.now();
        await local.set({ probe: Math.random() });
        return [t1 - t0, performance.now() - t1];
      });
      first.push(Math.round(t[0] ?? Number.NaN));
      second.push(Math.round(t[1] ?? Number.NaN));
      await context.close();
    }
    const sorted = [...first].sort((a, b) => a - b);
    const median = ((sorted[1] ?? 0) + (sorted[2] ?? 0)) / 2;
    console.log(
      JSON.stringify({
        bench: 'first-write-probe',
        papers,
        variant,
        mb: Math.round(bytes / 1e5) / 10,
        first_write_median_ms: median,
        first_write_ms: first,
        second_write_ms: second,
      }),
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The two storage calls the probe makes inside the worker (the e2e tests' `chrome` declares only reads). */
interface ProbeStorage {
  set(items: object): Promise<void>;
  getBytesInUse(keys: null): Promise<number>;
}
/** Inside the worker (the functions passed to evaluate run there: only types may come from here). */
type WorkerGlobal = { chrome: { storage: { local: ProbeStorage } } };

const papers = Number(process.argv[2] ?? 20_000);
const variants = (process.argv[3]?.split(',') ?? VARIANTS).filter((v): v is Variant =>
  (VARIANTS as readonly string[]).includes(v),
);
const words = readFileSync(SEED_FILE, 'utf8').split(/\s+/).filter(Boolean);
const ext = mkdtempSync(join(tmpdir(), 'ps-first-write-ext-'));
writeFileSync(
  join(ext, 'manifest.json'),
  JSON.stringify({
    manifest_version: 3,
    name: 'first-write probe',
    version: '1',
    permissions: ['storage', 'unlimitedStorage'],
    background: { service_worker: 'bg.js' },
  }),
);
writeFileSync(join(ext, 'bg.js'), '// storage is driven from the probe through DevTools\n');
try {
  for (const v of variants) await probe(papers, v, words, ext);
} finally {
  rmSync(ext, { recursive: true, force: true });
}
