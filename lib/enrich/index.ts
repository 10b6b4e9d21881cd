/**
 * "Complete metadata" (issue 15), off by default and run only when the user asks (a paper's detail pane, or all
 * starred papers): abstracts and dates from the arXiv API for arXiv papers, and the published version's venue, year
 * and DOI from DBLP (and Semantic Scholar, when the user allowed its host). It runs in the background, paced as the
 * sources ask (arXiv: one request per 3 s; DBLP and Semantic Scholar: one per second), every request with a
 * timeout. A failure leaves the papers as they were and says why, plainly. What is sent: arXiv ids to arXiv, titles
 * to DBLP and Semantic Scholar; nothing else, and nothing at all unless the user asks.
 * Pure of the browser: `fetch`, the clock and the permission check come in (tests use recorded answers).
 */
import { ARXIV_BATCH, arxivQueryUrl, parseArxivAtom } from './arxiv-api';
import { dblpSearchUrl, parseDblp } from './dblp-api';
import { parseS2, s2SearchUrl } from './s2-api';
import { EnrichError, type Found, failureText, SOURCE_NAMES, type Source } from './types';

export { S2_ORIGIN } from './s2-api';
export type { Found, Source } from './types';

export interface Fetched {
  ok: boolean;
  status: number;
  text(): Promise<string>;
}

export interface EnrichDeps {
  fetch(url: string, init: { signal: AbortSignal }): Promise<Fetched>;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** Whether the user allowed Semantic Scholar's host. */
  s2Allowed(): Promise<boolean>;
  /** Per request (default 15 s). */
  timeoutMs?: number;
  /** When each source was last asked (kept by the background across runs, so that the pace holds between clicks). */
  last?: Partial<Record<Source, number>>;
  /** Papers looked up at DBLP / Semantic Scholar in one run (one request a second each): the rest wait. */
  maxLookups?: number;
}

/** Seconds between requests to each source, as the sources ask. */
export const PACE_MS: Record<Source, number> = { arxiv: 3_000, dblp: 1_000, s2: 1_000 };

export interface ToComplete {
  id: string;
  title: string;
  abstract?: string;
  published?: string;
  venue?: string;
  doi?: string;
}

/** What was found for one paper: each field with its source, and what the user is told. */
export interface Completion {
  id: string;
  found: Partial<Record<'abstract' | 'published' | 'venue' | 'doi', { value: string; source: Source }>>;
  notes: string[];
}

const arxivNumberOf = (id: string) => (id.startsWith('arxiv:') ? id.slice(6) : undefined);

async function ask(source: Source, url: string, deps: EnrichDeps): Promise<string> {
  deps.last ??= {};
  const last = deps.last;
  const wait = (last[source] ?? Number.NEGATIVE_INFINITY) + PACE_MS[source] - deps.now();
  if (wait > 0) await deps.sleep(wait);
  last[source] = deps.now();
  const controller = new AbortController();
  const name = SOURCE_NAMES[source];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new EnrichError('timeout', name));
    }, deps.timeoutMs ?? 15_000);
  });
  try {
    const res = await Promise.race([deps.fetch(url, { signal: controller.signal }), timeout]);
    if (res.status === 429 || res.status === 503) throw new EnrichError('rate-limited', name, res.status);
    if (!res.ok) throw new EnrichError('http', name, res.status);
    return await Promise.race([res.text(), timeout]);
  } catch (e) {
    if (e instanceof EnrichError) throw e;
    throw new EnrichError(controller.signal.aborted ? 'timeout' : 'network', name);
  } finally {
    clearTimeout(timer);
  }
}

function json(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new EnrichError('malformed', source);
  }
}

/** Finds what the papers lack. Never throws: each paper's notes say what happened. */
export async function completeMetadata(papers: ToComplete[], deps: EnrichDeps): Promise<Completion[]> {
  const out = new Map<string, Completion>(papers.map((p) => [p.id, { id: p.id, found: {}, notes: [] }]));
  const note = (id: string, text: string) => out.get(id)?.notes.push(text);
  const take = (p: ToComplete, found: Found, source: Source) => {
    const c = out.get(p.id) as Completion;
    if (found.abstract && !p.abstract && !c.found.abstract) c.found.abstract = { value: found.abstract, source };
    // A full date over a year (or nothing); never another year than the paper's own.
    const date = found.published;
    const own = c.found.published?.value ?? p.published;
    if (date && (!own || (own.length < date.length && date.startsWith(own))))
      c.found.published = { value: date, source };
    if (found.venue && !p.venue && !c.found.venue) c.found.venue = { value: found.venue, source };
    if (found.doi && !p.doi && !c.found.doi) c.found.doi = { value: found.doi, source };
  };

  // 1. arXiv papers without an abstract or a full date: the arXiv API, 50 ids a request.
  const fromArxiv = papers.filter(
    (p) => arxivNumberOf(p.id) && (!p.abstract || !/^\d{4}-\d{2}-\d{2}/.test(p.published ?? '')),
  );
  for (let i = 0; i < fromArxiv.length; i += ARXIV_BATCH) {
    const batch = fromArxiv.slice(i, i + ARXIV_BATCH);
    try {
      const got = parseArxivAtom(
        await ask('arxiv', arxivQueryUrl(batch.map((p) => arxivNumberOf(p.id) as string)), deps),
      );
      for (const p of batch) {
        const f = got.get(p.id);
        if (f) take(p, f, 'arxiv');
        else note(p.id, `arXiv does not know ${arxivNumberOf(p.id)}.`);
      }
    } catch (e) {
      for (const p of batch) note(p.id, failureText(e as EnrichError));
    }
  }

  // 2. The published version (venue, DOI) of papers without one: DBLP, then Semantic Scholar if allowed.
  const s2 = await deps.s2Allowed().catch(() => false);
  const lookups = papers.filter((x) => !x.venue || !x.doi);
  const cap = deps.maxLookups ?? 100;
  for (const p of lookups.slice(cap)) note(p.id, `Not looked up this time (${cap} papers a run); ask again later.`);
  for (const p of lookups.slice(0, cap)) {
    const c = out.get(p.id) as Completion;
    let done = false;
    for (const source of ['dblp', 's2'] as const) {
      if (done || (source === 's2' && !s2)) continue;
      try {
        const text = await ask(source, source === 'dblp' ? dblpSearchUrl(p.title) : s2SearchUrl(p.title), deps);
        const f =
          source === 'dblp'
            ? parseDblp(json(text, 'DBLP'), p.title)
            : parseS2(json(text, 'Semantic Scholar'), { arxiv: arxivNumberOf(p.id), title: p.title });
        if (f) {
          take(p, f, source);
          done = !!(c.found.venue || p.venue);
        }
      } catch (e) {
        note(p.id, failureText(e as EnrichError));
      }
    }
    if (!done && !c.notes.some((n) => /DBLP|Semantic/.test(n)))
      note(p.id, `No published version found (DBLP${s2 ? ', Semantic Scholar' : ''}).`);
  }
  for (const c of out.values()) {
    const fields = Object.entries(c.found).map(([k, v]) => `${k} from ${SOURCE_NAMES[v.source]}`);
    if (fields.length) c.notes.unshift(`Added ${fields.join(', ')}.`);
    else if (!c.notes.length) c.notes.push('Nothing to add: the paper is complete.');
  }
  return [...out.values()];
}
