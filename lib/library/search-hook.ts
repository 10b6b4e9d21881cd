/**
 * The search hook of the one read side (lib/library/hooks.ts re-exports it): a query's results from the index when it
 * is open, from the quick search (the base without its ids) before, and from the head before that.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Hit, MissingDocs } from '../search/index';
import { hasText, parseQuery } from '../search/query';
import type { LibraryState } from './hooks';
import { mark } from './marks';
import type { SnapEntry } from './schema';

/** Results whose abstract texts (snippets, phrases) are read as a query's answer shows. */
const ABSTRACT_ROWS = 20;

/**
 * Search results for a query, from the index when it is open and from the head before; abstract texts of the
 * shown results are read a shard at a time (snippets, phrases), and the results refine when they arrive.
 */
export function useSearch(
  state: Pick<LibraryState, 'head' | 'index' | 'rev' | 'quick'>,
  query: string,
  limit: number,
  headSearch: (head: SnapEntry[], query: string) => SnapEntry[],
): { hits: Hit<SnapEntry>[]; ready: boolean } {
  const [texts, setTexts] = useState(0);
  // The last answer read (searchAsync), with what it answered: while the same, it is the answer (listing 100,000
  // papers again once their entries are in would build a second list of hits, kept beside the first).
  const [found, setFound] = useState<{ of: readonly unknown[]; hits: Hit<SnapEntry>[] }>();
  const isText = useMemo(() => hasText(parseQuery(query)), [query]);
  const fromHead = useMemo(() => {
    const shown = state.head ? (query.trim() ? headSearch(state.head, query) : state.head) : [];
    return shown.map((item) => ({ item, score: 0, titleMatches: [] as [number, number][] }));
  }, [state.head, query]);
  // Answered in the same render when the entries it needs are in memory (no effect, no frame to wait for);
  // otherwise the entries are read first and the answer follows.
  const asked = [state.index, state.rev, query, limit, texts] as const;
  const now = useMemo(() => {
    const index = state.index;
    if (found?.of.every((x, i) => x === asked[i])) return found.hits;
    return index && answerNow(() => index.search.search(query, { limit }), index.prefetch);
  }, [...asked, found]);
  useEffect(() => {
    if (!state.index || now) return;
    let live = true;
    state.index
      .searchAsync(query, { limit })
      .then((hits) => live && setFound({ of: asked, hits }))
      .catch(() => live && setFound({ of: asked, hits: [] }));
    return () => {
      live = false;
    };
  }, [state.index, state.rev, query, limit, now]);
  // Before the index opens, a typed query is answered by the quick search (the base without its ids): at once when
  // its entries are in memory, else they are read (starting in this render) and the answer follows.
  const [quickFound, setQuickFound] = useState<{ query: string; limit: number; hits: Hit<SnapEntry>[] }>();
  const quickNow = useMemo(() => {
    const quick = state.quick;
    if (state.index || !quick || !isText) return undefined;
    mark('ps:quick-ask');
    const hits = answerNow(() => quick.search(query, limit), quick.prefetch);
    mark(hits ? 'ps:quick-now' : 'ps:quick-read');
    return hits;
  }, [state.quick, state.index, query, limit, isText]);
  useEffect(() => {
    if (state.index || !state.quick || !isText || quickNow) return;
    let live = true;
    state.quick
      .searchAsync(query, limit)
      .then((hits) => {
        if (!live || !hits) return;
        mark('ps:quick-answer');
        setQuickFound({ query, limit, hits });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [state.quick, state.index, query, limit, isText, quickNow]);
  const quickHits =
    quickNow ?? (quickFound && quickFound.query === query && quickFound.limit === limit ? quickFound.hits : undefined);
  const hits = now ?? (state.index ? (found?.hits ?? quickHits ?? fromHead) : (quickHits ?? fromHead));
  useEffect(() => {
    // Snippets and phrases are for text queries: a listing by filters alone reads no abstracts.
    if (!state.index || !isText || hits === fromHead) return;
    let live = true;
    state.index
      // The rows a person sees first: each abstract shard read is ~100 abstracts, so not the whole list.
      .ensureAbstracts(hits.slice(0, ABSTRACT_ROWS).map((h) => h.item.id))
      .then((loaded) => live && loaded && setTexts((v) => v + 1))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [hits]);
  return { hits, ready: !!state.index };
}

/**
 * A search's answer now, when the entries it needs are in memory; otherwise the read of those it lacks
 * (MissingDocs) starts in this render, not after it paints (the caller's effect then waits for the same read).
 */
function answerNow(
  ask: () => Hit<SnapEntry>[] | undefined,
  prefetch: (missing: MissingDocs) => void,
): Hit<SnapEntry>[] | undefined {
  try {
    return ask();
  } catch (e) {
    if (!(e instanceof MissingDocs)) throw e;
    prefetch(e);
    return undefined;
  }
}
