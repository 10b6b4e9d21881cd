import { describe, expect, it } from 'vitest';
import {
  CONTENT_SCRIPT_FILE,
  onFeedHost,
  type ScriptingApi,
  sitePattern,
  syncUserSites,
  USER_SITES_SCRIPT,
  userSites,
} from '../../lib/library/site-access';
import { FEED_MATCHES } from '../../lib/sites/matches';

/** browser.scripting's registered content scripts, with its rules: duplicate ids and unknown ids throw. */
function fakeScripting() {
  const scripts = new Map<string, { id: string; matches: string[]; js: string[] }>();
  const calls: string[] = [];
  const api: ScriptingApi = {
    async getRegisteredContentScripts(filter) {
      return [...scripts.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id));
    },
    async registerContentScripts(list) {
      calls.push('register');
      for (const s of list) {
        if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        scripts.set(s.id, { id: s.id, matches: s.matches, js: s.js });
      }
    },
    async updateContentScripts(list) {
      calls.push('update');
      for (const s of list) {
        const old = scripts.get(s.id);
        if (!old) throw new Error(`No script with ID '${s.id}'`);
        scripts.set(s.id, { ...old, matches: s.matches });
      }
    },
    async unregisterContentScripts(filter) {
      calls.push('unregister');
      for (const id of filter?.ids ?? [...scripts.keys()]) {
        if (!scripts.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
      }
    },
  };
  return { api, scripts, calls };
}

describe('site access', () => {
  it('names one site per grant, and knows the supported feed hosts', () => {
    expect(sitePattern('https://lab.example.org/group?id=ICLR.cc/2024/Conference')).toBe('https://lab.example.org/*');
    expect(sitePattern('http://example.org:8080/a')).toBe('http://example.org/*');
    expect(sitePattern('chrome://extensions')).toBeUndefined();
    expect(sitePattern('file:///tmp/x.html')).toBeUndefined();
    expect(sitePattern('not a url')).toBeUndefined();
    expect(sitePattern(undefined)).toBeUndefined();
    expect(onFeedHost('https://arxiv.org/list/cs/new')).toBe(true);
    expect(onFeedHost('https://huggingface.co/papers')).toBe(true);
    expect(onFeedHost('https://lab.example.org/group')).toBe(false);
    expect(onFeedHost('https://arxiv.org.evil.example/list')).toBe(false);
  });

  it('counts as user sites only one-site grants that are not feed hosts (never a wildcard)', () => {
    // A data source allowed for "Complete metadata" is not a site to read: no overlay there.
    expect(userSites(['https://api.semanticscholar.org/*', 'https://lab.example.org/*'])).toEqual([
      'https://lab.example.org/*',
    ]);
    expect(
      userSites([
        ...FEED_MATCHES,
        'https://lab.example.org/*',
        'https://*/*',
        'http://*/*',
        '<all_urls>',
        'https://*.example.org/*',
        'https://papers.example.net/*',
        'https://lab.example.org/*',
      ]),
    ).toEqual(['https://lab.example.org/*', 'https://papers.example.net/*']);
  });

  it('registers one content script for exactly the granted sites, updates it, and removes it with the last', async () => {
    const { api, scripts, calls } = fakeScripting();
    expect(await syncUserSites(FEED_MATCHES, api)).toEqual([]);
    expect(scripts.size).toBe(0);

    await syncUserSites([...FEED_MATCHES, 'https://lab.example.org/*'], api);
    expect([...scripts.values()]).toEqual([
      { id: USER_SITES_SCRIPT, matches: ['https://lab.example.org/*'], js: [CONTENT_SCRIPT_FILE] },
    ]);
    // The same grants again (start-up, a permission event): nothing to do.
    await syncUserSites([...FEED_MATCHES, 'https://lab.example.org/*'], api);
    expect(calls).toEqual(['register']);

    await syncUserSites(['https://papers.example.net/*', 'https://lab.example.org/*'], api);
    expect(scripts.get(USER_SITES_SCRIPT)?.matches).toEqual([
      'https://lab.example.org/*',
      'https://papers.example.net/*',
    ]);
    expect(calls).toEqual(['register', 'update']);

    await syncUserSites(['https://papers.example.net/*'], api);
    expect(scripts.get(USER_SITES_SCRIPT)?.matches).toEqual(['https://papers.example.net/*']);

    await syncUserSites(FEED_MATCHES, api); // the last site revoked
    expect(scripts.size).toBe(0);
    expect(calls).toEqual(['register', 'update', 'update', 'unregister']);
  });
});
