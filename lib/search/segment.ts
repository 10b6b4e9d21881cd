/**
 * The persisted search index (issue 12): a compact, immutable "base segment" of the whole library, built by the
 * background and stored in IndexedDB as strings and typed arrays, so that a view loads it in a few milliseconds
 * (a structured-clone copy) instead of indexing 100,000 papers at open. Changes since it was built live in a
 * small in-memory overlay (lib/search/index.ts); the background rebuilds the base now and then, never per change.
 *
 * A base is two records, read in parallel: what a typed query needs first (BaseSegment: the words, their trigrams and
 * where each word's postings are) and the doc ids and orders (BaseIds, ~2.5 MB), which a change or a listing needs.
 * A query typed at once is answered from the first (a "quick" search) while the second is still on its way. The
 * postings themselves are blocks of their own (PostBlock), read as a query's words ask for them: a view waits for
 * the bytes of the base it reads (IndexedDB hands them over at ~5 ms per MB on a page still loading), and with a real
 * library's vocabulary (scripts/corpus.ts realVocabularyOf) at 100,000 papers the postings were 4.2 MB of an 8.1 MB
 * base, of which a query reads a few blocks (npm run bench's 30 typo queries read 146 of 186 between them).
 *
 * Layout (token ids are positions in the sorted vocabulary; doc numbers are 0..n-1):
 *   BaseSegment
 *   flags            starred/tagged bits (filters skip docs without reading them)
 *   shard            each doc's storage shard (a shard written since the build has its docs replaced)
 *   vocab            sorted tokens joined by "\n"; fieldMask: which fields each token occurs in
 *   postStart        the first token of each PostBlock (and the vocabulary's size last)
 *   PostBlock k      ascending doc numbers per token and field (0 title, 1 authors/tags/keywords/note) of tokens
 *                    postStart[k]..postStart[k+1]-1, as delta-varints (~16 KB a block); the abstracts' postings
 *                    (field 2) are a record of their own, loaded after first paint
 *   grams            trigram → tokens (ascending, delta-varints), for typo matches
 *   BaseIds
 *   ids              each doc's paper id. Docs are numbered in id order (code units), so a
 *                    paper's doc is found by binary search, and a quick search (ids not read yet) breaks score
 *                    ties by doc number exactly as the full index does by id
 *   order            doc numbers in the library's default order (starred first, then most recent)
 *   (DocChunk)       the snapshot entries packed (lib/library/snap-pack.ts) as UTF-8 JSON bytes, DOC_CHUNK docs per stored record: a query reads
 *                    the chunks of its candidates and decodes only the docs it shows (reading all of them at
 *                    open took ~140 ms at 100,000 papers); without them, entries come from storage.local's shards
 * Tokenisation is exactly the in-memory index's (tokensOf), so a base plus overlay answers as a rebuilt index.
 */
import type { SnapEntry } from '../library/schema';
import { unpackEntry } from '../library/snap-pack';
import { fold, words } from './normalize';
import { shareValues } from './shared-values';

/** v9: a doc chunk's entries are packed (lib/library/snap-pack.ts: arrays without field names), ~30% fewer bytes.
 * v8: the title and meta postings are blocks of their own (PostBlock), read as queries need them. v7: the trigram
 * lists are delta-varints (were 4 bytes a word: 3.1 MB of a 10 MB base with a real library's 121,000 words at 100,000
 * papers). v6: 64 docs per chunk (was 16). v5: the ids and orders are a record of their own
 * (BaseIds). v4 (issue 14): the date column ranks by a paper's date, and doc chunks carry the reading queue's fields.
 * An index of an older version is rebuilt, never read. */
export const SEGMENT_VERSION = 9;
/** Docs per stored chunk of the doc table (~22 KB): a query reads the chunks of its ~100 candidates, not 30 MB; four
 * times fewer records than 16 per chunk for every build to write and delete (lib/library/index-db.ts). */
