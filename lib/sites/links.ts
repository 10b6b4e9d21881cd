/**
 * Link lists: pages whose entries are links to arXiv / OpenReview / DOI / HF paper URLs (reading lists, lab pages,
 * any site the user granted; and the list pages of site files built on it: OpenReview, alphaXiv, HF collections).
 * Entries are grouped by card (the largest element linking to one paper only), titled by the card's heading or its
 * most descriptive link text.
 * Checked against tests/fixtures/openreview-group.synthetic.html, alphaxiv-feed.synthetic.html and
 * reading-list.synthetic.html.
 */
import { landingUrl } from '../paper/ids';
import { cardsById, paperLinks } from './dom';
import { absUrl, clean, splitAuthors } from './text';
import type { FeedEntry, FixtureCase, SiteAdapter } from './types';

// Link texts that name a format or an id, not a paper.
const GENERIC =
  /^(?:\[?(?:pdf|abs|abstract|html|bib|bibtex|code|paper|arxiv|doi|link|forum|download|view|ps|other|more)\]?|arxiv:\s*\S+|doi:\s*\S+|10\.\d+\/\S+|https?:\/\/\S+|\d{4}\.\d{4,5}(?:v\d+)?)$/i;

/** `authors`: the block where a card names its authors, on sites whose markup is known. */
export function linkEntries(doc: Document, url: URL, options: { authors?: string } = {}): FeedEntry[] {
  const root = doc.body ?? doc.documentElement;
  const links = paperLinks(root, url).filter(([, id]) => !/^scholar:/.test(id));
  if (!links.length) return [];
  const cards = cardsById(links, root);
  const out: FeedEntry[] = [];
  for (const [id, card] of cards) {
    const own = links.filter(([, i]) => i === id);
    const heading = clean(card.querySelector('h1, h2, h3, h4, h5')?.textContent);
    const texts = own.map(([a]) => clean(a.textContent)).filter((t) => t.length > 3 && !GENERIC.test(t));
    const title =
      (heading && !GENERIC.test(heading) ? heading : undefined) ?? texts.sort((a, b) => b.length - a.length)[0];
    if (!title) continue;
    const hrefs = own.map(([a]) => absUrl(a.getAttribute('href'), url)).filter((h): h is string => !!h);
    const entry: FeedEntry = {
      id,
      title,
      authors: options.authors ? cardAuthors(card, options.authors) : [],
      url: landingUrl(id) ?? hrefs.find((h) => !/\/pdf\b|\.pdf$/i.test(h)) ?? url.href,
      element: card,
    };
    const pdf = hrefs.find((h) => /\/pdf\b|\.pdf$/i.test(h));
    if (pdf) entry.pdfUrl = pdf;
    out.push(entry);
  }
  return out;
}

/** Author names in a card's author block (`selector`): its links' texts, else its text split on commas. */
function cardAuthors(card: Element, selector: string): string[] {
  const block = card.querySelector(selector);
  if (!block) return [];
  const names = [...block.querySelectorAll('a')].map((a) => clean(a.textContent)).filter(Boolean);
  return names.length ? names : splitAuthors(block.textContent ?? '');
}

/** Generic: runs only where the user granted the site (extractFeed's anyLinks), never by URL. */
export const links: SiteAdapter = {
  site: 'web',
  label: 'Paper links on sites you grant',
  matches: [],
  detect: () => undefined,
  extract: (doc, url) => linkEntries(doc, url),
};

export const cases: FixtureCase[] = [
  {
    file: 'local:reading-list.synthetic.html',
    url: 'https://example.org/~ada/reading-list.html',
    kind: 'links',
    site: 'example.org',
    count: 3,
    first: { id: 'arxiv:1706.03762', title: 'Attention Is All You Need', url: 'https://arxiv.org/abs/1706.03762' },
    middle: [1, { id: 'doi:10.1038/nature14539', title: 'Deep learning', url: 'https://doi.org/10.1038/nature14539' }],
    last: { id: 'openreview:YicbFdNTTy', title: 'Generative Modeling with Phase Stochastic Bridges' },
  },
];
