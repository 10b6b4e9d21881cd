import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalId } from '../../lib/paper/ids';
import { detectPage, extractFeed, GENERIC_ADAPTERS, SITE_ADAPTERS } from '../../lib/sites/index';
import { FEED_MATCHES, SITES } from '../../lib/sites/registry';
import type { FeedKind, FixtureCase, SiteAdapter, SiteExamples } from '../../lib/sites/types';
import { LOCAL, load, parse, SHARED } from '../helpers/dom';

const shared = (p: string) => join(SHARED, p);
const local = (p: string) => join(LOCAL, p);

/** Every site file's fixture cases (lib/sites/*.ts `cases`), with the adapter that must read them. */
const modules = import.meta.glob<{ cases?: FixtureCase[]; examples?: SiteExamples }>('../../lib/sites/*.ts', {
  eager: true,
});
const ADAPTERS = [...SITE_ADAPTERS, ...GENERIC_ADAPTERS];
const CASES = Object.entries(modules).flatMap(([path, m]) =>
  (m.cases ?? []).map((c) => {
    const file = c.file.startsWith('shared:') ? shared(c.file.slice(7)) : local(c.file.replace(/^local:/, ''));
    return { ...c, file, module: path.replace(/^.*\//, '') };
  }),
);
/** The adapter a site file's module exports (by its own site name, or the generic one it holds). */
const adapterOf = (module: string) =>
  ADAPTERS.find((a) => Object.values(modules[`../../lib/sites/${module}`] ?? {}).includes(a as never));
/** A site adapter's example URLs: its site file's `examples` export. */
const examplesOf = (a: SiteAdapter): SiteExamples =>
  Object.values(modules).find((m) => Object.values(m).includes(a as never))?.examples ?? {};

describe.each(CASES)('$module $kind: $file', (c) => {
  const doc = load(c.file);
  // Generic adapters' pages: a granted site (the link list runs there only).
  const feed = extractFeed(doc, c.url, { anyLinks: c.kind === 'links' });
  const site = c.site ?? adapterOf(c.module)?.site;

  it(`yields exactly ${c.count} entries of the right site and kind`, () => {
    expect(feed).toBeDefined();
    expect(feed?.site).toBe(site);
    expect(feed?.kind).toBe(c.kind);
    expect(feed?.entries).toHaveLength(c.count);
  });

  it('gets the first, middle and last entries right', () => {
    const entries = feed?.entries ?? [];
    if (c.first) expect(entries[0]).toMatchObject(c.first);
    if (c.middle) expect(entries[c.middle[0]]).toMatchObject(c.middle[1]);
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
    const search = extractFeed(
      load(shared('arxiv/search-abstract-distributed-systems-200.html')),
      'https://arxiv.org/search/?searchtype=abstract&query=distributed+systems&size=200',
    );
    expect(search?.entries.every((e) => e.element?.matches('li.arxiv-result'))).toBe(true);
    const scholar = extractFeed(
      load(shared('google-scholar/search-2026.html')),
      'https://scholar.google.com/scholar?q=a',
    );
    expect(scholar?.entries.every((e) => e.element?.hasAttribute('data-cid'))).toBe(true);
    const listing = extractFeed(load(shared('arxiv/list-cs-2301-show3.html')), 'https://arxiv.org/list/cs/2301?show=3');
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
      'https://scholar.google.com/citations?view_op=search_authors&mauthors=label:nlp',
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
    Object.entries(examplesOf(a)).flatMap(([kind, urls]) =>
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

  it('every site adapter has examples and a fixture case for every page kind it claims, and no other', () => {
    for (const a of SITE_ADAPTERS) {
      const module = CASES.filter((c) => adapterOf(c.module) === a);
      const claimed = Object.keys(examplesOf(a)).sort();
      expect(claimed.length, a.site).toBeGreaterThan(0);
      expect([...new Set(module.map((c) => c.kind))].sort(), a.site).toEqual(claimed);
    }
    expect(all.length).toBeGreaterThanOrEqual(40);
  });
});

describe('registry', () => {
  it('lists the same sites, in the same order, as data (registry.ts) and as adapters (index.ts)', () => {
    expect(SITE_ADAPTERS.map((a) => a.site)).toEqual(SITES.map((s) => s.site));
    SITE_ADAPTERS.forEach((a, i) => {
      const info = SITES[i];
      expect({ label: a.label, matches: a.matches }).toEqual({ label: info?.label, matches: info?.matches });
    });
  });

  it('derives the content-script matches: whole https hosts, each claimed by its site, Scholar on every country domain', () => {
    for (const m of FEED_MATCHES) expect(m).toMatch(/^https:\/\/[a-z0-9.-]+\/\*$/);
    for (const a of SITE_ADAPTERS) {
      for (const urls of Object.values(examplesOf(a)))
        for (const u of urls ?? []) expect(FEED_MATCHES, u).toContain(`https://${new URL(u).hostname}/*`);
    }
    for (const host of ['scholar.google.com', 'scholar.google.de', 'scholar.google.co.jp', 'scholar.google.com.au'])
      expect(FEED_MATCHES).toContain(`https://${host}/*`);
    expect(FEED_MATCHES.filter((m) => m.startsWith('https://scholar.google.')).length).toBeGreaterThan(180);
    expect(FEED_MATCHES.some((m) => /<all_urls>|\*\./.test(m))).toBe(false);
  });

  it('has a fixture case for every adapter, generic ones included, and a site file for every adapter', () => {
    for (const a of ADAPTERS) {
      expect(
        CASES.some((c) => adapterOf(c.module) === a),
        a.label,
      ).toBe(true);
    }
    expect(GENERIC_ADAPTERS).toHaveLength(2);
  });

  it('every case names its first entry, and its middle and last ones when it has three or more', () => {
    const missing = CASES.filter(
      (c, i) =>
        // A second case on the same saved page checks the kind and count only (the first case checks the entries).
        CASES.findIndex((o) => o.file === c.file) === i &&
        ((c.count > 0 && !c.first) || (c.count >= 3 && (!c.middle || !c.last))),
    ).map((c) => `${c.module} ${c.file}`);
    expect(missing).toEqual([]);
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
