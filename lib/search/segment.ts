/**
 * The persisted search index (issue 12): a compact, immutable "base segment" of the whole library, built by the
 * background and stored in IndexedDB as strings and typed arrays, so that a view loads it in a few milliseconds
 * (a structured-clone copy) instead of indexing 100,000 papers at open. Changes since it was built live in a
 * small in-memory overlay (lib/search/index.ts); the background rebuilds the base now and then, never per change.
 *
 * Layout of one segment (token ids are positions in the sorted vocabulary; doc numbers are 0..n-1):
 *   ids, shard       each doc's paper id and storage shard. Docs are numbered shard by shard in the shard's own
 *                    order, so the k-th paper of snapshot shard n is doc shardStart(n) + k
 *   (DocChunk)       the snapshot entries as UTF-8 JSON bytes, DOC_CHUNK docs per stored record: a query reads
 *                    the chunks of its candidates and decodes only the docs it shows (reading all of them at
 *                    open took ~140 ms at 100,000 papers); without them, entries come from storage.local's shards
 *   flags            starred/tagged bits (filters skip docs without reading them)
 *   order            doc numbers in the library's default order (starred first, then most recent)
 *   vocab            sorted tokens joined by "\n"; fieldMask: which fields each token occurs in
 *   post[f]/postOff  ascending doc numbers per token and field (0 title, 1 authors/tags/keywords/note), as
 *                    delta-varints; the abstracts' postings (field 2) are a second record, loaded after first paint
 *   grams            trigram → tokens, for typo matches
 * Tokenisation is exactly the in-memory index's (tokensOf), so a base plus overlay answers as a rebuilt index.
 */
import type { SnapEntry } from '../library/schema';
import { fold, words } from './normalize';

export const SEGMENT_VERSION = 2;
/** Docs per stored chunk of the doc table: a query reads the chunks of its ~100 candidates, not 30 MB. */
export const DOC_CHUNK = 16;

// Words too common in abstracts to tell papers apart.
export const STOP = new Set(
  'the and for with that this from are our which can these their has have was were been not but also into than its such more other over when while both between based using used show shows propose proposed paper approach method methods results'.split(
    ' ',
  ),
);

/** The words a field contributes to the index, in order (repeats allowed: postings keep one per doc). */
export function tokensOf(field: number, text: string): string[] {
  if (field < 2) return words(text);
  return [...new Set(words(text))].filter((w) => w.length >= 3 && !STOP.has(w));
}

/** The text of field 1 (everything but title and abstract), as the index reads it. */
export function metaText(authors: string[], tags: string[], keywords: string[], note: string): string {
  return [authors.join(' , '), tags.join(' , '), keywords.join(' , '), note].join(' , ');
}

export function grams(t: string): Set<string> {
  const s = new Set<string>();
  const padded = ` ${t} `;
  for (let i = 0; i + 3 <= padded.length; i++) s.add(padded.slice(i, i + 3));
  return s;
}

export interface BaseSegment {
  v: typeof SEGMENT_VERSION;
  /** Names this build: the abstract postings record must carry the same. */
  build: string;
  n: number;
  /** Paper ids in doc order, joined by "\n" (ids never hold a line break). */
  ids: string;
  /** Where each id starts in `ids` (n + 1 entries): an id is read without splitting 100,000 of them. */
  idOff: Uint32Array;
  shard: Uint32Array;
  /** bit 0: starred, bit 1: has tags. */
  flags: Uint8Array;
  order: Uint32Array;
  vocab: string;
  /** Where each token starts in `vocab` (m + 1 entries). */
  vocabOff: Uint32Array;
  fieldMask: Uint8Array;
  post: [Uint8Array, Uint8Array];
  postOff: [Uint32Array, Uint32Array];
  grams: string;
  gramOff: Uint32Array;
  gramPost: Uint32Array;
}

export interface AbstractPostings {
  v: typeof SEGMENT_VERSION;
  build: string;
  post: Uint8Array;
  postOff: Uint32Array;
}

export interface DocTable {
  v: typeof SEGMENT_VERSION;
  build: string;
  docs: Uint8Array;
  docOff: Uint32Array;
}

