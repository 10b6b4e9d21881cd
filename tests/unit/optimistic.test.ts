import { describe, expect, it } from 'vitest';
import { createOptimistic } from '../../lib/library/optimistic';
import { type SnapEntry, toSnapEntry } from '../../lib/library/schema';
import { paper } from '../helpers/papers';

const entry = (starred: boolean): SnapEntry => ({ ...toSnapEntry(paper(1)), starred });

describe('optimistic changes (a star shows at once, rolls back if not stored)', () => {
  it('shows the change while the write is on its way, then the stored paper', async () => {
    const seen: boolean[] = [];
    const stored: SnapEntry[] = [];
    const o = createOptimistic(
      (m) => seen.push(m.get(entry(true).id)?.starred ?? false),
      (e) => stored.push(e),
    );
    let finish: (v: SnapEntry) => void = () => {};
    const done = o.run(
      entry(true),
      () => new Promise<SnapEntry>((r) => (finish = r)),
      (e) => e,
    );
    expect(o.pending.get(entry(true).id)?.starred).toBe(true); // shown before the write answers
    finish(entry(true));
    await done;
    expect(stored.map((e) => e.starred)).toEqual([true]); // handed over before the pending entry goes
    expect(o.pending.size).toBe(0);
    expect(seen).toEqual([true, false]);
  });

  it('a failed write takes the change back and passes its error on (for a plain message)', async () => {
    const o = createOptimistic(
      () => {},
      () => {},
    );
    await expect(
      o.run(entry(true), () => Promise.reject(new Error('Browser storage is full: this change was not saved'))),
    ).rejects.toThrow(/storage is full/);
    expect(o.pending.size).toBe(0); // the paper shows as stored: unstarred
  });

  it('two quick clicks: the second stays shown until its own write answers', async () => {
    const o = createOptimistic(
      () => {},
      () => {},
    );
    let first: () => void = () => {};
    const a = o.run(entry(true), () => new Promise<void>((r) => (first = r)));
    let second: () => void = () => {};
    const b = o.run(entry(false), () => new Promise<void>((r) => (second = r)));
    first();
    await a;
    expect(o.pending.get(entry(false).id)?.starred).toBe(false);
    second();
    await b;
    expect(o.pending.size).toBe(0);
  });
});
