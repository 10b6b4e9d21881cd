/**
 * What the popup and the library page read at open, as stored, held by the background (issue 12): after a browser
 * restart Chrome stores the session's first write only after a pass over everything stored (seconds at 100,000
 * papers) and answers no read meanwhile, so a view opened while a feed visit is that write waited as long for its
 * head and meta. The background reads these keys at its start (before any write of the session, as a rule) and
 * follows every change storage.onChanged tells, so it holds them as stored at one moment: the last write stored.
 * A view races its own reads with the background's answer (lib/library/held-reads.ts), which it gets only when every
 * key asked is held.
 */

/** The keys a view reads at open (lib/library/schema.ts KEY), held always. */
export const VIEW_KEYS = ['meta', 'ix', 'head', 'settings', 'undo', 'syncStatus', 'schema'] as const;

/** Snapshot and abstracts shard keys held at most (the ones last changed are kept). */
export const SHARDS_HELD = 64;

const isShardKey = (k: string) => /^[sa]:\d{1,7}$/.test(k);

export class StoredMirror {
  /** Key → its stored value; a key held as absent maps to undefined. */
  private readonly values = new Map<string, unknown>();
  /** Counts the changes told per key (a read issued before a change is not taken over it). */
  private readonly changed = new Map<string, number>();

  /**
   * Takes what a read of these keys gave (the keys it lacks are absent), except for keys changed since the read
   * was asked: `before` is `mark()` taken when it was.
   */
  took(keys: string[], got: Record<string, unknown>, before: Map<string, number>): void {
    for (const k of keys) {
      if (!this.wanted(k) || (this.changed.get(k) ?? 0) !== (before.get(k) ?? 0)) continue;
      this.set(k, got[k]);
    }
  }

  /** The change counts now, to pass to `took` once the read asked now has answered. */
  mark(): Map<string, number> {
    return new Map(this.changed);
  }

  /** A storage.onChanged batch of the local area. */
  told(changes: Record<string, { newValue?: unknown }>): void {
    for (const [k, c] of Object.entries(changes)) {
      if (!this.wanted(k)) continue;
      this.changed.set(k, (this.changed.get(k) ?? 0) + 1);
      this.set(k, c.newValue);
    }
  }

  /** The values of these keys as stored (absent ones left out), or undefined unless every one is held. */
  answer(keys: string[]): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      if (!this.values.has(k)) return undefined;
      const v = this.values.get(k);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  private wanted(k: string): boolean {
    return (VIEW_KEYS as readonly string[]).includes(k) || isShardKey(k);
  }

  private set(k: string, v: unknown): void {
    this.values.delete(k); // re-inserted last: the map's order is the order of change
    this.values.set(k, v);
    if (!isShardKey(k)) return;
    let shards = 0;
    for (const key of this.values.keys()) if (isShardKey(key)) shards += 1;
    for (const key of this.values.keys()) {
      if (shards <= SHARDS_HELD) break;
      if (isShardKey(key)) {
        this.values.delete(key);
        shards -= 1;
      }
    }
  }
}