export function isDocTable(v: unknown, base: BaseSegment): v is DocTable {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Partial<DocTable>;
  return (
    t.v === SEGMENT_VERSION &&
    t.build === base.build &&
    t.docs instanceof Uint8Array &&
    t.docOff instanceof Uint32Array &&
    t.docOff.length === base.n + 1
  );
}

export interface DocChunk {
  v: typeof SEGMENT_VERSION;
  build: string;
  /** The chunk's number: its docs are DOC_CHUNK × k onwards. */
  k: number;
  docs: Uint8Array;
  /** Offsets of each doc in `docs`, plus the end. */
  off: Uint32Array;
}

/** The doc table cut into stored chunks. */
export function chunkDocs(t: DocTable): DocChunk[] {
  const n = t.docOff.length - 1;
  const out: DocChunk[] = [];
  for (let first = 0, k = 0; first < n; first += DOC_CHUNK, k++) {
    const last = Math.min(n, first + DOC_CHUNK);
    const a = t.docOff[first] as number;
    const off = t.docOff.slice(first, last + 1).map((x) => x - a);
    out.push({ v: SEGMENT_VERSION, build: t.build, k, docs: t.docs.slice(a, t.docOff[last]), off });
  }
  return out;
}

export function isDocChunk(v: unknown, base: BaseSegment): v is DocChunk {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<DocChunk>;
  return (
    c.v === SEGMENT_VERSION &&
    c.build === base.build &&
    typeof c.k === 'number' &&
    c.docs instanceof Uint8Array &&
    c.off instanceof Uint32Array &&
    c.off.length === Math.min(DOC_CHUNK, base.n - c.k * DOC_CHUNK) + 1
  );
}

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
  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Calls fn with each doc number of one postings list. */
export function forEachPosting(bytes: Uint8Array, from: number, to: number, fn: (doc: number) => void): void {
  let doc = 0;
  let i = from;
  while (i < to) {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[i++] as number;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    doc += v;
    fn(doc);
  }
}

