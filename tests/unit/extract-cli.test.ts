import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixtureCase } from '../../lib/sites/types';
import { LOCAL, SHARED } from '../helpers/dom';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function extract(...args: string[]) {
  return spawnSync(TSX, [join(ROOT, 'scripts/extract.ts'), ...args], { encoding: 'utf8', cwd: ROOT });
}

describe('npm run extract', () => {
  const pages: [string, string, number, ...string[]][] = [
    [join(SHARED, 'huggingface/daily-2024-08-01.html'), 'https://huggingface.co/papers?date=2024-08-01', 13],
    [join(SHARED, 'arxiv/list-cs-2301-show3.html'), 'https://arxiv.org/list/cs/2301?show=3', 3],
    [join(SHARED, 'arxiv/list-cs-9101-empty.html'), 'https://arxiv.org/list/cs/9101', 0],
    [
      join(SHARED, 'arxiv/search-abstract-distributed-systems-200.html'),
      'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract',
      200,
    ],
    [join(SHARED, 'arxiv/abs-2106.09608.html'), 'https://arxiv.org/abs/2106.09608', 1],
    [join(SHARED, 'google-scholar/search-2026.html'), 'https://scholar.google.com/scholar?q=attention', 10],
    [join(LOCAL, 'openreview-group.synthetic.html'), 'https://openreview.net/group?id=ICLR.cc/2024/Conference', 2],
  ];
  // …and one saved page of every page kind of every site file (issue 15: the new sites and kinds too).
  const modules = import.meta.glob<{ cases?: FixtureCase[] }>('../../lib/sites/*.ts', { eager: true });
  const seen = new Set<string>();
  for (const [path, m] of Object.entries(modules)) {
    for (const c of m.cases ?? []) {
      const key = `${path} ${c.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const file = c.file.startsWith('shared:') ? join(SHARED, c.file.slice(7)) : join(LOCAL, c.file.slice(6));
      // A list of links on a site no file claims is read where the user granted it: --any-links.
      pages.push(c.kind === 'links' ? [file, c.url, c.count, '--any-links'] : [file, c.url, c.count]);
    }
  }

  it.each(pages)('prints the feed of %s as JSON', (file, url, count, ...flags) => {
    const r = extract(file, '--url', url, ...flags);
    expect(r.status, r.stderr).toBe(0);
    const feed = JSON.parse(r.stdout) as { entries: { id: string; element?: unknown }[] };
    expect(feed.entries).toHaveLength(count);
    expect(feed.entries.every((e) => e.element === undefined)).toBe(true);
  });

  it('says a page is not a feed and exits non-zero', () => {
    const r = extract(join(SHARED, 'arxiv/list-cs-9101-empty.html'), '--url', 'https://github.com/x/y');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not a feed/);
    expect(r.stdout).toBe('');
  });

  it('explains its usage on bad arguments', () => {
    expect(extract().status).toBe(2);
    expect(extract(join(SHARED, 'arxiv/abs-2106.09608.html')).stderr).toMatch(/no --url/);
    expect(extract('/nonexistent.html', '--url', 'https://arxiv.org/abs/2106.09608').stderr).toMatch(/cannot read/);
  });
});
