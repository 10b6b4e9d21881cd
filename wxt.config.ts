import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The least that works (README "Permissions"): storage for the library, alarms for the optional weekly backup's
// schedule (no prompt, no access to anything), downloads only when the user turns that backup on. Host access is
// the content script's feed hosts (lib/sites/matches.ts); nothing else.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'PaperShelf',
    description: 'Star, tag and find research papers right on the feeds you read.',
    permissions: ['storage', 'unlimitedStorage', 'alarms'],
    optional_permissions: ['downloads'],
    // The full-page library is also the options page (DESIGN.md layout).
    options_ui: { page: 'library.html', open_in_tab: true },
    // No remote code, no eval: only the extension's own scripts run in its pages.
    content_security_policy:
      browser === 'firefox'
        ? "script-src 'self'; object-src 'none'"
        : { extension_pages: "script-src 'self'; object-src 'none'" },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'papershelf@papershelf.dev',
              // 140 (the current ESR) is the first to read the data-collection declaration below.
              strict_min_version: '140.0',
              // Firefox's data-collection declaration: PaperShelf sends nothing anywhere.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
