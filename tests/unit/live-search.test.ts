/**
 * Issue 12: a persisted base segment plus one-paper-at-a-time changes answers exactly as an index rebuilt over the
 * current papers — for any sequence of changes (stars, tags, notes, new titles, new and removed papers, abstracts
 * known or not), every kind of query, and after the segment has gone through structured clone (IndexedDB).
 */
import { describe, expect, it, vi } from 'vitest';
import { type SnapEntry, snapOrder, toSnapEntry } from '../../lib/library/schema';
import { unpackEntry } from '../../lib/library/snap-pack';
import { createSearch, docFromSnap, MissingDocs, type Search } from '../../lib/search/index';
import {
  chunkOf,
  DOC_CHUNK,
  type DocChunk,
  grams,
  isAbstractPostings,
  isBaseIds,
  isBaseSegment,
  isPostBlock,
  metaText,
  type PostBlock,
  SegmentView,
  tokensOf,
} from '../../lib/search/segment';
import { buildSegment } from '../../lib/search/segment-build';
import { libraryOf, realVocabularyOf } from '../../scripts/corpus';
import { loadSeed } from '../../scripts/seed';

const seed = loadSeed();
const QUERIES = [
  'weight normalization',
  'wieght normalisation',
  'transfromer acceleraton',
  'diffusion',
  'd',
  'di',
  'zhang',
  'jurgen schmidhuber',
  'reading',
  'is:starred',
  'is:unstarred graph',
  'tag:rl',
  'tag:read',
  'tag:reading model',
  'site:hf',
  'site:arxiv language',
  '"language models"',
  'reinforcement learning -robot',
  'brand new words',
  'zzyzx',
  'quantum glyph',
  'note:ignored hybrid',
  '',
];

/** A tiny deterministic random generator (the same sequence every run). */
function rng(seedValue: number) {
  let s = seedValue >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A search whose view reads its post blocks as asked (MissingDocs), as a view does from IndexedDB: the reader. */
const blockReaders = new WeakMap<Search<SnapEntry>, (e: MissingDocs) => void>();

function answers(s: Search<SnapEntry>): string[] {
  const read = blockReaders.get(s);
  const ask = (q: string) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return s.search(q, { limit: 40 });
      } catch (e) {
        if (!read || !(e instanceof MissingDocs) || e.docs.length || attempt > 20) throw e;
        read(e);
      }
    }
  };
  return QUERIES.map((q) =>
    JSON.stringify(ask(q).map((h) => [h.item.id, h.item.starred, h.item.tags, +h.score.toFixed(9)])),
  );
}

function rebuilt(entries: Map<string, SnapEntry>, abstracts: Map<string, string>): Search<SnapEntry> {
  const s = createSearch([...entries.values()], docFromSnap);
  s.indexAbstracts(Number.POSITIVE_INFINITY, (e) => abstracts.get(e.id));
  s.setAbstractSource((id) => abstracts.get(id));
  return s;
}

const blocksRead: number[] = [];
let blockTotal = 0;
let readRounds = 0;

