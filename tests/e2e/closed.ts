/**
 * The overlay's controls live in closed shadow roots (issue 13): page scripts cannot reach them, and neither can
 * Playwright's locators. Tests reach them as DevTools does, through the Chrome DevTools Protocol: the document
 * with shadow roots pierced, each host's root resolved to a handle, a function run on it. Clicks are real mouse
 * events at the control's place on screen. Nothing here changes what a page can see or do.
 */
import type { CDPSession, Page } from 'playwright-core';

const sessions = new WeakMap<Page, Promise<CDPSession>>();

function cdp(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) {
    s = page
      .context()
      .newCDPSession(page)
      .then(async (c) => {
        await c.send('DOM.enable');
        return c;
      });
    sessions.set(page, s);
  }
  return s;
}

interface DomNode {
  nodeId: number;
  attributes?: string[];
  shadowRoots?: DomNode[];
  children?: DomNode[];
  contentDocument?: DomNode;
}

/** The shadow roots of the hosts matching `host` (light-DOM selector), as DevTools nodes. */
async function hostShadows(page: Page, host: string): Promise<{ c: CDPSession; shadows: DomNode[]; hosts: DomNode[] }> {
  const c = await cdp(page);
  const { root } = (await c.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const byId = new Map<number, DomNode>();
  const walk = (n: DomNode) => {
    byId.set(n.nodeId, n);
    for (const k of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(k);
  };
  walk(root);
  const { nodeIds } = (await c.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: host })) as {
    nodeIds: number[];
  };
  const hosts = nodeIds.map((id) => byId.get(id)).filter((n): n is DomNode => !!n?.shadowRoots?.[0]);
  return { c, shadows: hosts.map((n) => n.shadowRoots?.[0] as DomNode), hosts };
}

/** Runs `fn` (source of a function whose `this` is a host's shadow root) on the root of each host matching. */
export async function onRoots<T>(page: Page, host: string, fn: string, arg: unknown = null): Promise<T[]> {
  const { c, shadows } = await hostShadows(page, host);
  const out: T[] = [];
  for (const shadow of shadows) {
    const { object } = (await c.send('DOM.resolveNode', { nodeId: shadow.nodeId })) as {
      object: { objectId: string };
    };
    const r = (await c.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: fn,
      arguments: [{ value: arg }],
      returnByValue: true,
      awaitPromise: true,
    })) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (r.exceptionDetails) throw new Error(`in a shadow root of ${host}: ${r.exceptionDetails.text}`);
    out.push(r.result.value);
    await c.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => {});
  }
  return out;
}

/** What each matching control holds (attributes and text), across the roots of the hosts matching. */
export interface ControlInfo {
  text: string;
  attrs: Record<string, string>;
  box: { x: number; y: number; width: number; height: number };
}

export async function controls(page: Page, host: string, inner: string): Promise<ControlInfo[]> {
  const per = await onRoots<ControlInfo[]>(
    page,
    host,
    `function (sel) {
      return [...this.querySelectorAll(sel)].map((el) => {
        const r = el.getBoundingClientRect();
        const attrs = {};
        for (const a of el.attributes) attrs[a.name] = a.value;
        return { text: el.textContent ?? '', attrs, box: { x: r.x, y: r.y, width: r.width, height: r.height } };
      });
    }`,
    inner,
  );
  return per.flat();
}

export async function count(page: Page, host: string, inner: string): Promise<number> {
  return (await controls(page, host, inner)).length;
}

export async function attr(page: Page, host: string, inner: string, name: string, nth = 0): Promise<string | null> {
  return (await controls(page, host, inner))[nth]?.attrs[name] ?? null;
}

export async function text(page: Page, host: string, inner: string, nth = 0): Promise<string | null> {
  return (await controls(page, host, inner))[nth]?.text ?? null;
}

