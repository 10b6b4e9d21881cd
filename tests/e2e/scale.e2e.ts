/**
 * Issue 12 in real Chromium: what a reader meets at 10,000, 50,000 and 100,000 papers. Prints one JSON line per
 * size and variant (`e2e-scale`), measured in the pages themselves from navigation start or from the click:
 *   popup first rows; a query typed at once finding a paper deep in the library (typo, not in the head); a query
 *   matching only an abstract; star → pressed in the popup, the library page and a feed's overlay (real mouse
 *   clicks); library first rows, scroll jumps (script time), sort, filter and a typed query; the same after a
 *   browser restart (cold service worker, storage read from disk); bytes per paper; and in the same run, the
 *   baseline of a view that indexes the library itself at open (the pre-issue-12 way) and plain Fuse.js; and how
 *   long the background takes to answer a message while it rebuilds the whole index (`rebuild`), and the first
 *   write after a browser restart, with a read sent while it is stored (`cold-first-write`).
 * Tests assert behaviour (the paper is found, the star shows, the page works); the numbers are for the note.
 * Libraries are the seed mix (scripts/corpus.ts libraryOf: ~3,900 distinct words at any size) and, at 100,000
 * papers, one with a real library's vocabulary too (realVocabularyOf: ~121,000 distinct words, a base three times the
 * size); every line names its vocabulary. PS_SCALE_SIZES=10000 runs one size; PS_SCALE_VOCABULARY=seed-mix or =real
 * runs the sizes with that vocabulary alone.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../lib/paper/types';
import { libraryOf, ownJsonBytes, realVocabularyOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';
import { count, onRoots } from './closed';
import { type Browser, EXTENSION_DIR, launch, ROOT, type Served, serve, tempDir } from './harness';
import {
  devtoolsPoll,
  domTime,
  FIRST_PAINTED,
  libraryOpen,
  markAt,
  median,
  openTimed,
  popupTypedOpen,
  psMarks,
} from './page-timing';
import { indexSettled } from './settled';

const SIZES = (process.env.PS_SCALE_SIZES ?? '10000,50000,100000').split(',').map(Number);
type Vocabulary = 'seed-mix' | 'real';
const ONLY = process.env.PS_SCALE_VOCABULARY as Vocabulary | undefined;
const RUNS: [number, Vocabulary][] = [
  ...SIZES.map((n): [number, Vocabulary] => [n, ONLY ?? 'seed-mix']),
  ...(ONLY || !SIZES.includes(100_000) ? [] : [[100_000, 'real'] as [number, Vocabulary]]),
];
/** Fuse.js as a script for the page (it ships no browser global: bundled here). */
async function fuseScript(): Promise<string> {
  const out = await build({
    stdin: { contents: "import Fuse from 'fuse.js'; globalThis.PlainFuse = Fuse;", resolveDir: ROOT },
    bundle: true,
    format: 'iife',
    write: false,
  });
  return out.outputFiles[0]?.text ?? '';
}

/** The paper to find: old, unstarred (so never in the head), its abstract holding two words no other paper has. */
const TARGET: Paper = {
  id: 'arxiv:2301.00002',
  title: 'Evaluating Alternative Glyph Design for Showing Large-Magnitude-Range Quantum Spins',
  authors: ['Henan Zhao', 'Garnett W. Bryant', 'Wesley Griffin', 'Judith E. Terrill', 'Jian Chen'],
  abstract: 'We compare glyphs for spin magnitudes, with a lanthanide zebrafish case study and a user study.',
  url: 'https://arxiv.org/abs/2301.00002',
  starred: false,
  tags: [],
  sightings: [
    {
      site: 'arxiv',
      url: 'https://arxiv.org/list/cs/2301',
      firstSeen: '2025-01-01T00:00:00.000Z',
      lastSeen: '2025-01-01T00:00:00.000Z',
    },
  ],
};
const TYPED = 'glyph desgn quantm'; // two typos
/**
 * The paper the cold (restart) samples look for: like TARGET, but never starred or changed by any test, so its entry
 * is only in the base's doc chunks (TARGET's shard, written by the star tests, is read from storage.local at open:
 * an easier case). It takes the place of one generated paper a third of the way in (the count stays n + 1).
 */
const UNTOUCHED: Paper = {
  ...TARGET,
  id: 'arxiv:2301.00003',
  title: 'Tardigrade Cryptobiosis Under Simulated Martian Regolith Conditions',
  authors: ['Ilse Vandermolen', 'Kofi Mensah'],
  abstract: 'Desiccated tardigrades revive after exposure to perchlorate-rich regolith simulant.',
  url: 'https://arxiv.org/abs/2301.00003',
};
const TYPED_UNTOUCHED = 'tardigrad cryptobiosus'; // two typos
const ABSTRACT_ONLY = 'lanthanide zebrafsh'; // words of the abstract only, one typo

const LISTING = `<!doctype html><html><head><title>cs 2301</title></head><body><dl id="articles">
<dt><a href="/abs/2301.00002" title="Abstract">arXiv:2301.00002</a></dt>
<dd><div class="meta"><div class="list-title mathjax">${TARGET.title}</div>
<div class="list-authors"><a href="/a/zhao_h_1">Henan Zhao</a></div></div></dd></dl></body></html>`;

/** A paper no library here holds (the second listing's new entry). */
const NEW_ID = '2612.31999';
/** A second listing: TARGET (also on the first), UNTOUCHED (in the index only) and a paper not in the library. */
const LISTING_2 = `<!doctype html><html><head><title>cs 2302</title></head><body><dl id="articles">
<dt><a href="/abs/2301.00002" title="Abstract">arXiv:2301.00002</a></dt>
<dd><div class="meta"><div class="list-title mathjax">${TARGET.title}</div>
<div class="list-authors"><a href="/a/zhao_h_1">Henan Zhao</a></div></div></dd>
<dt><a href="/abs/2301.00003" title="Abstract">arXiv:2301.00003</a></dt>
<dd><div class="meta"><div class="list-title mathjax">${UNTOUCHED.title}</div>
<div class="list-authors"><a href="/a/vandermolen_i_1">Ilse Vandermolen</a></div></div></dd>
<dt><a href="/abs/${NEW_ID}" title="Abstract">arXiv:${NEW_ID}</a></dt>
<dd><div class="meta"><div class="list-title mathjax">Ocean Heat Uptake in a Warming Climate</div>
<div class="list-authors"><a href="/a/okafor_c_1">Chidi Okafor</a></div></div></dd></dl></body></html>`;

