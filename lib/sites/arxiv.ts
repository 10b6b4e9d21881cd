/**
 * arXiv: listings (/list/<archive>/new|recent|pastweek|<YYYY-MM>|<YYMM>), search results (/search/…), the
 * abstract page (/abs/<id>, read from its citation_* tags).
 * Checked against ../shared/fixtures/arxiv/list-cs-2301-show3.html (dl#articles, dt/dd pairs),
 * list-cs-9101-empty.html (no entries), search-abstract-distributed-systems-200.html (200 li.arxiv-result),
 * abs-2106.09608.html; tests/fixtures/arxiv-new-*.synthetic.html and arxiv-old-*.synthetic.html imitate /new
 * with abstracts and sections, and the older markup (dl without id, span.list-identifier).
 * Ids come from the /abs/<id> link shape; text from the semantic list-* / arxiv-result blocks.
 */
import { canonicalId } from '../paper/ids';
import { citationEntry } from './citation';
import { clean, isoDate, stripDescriptor, textWithout } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

const HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
const LISTING = /^\/list\/[a-z-]+(?:\.[A-Za-z-]+)?\/(?:new|recent|pastweek|current|\d{4}(?:-\d{2})?|\d{2}\d{2})\/?$/;

function detect(url: URL): FeedKind | undefined {
  if (!HOSTS.has(url.hostname)) return undefined;
  const path = url.pathname;
  if (LISTING.test(path)) return 'listing';
  if (/^\/search(?:\/advanced)?\/?$/.test(path) && url.searchParams.has('query')) return 'search';
  if (/^\/search\/[a-z-]+(?:\.[A-Za-z-]+)?\/?$/.test(path) && url.searchParams.has('query')) return 'search';
  if (/^\/abs\/./.test(path) && canonicalId(url.href)) return 'paper';
  return undefined;
}

/**
 * The arXiv id an entry's /abs/<id> link names (string work only: this runs for every entry of a listing).
 * The link is a child of the entry's <dt> in current markup: a walk over the children finds it without a
 * selector; older markup nests it (span.list-identifier), found by the query after.
 */
function absLinkId(scope: Element): string | undefined {
  for (let a = scope.firstElementChild; a; a = a.nextElementSibling) {
    if (a.tagName !== 'A') continue;
    const href = a.getAttribute('href');
    const id = href?.includes('/abs/') ? idOfAbsHref(href) : undefined;
    if (id) return id;
  }
  for (const a of scope.querySelectorAll('a[href*="/abs/"]')) {
    const id = idOfAbsHref(a.getAttribute('href') ?? '');
    if (id) return id;
  }
  return undefined;
}

/** New-style ids (nearly every entry) by one regex; everything else through canonicalId. */
const NEW_STYLE_ABS = /\/abs\/(\d{4}\.\d{4,5})(?:v\d+)?$/;
function idOfAbsHref(href: string): string | undefined {
  const m = NEW_STYLE_ABS.exec(href);
  return m ? `arxiv:${m[1]}` : canonicalId(`arXiv:${href.slice(href.indexOf('/abs/') + 5)}`);
}

/** Author names: the links of the authors block (a tag walk, cheaper than a descendant selector per entry). */
function names(block: Element | null | undefined): string[] {
  const out: string[] = [];
  if (!block) return out;
  const links = block.getElementsByTagName('a');
  for (let i = 0; i < links.length; i++) {
    const name = clean((links[i] as Element).textContent);
    if (name) out.push(name);
  }
  return out;
}

/** Subject names from a "Subjects:" line: "Human-Computer Interaction (cs.HC); Graphics (cs.GR)". */
function subjects(el: Element | undefined): string[] | undefined {
  const text = stripDescriptor(clean(el?.textContent), 'Subjects');
  if (!text) return undefined;
  const list = text.split(';').map(clean).filter(Boolean);
  return list.length ? list : undefined;
}

interface ListBlocks {
  title?: Element;
  authors?: Element;
  subjects?: Element;
  abstract?: Element;
}

/**
 * The blocks of a listing entry. arXiv's markup puts them side by side in dd > div.meta: a walk over those
 * children (no selector matching, no NodeList) finds them; any other arrangement falls back to one query.
 */
function listBlocks(dd: Element): ListBlocks {
  const meta = dd.firstElementChild;
  const b: ListBlocks = {};
  if (meta?.className === 'meta') {
    for (let el = meta.firstElementChild; el; el = el.nextElementSibling) sortBlock(b, el);
    if (b.title) return b;
  }
  for (const el of dd.querySelectorAll('.list-title, .list-authors, .list-subjects, p.mathjax, .list-abstract')) {
    sortBlock(b, el);
  }
  return b;
}

function sortBlock(b: ListBlocks, el: Element): void {
  const c = el.classList;
  if (c.contains('list-title')) b.title ??= el;
  else if (c.contains('list-authors')) b.authors ??= el;
  else if (c.contains('list-subjects')) b.subjects ??= el;
  else if (c.contains('list-abstract') || (el.tagName === 'P' && c.contains('mathjax'))) b.abstract ??= el;
}

