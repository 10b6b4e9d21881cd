/**
 * Which links PaperShelf stores, renders, opens and exports (issue 13): http(s) only. A `data:`, `file:` or
 * `javascript:` link from a page or an imported file is dropped when stored, and never rendered or opened from a
 * record written before this rule (the paper's landing page stands in).
 */
import { SITES } from '../sites/registry';
import { landingUrl } from './ids';

/** The URL, parsed, when it is an absolute http(s) URL (what a browser would open as a web page). */
export function parseWebUrl(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : undefined;
  } catch {
    return undefined;
  }
}

export function isWebUrl(url: string | undefined): url is string {
  return parseWebUrl(url) !== undefined;
}

/** The link itself when it is a web link, else undefined. */
export function webUrl(url: string | undefined): string | undefined {
  return isWebUrl(url) ? url : undefined;
}

/** Where a paper opens: its own web link, else its landing page by id, else nowhere. */
export function paperHref(p: { id: string; url?: string }): string | undefined {
  return webUrl(p.url) ?? webUrl(landingUrl(p.id));
}

/** The site name of a page URL, as sightings record it: the site file claiming its host, else the host. */
export function siteOfUrl(url: string): string {
  try {
    const host = new URL(url).hostname;
    const pattern = `https://${host}/*`;
    return SITES.find((s) => s.matches.includes(pattern))?.site ?? host.replace(/^www\./, '');
  } catch {
    return 'unknown';
  }
}
