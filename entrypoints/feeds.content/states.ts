/**
 * The state of each entry on the page (the user's star and tags, and the reading queue), changed optimistically:
 * a change shows at once and goes back, field by field, if its write fails.
 */
import type { SightingResult } from '../../lib/library/library';
import { ago, type EntryState } from './page';

/** What a stored paper says of an entry (a storage.onChanged snapshot entry). */
export interface StoredState {
  id: string;
  starred: boolean;
  tags: string[];
  dismissedAt?: string;
  readAt?: string;
}

export const PENDING: EntryState = { starred: false, tags: [], status: 'pending', dismissed: false, read: false };

export class EntryStates {
  private readonly map = new Map<string, EntryState>();

  constructor(
    /** An entry's state changed: render it. */
    private readonly onChange: (id: string) => void,
    /** A write failed (its change is already rolled back). */
    private readonly onError: (e: unknown) => void,
  ) {}

  get(id: string): EntryState | undefined {
    return this.map.get(id);
  }

  /** An entry just mounted: pending until the background answers (kept if the entry was here before). */
  ensure(id: string): void {
    if (!this.map.has(id)) this.map.set(id, PENDING);
  }

  /** The background's answer for a page's entries. */
  recorded(r: SightingResult, now: Date): void {
    this.map.set(r.id, {
      starred: r.starred,
      tags: r.tags,
      status: r.viewedAt ? 'seen' : 'new',
      seenAgo: ago(r.viewedAt, now),
      dismissed: !!r.dismissed,
      read: !!r.read,
    });
    this.onChange(r.id);
  }

  /** A change stored anywhere (popup, another tab, the library page). Returns whether this entry changed. */
  stored(p: StoredState): boolean {
    const s = this.map.get(p.id);
    if (!s) return false;
    const next = { ...s, starred: p.starred, tags: p.tags, dismissed: !!p.dismissedAt, read: !!p.readAt };
    if (
      s.starred === next.starred &&
      s.dismissed === next.dismissed &&
      s.read === next.read &&
      s.tags.join('\n') === next.tags.join('\n')
    )
      return false;
    this.map.set(p.id, next);
    this.onChange(p.id);
    return true;
  }

  /**
   * Shows `patch` at once and writes it; if the write fails, the patched fields go back to what they were (other
   * fields changed meanwhile are kept) and the error is told.
   */
  change(
    id: string,
    patch: Partial<Pick<EntryState, 'starred' | 'tags' | 'dismissed' | 'read'>>,
    write: () => Promise<unknown>,
  ): void {
    const s = this.map.get(id);
    if (!s) return;
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, s[k as keyof EntryState]]));
    this.map.set(id, { ...s, ...patch });
    this.onChange(id);
    write().catch((e: unknown) => {
      const now = this.map.get(id);
      if (now) this.map.set(id, { ...now, ...before });
      this.onChange(id);
      this.onError(e);
    });
  }

  /** States of the given entries (pending for unknown ones). */
  of(ids: Iterable<string>): EntryState[] {
    return [...ids].map((id) => this.map.get(id) ?? PENDING);
  }
}