/**
 * Restarts per cold popup sample set (first rows alone, and typed at once): fifteen each. The typed hit after the
 * first rows is the difference of two medians over separate launches: resampling the launches of CI121–CI125 (seven
 * each), that difference's own spread was 11–33 ms (standard deviation) with seven, 6–26 with fifteen.
 */
const COLD_SAMPLES = 15;
/** Restarts of the library page after a restart (and as many of its floor). */
const COLD_LIBRARY_SAMPLES = 7;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] as number;
const r1 = (x: number) => Math.round(x * 10) / 10;
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ bench: 'e2e-scale', ...o })}\n`);

/** Sets an input's value as typing would (one input event), at once; returns when it was typed. */
async function typeAtOnce(page: Page, selector: string, text: string): Promise<number> {
  return page.evaluate(
    ([sel, value]) => {
      const el = document.querySelector(sel) as HTMLInputElement;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      setter?.call(el, value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      return performance.now();
    },
    [selector, text] as const,
  );
}

/**
 * Arms the timing of a star (`this`: the document, or an overlay host's closed shadow root reached through
 * DevTools): the pointerdown time, and when aria-pressed shows the new state. Returns where to click.
 */
const ARM_STAR = `function (sel) {
  const root = this;
  const b = root.querySelector(sel);
  if (!b) return null;
  const want = b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true';
  window.__down = undefined;
  window.__shown = undefined;
  window.__events = [];
  if (!window.__eventTiming) {
    // Event Timing: a click's duration runs from the input to the next frame presented after its handlers. Only
    // events of 16 ms or more are reported (the API's floor).
    window.__eventTiming = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.interactionId) window.__events.push({ s: e.startTime, d: e.duration });
    });
    window.__eventTiming.observe({ type: 'event', durationThreshold: 16 });
  }
  document.addEventListener('pointerdown', () => { window.__down = performance.now(); }, { capture: true, once: true });
  const obs = new MutationObserver(() => {
    const now = root.querySelector(sel)?.getAttribute('aria-pressed');
    if (now === want && window.__shown === undefined) {
      window.__shown = performance.now();
      obs.disconnect();
    }
  });
  obs.observe(root, { attributes: true, subtree: true, childList: true, attributeFilter: ['aria-pressed'] });
  const r = b.getBoundingClientRect();
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}`;

/** A star click: to the new state in the DOM, and to the next frame presented after it (Event Timing). */
interface StarTime {
  shown: number;
  /** The click's Event Timing duration (8 ms steps); 16 when none was reported (under the API's 16 ms floor). */
  paint: number;
}

/**
 * A real mouse click on a star, timed in the page from the pointerdown to aria-pressed showing the new state, and
 * to the next frame presented after its handlers. With `host`, the star is in that overlay host's closed shadow root.
 */
async function clickStar(page: Page, selector: string, host?: string): Promise<StarTime> {
  type Box = { x: number; y: number } | null;
  const box = host
    ? ((await onRoots<Box>(page, host, ARM_STAR, selector))[0] ?? null)
    : ((await page.evaluate(`(${ARM_STAR}).call(document, ${JSON.stringify(selector)})`)) as Box);
  expect(box).toBeTruthy();
  await page.mouse.click(box?.x ?? 0, box?.y ?? 0);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __shown?: number }).__shown), { timeout: 10_000 })
    .toBeDefined();
  // Event Timing entries are delivered after the frame is presented.
  await page.waitForTimeout(250);
  return page.evaluate(() => {
    const w = window as unknown as { __down: number; __shown: number; __events: { s: number; d: number }[] };
    const mine = w.__events.filter((e) => e.s >= w.__down - 1).map((e) => e.d);
    return { shown: w.__shown - w.__down, paint: mine.length ? Math.max(...mine) : 16 };
  });
}

/** The star lines' fields: to the DOM (MutationObserver) and to the next presented frame (Event Timing). */
const starFields = (stars: StarTime[]) => ({
  star_to_pressed_median_ms: r1(median(stars.map((x) => x.shown))),
  star_to_pressed_ms: stars.map((x) => r1(x.shown)),
  star_to_next_paint_median_ms: median(stars.map((x) => x.paint)),
  star_to_next_paint_ms: stars.map((x) => x.paint),
});

interface PopupTimes {
  /** Presented (Element Timing), from navigation start. */
  first_rows_ms: number;
  /** In the DOM, the frame recorded (the page's own mark), from navigation start. */
  first_rows_commit_ms: number;
  index_ready_ms: number;
  source: string | undefined;
  marks: string;
}

/** The library's timed sorts: column and the direction its click gives (a second click on a column reverses it). */
const SORTS: [string, 'ascending' | 'descending'][] = [
  ['Title', 'ascending'],
  ['Title', 'descending'],
  ['Date', 'ascending'],
  ['Authors', 'ascending'],
  ['Title', 'ascending'],
];

/** A timed library action: to the DOM, and to its new first row's presentation (null: that row was on screen). */
type Timed = { dom: number; presented: number | null };

/** Medians of timed actions: to the DOM, and to the presentation of those whose new first row was presented. */
function medianRuns(runs: Timed[]): Timed {
  const shown = runs.map((r) => r.presented).filter((x): x is number => x !== null);
  return { dom: r1(median(runs.map((r) => r.dom))), presented: shown.length ? r1(median(shown)) : null };
}

/** Opens the popup for the tests that follow its opening (the star): its box is there. */
async function openPopup(b: Browser): Promise<Page> {
  const { page, cdp } = await openTimed(b, 'popup.html');
  await devtoolsPoll(cdp, "document.querySelector('input.ps-search') ? true : null");
  await cdp.detach();
  return page;
}

async function popupFirstRows(b: Browser): Promise<PopupTimes> {
  const { page, cdp } = await openTimed(b, 'popup.html');
  await devtoolsPoll(cdp, 'document.documentElement.dataset.indexReadyMs');
  const firstPainted = Number(await devtoolsPoll(cdp, FIRST_PAINTED));
  await cdp.detach();
  const t = await page.evaluate(() => ({
    first_rows_commit_ms: Number(document.querySelector('[role="grid"]')?.getAttribute('data-first-results-ms')),
    index_ready_ms: Number(document.documentElement.dataset.indexReadyMs),
    source: document.documentElement.dataset.indexSource,
  }));
  const marks = await psMarks(page);
  await page.close();
  return { ...t, first_rows_ms: r1(firstPainted), marks };
}

/**
 * A query typed as soon as the popup's box can take it; when (from navigation start) the paper became the top row.
 * Keys reach the box once it has the focus (its autofocus, before the first rows paint): the query is typed then,
 * as a person who knows what they want does. (The box never focused would fail here: keyboard-first.)
 */
async function popupTypedHit(
  b: Browser,
  query: string,
  target: Paper = TARGET,
): Promise<{ typed_ms: number; hit_ms: number; hit_commit_ms: number; marks: string }> {
  const t = await popupTypedOpen(b, query, target.id);
  return { typed_ms: r1(t.typed), hit_ms: r1(t.hit), hit_commit_ms: r1(t.hitCommit), marks: t.marks };
}

async function popupStar(b: Browser): Promise<StarTime[]> {
  const page = await openPopup(b);
  await typeAtOnce(page, 'input.ps-search', TYPED);
  await expect
    .poll(() => page.locator('[role="grid"]').getAttribute('data-top-id'), { timeout: 60_000 })
    .toBe(TARGET.id);
  const out: StarTime[] = [];
  for (let k = 0; k < 6; k++) {
    out.push(await clickStar(page, `[role="row"][data-paper-id="${TARGET.id}"] button[aria-pressed]`));
    await page.waitForTimeout(300); // the write lands before the next click
  }
  await page.close();
  return out;
}

/**
 * The library page's first frame saved as a page of its own with no script (the floor): the same elements, styles
 * and text, painted by the parser alone. Its first rows are what any page showing these pixels costs this browser.
 */
const FLOOR_PAGE = 'ps-floor.html';
/** An extension page with no script, for messages timed with nothing else running in their page. */
const PROBE_PAGE = 'ps-probe.html';
async function saveFloor(page: Page): Promise<void> {
  const html = await page.evaluate(() => {
    const d = document.documentElement.cloneNode(true) as HTMLElement;
    for (const s of d.querySelectorAll('script, link[rel="modulepreload"]')) s.remove();
    for (const a of Object.keys(d.dataset)) delete d.dataset[a];
    return `<!doctype html>\n${d.outerHTML}`;
  });
  writeFileSync(join(EXTENSION_DIR, FLOOR_PAGE), html);
}

async function library(b: Browser, n: number, tagCounts: [string, number][]) {
  // First rows: the median of five opens (one open's number moved by ±70 ms between runs of the same build: 256–396
  // at 100,000 papers). The last open goes on to the scroll, sort, filter and star timings.
  const opens: { first: number; commit: number }[] = [];
  for (let k = 0; k < 4; k++) {
    const o = await libraryOpen(b);
    opens.push(o);
    await o.page.close();
  }
  const { page, ...last } = await libraryOpen(b);
  opens.push(last);
  await page.getByText(`${(n + 1).toLocaleString('en')} papers`).waitFor({ timeout: 120_000 });
  // The floor: this page's first frame without script, saved now and opened once this page's timings are taken (when
  // five floor pages were opened and closed here, before the scrolling, 5 of 40 scroll jumps at 100,000 papers took
  // 54–194 ms in CI61, against ≤ 18 in every earlier run: the extension's pages share one renderer).
  await saveFloor(page);
  const indexReady = Number(await page.evaluate(() => document.documentElement.dataset.indexReadyMs));
  await expect.poll(() => page.locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(10);
  // The whole table (every paper listed, not only the head's first rows): scrolling is timed on it, once it is there.
  await page.locator(`table[aria-rowcount="${n + 2}"]`).waitFor({ timeout: 120_000 });
  const allRows = await page.evaluate(() => performance.now());
  // Scroll jumps: script time of the scroll handler and the render it causes (to the end of its microtasks).
  const scroll = await page.locator('.ps-table').evaluate(async (table) => {
    const out: number[] = [];
    for (let k = 1; k <= 40; k++) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const t = performance.now();
      table.scrollTop = ((k * 7919) % 40) * (table.scrollHeight / 41);
      table.dispatchEvent(new Event('scroll'));
      await new Promise<void>((r) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => r();
        ch.port2.postMessage(0);
      });
      out.push(performance.now() - t);
    }
    return out;
  });
  const rowsInDom = await page.locator('tbody tr').count();
  // Sort by title with a real click, timed in the page to the first row changing.
  const timeTo = async (action: () => Promise<void>, done: string) => {
    const dom = await domTime(page, action, done);
    // When the new top row reached the screen (Element Timing: the rows at the top carry elementtiming); null when
    // that row's element was already on screen (no new entry).
    const presented = await page.evaluate(async () => {
      const w = window as unknown as { __t0: number; __painted?: { id: string; t: number }[] };
      const id = document.querySelector('tbody tr')?.getAttribute('data-paper-id');
      for (let i = 0; i < 40; i++) {
        const e = (w.__painted ?? []).find((x) => x.id === id && x.t > w.__t0);
        if (e) return Math.round((e.t - w.__t0) * 10) / 10;
        await new Promise((ok) => setTimeout(ok, 50));
      }
      return null;
    });
    return { dom, presented };
  };
  const typedMs = await timeTo(
    () => page.getByRole('searchbox', { name: 'Search papers' }).fill(TYPED),
    `document.querySelector('tbody tr')?.getAttribute('data-paper-id') === '${TARGET.id}'`,
  );
  await page.getByRole('searchbox', { name: 'Search papers' }).fill('');
  await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(10);
  // Five sorts by real clicks (a column's first click sorts ascending, its second descending) and three tag filters,
  // each timed alone; the line gives the medians and every run. (With one click each, the same build's sort at
  // 100,000 papers was presented at 90.8 ms in CI37 and 462.7 ms in CI38.)
  const sortRuns: Timed[] = [];
  for (const [column, dir] of SORTS) {
    const header = await page.getByRole('button', { name: column, exact: true }).boundingBox();
    sortRuns.push(
      await timeTo(
        () => page.mouse.click((header?.x ?? 0) + 10, (header?.y ?? 0) + 5),
        `[...document.querySelectorAll('th[aria-sort="${dir}"]')].some((th) => (th.textContent || '').startsWith('${column}'))`,
      ),
    );
  }
  const filterRuns: Timed[] = [];
  for (const [tag, count] of tagCounts) {
    filterRuns.push(
      await timeTo(
        () => page.getByRole('searchbox', { name: 'Search papers' }).fill(`tag:${tag}`),
        `(document.body.textContent || '').includes('Select all ${count.toLocaleString('en')} matching')`,
      ),
    );
  }
  const sortMs = medianRuns(sortRuns);
  const filterMs = medianRuns(filterRuns);
  const search = page.getByRole('searchbox', { name: 'Search papers' });
  await search.fill(TYPED);
  await expect.poll(() => page.locator('tbody tr').first().getAttribute('data-paper-id')).toBe(TARGET.id);
  const stars: StarTime[] = [];
  for (let k = 0; k < 6; k++) {
    stars.push(await clickStar(page, `tbody tr[data-paper-id="${TARGET.id}"] button[aria-pressed]`));
    await page.waitForTimeout(300);
  }
  await page.close();
  // The floor, warm: five opens.
  const floor: number[] = [];
  for (let k = 0; k < 5; k++) {
    const o = await libraryOpen(b, FLOOR_PAGE);
    floor.push(o.first);
    await o.page.close();
  }
  return {
    first_rows_median_ms: r1(median(opens.map((o) => o.first))),
    first_rows_ms: opens.map((o) => r1(o.first)),
    first_rows_commit_ms: opens.map((o) => r1(o.commit)),
    floor_first_rows_median_ms: r1(median(floor)),
    floor_first_rows_ms: floor.map(r1),
    index_ready_ms: indexReady,
    scroll_script_p95_ms: r1(p95(scroll)),
    scroll_script_p50_ms: r1(median(scroll)),
    // Diagnostic: all forty jumps, slowest last (a p95 over 16 is one or two jumps: which, and by how much).
    scroll_script_ms: [...scroll].sort((a, b) => a - b).map(r1),
    all_rows_listed_ms: r1(allRows),
    rows_in_dom: rowsInDom,
    sort_ms: sortMs.dom,
    filter_ms: filterMs.dom,
    typed_hit_ms: typedMs.dom,
    // The same to the new first row's presentation (null: that row was already on screen).
    sort_presented_ms: sortMs.presented,
    filter_presented_ms: filterMs.presented,
    typed_hit_presented_ms: typedMs.presented,
    sort_runs: sortRuns,
    filter_runs: filterRuns,
    ...starFields(stars),
  };
}

async function overlayStar(b: Browser): Promise<StarTime[]> {
  const feed = await b.context.newPage();
  await feed.goto('https://arxiv.org/list/cs/2301');
  const host = `papershelf-entry[data-paper-id="${TARGET.id}"]`;
  await expect.poll(() => count(feed, host, '.ps-star'), { timeout: 20_000 }).toBe(1);
  const out: StarTime[] = [];
  for (let k = 0; k < 6; k++) {
    out.push(await clickStar(feed, '.ps-star', host));
    await feed.waitForTimeout(300);
  }
  await feed.close();
  return out;
}

/** Plain Fuse.js over title + authors + tags + abstract (ignoreLocation), in the popup's page, same queries. */
async function plainFuse(b: Browser): Promise<{ build_ms: number; query_ms: number; found: boolean }> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/popup.html`);
  await page.evaluate(await fuseScript());
  const out = await page.evaluate(async (query) => {
    const all = await chrome.storage.local.get(null);
    const abstracts = new Map<string, string>();
    const papers: { id: string; title: string; authors: string[]; tags: string[]; abstract: string }[] = [];
    for (const [k, v] of Object.entries(all)) {
      if (k.startsWith('a:'))
        for (const [id, t] of Object.entries(JSON.parse(v as string).abstracts)) abstracts.set(id, t as string);
    }
    for (const [k, v] of Object.entries(all)) {
      if (!k.startsWith('s:')) continue;
      // Entries packed as lib/library/snap-pack.ts stores them: [id, title, authors, url, starred, tags, …].
      for (const e of JSON.parse(v as string).papers as [string, string, string[], unknown, unknown, string[]][])
        papers.push({ id: e[0], title: e[1], authors: e[2], tags: e[5], abstract: abstracts.get(e[0]) ?? '' });
    }
    const F = (
      window as unknown as {
        PlainFuse: new (l: unknown[], o: object) => { search(q: string, o?: object): { item: { id: string } }[] };
      }
    ).PlainFuse;
    const t0 = performance.now();
    const fuse = new F(papers, {
      keys: ['title', 'authors', 'tags', 'abstract'],
      ignoreLocation: true,
      threshold: 0.6,
    });
    const t1 = performance.now();
    const hits = fuse.search(query, { limit: 50 });
    const t2 = performance.now();
    return {
      build_ms: Math.round(t1 - t0),
      query_ms: Math.round(t2 - t1),
      found: hits.some((h) => h.item.id === 'arxiv:2301.00002'),
    };
  }, TYPED);
  await page.close();
  return out;
}

