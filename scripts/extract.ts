/**
 * npm run extract -- <file.html> --url <page url> [--any-links]
 * Prints the Feed a saved page yields, as JSON (elements left out). Exits 1 when the page is not a feed we know,
 * 2 on bad arguments.
 */
import { readFileSync } from 'node:fs';
import { DOMParser } from 'linkedom';
import { extractFeed } from '../lib/sites/index';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run extract -- <file.html> --url <page url> [--any-links]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const urlAt = args.indexOf('--url');
const url = urlAt >= 0 ? args[urlAt + 1] : undefined;
const file = args.find((a, i) => !a.startsWith('--') && (urlAt < 0 || i !== urlAt + 1));
if (!file) usage('no file given');
if (!url) usage('no --url given');
let html: string;
try {
  html = readFileSync(file, 'utf8');
} catch (e) {
  usage(`cannot read ${file}: ${(e as Error).message}`);
}
const doc = new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
const started = performance.now();
const feed = extractFeed(doc, url, { anyLinks: args.includes('--any-links') });
const ms = performance.now() - started;
if (!feed) {
  process.stderr.write(`not a feed PaperShelf knows: ${url}\n`);
  process.exit(1);
}
const entries = feed.entries.map(({ element: _element, ...rest }) => rest);
process.stdout.write(`${JSON.stringify({ ...feed, entries }, null, 2)}\n`);
process.stderr.write(`${feed.site} ${feed.kind}: ${entries.length} entries in ${ms.toFixed(1)} ms\n`);
