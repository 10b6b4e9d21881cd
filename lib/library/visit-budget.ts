/**
 * How much one page visit may add to the library (issue 12): a real listing shows at most ~2,000 papers (arXiv's
 * largest `show=2000` page), each well under 8 KB. A hostile or broken page showing 20,000 entries with huge
 * fields added 183 MB in one visit and made search slow for good; now a visit adds at most VISIT_LIMITS.papers
 * new papers and VISIT_LIMITS.bytes of them. Papers already in the library still get their sighting (a few
 * hundred bytes, and at most 1,000 sightings per paper), and entries beyond the bound keep their controls: a star
 * (a user's own gesture) still adds the paper.
 */
export const VISIT_LIMITS = { papers: 2_000, bytes: 8 * 1024 * 1024 } as const;

/** A visit is forgotten this long after its last entries (a long-open tab that keeps loading is one visit). */
const FORGET_MS = 60 * 60 * 1000;

interface Spent {
  papers: number;
  bytes: number;
  at: number;
}

export class VisitBudgets {
  private spent = new Map<string, Spent>();

  constructor(private readonly limits: { papers: number; bytes: number } = VISIT_LIMITS) {}

  /** Whether a new paper of `bytes` still fits this visit's share; if so, it is counted. */
  admit(visit: string, bytes: number, now: number): boolean {
    this.forgetOld(now);
    const s = this.spent.get(visit) ?? { papers: 0, bytes: 0, at: now };
    s.at = now;
    this.spent.set(visit, s);
    if (s.papers + 1 > this.limits.papers || s.bytes + bytes > this.limits.bytes) return false;
    s.papers += 1;
    s.bytes += bytes;
    return true;
  }

  private forgetOld(now: number): void {
    if (this.spent.size < 64) return;
    for (const [k, s] of this.spent) if (now - s.at > FORGET_MS) this.spent.delete(k);
  }
}
