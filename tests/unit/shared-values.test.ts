import { describe, expect, it } from 'vitest';
import type { SnapEntry } from '../../lib/library/schema';
import { shareValues } from '../../lib/search/shared-values';

const entry = (id: string, over: Partial<SnapEntry> = {}): SnapEntry => ({
  id,
  title: `Paper ${id}`,
  authors: ['Ada Lovelace'],
  url: `https://arxiv.org/abs/${id}`,
  starred: false,
  tags: [],
  sites: ['arxiv'],
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-01-02T00:00:00.000Z',
  ...over,
});

describe('shared values of decoded entries', () => {
  it('gives papers with the same sites or tags one frozen list, and keeps every value', () => {
    const a = entry('2401.00001', { tags: ['reading'] });
    const b = entry('2401.00002', { tags: ['reading'] });
    const copies = [structuredClone(a), structuredClone(b)];
    const [x, y] = [shareValues(a), shareValues(b)];
    expect([x, y]).toEqual(copies);
    expect(x.sites).toBe(y.sites);
    expect(x.tags).toBe(y.tags);
    expect(Object.isFrozen(x.sites)).toBe(true);
    // No tags: one empty list for all.
    expect(shareValues(entry('2401.00003')).tags).toBe(shareValues(entry('2401.00004')).tags);
    // Another list is another copy; long lists are left as they are.
    const c = shareValues(entry('2401.00005', { sites: ['arxiv', 'hf'] }));
    expect(c.sites).toEqual(['arxiv', 'hf']);
    expect(c.sites).not.toBe(x.sites);
    // Values may hold any character: a list of one value never stands in for a list of two.
    const joined = shareValues(entry('2401.00007', { tags: ['x\ny'] })).tags;
    expect(shareValues(entry('2401.00008', { tags: ['x', 'y'] })).tags).toEqual(['x', 'y']);
    expect(shareValues(entry('2401.00009', { tags: ['x\ny'] })).tags).toBe(joined);
    const long = ['a', 'b', 'c'];
    expect(shareValues(entry('2401.00006', { tags: long })).tags).toBe(long);
  });

  it('leaves damaged entries for the reader to refuse', () => {
    expect(shareValues(null as unknown as SnapEntry)).toBe(null);
    const odd = { id: 'x', sites: 'arxiv', tags: [1, 2] } as unknown as SnapEntry;
    const same = structuredClone(odd);
    expect(shareValues(odd)).toEqual(same);
    expect(Object.isFrozen(odd.tags)).toBe(false);
  });

  it('stops sharing new values past its bound (a library of all-distinct values gains nothing, and costs no table)', () => {
    const first = Array.from({ length: 25_000 }, (_, i) => shareValues(entry(`b${i}`, { tags: [`t${i}`] })));
    // Shared while the table had room, then each entry keeps its own (equal) list.
    expect(shareValues(entry('again0', { tags: ['t0'] })).tags).toBe(first[0]?.tags);
    const late = shareValues(entry('again1', { tags: ['t24999'] })).tags;
    expect(late).toEqual(['t24999']);
    expect(late).not.toBe(first[24_999]?.tags);
  });
});
