import { describe, expect, it } from 'vitest';
import { Slots } from '../../lib/search/slots';

describe('Slots (values by doc number, made a page at a time)', () => {
  it('holds what was set, at any doc number, across pages; undefined elsewhere', () => {
    const n = 1_000;
    const s = new Slots<string>(n);
    const set = [0, 1, 63, 64, 65, 127, 128, 500, 998, 999];
    for (const d of set) s.set(d, `v${d}`);
    for (let d = 0; d < n; d++) expect(s.get(d)).toBe(set.includes(d) ? `v${d}` : undefined);
    s.set(64, 'again');
    expect(s.get(64)).toBe('again');
    expect(s.get(63)).toBe('v63');
  });

  it('an empty store answers undefined, even past its size', () => {
    const s = new Slots<number>(0);
    expect(s.get(0)).toBeUndefined();
    expect(s.get(10_000)).toBeUndefined();
  });
});