/** An arXiv entry's fixed parts: its abs page and PDF follow from the id. */
function arxivEntry(id: string, title: string, authors: string[], element: Element): FeedEntry {
  const arxiv = id.slice('arxiv:'.length);
  return {
    id,
    title,
    authors,
    url: `https://arxiv.org/abs/${arxiv}`,
    pdfUrl: `https://arxiv.org/pdf/${arxiv}`,
    element,
  };
}

function listingEntries(doc: Document): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  // Current markup: dl#articles (several per page on /new and /pastweek); older: any dl of dt/dd pairs.
  // An indexed loop: the NodeList iterator protocol costs per step in cold (not yet optimised) code.
  const dts = doc.querySelectorAll('dl > dt');
  for (let i = 0; i < dts.length; i++) {
    const dt = dts[i] as Element;
    const dd = dt.nextElementSibling;
    if (dd?.tagName !== 'DD') continue;
    const id = absLinkId(dt);
    if (!id || seen.has(id)) continue; // cross-lists and replacements repeat ids
    const blocks = listBlocks(dd);
    // The "Title:" descriptor is the block's first text: stripped as text, no walk over the block.
    const title = stripDescriptor(clean(blocks.title?.textContent), 'Title');
    if (!title) continue;
    seen.add(id);
    const entry = arxivEntry(id, title, names(blocks.authors), dd);
    const abstract = clean(blocks.abstract?.textContent);
    if (abstract) entry.abstract = abstract;
    const kw = subjects(blocks.subjects);
    if (kw) entry.keywords = kw;
    out.push(entry);
  }
  return out;
}

function searchEntries(doc: Document): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const li of doc.querySelectorAll('li.arxiv-result')) {
    const id = absLinkId(li.querySelector('.list-title') ?? li);
    if (!id || seen.has(id)) continue;
    const title = clean(li.querySelector('p.title')?.textContent);
    if (!title) continue;
    seen.add(id);
    const entry = arxivEntry(id, title, names(li.querySelector('p.authors')), li);
    // The full abstract, not the truncated one; without its "△ Less" toggle.
    const abstract = textWithout(li.querySelector('.abstract-full') ?? li.querySelector('.abstract-short'), 'a');
    if (abstract) entry.abstract = abstract.replace(/^…\s*/, '');
    const submitted = /Submitted\s+([^;]+);/.exec(clean(li.querySelector('p.is-size-7')?.textContent));
    const published = isoDate(submitted?.[1]);
    if (published) entry.published = published;
    // Category tags only (is-link, with a tooltip naming the category); not the "doi" tag pair beside them.
    const tags = [...li.querySelectorAll('.tags .tag.is-link, .tags .tag[data-tooltip]')]
      .map((t) => clean(t.textContent))
      .filter((t) => t && !/\s/.test(t));
    if (tags.length) entry.keywords = tags;
    out.push(entry);
  }
  return out;
}

function extract(doc: Document, url: URL, kind: FeedKind): FeedEntry[] {
  if (kind === 'listing') return listingEntries(doc);
  if (kind === 'search') return searchEntries(doc);
  const one = citationEntry(doc, url);
  return one ? [one] : [];
}

export const arxivSite = {
  site: 'arxiv',
  label: 'arXiv',
  matches: ['https://arxiv.org/*', 'https://www.arxiv.org/*', 'https://export.arxiv.org/*'],
} satisfies SiteInfo;

export const arxiv: SiteAdapter = { ...arxivSite, detect: detect, extract: extract };

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  listing: [
    'https://arxiv.org/list/cs.LG/new',
    'https://arxiv.org/list/cs/2301?show=3',
    'https://arxiv.org/list/cs/9101',
    'https://arxiv.org/list/hep-th/recent',
    'https://arxiv.org/list/math.AG/pastweek?skip=0&show=25',
    'https://arxiv.org/list/cs.CL/2024-06',
    'https://www.arxiv.org/list/stat.ML/new',
  ],
  search: [
    'https://arxiv.org/search/?searchtype=abstract&query=distributed+systems&size=200',
    'https://arxiv.org/search/cs?query=diffusion&searchtype=all',
    'https://arxiv.org/search/advanced?advanced=1&terms-0-term=llm&query=llm',
  ],
  paper: [
    'https://arxiv.org/abs/2106.09608',
    'https://arxiv.org/abs/hep-th/9901001v2',
    'https://export.arxiv.org/abs/2312.00752',
  ],
};

