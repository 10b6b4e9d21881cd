import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../../components/PageBar';
import {
  ago,
  type EntryState,
  hideTargets,
  isShortcut,
  metadataOf,
  passes,
  titleTarget,
} from '../../entrypoints/feeds.content/page';
import { parse } from '../helpers/dom';

describe('overlay page helpers', () => {
  it('says how long ago a paper was seen', () => {
    const now = new Date('2026-05-10T12:00:00Z');
    expect(ago(undefined, now)).toBe('');
    expect(ago('2026-05-10T11:59:30Z', now)).toBe('just now');
    expect(ago('2026-05-10T11:55:00Z', now)).toBe('5 min ago');
    expect(ago('2026-05-10T09:00:00Z', now)).toBe('3 h ago');
    expect(ago('2026-05-09T12:00:00Z', now)).toBe('1 day ago');
    expect(ago('2026-05-07T12:00:00Z', now)).toBe('3 days ago');
    expect(ago('2026-01-10T12:00:00Z', now)).toBe('4 months ago');
    expect(ago('2023-05-10T12:00:00Z', now)).toBe('3 years ago');
  });

  it('filters by seen, star, tag, text and "not interested"; hide seen keeps starred papers (or what is chosen)', () => {
    const q = { dismissed: false, read: false };
    const seen: EntryState = { starred: false, tags: ['rl'], status: 'seen', ...q };
    const fresh: EntryState = { starred: true, tags: [], status: 'new', ...q };
    const seenStarred: EntryState = { ...seen, starred: true, tags: [] };
    const hideSeen = { ...NO_FILTERS, hideSeen: true };
    expect(passes('a', seen, NO_FILTERS, undefined)).toBe(true);
    expect(passes('a', seen, hideSeen, undefined)).toBe(false);
    expect(passes('b', fresh, hideSeen, undefined)).toBe(true);
    expect(passes('a', seen, { ...NO_FILTERS, onlyStarred: true }, undefined)).toBe(false);
    expect(passes('a', seen, { ...NO_FILTERS, tag: 'rl' }, undefined)).toBe(true);
    expect(passes('b', fresh, { ...NO_FILTERS, tag: 'rl' }, undefined)).toBe(false);
    expect(passes('a', seen, NO_FILTERS, new Set(['b']))).toBe(false);
    // Not interested: hidden unless the bar shows them.
    expect(passes('a', { ...seen, dismissed: true }, NO_FILTERS, undefined)).toBe(false);
    expect(passes('a', { ...seen, dismissed: true }, { ...NO_FILTERS, showDismissed: true }, undefined)).toBe(true);
    // Hide seen never hides a starred paper by default; tagged ones too if chosen; or nothing kept.
    expect(passes('c', seenStarred, hideSeen, undefined)).toBe(true);
    expect(passes('c', seenStarred, hideSeen, undefined, 'nothing')).toBe(false);
    expect(passes('a', seen, hideSeen, undefined, 'starred-tagged')).toBe(true);
  });

  it('puts controls after the title and hides dt with dd', () => {
    const doc = parse(
      `<dl><dt id="t">id</dt><dd id="d"><div class="list-title">T</div></dd></dl><article id="c"><h3>H</h3></article><h1 id="h">P</h1>`,
    );
    const dd = doc.getElementById('d') as Element;
    expect(titleTarget(dd).className).toBe('list-title');
    expect(titleTarget(doc.getElementById('c') as Element).tagName).toBe('H3');
    expect(titleTarget(doc.getElementById('h') as Element).id).toBe('h');
    expect(hideTargets(dd).map((e) => e.id)).toEqual(['t', 'd']);
    expect(hideTargets(doc.getElementById('c') as Element).map((e) => e.id)).toEqual(['c']);
  });

  it('takes shortcuts only outside inputs and without modifiers', () => {
    const doc = parse(
      '<input id="i"><textarea id="a"></textarea><div contenteditable="true" id="e"></div><p id="p"></p>',
    );
    const key = (k: string, target: string, extra: Partial<KeyboardEvent> = {}) =>
      ({
        key: k,
        target: doc.getElementById(target),
        ctrlKey: false,
        metaKey: false,
        altKey: false,
        defaultPrevented: false,
        isComposing: false,
        ...extra,
      }) as unknown as KeyboardEvent;
    expect(isShortcut(key('j', 'p'))).toBe(true);
    expect(isShortcut(key('?', 'p'))).toBe(true);
    expect(isShortcut(key('q', 'p'))).toBe(false);
    expect(isShortcut(key('j', 'i'))).toBe(false);
    expect(isShortcut(key('s', 'a'))).toBe(false);
    expect(isShortcut(key('s', 'e'))).toBe(false);
    expect(isShortcut(key('s', 'p', { ctrlKey: true }))).toBe(false);
    expect(isShortcut(key('s', 'p', { defaultPrevented: true }))).toBe(false);
  });

  it('sends metadata without page elements or page-only counts', () => {
    const doc = parse('<p id="x">x</p>');
    const meta = metadataOf({
      id: 'arxiv:2401.00001',
      title: 'T',
      authors: [],
      url: 'u',
      upvotes: 3,
      citations: 4,
      element: doc.getElementById('x') as Element,
    });
    expect(meta).toEqual({ id: 'arxiv:2401.00001', title: 'T', authors: [], url: 'u' });
  });
});
