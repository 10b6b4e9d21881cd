import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalId } from '../../lib/paper/ids';
import { detectPage, extractFeed, type FeedEntry, GENERIC_ADAPTERS, SITE_ADAPTERS } from '../../lib/sites/index';
import type { FeedKind, SiteAdapter } from '../../lib/sites/types';
import { LOCAL, load, parse, SHARED } from '../helpers/dom';

interface FixtureCase {
  file: string;
  url: string;
  site: string;
  kind: FeedKind;
  count: number;
  first?: Partial<FeedEntry>;
  last?: Partial<FeedEntry>;
}

const shared = (p: string) => join(SHARED, p);
const local = (p: string) => join(LOCAL, p);

// Every page capture in ../shared/fixtures, and a synthetic page for each kind without a capture.
const CASES: FixtureCase[] = [
  {
    file: shared('huggingface/daily-2024-08-01.html'),
    url: 'https://huggingface.co/papers?date=2024-08-01',
    site: 'hf',
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
    last: {
      id: 'arxiv:2404.01300',
      title: 'NeRF-MAE: Masked AutoEncoders for Self-Supervised 3D Representation Learning for Neural Radiance Fields',
      upvotes: 3,
      published: '2024-04-01',
    },
  },
  {
    file: shared('arxiv/list-cs-2301-show3.html'),
    url: 'https://arxiv.org/list/cs/2301?show=3',
    site: 'arxiv',
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
    last: {
      id: 'arxiv:2301.00003',
      title: 'Emotion in Cognitive Architecture: Emergent Properties from Interactions with Human Emotion',
      authors: ['Junya Morita'],
    },
  },
  {
    file: shared('arxiv/list-cs-9101-empty.html'),
    url: 'https://arxiv.org/list/cs/9101',
    site: 'arxiv',
    kind: 'listing',
    count: 0,
  },
  {
    file: shared('arxiv/search-abstract-distributed-systems-200.html'),
    url: 'https://arxiv.org/search/?searchtype=abstract&query=distributed+systems&size=200',
    site: 'arxiv',
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
    last: {
      id: 'arxiv:2512.08261',
      title:
        'Beyond Traditional Diagnostics: Transforming Patient-Side Information into Predictive Insights with Knowledge Graphs and Prototypes',
      published: '2025-12-09',
    },
  },
  {
    file: shared('arxiv/abs-2106.09608.html'),
    url: 'https://arxiv.org/abs/2106.09608',
    site: 'arxiv',
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
    file: shared('google-scholar/search-2026.html'),
    url: 'https://scholar.google.com/scholar?q=attention+mechanism&hl=en',
    site: 'scholar',
    kind: 'search',
    count: 10,
    first: {
      id: 'scholar:2BmMArIDz08J',
      title: 'A review on the attention mechanism of deep learning',
      authors: ['Z Niu', 'G Zhong', 'H Yu'],
      url: 'https://www.sciencedirect.com/science/article/pii/S092523122100477X',
      venue: 'Neurocomputing',
      published: '2021',
      citations: 3863,
    },
    last: {
      id: 'scholar:eflKrQ8HZFgJ',
      title: 'An empirical study of spatial attention mechanisms in deep networks',
      authors: ['X Zhu', 'D Cheng', 'Z Zhang', 'S Lin'],
      published: '2019',
      citations: 808,
    },
  },
  // Synthetic pages for the kinds with no capture.
  {
    file: local('hf-trending.synthetic.html'),
    url: 'https://huggingface.co/papers/trending',
    site: 'hf',
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
    last: {
      id: 'arxiv:2412.20138',
      title: 'TradingAgents: Multi-Agents LLM Financial Trading Framework',
      authors: ['Yijia Xiao', 'Edward Sun'],
    },
  },
  {
    file: local('hf-paper.synthetic.html'),
    url: 'https://huggingface.co/papers/2608.09888',
    site: 'hf',
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
    file: local('hf-search.synthetic.html'),
    url: 'https://huggingface.co/papers?q=diffusion',
    site: 'hf',
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
    file: local('arxiv-new.synthetic.html'),
    url: 'https://arxiv.org/list/cs.CL/new',
    site: 'arxiv',
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
    last: { id: 'arxiv:2301.00042', title: 'Old Ideas, New Data', authors: ['Marie Curie'] },
  },
  {
    file: local('arxiv-old.synthetic.html'),
    url: 'https://arxiv.org/list/hep-th/recent',
    site: 'arxiv',
    kind: 'listing',
    count: 3,
    first: {
      id: 'arxiv:hep-th/9901001',
      title: 'Strings on $AdS_5 \\times S^5$',
      authors: ['Juan Maldacena'],
      url: 'https://arxiv.org/abs/hep-th/9901001',
      pdfUrl: 'https://arxiv.org/pdf/hep-th/9901001',
    },
    last: { id: 'arxiv:0901.0001', title: 'A Paper Without Authors Listed', authors: [] },
  },
  {
    file: local('openreview-group.synthetic.html'),
    url: 'https://openreview.net/group?id=ICLR.cc/2024/Conference',
    site: 'openreview.net',
    kind: 'links',
    count: 2,
    first: {
      id: 'openreview:YicbFdNTTy',
      title: 'Generative Modeling with Phase Stochastic Bridges',
      url: 'https://openreview.net/forum?id=YicbFdNTTy',
      pdfUrl: 'https://openreview.net/pdf?id=YicbFdNTTy',
    },
    last: { id: 'openreview:hB7SlfEmze', title: 'Lipschitz Singularities in Diffusion Models' },
  },
  {
    file: local('alphaxiv-feed.synthetic.html'),
    url: 'https://www.alphaxiv.org/explore',
    site: 'alphaxiv.org',
    kind: 'links',
    count: 2,
    first: { id: 'arxiv:2501.12948', title: 'DeepSeek-R1: Incentivizing Reasoning Capability in LLMs' },
    last: {
      id: 'arxiv:2406.08001',
      title: 'Attention Is Still All You Need',
      pdfUrl: 'https://arxiv.org/pdf/2406.08001',
    },
  },
  {
    file: local('acl-paper.synthetic.html'),
    url: 'https://aclanthology.org/2021.naacl-main.208/',
    site: 'aclanthology.org',
    kind: 'paper',
    count: 1,
    first: {
      id: 'doi:10.18653/v1/2021.naacl-main.208',
      title: 'A Paper on Things & Stuff',
      authors: ['Ada Lovelace', 'Alan Turing'],
      published: '2021-06',
      venue: 'Proceedings of the 2021 Conference of the North American Chapter of the ACL',
      pdfUrl: 'https://aclanthology.org/2021.naacl-main.208.pdf',
    },
  },
];

