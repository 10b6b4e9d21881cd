/**
 * Pure helpers of the overlay: where controls go, what a filter hides, how long ago. No storage, no messaging.
 */
import type { PageFilters } from '../../components/PageBar';
import { bibtexEntry } from '../../lib/export/bibtex';
import { exportUrl } from '../../lib/export/common';
import type { FeedEntry } from '../../lib/sites/types';
import { SHORTCUT_KEYS } from './keys';

/** The element after which an entry's controls go: its title, else its first heading or link, else itself. */
export function titleTarget(el: Element): Element {
  if (el.matches('h1, h2, h3, h4')) return el;
  return el.querySelector('h1, h2, h3, h4, .list-title, p.title') ?? el.querySelector('a') ?? el;
}

/** What hiding an entry hides: the entry, and on arXiv listings the <dt> that goes with its <dd>. */
export function hideTargets(el: Element): Element[] {
  const prev = el.previousElementSibling;
  return el.tagName === 'DD' && prev?.tagName === 'DT' ? [prev, el] : [el];
}

export interface EntryState {
  starred: boolean;
  tags: string[];
  /** 'new': never on screen before this visit; 'seen': on screen on an earlier visit; 'pending': not known yet. */
  status: 'new' | 'seen' | 'pending';
  /** When it was first on screen ("seen 3 days ago"). */
  seenAgo?: string;
  /** "Not interested": hidden on every feed unless the bar shows them. */
  dismissed: boolean;
  read: boolean;
}

/** What "Hide seen" keeps in view whatever (settings): starred papers by default. */
export type SeenKeeps = 'starred' | 'starred-tagged' | 'nothing';

/** Whether an entry passes the page filters (text matches are computed by the caller: lib/search/page-match.ts). */
export function passes(
  id: string,
  s: EntryState,
  f: PageFilters,
  textMatches: Set<string> | undefined,
  keeps: SeenKeeps = 'starred',
): boolean {
  if (s.dismissed && !f.showDismissed) return false;
  const kept = (keeps !== 'nothing' && s.starred) || (keeps === 'starred-tagged' && s.tags.length > 0);
  if (f.hideSeen && s.status === 'seen' && !kept) return false;
  if (f.onlyStarred && !s.starred) return false;
  if (f.tag && !s.tags.includes(f.tag)) return false;
  if (textMatches && !textMatches.has(id)) return false;
  return true;
}

/** "just now", "5 min ago", "3 h ago", "3 days ago", "2 months ago", "1 year ago". */
export function ago(iso: string | undefined, now: Date): string {
  if (!iso) return '';
  const s = Math.max(0, (now.getTime() - new Date(iso).getTime()) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86400);
  if (d < 60) return d === 1 ? '1 day ago' : `${d} days ago`;
  if (d < 730) return `${Math.floor(d / 30)} months ago`;
  return `${Math.floor(d / 365)} years ago`;
}

/** Should a key press be an overlay shortcut? Never while typing, never with modifiers. */
export function isShortcut(e: KeyboardEvent, inner?: Element | null): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || e.isComposing) return false;
  // `inner`: the focused element inside one of our closed roots (the event path stops at its host).
  const target = (inner ?? e.composedPath?.()[0] ?? e.target) as Element | null;
  if (target && typeof target.closest === 'function') {
    if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return false;
  }
  return SHORTCUT_KEYS.includes(e.key);
}

/** The metadata of an entry as the background takes it (elements and page-only fields left out). */
export function metadataOf(e: FeedEntry) {
  const { element: _el, upvotes: _u, citations: _c, ...meta } = e;
  return meta;
}

/** "dark" when the page's background is dark (read once per scan: one style read, never per entry). */
export function pageTheme(doc: Document): 'light' | 'dark' {
  const view = doc.defaultView;
  if (!view) return 'light';
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(
      view.getComputedStyle(el).backgroundColor,
    );
    if (!m || (m[4] !== undefined && Number(m[4]) === 0)) continue; // transparent: look further out
    const [r, g, b] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110 ? 'dark' : 'light';
  }
  // Nothing painted: the browser's canvas, which follows the page's color-scheme (light unless it opts in).
  return view.matchMedia?.('(prefers-color-scheme: dark)').matches &&
    /dark/.test(doc.querySelector('meta[name="color-scheme"]')?.getAttribute('content') ?? '')
    ? 'dark'
    : 'light';
}

/**
 * Whether an entry's control shows as we drew it: in the page's flow, not made transparent, transformed, clipped,
 * filtered or stretched by the page (which styles the host element). A click on a control that fails this was
 * meant for what the page showed there (clickjacking), and is ignored.
 */
export function looksGenuine(host: HTMLElement): boolean {
  if (!host.isConnected) return false;
  if (
    typeof host.checkVisibility === 'function' &&
    !host.checkVisibility({ opacityProperty: true, visibilityProperty: true })
  )
    return false;
  const own = getComputedStyle(host);
  if (own.position === 'fixed' || own.position === 'absolute' || own.position === 'sticky') return false;
  // A property with no computed value (a DOM without a style engine) is unset, as 'none' is.
  const set = (v: string | undefined) => !!v && v !== 'none';
  if (set(own.transform) || set(own.clipPath) || set(own.filter) || set(own.maskImage)) return false;
  let opacity = 1;
  for (let el: Element | null = host; el; el = el.parentElement) {
    const o = Number.parseFloat((el === host ? own : getComputedStyle(el)).opacity);
    opacity *= Number.isNaN(o) ? 1 : o; // unstated (no value computed) is opaque
    if (opacity < 0.5) return false;
  }
  const r = host.getBoundingClientRect();
  return r.width * r.height <= 250_000; // a control is small; one stretched over the page is not ours to click
}

/** What "copy" puts on the clipboard for an entry: built from what the page showed (never the user's state). */
export function entryText(e: FeedEntry, kind: 'bibtex' | 'link' | 'markdown'): string | undefined {
  const paper = { ...metadataOf(e), starred: false, tags: [], sightings: [] };
  const url = exportUrl(paper);
  if (kind === 'link') return url;
  if (kind === 'markdown') return url ? `[${e.title.replace(/[[\]]/g, '\\$&')}](${url})` : e.title;
  return bibtexEntry(paper);
}