export const DOC_CHUNK = 64;

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
  /** bit 0: starred, bit 1: has tags. */
  flags: Uint8Array;
  /** Each doc's storage shard. */
  shard: Uint32Array;
  vocab: string;
  /** Where each token starts in `vocab` (m + 1 entries). */
  vocabOff: Uint32Array;
  fieldMask: Uint8Array;
  /** The first token of each post block, then the vocabulary's size (blocks + 1 entries, ascending). */
  postStart: Uint32Array;
  grams: string;
  gramOff: Uint32Array;
  /** Each trigram's token ids, ascending, as delta-varints (gramOff: where each trigram's list starts). */
  gramPost: Uint8Array;
}

/** The ids and orders of a base's docs (a record of their own: a typed query does not wait for them). */
export interface BaseIds {
  v: typeof SEGMENT_VERSION;
  build: string;
  /** Paper ids in doc order, joined by "\n" (ids never hold a line break). */
  ids: string;
  /** Where each id starts in `ids` (n + 1 entries): an id is read without splitting 100,000 of them. */
  idOff: Uint32Array;
  order: Uint32Array;
}

/** Checks an ids record read back from IndexedDB against the base it is paired with. */
export function isBaseIds(v: unknown, base: BaseSegment): v is BaseIds {
  if (!sameBuild<BaseIds>(v, base)) return false;
  const n = base.n;
  const last = (a: Uint32Array) => a[a.length - 1];
  const below = (a: Uint32Array) => a.every((x) => x < n);
  return (
    typeof v.ids === 'string' &&
    v.idOff instanceof Uint32Array &&
    v.idOff.length === n + 1 &&
    last(v.idOff) === v.ids.length + 1 &&
    v.order instanceof Uint32Array &&
    v.order.length === n &&
    below(v.order)
  );
}

export interface AbstractPostings {
  v: typeof SEGMENT_VERSION;
  build: string;
  post: Uint8Array;
  postOff: Uint32Array;
}

/**
 * One table column's order over the base docs (lib/library/sort.ts): each doc's position, read when a view sorts,
 * and the tie bits of its positions (absent from records stored before them: a descending sort then compares values).
 */
export interface SortRanks {
  v: typeof SEGMENT_VERSION;
  build: string;
  key: string;
  rank: Uint32Array;
  tie?: Uint8Array;
}

export function isSortRanks(v: unknown, base: BaseSegment, key: string): v is SortRanks {
  return (
    sameBuild<SortRanks>(v, base) &&
    v.key === key &&
    v.rank instanceof Uint32Array &&
    // (Ranks past the base are not looked for here, a pass over every paper at the first sort: sortPapers merges a
    // paper whose rank is out of range by value.)
    v.rank.length === base.n &&
    (v.tie === undefined || (v.tie instanceof Uint8Array && v.tie.length === Math.ceil(base.n / 8)))
  );
}

export interface DocTable {
  v: typeof SEGMENT_VERSION;
  build: string;
  docs: Uint8Array;
  docOff: Uint32Array;
}

/** A record of this version and of the same build as `base` (records of another build are never paired). */
function sameBuild<T>(v: unknown, base: BaseSegment): v is Partial<T> & { v: number; build: string } {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as { v?: unknown; build?: unknown };
  return r.v === SEGMENT_VERSION && r.build === base.build;
}

