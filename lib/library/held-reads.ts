/**
 * A view's reads of storage.local raced with the background's answer from what it holds as stored
 * (lib/library/stored-mirror.ts): after a browser restart a read asked while the session's first write is being
 * stored waits seconds at 100,000 papers; the background answers at once when it holds every key asked, else never
 * (the view's own read answers). Kept apart from the rest so that the pages' early script (entrypoints/early.ts)
 * uses it without the message protocol's checkers.
 */
import type { StorageArea } from './storage-area';

/** Asks the background for these keys' stored values: undefined (or a rejection) when it does not hold them all. */
export type AskHeld = (keys: string[]) => Promise<Record<string, unknown> | undefined>;

/**
 * The background is asked only when storage has not answered this long after (ms): a read that answers at once costs
 * no message, and a view opened after a restart does not wake the background's worker for nothing (its start takes
 * CPU the view needs on 2 cores).
 */
export const ASK_AFTER_MS = 80;

export function heldFirst(storage: Pick<StorageArea, 'get'>, ask: AskHeld): Pick<StorageArea, 'get'> {
  return {
    get(keys) {
      const own = storage.get(keys);
      if (keys === null || keys === undefined) return own;
      const list = Array.isArray(keys) ? keys : [keys];
      const held = new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => {
          ask(list).then((v) => (v ? resolve(v) : reject(new Error('not held'))), reject);
        }, ASK_AFTER_MS);
        own.then(
          () => clearTimeout(timer),
          () => {},
        );
      });
      return Promise.any([own, held]);
    },
  };
}

/** The ask over runtime.sendMessage (the message `heldValues`, lib/library/messages.ts), for the pages' scripts. */
export function askOver(send: (message: unknown) => Promise<unknown>): AskHeld {
  return async (keys) => {
    const reply = (await send({ papershelf: 1, type: 'heldValues', payload: { keys } })) as
      | { ok?: boolean; value?: { values?: Record<string, unknown> | null } }
      | undefined;
    const values = reply?.ok ? reply.value?.values : undefined;
    return values && typeof values === 'object' ? values : undefined;
  };
}
