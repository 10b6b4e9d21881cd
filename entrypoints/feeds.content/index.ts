import { defineContentScript } from 'wxt/utils/define-content-script';
import { FEED_MATCHES } from '../../lib/sites/matches';

// The feed overlay's entry point. The site adapters and the overlay build on this (issues 3 and 4); until then
// it only marks that PaperShelf runs here, which the end-to-end tests check.
export default defineContentScript({
  matches: FEED_MATCHES,
  runAt: 'document_idle',
  main() {
    document.documentElement.dataset.papershelf = 'ready';
  },
});
