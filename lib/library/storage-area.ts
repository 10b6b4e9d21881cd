/** The part of browser.storage.local the library uses: passed in, so tests use fakeBrowser or a plain map. */
export interface StorageArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** Where log lines go (the background's console in the extension; a collector in tests). */
export type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

export const consoleLog: Log = (level, message) => {
  console[level](`[PaperShelf] ${message}`);
};
