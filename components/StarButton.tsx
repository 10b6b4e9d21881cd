interface Props {
  title: string;
  starred: boolean;
  onToggle: () => void;
}

/** The star toggle used everywhere (DESIGN.md: a button with aria-pressed, named "Star: <title>"). */
export function StarButton({ title, starred, onToggle }: Props) {
  return (
    <button
      type="button"
      class={starred ? 'ps-star ps-star--on' : 'ps-star'}
      aria-pressed={starred}
      aria-label={`Star: ${title}`}
      title={starred ? 'Unstar' : 'Star'}
      onClick={onToggle}
    >
      {starred ? '★' : '☆'}
    </button>
  );
}
