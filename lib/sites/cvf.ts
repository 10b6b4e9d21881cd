/**
 * The Computer Vision Foundation's open access proceedings (openaccess.thecvf.com: CVPR, ICCV, WACV and their
 * workshops): a conference's paper list (/CVPR2023?day=all, /ICCV2023, /CVPR2023_workshops/…) and paper pages
 * (/content/…/html/…_paper.html, citation_* tags).
 * Checked against tests/fixtures/cvf-list.synthetic.html (the site's markup: dt.ptitle with the paper link, a dd of
 * author forms (input[name=query_author]), a dd of [pdf] [supp] [arXiv] links and the BibTeX). Ids: the arXiv id
 * where the list links one, else the paper page's landing id.
 */
import { listedId, proceedingsPaper } from './proceedings';
import { absUrl, clean } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

function detect(url: URL): FeedKind | undefined {
  if (url.hostname !== 'openaccess.thecvf.com') return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  if (/^\/content\/[\w-]+\/html\/(?:[\w-]+\/)?[\w-]+_paper\.html$/.test(path)) return 'paper';
  if (
    /^\/[A-Z]+\d{4}(?:_workshops(?:\/[\w-]+)?)?$/.test(path) ||
    /^\/content_[A-Za-z]+_\d{4}\/html\/[\w-]+\.py$/.test(path)
  )
    return 'listing';
  return undefined;
}

function listEntries(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  const conference = /^\/([A-Z]+)(\d{4})/.exec(url.pathname);
  for (const dt of doc.querySelectorAll('dt.ptitle')) {
    const a = dt.querySelector('a[href]');
    const href = absUrl(a?.getAttribute('href'), url);
    const title = clean(a?.textContent);
    // The two dd elements after the title: the authors, then the links.
    const who = dt.nextElementSibling?.tagName === 'DD' ? dt.nextElementSibling : undefined;
    const links = who?.nextElementSibling?.tagName === 'DD' ? who.nextElementSibling : undefined;
    const hrefs = [...(links?.querySelectorAll('a[href]') ?? [])].map((l) => absUrl(l.getAttribute('href'), url));
    const named = listedId(href, hrefs);
    if (!title || !href || !named || seen.has(named.id)) continue;
    seen.add(named.id);
    const inputs = [...(who?.querySelectorAll('input[name="query_author"]') ?? [])];
    const authors = (
      inputs.length
        ? inputs.map((i) => clean(i.getAttribute('value')))
        : [...(who?.querySelectorAll('a') ?? [])].map((x) => clean(x.textContent))
    ).filter(Boolean);
    const entry: FeedEntry = { ...named, title, authors, url: href, element: dt };
    const pdf = hrefs.find((h) => h && /\/papers\/.*\.pdf$/i.test(h));
    if (pdf) entry.pdfUrl = pdf;
    if (conference) {
      entry.venue = `${conference[1]} ${conference[2]}`;
      entry.published = conference[2];
    }
    out.push(entry);
  }
  return out;
}

export const cvfSite = {
  site: 'cvf',
  label: 'CVF open access (CVPR, ICCV, WACV)',
  matches: ['https://openaccess.thecvf.com/*'],
} satisfies SiteInfo;

export const cvf: SiteAdapter = {
  ...cvfSite,
  detect,
  extract: (doc, url, kind) => (kind === 'paper' ? proceedingsPaper(doc, url) : listEntries(doc, url)),
};

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  listing: [
    'https://openaccess.thecvf.com/CVPR2023?day=all',
    'https://openaccess.thecvf.com/ICCV2023',
    'https://openaccess.thecvf.com/CVPR2024_workshops/EarthVision',
  ],
  paper: ['https://openaccess.thecvf.com/content/CVPR2023/html/Lovelace_Analytical_Engines_CVPR_2023_paper.html'],
};

export const cases: FixtureCase[] = [
  {
    file: 'local:cvf-list.synthetic.html',
    url: 'https://openaccess.thecvf.com/CVPR2023?day=all',
    kind: 'listing',
    count: 2,
    first: {
      id: 'url:openaccess.thecvf.com/content/CVPR2023/html/Lovelace_Analytical_Engines_CVPR_2023_paper.html',
      title: 'Analytical Engines for Scene Understanding',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      pdfUrl: 'https://openaccess.thecvf.com/content/CVPR2023/papers/Lovelace_Analytical_Engines_CVPR_2023_paper.pdf',
      venue: 'CVPR 2023',
      published: '2023',
    },
    last: {
      id: 'arxiv:2303.00002',
      aliases: ['url:openaccess.thecvf.com/content/CVPR2023/html/Turing_Computable_Images_CVPR_2023_paper.html'],
      title: 'Computable Images',
      authors: ['Alan Turing'],
    },
  },
  {
    file: 'local:cvf-paper.synthetic.html',
    url: 'https://openaccess.thecvf.com/content/CVPR2023/html/Lovelace_Analytical_Engines_CVPR_2023_paper.html',
    kind: 'paper',
    count: 1,
    first: {
      id: 'url:openaccess.thecvf.com/content/CVPR2023/html/Lovelace_Analytical_Engines_CVPR_2023_paper.html',
      title: 'Analytical Engines for Scene Understanding',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      venue: 'Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)',
    },
  },
];