export function isDocTable(v: unknown, base: BaseSegment): v is DocTable {
  return (
    sameBuild<DocTable>(v, base) &&
    v.docs instanceof Uint8Array &&
    v.docOff instanceof Uint32Array &&
    v.docOff.length === base.n + 1
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

/** Chunk k of a doc table: its docs' bytes (a view, or a copy for storage) and their offsets. */
export function chunkOf(t: DocTable, k: number, copy: boolean): DocChunk {
  const n = t.docOff.length - 1;
  const first = k * DOC_CHUNK;
  const last = Math.min(n, first + DOC_CHUNK);
  const a = t.docOff[first] as number;
  const off = t.docOff.slice(first, last + 1).map((x) => x - a);
  const docs = copy ? t.docs.slice(a, t.docOff[last]) : t.docs.subarray(a, t.docOff[last]);
  return { v: SEGMENT_VERSION, build: t.build, k, docs, off };
}

export function isDocChunk(v: unknown, base: BaseSegment): v is DocChunk {
  return (
    sameBuild<DocChunk>(v, base) &&
    typeof v.k === 'number' &&
    v.docs instanceof Uint8Array &&
    v.off instanceof Uint32Array &&
    v.off.length === Math.min(DOC_CHUNK, base.n - v.k * DOC_CHUNK) + 1
  );
}

/** The title (0) and meta (1) postings of the tokens postStart[k]..postStart[k + 1] - 1 of a base. */
export interface PostBlock {
  v: typeof SEGMENT_VERSION;
  build: string;
  k: number;
  post: [Uint8Array, Uint8Array];
  /** Per field, where each of the block's tokens' postings start in `post[f]`, then the end. */
  postOff: [Uint32Array, Uint32Array];
}

/** Target bytes of a post block: a query's few dozen words read a few dozen blocks, not the whole postings. */
export const POST_BLOCK_BYTES = 16 * 1024;

/** Checks a post block read back from IndexedDB against its base (a damaged list is clamped as it is read). */
export function isPostBlock(v: unknown, base: BaseSegment): v is PostBlock {
  if (!sameBuild<PostBlock>(v, base) || typeof v.k !== 'number') return false;
  const k = v.k;
  const starts = base.postStart;
  if (!Number.isInteger(k) || k < 0 || k + 1 >= starts.length) return false;
  const count = (starts[k + 1] as number) - (starts[k] as number);
  const { post, postOff } = v;
  return (
    Array.isArray(post) &&
    Array.isArray(postOff) &&
    post.length === 2 &&
    postOff.length === 2 &&
    post.every((p) => p instanceof Uint8Array) &&
    postOff.every((o, f) => o instanceof Uint32Array && o.length === count + 1 && o[count] === post[f]?.length)
  );
}

/** Thrown by a search over a base segment that needs what is not read yet: snapshot entries, or post blocks (read
 * by lib/library/base-reads.ts readChunks and readBlocks). */
export class MissingDocs extends Error {
  override name = 'MissingDocs';
  constructor(
    readonly docs: number[],
    readonly blocks: number[] = [],
  ) {
    super(`${docs.length} snapshot entries and ${blocks.length} post blocks not read yet`);
  }
}

/** Calls fn with each doc number of one postings list. */
export function forEachPosting(bytes: Uint8Array, from: number, end: number, fn: (doc: number) => void): void {
  let doc = 0;
  let i = from;
  // A damaged offset never reads past the bytes there are.
  const to = Math.min(end, bytes.length);
  while (i < to) {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[i++] as number;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80 && i < to);
    doc += v;
    fn(doc);
  }
}

/** Calls fn with each token id of trigram i's list, ascending; a list damaged past the vocabulary stops there. */
export function forEachGramToken(s: BaseSegment, i: number, fn: (id: number) => void): void {
  const m = s.fieldMask.length;
  const to = Math.min(s.gramOff[i + 1] as number, s.gramPost.length);
  let id = 0;
  for (let k = s.gramOff[i] as number; k < to; ) {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = s.gramPost[k++] as number;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80 && k < to);
    id += v;
    if (id >= m) return;
    fn(id);
  }
}

/** Checks a segment read back from IndexedDB (it may be from an older build, damaged, or not ours). */
export function isBaseSegment(v: unknown): v is BaseSegment {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<BaseSegment>;
  const ok =
    s.v === SEGMENT_VERSION &&
    typeof s.build === 'string' &&
    typeof s.n === 'number' &&
    s.vocabOff instanceof Uint32Array &&
    typeof s.vocab === 'string' &&
    typeof s.grams === 'string' &&
    s.flags instanceof Uint8Array &&
    s.flags.length === s.n &&
    s.shard instanceof Uint32Array &&
    s.shard.length === s.n &&
    s.fieldMask instanceof Uint8Array &&
    s.postStart instanceof Uint32Array &&
    s.gramOff instanceof Uint32Array &&
    s.gramPost instanceof Uint8Array;
  return ok && consistent(s as BaseSegment);
}

/**
 * The parts agree with each other (a truncated or damaged record is refused, and the view indexes the library
 * itself): every offset table ends where its data ends, every doc and token number is in range. (A trigram list's
 * words are checked as they are read: one past the vocabulary is skipped, see forEachGramToken.)
 */
