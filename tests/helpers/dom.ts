import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DOMParser } from 'linkedom';

/** ../shared/fixtures (third-party captures, read in place) and tests/fixtures (synthetic pages). */
export const SHARED = resolve(import.meta.dirname, '../../../shared/fixtures');
export const LOCAL = resolve(import.meta.dirname, '../fixtures');

export function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

export function load(path: string): Document {
  return parse(readFileSync(path, 'utf8'));
}
