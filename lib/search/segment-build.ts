/**
 * Building a search segment (the background's side of lib/search/segment.ts): the base of a whole library, its
 * abstracts' postings and its doc table (cut into stored chunks by lib/library/index-store.ts). Views never run this.
 */
import type { SnapEntry } from '../library/schema';
import { packEntry } from '../library/snap-pack';
import {
  type AbstractPostings,
  type BaseIds,
  type BaseSegment,
  type DocTable,
  grams,
  metaText,
  POST_BLOCK_BYTES,
  type PostBlock,
  SEGMENT_VERSION,
  tokensOf,
} from './segment';
import { sortSteps } from './sort-steps';

export interface SegmentInput {
  entry: SnapEntry;
  shard: number;
  abstract?: string;
}

/** Appends ascending numbers as delta-varints. */
class VarintWriter {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  push(delta: number): void {
    if (this.length + 5 > this.bytes.length) {
      const next = new Uint8Array(this.bytes.length * 2);
      next.set(this.bytes);
      this.bytes = next;
    }
    let v = delta;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }
}

/** Bytes copied per step (a copy of the doc table or of the abstracts' postings is tens of MB at 100,000 papers). */
const COPY_STEP = 1 << 22;

/** The first `length` bytes of `src`, in a buffer of their own (what IndexedDB stores whole), a piece per step. */
function* copyOf(src: Uint8Array, length: number): Generator<void, Uint8Array> {
  const out = new Uint8Array(length);
  for (let from = 0; from < length; from += COPY_STEP) {
    out.set(src.subarray(from, Math.min(length, from + COPY_STEP)), from);
    yield;
  }
  return out;
}

export interface BuiltSegment {
  base: BaseSegment;
  ids: BaseIds;
  abstracts: AbstractPostings;
  /** The title and meta postings, a block at a time (lib/search/segment.ts PostBlock). */
  posts: PostBlock[];
  docs: DocTable;
  entries: SnapEntry[];
}

/** Builds the base segment and the abstract postings of a whole library (the background does this, not views). */
export function buildSegment(
  unsorted: SegmentInput[],
  order: (a: SnapEntry, b: SnapEntry) => number,
  build?: string,
  blockBytes?: number,
): BuiltSegment {
  return segmentBuilder(unsorted, order, build, blockBytes).finish();
}

/**
 * The same build a slice at a time: `step(count)` indexes up to `count` more papers (their words are most of a
 * build's time), or once all are in writes the postings of up to 10 × `count` more tokens, then the trigrams of as
 * many, then takes one step of sorting the docs in the library's order (lib/search/sort-steps.ts), and says whether
 * any work is left; `finish()` does what is left and makes the segment. The background steps through it between other
 * work (lib/library/index-store.ts), so a rebuild of 100,000 papers never holds up a message for seconds.
 */
