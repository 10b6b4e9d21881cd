/**
 * Google Scholar on every country domain Google serves (scholar.google.com, .de, .co.jp, .com.au, …): result pages
 * (/scholar?q=…, cites=, cluster=) and author profiles (/citations?user=…).
 * Checked against ../shared/fixtures/google-scholar/search-2026.html (10 results, div.gs_r.gs_or.gs_scl[data-cid]),
 * tests/fixtures/scholar-old.synthetic.html (the markup without data-cid: div.gs_r > div.gs_ri > h3.gs_rt) and
 * scholar-profile.synthetic.html (tr.gsc_a_tr rows). Inside a result, the gs_rt / gs_a / gs_ggs blocks Scholar has
 * used for over a decade. Ids come from arXiv / DOI links where present, else the cluster id (scholar:<cid>: the
 * data-cid, or on older markup the same id in the "Related articles" link, else the "All versions" cluster
 * number); a profile's rows are named by their citation key (scholar:<user>:<key>).
 */
import { canonicalId, preferredId } from '../paper/ids';
import { absUrl, clean, splitAuthors, textWithout } from './text';
import type { FeedEntry, FeedKind, FixtureCase, SiteAdapter, SiteExamples, SiteInfo } from './types';

const HOST = /^scholar\.google\.(?:com|[a-z]{2,3}|com?\.[a-z]{2})$/;

/** Google's country domains (google.com/supported_domains): Scholar answers on each as scholar.google.<domain>. */
const GOOGLE_DOMAINS =
  'com ad ae com.af com.ag al am co.ao com.ar as at com.au az ba com.bd be bf bg com.bh bi bj com.bn com.bo com.br ' +
  'bs bt co.bw by com.bz ca cd cf cg ch ci co.ck cl cm cn com.co co.cr com.cu cv com.cy cz de dj dk dm com.do dz ' +
  'com.ec ee com.eg es com.et fi com.fj fm fr ga ge gg com.gh com.gi gl gm gr com.gt gy com.hk hn hr ht hu co.id ie ' +
  'co.il im co.in iq is it je com.jm jo co.jp co.ke com.kh ki kg co.kr com.kw kz la com.lb li lk co.ls lt lu lv ' +
  'com.ly co.ma md me mg mk ml com.mm mn com.mt mu mv mw com.mx com.my co.mz com.na com.ng com.ni ne nl no com.np ' +
  'nr nu co.nz com.om com.pa com.pe com.pg com.ph com.pk pl pn com.pr ps pt com.py com.qa ro ru rw com.sa com.sb sc ' +
  'se com.sg sh si sk com.sl sn so sm sr st com.sv td tg co.th com.tj tl tm tn to com.tr tt com.tw co.tz com.ua ' +
  'co.ug co.uk com.uy co.uz com.vc co.ve co.vi com.vn vu ws rs co.za co.zm co.zw cat';

function detect(url: URL): FeedKind | undefined {
  if (!HOST.test(url.hostname)) return undefined;
  const q = url.searchParams;
  if (/^\/scholar\/?$/.test(url.pathname) && (q.has('q') || q.has('cites') || q.has('cluster'))) return 'search';
  // A profile's paper list; not a single citation's view (view_op=view_citation) nor a list of profiles.
  if (/^\/citations\/?$/.test(url.pathname) && q.has('user') && (q.get('view_op') ?? 'list_works') === 'list_works')
    return 'listing';
  return undefined;
}

/** "Z Niu, G Zhong, H Yu - Neurocomputing, 2021 - Elsevier" → authors, venue, year. */
export function parseByline(text: string): { authors: string[]; venue?: string; year?: string } {
  const parts = clean(text).split(/\s+-\s+/);
  const authors = splitAuthors((parts[0] ?? '').replace(/…/g, ''));
  // "authors - venue, year - publisher"; older citations end at "authors - venue, year" (no publisher host).
  const second = parts[1] ?? '';
  const middle = parts.length > 2 || (parts.length === 2 && !/^[\w.-]+\.[a-z]{2,}$/i.test(second)) ? second : '';
  const year = /\b(1[89]\d{2}|20\d{2})\b/.exec(parts.slice(1).join(' - '))?.[1];
  const venue = clean(middle.replace(/,?\s*\b(1[89]\d{2}|20\d{2})\b\s*$/, '').replace(/…$/, ''));
  const out: { authors: string[]; venue?: string; year?: string } = { authors };
  if (venue && venue !== year) out.venue = venue;
  if (year) out.year = year;
  return out;
}

