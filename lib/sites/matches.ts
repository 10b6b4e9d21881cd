/**
 * Where the content script runs: only the research sites PaperShelf supports (no <all_urls>; other sites need the
 * user's grant at run time). Derived from the site registry (lib/sites/registry.ts).
 */
export { FEED_MATCHES } from './registry';
