/**
 * What reaches our controls: only the user's own input (isTrusted), and a press only on a control the page has
 * not hidden or moved over its own content (issue 13.4).
 */
import { looksGenuine } from './page';

/** Events a page script could fake on our controls. */
const GUARDED_EVENTS = [
  'click',
  'keydown',
  'keyup',
  'input',
  'change',
  'submit',
  'focusout',
  'mousedown',
  'pointerdown',
];

/** What presses a control: a click (and its pointer-down), or Enter or Space on it. Other keys pass (shortcuts). */
const activates = (e: Event) =>
  ['click', 'mousedown', 'pointerdown'].includes(e.type) ||
  (e.type === 'keydown' && ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' '));

/**
 * Stops untrusted events inside `root`; with `onHidden`, also a real press on a control the page made invisible or
 * moved (the user meant the page's content there, not our control), telling the user once per click.
 */
export function acceptTrustedOnly(root: ShadowRoot, onHidden?: () => void): void {
  for (const type of GUARDED_EVENTS) {
    root.addEventListener(
      type,
      (e) => {
        if (!e.isTrusted) e.stopImmediatePropagation();
        else if (onHidden && activates(e) && !looksGenuine(root.host as HTMLElement)) {
          e.stopImmediatePropagation();
          e.preventDefault();
          if (type === 'click') onHidden();
        }
      },
      true,
    );
  }
}
