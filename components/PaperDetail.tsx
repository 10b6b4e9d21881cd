/** One paper in full on the library page: abstract, every sighting, links, editable note and tags, citation. */

import { useEffect, useState } from 'preact/hooks';
import { SOURCE_NAMES } from '../lib/enrich/types';
import { paperDate } from '../lib/paper/ids';
import { isWebUrl, paperHref, webUrl } from '../lib/paper/links';
import type { Paper } from '../lib/paper/types';
import { titleOf } from './byline';
import { StarButton } from './StarButton';
import { TagEditor } from './TagEditor';

export interface PaperDetailProps {
  paper: Paper;
  suggestions: string[];
  onClose(): void;
  onSaveNote(note: string): void;
  onSetTags(tags: string[]): void;
  onCopyCitation(): void;
  /** The star as shown (a click shows at once, before it is stored). */
  starred: boolean;
  onToggleStar(): void;
  /** "Complete metadata" for this paper (only while the setting is on). */
  onComplete?: () => void;
  /** "Similar papers" (issue 16). */
  onSimilar?: () => void;
}

export function PaperDetail({
  paper,
  suggestions,
  onClose,
  onSaveNote,
  onSetTags,
  onCopyCitation,
  starred,
  onToggleStar,
  onComplete,
  onSimilar,
}: PaperDetailProps) {
  const [note, setNote] = useState(paper.note ?? '');
  const [editing, setEditing] = useState(false);
  useEffect(() => setNote(paper.note ?? ''), [paper.id, paper.note]);
  return (
    <aside class="ps-detail" aria-label={`Paper: ${titleOf(paper)}`}>
      <div class="ps-detail-head">
        <StarButton title={titleOf(paper)} starred={starred} onToggle={onToggleStar} />
        <h2>{titleOf(paper)}</h2>
        <button type="button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </div>
      <p class="ps-detail-authors">{paper.authors.join(', ')}</p>
      <p class="ps-detail-links">
        <a href={paperHref(paper)} target="_blank" rel="noreferrer">
          Paper page
        </a>
        {isWebUrl(paper.pdfUrl) && (
          <a href={paper.pdfUrl} target="_blank" rel="noreferrer">
            PDF
          </a>
        )}
        {isWebUrl(paper.codeUrl) && (
          <a href={paper.codeUrl} target="_blank" rel="noreferrer">
            Code
          </a>
        )}
        <button type="button" onClick={onCopyCitation}>
          Copy BibTeX
        </button>
        {onComplete && (
          <button type="button" onClick={onComplete}>
            Complete metadata
          </button>
        )}
        {onSimilar && (
          <button type="button" onClick={onSimilar}>
            Similar papers
          </button>
        )}
      </p>
      {(paper.venue || paper.doi) && (
        <p class="ps-detail-meta">
          {paper.venue}
          {paper.venue && paper.doi ? ' · ' : ''}
          {paper.doi && (
            <a href={`https://doi.org/${paper.doi}`} target="_blank" rel="noreferrer">
              doi:{paper.doi}
            </a>
          )}
        </p>
      )}
      {paper.enriched?.length ? (
        <p class="ps-muted ps-detail-sources">
          {paper.enriched
            .map((m) => `${m.fields.join(', ')} from ${SOURCE_NAMES[m.source]} (${m.at.slice(0, 10)})`)
            .join('; ')}
        </p>
      ) : null}
      {paperDate(paper) && (
        <p class="ps-detail-meta">
          {paper.published ? 'Published' : 'Submitted (from its arXiv id)'} {paperDate(paper)}
        </p>
      )}
      {paper.abstract ? <p class="ps-detail-abstract">{paper.abstract}</p> : <p class="ps-muted">No abstract.</p>}
      <h3>Tags</h3>
      <div class="ps-detail-tags">
        {paper.tags.map((t) => (
          <span key={t} class="ps-tag">
            {t}
          </span>
        ))}
        {editing ? (
          <TagEditor
            title={titleOf(paper)}
            tags={paper.tags}
            suggestions={suggestions}
            onChange={onSetTags}
            onClose={() => setEditing(false)}
            listId="ps-detail-tags"
          />
        ) : (
          <button type="button" onClick={() => setEditing(true)}>
            Edit tags
          </button>
        )}
      </div>
      <h3>
        <label for="ps-note">Note</label>
      </h3>
      <textarea id="ps-note" rows={4} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      <button type="button" disabled={note === (paper.note ?? '')} onClick={() => onSaveNote(note)}>
        Save note
      </button>
      <h3>Seen on</h3>
      <ul class="ps-detail-sightings">
        {paper.sightings.map((s) => (
          <li key={s.url}>
            <a href={webUrl(s.url)} target="_blank" rel="noreferrer">
              {s.site}: {s.url}
            </a>{' '}
            <span class="ps-muted">
              {s.firstSeen.slice(0, 10)}
              {s.lastSeen.slice(0, 10) !== s.firstSeen.slice(0, 10) ? ` – ${s.lastSeen.slice(0, 10)}` : ''}
            </span>
          </li>
        ))}
        {!paper.sightings.length && <li class="ps-muted">Not seen on a feed yet (imported or synced).</li>}
      </ul>
    </aside>
  );
}