async function bytes(b: Browser, papers: Paper[]) {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/popup.html`);
  const inUse = await page.evaluate(() =>
    (chrome.storage.local as unknown as { getBytesInUse(k: null): Promise<number> }).getBytesInUse(null),
  );
  // Every typed array (and string) in every record of the index's two stores: the base, its ids, the abstracts'
  // postings, the sort ranks and the stamp in 'index'; the doc chunks and post blocks (the replaced build's kept
  // too) in 'docs'. Until CI111 only the base, the abstracts' postings and 'docs' were counted (~60 B per paper less). A throw inside an IndexedDB callback would be lost (the promise never
  // settling), so each one rejects instead.
  const idx = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const sizeOf = (v: unknown): number => {
          if (typeof v === 'string') return v.length;
          if (ArrayBuffer.isView(v)) return v.byteLength;
          if (typeof v !== 'object' || v === null) return 0;
          let n = 0;
          for (const x of Object.values(v)) n += sizeOf(x);
          return n;
        };
        const req = indexedDB.open('papershelf-index');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction(['index', 'docs']);
          let total = 0;
          for (const store of ['index', 'docs']) {
            const r = tx.objectStore(store).getAll();
            r.onsuccess = () => {
              try {
                total += sizeOf(r.result);
              } catch (e) {
                reject(e);
              }
            };
          }
          tx.oncomplete = () => {
            req.result.close();
            resolve(total);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  // Diagnostic: what the browser counts for the origin's IndexedDB on disk (LevelDB's files and the Blobs of values
  // over 64 KiB: compressed, plus what a compaction has not reclaimed yet from deleted builds).
  const disk = await page.evaluate(async () => {
    const e = (await navigator.storage.estimate()) as { usageDetails?: { indexedDB?: number } };
    return e.usageDetails?.indexedDB ?? null;
  });
  await page.close();
  const own = ownJsonBytes(papers);
  return {
    bytes_in_use: inUse,
    bytes_per_paper: Math.round(inUse / papers.length),
    own_json_bytes_per_paper: Math.round(own / papers.length),
    ratio_to_own_json: +(inUse / own).toFixed(2),
    index_bytes_per_paper: Math.round(idx / papers.length),
    indexeddb_disk_bytes_per_paper: disk === null ? null : Math.round(disk / papers.length),
  };
}

/** Deletes the persisted index (views then index the library themselves: the way before issue 12). */
async function dropIndex(b: Browser): Promise<void> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/popup.html`);
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const req = indexedDB.open('papershelf-index');
        req.onsuccess = () => {
          const tx = req.result.transaction(['index', 'docs'], 'readwrite');
          for (const k of ['base', 'abs', 'stamp']) tx.objectStore('index').delete(k);
          tx.objectStore('docs').clear();
          tx.oncomplete = () => {
            req.result.close();
            resolve();
          };
        };
      }),
  );
  await page.close();
}

