/**
 * The two marks the overlay puts on the page's own elements — hidden (by the bar's filters, or "not interested") and
 * the keyboard's selection — under attribute names drawn at random for each page: a stylesheet the page wrote in
 * advance cannot select on them, so the page's CSS alone cannot send which entries are hidden anywhere (issue 13.3).
 * (A page script can still see that an element is hidden: hiding is visible to the page that owns the element.)
 */
function random(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const MARK = {
  hidden: `data-ps-h${random()}`,
  current: `data-ps-c${random()}`,
} as const;
