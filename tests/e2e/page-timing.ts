/** Timing an action in the page itself (the e2e benchmarks): the runner's clock would add Playwright's round trips. */
import type { CDPSession, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Browser } from './harness';

/**
 * Milliseconds (to 0.1) from the action's pointerdown or input event to the first DOM change after which `done` (an
 * expression evaluated in the page) holds. The start time stays in `window.__t0` for a caller that goes on to time
 * the change's presentation.
 */
export async function domTime(page: Page, action: () => Promise<void>, done: string): Promise<number> {
  await page.evaluate((cond) => {
    const w = window as unknown as { __t0?: number; __t1?: number };
    w.__t0 = undefined;
    w.__t1 = undefined;
    const start = () => {
      w.__t0 = performance.now();
    };
    document.addEventListener('pointerdown', start, { capture: true, once: true });
    document.addEventListener('input', start, { capture: true, once: true });
    const check = new Function(`return (${cond})`) as () => boolean;
    const obs = new MutationObserver(() => {
      if (w.__t1 === undefined && check()) {
        w.__t1 = performance.now();
        obs.disconnect();
      }
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, done);
  await action();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __t1?: number }).__t1), { timeout: 60_000 })
    .toBeDefined();
  return page.evaluate(() => {
    const w = window as unknown as { __t0: number; __t1: number };
    return Math.round((w.__t1 - w.__t0) * 10) / 10;
  });
}

/**
 * Types `query` into the popup's search box the moment it takes the focus (its autofocus, before the first rows
 * paint), as a person who knows what they want does; `window.__typed` keeps when. Set before the page loads.
 */
export async function typeAtFocus(page: Page, query: string): Promise<void> {
  await page.addInitScript((value: string) => {
    const w = window as unknown as { __typed?: number };
    document.addEventListener(
      'focusin',
      (e) => {
        const el = e.target as HTMLInputElement;
        if (w.__typed !== undefined || !el.matches?.('input.ps-search')) return;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(el, value);
        el.dispatchEvent(new Event('input', { bubbles: true }));
        w.__typed = performance.now();
      },
      true,
    );
  }, query);
}

/**
 * A page's value read through DevTools (Runtime.evaluate of one expression in the page's own world), while the page
 * is being timed. Playwright's locators and waitForSelector first inject Playwright's selector engine into the page,
 * whose compilation took 47–54 ms of the page's main thread in the middle of the popup's opening (traced with
 * DevTools, a browser restart at 10,000 papers), and page.evaluate its smaller utility script (6–16 ms): both
 * delayed the very work being timed. No measured window uses them; the tests use them once the numbers are read.
 */
export async function devtoolsPoll(s: CDPSession, expression: string, timeout = 60_000, every = 20): Promise<unknown> {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    const r = (await s.send('Runtime.evaluate', { expression, returnByValue: true }).catch(() => undefined)) as
      | { result?: { value?: unknown } }
      | undefined;
    const v = r?.result?.value;
    if (v !== undefined && v !== null) return v;
    await new Promise((ok) => setTimeout(ok, every));
  }
  throw new Error(`timed out waiting for ${expression}`);
}

/** The middle value (the upper of the two middles for an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The popup's own User Timing marks (lib/library/marks.ts), as "name@ms" from navigation start. */
export function psMarks(page: Page): Promise<string> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('ps:'))
      .map((m) => `${m.name}@${Math.round(m.startTime)}`)
      .join(' '),
  );
}

/** An expression for devtoolsPoll: when (the page's own mark) this paper became the popup's top row, once it has. */
export const topRowOf = (id: string) =>
  `(() => { const g = document.querySelector('[role="grid"]'); return g?.getAttribute('data-top-id') === ${JSON.stringify(id)} ? g.getAttribute('data-top-ms') : null; })()`;

/**
 * Records when the browser presented each paper row's text (Element Timing: a popup row's title and a library row's
 * authors cell carry `elementtiming` = the paper id; an entry's renderTime is the time the frame showing it was presented). This is
 * what a person sees: the page's own marks (`data-first-results-ms`, set after the next animation frame) come when
 * the rows are in the DOM and the frame is recorded, 20–220 ms before its pixels at 100,000 papers on this machine
 * (screenshots traced on a restart: the library's rows were still blank at its mark), because rasterising the frame
 * competes for the two cores with the index arriving. Installed before the page's scripts run; it only listens.
 */
