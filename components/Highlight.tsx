interface Props {
  text: string;
  /** Inclusive [start, end] ranges to mark. */
  ranges: [number, number][];
}

/** Text with the matched ranges in <mark>; all of it rendered as text. */
export function Highlight({ text, ranges }: Props) {
  if (!ranges.length) return <>{text}</>;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const parts: preact.ComponentChildren[] = [];
  let at = 0;
  for (const [start, end] of sorted) {
    if (start < at) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end + 1)}</mark>);
    at = end + 1;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
