/** The real arXiv metadata of ../shared/datasets (issue 16: categories stand in for interests), read in place. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface DatasetPaper {
  id: string;
  title: string;
  authors: string[];
  abstract: string;
  categories: string[];
}

export const DATASET = resolve(import.meta.dirname, '../../../shared/datasets/arxiv-papers-dev.jsonl');

export const dataset: DatasetPaper[] = readFileSync(DATASET, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as DatasetPaper);

/** The papers whose primary category is this one, in file order. */
export const ofCategory = (cat: string): DatasetPaper[] => dataset.filter((r) => r.categories[0] === cat);
