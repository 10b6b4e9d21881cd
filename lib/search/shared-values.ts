/**
 * One copy of the values many papers share, for the entries a view decodes (issue 12). Each decoded entry had its own
 * copy of every string and list: at 100,000 papers the library page held ~1 million strings, two thirds of them
 * repeats of another (the same site, the same day's sighting, the same month), and a list of sites and one of tags
 * per paper. The collector marks each of them at every full collection, and a sort or a scroll that meets one waits.
 * Values are shared up to a bound (a library whose every paper has its own dates gains nothing, and the table of
 * shared values stops growing). Shared lists are frozen: entries are read, never changed in place (a change makes
 * a new entry).
 */
import type { SnapEntry } from '../library/schema';

/** Distinct values kept at most (a few per day of reading: sightings' times, months, sites). */
const MAX_SHARED = 20_000;

const strings = new Map<string, string>();
/** Lists of one value, by that value; lists of two, by the first then the second (no joined key: a value may hold any
 * character, so ['a\nb'] and ['a', 'b'] must never meet). */
const ones = new Map<string, readonly string[]>();
const twos = new Map<string, Map<string, readonly string[]>>();
let listCount = 0;
const NONE: readonly string[] = Object.freeze([]);

function shared(s: string): string {
  const known = strings.get(s);
  if (known !== undefined) return known;
  if (strings.size < MAX_SHARED) strings.set(s, s);
  return s;
}

/** A list of sites or tags: one frozen copy per distinct list of up to two values (most papers: one site, no tag). */
function sharedList(xs: string[]): string[] {
  if (!Array.isArray(xs) || xs.length > 2) return xs;
  if (xs.length === 0) return NONE as string[];
  const [a, b] = xs;
  if (typeof a !== 'string' || (xs.length === 2 && typeof b !== 'string')) return xs;
  const table = xs.length === 1 ? ones : twos.get(a);
  const key = xs.length === 1 ? a : (b as string);
  const known = table?.get(key);
  if (known) return known as string[];
  if (listCount >= MAX_SHARED) return xs;
  const list = Object.freeze(xs.map(shared));
  if (xs.length === 1) ones.set(a, list);
  else {
    const byFirst = twos.get(a) ?? new Map<string, readonly string[]>();
    twos.set(a, byFirst);
    byFirst.set(key, list);
  }
  listCount++;
  return list as string[];
}

/** The entry, its shared values replaced by their one copy (in place: it was just decoded). */
export function shareValues(e: SnapEntry): SnapEntry {
  if (!e || typeof e !== 'object') return e; // damaged bytes: the reader's checks decide
  if (typeof e.firstSeen === 'string') e.firstSeen = shared(e.firstSeen);
  if (typeof e.lastSeen === 'string') e.lastSeen = shared(e.lastSeen);
  if (typeof e.addedAt === 'string') e.addedAt = shared(e.addedAt);
  if (typeof e.published === 'string') e.published = shared(e.published);
  e.sites = sharedList(e.sites);
  e.tags = sharedList(e.tags);
  return e;
}
