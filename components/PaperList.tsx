import type { SnapEntry } from '../lib/library/schema';
import { paperHref } from '../lib/paper/links';
import { byline, titleOf } from './byline';
import { StarButton } from './StarButton';

interface Props {
  papers: SnapEntry[];
  onToggleStar: (paper: SnapEntry) => void;
  emptyText: string;
}

/** A list of papers with their star; page text goes in as Preact children (text), never as HTML. */
export function PaperList({ papers, onToggleStar, emptyText }: Props) {
  if (!papers.length) return <p class="ps-empty">{emptyText}</p>;
  return (
    <ul class="ps-list" aria-label="Papers">
      {papers.map((p) => (
        <li class="ps-item" key={p.id} data-paper-id={p.id}>
          <StarButton title={titleOf(p)} starred={p.starred} onToggle={() => onToggleStar(p)} />
          <div class="ps-item-body">
            <a class="ps-title" href={paperHref(p)} target="_blank" rel="noreferrer noopener">
              {titleOf(p)}
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
