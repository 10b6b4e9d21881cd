// @vitest-environment happy-dom
/**
 * FeedOverlay in a DOM with a fake `call` (issue 14): the tier between the unit tests and the browser e2e (Dark
 * Reader's tests/inject is the model). The page is an arXiv listing; nearness to the viewport and what is on screen
 * are driven by the test through the overlay's observer factory; closed shadow roots are reached by keeping what
 * attachShadow returns (in this test's DOM only). Real input is simulated by events marked trusted.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MARK } from '../../entrypoints/feeds.content/marks';
import { FeedOverlay } from '../../entrypoints/feeds.content/overlay';
import { DWELL_MS, FLUSH_MS, type ObserverFactory } from '../../entrypoints/feeds.content/viewed';
import type { SightingResult } from '../../lib/library/library';

const IDS = ['2407.00001', '2407.00002', '2407.00003', '2407.00004', '2407.00005'];

function listing(ids: string[]): string {
  return `<dl id="articles">${ids
    .map(
      (id, i) =>
        `<dt><a href="/abs/${id}" title="Abstract">arXiv:${id}</a></dt><dd><div class="meta"><div class="list-title mathjax">Paper ${i + 1}</div><div class="list-authors"><a href="/a/x">Ada Lovelace</a></div></div></dd>`,
    )
    .join('')}</dl>`;
}

/** Observers the test drives: `near` renders entries, `show` puts an entry on screen at a ratio. */
function observers() {
  const made: { cb: IntersectionObserverCallback; options: IntersectionObserverInit; targets: Set<Element> }[] = [];
  const factory: ObserverFactory = (cb, options) => {
    const o = { cb, options, targets: new Set<Element>() };
    made.push(o);
    return {
      observe: (el: Element) => o.targets.add(el),
      unobserve: (el: Element) => o.targets.delete(el),
      disconnect: () => o.targets.clear(),
    };
  };
  const fire = (o: (typeof made)[number], el: Element, ratio: number, bottom = 100) => {
    {
      const rect = { top: bottom - 50, bottom, height: 50 } as DOMRectReadOnly;
      o.cb(
        [
          {
            target: el,
            isIntersecting: ratio > 0,
            intersectionRatio: ratio,
            intersectionRect: { height: 50 * ratio } as DOMRectReadOnly,
            boundingClientRect: rect,
            rootBounds: { top: 0, height: 800 } as DOMRectReadOnly,
            time: 0,
          } as IntersectionObserverEntry,
        ],
        {} as IntersectionObserver,
      );
    }
  };
  return {
    factory,
    /** The render observer (a margin) reports every watched entry near. */
    near: () => {
      for (const o of made.filter((m) => m.options.rootMargin)) for (const el of [...o.targets]) fire(o, el, 1);
    },
    show: (el: Element, ratio: number, bottom?: number) => {
      for (const o of made.filter((m) => !m.options.rootMargin)) if (o.targets.has(el)) fire(o, el, ratio, bottom);
    },
  };
}

const roots = new Map<Element, ShadowRoot>();
const live: FeedOverlay[] = [];
const attach = Element.prototype.attachShadow;

function trusted<T extends Event>(e: T): T {
  Object.defineProperty(e, 'isTrusted', { value: true });
  return e;
}

type Calls = { type: string; payload: Record<string, unknown> }[];

function setup(
  options: {
    results?: (ids: string[]) => SightingResult[];
    fail?: string[];
    barCollapsed?: boolean;
    tagColors?: Record<string, string>;
  } = {},
) {
  const copied: string[] = [];
  document.body.innerHTML = listing(IDS);
  const calls: Calls = [];
  const obs = observers();
  const call = vi.fn(async (type: string, payload: Record<string, unknown>) => {
    calls.push({ type, payload });
    if (options.fail?.includes(type)) throw new Error(`${type} failed`);
    if (type === 'recordSightings') {
      const ids = (payload.entries as { id: string }[]).map((e) => e.id);
      return options.results?.(ids) ?? ids.map((id) => ({ id, isNew: true, starred: false, tags: [] }));
    }
    return {};
  });
  const overlay = new FeedOverlay({
    call: call as never,
    loadTags: async () => [],
    now: () => new Date('2026-05-10T12:00:00Z'),
    shortcuts: true,
    hideSeen: false,
    barCollapsed: options.barCollapsed,
    tagColors: options.tagColors,
    observer: obs.factory,
    copy: async (text) => {
      copied.push(text);
    },
  });
  document.addEventListener('keydown', overlay.onKeyDown);
  live.push(overlay);
  const host = (id: string) => document.querySelector(`papershelf-entry[data-paper-id="arxiv:${id}"]`) as Element;
  const inner = (id: string, sel: string) => roots.get(host(id))?.querySelector(sel) as HTMLElement | null;
  const bar = () => roots.get(document.querySelector('html > papershelf-bar') as Element);
  const dd = (id: string) => host(id).closest('dd') as HTMLElement;
  const press = (key: string) => document.dispatchEvent(trusted(new KeyboardEvent('keydown', { key, bubbles: true })));
  const current = () => document.querySelector(`[${MARK.current}] .list-title`)?.textContent;
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { overlay, calls, obs, host, inner, bar, dd, press, current, settle, copied };
}