describe('live search (base segment + overlay)', () => {
  const papers = libraryOf(seed, 600);
  const entries = new Map(papers.map((p) => [p.id, toSnapEntry(p)]));
  const abstracts = new Map(papers.map((p) => [p.id, p.abstract ?? '']));
  const shardOf = new Map(papers.map((p, i) => [p.id, Math.floor(i / 100)]));

  /** What a view reads from storage.local: each shard's entries, in the shard's order. */
  function readAll(view: SegmentView) {
    const byShard = new Map<number, SnapEntry[]>();
    for (const e of entries.values()) {
      const n = shardOf.get(e.id) ?? 0;
      byShard.set(n, [...(byShard.get(n) ?? []), e]);
    }
    for (const [n, list] of byShard) view.setShard(n, list);
  }

  /** `lazy`: the view starts with no post block, and reads each as a query asks for it (counted in `blocksRead`). */
  function loadBase(lazy = false) {
    const built = buildSegment(
      [...entries.values()].map((entry) => ({
        entry,
        shard: shardOf.get(entry.id) ?? 0,
        abstract: abstracts.get(entry.id),
      })),
      snapOrder,
      undefined,
      lazy ? 256 : undefined,
    );
    // What a view gets back from IndexedDB.
    const base = structuredClone(built.base);
    const ids = structuredClone(built.ids);
    const abs = structuredClone(built.abstracts);
    const posts = structuredClone(built.posts);
    expect(isBaseSegment(base)).toBe(true);
    expect(isBaseIds(ids, base)).toBe(true);
    expect(isAbstractPostings(abs, base)).toBe(true);
    expect(posts.every((b) => isPostBlock(b, base))).toBe(true);
    const view = new SegmentView(base, ids, lazy ? [] : posts);
    readAll(view);
    const s = createSearch<SnapEntry>([], docFromSnap, { base: view, fromEntry: (e) => e });
    blockTotal = posts.length;
    if (lazy)
      blockReaders.set(s, (e) => {
        expect(e.blocks.length).toBeGreaterThan(0);
        readRounds++;
        for (const k of e.blocks) {
          expect(view.hasBlock(k)).toBe(false);
          view.setPostBlock(posts[k] as PostBlock);
          blocksRead.push(k);
        }
      });
    s.setBaseAbstracts(abs);
    s.setAbstractSource((id) => abstracts.get(id));
    return s;
  }

  it("finds each paper's doc by id without a map over the whole base (binary search over the sorted ids)", () => {
    const built = buildSegment(
      [...entries.values()].map((entry) => ({ entry, shard: shardOf.get(entry.id) ?? 0 })),
      snapOrder,
    );
    const view = new SegmentView(structuredClone(built.base), structuredClone(built.ids), structuredClone(built.posts));
    for (let d = 0; d < view.n; d++) expect(view.docOf(view.idAt(d))).toBe(d);
    for (const absent of ['', '0000.00000', 'zzzz', `${view.idAt(0)}x`]) expect(view.docOf(absent)).toBeUndefined();
  });

  it('answers as a rebuilt index before any change', () => {
    expect(answers(loadBase())).toEqual(answers(rebuilt(entries, abstracts)));
  });

  it('after any sequence of changes, answers as an index rebuilt over the current papers', () => {
    for (const seedValue of [1, 2, 3]) {
      const live = loadBase(seedValue === 3);
      const now = new Map(entries);
      const abs = new Map(abstracts);
      live.setAbstractSource((id) => abs.get(id));
      const random = rng(seedValue);
      const ids = () => [...now.keys()];
      for (let step = 0; step < 150; step++) {
        const r = random();
        const id = ids()[Math.floor(random() * now.size)] as string;
        const e = now.get(id) as SnapEntry;
        if (r < 0.3) {
          const next = { ...e, starred: !e.starred, starredAt: `2026-05-${String(step % 28).padStart(2, '0')}` };
          now.set(id, next);
          live.upsert(next); // a snapshot entry: no abstract, the paper keeps its abstract words
        } else if (r < 0.5) {
          const tags = random() < 0.5 ? [...e.tags, ['rl', 'reading', 'graph theory'][step % 3] as string] : [];
          const next = { ...e, tags: [...new Set(tags)] };
          now.set(id, next);
          live.upsert(next);
        } else if (r < 0.6) {
          const next = { ...e, note: random() < 0.5 ? 'hybrid note with brand new words' : undefined };
          if (!next.note) delete next.note;
          now.set(id, next);
          live.upsert(next);
        } else if (r < 0.7) {
          const next = { ...e, title: `${e.title} quantum glyph ${step}` };
          const text = `A changed abstract about zzyzx and diffusion ${step}`;
          now.set(id, next);
          abs.set(id, text);
          live.upsert(next, text); // an upsert that brings its abstract
        } else if (r < 0.85) {
          const p = libraryOf(seed, 700 + step)[699 + step];
          if (!p || now.has(p.id)) continue;
          const entry = toSnapEntry(p);
          now.set(p.id, entry);
          abs.set(p.id, p.abstract ?? '');
          live.upsert(entry, p.abstract ?? '');
        } else {
          now.delete(id);
          abs.delete(id);
          live.remove(id);
        }
        if (step % 25 === 24)
          expect(answers(live), `seed ${seedValue}, step ${step}`).toEqual(answers(rebuilt(now, abs)));
      }
      expect(live.size).toBe(now.size);
    }
  });

  it('post blocks read as queries ask for them (MissingDocs) give the answers of a rebuilt index, reading some only', () => {
    blocksRead.length = 0;
    readRounds = 0;
    const live = loadBase(true);
    // Every word of a query (its completions and near spellings too) asks for its blocks at once: one read.
    for (const q of ['wieght normalisation', 'transfromer acceleraton']) {
      readRounds = 0;
      const before = blocksRead.length;
      for (;;) {
        try {
          live.search(q, { limit: 40 });
          break;
        } catch (e) {
          (blockReaders.get(live) as (e: MissingDocs) => void)(e as MissingDocs);
        }
      }
      expect(readRounds, q).toBe(1);
      expect(blocksRead.length - before, q).toBeGreaterThan(0);
    }
    expect(blocksRead.length).toBeLessThan(blockTotal);
    expect(answers(live)).toEqual(answers(rebuilt(entries, abstracts)));
    // Dead base docs (a changed shard): a word's liveness needs its block too, read in further rounds.
    const now = new Map(entries);
    for (const [id, shard] of shardOf) {
      if (shard !== 1) continue;
      const e = { ...(now.get(id) as SnapEntry), title: 'Retitled', tags: ['dropped'] };
      now.set(id, e);
      live.upsert(e, abstracts.get(id) ?? '');
    }
    expect(answers(live)).toEqual(answers(rebuilt(now, abstracts)));
  });

  it('a word whose papers are all gone takes no completion slot, though its post block was not read yet', () => {
    // A three-letter prefix completes to its 60 shortest live words: the shortest ones' papers are removed, so an
    // index that took an unread word as live would fill those slots with dead words (and find fewer papers).
    const words = new Map<string, Set<string>>();
    for (const e of entries.values()) {
      const meta = metaText(e.authors, e.tags, [], '');
      const all = [...tokensOf(0, e.title), ...tokensOf(1, meta), ...tokensOf(2, abstracts.get(e.id) ?? '')];
      for (const w of all) words.set(w, (words.get(w) ?? new Set()).add(e.id));
    }
    const prefixes = new Map<string, string[]>();
    for (const w of words.keys())
      if (w.length > 3) prefixes.set(w.slice(0, 3), [...(prefixes.get(w.slice(0, 3)) ?? []), w]);
    const [prefix, list] = [...prefixes].sort((a, b) => b[1].length - a[1].length)[0] as [string, string[]];
    expect(list.length).toBeGreaterThan(60);
    // The shortest words (those completions take first), as many as leave half the papers: their papers go.
    const gone = new Set<string>();
    let dead = 0;
    for (const w of [...list].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) {
      const ids = words.get(w) ?? new Set<string>();
      if (gone.size + [...ids].filter((id) => !gone.has(id)).length > entries.size / 2) continue;
      for (const id of ids) gone.add(id);
      if (++dead === 12) break;
    }
    expect(dead).toBe(12);
    const now = new Map([...entries].filter(([id]) => !gone.has(id)));
    const lazy = loadBase(true);
    for (const id of gone) lazy.remove(id);
    const ask = (s: Search<SnapEntry>) => {
      for (;;) {
        try {
          return s.search(prefix, { limit: 200 }).map((h) => h.item.id);
        } catch (e) {
          blockReaders.get(s)?.(e as MissingDocs);
        }
      }
    };
    const want = ask(rebuilt(now, abstracts));
    expect(want.length).toBeGreaterThan(0);
    expect(ask(lazy)).toEqual(want);
  });

  it('a changed storage shard: its current papers take the place of the base ones', () => {
    const live = loadBase(true);
    const now = new Map(entries);
    for (const [id, shard] of shardOf) {
      if (shard !== 2) continue;
      const e = { ...(now.get(id) as SnapEntry), tags: ['dropped'] };
      now.set(id, e);
      live.upsert(e, abstracts.get(id) ?? '');
    }
    expect(answers(live)).toEqual(answers(rebuilt(now, abstracts)));
    expect(live.search('tag:dropped', { limit: 500 })).toHaveLength(100);
  });

  it('asks for the entries it has not read (MissingDocs), and answers once they are there', () => {
    const built = buildSegment(
      [...entries.values()].map((entry) => ({ entry, shard: shardOf.get(entry.id) ?? 0 })),
      snapOrder,
    );
    const view = new SegmentView(built.base, built.ids, built.posts);
    const s = createSearch<SnapEntry>([], docFromSnap, { base: view, fromEntry: (e) => e });
    let missing: number[] = [];
    try {
      s.search('zhang', { limit: 10 });
    } catch (e) {
      expect(e).toBeInstanceOf(MissingDocs);
      missing = (e as MissingDocs).docs;
    }
    expect(missing.length).toBeGreaterThan(0);
    readAll(view);
    expect(s.search('zhang', { limit: 10 })).toHaveLength(10);
  });

  it('finds a paper by title with a typo before the abstract postings are loaded', () => {
    const built = buildSegment(
      [...entries.values()].map((entry) => ({ entry, shard: 0, abstract: abstracts.get(entry.id) })),
      snapOrder,
    );
    const view = new SegmentView(built.base, built.ids, built.posts);
    view.setShard(0, [...entries.values()]);
    const s = createSearch<SnapEntry>([], docFromSnap, { base: view, fromEntry: (e) => e });
    const target = papers[417] as (typeof papers)[number];
    const typo = target.title.split(' ').slice(0, 3).join(' ').replace(/e/, 'ee');
    expect(s.search(typo, { limit: 5 }).map((h) => h.item.id)).toContain(target.id);
  });

  it("reads each doc's entry from its chunk, one at a time or a chunk at a time, whatever its characters; a damaged doc spoils no other", () => {
    // Titles in one chunk with 1-, 2-, 3- and 4-byte UTF-8 characters (a listing decodes a chunk in one call and
    // finds each doc in the text by counting characters), and chunks all ASCII.
    const titles = ['Plain ASCII', 'Schrödinger bridges', '注意力机制', 'Emoji 🧪 in titles 🚀', 'ﬁ ligature ∑'];
    // Two whole chunks and part of a third.
    const list = papers.slice(0, 2 * DOC_CHUNK + 8).map((p, i) => ({
      entry: {
        ...toSnapEntry(p),
        title: i < 16 ? `${titles[i % titles.length]} ${i}` : p.title.replace(/[^ -~]/g, ''),
      },
      shard: 0,
    }));
    const built = buildSegment(list, snapOrder);
    const chunks = Math.ceil(built.base.n / DOC_CHUNK);
    const viewOf = (damage?: (c: DocChunk) => void) => {
      const v = new SegmentView(built.base, built.ids, built.posts);
      for (let k = 0; k < chunks; k++) {
        const c = { ...chunkOf(built.docs, k, true), build: built.base.build };
        if (k === 0) damage?.(c);
        v.setChunk(c);
      }
      return v;
    };
    const view = viewOf();
    const byId = new Map(list.map((x) => [x.entry.id, x.entry]));
    const docs = [...Array(built.base.n).keys()];
    expect(new TextDecoder().decode(chunkOf(built.docs, 0, true).docs)).toMatch(/🧪.*注意力/s);
    // One at a time, in any order.
    for (const d of [...docs].reverse()) expect(view.entry(d)).toEqual(byId.get(view.idAt(d)));
    // Many at once: one decode per chunk, non-ASCII too (a decode per doc was a fifth of the time to list 100,000).
    const read = (v: SegmentView, ds: number[]) => {
      const out = new Map<number, SnapEntry>();
      v.eachEntry(ds, (d, e) => out.set(d, e));
      return out;
    };
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const all = read(viewOf(), docs);
    expect(decode).toHaveBeenCalledTimes(chunks);
    decode.mockRestore();
    expect(all.size).toBe(docs.length);
    for (const [d, e] of all) expect(e).toEqual(byId.get(view.idAt(d)));
    // Some docs of some chunks: just those.
    const some = [1, 2, DOC_CHUNK + 1, 2 * DOC_CHUNK + 7];
    expect([...read(viewOf(), some).keys()]).toEqual(some);
    // A byte of the first chunk damaged (a lone continuation byte in doc 2): that doc reads as its bytes are, and
    // every other doc of the chunk still reads right.
    let alone = '';
    const damaged = viewOf((c) => {
      c.docs[(c.off[2] as number) + 3] = 0x80;
      alone = new TextDecoder().decode(c.docs.subarray(c.off[2], c.off[3]));
    });
    expect(alone).toContain('\ufffd');
    const decodes = vi.spyOn(TextDecoder.prototype, 'decode');
    const got = read(damaged, docs);
    // The damaged chunk: one try at once, then a decode per doc; the others once each.
    expect(decodes).toHaveBeenCalledTimes(1 + DOC_CHUNK + (chunks - 1));
    decodes.mockRestore();
    for (const d of docs) {
      if (d === 2) expect(got.get(d)).toEqual(unpackEntry(JSON.parse(alone)));
      else expect(got.get(d)).toEqual(byId.get(view.idAt(d)));
    }
    expect(got.get(2)).not.toEqual(byId.get(view.idAt(2)));
  });
});

