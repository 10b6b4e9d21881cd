/**
 * The feed's keyboard: which entry j / k select, and what each key does. Pure: the overlay applies the result.
 */

export type KeyAction =
  | { kind: 'help' }
  | { kind: 'select'; id: string }
  | { kind: 'star' | 'tags' | 'dismiss' | 'read' | 'copy'; id: string };

export const SHORTCUTS: [string, string][] = [
  ['j / k', 'next / previous paper'],
  ['s', 'star or unstar'],
  ['t', 'edit tags'],
  ['x', 'not interested: hidden on every feed (the bar can show them again)'],
  ['r', 'mark read or unread'],
  ['m', 'copy as Markdown'],
  ['?', 'this help'],
];
export const SHORTCUT_KEYS = ['j', 'k', 's', 't', 'x', 'r', 'm', '?'];

/**
 * The entry j (dir 1) or k (dir -1) selects: the next shown entry after the current one in page order. The current
 * entry may just have been hidden (x): the next shown one below it, never a jump back to the top.
 */
export function neighbour(
  order: string[],
  shown: Set<string>,
  current: string | undefined,
  dir: 1 | -1,
): string | undefined {
  const at = current === undefined ? -1 : order.indexOf(current);
  if (at < 0) {
    const list = dir === 1 ? order : [...order].reverse();
    return list.find((id) => shown.has(id));
  }
  for (let i = at + dir; i >= 0 && i < order.length; i += dir) if (shown.has(order[i] as string)) return order[i];
  // Nothing further that way: stay on the current entry if it still shows, else the nearest the other way.
  if (shown.has(order[at] as string)) return order[at];
  for (let i = at - dir; i >= 0 && i < order.length; i -= dir) if (shown.has(order[i] as string)) return order[i];
  return undefined;
}

/** What a shortcut key does, given the entries in page order, those shown, and the selected one. */
export function keyAction(
  key: string,
  order: string[],
  shown: Set<string>,
  current: string | undefined,
): KeyAction | undefined {
  if (key === '?') return { kind: 'help' };
  if (key === 'j' || key === 'k') {
    const id = neighbour(order, shown, current, key === 'j' ? 1 : -1);
    return id === undefined ? undefined : { kind: 'select', id };
  }
  if (current === undefined || !shown.has(current)) return undefined;
  const kinds: Record<string, 'star' | 'tags' | 'dismiss' | 'read' | 'copy'> = {
    s: 'star',
    t: 'tags',
    x: 'dismiss',
    r: 'read',
    m: 'copy',
  };
  const kind = kinds[key];
  return kind ? { kind, id: current } : undefined;
}