describe.each(RUNS)('at %i papers (%s vocabulary)', (n, vocabulary) => {
  const line = (o: Record<string, unknown>) => emit({ ...o, vocabulary });
  let served: Served;
  let b: Browser;
  let papers: Paper[];

  afterAll(async () => {
    rmSync(join(EXTENSION_DIR, FLOOR_PAGE), { force: true });
    rmSync(join(EXTENSION_DIR, PROBE_PAGE), { force: true });
    await b?.close();
    await served?.close();
    if (b?.profile) rmSync(b.profile, { recursive: true, force: true });
  });

  it('builds the library and its index', async () => {
    served = await serve(
      { 'arxiv.org/list/cs/2301': { html: LISTING }, 'arxiv.org/list/cs/2302': { html: LISTING_2 } },
      tempDir('ps-cert-'),
    );
    b = await launch(served.port, undefined, { profile: tempDir('ps-scale-profile-') });
    const page = await b.openPopup();
    papers = (vocabulary === 'real' ? realVocabularyOf : libraryOf)(loadSeed(), n);
    papers.splice(Math.floor(n / 2), 0, TARGET);
    papers[Math.floor(n / 3)] = UNTOUCHED;
    const t0 = Date.now();
    for (let from = 0; from < papers.length; from += 10_000) {
      expect(await b.send(page, 'importPapers', { papers: papers.slice(from, from + 10_000) })).toMatchObject({
        ok: true,
      });
    }
    const importMs = Date.now() - t0;
    const buildMs = await indexSettled(page);
    const indexMs = Date.now() - t0 - importMs;
    await page.close();
    // Let the browser's storage settle (its database compacts after a burst of writes).
    await new Promise((r) => setTimeout(r, n >= 50_000 ? 8_000 : 3_000));
    line({
      n: n + 1,
      variant: 'setup',
      import_ms: importMs,
      index_ready_after_import_ms: indexMs,
      background_build_ms: buildMs,
      ...(await bytes(b, papers)),
    });
  }, 900_000);

  it('popup: first rows, a typed query finds the deep paper, an abstract-only query, star → pressed', async () => {
    const first: PopupTimes[] = [];
    for (let k = 0; k < 7; k++) first.push(await popupFirstRows(b));
    const typed: { typed_ms: number; hit_ms: number; hit_commit_ms: number; marks: string }[] = [];
    for (let k = 0; k < 7; k++) typed.push(await popupTypedHit(b, TYPED));
    const abs: { hit_ms: number }[] = [];
    for (let k = 0; k < 3; k++) abs.push(await popupTypedHit(b, ABSTRACT_ONLY));
    const stars = await popupStar(b);
    const firstRows = median(first.map((t) => t.first_rows_ms));
    const hit = median(typed.map((t) => t.hit_ms));
    line({
      n: n + 1,
      variant: 'warm',
      view: 'popup',
      first_rows_median_ms: r1(firstRows),
      first_rows_ms: first.map((t) => r1(t.first_rows_ms)),
      index_ready_median_ms: r1(median(first.map((t) => t.index_ready_ms))),
      marks: first.map((t) => t.marks),
      typed_hit_median_ms: r1(hit),
      typed_hit_after_first_rows_ms: r1(hit - firstRows),
      // Diagnostic: the same, each time counted from our first script (ps:early) instead of navigation start.
      typed_hit_after_first_rows_from_script_ms: r1(
        median(typed.map((t) => t.hit_ms - markAt(t.marks, 'ps:early'))) -
          median(first.map((t) => t.first_rows_ms - markAt(t.marks, 'ps:early'))),
      ),
      typed_hit_ms: typed.map((t) => t.hit_ms),
      // Diagnostic: the page's own marks (in the DOM, frame recorded) for the same opens: presented − these is
      // the time the frame took to reach the screen.
      first_rows_commit_ms: first.map((t) => r1(t.first_rows_commit_ms)),
      typed_hit_commit_ms: typed.map((t) => t.hit_commit_ms),
      typed_at_ms: typed.map((t) => t.typed_ms),
      typed_marks: typed.map((t) => t.marks),
      first_marks: first.map((t) => t.marks),
      abstract_only_hit_median_ms: r1(median(abs.map((t) => t.hit_ms))),
      ...starFields(stars),
      target_ms: { typed_after_first_rows: 50, abstract_only_at_10k: 1000, star: 50 },
    });
  }, 600_000);

  it('library page: first rows, scroll, sort, filter, typed hit, star → pressed', async () => {
    line({
      n: n + 1,
      variant: 'warm',
      view: 'library',
      ...(await library(
        b,
        n,
        ['rl', 'reading', 'theory'].map(
          (t) => [t, papers.filter((p) => p.tags.includes(t)).length] as [string, number],
        ),
      )),
    });
  }, 600_000);

  it('feed overlay: star → pressed', async () => {
    const stars = await overlayStar(b);
    line({
      n: n + 1,
      variant: 'warm',
      view: 'overlay',
      ...starFields(stars),
    });
  }, 120_000);

  it('after a browser restart (cold service worker, storage from disk): popup and library page', async () => {
    const profile = b.profile;
    // Each sample is the first open after its own restart: COLD_SAMPLES with the first rows alone, as many with the query
    // typed at once (before the first rows paint), alternating which comes first; the medians are compared. (With
    // three of each, the browser's own start-up — navigation start to our first script, 60–170 ms from one restart
    // to the next — moved the difference of the two medians by ±60 ms between runs of the same build.)
    const restart = async () => {
      await b.close();
      b = await launch(served.port, undefined, { profile });
    };
    const first: PopupTimes[] = [];
    const typed: { typed_ms: number; hit_ms: number; hit_commit_ms: number; marks: string }[] = [];
    for (let k = 0; k < COLD_SAMPLES; k++) {
      for (const which of k % 2 ? ['typed', 'first'] : ['first', 'typed']) {
        await restart();
        if (which === 'first') first.push(await popupFirstRows(b));
        else typed.push(await popupTypedHit(b, TYPED_UNTOUCHED, UNTOUCHED));
      }
    }
    const firstRows = median(first.map((t) => t.first_rows_ms));
    const hit = median(typed.map((t) => t.hit_ms));
    line({
      n: n + 1,
      variant: 'cold',
      view: 'popup',
      typed_query: TYPED_UNTOUCHED,
      typed_target: UNTOUCHED.id,
      first_rows_median_ms: r1(firstRows),
      first_rows_ms: first.map((t) => r1(t.first_rows_ms)),
      index_ready_ms: first.map((t) => r1(t.index_ready_ms)),
      index_source: first.map((t) => t.source),
      typed_at_ms: typed.map((t) => t.typed_ms),
      typed_hit_median_ms: r1(hit),
      typed_hit_ms: typed.map((t) => t.hit_ms),
      typed_hit_after_first_rows_ms: r1(hit - firstRows),
      // Diagnostic: within each typed open, its hit after the query was typed (when the box took the focus). The line
      // above compares two sets of launches; from one run to the next of the same build at 100,000 papers it spanned
      // 12–192 ms (four runs, 7 + 7 restarts each), while this one moved less (149–199).
      typed_hit_after_typed_median_ms: r1(median(typed.map((t) => t.hit_ms - t.typed_ms))),
      // Diagnostic: the page's own marks for the same opens (see the warm line).
      first_rows_commit_ms: first.map((t) => r1(t.first_rows_commit_ms)),
      typed_hit_commit_ms: typed.map((t) => t.hit_commit_ms),
      typed_hit_after_first_rows_commit_ms: r1(
        median(typed.map((t) => t.hit_commit_ms)) - median(first.map((t) => t.first_rows_commit_ms)),
      ),
      // Diagnostic: the same, each time counted from our first script (ps:early) instead of navigation start.
      typed_hit_after_first_rows_from_script_ms: r1(
        median(typed.map((t) => t.hit_ms - markAt(t.marks, 'ps:early'))) -
          median(first.map((t) => t.first_rows_ms - markAt(t.marks, 'ps:early'))),
      ),
      typed_marks: typed.map((t) => t.marks),
      first_marks: first.map((t) => t.marks),
    });
    // The library page, first open after a restart: COLD_LIBRARY_SAMPLES restarts, the median; alternating with as
    // many of the floor (its first frame without script, saved by the warm library test).
    const libraryFirst: number[] = [];
    const libraryCommit: number[] = [];
    const libraryMarks: string[] = [];
    const floorFirst: number[] = [];
    for (let k = 0; k < COLD_LIBRARY_SAMPLES; k++) {
      for (const path of k % 2 ? [FLOOR_PAGE, 'library.html'] : ['library.html', FLOOR_PAGE]) {
        await restart();
        const { page: lib, first: t, commit } = await libraryOpen(b, path);
        if (path === FLOOR_PAGE) floorFirst.push(t);
        else {
          libraryFirst.push(t);
          libraryCommit.push(commit);
          libraryMarks.push(await psMarks(lib));
        }
        await lib.close();
      }
    }
    line({
      n: n + 1,
      variant: 'cold',
      view: 'library',
      first_rows_median_ms: r1(median(libraryFirst)),
      first_rows_ms: libraryFirst.map(r1),
      first_rows_commit_ms: libraryCommit.map(r1),
      floor_first_rows_median_ms: r1(median(floorFirst)),
      floor_first_rows_ms: floorFirst.map(r1),
      // Diagnostic: where the time goes (our first script, the head's arrival, the index's).
      marks: libraryMarks,
    });
  }, 600_000);

  it('baseline in the same run: a view that indexes the library itself at open, and plain Fuse.js', async () => {
    await dropIndex(b);
    const first = await popupFirstRows(b);
    // The paper no test changes: never starred, so never in the head, which a view shows and searches before its
    // index is built. (TARGET, which the star tests click, was once found here at 180 ms while this view's index
    // took 4.2 s: it was in the head.)
    const typed = await popupTypedHit(b, TYPED_UNTOUCHED, UNTOUCHED);
    const fuse = n <= 10_000 ? await plainFuse(b) : undefined;
    line({
      n: n + 1,
      variant: 'baseline-no-index',
      view: 'popup',
      first_rows_ms: r1(first.first_rows_ms),
      index_ready_ms: r1(first.index_ready_ms),
      index_source: first.source,
      typed_query: TYPED_UNTOUCHED,
      typed_hit_ms: typed.hit_ms,
      plain_fuse: fuse,
    });
    expect(typed.hit_ms).toBeGreaterThan(0);
    if (fuse) expect(fuse.found).toBe(true);
  }, 600_000);

  it('background: messages are answered while it rebuilds the whole index', async () => {
    // The index was dropped above: a star (set, then unset) makes the background rebuild it 4 s after the writes
    // settle. Meanwhile a page sends a message every 100 ms, each timed to its answer, as feed pages and views do.
    // The page is an extension page with no script of its own: a popup would, with no index, index the library
    // itself meanwhile, and its answers would wait for its own work, not the background's.
    writeFileSync(join(EXTENSION_DIR, PROBE_PAGE), '<!doctype html><title>probe</title>');
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/${PROBE_PAGE}`);
    await b.send(page, 'setStarred', { id: UNTOUCHED.id, starred: true });
    await b.send(page, 'setStarred', { id: UNTOUCHED.id, starred: false });
    await page.evaluate((id) => {
      const w = window as unknown as { __replies: [number, number][]; __probe: Promise<void>; __stop?: boolean };
      w.__replies = [];
      const t0 = performance.now();
      w.__probe = (async () => {
        while (!w.__stop) {
          const t = performance.now();
          await chrome.runtime.sendMessage({ papershelf: 1, type: 'getPaper', payload: { id } });
          w.__replies.push([Math.round(t - t0), Math.round(performance.now() - t)]);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
    }, TARGET.id);
    const buildMs = await indexSettled(page);
    const sent = await page.evaluate(async () => {
      const w = window as unknown as { __replies: [number, number][]; __probe: Promise<void>; __stop?: boolean };
      w.__stop = true;
      await w.__probe;
      return w.__replies;
    });
    const replies = sent.map(([, ms]) => ms);
    await page.close();
    line({
      n: n + 1,
      variant: 'rebuild',
      background_build_ms: buildMs,
      // The slowest answer, the 95th percentile and how many were sent (from the writes until the index was built).
      reply_max_ms: Math.max(...replies),
      reply_p95_ms: p95(replies),
      replies: replies.length,
      // The three slowest: [sent, ms after the writes; its answer's wait] (the build starts ~4 s after the writes).
      reply_slowest: [...sent].sort((x, y) => y[1] - x[1]).slice(0, 3),
    });
    // The probe ran from the writes to the end of the build (its times are the benchmark's, not asserted).
    expect(replies.length).toBeGreaterThan(10);
  }, 600_000);
  it('after a browser restart: the first write, and a read sent while it is stored', async () => {
    // Chrome's storage.local counts the bytes of everything stored before its first write of a browser session (its
    // quota enforcer reads every key, with unlimitedStorage too), and answers no other call meanwhile.
    const profile = b.profile as string;
    await b.close();
    b = await launch(served.port, undefined, { profile });
    const page = await b.openPopup();
    await page.waitForTimeout(1_500);
    const times = await page.evaluate(
      async ([id, other]) => {
        const send = (type: string, payload: unknown) => chrome.runtime.sendMessage({ papershelf: 1, type, payload });
        const t0 = performance.now();
        const write = send('setStarred', { id, starred: true }).then(() => performance.now() - t0);
        await new Promise((r) => setTimeout(r, 100));
        const t1 = performance.now();
        await send('getPaper', { id: other });
        const read = performance.now() - t1;
        const first = await write;
        const t2 = performance.now();
        await send('setStarred', { id, starred: false });
        return { first, read, second: performance.now() - t2 };
      },
      [UNTOUCHED.id, TARGET.id] as const,
    );
    // Both writes were stored: the paper is as it was.
    expect(await b.send(page, 'getPaper', { id: UNTOUCHED.id })).toMatchObject({ ok: true, value: { starred: false } });
    await page.close();
    line({
      n: n + 1,
      variant: 'cold-first-write',
      // A star's answer (its write stored), the first of this browser session and the next one.
      first_write_ms: Math.round(times.first),
      second_write_ms: Math.round(times.second),
      // A getPaper sent 100 ms after the first write, answered once that write was stored.
      read_during_first_write_ms: Math.round(times.read),
    });
  }, 600_000);
  it("after a browser restart: a feed page's first visit shows its entries' states", async () => {
    // The visit's sightings are the session's first write (above): its answer goes out when the write is not stored
    // 250 ms after (lib/library/library.ts recordSightings), so the controls need not wait for it.
    const profile = b.profile as string;
    await b.close();
    b = await launch(served.port, undefined, { profile });
    const before = await b.read('meta');
    const feed = await b.context.newPage();
    const host = `papershelf-entry[data-paper-id="${TARGET.id}"]`;
    const t0 = Date.now();
    await feed.goto('https://arxiv.org/list/cs/2301');
    let shownAt = Number.NaN;
    let shownPage = Number.NaN;
    while (Date.now() - t0 < 60_000) {
      if ((await count(feed, host, '.ps-status')) > 0) {
        shownAt = Date.now() - t0;
        shownPage = await feed.evaluate(() => performance.now());
        break;
      }
      await feed.waitForTimeout(20);
    }
    // Stored: a read in the worker is answered once the storage backend has stored the visit's write.
    let storedAt = Number.NaN;
    while (Date.now() - t0 < 60_000) {
      const meta = (await b.worker.evaluate(() => chrome.storage.local.get('meta'))) as { meta: { seq: number } };
      if (meta.meta.seq > (before.meta as { seq: number }).seq) {
        storedAt = Date.now() - t0;
        break;
      }
      await feed.waitForTimeout(20);
    }
    expect(shownAt).toBeGreaterThan(0);
    expect(storedAt).toBeGreaterThan(0);
    await feed.close();
    line({
      n: n + 1,
      variant: 'cold-feed',
      // From the test's goto (≈ navigation start): the entry's state drawn, and the visit's write stored.
      states_shown_ms: shownAt,
      states_shown_page_ms: Math.round(shownPage),
      visit_stored_ms: storedAt,
    });
  }, 600_000);
  it('after a browser restart: the popup opened while a feed visit is the first write', async () => {
    // The popup's own reads at open (head, meta, the shards written since the index's build) wait behind the
    // session's first write, which a feed tab opened a moment before has made; the background answers them from what
    // it holds as stored (lib/library/stored-mirror.ts, held-reads.ts).
    const profile = b.profile as string;
    const alone: number[] = [];
    const during: number[] = [];
    for (let round = 0; round < 2; round++) {
      await b.close();
      b = await launch(served.port, undefined, { profile });
      alone.push((await popupFirstRows(b)).first_rows_ms);
      await b.close();
      b = await launch(served.port, undefined, { profile });
      const feed = await b.context.newPage();
      await feed.goto('https://arxiv.org/list/cs/2301');
      await feed.waitForTimeout(700);
      const t = await popupFirstRows(b);
      expect(t.first_rows_ms).toBeGreaterThan(0);
      during.push(t.first_rows_ms);
      await feed.close();
    }
    line({
      n: n + 1,
      variant: 'cold-popup-during-first-write',
      // First rows from the popup's navigation: after a restart alone, and opened 0.7 s after a feed tab (2 restarts).
      alone_first_rows_ms: alone,
      during_first_write_first_rows_ms: during,
    });
  }, 600_000);
  it('after a browser restart: two feed tabs opened together both show their states', async () => {
    // The first tab's visit is the session's first write; the second's turn comes after it is stored (seconds at
    // 100,000 papers, and its reads of storage wait as long): its states come from memory and the index
    // (lib/library/visit-peek.ts), its settings from the background (messages.ts feedSettings).
    expect(papers.some((p) => p.id === `arxiv:${NEW_ID}`)).toBe(false);
    const profile = b.profile as string;
    const first: number[] = [];
    const later: number[] = [];
    for (let round = 0; round < 3; round++) {
      const target = (await b.read(`p:${TARGET.id}`))[`p:${TARGET.id}`] as { starred: boolean };
      await b.close();
      b = await launch(served.port, undefined, { profile });
      const tabs = [await b.context.newPage(), await b.context.newPage()];
      const want: [string, string[]][] = [
        ['https://arxiv.org/list/cs/2301', [TARGET.id]],
        ['https://arxiv.org/list/cs/2302', [TARGET.id, UNTOUCHED.id, `arxiv:${NEW_ID}`]],
      ];
      const t0 = Date.now();
      const shown = await Promise.all(
        tabs.map(async (tab, i) => {
          const [url, ids] = want[i] as [string, string[]];
          await tab.goto(url);
          while (Date.now() - t0 < 60_000) {
            let all = true;
            for (const id of ids) {
              // The page may change under the query (its nodes then gone): counted again on the next turn.
              const n = await count(tab, `papershelf-entry[data-paper-id="${id}"]`, '.ps-status').catch(() => 0);
              all &&= n > 0;
            }
            if (all) return Date.now() - t0;
            await tab.waitForTimeout(20);
          }
          return Number.NaN;
        }),
      );
      // The states shown are the library's: TARGET's star as stored, UNTOUCHED unstarred, the new paper new.
      const tab2 = tabs[1] as Page;
      const entry = (id: string) => `papershelf-entry[data-paper-id="${id}"]`;
      for (const tab of tabs) expect(await count(tab, entry(TARGET.id), '.ps-star--on')).toBe(target.starred ? 1 : 0);
      expect(await count(tab2, entry(UNTOUCHED.id), '.ps-star--on')).toBe(0);
      if (round === 0) expect(await count(tab2, entry(`arxiv:${NEW_ID}`), '.ps-status--new')).toBe(1);
      expect(shown.every((ms) => ms > 0)).toBe(true);
      first.push(Math.min(...shown));
      later.push(Math.max(...shown));
      for (const tab of tabs) await tab.close();
    }
    line({
      n: n + 1,
      variant: 'cold-two-feeds',
      // From the tests' goto (both at once): the first tab's entries' states drawn, and the later tab's (3 restarts).
      first_tab_ms: first,
      later_tab_ms: later,
      later_tab_median_ms: median(later),
    });
  }, 600_000);
});
