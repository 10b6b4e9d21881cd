/**
 * npm run budgets: checks the built extension against its size budgets (run after the builds, by `npm test`).
 * - content script ≤ 40 KB gzip (it is injected into every feed page);
 * - popup ≤ 60 KB gzip for what its first paint loads (HTML's scripts, module preloads and CSS, and every static
 *   import of those), with the export writers left to lazy chunks;
 * - one copy of Preact: one installed package, and each bundle carries its code once.
 * Prints one JSON line per check; exits 1 when any fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const KB = 1024;
let failed = false;

function check(name: string, ok: boolean, facts: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ budget: name, ok, ...facts })}\n`);
  if (!ok) failed = true;
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The files an HTML page loads before its first paint: its scripts, preloads and styles, then static imports. */
function initialFiles(dir: string, html: string): string[] {
  const page = readFileSync(join(dir, html), 'utf8');
  const queue = [...page.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => join(dir, m[1] as string));
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(file, 'utf8');
    // Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` is lazy.
    for (const m of code.matchAll(/\bimport\s*(?:[\w$*{}\s,]+\s*from\s*)?["']([^"']+\.js)["']/g)) {
      queue.push(resolve(dirname(file), m[1] as string));
    }
  }
  return [...seen];
}

const PREACT_MARK = 'http://www.w3.org/1998/Math/MathML'; // a string literal found once in Preact's core
const EXPORT_MARK = 'archivePrefix'; // the BibTeX writer's eprint field

for (const target of ['chrome-mv3', 'firefox-mv2']) {
  const dir = join(ROOT, '.output', target);
  if (!existsSync(dir)) {
    check(`${target}: built`, false, { missing: dir });
    continue;
  }
  const content = join(dir, 'content-scripts/feeds.js');
  const contentGz = gz(content);
  check(`${target}: content script`, contentGz <= 40 * KB, {
    gzip_kb: +(contentGz / KB).toFixed(1),
    limit_kb: 40,
  });

  const popup = initialFiles(dir, 'popup.html');
  const popupGz = popup.reduce((sum, f) => sum + gz(f), 0);
  check(`${target}: popup initial`, popupGz <= 60 * KB, {
    gzip_kb: +(popupGz / KB).toFixed(1),
    limit_kb: 60,
    files: popup.map((f) => f.slice(dir.length + 1)),
  });
  const lazyExport = readdirSync(join(dir, 'chunks')).filter((f) =>
    readFileSync(join(dir, 'chunks', f), 'utf8').includes(EXPORT_MARK),
  );
  const eager = popup.filter((f) => readFileSync(f, 'utf8').includes(EXPORT_MARK));
  check(`${target}: export writers are a lazy chunk of the popup`, lazyExport.length > 0 && eager.length === 0, {
    lazy_chunks: lazyExport,
    in_initial_files: eager.map((f) => f.slice(dir.length + 1)),
  });

  const library = initialFiles(dir, 'library.html');
  const libraryGz = library.reduce((sum, f) => sum + gz(f), 0);
  check(`${target}: library page initial (reported)`, true, { gzip_kb: +(libraryGz / KB).toFixed(1) });

  // Preact's code once per page: each page's initial files and the content script carry its core exactly once.
  const pages: [string, string[]][] = [
    ['content script', [content]],
    ['popup', popup],
    ['library page', library],
  ];
  for (const [name, files] of pages) {
    const copies = files.reduce((n: number, f) => n + readFileSync(f, 'utf8').split(PREACT_MARK).length - 1, 0);
    check(`${target}: one Preact in the ${name}`, copies === 1, { copies });
  }
}

const installed = new Set(
  execFileSync('npm', ['ls', 'preact', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.trim()),
);
check('one Preact package installed', installed.size === 1, { paths: [...installed].map((p) => p.slice(ROOT.length)) });

process.exit(failed ? 1 : 0);
