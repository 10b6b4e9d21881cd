import { existsSync } from 'node:fs';
import { defineWebExtConfig } from 'wxt';

// `npm run dev` opens Google Chrome when it is installed, else Debian's Chromium (/usr/bin/chromium).
const CHROME = ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome'].find(
  existsSync,
);
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

export default defineWebExtConfig({
  binaries: !CHROME && CHROMIUM ? { chrome: CHROMIUM } : {},
  // Chromium refuses to start as root without --no-sandbox (CI and containers run as root).
  // A machine without a display (CI, a container) gets new headless mode, so dev mode still loads the extension.
  chromiumArgs: [
    ...(isRoot ? ['--no-sandbox', '--disable-background-networking', '--no-first-run'] : []),
    ...(noDisplay ? ['--headless=new', '--disable-gpu'] : []),
  ],
  startUrls: ['https://huggingface.co/papers'],
});