/** The controls matching `inner` in the roots of the hosts matching `host`, as DevTools node ids (in order). */
async function innerNodes(page: Page, host: string, inner: string): Promise<{ c: CDPSession; ids: number[] }> {
  const { c, shadows } = await hostShadows(page, host);
  const ids: number[] = [];
  for (const shadow of shadows) {
    const found = (await c.send('DOM.querySelectorAll', { nodeId: shadow.nodeId, selector: inner })) as {
      nodeIds: number[];
    };
    ids.push(...found.nodeIds);
  }
  return { c, ids };
}

/** A real mouse click at the middle of the nth matching control, scrolled into view first. */
export async function click(page: Page, host: string, inner: string, nth = 0): Promise<void> {
  const { c, ids } = await innerNodes(page, host, inner);
  const nodeId = ids[nth];
  if (nodeId === undefined) throw new Error(`no control ${inner} (#${nth}) in ${host}`);
  await c.send('DOM.scrollIntoViewIfNeeded', { nodeId });
  const { model } = (await c.send('DOM.getBoxModel', { nodeId })) as { model: { border: number[] } };
  const q = model.border;
  const x = ((q[0] as number) + (q[2] as number) + (q[4] as number) + (q[6] as number)) / 4;
  const y = ((q[1] as number) + (q[3] as number) + (q[5] as number) + (q[7] as number)) / 4;
  await page.mouse.click(x, y);
}

/** Focuses the nth matching control (as a keyboard user reaching it would). */
export async function focus(page: Page, host: string, inner: string, nth = 0): Promise<void> {
  const { c, ids } = await innerNodes(page, host, inner);
  const nodeId = ids[nth];
  if (nodeId === undefined) throw new Error(`no control ${inner} (#${nth}) in ${host}`);
  await c.send('DOM.focus', { nodeId });
}

/** A real click on the first matching control whose text contains `label`. */
export async function clickText(page: Page, host: string, inner: string, label: string): Promise<void> {
  const i = (await controls(page, host, inner)).findIndex((c) => c.text.includes(label));
  if (i < 0) throw new Error(`no ${inner} with "${label}" in ${host}`);
  await click(page, host, inner, i);
}

export const BAR = 'html > papershelf-bar';
export const entry = (id: string) => `papershelf-entry[data-paper-id="${id}"]`;

/**
 * Waits until the page shows `n` entries and each has its state from the background (the bar's own progress
 * count; the states themselves stay in the closed roots).
 */
export async function settled(page: Page, n: number, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (count) => {
      const bar = document.querySelector<HTMLElement>('html > papershelf-bar');
      return (
        document.querySelectorAll('papershelf-entry').length === count &&
        bar?.dataset.entries === String(count) &&
        bar.dataset.pending === '0'
      );
    },
    n,
    { timeout },
  );
}

/** The `data-paper-id` of each host matching whose shadow root holds `inner` (our controls, not look-alikes). */
export async function hostsWith(page: Page, host: string, inner: string): Promise<string[]> {
  const { c, shadows, hosts } = await hostShadows(page, host);
  const out: string[] = [];
  for (const [i, shadow] of shadows.entries()) {
    const found = (await c.send('DOM.querySelectorAll', { nodeId: shadow.nodeId, selector: inner })) as {
      nodeIds: number[];
    };
    if (!found.nodeIds.length) continue;
    const a = hosts[i]?.attributes ?? [];
    out.push(a[a.indexOf('data-paper-id') + 1] ?? '');
  }
  return out;
}

/**
 * A CSS selector for the overlay's mark on the page's elements — 'hidden' or 'current' — whose attribute name is drawn
 * per page (entrypoints/feeds.content/marks.ts). Read as a page script could (from our page stylesheet); a
 * stylesheet written in advance cannot know it. `[data-ps-none]` when the overlay has not styled the page.
 */
export async function mark(page: Page, kind: 'hidden' | 'current'): Promise<string> {
  const name = await page.evaluate((k) => {
    const css = document.querySelector('style[data-papershelf="page-style"]')?.textContent ?? '';
    return new RegExp(`\\[(data-ps-${k === 'hidden' ? 'h' : 'c'}[0-9a-f]+)\\]`).exec(css)?.[1];
  }, kind);
  return `[${name ?? 'data-ps-none'}]`;
}