/** Saved pages of this site and what must come out of them (tests/unit/sites.test.ts). */
export const cases: FixtureCase[] = [
  {
    file: 'shared:arxiv/list-cs-2301-show3.html',
    url: 'https://arxiv.org/list/cs/2301?show=3',
    kind: 'listing',
    count: 3,
    first: {
      id: 'arxiv:2301.00001',
      title: 'NFTrig',
      authors: ['Jordan Thompson', 'Ryan Benac', 'Kidus Olana', 'Talha Hassan', 'Andrew Sward', 'Tauheed Khan Mohd'],
      url: 'https://arxiv.org/abs/2301.00001',
      pdfUrl: 'https://arxiv.org/pdf/2301.00001',
      keywords: ['Human-Computer Interaction (cs.HC)'],
    },
    middle: [
      1,
      {
        id: 'arxiv:2301.00002',
        title: 'Evaluating Alternative Glyph Design for Showing Large-Magnitude-Range Quantum Spins',
        authors: ['Henan Zhao', 'Garnett W. Bryant', 'Wesley Griffin', 'Judith E. Terrill', 'Jian Chen'],
        keywords: ['Human-Computer Interaction (cs.HC)', 'Graphics (cs.GR)', 'Quantum Physics (quant-ph)'],
      },
    ],
    last: {
      id: 'arxiv:2301.00003',
      title: 'Emotion in Cognitive Architecture: Emergent Properties from Interactions with Human Emotion',
      authors: ['Junya Morita'],
    },
  },
  {
    file: 'shared:arxiv/list-cs-9101-empty.html',
    url: 'https://arxiv.org/list/cs/9101',
    kind: 'listing',
    count: 0,
  },
  {
    file: 'shared:arxiv/search-abstract-distributed-systems-200.html',
    url: 'https://arxiv.org/search/?searchtype=abstract&query=distributed+systems&size=200',
    kind: 'search',
    count: 200,
    first: {
      id: 'arxiv:2512.03003',
      title: 'The role of the top Yukawa coupling in triple Higgs production at the LHC',
      authors: ['Luca Panizzi'],
      published: '2025-12-02',
      keywords: ['hep-ph'],
      abstract:
        'In this letter I quantify the effects of varying the top Yukawa coupling in the process of production of three Higgs bosons at the LHC. Modifications of the coupling within experimentally observed ranges have a sizeable impact on the total cross-section, but do not have large effects on the distributions of the invariant mass of the three-Higgs system and other global observables.',
    },
    middle: [
      100,
      {
        id: 'arxiv:2512.11918',
        title: 'Financial Management Challenges in Enterprises Employing Remote and Hybrid Workforces',
        authors: [
          'Michał Ćwiąkała',
          'Gabriela Wojak',
          'Dariusz Baran',
          'Ernest Górka',
          'Bartłomiej Bartnik',
          'Waldemar Gajda',
          'Ryszard Ratajski',
        ],
        published: '2025-12-11',
        keywords: ['cs.CY'],
      },
    ],
    last: {
      id: 'arxiv:2512.08261',
      title:
        'Beyond Traditional Diagnostics: Transforming Patient-Side Information into Predictive Insights with Knowledge Graphs and Prototypes',
      published: '2025-12-09',
    },
  },
  {
    file: 'shared:arxiv/abs-2106.09608.html',
    url: 'https://arxiv.org/abs/2106.09608',
    kind: 'paper',
    count: 1,
    first: {
      id: 'arxiv:2106.09608',
      title: 'Learning Knowledge Graph-based World Models of Textual Environments',
      authors: ['Prithviraj Ammanabrolu', 'Mark O. Riedl'],
      pdfUrl: 'https://arxiv.org/pdf/2106.09608',
      published: '2021-06-17',
    },
  },
  {
    file: 'local:arxiv-new.synthetic.html',
    url: 'https://arxiv.org/list/cs.CL/new',
    kind: 'listing',
    count: 4,
    first: {
      id: 'arxiv:2406.08001',
      title: 'Attention Is Still All You Need: $O(n)$ Retrieval & Heads',
      authors: ['Ada Lovelace', 'Zoë Müller', 'Alan Turing'],
      abstract:
        'We revisit attention for retrieval. Our model uses $\\mathcal{O}(n)$ memory and keeps 99% of the quality.',
      keywords: ['Computation and Language (cs.CL)', 'Machine Learning (cs.LG)'],
    },
    middle: [1, { id: 'arxiv:2406.08002', title: 'A Tokenizer for Everyone', authors: ['Grace Hopper'] }],
    last: { id: 'arxiv:2301.00042', title: 'Old Ideas, New Data', authors: ['Marie Curie'] },
  },
  {
    file: 'local:arxiv-old.synthetic.html',
    url: 'https://arxiv.org/list/hep-th/recent',
    kind: 'listing',
    count: 3,
    first: {
      id: 'arxiv:hep-th/9901001',
      title: 'Strings on $AdS_5 \\times S^5$',
      authors: ['Juan Maldacena'],
      url: 'https://arxiv.org/abs/hep-th/9901001',
      pdfUrl: 'https://arxiv.org/pdf/hep-th/9901001',
    },
    middle: [1, { id: 'arxiv:hep-th/9901002', title: 'Branes and Bits', authors: ['Edward Witten', 'Nathan Seiberg'] }],
    last: { id: 'arxiv:0901.0001', title: 'A Paper Without Authors Listed', authors: [] },
  },
];
