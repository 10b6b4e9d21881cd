/** Tag management on the library page: every tag with its count; rename, merge (rename into another), delete, colour. */
import { useState } from 'preact/hooks';
import { formatCount } from './count';

export interface TagsPanelProps {
  tags: { tag: string; count: number }[];
  colors: Record<string, string>;
  onRename(from: string, to: string): void;
  onDelete(tag: string): void;
  onColor(tag: string, color: string | undefined): void;
  onFilter(tag: string): void;
}

function TagRow({ tag, count, color, p }: { tag: string; count: number; color?: string; p: TagsPanelProps }) {
  const [name, setName] = useState(tag);
  const merging = name.trim() !== tag && p.tags.some((t) => t.tag === name.trim());
  return (
    <li class="ps-tagrow" data-tag={tag}>
      <button
        type="button"
        class="ps-tag"
        style={color ? { borderColor: color } : undefined}
        onClick={() => p.onFilter(tag)}
      >
        {tag}
      </button>
      <span class="ps-muted">{formatCount(count)}</span>
      <input
        type="text"
        aria-label={`New name for ${tag}`}
        value={name}
        onInput={(e) => setName((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => {
          // Enter renames, as the button does.
          if (e.key === 'Enter' && name.trim() && name.trim() !== tag) p.onRename(tag, name.trim());
        }}
      />
      <button type="button" disabled={!name.trim() || name.trim() === tag} onClick={() => p.onRename(tag, name.trim())}>
        {merging ? `Merge into ${name.trim()}` : `Rename ${tag}`}
      </button>
      <input
        type="color"
        aria-label={`Colour of ${tag}`}
        value={color ?? '#b8860b'}
        onChange={(e) => p.onColor(tag, (e.target as HTMLInputElement).value)}
      />
      <button type="button" class="ps-danger" onClick={() => p.onDelete(tag)}>
        Delete {tag}
      </button>
    </li>
  );
}

export function TagsPanel(p: TagsPanelProps) {
  if (!p.tags.length) return <p class="ps-muted">No tags yet: add one to a paper, here or on a feed.</p>;
  return (
    <ul class="ps-tags" aria-label="Tags">
      {p.tags.map(({ tag, count }) => (
        <TagRow key={tag} tag={tag} count={count} color={p.colors[tag]} p={p} />
      ))}
    </ul>
  );
}
