import type { SnapEntry } from '../lib/library/schema';
import { paperDate } from '../lib/paper/ids';
import { paperHref } from '../lib/paper/links';
import { StarButton } from './StarButton';

interface Props {
  papers: SnapEntry[];
  onToggleStar: (paper: SnapEntry) => void;
  emptyText: string;
}

function byline(p: SnapEntry): string {
  const authors = p.authors.length > 3 ? `${p.authors.slice(0, 3).join(', ')} et al.` : p.authors.join(', ');
  // The paper's date (page or arXiv id); else the day it was first seen, said as such.
  const dated = paperDate(p)?.slice(0, 10);
  const date = dated ?? (p.firstSeen ? `first seen ${p.firstSeen.slice(0, 10)}` : '');
  return [authors, p.sites.join(' · '), date].filter(Boolean).join(' — ');
}

/** A list of papers with their star; page text goes in as Preact children (text), never as HTML. */
export function PaperList({ papers, onToggleStar, emptyText }: Props) {
  if (!papers.length) return <p class="ps-empty">{emptyText}</p>;
  return (
    <ul class="ps-list" aria-label="Papers">
      {papers.map((p) => (
        <li class="ps-item" key={p.id} data-paper-id={p.id}>
          <StarButton title={p.title} starred={p.starred} onToggle={() => onToggleStar(p)} />
          <div class="ps-item-body">
            <a class="ps-title" href={paperHref(p)} target="_blank" rel="noreferrer noopener">
              {p.title || p.id}
            </a>
            <div class="ps-meta">{byline(p)}</div>
            {p.tags.length > 0 && (
              <ul class="ps-tags" aria-label="Tags">
                {p.tags.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