describe("typo matching over a real library's vocabulary (thousands of words sharing each trigram)", () => {
  const papers = realVocabularyOf(seed, 3_000);
  const entries = papers.map((p) => toSnapEntry(p));
  const built = buildSegment(
    entries.map((entry, i) => ({ entry, shard: Math.floor(i / 100) })),
    snapOrder,
  );
  const view = new SegmentView(structuredClone(built.base), structuredClone(built.ids), structuredClone(built.posts));
  for (let n = 0; n * 100 < entries.length; n++) view.setShard(n, entries.slice(n * 100, n * 100 + 100));
  const tokens = Array.from({ length: view.tokenCount }, (_, i) => view.token(i));

  it('gramShared gives each word sharing at least that many trigrams, with the count, as comparing them all does', () => {
    expect(tokens.length).toBeGreaterThan(5_000);
    const next = rng(7);
    for (let k = 0; k < 40; k++) {
      const t = tokens[Math.floor(next() * tokens.length)] as string;
      const term = k % 2 ? t.slice(0, 2) + t.slice(3) : `${t}x`;
      const mine = grams(term);
      for (const least of [1, Math.ceil(mine.size / 3), mine.size]) {
        const got = new Map<number, number>();
        view.gramShared(mine, least, (id, n) => got.set(id, n));
        const want = new Map<number, number>();
        tokens.forEach((w, id) => {
          if (w.length < 3) return;
          const theirs = grams(w);
          let n = 0;
          for (const g of mine) if (theirs.has(g)) n++;
          if (n >= least) want.set(id, n);
        });
        expect(new Map([...got].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...want].sort((a, b) => a[0] - b[0])));
      }
    }
  });

  it('a trigram list damaged past the vocabulary is read up to there: no word that does not exist, no error', () => {
    const seg = structuredClone(built.base);
    const longest = Array.from({ length: seg.gramOff.length - 1 }, (_, i) => i).sort(
      (a, b) =>
        (seg.gramOff[b + 1] as number) -
        (seg.gramOff[b] as number) -
        ((seg.gramOff[a + 1] as number) - (seg.gramOff[a] as number)),
    )[0] as number;
    const at = seg.gramOff[longest] as number;
    seg.gramPost.set([0xff, 0xff, 0xff, 0x7f], at + 2); // the list's third word or so, far past the vocabulary
    const damaged = new SegmentView(seg, structuredClone(built.ids), built.posts);
    const gram = seg.grams.split('\n')[longest] as string;
    const ids = [...damaged.gramTokens([gram])];
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(view.gramTokens([gram]).size);
    expect(ids.every((id) => id < damaged.tokenCount)).toBe(true);
    let shared = 0;
    damaged.gramShared(new Set([gram]), 1, (id) => {
      expect(id).toBeLessThan(damaged.tokenCount);
      shared++;
    });
    expect(shared).toBe(ids.length);
  });

  it('typo queries answer over the base as an index of the same papers built in memory (no word left out)', () => {
    const fromBase = createSearch<SnapEntry>([], docFromSnap, { base: view, fromEntry: (e) => e });
    const inMemory = createSearch(entries, docFromSnap);
    const next = rng(11);
    let found = 0;
    for (let k = 0; k < 40; k++) {
      const p = papers[Math.floor(next() * papers.length)] as (typeof papers)[number];
      const word = p.title.split(' ').at(-1) as string;
      const typo = `${word.slice(0, 2)}${word.slice(3)}`;
      const q = k % 2 ? typo : `${typo} ${p.authors[0]?.split(' ').at(-1)}`;
      const a = fromBase.search(q, { limit: 20 }).map((h) => [h.item.id, +h.score.toFixed(9)]);
      const b = inMemory.search(q, { limit: 20 }).map((h) => [h.item.id, +h.score.toFixed(9)]);
      expect(a).toEqual(b);
      if (a.some(([id]) => id === p.id)) found++;
    }
    expect(found).toBeGreaterThan(30);
  });
});
