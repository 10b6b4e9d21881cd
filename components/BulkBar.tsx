/** The library page's bulk actions on the selection (or on everything the query matches, once selected). */
import { useState } from 'preact/hooks';
import { formatCount } from './count';

export interface BulkBarProps {
  selected: number;
  matching: number;
  /** Label strings (browser.i18n in the page; plain English in tests). */
  t: (key: string, sub?: string) => string;
  onSelectAll(): void;
  onClear(): void;
  onStar(on: boolean): void;
  onTag(tag: string, add: boolean): void;
  onDelete(): void;
  onExport(): void;
  onUndo(): void;
  canUndo: boolean;
  /** Every tag, completed in the tag box. */
  tags: string[];
}

export function BulkBar(p: BulkBarProps) {
  const [tag, setTag] = useState('');
  const none = p.selected === 0;
  return (
    <div class="ps-bulk" role="toolbar" aria-label="Bulk actions">
      <span class="ps-bulk-count" aria-live="polite">
        {p.t('selectedCount', formatCount(p.selected))}
      </span>
      {p.matching > p.selected && (
        <button type="button" onClick={p.onSelectAll}>
          {p.t('selectAllMatching', formatCount(p.matching))}
        </button>
      )}
      <button type="button" disabled={none} onClick={() => p.onStar(true)}>
        {p.t('bulkStar')}
      </button>
      <button type="button" disabled={none} onClick={() => p.onStar(false)}>
        {p.t('bulkUnstar')}
      </button>
      <input
        type="text"
        class="ps-bulk-tag"
        aria-label="Tag for the selection"
        placeholder="tag"
        value={tag}
        list="ps-bulk-tags"
        onInput={(e) => setTag((e.target as HTMLInputElement).value)}
      />
      <datalist id="ps-bulk-tags">
        {p.tags.slice(0, 500).map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <button type="button" disabled={none || !tag.trim()} onClick={() => p.onTag(tag.trim(), true)}>
        {p.t('bulkAddTag')}
      </button>
      <button type="button" disabled={none || !tag.trim()} onClick={() => p.onTag(tag.trim(), false)}>
        {p.t('bulkRemoveTag')}
      </button>
      <button type="button" disabled={none} onClick={p.onExport}>
        {p.t('bulkExport')}
      </button>
      <button type="button" class="ps-danger" disabled={none} onClick={p.onDelete}>
        {p.t('bulkDelete')}
      </button>
      <button type="button" disabled={none} onClick={p.onClear}>
        {p.t('clearSelection')}
      </button>
      <button type="button" disabled={!p.canUndo} onClick={p.onUndo}>
        {p.t('undo')}
      </button>
    </div>
  );
}