/** Builds the base segment and the abstract postings of a whole library (the background does this, not views). */
export function buildSegment(
  input: SegmentInput[],
  order: (a: SnapEntry, b: SnapEntry) => number,
  build = `${Date.now().toString(36)}-${input.length}`,
): { base: BaseSegment; abstracts: AbstractPostings; docs: DocTable } {
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
  input.forEach(({ entry: e, shard: s, abstract }, d) => {
    const json = encoder.encode(JSON.stringify(e));
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
  });
  docOff[n] = at;
  const tokens = [...lists.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const m = tokens.length;
  const fieldMask = new Uint8Array(m);
  const writers = [new VarintWriter(), new VarintWriter(), new VarintWriter()];
  const offs = [new Uint32Array(m + 1), new Uint32Array(m + 1), new Uint32Array(m + 1)];
  tokens.forEach((t, id) => {
    const entry = lists.get(t) as [number[] | undefined, number[] | undefined, number[] | undefined];
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
  });
  for (let f = 0; f < 3; f++) (offs[f] as Uint32Array)[m] = (writers[f] as VarintWriter).length;
  // Trigrams of tokens of three letters or more, for typo matches.
  const gramLists = new Map<string, number[]>();
  tokens.forEach((t, id) => {
    if (t.length < 3) return;
    for (const g of grams(t)) {
      const l = gramLists.get(g);
      if (l) l.push(id);
      else gramLists.set(g, [id]);
    }
  });
  const gramKeys = [...gramLists.keys()].sort();
  const gramOff = new Uint32Array(gramKeys.length + 1);
  const gramPost = new Uint32Array([...gramLists.values()].reduce((s, l) => s + l.length, 0));
  let g = 0;
  gramKeys.forEach((k, i) => {
    gramOff[i] = g;
    for (const id of gramLists.get(k) as number[]) gramPost[g++] = id;
  });
  gramOff[gramKeys.length] = g;
  const idList = input.map((x) => x.entry.id.replace(/\n/g, ' '));
  const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    order((input[a] as SegmentInput).entry, (input[b] as SegmentInput).entry),
  );
  const base: BaseSegment = {
    v: SEGMENT_VERSION,
    build,
    n,
    ids: idList.join('\n'),
    idOff: offsets(idList),
    shard,
    flags,
    order: Uint32Array.from(sorted),
    vocab: tokens.join('\n'),
    vocabOff: offsets(tokens),
    fieldMask,
    post: [(writers[0] as VarintWriter).done(), (writers[1] as VarintWriter).done()],
    postOff: [offs[0] as Uint32Array, offs[1] as Uint32Array],
    grams: gramKeys.join('\n'),
    gramOff,
    gramPost,
  };
  const abstracts: AbstractPostings = {
    v: SEGMENT_VERSION,
    build,
    post: (writers[2] as VarintWriter).done(),
    postOff: offs[2] as Uint32Array,
  };
  return { base, abstracts, docs: { v: SEGMENT_VERSION, build, docs: bytes.slice(0, at), docOff } };
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

/** Checks a segment read back from IndexedDB (it may be from an older build, damaged, or not ours). */
export function isBaseSegment(v: unknown): v is BaseSegment {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<BaseSegment>;
  const ok =
    s.v === SEGMENT_VERSION &&
    typeof s.build === 'string' &&
    typeof s.n === 'number' &&
    typeof s.ids === 'string' &&
    s.idOff instanceof Uint32Array &&
    s.idOff.length === s.n + 1 &&
    s.vocabOff instanceof Uint32Array &&
    typeof s.vocab === 'string' &&
    typeof s.grams === 'string' &&
    s.shard instanceof Uint32Array &&
    s.shard.length === s.n &&
    s.flags instanceof Uint8Array &&
    s.flags.length === s.n &&
    s.order instanceof Uint32Array &&
    s.order.length === s.n &&
    s.fieldMask instanceof Uint8Array &&
    Array.isArray(s.post) &&
    Array.isArray(s.postOff) &&
    s.post.every((p) => p instanceof Uint8Array) &&
    s.postOff.every((p) => p instanceof Uint32Array && p.length === (s.fieldMask as Uint8Array).length + 1) &&
    s.gramOff instanceof Uint32Array &&
    s.gramPost instanceof Uint32Array;
  return ok;
}

export function isAbstractPostings(v: unknown, base: BaseSegment): v is AbstractPostings {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Partial<AbstractPostings>;
  return (
    a.v === SEGMENT_VERSION &&
    a.build === base.build &&
    a.post instanceof Uint8Array &&
    a.postOff instanceof Uint32Array &&
    a.postOff.length === base.fieldMask.length + 1
  );
}

const DECODER = new TextDecoder();

/** Read access to a loaded segment: token lookup, prefix ranges, trigram candidates, postings, docs. */
export class SegmentView {
  private gramIndex: Map<string, number> | undefined;
  private byId: Map<string, number> | undefined;
  private starts: Map<number, number> | undefined;
  private readonly entries = new Map<number, SnapEntry>();
  private readonly chunks = new Map<number, DocChunk>();
  abstracts: AbstractPostings | undefined;

  constructor(readonly seg: BaseSegment) {}

  get n(): number {
    return this.seg.n;
  }

  /** How many tokens the vocabulary holds. */
  get tokenCount(): number {
    return this.seg.vocabOff.length - 1;
  }

  token(i: number): string {
    const o = this.seg.vocabOff;
    return this.seg.vocab.slice(o[i], (o[i + 1] as number) - 1);
  }

  /** The first token id ≥ text (binary search in the sorted vocabulary). */
  lowerBound(text: string): number {
    let lo = 0;
    let hi = this.tokenCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.token(mid) < text) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  lookup(text: string): number | undefined {
    const i = this.lowerBound(text);
    return i < this.tokenCount && this.token(i) === text ? i : undefined;
  }

  /** Token ids sharing a trigram with one of `gs`. */
  gramTokens(gs: Iterable<string>): Set<number> {
    if (!this.gramIndex) {
      this.gramIndex = new Map();
      const keys = this.seg.grams ? this.seg.grams.split('\n') : [];
      for (let i = 0; i < keys.length; i++) this.gramIndex.set(keys[i] as string, i);
    }
    const out = new Set<number>();
    const { gramOff, gramPost } = this.seg;
    for (const g of gs) {
      const i = this.gramIndex.get(g);
      if (i === undefined) continue;
      for (let k = gramOff[i] as number; k < (gramOff[i + 1] as number); k++) out.add(gramPost[k] as number);
    }
    return out;
  }

  /** Calls fn with every doc of a token in a field (abstracts only once their postings are loaded). */
  postings(token: number, field: number, fn: (doc: number) => void): void {
    if (!(((this.seg.fieldMask[token] as number) >> field) & 1)) return;
    if (field < 2) {
      const off = this.seg.postOff[field as 0 | 1];
      forEachPosting(this.seg.post[field as 0 | 1], off[token] as number, off[token + 1] as number, fn);
    } else if (this.abstracts) {
      const off = this.abstracts.postOff;
      forEachPosting(this.abstracts.post, off[token] as number, off[token + 1] as number, fn);
    }
  }

  hasField(token: number, field: number): boolean {
    return (((this.seg.fieldMask[token] as number) >> field) & 1) === 1;
  }

  /** The snapshot entry of a doc, once its chunk (or its shard) has been read; undefined before. */
  entry(doc: number): SnapEntry | undefined {
    const known = this.entries.get(doc);
    if (known) return known;
    const c = this.chunks.get(Math.floor(doc / DOC_CHUNK));
    if (!c) return undefined;
    const i = doc - c.k * DOC_CHUNK;
    return JSON.parse(DECODER.decode(c.docs.subarray(c.off[i], c.off[i + 1]))) as SnapEntry;
  }

  hasChunk(k: number): boolean {
    return this.chunks.has(k);
  }

  /** A whole doc table (a small library keeps it in the base record: one read instead of two). */
  setDocTable(t: DocTable): void {
    const n = t.docOff.length - 1;
    for (let first = 0, k = 0; first < n; first += DOC_CHUNK, k++) {
      const last = Math.min(n, first + DOC_CHUNK);
      const a = t.docOff[first] as number;
      // Views of the table's bytes, not copies.
      const off = t.docOff.subarray(first, last + 1).map((x) => x - a);
      this.chunks.set(k, { v: t.v, build: t.build, k, docs: t.docs.subarray(a, t.docOff[last]), off });
    }
  }

  setChunk(c: DocChunk): void {
    this.chunks.set(c.k, c);
  }

  idAt(doc: number): string {
    const o = this.seg.idOff;
    return this.seg.ids.slice(o[doc], (o[doc + 1] as number) - 1);
  }

  /** The first doc of each shard (docs are laid out shard by shard). */
  shardStart(shard: number): number | undefined {
    if (!this.starts) {
      this.starts = new Map();
      const s = this.seg.shard;
      for (let d = 0; d < s.length; d++) if (!this.starts.has(s[d] as number)) this.starts.set(s[d] as number, d);
    }
    return this.starts.get(shard);
  }

  /**
   * Takes a snapshot shard's entries as read from storage: the k-th is doc shardStart + k while the shard is as it
   * was at build (checked by id); after a change, entries are matched by id (papers changed since are dead in the
   * base anyway, and live in the overlay).
   */
  setShard(shard: number, entries: SnapEntry[]): void {
    const start = this.shardStart(shard);
    if (start === undefined) return;
    const s = this.seg.shard;
    let same = true;
    for (let k = 0; k < entries.length && same; k++) {
      const d = start + k;
      same = d < s.length && s[d] === shard && this.idAt(d) === (entries[k] as SnapEntry).id;
    }
    if (same) {
      for (let k = 0; k < entries.length; k++) this.entries.set(start + k, entries[k] as SnapEntry);
      return;
    }
    for (const e of entries) {
      const d = this.docOf(e.id);
      if (d !== undefined && s[d] === shard) this.entries.set(d, e);
    }
  }

  /** Doc number by paper id (built on first use: only a live change needs it). */
  docOf(id: string): number | undefined {
    if (!this.byId) {
      this.byId = new Map();
      const ids = this.seg.ids ? this.seg.ids.split('\n') : [];
      for (let i = 0; i < ids.length; i++) this.byId.set(ids[i] as string, i);
    }
    return this.byId.get(id);
  }
}

/** fold() is re-exported for callers that compare tags the way the index does. */
export { fold };
