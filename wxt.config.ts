import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { FEED_MATCHES } from './lib/sites/matches';

// The least that works (README "Permissions"): storage for the library, alarms for the optional weekly backup's
// schedule, downloads only when the user turns that backup on. Host access is the content script's feed hosts
// (lib/sites/matches.ts), also as host permissions (a paper's PDF is remembered by its tab's address); any other site only when the user grants it, one site at a time, from the popup
// (optional host permissions; scripting registers the overlay there; activeTab lets the popup see the tab's site).
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    // Strings through browser.i18n (public/_locales; English shipped, other locales add a folder).
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'scripting', 'activeTab', 'contextMenus'],
    // The feed hosts the content script already runs on (no new warning): the background may read a tab's address
    // there, which is how a PDF opened on arXiv is remembered (Chrome's PDF viewer runs no content script).
    host_permissions: FEED_MATCHES,
    // The keyboard command that opens the popup (changeable in the browser's shortcuts settings).
    commands: {
      [browser === 'firefox' ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+P' },
        description: '__MSG_commandOpenPopup__',
      },
    },
    ...(browser === 'firefox'
      ? { optional_permissions: ['downloads', 'https://*/*', 'http://*/*'] }
      : { optional_permissions: ['downloads'], optional_host_permissions: ['https://*/*', 'http://*/*'] }),
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
