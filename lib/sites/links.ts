/**
 * Link lists: pages whose entries are links to arXiv / OpenReview / DOI / HF paper URLs (OpenReview venue and
 * group pages, alphaXiv, reading lists). Entries are grouped by card (the largest element linking to one paper
 * only), titled by the card's heading or its most descriptive link text.
 * Checked against tests/fixtures/openreview-group.synthetic.html and alphaxiv-feed.synthetic.html.
 */
import { landingUrl } from '../paper/ids';
import { cardsById, paperLinks } from './dom';
import { absUrl, clean } from './text';
import type { FeedEntry, FeedKind, SiteAdapter } from './types';

/** Hosts whose pages are link lists; elsewhere this adapter runs only where the user granted the site. */
export const LINK_LIST_HOSTS = new Set(['openreview.net', 'www.openreview.net', 'alphaxiv.org', 'www.alphaxiv.org']);

// Link texts that name a format or an id, not a paper.
const GENERIC =
  /^(?:\[?(?:pdf|abs|abstract|html|bib|bibtex|code|paper|arxiv|doi|link|forum|download|view|ps|other|more)\]?|arxiv:\s*\S+|doi:\s*\S+|10\.\d+\/\S+|https?:\/\/\S+|\d{4}\.\d{4,5}(?:v\d+)?)$/i;

export function linkEntries(doc: Document, url: URL): FeedEntry[] {
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
      authors: [],
      url: landingUrl(id) ?? hrefs.find((h) => !/\/pdf\b|\.pdf$/i.test(h)) ?? url.href,
      element: card,
    };
    const pdf = hrefs.find((h) => /\/pdf\b|\.pdf$/i.test(h));
    if (pdf) entry.pdfUrl = pdf;
    out.push(entry);
  }
  return out;
}

export const links: SiteAdapter = {
  site: 'web',
  detect: (url: URL): FeedKind | undefined => {
    if (!LINK_LIST_HOSTS.has(url.hostname)) return undefined;
    // A single forum page is a paper page (citation tags); group, venue and feed pages are link lists.
    return /^\/(?:forum|pdf)\/?$/.test(url.pathname) ? undefined : 'links';
  },
  extract: (doc, url) => linkEntries(doc, url),
  examples: {
    links: [
      'https://openreview.net/group?id=ICLR.cc/2024/Conference',
      'https://openreview.net/group?id=NeurIPS.cc/2023/Conference#tab-accept-oral',
      'https://www.alphaxiv.org/',
      'https://www.alphaxiv.org/explore',
    ],
  },
};