/** The result blocks: data-cid on current pages; div.gs_r holding a div.gs_ri on older and regional ones. */
function results(doc: Document): Element[] {
  const withCid = [...doc.querySelectorAll('[data-cid]')].filter((r) => r.querySelector('h3'));
  if (withCid.length) return withCid;
  return [...doc.querySelectorAll('div.gs_r')].filter((r) => r.querySelector(':scope > .gs_ri h3, :scope > h3'));
}

/** The cluster id of a result: data-cid, else the "Related articles" link's id, else the cluster number. */
function clusterId(r: Element, url: URL): string | undefined {
  const cid = r.getAttribute('data-cid');
  if (cid) return cid;
  for (const a of r.querySelectorAll('a[href*="related:"], a[href*="cluster="]')) {
    const href = absUrl(a.getAttribute('href'), url);
    if (!href) continue;
    const q = new URL(href).searchParams;
    const related = /^related:([\w-]{6,20}):/.exec(q.get('q') ?? '');
    if (related) return related[1];
  }
  const cluster = r.querySelector('a[href*="cluster="]')?.getAttribute('href');
  return cluster ? /cluster=(\d{6,20})/.exec(cluster)?.[1] : undefined;
}

function searchEntries(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const r of results(doc)) {
    const heading = r.querySelector('h3');
    if (!heading) continue;
    // The title without Scholar's [PDF] / [HTML] / [CITATION] type markers.
    const title = textWithout(heading, '[class^="gs_ct"], .gs_ctc, .gs_ctu');
    if (!title) continue;
    const link = absUrl(heading.querySelector('a[href]')?.getAttribute('href'), url);
    const sideLinks = [...r.querySelectorAll('.gs_ggs a[href], .gs_or_ggsm a[href]')];
    const pdfLink = sideLinks.find((l) => /\[PDF\]/i.test(l.textContent ?? ''));
    const pdf = absUrl(pdfLink?.getAttribute('href'), url);
    const allLinks = [link, ...sideLinks.map((a) => absUrl(a.getAttribute('href'), url))].filter(
      (h): h is string => !!h,
    );
    const cid = clusterId(r, url);
    const id = preferredId([...allLinks.map((h) => canonicalId(h)), cid ? canonicalId(`scholar:${cid}`) : undefined]);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const byline = parseByline(r.querySelector('.gs_a')?.textContent ?? '');
    const entry: FeedEntry = { id, title, authors: byline.authors, url: link ?? url.href, element: r };
    if (pdf) entry.pdfUrl = pdf;
    if (byline.venue) entry.venue = byline.venue;
    if (byline.year) entry.published = byline.year;
    // The .gs_rs snippet is a query-dependent excerpt, not the abstract: stored as one it would stop the real
    // abstract from filling in later, so it is left out.
    const cited = /(\d+)\s*$/.exec(clean(r.querySelector('a[href*="cites="]')?.textContent));
    if (cited) entry.citations = Number(cited[1]);
    out.push(entry);
  }
  return out;
}

/** An author profile's rows: title, authors, venue, year and citations; named by the row's citation key. */
function profileEntries(doc: Document, url: URL): FeedEntry[] {
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const row of doc.querySelectorAll('tr.gsc_a_tr')) {
    const a = row.querySelector('a.gsc_a_at');
    const title = clean(a?.textContent);
    const href = absUrl(a?.getAttribute('href'), url);
    if (!a || !title || !href) continue;
    const id = canonicalId(`scholar:${new URL(href).searchParams.get('citation_for_view') ?? ''}`);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const [who, where] = [...row.querySelectorAll('.gs_gray')].map((g) => textWithout(g, '.gs_oph'));
    const entry: FeedEntry = { id, title, authors: splitAuthors(who ?? ''), url: href, element: row };
    if (where) entry.venue = where;
    const year = clean(row.querySelector('.gsc_a_h, .gsc_a_y span')?.textContent);
    if (/^\d{4}$/.test(year)) entry.published = year;
    const cited = clean(row.querySelector('a.gsc_a_ac')?.textContent);
    if (/^\d+$/.test(cited)) entry.citations = Number(cited);
    out.push(entry);
  }
  return out;
}

