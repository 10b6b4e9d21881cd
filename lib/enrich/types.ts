/** What a metadata source found for one paper, and how a request can fail (said plainly to the user). */
export interface Found {
  /** The source's title (for matching; never stored over the paper's own). */
  title?: string;
  abstract?: string;
  /** ISO date or year. */
  published?: string;
  venue?: string;
  /** The published version's DOI, without "doi:". */
  doi?: string;
}

export type Source = 'arxiv' | 'dblp' | 's2';

export const SOURCE_NAMES: Record<Source, string> = {
  arxiv: 'arXiv',
  dblp: 'DBLP',
  s2: 'Semantic Scholar',
};

export type FailureKind = 'timeout' | 'rate-limited' | 'malformed' | 'http' | 'network' | 'not-allowed';

export class EnrichError extends Error {
  override name = 'EnrichError';
  constructor(
    readonly kind: FailureKind,
    readonly source: string,
    readonly status?: number,
  ) {
    super(`${source}: ${kind}${status ? ` (${status})` : ''}`);
  }
}

/** A failure as a sentence: what happened, and that nothing was changed. */
export function failureText(e: EnrichError): string {
  switch (e.kind) {
    case 'timeout':
      return `${e.source} did not answer in time; nothing was changed. Try again later.`;
    case 'rate-limited':
      return `${e.source} asked PaperShelf to slow down; nothing was changed. Try again in a few minutes.`;
    case 'malformed':
      return `${e.source}'s answer could not be read; nothing was changed.`;
    case 'not-allowed':
      return `${e.source} is not allowed (Settings → Complete metadata); it was not asked.`;
    case 'http':
      return `${e.source} answered with an error${e.status ? ` (${e.status})` : ''}; nothing was changed.`;
    default:
      return `${e.source} could not be reached; nothing was changed.`;
  }
}