describe.each(CASES)('$site $kind: $file', (c) => {
  const doc = load(c.file);
  const feed = extractFeed(doc, c.url);

  it(`yields exactly ${c.count} entries of the right site and kind`, () => {
    expect(feed).toBeDefined();
    expect(feed?.site).toBe(c.site);
    expect(feed?.kind).toBe(c.kind);
    expect(feed?.entries).toHaveLength(c.count);
  });

  it('gets the first and last entries right', () => {
    const entries = feed?.entries ?? [];
    if (c.first) expect(entries[0]).toMatchObject(c.first);
    if (c.last) expect(entries.at(-1)).toMatchObject(c.last);
  });

  it('gives every entry a canonical id, a clean title, one entry per paper, and its element', () => {
    const entries = feed?.entries ?? [];
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    for (const e of entries) {
      expect(canonicalId(e.id)).toBe(e.id);
      expect(e.title).toBe(e.title.replace(/\s+/g, ' ').trim());
      expect(e.title).not.toMatch(/^Title:/);
      expect(e.authors.every((a) => a === a.trim() && a.length > 0)).toBe(true);
      expect(e.element, e.id).toBeDefined();
      // The element is the entry's own: its text holds the start of its title (whitespace as the title has it)...
      expect((e.element?.textContent ?? '').replace(/\s+/g, ' '), e.id).toContain(e.title.slice(0, 20));
    }
    // ...and not its neighbour's (an element that wraps the whole list would hold every title).
    entries.forEach((e, i) => {
      const next = entries[i + 1];
      if (!next || next.title.slice(0, 20) === e.title.slice(0, 20)) return;
      expect((e.element?.textContent ?? '').replace(/\s+/g, ' '), e.id).not.toContain(next.title.slice(0, 20));
    });
  });
});

describe('entry elements', () => {
  it('are the cards on the HF daily page (one <article> each)', () => {
    const feed = extractFeed(
      load(shared('huggingface/daily-2024-08-01.html')),
      'https://huggingface.co/papers?date=2024-08-01',
    );
    expect(feed?.entries.every((e) => e.element?.tagName === 'ARTICLE')).toBe(true);
    expect(feed?.entries[0]?.element?.querySelector('h3')?.textContent).toBe('The Llama 3 Herd of Models');
  });

  it('are the result blocks on arXiv search and Scholar, and the dd on arXiv listings', () => {
    const search = extractFeed(load(shared('arxiv/search-abstract-distributed-systems-200.html')), CASES[3]?.url ?? '');
    expect(search?.entries.every((e) => e.element?.matches('li.arxiv-result'))).toBe(true);
    const scholar = extractFeed(load(shared('google-scholar/search-2026.html')), CASES[5]?.url ?? '');
    expect(scholar?.entries.every((e) => e.element?.hasAttribute('data-cid'))).toBe(true);
    const listing = extractFeed(load(shared('arxiv/list-cs-2301-show3.html')), CASES[1]?.url ?? '');
    expect(listing?.entries.every((e) => e.element?.tagName === 'DD')).toBe(true);
  });

  it('on a page whose cards are plain divs, is the card, not the sidebar link', () => {
    const feed = extractFeed(load(local('hf-search.synthetic.html')), 'https://huggingface.co/papers?q=diffusion');
    expect(feed?.entries[0]?.element?.className).toBe('card');
  });
});

