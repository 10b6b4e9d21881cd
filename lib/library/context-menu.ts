/**
 * "Star this paper" in the context menu of links to paper pages: which links get it, and what a click stars.
 */
import { canonicalId, landingUrl } from '../paper/ids';
import type { PaperMetadata } from '../paper/types';

/** Links the menu is offered on: arXiv, Hugging Face papers, OpenReview, DOIs, alphaXiv, the ACL Anthology. */
export const PAPER_LINK_PATTERNS = [
  '*://arxiv.org/abs/*',
  '*://arxiv.org/pdf/*',
  '*://www.arxiv.org/abs/*',
  '*://huggingface.co/papers/*',
  '*://hf.co/papers/*',
  '*://openreview.net/forum*',
  '*://openreview.net/pdf*',
  '*://doi.org/*',
  '*://dx.doi.org/*',
  '*://www.alphaxiv.org/abs/*',
  '*://aclanthology.org/*',
];

// Link texts that name a format or an id, not the paper.
const NOT_A_TITLE =
  /^(?:\[?(?:pdf|abs|abstract|html|paper|link|view|forum|doi|arxiv)\]?|arxiv:\s*\S+|10\.\d+\/\S+|https?:\/\/\S+|\d{4}\.\d{4,5}(?:v\d+)?)$/i;

/** The paper a link names, titled by its text when that is a title (else by its id until a page is seen). */
export function paperFromLink(linkUrl: string, linkText?: string): PaperMetadata | undefined {
  const id = canonicalId(linkUrl);
  if (!id) return undefined;
  const text = (linkText ?? '').replace(/\s+/g, ' ').trim();
  const title = text.length > 3 && !NOT_A_TITLE.test(text) ? text.slice(0, 2_000) : id;
  return { id, title, authors: [], url: landingUrl(id) ?? linkUrl };
}
