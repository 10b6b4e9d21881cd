/**
 * The views' for-you side (issue 16), shared by the popup and the library page: a query with `sort:foryou` shows its
 * results in the for-you order, `like:<id>` shows the papers most like one paper ("Similar papers"). Both are asked
 * of the background (the model lives there: lib/library/interest-keeper.ts); the view passes the asking functions.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Hit } from '../search/index';
import { parseQuery } from '../search/query';
import type { ForYouAnswer } from './interest-keeper';
import type { SnapEntry } from './schema';

export interface ForYouAsk {
  scores(ids: string[]): Promise<ForYouAnswer>;
  similar(id: string): Promise<{ off?: true; similar: { id: string; score: number }[] }>;
}

/** At most this many results are put in the for-you order (the best of a larger result list by its own order). */
export const FORYOU_MAX = 5_000;

export function useForYou(
  query: string,
  hits: Hit<SnapEntry>[],
  get: (id: string) => SnapEntry | undefined,
  ask: ForYouAsk,
): { hits: Hit<SnapEntry>[]; note?: string } {
  const q = useMemo(() => parseQuery(query), [query]);
  const [answer, setAnswer] = useState<{ key: string; order?: string[]; note?: string }>();
  const key = q.like ? `like:${q.like}` : q.sort === 'foryou' ? `sort:${hits.map((h) => h.item.id).join(',')}` : '';
  useEffect(() => {
    if (!key) return;
    let live = true;
    const done = (order: string[] | undefined, note?: string) => live && setAnswer({ key, order, note });
    if (q.like) {
      ask
        .similar(q.like)
        .then((r) =>
          r.off
            ? done(undefined, 'For you is off in Settings.')
            : done(
                r.similar.map((s) => s.id),
                r.similar.length ? undefined : 'No similar papers in your library.',
              ),
        )
        .catch((e: unknown) => done(undefined, String(e)));
    } else {
      ask
        .scores(hits.slice(0, FORYOU_MAX).map((h) => h.item.id))
        .then((r) => {
          if (r.off) return done(undefined, 'For you is off in Settings.');
          if (!r.results)
            return done(undefined, `For you needs ${r.needed} starred or tagged papers (you have ${r.liked}).`);
          const score = new Map(r.results.map((x) => [x.id, x.score]));
          const s = (id: string) => score.get(id) ?? Number.NEGATIVE_INFINITY;
          done(hits.map((h) => h.item.id).sort((a, b) => s(b) - s(a)));
        })
        .catch((e: unknown) => done(undefined, String(e)));
    }
    return () => {
      live = false;
    };
  }, [key]);
  return useMemo(() => {
    if (!key) return { hits };
    if (answer?.key !== key) return { hits: q.like ? [] : hits, note: 'Ranking…' };
    if (!answer.order) return { hits: q.like ? [] : hits, note: answer.note };
    const byId = new Map(hits.map((h) => [h.item.id, h]));
    const out: Hit<SnapEntry>[] = [];
    for (const id of answer.order) {
      const item = byId.get(id)?.item ?? (q.like ? get(id) : undefined);
      if (item) out.push(byId.get(id) ?? { item, score: 0, titleMatches: [] });
    }
    return { hits: out, note: answer.note };
  }, [key, answer, hits]);
}