describe('Scholar', () => {
  it('prefers an arXiv id over a DOI found in the same result, and a DOI over the cluster id', () => {
    const feed = extractFeed(
      load(shared('google-scholar/search-2026.html')),
      'https://scholar.google.com/scholar?q=attention',
    );
    const ids = feed?.entries.map((e) => e.id) ?? [];
    expect(ids).toContain('arxiv:2204.13154'); // Springer DOI link with an arXiv PDF beside it
    expect(ids).toContain('arxiv:2203.14263');
    expect(ids).toContain('doi:10.1088/1742-6596/1693/1/012173');
    expect(ids.filter((i) => i.startsWith('scholar:'))).toHaveLength(6);
  });
});

describe('robustness', () => {
  const hfUrl = 'https://huggingface.co/papers?date=2024-08-01';

  it('falls back to the DOM when the embedded JSON is missing or malformed', () => {
    for (const damage of ['remove', 'garble'] as const) {
      const doc = load(shared('huggingface/daily-2024-08-01.html'));
      const props = doc.querySelector('[data-target="DailyPapers"]');
      if (damage === 'remove') props?.removeAttribute('data-props');
      else props?.setAttribute('data-props', '{"dailyPapers":[{"paper":');
      const feed = extractFeed(doc, hfUrl);
      expect(feed?.entries, damage).toHaveLength(13);
      expect(feed?.entries[0]).toMatchObject({ id: 'arxiv:2407.21783', title: 'The Llama 3 Herd of Models' });
      expect(feed?.entries.at(-1)?.id).toBe('arxiv:2404.01300');
    }
  });

  it('reads a paper page without its JSON from the URL and the heading, ignoring links to other papers', () => {
    const doc = load(local('hf-paper.synthetic.html'));
    doc.querySelector('[data-props]')?.removeAttribute('data-props');
    const feed = extractFeed(doc, 'https://huggingface.co/papers/2608.09888');
    expect(feed?.entries.map((e) => [e.id, e.title, e.element?.tagName])).toEqual([
      ['arxiv:2608.09888', 'BDH-CQ: In-Context Learning with Recurrent Latent Reasoning', 'H1'],
    ]);
  });

  it('skips entries with no title or no id instead of throwing', () => {
    const doc = parse(`<dl id="articles">
      <dt><a href="/abs/2401.00001">arXiv:2401.00001</a></dt><dd><div class="list-title"><span class="descriptor">Title:</span></div></dd>
      <dt><a href="/abs/not-an-id">arXiv:?</a></dt><dd><div class="list-title">No id</div></dd>
      <dt><a href="/abs/2401.00003">arXiv:2401.00003</a></dt><dd><div class="list-title">Kept</div></dd>
      <dt>no dd follows</dt></dl>`);
    const feed = extractFeed(doc, 'https://arxiv.org/list/cs.AI/new');
    expect(feed?.entries.map((e) => [e.id, e.title])).toEqual([['arxiv:2401.00003', 'Kept']]);
  });

  it('reads arXiv listing ids of every link shape, and blocks outside div.meta, as canonicalId would', () => {
    const hrefs = [
      '/abs/2407.00001v3',
      'https://arxiv.org/abs/2407.00002',
      '/abs/2407.00003?context=cs',
      '/abs/hep-th/9901001v2',
      '/abs/0704.0001',
      '/abs/math.GT/0309136',
    ];
    const rows = hrefs.map(
      (href, i) =>
        // The first /abs/ link names no paper: the next one does. Entry 3 keeps its blocks outside div.meta.
        `<dt><a href="/abs/junk">x</a> <span><a href="${href}">id</a></span></dt>` +
        (i === 3
          ? `<dd><div class="list-title">T${i}</div><div class="list-authors"><a>A ${i}</a></div><p class="mathjax">Abs ${i}</p></dd>`
          : `<dd><div class="meta"><div class="list-title mathjax">T${i}</div><div class="list-authors"><a>A ${i}</a></div><p class="mathjax">Abs ${i}</p></div></dd>`),
    );
    const feed = extractFeed(parse(`<dl>${rows.join('')}</dl>`), 'https://arxiv.org/list/cs.AI/new');
    expect(feed?.entries.map((e) => e.id)).toEqual(hrefs.map((h) => canonicalId(new URL(h, 'https://arxiv.org').href)));
    expect(feed?.entries.map((e) => [e.title, e.authors, e.abstract])).toEqual(
      hrefs.map((_, i) => [`T${i}`, [`A ${i}`], `Abs ${i}`]),
    );
  });
  it('returns undefined for an adapter that throws, leaving the page alone', () => {
    const broken = {
      querySelectorAll: () => {
        throw new Error('boom');
      },
      querySelector: () => null,
    } as unknown as Document;
    expect(extractFeed(broken, 'https://arxiv.org/list/cs.AI/new')).toBeUndefined();
  });

  it('says "not a feed" for pages that are not feeds, and for bad URLs', () => {
    const page = parse(
      '<html><body><h1>Welcome</h1><a href="https://arxiv.org/abs/2401.00001">a paper</a></body></html>',
    );
    for (const url of [
      'https://arxiv.org/',
      'https://huggingface.co/meta-llama/Llama-3.1-8B',
      'https://huggingface.co/models',
      'https://scholar.google.com/citations?user=HqKD-fwAAAAJ&hl=en',
      'https://github.com/huggingface/transformers',
      'not a url',
    ]) {
      expect(extractFeed(page, url), url).toBeUndefined();
    }
    // The generic link adapter runs elsewhere only when asked (a site the user granted).
    const granted = extractFeed(page, 'https://example.org/reading-list', { anyLinks: true });
    expect(granted).toMatchObject({
      site: 'example.org',
      kind: 'links',
      entries: [{ id: 'arxiv:2401.00001', title: 'a paper' }],
    });
  });
});