describe('FeedOverlay in a DOM', () => {
  beforeEach(() => {
    roots.clear();
    Element.prototype.attachShadow = function (init: ShadowRootInit) {
      const root = attach.call(this, init);
      roots.set(this, root);
      return root;
    };
    (window as unknown as { happyDOM?: { setURL(url: string): void } }).happyDOM?.setURL(
      'https://arxiv.org/list/cs.LG/new',
    );
  });
  afterEach(() => {
    Element.prototype.attachShadow = attach;
    vi.useRealTimers();
    for (const o of live.splice(0)) {
      document.removeEventListener('keydown', o.onKeyDown);
      o.destroy();
    }
    document.body.innerHTML = '';
    for (const b of document.querySelectorAll('papershelf-bar')) b.remove();
  });

  it('mounts one closed control per entry and records them once; a rescan adds nothing', async () => {
    const t = setup();
    t.overlay.scan();
    await t.settle();
    expect(document.querySelectorAll('papershelf-entry')).toHaveLength(5);
    expect(t.calls.filter((c) => c.type === 'recordSightings')).toHaveLength(1);
    expect(t.host(IDS[0] as string).shadowRoot).toBeNull(); // closed
    expect(t.overlay.scan()).toBe(false);
    expect(document.querySelectorAll('papershelf-entry')).toHaveLength(5);
  });

  it('a star shows at once and rolls back, with a plain message, when its write fails', async () => {
    const t = setup({ fail: ['setStarred'] });
    t.overlay.scan();
    await t.settle();
    t.obs.near();
    const star = () => t.inner(IDS[1] as string, '.ps-star') as HTMLButtonElement;
    star().dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true })));
    expect(star().getAttribute('aria-pressed')).toBe('true'); // optimistic
    await t.settle();
    await t.settle();
    expect(star().getAttribute('aria-pressed')).toBe('false');
    expect(t.bar()?.querySelector('.ps-bar-notice')?.textContent).toBe('PaperShelf: setStarred failed');
  });

  it('an untrusted click (the page) does nothing', async () => {
    const t = setup();
    t.overlay.scan();
    await t.settle();
    t.obs.near();
    (t.inner(IDS[0] as string, '.ps-star') as HTMLButtonElement).click();
    await t.settle();
    expect(t.calls.some((c) => c.type === 'setStarred')).toBe(false);
  });

  it('entries that leave the page (or whose node shows another paper) lose their controls', async () => {
    const t = setup();
    t.overlay.scan();
    await t.settle();
    const gone = t.dd(IDS[4] as string);
    gone.previousElementSibling?.remove();
    gone.remove();
    expect(t.overlay.scan()).toBe(true);
    expect(document.querySelectorAll('papershelf-entry')).toHaveLength(4);
    // SPA re-use: the first entry's node now shows another paper.
    const first = t.dd(IDS[0] as string);
    (first.previousElementSibling?.querySelector('a') as HTMLAnchorElement).href = '/abs/2407.09999';
    (first.previousElementSibling?.querySelector('a') as HTMLAnchorElement).textContent = 'arXiv:2407.09999';
    t.overlay.scan();
    await t.settle();
    expect(t.overlay.ids()).toContain('arxiv:2407.09999');
    expect(t.overlay.ids()).not.toContain(`arxiv:${IDS[0]}`);
    expect(document.querySelectorAll('papershelf-entry')).toHaveLength(4);
  });

  it('j j x j: the selection moves to the next entry below, the page bar counts the hidden one and shows it again', async () => {
    const t = setup();
    t.overlay.scan();
    await t.settle();
    t.press('j');
    t.press('j');
    expect(t.current()).toBe('Paper 2');
    t.press('x');
    expect(t.current()).toBe('Paper 3');
    expect(t.dd(IDS[1] as string).hasAttribute(MARK.hidden)).toBe(true);
    expect(t.calls.at(-1)).toEqual({ type: 'setDismissed', payload: { id: `arxiv:${IDS[1]}`, dismissed: true } });
    t.press('j');
    expect(t.current()).toBe('Paper 4');
    t.press('k');
    t.press('k');
    expect(t.current()).toBe('Paper 1'); // the hidden one is skipped
    const show = [...(t.bar()?.querySelectorAll('button') ?? [])].find((b) =>
      b.textContent?.includes('not interested'),
    );
    expect(show?.textContent).toBe('1 not interested · show');
    show?.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true })));
    expect(t.dd(IDS[1] as string).hasAttribute(MARK.hidden)).toBe(false);
  });

  it('x at the last entry selects the one above; keys typed into an input do nothing', async () => {
    const t = setup();
    t.overlay.scan();
    await t.settle();
    t.press('k'); // from nothing: the last
    expect(t.current()).toBe('Paper 5');
    t.press('x');
    expect(t.current()).toBe('Paper 4');
    const input = document.createElement('input');
    document.body.append(input);
    input.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'j', bubbles: true })));
    expect(t.current()).toBe('Paper 4');
  });

  it('papers the user is not interested in stay hidden on the next visit; "Hide seen" keeps starred ones', async () => {
    const t = setup({
      results: (ids) =>
        ids.map((id, i) => ({
          id,
          isNew: false,
          starred: i === 2,
          tags: [],
          ...(i === 0 ? { dismissed: true as const } : {}),
          ...(i >= 1 && i <= 2 ? { viewedAt: '2026-05-09T12:00:00Z' } : {}),
        })),
    });
    t.overlay.scan();
    await t.settle();
    expect(t.dd(IDS[0] as string).hasAttribute(MARK.hidden)).toBe(true);
    // 5 papers: 1 not interested, 2 seen (one of them starred), 2 new.
    expect(t.bar()?.querySelector('.ps-bar-counts')?.textContent).toBe('5 papers · 2 new · 1 starred');
    const hideSeen = t.bar()?.querySelector('input[type="checkbox"]') as HTMLInputElement;
    hideSeen.checked = true;
    hideSeen.dispatchEvent(trusted(new Event('change', { bubbles: true })));
    const hidden = IDS.map((id) => t.dd(id).hasAttribute(MARK.hidden));
    expect(hidden).toEqual([true, true, false, false, false]);
    expect(t.calls.find((c) => c.type === 'reportPage')?.payload).toEqual({ total: 5, newCount: 2 });
  });

  it('seen means on screen: half in view for a second, or scrolled past; never-shown entries stay new', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.overlay.scan();
    await vi.advanceTimersByTimeAsync(0);
    t.obs.near(); // all rendered (near the viewport), none yet on screen
    const el = (i: number) => t.dd(IDS[i] as string);
    t.obs.show(el(0), 0.6); // on screen…
    await vi.advanceTimersByTimeAsync(DWELL_MS - 100);
    t.obs.show(el(1), 0.3); // a glimpse: not enough
    t.obs.show(el(2), 0.8); // on screen briefly, then scrolled past (left through the top)
    await vi.advanceTimersByTimeAsync(300);
    t.obs.show(el(2), 0, -10);
    t.obs.show(el(3), 0.9); // on screen, but only for half a second
    await vi.advanceTimersByTimeAsync(500);
    t.obs.show(el(3), 0, 900); // left through the bottom (scrolled back up)
    await vi.advanceTimersByTimeAsync(FLUSH_MS + DWELL_MS);
    const sent = t.calls.filter((c) => c.type === 'markViewed').flatMap((c) => c.payload.ids as string[]);
    expect(sent.sort()).toEqual([`arxiv:${IDS[0]}`, `arxiv:${IDS[2]}`]);
    // Each is sent once, however often it comes back on screen.
    t.obs.show(el(0), 1);
    await vi.advanceTimersByTimeAsync(FLUSH_MS + DWELL_MS);
    expect(t.calls.filter((c) => c.type === 'markViewed').flatMap((c) => c.payload.ids as string[])).toHaveLength(2);
  });

  it('a background tab sees nothing until it is shown again', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.overlay.scan();
    await vi.advanceTimersByTimeAsync(0);
    t.obs.near();
    const state = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    t.obs.show(t.dd(IDS[0] as string), 1);
    await vi.advanceTimersByTimeAsync(DWELL_MS * 3);
    expect(t.calls.some((c) => c.type === 'markViewed')).toBe(false);
    state.mockReturnValue('visible');
    t.overlay.onVisibility();
    await vi.advanceTimersByTimeAsync(DWELL_MS + FLUSH_MS);
    expect(t.calls.filter((c) => c.type === 'markViewed').flatMap((c) => c.payload.ids as string[])).toEqual([
      `arxiv:${IDS[0]}`,
    ]);
  });

  it('each entry has its own actions: copy BibTeX, link or Markdown from what the page showed, by menu or key', async () => {
    const t = setup();
    t.overlay.scan();
    await t.settle();
    t.obs.near();
    const click = (el: Element | null | undefined) =>
      el?.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true })));
    const item = (label: string) =>
      [...(roots.get(t.host(IDS[0] as string))?.querySelectorAll('.ps-menu-item') ?? [])].find(
        (b) => b.textContent === label,
      );
    click(t.inner(IDS[0] as string, '.ps-more'));
    await t.settle(); // Preact renders a state change on the next tick
    expect(t.inner(IDS[0] as string, '.ps-more')?.getAttribute('aria-expanded')).toBe('true');
    click(item('Copy link'));
    await t.settle();
    click(t.inner(IDS[0] as string, '.ps-more'));
    await t.settle();
    click(item('Copy BibTeX'));
    await t.settle();
    expect(t.copied[0]).toBe(`https://arxiv.org/abs/${IDS[0]}`);
    expect(t.copied[1]).toMatch(/^@misc\{lovelace2024paper,[\s\S]*eprint = \{2407\.00001\}/);
    expect(t.bar()?.querySelector('.ps-bar-notice')?.textContent).toBe('PaperShelf: BibTeX copied.');
    t.press('j');
    t.press('m');
    await t.settle();
    expect(t.copied[2]).toBe(`[Paper 1](https://arxiv.org/abs/${IDS[0]})`);
    expect(t.calls.some((c) => c.type.startsWith('get'))).toBe(false); // nothing of the library was read
  });

  it('the bar stays collapsed as the user left it: remembered for the next page', async () => {
    const t = setup();
    t.overlay.scan();
    await t.settle();
    const collapse = t.bar()?.querySelector('button[aria-label="Collapse PaperShelf bar"]');
    collapse?.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true })));
    await t.settle();
    expect(t.calls.at(-1)).toEqual({ type: 'setBarCollapsed', payload: { collapsed: true } });
    expect(t.bar()?.querySelector('.ps-bar--collapsed')).not.toBeNull();
    t.overlay.destroy();
    const next = setup({ barCollapsed: true });
    next.overlay.scan();
    await next.settle();
    expect(next.bar()?.querySelector('.ps-bar--collapsed')?.textContent).toBe('PS · 5 papers · 5 new · 0 starred');
  });

  it("tag chips wear the tag's colour (Settings → Tags), and follow a change", async () => {
    const t = setup({
      tagColors: { rl: '#123456' },
      results: (ids) => ids.map((id) => ({ id, isNew: false, starred: false, tags: ['rl'] })),
    });
    t.overlay.scan();
    await t.settle();
    t.obs.near();
    const chip = () => t.inner(IDS[0] as string, '.ps-chip') as HTMLElement;
    expect(chip().style.borderColor).toBe('#123456');
    t.overlay.setTagColors({ rl: '#abcdef' });
    expect(chip().style.borderColor).toBe('#abcdef');
  });

  it('narrow cards keep one line: two chips and "+N"; the editor shows them all', async () => {
    const t = setup({
      results: (ids) => ids.map((id) => ({ id, isNew: false, starred: false, tags: ['a', 'b', 'c', 'd'] })),
    });
    t.overlay.scan();
    await t.settle();
    t.obs.near();
    const root = () => roots.get(t.host(IDS[0] as string));
    expect([...(root()?.querySelectorAll('.ps-chip') ?? [])].map((c) => c.firstChild?.textContent)).toEqual(['a', 'b']);
    const more = root()?.querySelector('button[aria-label^="All 4 tags"]');
    expect(more?.textContent).toBe('+2');
    more?.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true })));
    await t.settle();
    expect(root()?.querySelectorAll('.ps-chip')).toHaveLength(4);
  });

  it('marks hidden and selected entries under attribute names drawn for the page (no fixed name for a page to select on)', () => {
    expect(MARK.hidden).toMatch(/^data-ps-h[0-9a-f]{12}$/);
    expect(MARK.current).toMatch(/^data-ps-c[0-9a-f]{12}$/);
  });

  it('destroy leaves the page as it was', async () => {
    const before = listing(IDS);
    const t = setup();
    t.overlay.scan();
    await t.settle();
    t.press('j');
    t.press('x');
    t.overlay.destroy();
    expect(document.body.innerHTML).toBe(before);
    expect(document.querySelector('papershelf-bar, style[data-papershelf]')).toBeNull();
  });
});