function consistent(s: BaseSegment): boolean {
  const m = s.fieldMask.length;
  const last = (a: Uint32Array) => a[a.length - 1];
  return (
    s.vocabOff.length === m + 1 &&
    last(s.vocabOff) === s.vocab.length + 1 &&
    s.postStart.length >= 1 &&
    s.postStart[0] === 0 &&
    last(s.postStart) === m &&
    s.postStart.every((x, i) => i === 0 || x > (s.postStart[i - 1] as number)) &&
    last(s.gramOff) === s.gramPost.length
  );
}

export function isAbstractPostings(v: unknown, base: BaseSegment): v is AbstractPostings {
  return (
    sameBuild<AbstractPostings>(v, base) &&
    v.post instanceof Uint8Array &&
    v.postOff instanceof Uint32Array &&
    v.postOff.length === base.fieldMask.length + 1
  );
}

const DECODER = new TextDecoder();

/** A doc chunk decoded to text in one call, with each doc's offset in that text. */
interface DecodedChunk {
  c: DocChunk;
  text: string;
  at: Uint32Array;
}

/**
 * Decodes a chunk's 16 docs in one call (a TextDecoder call per doc was a fifth of a 100,000-paper listing) and
 * finds each doc's start in the text: the bytes' offsets where all is ASCII, else UTF-16 units counted from the
 * UTF-8 lead bytes. Bytes that are not the UTF-8 the writer made (the counts disagree) are decoded a doc at a time.
 */
function decodeChunk(c: DocChunk): DecodedChunk | undefined {
  const { docs, off } = c;
  const text = DECODER.decode(docs.subarray(0, off[off.length - 1]));
  if (text.length === off[off.length - 1]) return { c, text, at: off };
  const at = new Uint32Array(off.length);
  let units = 0;
  let i = 0;
  for (let j = 0; j < off.length; j++) {
    const end = off[j] as number;
    for (; i < end; i++) {
      const b = docs[i] as number;
      if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
    }
    at[j] = units;
  }
  return units === text.length ? { c, text, at } : undefined;
}

/** Read access to a loaded segment: token lookup, prefix ranges, trigram candidates, postings, docs. */
export class SegmentView {
  private gramIndex: Map<string, number> | undefined;
  /** Per token, the trigrams it shares with a query's word (zero between queries: gramShared). */
  private gramCounts: Uint32Array | undefined;
  private readonly entries = new Map<number, SnapEntry>();
  private readonly chunks = new Map<number, DocChunk>();
  /** The post blocks read so far, by number. */
  private readonly blocks: (PostBlock | undefined)[] = [];
  abstracts: AbstractPostings | undefined;
  private idsPart: BaseIds | undefined;

  /**
   * `ids` may come later (setIds): until then only a typed query over the base alone can run (a quick search).
   * `posts`: post blocks at hand (a small library's ride in its base record); the others are read as asked
   * (MissingDocs).
   */
  constructor(
    readonly seg: BaseSegment,
    ids?: BaseIds,
    posts: readonly PostBlock[] = [],
  ) {
    this.idsPart = ids;
    for (const b of posts) this.setPostBlock(b);
  }

  /** How many post blocks the base has. */
  get blockCount(): number {
    return this.seg.postStart.length - 1;
  }

  /** The post block holding a token's postings (binary search in postStart). */
  blockOf(token: number): number {
    const starts = this.seg.postStart;
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= token) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether a token's title and meta postings are in memory. */
  hasPostings(token: number): boolean {
    return this.blocks[this.blockOf(token)] !== undefined;
  }

  hasBlock(k: number): boolean {
    return this.blocks[k] !== undefined;
  }

  /** Takes a post block (checked by the caller: isPostBlock). */
  setPostBlock(b: PostBlock): void {
    this.blocks[b.k] = b;
  }

  get hasIds(): boolean {
    return this.idsPart !== undefined;
  }

  setIds(ids: BaseIds): void {
    this.idsPart = ids;
  }

