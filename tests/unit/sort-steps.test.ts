/** The rebuild's pausable sort (lib/search/sort-steps.ts) is Array.prototype.sort's order, ties kept in place. */
import { describe, expect, it } from 'vitest';
import { runAll, sortSteps } from '../../lib/search/sort-steps';

describe('sortSteps', () => {
  it('gives the order a stable sort gives, at sizes around its runs and with many equal keys', () => {
    for (const n of [0, 1, 2, 2_047, 2_048, 2_049, 4_097, 10_001]) {
      for (const kinds of [3, 1_000, 1_000_000]) {
        // A fixed pseudo-random key per number (a few kinds: long stretches of equal keys).
        const key = Array.from({ length: n }, (_, i) => ((i * 2_654_435_761) % 4_294_967_296) % kinds);
        const before = (a: number, b: number) => (key[a] as number) - (key[b] as number);
        const plain = Array.from({ length: n }, (_, i) => i).sort(before);
        expect(Array.from(runAll(sortSteps(n, before))), `${n} papers, ${kinds} kinds`).toEqual(plain);
      }
    }
  });

  it('yields between pieces: one run sorted or two merged per step', () => {
    const n = 10_000;
    let steps = 0;
    const it = sortSteps(n, (a, b) => b - a);
    let r = it.next();
    while (!r.done) {
      steps++;
      r = it.next();
    }
    // 5 runs of 2,048, then 3 + 2 + 1 merges (a lone run copied counts as one).
    expect(steps).toBe(5 + 3 + 2 + 1);
    expect(r.value[0]).toBe(n - 1);
    expect(r.value[n - 1]).toBe(0);
  });
});
