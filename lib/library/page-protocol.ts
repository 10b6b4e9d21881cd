/**
 * The messages from the extension to a content script. The popup asks a feed tab which papers it shows ("On this
 * page", issue 12): declared and checked on both sides like the background protocol, the request by its receiver
 * (sender must be this extension), the answer by the popup (a tab's answer is not trusted blindly). The background
 * tells a page that its visit, answered before its write was stored, was not saved after all (`notSaved`).
 */
import { canonicalId } from '../paper/ids';
import { arr, type Check, obj, ShapeError, str, tryCheck } from './validate';

export const PAGE_ENTRIES = 'pageEntries';
/** A feed page holds at most this many papers (the per-visit bound of lib/library/library.ts). */
export const MAX_PAGE_ENTRIES = 5_000;

export interface PageEntriesRequest {
  papershelf: 1;
  type: typeof PAGE_ENTRIES;
}

const checkRequest: Check<PageEntriesRequest> = (v, path) => {
  const m = obj({ papershelf: (x, p) => (x === 1 ? 1 : fail(p)), type: str(20) })(v, path);
  if (m.type !== PAGE_ENTRIES) throw new ShapeError(`${path}.type`, 'not pageEntries');
  return { papershelf: 1, type: PAGE_ENTRIES };
};

const checkId: Check<string> = (v, path) => {
  const id = str(300, { min: 1 })(v, path);
  if (canonicalId(id) !== id) throw new ShapeError(path, 'not a canonical paper id');
  return id;
};

const checkReply = obj({ ids: arr(checkId, MAX_PAGE_ENTRIES) });

function fail(path: string): never {
  throw new ShapeError(path, 'expected 1');
}

/** The popup's side: asks, and keeps only a well-formed answer (none when the tab is not a feed). */
export async function requestPageEntries(send: (m: PageEntriesRequest) => Promise<unknown>): Promise<string[]> {
  try {
    const reply = tryCheck(checkReply, await send({ papershelf: 1, type: PAGE_ENTRIES }), 'reply');
    return reply.ok ? reply.value.ids : [];
  } catch {
    return [];
  }
}

/** The content script's side: answers only a well-formed request from this extension. */
export function answerPageEntries(
  message: unknown,
  sender: { id?: string },
  extensionId: string,
  ids: () => string[],
): Promise<{ ids: string[] }> | undefined {
  if (sender.id !== extensionId) return undefined;
  if (!tryCheck(checkRequest, message, 'message').ok) return undefined;
  return Promise.resolve({ ids: ids().slice(0, MAX_PAGE_ENTRIES) });
}

export const NOT_SAVED = 'notSaved';

export interface NotSavedMessage {
  papershelf: 1;
  type: typeof NOT_SAVED;
  error: string;
}

const checkNotSaved: Check<NotSavedMessage> = (v, path) => {
  const m = obj({ papershelf: (x, p) => (x === 1 ? 1 : fail(p)), type: str(20), error: str(300) })(v, path);
  if (m.type !== NOT_SAVED) throw new ShapeError(`${path}.type`, 'not notSaved');
  return { papershelf: 1, type: NOT_SAVED, error: m.error };
};

/** The background's side. */
export function notSavedMessage(error: string): NotSavedMessage {
  return { papershelf: 1, type: NOT_SAVED, error: error.slice(0, 300) };
}

/** The content script's side: the error of a well-formed notice from this extension, else undefined. */
export function readNotSaved(message: unknown, sender: { id?: string }, extensionId: string): string | undefined {
  if (sender.id !== extensionId) return undefined;
  const got = tryCheck(checkNotSaved, message, 'message');
  return got.ok ? got.value.error : undefined;
}
