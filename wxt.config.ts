import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'PaperShelf',
    description: 'Star, tag and find research papers right on the feeds you read.',
    permissions: ['storage', 'unlimitedStorage'],
    // Asked for only when the user turns on the weekly backup.
    optional_permissions: ['alarms', 'downloads'],
    // The full-page library is also the options page (DESIGN.md layout).
    options_ui: { page: 'library.html', open_in_tab: true },
    browser_specific_settings: {
      gecko: { id: 'papershelf@papershelf.dev', strict_min_version: '115.0' },
    },
  },
});
