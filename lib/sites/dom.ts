import { canonicalId } from '../paper/ids';
import { absUrl } from './text';

/**
 * For each paper id, the largest element on the page that holds links to that paper and to no other: the
 * entry's card, found from link shapes alone (no class names, which change with every redesign).
 * One pass over each link's ancestors: linear in links × depth.
 */
export function cardsById(links: [Element, string][], stopAt: Element): Map<string, Element> {
  const owner = new Map<Element, string | null>(); // null: holds links to more than one paper
  for (const [link, id] of links) {
    for (let el: Element | null = link; el && el !== stopAt; el = el.parentElement) {
      const seen = owner.get(el);
      if (seen === undefined) owner.set(el, id);
      else if (seen !== id) {
        // This element and all above it are shared: mark them once.
        for (let up: Element | null = el; up && up !== stopAt && owner.get(up) !== null; up = up.parentElement) {
          owner.set(up, null);
        }
        break;
      } else if (el !== link) break; // already walked from another link of the same paper
    }
  }
  const cards = new Map<string, Element>();
  for (const [link, id] of links) {
    let card: Element = link;
    for (let el: Element | null = link; el && el !== stopAt && owner.get(el) === id; el = el.parentElement) card = el;
    const prev = cards.get(id);
    if (!prev || (card !== prev && card.contains(prev))) cards.set(id, card);
  }
  // Layout wrappers (<div><article>…</article></div>) are not the card: step down to the single child.
  for (const [id, card] of cards) {
    let inner = card;
    while (inner.children.length === 1 && (inner.firstElementChild as Element).tagName !== 'A') {
      inner = inner.firstElementChild as Element;
    }
    if (inner !== card) cards.set(id, inner);
  }
  return cards;
}

/** Links on the page that name a paper, with the paper's canonical id, in page order. */
export function paperLinks(root: ParentNode, base: URL, selector = 'a[href]'): [Element, string][] {
  const out: [Element, string][] = [];
  for (const a of root.querySelectorAll(selector)) {
    const href = absUrl(a.getAttribute('href'), base);
    const id = href ? canonicalId(href) : undefined;
    if (id) out.push([a, id]);
  }
  return out;
}
