/**
 * Words found by their characters in place (issue 16's scoring speed): a word of a page's text is looked up by the
 * hash of its characters as the scanner passes them (lib/interest/text.ts), without cutting it out of the text as a
 * string first. An open-addressing table of word numbers; a hit is confirmed character by character, so two words
 * never share a number whatever their hashes.
 */

/** FNV-1a over the characters: the seed, and one character's step. lib/interest/text.ts's scanner writes the same
 * out in its loop (the hot path), with the stem's `y` (121) as a last character. */
const SEED = 0x811c9dc5 | 0;
const hashStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);
/** A stemmed word's last letter when the stem adds one (properties → property). */
const Y = 121;

export function hashOf(w: string): number {
  let h = SEED;
  for (let i = 0; i < w.length; i++) h = hashStep(h, w.charCodeAt(i));
  return h;
}

const mix = (h: number) => (h ^ (h >>> 15)) >>> 0;

/** Word numbers by their characters: `words[code]` is the word numbered `code`. The list may grow; sync() takes
 * the new words in. A probe reads one cell (number and hash side by side) and a hit compares the characters in
 * one array: a lookup touches two or three cache lines, not a string on the heap. */
export class WordTable {
  /** Cell i: [code + 1 (0: empty), hash]. */
  private cells = new Int32Array(32);
  /** The words' characters, one after another: word `code` is chars[off[code]…off[code + 1]]. */
  private chars = new Uint16Array(256);
  private off = new Uint32Array(17);
  private hashes = new Int32Array(16);
  private size = 0;

  constructor(private readonly words: readonly string[]) {
    this.sync();
  }

  /** Takes in the words numbered since the last call. */
  sync(): this {
    while (this.size < this.words.length) this.insert(this.size++);
    return this;
  }

  private insert(code: number): void {
    const w = this.words[code] as string;
    if (code + 2 > this.off.length) this.off = grow(this.off, code + 2);
    if (code + 1 > this.hashes.length) this.hashes = grow(this.hashes, code + 1);
    const at = this.off[code] as number;
    if (at + w.length > this.chars.length) this.chars = grow(this.chars, at + w.length);
    for (let k = 0; k < w.length; k++) this.chars[at + k] = w.charCodeAt(k);
    this.off[code + 1] = at + w.length;
    this.hashes[code] = hashOf(w);
    // Half full at most: a miss ends at an empty cell within a probe or two.
    if ((code + 1) * 4 > this.cells.length) {
      this.cells = new Int32Array(this.cells.length * 2);
      for (let c = 0; c < code; c++) this.place(c);
    }
    this.place(code);
  }

  private place(code: number): void {
    const mask = (this.cells.length >> 1) - 1;
    const h = this.hashes[code] as number;
    let i = mix(h) & mask;
    while (this.cells[i << 1] !== 0) i = (i + 1) & mask;
    this.cells[i << 1] = code + 1;
    this.cells[(i << 1) + 1] = h;
  }

  /**
   * The number of the word `t.slice(start, end)` (followed by a `y` when `y`), whose hash is `h`; -1 when the
   * table does not hold it.
   */
  find(t: string, start: number, end: number, y: boolean, h: number): number {
    const cells = this.cells;
    const mask = (cells.length >> 1) - 1;
    const n = end - start;
    const len = n + (y ? 1 : 0);
    for (let i = mix(h) & mask; ; i = (i + 1) & mask) {
      const s = cells[i << 1] as number;
      if (s === 0) return -1;
      if (cells[(i << 1) + 1] !== h) continue;
      const at = this.off[s - 1] as number;
      if ((this.off[s] as number) - at !== len) continue;
      let k = 0;
      while (k < n && this.chars[at + k] === t.charCodeAt(start + k)) k++;
      if (k === n && (!y || this.chars[at + k] === Y)) return s - 1;
    }
  }
}

function grow<T extends Uint16Array | Uint32Array | Int32Array>(a: T, size: number): T {
  let cap = a.length;
  while (cap < size) cap *= 2;
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/** Weights of word pairs by their words' numbers (a scorer's weighted pairs: a few thousand at most). */
export class PairTable {
  /** Cell i: [first + 1 (0: empty), second, weight's index]. */
  private cells: Int32Array;
  private readonly weights: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.cells = new Int32Array(slots * 3);
    this.weights = new Float64Array(capacity);
  }

  private slotOf(a: number, b: number): number {
    const mask = this.cells.length / 3 - 1;
    let i = mix(Math.imul(a, 0x9e3779b1) ^ b) & mask;
    while (this.cells[i * 3] !== 0 && (this.cells[i * 3] !== a + 1 || this.cells[i * 3 + 1] !== b)) i = (i + 1) & mask;
    return i;
  }

  set(a: number, b: number, weight: number): void {
    const i = this.slotOf(a, b);
    if (this.cells[i * 3] === 0) {
      if (this.count >= this.weights.length) throw new RangeError('PairTable is full');
      this.cells[i * 3] = a + 1;
      this.cells[i * 3 + 1] = b;
      this.cells[i * 3 + 2] = this.count++;
    }
    this.weights[this.cells[i * 3 + 2] as number] = weight;
  }

  /** The pair's weight, 0 when it has none. */
  get(a: number, b: number): number {
    const i = this.slotOf(a, b);
    return this.cells[i * 3] === 0 ? 0 : (this.weights[this.cells[i * 3 + 2] as number] as number);
  }
}

/**
 * Counts of words met in place (a paper's words the model does not know: each counts in its length by its own
 * count), kept apart by their characters; cleared per paper. A paper has a few dozen such words: a list is enough.
 */
export class PlaceTally {
  private texts: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  private ys: boolean[] = [];
  private hashes: number[] = [];
  readonly counts: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  clear(): void {
    this.texts.length = 0;
    this.starts.length = 0;
    this.ends.length = 0;
    this.ys.length = 0;
    this.hashes.length = 0;
    this.counts.length = 0;
  }

  add(t: string, start: number, end: number, y: boolean, h: number, weight: number): void {
    const n = end - start + (y ? 1 : 0);
    for (let j = 0; j < this.hashes.length; j++) {
      if (this.hashes[j] !== h) continue;
      const s = this.starts[j] as number;
      const m = (this.ends[j] as number) - s;
      if (m + (this.ys[j] ? 1 : 0) !== n) continue;
      // The same form: "property" as it stands, or "propert" + y of "properties".
      const u = this.texts[j] as string;
      let k = 0;
      while (k < n) {
        const a = k < end - start ? t.charCodeAt(start + k) : Y;
        const b = k < m ? u.charCodeAt(s + k) : Y;
        if (a !== b) break;
        k++;
      }
      if (k === n) {
        this.counts[j] = (this.counts[j] as number) + weight;
        return;
      }
    }
    this.texts.push(t);
    this.starts.push(start);
    this.ends.push(end);
    this.ys.push(y);
    this.hashes.push(h);
    this.counts.push(weight);
  }
}
