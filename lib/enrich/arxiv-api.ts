/**
 * The arXiv API (export.arxiv.org/api/query, Atom): abstracts and dates of arXiv papers, many per request
 * (`id_list`), as arXiv's terms ask: at most one request every 3 seconds (lib/enrich/index.ts keeps the pace).
 * The answer is parsed without a DOM (the background is a service worker): entries are cut at <entry> and each field
 * read from its element, XML entities decoded. What is sent: the arXiv ids, nothing else.
 * Checked against ../shared/fixtures/arxiv/api-query-id_list.xml and api-query-cat-cs.CL.xml.
 */
import { canonicalId } from '../paper/ids';
import { EnrichError, type Found } from './types';

export const ARXIV_API = 'https://export.arxiv.org/api/query';
/** Ids per request: arXiv answers up to 2,000 per page; 50 keeps one answer small and a failure cheap. */
export const ARXIV_BATCH = 50;

/** The request for these arXiv ids ("2312.00752", "hep-th/9901001"), in a fixed order (tests serve it). */
export function arxivQueryUrl(numbers: string[]): string {
  const ids = [...new Set(numbers)].sort();
  return `${ARXIV_API}?id_list=${ids.map(encodeURIComponent).join(',')}&max_results=${ids.length}`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const n = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
      }
      return ENTITIES[e] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

function element(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? decode(m[1] as string) : undefined;
}

/**
 * The papers in an arXiv API answer, by canonical id. Throws EnrichError('malformed') for an answer that is not an
 * Atom feed; an arXiv "error" entry (a malformed id) yields nothing for that id.
 */
export function parseArxivAtom(xml: string): Map<string, Found> {
  if (typeof xml !== 'string' || !/<feed[\s>]/.test(xml) || !xml.includes('</feed>'))
    throw new EnrichError('malformed', 'arXiv');
  const out = new Map<string, Found>();
  for (const part of xml.split(/<entry[\s>]/).slice(1, 2_001)) {
    const entry = part.slice(0, part.indexOf('</entry>') >>> 0);
    const idUrl = element(entry, 'id') ?? '';
    const id = canonicalId(idUrl);
    const title = element(entry, 'title');
    if (!id?.startsWith('arxiv:') || !title || /^error$/i.test(title)) continue;
    const found: Found = { title };
    const abstract = element(entry, 'summary');
    if (abstract) found.abstract = abstract.slice(0, 20_000);
    const published = /^(\d{4}-\d{2}-\d{2})/.exec(element(entry, 'published') ?? '')?.[1];
    if (published) found.published = published;
    const doi = canonicalId(`doi:${element(entry, 'arxiv:doi') ?? ''}`);
    if (doi?.startsWith('doi:')) found.doi = doi.slice(4);
    const journal = element(entry, 'arxiv:journal_ref');
    if (journal) found.venue = journal.slice(0, 500);
    out.set(id, found);
  }
  return out;
}
