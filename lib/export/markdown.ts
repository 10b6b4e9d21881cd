import type { Paper } from '../paper/types';
import { type ExportFormatSpec, exportUrl, oneLine, yearOf } from './common';

/** Markdown special characters in link text and body escaped. */
export function mdEscape(text: string): string {
  return oneLine(text).replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

export function toMarkdown(papers: Paper[]): string {
  const lines = papers.map((p) => {
    const authors = p.authors.length > 4 ? `${p.authors.slice(0, 3).join(', ')} et al.` : p.authors.join(', ');
    const year = yearOf(p);
    const tags = p.tags.map((t) => `\`${oneLine(t).replace(/`/g, "'")}\``).join(' ');
    // Only web links are written (a data: or javascript: link would run when the Markdown is rendered).
    const href = exportUrl(p)?.replace(/[()<>\s]/g, (c) => encodeURIComponent(c));
    return [
      href ? `- [${mdEscape(p.title || p.id)}](${href})` : `- ${mdEscape(p.title || p.id)}`,
      authors && ` — ${mdEscape(authors)}`,
      year && ` (${year})`,
      tags && ` ${tags}`,
    ].join('');
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export const markdown = {
  id: 'markdown',
  label: 'Markdown',
  extension: 'md',
  mime: 'text/markdown;charset=utf-8',
  write: toMarkdown,
} as const satisfies ExportFormatSpec;
