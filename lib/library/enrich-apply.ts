/**
 * What "Complete metadata" (lib/enrich) found, applied to a paper: a field is filled when the paper has none, or when
 * the paper's value came from an earlier completion (never over what a page or the user gave); a date only gains
 * precision (2023 → 2023-12-01). Each filled field is marked with its source (Paper.enriched).
 */
import type { Completion } from '../enrich/index';
import type { EnrichMark, Paper } from '../paper/types';

type Field = EnrichMark['fields'][number];

/** The paper with the completion's fields, or undefined when nothing changes. */
export function applyCompletion<P extends Paper>(paper: P, c: Completion, now: string): P | undefined {
  const ours = new Set((paper.enriched ?? []).flatMap((m) => m.fields));
  const next: P = { ...paper };
  const filled = new Map<EnrichMark['source'], Field[]>();
  const fill = (field: Field, value: string, source: EnrichMark['source']) => {
    if (next[field] === value) return;
    next[field] = value;
    filled.set(source, [...(filled.get(source) ?? []), field]);
  };
  for (const [field, found] of Object.entries(c.found) as [Field, { value: string; source: EnrichMark['source'] }][]) {
    const current = paper[field];
    if (field === 'published') {
      const gains = !current || (current.length < found.value.length && found.value.startsWith(current));
      if (gains || ours.has(field)) fill(field, found.value, found.source);
    } else if (!current || ours.has(field)) fill(field, found.value, found.source);
  }
  if (!filled.size) return undefined;
  // Each field is marked with the source that filled it last (one mark per source).
  let marks: EnrichMark[] = (paper.enriched ?? []).map((m) => ({ ...m, fields: [...m.fields] }));
  for (const [source, fields] of filled) {
    marks = marks
      .map((m) => ({ ...m, fields: m.fields.filter((f) => !fields.includes(f)) }))
      .filter((m) => m.fields.length);
    const mine = marks.find((m) => m.source === source);
    if (mine) {
      mine.fields = [...new Set([...mine.fields, ...fields])];
      mine.at = now;
    } else marks.push({ source, at: now, fields });
  }
  next.enriched = marks.slice(0, 3);
  next.updatedAt = now;
  return next;
}
