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
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

const HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const PAPER_PATH = /^\/papers\/(\d{4}\.\d{4,5})\/?$/;
/** huggingface.co's own top-level sections: never a user's page. */
const RESERVED = new Set(
  (
    'models datasets spaces docs papers collections blog posts learn pricing enterprise join login logout settings ' +
    'organizations new tasks chat inference-endpoints inference api notifications search terms-of-service privacy ' +
    'huggingchat changelog welcome support careers brand spaces-dev'
  ).split(' '),
);

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
  if (/^\/collections\/[\w.-]+\/[\w.-]+$/.test(path)) return 'listing';
  // A user's or organisation's page (its papers among its models and datasets); not the site's own sections.
  const user = /^\/([\w.-]+)$/.exec(path)?.[1];
  if (user && !RESERVED.has(user.toLowerCase())) return 'listing';
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
  // Collections and user pages: their paper cards (models, datasets and spaces beside them are not papers).
  if (kind === 'listing') return fromDom(doc, url);
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

export const huggingfaceSite = {
  site: 'hf',
  label: 'Hugging Face',
  matches: ['https://huggingface.co/*', 'https://hf.co/*'],
} satisfies SiteInfo;

export const huggingface: SiteAdapter = { ...huggingfaceSite, detect: detect, extract: extract };

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
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
  // Collections, and users' and organisations' pages (their papers among their models).
  listing: [
    'https://huggingface.co/collections/meta-llama/llama-32-66f448ffc8c32f949b04c8cf',
    'https://huggingface.co/akhaliq',
    'https://huggingface.co/deepseek-ai',
  ],
};

/** Saved pages of this site and what must come out of them (tests/unit/sites.test.ts). */
export const cases: FixtureCase[] = [
  {
    file: 'shared:huggingface/daily-2024-08-01.html',
    url: 'https://huggingface.co/papers?date=2024-08-01',
    kind: 'daily',
    count: 13,
    first: {
      id: 'arxiv:2407.21783',
      title: 'The Llama 3 Herd of Models',
      url: 'https://huggingface.co/papers/2407.21783',
      pdfUrl: 'https://arxiv.org/pdf/2407.21783',
      published: '2024-07-31',
      upvotes: 94,
    },
    middle: [
      6,
      {
        id: 'arxiv:2407.21721',
        title: 'Open-Vocabulary Audio-Visual Semantic Segmentation',
        authors: [
          'Ruohao Guo',
          'Liao Qu',
          'Dantong Niu',
          'Yanyu Qi',
          'Wenzhen Yue',
          'Ji Shi',
          'Bowei Xing',
          'Xianghua Ying',
        ],
        published: '2024-07-31',
        upvotes: 8,
      },
    ],
    last: {
      id: 'arxiv:2404.01300',
      title: 'NeRF-MAE: Masked AutoEncoders for Self-Supervised 3D Representation Learning for Neural Radiance Fields',
      upvotes: 3,
      published: '2024-04-01',
    },
  },
  {
    file: 'local:hf-trending.synthetic.html',
    url: 'https://huggingface.co/papers/trending',
    kind: 'trending',
    count: 3,
    first: {
      id: 'arxiv:2501.12948',
      title: 'DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning',
      authors: ['DeepSeek-AI', 'Daya Guo'],
      abstract: 'We introduce our first-generation reasoning models, DeepSeek-R1-Zero and DeepSeek-R1.',
      codeUrl: 'https://github.com/deepseek-ai/DeepSeek-R1',
      keywords: ['reinforcement learning', 'reasoning'],
      upvotes: 412,
      published: '2025-01-22',
    },
    middle: [
      1,
      {
        id: 'arxiv:2502.00001',
        title: 'Scaling $\\mu$P & <Friends>: Hyperparameter Transfer',
        authors: ['Zoë Müller'],
      },
    ],
    last: {
      id: 'arxiv:2412.20138',
      title: 'TradingAgents: Multi-Agents LLM Financial Trading Framework',
      authors: ['Yijia Xiao', 'Edward Sun'],
    },
  },
  {
    file: 'local:hf-paper.synthetic.html',
    url: 'https://huggingface.co/papers/2608.09888',
    kind: 'paper',
    count: 1,
    first: {
      id: 'arxiv:2608.09888',
      title: 'BDH-CQ: In-Context Learning with Recurrent Latent Reasoning',
      authors: ['Adrian Kosowski', 'Przemysław Uznański'],
      abstract: 'We study in-context learning with recurrent latent reasoning.',
      codeUrl: 'https://github.com/pathwaycom/arc-task-gen',
      keywords: ['in-context learning', 'recurrent latent reasoning'],
      published: '2026-08-10',
      upvotes: 12,
    },
  },
  {
    file: 'local:hf-search.synthetic.html',
    url: 'https://huggingface.co/papers?q=diffusion',
    kind: 'search',
    count: 2,
    first: {
      id: 'arxiv:2112.10752',
      title: 'High-Resolution Image Synthesis with Latent Diffusion Models',
      authors: ['Robin Rombach', 'Andreas Blattmann'],
      upvotes: 31,
    },
    last: {
      id: 'arxiv:2006.11239',
      title: 'Denoising Diffusion Probabilistic Models',
      authors: ['Jonathan Ho', 'Ajay Jain', 'Pieter Abbeel'],
    },
  },
  {
    file: 'local:hf-collection.synthetic.html',
    url: 'https://huggingface.co/collections/ada/engines-66f448ffc8c32f949b04c8cf',
    kind: 'listing',
    count: 2,
    first: {
      id: 'arxiv:2407.21783',
      title: 'The Llama 3 Herd of Models',
      url: 'https://huggingface.co/papers/2407.21783',
      pdfUrl: 'https://arxiv.org/pdf/2407.21783',
    },
    last: {
      id: 'arxiv:2501.12948',
      title: 'DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning',
    },
  },
  {
    file: 'local:hf-collection.synthetic.html',
    url: 'https://huggingface.co/ada',
    kind: 'listing',
    count: 2,
  },
];
