import { type EntryAction, EntryActions } from './EntryActions';
import { StarButton } from './StarButton';
import { TagEditor } from './TagEditor';
import { chipStyle } from './tag-color';

export interface EntryView {
  id: string;
  title: string;
  starred: boolean;
  tags: string[];
  /** 'new': never on screen before this visit; 'seen': on screen on an earlier visit (seenAgo says when);
   * 'pending': not known yet. */
  status: 'new' | 'seen' | 'pending';
  seenAgo?: string;
  /** "Not interested" (shown only while the page bar shows those). */
  dismissed: boolean;
  read: boolean;
}

interface Props {
  entry: EntryView;
  editing: boolean;
  suggestions: string[];
  onToggleStar: () => void;
  onSetTags: (tags: string[]) => void;
  onEditTags: (open: boolean) => void;
  onDismiss: (dismissed: boolean) => void;
  /** Copy BibTeX / link / Markdown, open the PDF (the entry's own metadata; nothing of the user's). */
  hasPdf: boolean;
  onAction: (action: EntryAction) => void;
  /** Tag colours (settings), inside the closed root like everything else here. */
  tagColors?: Record<string, string>;
  /** "For you" (issue 16): the model rates this entry highly; the entry's own words that raised it. */
  forYou?: string[];
}

/** Chips shown beside an entry (the rest behind "+N", all of them while editing): narrow cards keep one line. */
const SHOWN_TAGS = 2;

/** The controls PaperShelf puts beside one feed entry. All page text is rendered as text. */
export function EntryControls({
  entry,
  editing,
  suggestions,
  onToggleStar,
  onSetTags,
  onEditTags,
  onDismiss,
  hasPdf,
  onAction,
  tagColors,
  forYou,
}: Props) {
  return (
    <fieldset class="ps-entry" aria-label={`PaperShelf: ${entry.title}`}>
      <span class="ps-mark" title="PaperShelf" aria-hidden="true">
        PS
      </span>
      <StarButton title={entry.title} starred={entry.starred} onToggle={onToggleStar} />
      {forYou && (
        <span class="ps-status ps-foryou" title={forYou.length ? `For you: ${forYou.join(', ')}` : 'For you'}>
          for you{forYou.length ? <span class="ps-why"> · {forYou.join(', ')}</span> : null}
        </span>
      )}
      {entry.status === 'new' && <span class="ps-status ps-status--new">new</span>}
      {entry.status === 'seen' && <span class="ps-status">seen {entry.seenAgo}</span>}
      {entry.read && <span class="ps-status">read</span>}
      {(editing ? entry.tags : entry.tags.slice(0, SHOWN_TAGS)).map((t) => (
        <span class="ps-chip" key={t} style={chipStyle(tagColors, t)}>
          {t}
          <button
            type="button"
            class="ps-chip-x"
            aria-label={`Remove tag ${t} from: ${entry.title}`}
            onClick={() => onSetTags(entry.tags.filter((x) => x !== t))}
          >
            ×
          </button>
        </span>
      ))}
      {!editing && entry.tags.length > SHOWN_TAGS && (
        <button
          type="button"
          class="ps-add-tag"
          aria-label={`All ${entry.tags.length} tags: ${entry.title}`}
          title={entry.tags.join(', ')}
          onClick={() => onEditTags(true)}
        >
          +{entry.tags.length - SHOWN_TAGS}
        </button>
      )}
      {editing ? (
        <TagEditor
          title={entry.title}
          tags={entry.tags}
          suggestions={suggestions}
          onChange={onSetTags}
          onClose={() => onEditTags(false)}
          listId={`ps-tags-${entry.id.replace(/[^\w-]/g, '_')}`}
        />
      ) : (
        <button type="button" class="ps-add-tag" aria-label={`Tags: ${entry.title}`} onClick={() => onEditTags(true)}>
          + tag
        </button>
      )}
      <EntryActions title={entry.title} hasPdf={hasPdf} onAction={onAction} />
      <button
        type="button"
        class="ps-dismiss"
        aria-pressed={entry.dismissed}
        aria-label={`Not interested: ${entry.title}`}
        title={entry.dismissed ? 'Not interested (press to undo)' : 'Not interested: hide on every feed'}
        onClick={() => onDismiss(!entry.dismissed)}
      >
        {entry.dismissed ? 'not interested ↺' : '⊘'}
      </button>
    </fieldset>
  );
}
