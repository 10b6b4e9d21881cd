/**
 * The for-you model (issue 16; DESIGN.md's contract): `createInterestModel(liked, { disliked, background })` gives a
 * score for any paper, higher = more relevant, from the papers a user liked (starred, tagged), dismissed, and a
 * background of the other papers they saw. Local and deterministic, no network. The parts: `text.ts` (words and
 * pairs, found in place), `word-table.ts`, `vectors.ts` (TF-IDF), `svm.ts`, `model.ts` (the profile and its
 * scorer), `feedback.ts` (a feed ranked with its own best matches), `state.ts` (what the background keeps).
 */
export { createInterestModel, DEFAULT_PARAMS, type InterestModel, type ModelParams, type Why } from './model';
export type { Doc } from './text';
