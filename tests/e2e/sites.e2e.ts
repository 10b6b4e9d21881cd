/**
 * Issue 15 in real Chromium: one page of each site family the site files added (and Scholar on a country domain, in
 * its markup without data-cid), served at the site's real host name. The overlay must find exactly the entries the
 * adapter finds in the same saved page (the fixture tests check those against the page), and give each a star.
 * Then a paper first starred on an ACL Anthology volume (by its Anthology id) keeps its star when its own page names
 * its DOI: the library moves it to the DOI, and the volume still shows it starred.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFeed } from '../../lib/sites/index';
import type { FixtureCase } from '../../lib/sites/types';
import { attr, click, count, entry, settled } from './closed';
import { type Browser, LOCAL_FIXTURES, launch, type Served, SHARED_FIXTURES, serve, tempDir } from './harness';

const modules = import.meta.glob<{ cases?: FixtureCase[] }>('../../lib/sites/*.ts', { eager: true });
const caseOf = (module: string, pick: (c: FixtureCase) => boolean): FixtureCase => {
  const c = modules[`../../lib/sites/${module}`]?.cases?.find(pick);
  if (!c) throw new Error(`no case in ${module}`);
  return c;
};
const fileOf = (c: FixtureCase) =>
  c.file.startsWith('shared:') ? join(SHARED_FIXTURES, c.file.slice(7)) : join(LOCAL_FIXTURES, c.file.slice(6));

/** One list page per family: the site file's first listing-like case. */
const PAGES: [string, FixtureCase][] = [
  ['scholar.ts', caseOf('scholar.ts', (c) => c.file.includes('scholar-old'))],
  ['scholar.ts', caseOf('scholar.ts', (c) => c.url.includes('/citations'))],
  ['huggingface.ts', caseOf('huggingface.ts', (c) => c.url.includes('/collections/'))],
  ['openreview.ts', caseOf('openreview.ts', (c) => c.kind === 'listing')],
  ['alphaxiv.ts', caseOf('alphaxiv.ts', (c) => c.kind === 'trending')],
  ['acl.ts', caseOf('acl.ts', (c) => c.kind === 'listing')],
  ['dblp.ts', caseOf('dblp.ts', (c) => c.url.includes('/pid/'))],
  ['pmlr.ts', caseOf('pmlr.ts', (c) => c.kind === 'listing')],
  ['neurips.ts', caseOf('neurips.ts', (c) => c.kind === 'listing')],
  ['cvf.ts', caseOf('cvf.ts', (c) => c.kind === 'listing')],
  ['semanticscholar.ts', caseOf('semanticscholar.ts', (c) => c.kind === 'search')],
  ['biorxiv.ts', caseOf('biorxiv.ts', (c) => c.kind === 'listing')],
  ['pubmed.ts', caseOf('pubmed.ts', (c) => c.kind === 'search')],
  ['pmlr.ts', caseOf('pmlr.ts', (c) => c.kind === 'paper')],
];

const VOLUME = 'https://aclanthology.org/volumes/2023.acl-long/';
const PAPER = 'https://aclanthology.org/2023.acl-long.1/';
const ACL_ID = 'acl:2023.acl-long.1';
const DOI = 'doi:10.18653/v1/2023.acl-long.1';
const TITLE =
  'One Cannot Stand for Everyone! Leveraging Multiple User Simulators to train Task-oriented Dialogue Systems';
