/** An entry's own actions (its ⋯ menu, and m): what the page showed of it, copied or opened — never the user's state. */
import type { EntryAction } from '../../components/EntryActions';
import { webUrl } from '../../lib/paper/links';
import type { FeedEntry } from '../../lib/sites/types';
import { entryText } from './page';

const WHAT = { bibtex: 'BibTeX', link: 'link', markdown: 'Markdown' } as const;

export function runEntryAction(
  entry: FeedEntry,
  action: EntryAction,
  copy: ((text: string) => Promise<void>) | undefined,
  say: (message: string) => void,
  tell: (e: unknown) => void,
): void {
  if (action === 'pdf') {
    const pdf = webUrl(entry.pdfUrl);
    if (pdf) window.open(pdf, '_blank', 'noopener');
    return;
  }
  const text = entryText(entry, action);
  if (!text || !copy) return;
  copy(text)
    .then(() => say(`PaperShelf: ${WHAT[action]} copied.`))
    .catch(tell);
}