  private get ids(): BaseIds {
    if (!this.idsPart) throw new Error('the base ids are not loaded yet');
    return this.idsPart;
  }

  /** Doc numbers in the library's default order. */
  get order(): Uint32Array {
    return this.ids.order;
  }

  /** The storage shard a doc was read from. */
  shardOf(doc: number): number {
    return this.seg.shard[doc] as number;
  }

  /**
   * Calls fn with each doc of these storage shards: shard by shard, each one's docs in doc order. It runs in a view
   * just opened, before the JIT has compiled anything: no call per doc of the base (a callback per doc took 30 ms
   * there at 100,000 papers), and no loop in script over them either (~1.5 ms cold in Node at 100,000 papers, on the
   * way to a cold popup's first answer): the typed array's own indexOf finds each shard's docs (0.15 ms).
   */
  forDocsOfShards(shards: Iterable<number>, fn: (doc: number) => void): void {
    const shardOf = this.seg.shard;
    const docs = this.n;
    for (const n of new Set(shards)) {
      for (let d = shardOf.indexOf(n); d !== -1 && d < docs; d = shardOf.indexOf(n, d + 1)) fn(d);
    }
  }

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

  /**
   * A trigram's number. The build lists the trigrams sorted, each three UTF-16 units followed by a newline, so the
   * k-th starts at 4k and one is found by a binary search in the string itself: nothing is made at open (a Map of a
   * real library's ~20,000 trigrams took 2.5–3 ms of a cold popup's first query). A list not so laid out (none is
   * written, but the check is cheap) is read into a Map once.
   */
  private gramNumber(g: string): number | undefined {
    const keys = this.seg.grams;
    const count = this.seg.gramOff.length - 1;
    if (this.gramIndex === undefined && (count <= 0 ? keys.length === 0 : keys.length === 4 * count - 1)) {
      if (g.length !== 3) return undefined;
      let lo = 0;
      let hi = count;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const k = keys.slice(4 * mid, 4 * mid + 3);
        if (k < g) lo = mid + 1;
        else if (k > g) hi = mid;
        else return mid;
      }
      return undefined;
    }
    if (!this.gramIndex) {
      this.gramIndex = new Map();
      const list = keys ? keys.split('\n') : [];
      for (let i = 0; i < list.length; i++) this.gramIndex.set(list[i] as string, i);
    }
    return this.gramIndex.get(g);
  }

  /** Token ids sharing a trigram with one of `gs`. */
  gramTokens(gs: Iterable<string>): Set<number> {
    const out = new Set<number>();
    for (const g of gs) {
      const i = this.gramNumber(g);
      if (i !== undefined) forEachGramToken(this.seg, i, (id) => out.add(id));
    }
    return out;
  }

  /**
   * Calls fn with each token id sharing at least `least` of the distinct trigrams `gs`, and how many it shares:
   * counted over the trigram lists, so a token sharing fewer (most of them, in a real library's 100,000+ words) is
   * never read as a string.
   */
  gramShared(gs: Set<string>, least: number, fn: (id: number, shared: number) => void): void {
    const { gramOff, gramPost } = this.seg;
    const m = this.tokenCount;
    this.gramCounts ??= new Uint32Array(m);
    const counts = this.gramCounts;
    const touched: number[] = [];
    for (const g of gs) {
      const i = this.gramNumber(g);
      if (i === undefined) continue;
      // forEachGramToken inlined: the hot loop of a typed query with a typo (no call per word).
      const to = Math.min(gramOff[i + 1] as number, gramPost.length);
      let id = 0;
      for (let k = gramOff[i] as number; k < to; ) {
        let v = 0;
        let shift = 0;
        let b: number;
        do {
          b = gramPost[k++] as number;
          v += (b & 0x7f) * 2 ** shift;
          shift += 7;
        } while (b & 0x80 && k < to);
        id += v;
        if (id >= m) break;
        if (counts[id] === 0) touched.push(id);
        counts[id] = (counts[id] as number) + 1;
      }
    }
    // Zeroed for the next query before any word is handed on.
    const found: number[] = [];
    for (const id of touched) {
      const c = counts[id] as number;
      counts[id] = 0;
      if (c >= least) found.push(id, c);
    }
    for (let k = 0; k < found.length; k += 2) fn(found[k] as number, found[k + 1] as number);
  }

  /**
   * Calls fn with every doc of a token in a field (abstracts only once their postings are loaded). A title or meta
   * list whose post block is not read yet throws MissingDocs naming that block (callers ask hasPostings first).
   */
  postings(token: number, field: number, fn: (doc: number) => void): void {
    if (!(((this.seg.fieldMask[token] as number) >> field) & 1)) return;
    if (field < 2) {
      const k = this.blockOf(token);
      const b = this.blocks[k];
      if (!b) throw new MissingDocs([], [k]);
      const off = b.postOff[field as 0 | 1];
      const i = token - (this.seg.postStart[k] as number);
      forEachPosting(b.post[field as 0 | 1], off[i] as number, off[i + 1] as number, fn);
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
    const e = unpackEntry(JSON.parse(DECODER.decode(c.docs.subarray(c.off[i], c.off[i + 1]))));
    if (!e) throw new Error(`doc ${doc} is not a packed entry`);
    return shareValues(e);
  }

  /**
   * The entries of many docs (ascending, each one `has`), each chunk decoded once for all its docs asked: the
   * listing of a whole library reads every doc this way (a decode per doc was a fifth of its time).
   */
  eachEntry(docs: ArrayLike<number>, fn: (doc: number, entry: SnapEntry) => void): void {
    let t: DecodedChunk | undefined;
    let tried: DocChunk | undefined;
    for (let x = 0; x < docs.length; x++) {
      const doc = docs[x] as number;
      const known = this.entries.get(doc);
      if (known) {
        fn(doc, known);
        continue;
      }
      const c = this.chunks.get(Math.floor(doc / DOC_CHUNK));
      if (!c) continue;
      if (tried !== c) {
        tried = c;
        t = decodeChunk(c);
      }
      const i = doc - c.k * DOC_CHUNK;
      let e: SnapEntry | undefined;
      if (t) {
        try {
          const u = unpackEntry(JSON.parse(t.text.slice(t.at[i], t.at[i + 1])));
          if (u) e = shareValues(u);
        } catch {
          // Damaged bytes elsewhere in the chunk may have shifted the offsets: this doc alone, as it was written.
        }
      }
      fn(doc, e ?? (this.entry(doc) as SnapEntry));
    }
  }

  /** Whether a doc's entry can be had without a read (its chunk or its shard is in memory): nothing is decoded. */
  has(doc: number): boolean {
    return this.entries.has(doc) || this.chunks.has(Math.floor(doc / DOC_CHUNK));
  }

  hasChunk(k: number): boolean {
    return this.chunks.has(k);
  }

  /** A whole doc table (a small library keeps it in the base record: one read instead of two). */
  setDocTable(t: DocTable): void {
    const chunks = Math.ceil((t.docOff.length - 1) / DOC_CHUNK);
    for (let k = 0; k < chunks; k++) this.chunks.set(k, chunkOf(t, k, false));
  }

  setChunk(c: DocChunk): void {
    this.chunks.set(c.k, c);
  }

  /** Lets a chunk's bytes go: the caller holds every one of its docs decoded, and asks for none of them again. */
  dropChunk(k: number): void {
    this.chunks.delete(k);
  }

  idAt(doc: number): string {
    const { idOff: o, ids } = this.ids;
    return ids.slice(o[doc], (o[doc + 1] as number) - 1);
  }

  /**
   * Takes a snapshot shard's entries as read from storage: each is its doc's entry while the base holds the paper in
   * that shard (papers changed since are dead in the base anyway, and live in the overlay).
   */
  setShard(shard: number, entries: SnapEntry[]): void {
    const s = this.seg.shard;
    for (const e of entries) {
      const d = this.docOf(e.id);
      if (d !== undefined && s[d] === shard) this.entries.set(d, e);
    }
  }

  /** Doc number by paper id (built on first use: only a live change needs it). */
  docOf(id: string): number | undefined {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.idAt(mid);
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }
}

/** fold() is re-exported for callers that compare tags the way the index does. */
export { fold };