/** The paper's own page, as the Anthology serves it: citation tags with its DOI. */
const PAPER_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>${TITLE} - ACL Anthology</title>
<meta name="citation_title" content="${TITLE}"><meta name="citation_author" content="Liu, Yajiao">
<meta name="citation_doi" content="10.18653/v1/2023.acl-long.1">
<meta name="citation_pdf_url" content="https://aclanthology.org/2023.acl-long.1.pdf"></head>
<body><section id="main"><h2 id="title"><a href="https://aclanthology.org/2023.acl-long.1.pdf">${TITLE}</a></h2></section></body></html>`;

/**
 * OpenReview renders its venue pages by script: the server's HTML has an empty list, and the notes arrive from its
 * API a moment later. Here the notes of the synthetic group page are put in by the page's own script after 400 ms.
 */
const RENDERED_LATER = `<!doctype html><html><head><title>ICLR 2024 | OpenReview</title></head><body><main id="content">
<h1>ICLR 2024 Conference</h1><div class="tab-pane" id="accept-oral"><ul class="list-unstyled submissions-list"></ul></div>
</main><script>
setTimeout(() => {
  const notes = [['YicbFdNTTy', 'Generative Modeling with Phase Stochastic Bridges', 'Tianrong Chen'],
                 ['hB7SlfEmze', 'Lipschitz Singularities in Diffusion Models', 'Zhantao Yang']];
  const ul = document.querySelector('.submissions-list');
  for (const [id, title, who] of notes) {
    const li = document.createElement('li');
    li.className = 'note';
    const h4 = document.createElement('h4');
    const a = document.createElement('a');
    a.href = '/forum?id=' + id;
    a.textContent = title;
    h4.append(a);
    const authors = document.createElement('div');
    authors.className = 'note-authors';
    authors.textContent = who;
    li.append(h4, authors);
    ul.append(li);
  }
}, 400);
</script></body></html>`;

describe('sites, round 2, in real Chromium', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    const routes: Record<string, string | { html: string }> = {
      'aclanthology.org/2023.acl-long.1/': { html: PAPER_HTML },
      'openreview.net/venue': { html: RENDERED_LATER },
    };
    for (const [, c] of PAGES) {
      const u = new URL(c.url);
      routes[`${u.hostname}${u.pathname}`] = fileOf(c);
    }
    served = await serve(routes, tempDir('ps-cert-'));
    browser = await launch(served.port);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it.each(PAGES.map(([m, c]) => [m, c.kind, c.url, c]))('%s %s: %s', async (_m, _k, url, c) => {
    const want = extractFeed(
      new DOMParser().parseFromString(
        readFileSync(fileOf(c as FixtureCase), 'utf8'),
        'text/html',
      ) as unknown as Document,
      url as string,
    );
    const ids = (want?.entries ?? []).map((e) => e.id);
    expect(ids).toHaveLength((c as FixtureCase).count);
    const page = await browser.context.newPage();
    await page.goto(url as string);
    await settled(page, ids.length);
    const shown = await page
      .locator('papershelf-entry')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.paperId ?? ''));
    expect(shown).toEqual(ids);
    // The first entry (near the top) has its controls: a star in the closed shadow root.
    await expect.poll(() => count(page, entry(ids[0] as string), '.ps-star')).toBe(1);
    await page.close();
  });

  it('OpenReview: notes rendered by script after load get their controls when they arrive', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://openreview.net/venue?id=ICLR.cc/2024/Conference');
    expect(await page.locator('papershelf-entry').count()).toBe(0);
    await settled(page, 2);
    const shown = await page
      .locator('papershelf-entry')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.paperId ?? ''));
    expect(shown).toEqual(['openreview:YicbFdNTTy', 'openreview:hB7SlfEmze']);
    const stored = (await browser.read('p:openreview:YicbFdNTTy'))['p:openreview:YicbFdNTTy'] as { authors: string[] };
    expect(stored.authors).toEqual(['Tianrong Chen']);
    await page.close();
  });

  it('a paper starred by its Anthology id keeps its star when its own page names its DOI', async () => {
    const volume = await browser.context.newPage();
    await volume.goto(VOLUME);
    await settled(volume, 3);
    await expect.poll(() => count(volume, entry(ACL_ID), '.ps-star')).toBe(1);
    await click(volume, entry(ACL_ID), '.ps-star');
    await expect.poll(() => attr(volume, entry(ACL_ID), '.ps-star', 'aria-pressed')).toBe('true');
    await expect.poll(async () => (await browser.read(`p:${ACL_ID}`))[`p:${ACL_ID}`]).toMatchObject({ starred: true });

    const paper = await browser.context.newPage();
    await paper.goto(PAPER);
    await settled(paper, 1);
    expect(await paper.locator('papershelf-entry').getAttribute('data-paper-id')).toBe(DOI);
    await expect.poll(() => attr(paper, entry(DOI), '.ps-star', 'aria-pressed')).toBe('true');
    const stored = await browser.read([`p:${DOI}`, `p:${ACL_ID}`, `al:${ACL_ID}`]);
    expect(stored[`p:${DOI}`]).toMatchObject({ id: DOI, starred: true });
    expect(stored[`p:${ACL_ID}`]).toBeUndefined();
    expect(stored[`al:${ACL_ID}`]).toEqual({ v: 1, to: DOI });
    await paper.close();

    // The volume, loaded again, still names it by its Anthology id: the same paper, still starred.
    await volume.reload();
    await settled(volume, 3);
    await expect.poll(() => attr(volume, entry(ACL_ID), '.ps-star', 'aria-pressed')).toBe('true');
    await volume.close();
  });
});
