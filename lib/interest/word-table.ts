/**
 * Words found by their characters in place (issue 16's scoring speed): a word of a page's text is looked up by two
 * hashes of its characters, computed as the scanner passes them (lib/interest/text.ts), without cutting it out of
 * the text as a string first. An open-addressing table of word numbers; a hit is confirmed by the second, independent
 * 32-bit hash and the length rather than character by character (that check was a fifth of the scoring time): two
 * words share a number only when both hashes and the length agree. With the ~10^4–10^5 words a model knows against
 * ~10^6 distinct words read, the odds that any two ever do are ~10^-9; the worst it could do is count one word of
 * one entry as another.
 */

/** FNV-1a over the characters, and a multiply-add hash beside it (seeds and one character's step each).
 * lib/interest/text.ts's scanner writes the same out in its loop (the hot path), with the stem's `y` (121) as a
 * last character. */
export const SEED = 0x811c9dc5 | 0;
export const SEED2 = 0x2545f491 | 0;
const hashStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);
const hash2Step = (g: number, c: number): number => Math.imul(g + c, 0x9e3779b1);
/** A stemmed word's last letter when the stem adds one (properties → property). */
export const Y = 121;

export function hashOf(w: string): number {
  let h = SEED;
  for (let i = 0; i < w.length; i++) h = hashStep(h, w.charCodeAt(i));
  return h;
}

export function hash2Of(w: string): number {
  let g = SEED2;
  for (let i = 0; i < w.length; i++) g = hash2Step(g, w.charCodeAt(i));
  return g;
}

const mix = (h: number) => (h ^ (h >>> 15)) >>> 0;

/** Word numbers by their two hashes and length: `words[code]` is the word numbered `code`. The list may grow;
 * sync() takes the new words in. A probe reads one cell (number, hashes and length side by side): a lookup touches
 * one or two cache lines, not a string on the heap. */
export class WordTable {
  /** Cell i: [code + 1 (0: empty), hash, second hash, length]. */
  private cells = new Int32Array(64);
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
    // Half full at most: a miss ends at an empty cell within a probe or two.
    if ((code + 1) * 8 > this.cells.length) {
      this.cells = new Int32Array(this.cells.length * 2);
      for (let c = 0; c < code; c++) this.place(c);
    }
    this.place(code);
  }

  private place(code: number): void {
    const w = this.words[code] as string;
    const h = hashOf(w);
    const mask = (this.cells.length >> 2) - 1;
    let i = mix(h) & mask;
    while (this.cells[i << 2] !== 0) i = (i + 1) & mask;
    this.cells[i << 2] = code + 1;
    this.cells[(i << 2) + 1] = h;
    this.cells[(i << 2) + 2] = hash2Of(w);
    this.cells[(i << 2) + 3] = w.length;
  }

  /** The number of the word of length `len` whose hashes are `h` and `g`; -1 when the table does not hold it. */
  find(len: number, h: number, g: number): number {
    const cells = this.cells;
    const mask = (cells.length >> 2) - 1;
    for (let i = mix(h) & mask; ; i = (i + 1) & mask) {
      const at = i << 2;
      const s = cells[at] as number;
      if (s === 0) return -1;
      if (cells[at + 1] === h && cells[at + 2] === g && cells[at + 3] === len) return s - 1;
    }
  }

  /** find() for a whole word (tests, and words met as strings). */
  findWord(w: string): number {
    return this.find(w.length, hashOf(w), hash2Of(w));
  }
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
 * count), kept apart by their two hashes and length (as WordTable); cleared per paper. A paper has a few dozen such
 * words: a list is enough.
 */
export class PlaceTally {
  private lens: number[] = [];
  private hashes: number[] = [];
  private hashes2: number[] = [];
  readonly counts: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  clear(): void {
    this.lens.length = 0;
    this.hashes.length = 0;
    this.hashes2.length = 0;
    this.counts.length = 0;
  }

  add(len: number, h: number, g: number, weight: number): void {
    for (let j = 0; j < this.hashes.length; j++) {
      if (this.hashes[j] === h && this.hashes2[j] === g && this.lens[j] === len) {
        this.counts[j] = (this.counts[j] as number) + weight;
        return;
      }
    }
    this.lens.push(len);
    this.hashes.push(h);
    this.hashes2.push(g);
    this.counts.push(weight);
  }
}