export const scholarSite = {
  site: 'scholar',
  label: 'Google Scholar',
  matches: GOOGLE_DOMAINS.split(' ').map((d) => `https://scholar.google.${d}/*`),
} satisfies SiteInfo;

export const scholar: SiteAdapter = {
  ...scholarSite,
  detect,
  extract: (doc, url, kind) => (kind === 'listing' ? profileEntries(doc, url) : searchEntries(doc, url)),
};

/** Example URLs of each page kind this site file claims (the URL-detection cross-test). */
export const examples: SiteExamples = {
  search: [
    'https://scholar.google.com/scholar?q=attention+mechanism&hl=en',
    'https://scholar.google.co.uk/scholar?hl=en&q=transformers',
    'https://scholar.google.de/scholar?cites=5750819312257210840',
    'https://scholar.google.co.jp/scholar?q=%E6%B7%B1%E5%B1%A4%E5%AD%A6%E7%BF%92',
    'https://scholar.google.com.au/scholar?cluster=2960712678066186980',
  ],
  listing: [
    'https://scholar.google.com/citations?user=HqKD-fwAAAAJ&hl=en',
    'https://scholar.google.de/citations?hl=de&user=qc6CJjYAAAAJ&view_op=list_works&sortby=pubdate',
  ],
};

/** Saved pages of this site and what must come out of them (tests/unit/sites.test.ts). */
export const cases: FixtureCase[] = [
  {
    file: 'shared:google-scholar/search-2026.html',
    url: 'https://scholar.google.com/scholar?q=attention+mechanism&hl=en',
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
    middle: [
      5,
      {
        id: 'arxiv:2203.14263',
        title: 'A general survey on attention mechanisms in deep learning',
        authors: ['G Brauwers', 'F Frasincar'],
        pdfUrl: 'https://arxiv.org/pdf/2203.14263',
        published: '2021',
        citations: 794,
      },
    ],
    last: {
      id: 'scholar:eflKrQ8HZFgJ',
      title: 'An empirical study of spatial attention mechanisms in deep networks',
      authors: ['X Zhu', 'D Cheng', 'Z Zhang', 'S Lin'],
      published: '2019',
      citations: 808,
    },
  },
  {
    file: 'local:scholar-old.synthetic.html',
    url: 'https://scholar.google.de/scholar?hl=de&q=attention',
    kind: 'search',
    count: 3,
    first: {
      id: 'arxiv:1706.03762',
      title: 'Attention is all you need',
      authors: ['A Vaswani', 'N Shazeer', 'N Parmar'],
      url: 'https://papers.nips.cc/paper/7181-attention-is-all-you-need',
      pdfUrl: 'https://arxiv.org/pdf/1706.03762',
      venue: 'Advances in neural information processing systems',
      published: '2017',
      citations: 100000,
    },
    middle: [1, { id: 'scholar:t6usbXjVhDgJ', title: 'Deep learning', published: '2016', citations: 70000 }],
    last: {
      id: 'scholar:1234567890123456789',
      title: 'Über die Theorie der Wärmestrahlung',
      authors: ['M Planck'],
      venue: 'Annalen der Physik',
      published: '1901',
    },
  },
  {
    file: 'local:scholar-profile.synthetic.html',
    url: 'https://scholar.google.com/citations?user=qc6CJjYAAAAJ&hl=en',
    kind: 'listing',
    count: 3,
    first: {
      id: 'scholar:qc6CJjYAAAAJ:u5HHmVD_uO8C',
      title: 'Notes on the analytical engine',
      authors: ['A Lovelace', 'C Babbage'],
      venue: 'Scientific Memoirs 3, 666-731',
      published: '1843',
      citations: 512,
      url: 'https://scholar.google.com/citations?view_op=view_citation&hl=en&user=qc6CJjYAAAAJ&citation_for_view=qc6CJjYAAAAJ:u5HHmVD_uO8C',
    },
    middle: [1, { id: 'scholar:qc6CJjYAAAAJ:d1gkVwhDpl0C', authors: ['LF Menabrea', 'A Lovelace'], published: '1842' }],
    last: { id: 'scholar:qc6CJjYAAAAJ:9yKSN-GCB0IC', title: 'Letters on poetical science', authors: ['A Lovelace'] },
  },
];
