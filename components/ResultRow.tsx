import type { SnapEntry } from '../lib/library/schema';
import { paperHref } from '../lib/paper/links';
import { byline, titleOf } from './byline';
import { Highlight } from './Highlight';
import { StarButton } from './StarButton';
import { TagEditor } from './TagEditor';
import { chipStyle } from './tag-color';

interface Props {
  paper: SnapEntry;
  /** 1-based position among the grid's rows (it is virtualised: only some rows exist). */
  rowIndex: number;
  rowId: string;
  active: boolean;
  titleMatches: [number, number][];
  editing: boolean;
  suggestions: string[];
  onToggleStar: () => void;
  onOpen: (background: boolean) => void;
  onSetTags: (tags: string[]) => void;
  onCloseEditor: () => void;
  /** Opens the tag editor (the mouse's way; the keyboard's is `t`). */
  onEditTags: () => void;
  onPointer: () => void;
  /** "Complete metadata" (the setting is on): offered on the active row; the keyboard's way is `m`. */
  onComplete?: () => void;
  /** "Similar papers" (issue 16): the papers most like this one. */
  onSimilar?: () => void;
  tagColors?: Record<string, string>;
}

/** One search result: star, title (matches marked), first authors, site and date, tags. */
export function ResultRow(p: Props) {
  const { paper } = p;
  return (
    // A grid row (not a listbox option): its cells hold controls, which options may not. The grid holds focus and
    // points here with aria-activedescendant, so rows and cells are divs with ARIA roles, not focusable themselves
    // (biome.json turns the two rules that want <tr>/<td> or tabIndex off for this virtualised grid only).
    <div
      id={p.rowId}
      role="row"
      aria-rowindex={p.rowIndex}
      aria-selected={p.active}
      class={p.active ? 'ps-row ps-row--active' : 'ps-row'}
      data-paper-id={paper.id}
      onMouseMove={p.onPointer}
    >
      <div role="gridcell" class="ps-row-star">
        <StarButton title={titleOf(paper)} starred={paper.starred} onToggle={p.onToggleStar} />
      </div>
      <div role="gridcell" class="ps-row-body">
        <a
          class="ps-title"
          elementtiming={paper.id}
          href={paperHref(paper)}
          target="_blank"
          rel="noreferrer noopener"
          tabIndex={-1}
          onClick={(e) => {
            e.preventDefault();
            p.onOpen(e.ctrlKey || e.metaKey);
          }}
        >
          <Highlight text={titleOf(paper)} ranges={p.titleMatches} />
        </a>
        <div class="ps-meta">{byline(paper)}</div>
        <div class="ps-tags">
          {paper.tags.map((t) => (
            <span class="ps-chip" key={t} style={chipStyle(p.tagColors, t)}>
              {t}
              <button
                type="button"
                class="ps-chip-x"
                tabIndex={-1}
                aria-label={`Remove tag ${t} from: ${titleOf(paper)}`}
                onClick={() => p.onSetTags(paper.tags.filter((x) => x !== t))}
              >
                ×
              </button>
            </span>
          ))}
          {!p.editing && (
            <button
              type="button"
              class="ps-add-tag"
              tabIndex={-1}
              aria-label={`+ tag: ${titleOf(paper)}`}
              onClick={p.onEditTags}
            >
              + tag
            </button>
          )}
          {p.onComplete && p.active && !p.editing && (
            <button
              type="button"
              class="ps-add-tag"
              tabIndex={-1}
              aria-label={`Complete metadata: ${titleOf(paper)}`}
              onClick={p.onComplete}
            >
              complete
            </button>
          )}
          {p.onSimilar && p.active && !p.editing && (
            <button
              type="button"
              class="ps-add-tag"
              tabIndex={-1}
              aria-label={`Similar papers: ${titleOf(paper)}`}
              onClick={p.onSimilar}
            >
              similar
            </button>
          )}
          {p.editing && (
            <TagEditor
              title={titleOf(paper)}
              tags={paper.tags}
              suggestions={p.suggestions}
              onChange={p.onSetTags}
              onClose={p.onCloseEditor}
              listId={`tags-${p.rowId}`}
            />
          )}
        </div>
      </div>
    </div>
  );
}
