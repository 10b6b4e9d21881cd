/**
 * The papers each page visit showed (issue 13): a feed page's content script may star or tag only papers its own
 * visit reported through `recordSightings`. A content script runs in the page's process, so a page that breaks
 * into it must not reach the rest of the library. Visits are keyed as the visit budget is (the document Chrome
 * names); the oldest are forgotten past MAX_VISITS, and after a service-worker restart the router falls back to
 * the paper's stored sightings (seen on the sender's site).
 */
import { parseWebUrl } from '../paper/links';

const MAX_VISITS = 200;
const MAX_IDS = 20_000;

export class VisitPapers {
  private visits = new Map<string, Set<string>>();

  add(visit: string, ids: Iterable<string>): void {
    let set = this.visits.get(visit);
    if (set) this.visits.delete(visit); // most recent last
    set ??= new Set();
    for (const id of ids) if (set.size < MAX_IDS) set.add(id);
    this.visits.set(visit, set);
    while (this.visits.size > MAX_VISITS) {
      const oldest = this.visits.keys().next().value;
      if (oldest === undefined) break;
      this.visits.delete(oldest);
    }
  }

  /** Whether this visit showed the paper; undefined when the visit is not known here (a restart since). */
  showed(visit: string, id: string): boolean | undefined {
    const set = this.visits.get(visit);
    return set ? set.has(id) : undefined;
  }
}

/** Whether a stored paper was seen on the page's site (same origin as one of its sightings). */
export function seenOnOrigin(sightings: { url: string }[], pageUrl: string | undefined): boolean {
  const origin = originOf(pageUrl);
  return origin !== undefined && sightings.some((s) => originOf(s.url) === origin);
}

const originOf = (url: string | undefined) => parseWebUrl(url)?.origin;