export function segmentBuilder(
  unsorted: SegmentInput[],
  order: (a: SnapEntry, b: SnapEntry) => number,
  build = `${Date.now().toString(36)}-${unsorted.length}`,
  /** Post blocks' target size (tests make it small, to have many blocks in a small library). */
  blockBytes = POST_BLOCK_BYTES,
): { step(count: number): boolean; finish(): BuiltSegment } {
  // Docs are numbered in id order (lib/search/segment.ts): ties between equal scores then fall the same way
  // whether a search compares ids or doc numbers.
  const input = [...unsorted].sort((a, b) => (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
  const n = input.length;
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(1 << 20);
  let at = 0;
  const docOff = new Uint32Array(n + 1);
  const shard = new Uint32Array(n);
  const flags = new Uint8Array(n);
  // token → per-field doc lists (docs arrive in order, so each list stays ascending)
  const lists = new Map<string, [number[] | undefined, number[] | undefined, number[] | undefined]>();
  const add = (doc: number, field: number, text: string) => {
    for (const w of tokensOf(field, text)) {
      let entry = lists.get(w);
      if (!entry) {
        entry = [undefined, undefined, undefined];
        lists.set(w, entry);
      }
      const l = entry[field];
      if (!l) entry[field] = [doc];
      else if (l[l.length - 1] !== doc) l.push(doc);
    }
  };
  const index = (d: number) => {
    const { entry: e, shard: s, abstract } = input[d] as SegmentInput;
    const json = encoder.encode(JSON.stringify(packEntry(e)));
    if (at + json.length > bytes.length) {
      const next = new Uint8Array(Math.max(bytes.length * 2, at + json.length));
      next.set(bytes.subarray(0, at));
      bytes = next;
    }
    bytes.set(json, at);
    docOff[d] = at;
    at += json.length;
    shard[d] = s;
    flags[d] = (e.starred ? 1 : 0) | (e.tags.length ? 2 : 0);
    add(d, 0, e.title);
    add(d, 1, metaText(e.authors, e.tags, e.keywords ?? [], e.note ?? ''));
    if (abstract) add(d, 2, abstract);
  };
  // Then each token's doc lists are written as postings, in token order.
  let indexed = 0;
  let tokens: string[] | undefined;
  let written = 0;
  let fieldMask = new Uint8Array(0);
  const writers = [new VarintWriter(), new VarintWriter(), new VarintWriter()];
  let offs: Uint32Array[] = [];
  const post = (id: number) => {
    const entry = lists.get((tokens as string[])[id] as string) as (number[] | undefined)[];
    for (let f = 0; f < 3; f++) {
      const w = writers[f] as VarintWriter;
      (offs[f] as Uint32Array)[id] = w.length;
      const l = entry[f];
      if (!l) continue;
      fieldMask[id] = (fieldMask[id] as number) | (1 << f);
      let prev = 0;
      for (const doc of l) {
        w.push(doc - prev);
        prev = doc;
      }
    }
  };
  // Then the trigrams of tokens of three letters or more (for typo matches), and the docs in the library's order.
  const gramLists = new Map<string, number[]>();
  let grammed = 0;
  const gramsOf = (id: number) => {
    const t = (tokens as string[])[id] as string;
    if (t.length < 3) return;
    for (const g of grams(t)) {
      const l = gramLists.get(g);
      if (l) l.push(id);
      else gramLists.set(g, [id]);
    }
  };
  let ordering: Generator<void, Uint32Array> | undefined;
  let sorted: Uint32Array | undefined;
  let writing: Generator<void, BuiltSegment> | undefined;
  let built: BuiltSegment | undefined;
  const step = (count: number) => {
    if (indexed < n) {
      const end = Math.min(n, indexed + count);
      for (; indexed < end; indexed++) index(indexed);
    } else if (!tokens) {
      tokens = [...lists.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const m = tokens.length;
      fieldMask = new Uint8Array(m);
      offs = [new Uint32Array(m + 1), new Uint32Array(m + 1), new Uint32Array(m + 1)];
    } else if (written < tokens.length) {
      // A token's lists are short next to a paper's words: ten times as many make a like slice.
      const end = Math.min(tokens.length, written + count * 10);
      for (; written < end; written++) post(written);
    } else if (grammed < tokens.length) {
      const end = Math.min(tokens.length, grammed + count * 10);
      for (; grammed < end; grammed++) gramsOf(grammed);
    } else if (!sorted) {
      ordering ??= sortSteps(n, (a, b) => order((input[a] as SegmentInput).entry, (input[b] as SegmentInput).entry));
      const r = ordering.next();
      if (r.done) sorted = r.value;
    } else if (!built) {
      writing ??= write(tokens);
      const r = writing.next();
      if (r.done) built = r.value;
    } else return false;
    return true;
  };
  return {
    step,
    finish: () => {
      while (step(Number.POSITIVE_INFINITY));
      return built as BuiltSegment;
    },
  };

  /** The segment of the papers indexed, put together a piece per step: trigram lists, ids, then the copies. */
  function* write(tokens: string[]): Generator<void, BuiltSegment> {
    docOff[n] = at;
    const m = tokens.length;
    for (let f = 0; f < 3; f++) (offs[f] as Uint32Array)[m] = (writers[f] as VarintWriter).length;
    const gramKeys = [...gramLists.keys()].sort();
    const gramOff = new Uint32Array(gramKeys.length + 1);
    // Each trigram's words in ascending order (they were listed word by word), as delta-varints.
    const gramWriter = new VarintWriter();
    gramKeys.forEach((k, i) => {
      gramOff[i] = gramWriter.length;
      let prev = 0;
      for (const id of gramLists.get(k) as number[]) {
        gramWriter.push(id - prev);
        prev = id;
      }
    });
    gramOff[gramKeys.length] = gramWriter.length;
    yield;
    const gramPost = yield* copyOf(gramWriter.bytes, gramWriter.length);
    const idList = input.map((x) => x.entry.id.replace(/\n/g, ' '));
    yield;
    const { postStart, posts } = yield* blocksOf(
      writers.slice(0, 2).map((w) => w.bytes) as [Uint8Array, Uint8Array],
      offs.slice(0, 2) as [Uint32Array, Uint32Array],
      build,
      blockBytes,
    );
    const abstractPost = yield* copyOf((writers[2] as VarintWriter).bytes, (writers[2] as VarintWriter).length);
    const docTable = yield* copyOf(bytes, at);
    const ids: BaseIds = {
      v: SEGMENT_VERSION,
      build,
      ids: idList.join('\n'),
      idOff: offsets(idList),
      order: sorted as Uint32Array,
    };
    const base: BaseSegment = {
      v: SEGMENT_VERSION,
      build,
      n,
      flags,
      shard,
      vocab: tokens.join('\n'),
      vocabOff: offsets(tokens),
      fieldMask,
      postStart,
      grams: gramKeys.join('\n'),
      gramOff,
      gramPost,
    };
    const abstracts: AbstractPostings = {
      v: SEGMENT_VERSION,
      build,
      post: abstractPost,
      postOff: offs[2] as Uint32Array,
    };
    const table: DocTable = { v: SEGMENT_VERSION, build, docs: docTable, docOff };
    // The entries in doc order: what a caller indexes per doc (lib/library/index-store.ts: the sort ranks).
    return { base, ids, abstracts, posts, docs: table, entries: input.map((x) => x.entry) };
  }
}

/** Post blocks cut per step (each a copy of its bytes: IndexedDB stores a view's whole buffer). */
const BLOCKS_STEP = 64;

/**
 * The title and meta postings (`offs[f]`: m + 1 offsets into `bytes[f]`) cut into blocks of consecutive tokens of
 * about `blockBytes` (a token with more has a block of its own), and where each block starts.
 */
function* blocksOf(
  bytes: [Uint8Array, Uint8Array],
  offs: [Uint32Array, Uint32Array],
  build: string,
  blockBytes: number,
): Generator<void, { postStart: Uint32Array; posts: PostBlock[] }> {
  const m = offs[0].length - 1;
  const starts: number[] = [];
  let size = blockBytes;
  for (let t = 0; t < m; t++) {
    if (size >= blockBytes) {
      starts.push(t);
      size = 0;
    }
    size += (offs[0][t + 1] as number) - (offs[0][t] as number) + (offs[1][t + 1] as number) - (offs[1][t] as number);
  }
  starts.push(m);
  const posts: PostBlock[] = [];
  for (let k = 0; k + 1 < starts.length; k++) {
    const a = starts[k] as number;
    const b = starts[k + 1] as number;
    const part = (f: 0 | 1) => {
      const o = offs[f];
      const from = o[a] as number;
      return { post: bytes[f].slice(from, o[b] as number), off: o.slice(a, b + 1).map((x) => x - from) };
    };
    const t = part(0);
    const x = part(1);
    posts.push({ v: SEGMENT_VERSION, build, k, post: [t.post, x.post], postOff: [t.off, x.off] });
    if (k % BLOCKS_STEP === BLOCKS_STEP - 1) yield;
  }
  return { postStart: Uint32Array.from(starts), posts };
}

/** Start offsets of strings joined by "\n", plus the end (+1, as if a last "\n" followed). */
function offsets(list: string[]): Uint32Array {
  const out = new Uint32Array(list.length + 1);
  let at = 0;
  list.forEach((x, i) => {
    out[i] = at;
    at += x.length + 1;
  });
  out[list.length] = at;
  return out;
}
