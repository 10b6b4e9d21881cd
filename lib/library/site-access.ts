/**
 * Sites beyond the supported feeds. PaperShelf's content script is declared only for the feed hosts
 * (lib/sites/matches.ts); on any other site it runs only after the user grants that site at run time (optional
 * host permission, asked from the popup), through one dynamically registered content script whose matches are
 * exactly the granted sites. Revoking a site (popup, or the browser's own extension settings) unregisters it.
 */
import { S2_ORIGIN } from '../enrich/s2-api';
import { FEED_MATCHES } from '../sites/matches';

export const USER_SITES_SCRIPT = 'papershelf-user-sites';
/** The built content script (WXT's output path), registered for user-granted sites. */
export const CONTENT_SCRIPT_FILE = '/content-scripts/feeds.js';

/** The match pattern that grants one site: `https://host/*` for an http(s) page, else undefined. */
export function sitePattern(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  return `${u.protocol}//${u.hostname}/*`;
}

/** Whether the URL is on a supported feed host (the content script runs there without any grant). */
export function onFeedHost(url: string | undefined): boolean {
  const pattern = sitePattern(url);
  return pattern !== undefined && FEED_MATCHES.includes(pattern);
}

/** The user-granted sites among the extension's host permissions: one-site patterns that are not feed hosts. */
export function userSites(origins: readonly string[]): string[] {
  return [...new Set(origins)]
    .filter((o) => /^https?:\/\/[^*/]+\/\*$/.test(o) && !FEED_MATCHES.includes(o) && !API_ORIGINS.includes(o))
    .sort();
}

/** Hosts asked for as data sources, not as sites to read (lib/enrich): never given the overlay. */
const API_ORIGINS = [S2_ORIGIN];

/** The part of browser.scripting this needs (Chrome MV3 and Firefox 102+). */
export interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string; matches?: string[] }[]>;
  registerContentScripts(
    scripts: { id: string; matches: string[]; js: string[]; runAt: 'document_idle'; persistAcrossSessions?: boolean }[],
  ): Promise<void>;
  updateContentScripts(scripts: { id: string; matches: string[] }[]): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
}

/**
 * Makes the registered content script match exactly the user's sites (none: not registered). Run at start-up
 * and whenever host permissions change. Returns the sites it now runs on.
 */
export async function syncUserSites(origins: readonly string[], scripting: ScriptingApi): Promise<string[]> {
  const sites = userSites(origins);
  const [current] = await scripting.getRegisteredContentScripts({ ids: [USER_SITES_SCRIPT] });
  if (!sites.length) {
    if (current) await scripting.unregisterContentScripts({ ids: [USER_SITES_SCRIPT] });
    return sites;
  }
  if (!current) {
    // Not persisted across sessions: the background registers it again at every start, from the permissions.
    await scripting.registerContentScripts([
      {
        id: USER_SITES_SCRIPT,
        matches: sites,
        js: [CONTENT_SCRIPT_FILE],
        runAt: 'document_idle',
        persistAcrossSessions: false,
      },
    ]);
  } else if ((current.matches ?? []).join('\n') !== sites.join('\n')) {
    await scripting.updateContentScripts([{ id: USER_SITES_SCRIPT, matches: sites }]);
  }
  return sites;
}
