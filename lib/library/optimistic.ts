/**
 * Changes shown before they are stored (issue 12: a star shows at once), kept apart from the stored state: each
 * view renders `pending.get(id) ?? stored`. A write that fails takes its pending entry away (the paper shows as it
 * was) and its error goes to the caller, which says it plainly; one that succeeds hands its stored result over
 * first, so the paper never flickers back.
 */
import type { SnapEntry } from './schema';

export interface Optimistic {
  readonly pending: ReadonlyMap<string, SnapEntry>;
  run<T>(next: SnapEntry, write: () => Promise<T>, stored?: (r: T) => SnapEntry | undefined): Promise<T>;
}

export function createOptimistic(
  onPending: (pending: Map<string, SnapEntry>) => void,
  onStored: (entry: SnapEntry) => void,
): Optimistic {
  let pending = new Map<string, SnapEntry>();
  // Two quick clicks on one star: only the latest click's entry is shown, and only its outcome clears it.
  const tokens = new Map<string, number>();
  let counter = 0;
  const set = (next: Map<string, SnapEntry>) => {
    pending = next;
    onPending(next);
  };
  return {
    get pending() {
      return pending;
    },
    async run(next, write, stored) {
      const token = ++counter;
      tokens.set(next.id, token);
      set(new Map(pending).set(next.id, next));
      const settle = () => {
        if (tokens.get(next.id) !== token) return;
        tokens.delete(next.id);
        const out = new Map(pending);
        out.delete(next.id);
        set(out);
      };
      try {
        const result = await write();
        const entry = stored?.(result);
        if (entry) onStored(entry);
        settle();
        return result;
      } catch (e) {
        settle();
        throw e;
      }
    },
  };
}

/** A paper's entry as a star click makes it (shown at once; the stored one replaces it). */
export function withStar(p: SnapEntry, starred: boolean, now = new Date()): SnapEntry {
  const next: SnapEntry = { ...p, starred };
  if (starred) next.starredAt = now.toISOString();
  else delete next.starredAt;
  return next;
}

/** The message a view shows when a change was not stored (the paper is shown as it was). */
export function notSaved(what: 'star' | 'tags', e: unknown): string {
  const why = e instanceof Error ? e.message : String(e);
  return what === 'star'
    ? `Not saved, so the star is as it was: ${why}`
    : `Not saved, so the tags are as they were: ${why}`;
}
