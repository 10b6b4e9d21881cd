import { useEffect, useRef, useState } from 'preact/hooks';

interface Props {
  /** Used to name the field for screen readers ("Tags for <title>"). */
  title: string;
  tags: string[];
  /** Existing tags, offered as completions. */
  suggestions: string[];
  onChange: (tags: string[]) => void;
  onClose: () => void;
  /** Distinguishes the datalist of one editor from another's on the same page. */
  listId: string;
}

/** In-place tag editor: type a tag (completions from existing tags), Enter or comma adds, Esc closes. */
export function TagEditor({ title, tags, suggestions, onChange, onClose, listId }: Props) {
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  /**
   * Text the user did not type: a page can insert text into the focused field with document.execCommand (its input
   * events are trusted), then move the focus away to commit it. Typed text follows a key press (or is a pasted,
   * dropped or chosen completion); anything else clears the field and commits nothing.
   */
  const keyed = useRef(false);
  useEffect(() => input.current?.focus(), []);

  const add = (raw: string) => {
    const fresh = raw
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t && !tags.some((x) => x.toLowerCase() === t.toLowerCase()));
    if (fresh.length) onChange([...tags, ...fresh]);
    setText('');
  };

  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation(); // typing here is never a page or overlay shortcut
    if (e.isTrusted) keyed.current = true;
    if (e.key === 'Enter') {
      e.preventDefault();
      if (text.trim()) add(text);
      else onClose();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'Backspace' && !text && tags.length) {
      onChange(tags.slice(0, -1));
    }
  };

  return (
    <span class="ps-tag-editor">
      <input
        ref={input}
        class="ps-tag-input"
        value={text}
        list={listId}
        aria-label={`Add a tag to: ${title}`}
        placeholder="tag, Enter"
        maxLength={64}
        onInput={(e) => {
          const kind = (e as InputEvent).inputType ?? '';
          const typed =
            keyed.current ||
            /^(insertFromPaste|insertFromDrop|insertReplacementText|insertCompositionText|delete)/.test(kind);
          keyed.current = false;
          if (!typed || !e.isTrusted) {
            (e.target as HTMLInputElement).value = '';
            setText('');
            return;
          }
          const v = (e.target as HTMLInputElement).value;
          if (v.endsWith(',')) add(v);
          else setText(v);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (text.trim()) add(text);
          onClose();
        }}
      />
      <datalist id={listId}>
        {suggestions
          .filter((s) => !tags.includes(s))
          .slice(0, 50)
          .map((s) => (
            <option key={s} value={s} />
          ))}
      </datalist>
    </span>
  );
}
