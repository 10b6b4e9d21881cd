// The slice of the extension API that e2e tests call inside extension pages (page.evaluate).
declare const chrome: {
  runtime: {
    sendMessage(message: unknown): Promise<unknown>;
    getManifest(): { name: string } & Record<string, unknown>;
  };
  commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> };
  i18n: { getMessage(key: string): string };
  storage: { local: { get(keys: string | string[] | null): Promise<Record<string, unknown>> } };
  extension: { getViews(filter: { type: 'popup' | 'tab' }): Window[] };
};