describe('URL detection', () => {
  const all: [SiteAdapter, FeedKind, string][] = SITE_ADAPTERS.flatMap((a) =>
    Object.entries(a.examples).flatMap(([kind, urls]) =>
      (urls ?? []).map((u) => [a, kind as FeedKind, u] as [SiteAdapter, FeedKind, string]),
    ),
  );

  it.each(all.map(([a, k, u]) => [a.site, k, u]))('%s %s: %s', (site, kind, url) => {
    const hit = detectPage(new URL(url));
    expect(hit?.adapter.site).toBe(site);
    expect(hit?.kind).toBe(kind);
    // … and no other adapter claims it.
    const claims = SITE_ADAPTERS.filter((a) => a.detect(new URL(url)));
    expect(claims.map((a) => a.site)).toEqual([site]);
  });

  it('lists examples for every page kind of every site adapter', () => {
    expect(Object.keys(SITE_ADAPTERS.find((a) => a.site === 'hf')?.examples ?? {}).sort()).toEqual([
      'daily',
      'paper',
      'search',
      'trending',
    ]);
    expect(Object.keys(SITE_ADAPTERS.find((a) => a.site === 'arxiv')?.examples ?? {}).sort()).toEqual([
      'listing',
      'paper',
      'search',
    ]);
    expect(all.length).toBeGreaterThanOrEqual(20);
  });

  it('link-list examples are claimed by the link adapter only', () => {
    const linkAdapter = GENERIC_ADAPTERS.find((a) => a.examples.links);
    for (const url of linkAdapter?.examples.links ?? []) {
      expect(detectPage(new URL(url)), url).toBeUndefined();
      expect(linkAdapter?.detect(new URL(url)), url).toBe('links');
    }
  });
});

describe('registry', () => {
  it('has a fixture test for every adapter', () => {
    const tested = new Set(CASES.map((c) => (SITE_ADAPTERS.some((a) => a.site === c.site) ? c.site : c.kind)));
    for (const a of SITE_ADAPTERS) expect(tested, a.site).toContain(a.site);
    // Generic adapters are named by the kind of page they produce.
    for (const kind of ['paper', 'links']) expect(tested, kind).toContain(kind);
    expect(GENERIC_ADAPTERS).toHaveLength(2);
  });
});

describe('clean', () => {
  it('collapses every whitespace run like /\\s+/g, on short and long text alike', async () => {
    const { clean } = await import('../../lib/sites/text');
    const pieces = ['word', ' ', '  ', '\n', '\n  ', '\t', '\r\n', '\u00a0', '\u2009', '\u3000', 'μP', '<b>', '&'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let k = 0; k < 300; k++) {
      const len = k % 3 === 0 ? 20 : 400;
      const text = Array.from({ length: len }, () => pieces[rand(pieces.length)]).join('');
      expect(clean(text)).toBe(text.replace(/\s+/g, ' ').trim());
    }
    expect(clean(null)).toBe('');
  });
});
