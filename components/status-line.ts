import { useCallback, useEffect, useState } from 'preact/hooks';

/** How long a message stays: one that offers Undo beside it stays a little longer. */
export const STATUS_MS = 8_000;
export const UNDOABLE_STATUS_MS = 15_000;

interface Said {
  text: string;
  /** The message is about a change Undo reverses (a delete): the line offers Undo beside it. */
  undoable: boolean;
  /** Which message this is: a message's timer clears that message only. */
  n: number;
}

/**
 * A status line whose messages go after a while. Each message's timer clears only that message: a new one said just
 * as an older one's time runs out (before the render that would cancel the older timer) stays its full time.
 */
export function useStatusLine(): { text: string; undoable: boolean; say: (text: string, undoable?: boolean) => void } {
  const [said, setSaid] = useState<Said>({ text: '', undoable: false, n: 0 });
  useEffect(() => {
    if (!said.text) return;
    const { n } = said;
    const timer = setTimeout(
      () => setSaid((now) => (now.n === n ? { text: '', undoable: false, n } : now)),
      said.undoable ? UNDOABLE_STATUS_MS : STATUS_MS,
    );
    return () => clearTimeout(timer);
  }, [said]);
  const say = useCallback((text: string, undoable = false) => setSaid((now) => ({ text, undoable, n: now.n + 1 })), []);
  return { text: said.text, undoable: said.undoable, say };
}
