/**
 * Stored-layout migrations. Each step takes the raw storage of version N to version N+1; `migrate` runs the
 * steps in order and records the version only when a step has fully written its result.
 *
 * v1 (the first layout): one key `paper:<id>` per paper holding
 *   { id, title, authors: string[] | "A, B", url, starred, tags?, note?, seenOn: string[], firstSeen, lastSeen }
 *   and no search snapshot.
 * v2: `p:<id>` records with per-site sightings, bounded snapshot shards `s:<n>` / `a:<n>`, `meta`; every abstract
 *   stored twice (in its record and in its `a:` shard).
 * v3: the same, but a record holds no abstract (its `a:` shard is the one copy), and `meta` counts writes per
 *   shard (`seq`, `shardSeq`, `absSeq`) so that a persisted search index knows what changed since it was built.
 * v4 (now): the same, but each snapshot shard `s:<n>` stores its entries packed (./snap-pack.ts: arrays, no field
 *   names, a landing-page URL left out), ~40% fewer bytes. Records are unchanged (their `v` says nothing more).
 */
import { canonicalId } from '../paper/ids';
import { siteOfUrl } from '../paper/links';
import type { Paper, Sighting } from '../paper/types';
import {
  type AbstractShard,
  EMPTY_META,
  HEAD_KEEP,
  KEY,
  type LibraryMeta,
  PAPER_PREFIX,
  type PaperRecord,
  readAbstractShard,
  readMeta,
  readRecord,
  readSnapshotShard,
  SCHEMA_VERSION,
  SHARD_SIZE,
  type SnapshotShard,
  shardText,
  snapOrder,
  toSnapEntry,
} from './schema';
import type { Log, StorageArea } from './storage-area';
import { isPlainObject } from './validate';

export const V1_PREFIX = 'paper:';

