/**
 * Hugging Face papers (huggingface.co and hf.co): daily, weekly and monthly lists, trending, search, one paper.
 * Checked against ../shared/fixtures/huggingface/daily-2024-08-01.html (raw server HTML: DailyPapers data-props
 * with date / dailyPapers / prevDate / nextDate, 13 <article> cards) and the API captures beside it (2026 shape:
 * githubRepo, ai_keywords); tests/fixtures/hf-*.synthetic.html imitate the 2025+ pages (dateString, periodType,
 * query, isTrending beside dailyPapers; hydrated cards in the live DOM).
 * Source order: the embedded data-props JSON first (it has kept its shape across redesigns), the DOM second.
 */
import { canonicalId } from '../paper/ids';
import { titleElement } from './citation';
import { cardsById, paperLinks } from './dom';
import { clean } from './text';
import type { FeedEntry, FeedKind, SiteAdapter } from './types';

const HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const PAPER_PATH = /^\/papers\/(\d{4}\.\d{4,5})\/?$/;

interface HfAuthor {
  name?: unknown;
  hidden?: unknown;
}
interface HfPaper {
  id?: unknown;
  title?: unknown;
  summary?: unknown;
  authors?: unknown;
  publishedAt?: unknown;
  upvotes?: unknown;
  githubRepo?: unknown;
  ai_keywords?: unknown;
}
interface HfItem {
  paper?: HfPaper;
  title?: unknown;
  summary?: unknown;
  publishedAt?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

function detect(url: URL): FeedKind | undefined {
  if (!HOSTS.has(url.hostname)) return undefined;
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/papers') return url.searchParams.get('q') ? 'search' : 'daily';
  if (path === '/papers/trending') return 'trending';
  if (/^\/papers\/(date|week|month)\/[\w-]+$/.test(path)) return 'daily';
  if (path === '/papers/search') return 'search';
  if (PAPER_PATH.test(`${path}`)) return 'paper';
  return undefined;
}

function fromJson(item: HfItem): Omit<FeedEntry, 'element'> | undefined {
  const p = item.paper ?? (item as HfPaper);
  const arxiv = str(p.id);
  const id = arxiv ? canonicalId(arxiv) : undefined;
  const title = clean(str(item.title) ?? str(p.title));
  if (!id || !arxiv || !title) return undefined;
  const authors = Array.isArray(p.authors)
    ? (p.authors as HfAuthor[])
        .filter((a) => a && a.hidden !== true)
        .map((a) => clean(str(a.name)))
        .filter(Boolean)
    : [];
  const entry: Omit<FeedEntry, 'element'> = {
    id,
    title,
    authors,
    url: `https://huggingface.co/papers/${arxiv}`,
    pdfUrl: `https://arxiv.org/pdf/${arxiv}`,
  };
  const abstract = clean(str(p.summary) ?? str(item.summary));
  if (abstract) entry.abstract = abstract;
  const code = str(p.githubRepo);
  if (code && /^https?:\/\//.test(code)) entry.codeUrl = code;
  const published = str(p.publishedAt) ?? str(item.publishedAt);
  if (published) entry.published = published.slice(0, 10);
  if (typeof p.upvotes === 'number' && Number.isFinite(p.upvotes)) entry.upvotes = p.upvotes;
  if (Array.isArray(p.ai_keywords)) {
    const kw = p.ai_keywords
      .filter((k): k is string => typeof k === 'string')
      .map(clean)
      .filter(Boolean);
    if (kw.length) entry.keywords = kw;
  }
  return entry;
}

/** Every data-props blob on the page that carries a paper list (or, on a paper page, one paper). */
function propsItems(doc: Document, kind: FeedKind): HfItem[] | undefined {
  let found: HfItem[] | undefined;
  for (const el of doc.querySelectorAll('[data-props]')) {
    const raw = el.getAttribute('data-props') ?? '';
    if (!raw.includes(kind === 'paper' ? '"paper"' : 'dailyPapers')) continue;
    let props: unknown;
    try {
      props = JSON.parse(raw);
    } catch {
      continue; // malformed: try the next blob, then the DOM
    }
    if (typeof props !== 'object' || props === null) continue;
    const list = (props as { dailyPapers?: unknown }).dailyPapers;
    if (Array.isArray(list)) return list as HfItem[];
    const one = (props as { paper?: unknown }).paper;
    if (kind === 'paper' && one && typeof one === 'object') found = [{ paper: one as HfPaper }];
  }
  return found;
}

/** The DOM fallback: cards found by their /papers/<id> links, the title from the card's heading or longest link. */
function fromDom(doc: Document, url: URL): FeedEntry[] {
  const links = paperLinks(doc.body ?? doc.documentElement, url, 'a[href*="/papers/"]').filter(([a]) =>
    PAPER_PATH.test(new URL(a.getAttribute('href') ?? '', url).pathname),
  );
  const cards = cardsById(links, doc.body ?? doc.documentElement);
  const out: FeedEntry[] = [];
  for (const [id, card] of cards) {
    const heading = card.querySelector('h1, h2, h3, h4');
    const texts = links.filter(([, i]) => i === id).map(([a]) => clean(a.textContent));
    const title = clean(heading?.textContent) || texts.sort((a, b) => b.length - a.length)[0] || '';
    if (!title) continue;
    const arxiv = id.slice('arxiv:'.length);
    out.push({
      id,
      title,
      authors: [],
      url: `https://huggingface.co/papers/${arxiv}`,
      pdfUrl: `https://arxiv.org/pdf/${arxiv}`,
      element: card,
    });
  }
  return out;
}

/** A single paper page: the paper from the props (or the URL and the h1), the overlay on its title. */
function paperPage(doc: Document, url: URL): FeedEntry[] {
  const item = propsItems(doc, 'paper')?.[0];
  const fromProps = item ? fromJson(item) : undefined;
  const arxiv = PAPER_PATH.exec(url.pathname.replace(/\/+$/, ''))?.[1] as string;
  const title = fromProps?.title ?? clean(doc.querySelector('h1')?.textContent);
  const id = fromProps?.id ?? canonicalId(arxiv);
  if (!title || !id) return [];
  const entry: FeedEntry = fromProps ?? {
    id,
    title,
    authors: [],
    url: url.href,
    pdfUrl: `https://arxiv.org/pdf/${arxiv}`,
  };
  const element = titleElement(doc, title);
  return [element ? { ...entry, element } : entry];
}

function extract(doc: Document, url: URL, kind: FeedKind): FeedEntry[] {
  if (kind === 'paper') return paperPage(doc, url);
  const items = propsItems(doc, kind);
  const dom = fromDom(doc, url);
  if (!items) return dom;
  const cards = new Map(dom.map((e) => [e.id, e.element]));
  const seen = new Set<string>();
  const out: FeedEntry[] = [];
  for (const item of items) {
    const e = fromJson(item);
    if (!e || seen.has(e.id)) continue;
    seen.add(e.id);
    const element = cards.get(e.id);
    out.push(element ? { ...e, element } : e);
  }
  return out;
}

export const huggingface: SiteAdapter = {
  site: 'hf',
  detect,
  extract,
  examples: {
    daily: [
      'https://huggingface.co/papers',
      'https://huggingface.co/papers?date=2024-08-01',
      'https://huggingface.co/papers/date/2025-03-14',
      'https://huggingface.co/papers/week/2025-W11',
      'https://huggingface.co/papers/month/2025-03',
      'https://hf.co/papers',
    ],
    trending: ['https://huggingface.co/papers/trending', 'https://hf.co/papers/trending'],
    search: ['https://huggingface.co/papers?q=diffusion', 'https://huggingface.co/papers/search?q=llama'],
    paper: ['https://huggingface.co/papers/2407.21783', 'https://hf.co/papers/2401.01234'],
  },
};
