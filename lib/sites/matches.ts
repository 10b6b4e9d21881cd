/**
 * Where the content script runs: only the feeds PaperShelf supports (no <all_urls>; other sites need the
 * user's grant at run time).
 */
export const FEED_MATCHES = [
  'https://huggingface.co/*',
  'https://hf.co/*',
  'https://arxiv.org/*',
  'https://www.arxiv.org/*',
  'https://scholar.google.com/*',
];