function v1ToPaper(raw: unknown, key: string, log: Log): Paper | undefined {
  if (!isPlainObject(raw)) {
    log('warn', `migration v1→v2: ${key} is not an object; skipped`);
    return undefined;
  }
  const id = canonicalId(typeof raw.id === 'string' ? raw.id : key.slice(V1_PREFIX.length));
  if (!id) {
    log('warn', `migration v1→v2: ${key} has no usable id; skipped`);
    return undefined;
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const authors = Array.isArray(raw.authors)
    ? raw.authors.filter((a): a is string => typeof a === 'string')
    : (text(raw.authors) ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
  const firstSeen = text(raw.firstSeen) ?? new Date(0).toISOString();
  const lastSeen = text(raw.lastSeen) ?? firstSeen;
  const seenOn = Array.isArray(raw.seenOn) ? raw.seenOn.filter((u): u is string => typeof u === 'string') : [];
  const sightings: Sighting[] = seenOn.map((url) => ({ site: siteOfUrl(url), url, firstSeen, lastSeen }));
  const paper: Paper = {
    id,
    title: text(raw.title) ?? '',
    authors,
    url: text(raw.url) ?? '',
    starred: raw.starred === true,
    tags: Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : [],
    sightings,
    addedAt: firstSeen,
    updatedAt: lastSeen,
  };
  const note = text(raw.note);
  if (note) paper.note = note;
  return paper;
}

/** Writes records, shards and meta for a whole set of papers (migration and repair). */
export function layOut(papers: Paper[], seq = 1): { items: Record<string, unknown>; meta: LibraryMeta } {
  const items: Record<string, unknown> = {};
  const shards: SnapshotShard[] = [];
  const abstracts: { abstracts: Record<string, string> }[] = [];
  papers.forEach((p, i) => {
    const shard = Math.floor(i / SHARD_SIZE);
    const { abstract: _abstract, ...rest } = p;
    const record: Omit<PaperRecord, 'abstract'> = { ...rest, v: SCHEMA_VERSION, shard };
    items[KEY.paper(p.id)] = record;
    if (!shards[shard]) shards[shard] = { v: 1, papers: {} };
    if (!abstracts[shard]) abstracts[shard] = { abstracts: {} };
    (shards[shard] as SnapshotShard).papers[p.id] = toSnapEntry(p);
    if (p.abstract) (abstracts[shard] as { abstracts: Record<string, string> }).abstracts[p.id] = p.abstract;
  });
  const entries = shards.flatMap((s) => Object.values(s.papers));
  items[KEY.head] = JSON.stringify({
    complete: entries.length <= HEAD_KEEP,
    entries: entries.sort(snapOrder).slice(0, HEAD_KEEP),
  });
  shards.forEach((s, n) => {
    items[KEY.snap(n)] = shardText(s);
    items[KEY.abstracts(n)] = JSON.stringify({ v: 1, ...abstracts[n] });
  });
  const count = papers.length;
  const meta: LibraryMeta =
    count === 0
      ? { ...EMPTY_META, seq }
      : {
          v: 1,
          shardCount: shards.length,
          openShard: shards.length - 1,
          openCount: count - (shards.length - 1) * SHARD_SIZE,
          seq,
          shardSeq: shards.map(() => seq),
          absSeq: shards.map(() => seq),
        };
  items[KEY.meta] = meta;
  return { items, meta };
}

async function v1ToV2(storage: StorageArea, log: Log): Promise<void> {
  const all = await storage.get(null);
  const oldKeys = Object.keys(all).filter((k) => k.startsWith(V1_PREFIX));
  const papers = new Map<string, Paper>();
  for (const key of oldKeys) {
    const p = v1ToPaper(all[key], key, log);
    if (p && !papers.has(p.id)) papers.set(p.id, p);
  }
  const { items } = layOut([...papers.values()]);
  // Written as v2 did (abstracts in the records too): the v2→v3 step then runs as on any v2 library.
  for (const p of papers.values()) {
    const key = KEY.paper(p.id);
    if (p.abstract && items[key]) items[key] = { ...(items[key] as object), abstract: p.abstract };
  }
  await storage.set({ ...items, [KEY.schema]: 2 });
  // Old keys go only after the new layout is stored: a stop in between leaves both, never neither.
  if (oldKeys.length) await storage.remove(oldKeys);
  log('info', `migration v1→v2: ${papers.size} papers moved, ${oldKeys.length - papers.size} skipped`);
}

/**
 * v2 → v3: each abstract is kept once, in its `a:` shard (a record's copy fills the shard where the shard lacks it),
 * records are rewritten without theirs, and `meta` gains its per-shard write counts. Shards are written before
 * the records lose their copy, in batches; a stop half-way leaves records that still hold an abstract, which
 * readers accept, and the step runs again from the start.
 */
async function v2ToV3(storage: StorageArea, log: Log): Promise<void> {
  const all = await storage.get(null);
  const shards = new Map<number, AbstractShard>();
  for (const [key, raw] of Object.entries(all)) {
    if (!key.startsWith('a:')) continue;
    const shard = readAbstractShard(raw);
    if (shard) shards.set(Number(key.slice(2)), shard);
  }
  const dirty = new Set<number>();
  const records: [string, Record<string, unknown>][] = [];
  for (const [key, raw] of Object.entries(all)) {
    if (!key.startsWith(PAPER_PREFIX) || !isPlainObject(raw)) continue;
    if (typeof raw.abstract !== 'string') continue;
    const r = readRecord(raw, key);
    if (r.ok && r.record.shard >= 0 && r.record.abstract) {
      let shard = shards.get(r.record.shard);
      if (!shard) {
        shard = { v: 1, abstracts: {} };
        shards.set(r.record.shard, shard);
      }
      if (!shard.abstracts[r.record.id]) {
        shard.abstracts[r.record.id] = r.record.abstract;
        dirty.add(r.record.shard);
      }
    }
    const { abstract: _abstract, ...rest } = raw;
    records.push([key, { ...rest, v: 3 }]);
  }
  const meta = readMeta(all[KEY.meta]);
  const seq = meta.seq + 1;
  const next: LibraryMeta = {
    ...meta,
    seq,
    shardSeq: Array.from({ length: meta.shardCount }, () => seq),
    absSeq: Array.from({ length: meta.shardCount }, () => seq),
  };
  const abstractItems: Record<string, unknown> = { [KEY.meta]: next };
  for (const n of dirty) abstractItems[KEY.abstracts(n)] = JSON.stringify(shards.get(n));
  await storage.set(abstractItems);
  for (let i = 0; i < records.length; i += 2_000) {
    await storage.set(Object.fromEntries(records.slice(i, i + 2_000)));
  }
  log('info', `migration v2→v3: ${records.length} abstracts now stored once (${dirty.size} shards completed)`);
}

/** Shards rewritten per write by v3 → v4 (~40 KB each as schema 3 stored them). */
const V4_BATCH = 100;

/**
 * v3 → v4: every snapshot shard rewritten packed, the same entries (readers take both forms, so a stop half-way
 * leaves a library that reads as before, and the step runs again from the start). A shard that does not read, or
 * reads with damaged entries, is left as it is: the view that reads it says so, and the background rebuilds it from
 * the records (store.ts repair), packed.
 */
async function v3ToV4(storage: StorageArea, log: Log): Promise<void> {
  const meta = readMeta((await storage.get(KEY.meta))[KEY.meta]);
  let packed = 0;
  let left = 0;
  for (let from = 0; from < meta.shardCount; from += V4_BATCH) {
    const keys = Array.from({ length: Math.min(V4_BATCH, meta.shardCount - from) }, (_, i) => KEY.snap(from + i));
    const got = await storage.get(keys);
    const items: Record<string, string> = {};
    for (const key of keys) {
      const shard = readSnapshotShard(got[key]);
      if (shard && shard.dropped === 0) items[key] = shardText(shard);
      else if (got[key] !== undefined) left += 1;
    }
    const n = Object.keys(items).length;
    if (n) await storage.set(items);
    packed += n;
  }
  log('info', `migration v3→v4: ${packed} snapshot shards packed${left ? `, ${left} left for the repair` : ''}`);
}

const STEPS: Record<number, (storage: StorageArea, log: Log) => Promise<void>> = {
  1: v1ToV2,
  2: v2ToV3,
  3: v3ToV4,
};

/** Brings storage to SCHEMA_VERSION. A fresh install is stamped; a v1 library is moved. */
export async function migrate(storage: StorageArea, log: Log): Promise<number> {
  const got = await storage.get(KEY.schema);
  let version = typeof got[KEY.schema] === 'number' ? (got[KEY.schema] as number) : undefined;
  if (version === undefined) {
    const all = await storage.get(null);
    const keys = Object.keys(all);
    if (keys.some((k) => k.startsWith(V1_PREFIX))) version = 1;
    else if (keys.some((k) => k.startsWith(PAPER_PREFIX)))
      version = SCHEMA_VERSION; // lost stamp: same layout
    else {
      await storage.set({ [KEY.schema]: SCHEMA_VERSION });
      return SCHEMA_VERSION;
    }
  }
  if (version > SCHEMA_VERSION) {
    // A newer PaperShelf wrote this library (downgrade): read what we understand, write nothing structural.
    log('warn', `storage schema ${version} is newer than this version (${SCHEMA_VERSION})`);
    return version;
  }
  const from = version;
  while (version < SCHEMA_VERSION) {
    const step = STEPS[version];
    if (!step) throw new Error(`no migration from schema ${version}`);
    await step(storage, log);
    version += 1;
  }
  if (version !== from || got[KEY.schema] !== version) await storage.set({ [KEY.schema]: version });
  return version;
}

/** Every paper with its abstract (records joined with the `a:` shards): backups, repair, never a hot path. */
export async function readAllPapers(storage: StorageArea, log: Log): Promise<PaperRecord[]> {
  const records = await readAllRecords(storage, log);
  const shards = new Set(records.map((r) => r.shard));
  const got = shards.size ? await storage.get([...shards].map(KEY.abstracts)) : {};
  for (const r of records) {
    const text = readAbstractShard(got[KEY.abstracts(r.shard)])?.abstracts[r.id];
    if (text) r.abstract = text;
  }
  return records;
}

/** Reads every record (used for repair and rebuilds, never on a hot path). */
export async function readAllRecords(storage: StorageArea, log: Log): Promise<PaperRecord[]> {
  const all = await storage.get(null);
  const out: PaperRecord[] = [];
  for (const [key, raw] of Object.entries(all)) {
    if (!key.startsWith(PAPER_PREFIX)) continue;
    const r = readRecord(raw, key);
    if (r.ok) out.push(r.record);
    else log('warn', `skipped record: ${r.reason}`);
  }
  return out;
}
