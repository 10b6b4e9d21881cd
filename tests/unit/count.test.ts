/** Counts written out as English shows them, as `toLocaleString('en')` would (components/count.ts). */
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../components/count';

describe('formatCount', () => {
  it('groups digits as toLocaleString("en") does, for every count a view shows', () => {
    for (const n of [0, 1, 7, 42, 999, 1_000, 1_001, 12_345, 99_999, 100_000, 123_456, 1_234_567, 1e9 + 7, -5_000])
      expect(formatCount(n)).toBe(n.toLocaleString('en'));
    for (let n = 0; n < 2_000_000; n += 7_919) expect(formatCount(n)).toBe(n.toLocaleString('en'));
    expect(formatCount(Number.NaN)).toBe('NaN');
  });
});
