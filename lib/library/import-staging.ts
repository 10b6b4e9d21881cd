/**
 * A large import arrives in chunks (each message well under the browser's 64 MiB limit) and is applied in one
 * write when its last chunk is in: all or nothing. Chunks of an import that never commits are dropped after a while.
 */
import type { Paper } from '../paper/types';

const FORGET_MS = 10 * 60 * 1000;
const MAX_PAPERS = 200_000;

export class ImportStaging {
  private staged = new Map<string, { papers: Paper[]; at: number }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Adds a chunk; returns how many papers the import holds so far. */
  stage(token: string, papers: Paper[]): number {
    const t = this.now();
    for (const [k, v] of this.staged) if (t - v.at > FORGET_MS) this.staged.delete(k);
    const s = this.staged.get(token) ?? { papers: [], at: t };
    if (s.papers.length + papers.length > MAX_PAPERS) throw new Error(`an import holds at most ${MAX_PAPERS} papers`);
    s.papers.push(...papers);
    s.at = t;
    this.staged.set(token, s);
    return s.papers.length;
  }

  /** The import's papers (and it is forgotten). */
  take(token: string): Paper[] {
    const s = this.staged.get(token);
    this.staged.delete(token);
    return s?.papers ?? [];
  }
}