export const PAINTS = () => {
  const w = window as unknown as { __painted?: { id: string; t: number }[] };
  const painted: { id: string; t: number }[] = [];
  w.__painted = painted;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as unknown as { identifier: string; renderTime: number }[])
      painted.push({ id: e.identifier, t: e.renderTime });
  }).observe({ type: 'element', buffered: true });
};
/** The presentation time of the first paper row (ms from navigation start), once one is. */
export const FIRST_PAINTED = `(() => { const p = window.__painted; return p && p.length ? Math.min(...p.map((e) => e.t)) : null; })()`;

/** The presentation time of a paper's row (ms from navigation start), once it is. */
export const paintedOf = (id: string) =>
  `(() => { const p = (window.__painted || []).filter((e) => e.id === ${JSON.stringify(id)}); return p.length ? Math.min(...p.map((e) => e.t)) : null; })()`;

/** A mark's time in a "name@ms …" list (psMarks; NaN when absent). */
export const markAt = (marks: string, name: string) =>
  Number(new RegExp(`${name}@(\\d+)`).exec(marks)?.[1] ?? Number.NaN);

/**
 * Opens an extension page (a tab: Playwright cannot hold the toolbar popup) with a DevTools session, unwaited; the
 * Element Timing recorder (PAINTS) is installed before its scripts run.
 */
export async function openTimed(b: Browser, path: string, before?: (page: Page) => Promise<unknown>) {
  const page = await b.context.newPage();
  await page.addInitScript(PAINTS);
  await before?.(page);
  const cdp = await b.context.newCDPSession(page);
  await page.goto(`chrome-extension://${b.extensionId}/${path}`, { waitUntil: 'commit' });
  return { page, cdp };
}

/**
 * Opens the library page (or another page: the scale bench's floor, which has no mark) at 1400 × 900 and reads its
 * first rows' presentation and, for the library page, its own mark (ms from navigation) once it has had 2.5 s to
 * load: nothing is asked of the page while it loads (a DevTools evaluation every 20 ms runs on its main thread; in an
 * A/B on one build it moved the first open after a restart from 532 to 620 ms, median of six), and the times read
 * are the page's own.
 */
export async function libraryOpen(
  b: Browser,
  path = 'library.html',
): Promise<{ page: Page; first: number; commit: number }> {
  const { page, cdp } = await openTimed(b, path, (p) => p.setViewportSize({ width: 1400, height: 900 }));
  await new Promise((ok) => setTimeout(ok, 2_500));
  const first = Number(await devtoolsPoll(cdp, FIRST_PAINTED, 60_000, 250));
  const commit =
    path === 'library.html'
      ? Number(await devtoolsPoll(cdp, 'document.documentElement.dataset.firstRowsMs', 60_000, 250))
      : Number.NaN;
  await cdp.detach();
  return { page, first, commit };
}

/**
 * The popup opened with a query typed as soon as its box can take it (typeAtFocus); when (ms from navigation start)
 * the paper became the top row: its row's first presentation, or, if that came while it was further down, the moment
 * it became the top row (`hit`); the page's own mark of that (`hitCommit`); when the query was typed; the page's marks.
 */
export async function popupTypedOpen(
  b: Browser,
  query: string,
  id: string,
): Promise<{ typed: number; hit: number; hitCommit: number; marks: string }> {
  const { page, cdp } = await openTimed(b, 'popup.html', (p) => typeAtFocus(p, query));
  const hitCommit = Number(await devtoolsPoll(cdp, topRowOf(id)));
  const painted = Number(await devtoolsPoll(cdp, paintedOf(id)));
  await cdp.detach();
  const typed = await page.evaluate(() => (window as unknown as { __typed: number }).__typed);
  const marks = await psMarks(page);
  await page.close();
  return { typed, hit: Math.max(painted, hitCommit), hitCommit, marks };
}
