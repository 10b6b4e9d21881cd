/**
 * End-to-end harness: Debian's Chromium with the built extension, and saved pages served over HTTPS at their
 * real host names (a self-signed certificate made here, --host-resolver-rules pointing the hosts at localhost).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { FEED_HOSTS } from '../../lib/sites/registry';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
/** Third-party captures, read in place (never copied): ../shared beside the clone. */
export const SHARED_FIXTURES = resolve(ROOT, '../shared/fixtures');
export const LOCAL_FIXTURES = join(ROOT, 'tests/fixtures');
export const CHROMIUM = CHROMIUM_PATH;

/** A host no site file claims: a site the user has not granted (the overlay must leave it alone). */
export const UNGRANTED_HOST = 'lab.example.org';
/** Every host a site file claims (lib/sites/registry.ts), served locally, and the ungranted one. */
export const HOSTS = [...FEED_HOSTS, UNGRANTED_HOST];

/** A page to serve: a file (absolute path) or literal HTML, by host and path (query ignored unless given). */
export type Routes = Record<
  string,
  | string
  | { html: string }
  | { file: string; type?: string }
  | { status: number; body: string; type?: string; delayMs?: number }
>;

export interface Served {
  port: number;
  close(): Promise<void>;
  /** Every request served, as host + path + query, in order (what left the browser). */
  requests: string[];
}

function makeCertificate(dir: string): { key: Buffer; cert: Buffer } {
  const san = HOSTS.map((h) => `DNS:${h}`).join(',');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-subj',
      '/CN=papershelf-e2e',
      '-addext',
      `subjectAltName=${san}`,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

/** Serves routes keyed by "host/path" or "host/path?query" over HTTPS on a free localhost port. */
export async function serve(routes: Routes, certDir: string): Promise<Served> {
  const { key, cert } = makeCertificate(certDir);
  const requests: string[] = [];
  const server: Server = createServer({ key, cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${host}`);
    requests.push(`${host}${url.pathname}${url.search}`);
    const route = routes[`${host}${url.pathname}${url.search}`] ?? routes[`${host}${url.pathname}`];
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'object' && 'status' in route) {
      const answer = () => {
        if (!res.destroyed) res.writeHead(route.status, { 'content-type': route.type ?? 'text/plain' }).end(route.body);
      };
      if (route.delayMs) setTimeout(answer, route.delayMs).unref();
      else answer();
      return;
    }
    if (typeof route === 'object' && 'html' in route) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(route.html);
      return;
    }
    const file = typeof route === 'string' ? route : route.file;
    const type = typeof route === 'object' && route.type ? route.type : 'text/html; charset=utf-8';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export interface Browser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Opens the popup as a page (a tab), as tests and keyboard users can. */
  openPopup(): Promise<Page>;
  /** Sends a PaperShelf message from an extension page, as the popup does. */
  send(page: Page, type: string, payload: unknown): Promise<unknown>;
  /** Reads storage.local as the background sees it (a key, keys, or everything with null). */
  read(keys: string | string[] | null): Promise<Record<string, unknown>>;
  /** The user-data dir (pass it to launch again to restart the browser on the same profile). */
  profile: string;
  close(): Promise<void>;
}

/**
 * Launches Chromium with the built extension, every HOST mapped to the local HTTPS server. `profile` reuses a
 * user-data dir (a browser restart: cold service worker, storage read from disk); it is then kept on close.
 */
export async function launch(
  port: number,
  extensionDir = EXTENSION_DIR,
  options: { profile?: string } = {},
): Promise<Browser> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`no built extension at ${extensionDir}: run npm run build first`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  const userDataDir = options.profile ?? mkdtempSync(join(tmpdir(), 'papershelf-profile-'));
  // Every other host fails at once: saved pages reference CDNs, and nothing may leave the machine.
  const rules = [...HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`), 'MAP * ~NOTFOUND'].join(', ');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // the real headless mode comes from --headless=new below (extensions need it)
    args: [
      ...CHROMIUM_ARGS,
      '--ignore-certificate-errors',
      `--host-resolver-rules=${rules}`,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
    viewport: { width: 1200, height: 900 },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    async openPopup() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      return page;
    },
    send(page, type, payload) {
      return page.evaluate(([t, p]) => chrome.runtime.sendMessage({ papershelf: 1, type: t, payload: p }), [
        type,
        payload,
      ] as const);
    },
    read(keys) {
      return worker.evaluate((k) => chrome.storage.local.get(k), keys);
    },
    profile: userDataDir,
    async close() {
      await context.close();
      if (!options.profile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
