import { useState } from 'preact/hooks';

export type EntryAction = 'bibtex' | 'link' | 'markdown' | 'pdf';

interface Props {
  title: string;
  hasPdf: boolean;
  onAction: (action: EntryAction) => void;
}

/** "⋯" beside an entry's star: copy BibTeX, copy the link, copy as Markdown, open the PDF. Keyboard-reachable. */
export function EntryActions({ title, hasPdf, onAction }: Props) {
  const [open, setOpen] = useState(false);
  const items: [EntryAction, string][] = [
    ['bibtex', 'Copy BibTeX'],
    ['link', 'Copy link'],
    ['markdown', 'Copy as Markdown'],
    ...(hasPdf ? [['pdf', 'Open PDF'] as [EntryAction, string]] : []),
  ];
  return (
    <span class="ps-actions">
      <button
        type="button"
        class="ps-more"
        aria-expanded={open}
        aria-label={`More actions: ${title}`}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      >
        ⋯
      </button>
      {open && (
        <span class="ps-menu">
          {items.map(([action, label]) => (
            <button
              type="button"
              key={action}
              class="ps-menu-item"
              onClick={() => {
                setOpen(false);
                onAction(action);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setOpen(false);
              }}
            >
              {label}
            </button>
          ))}
        </span>
      )}
    </span>
  );
}
