/** User Timing marks of a view's opening ("ps:…"): read by the e2e benchmark; cheap, and visible only to our page. */
export function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}

/** The same promise, marking `name` when it resolves. */
export function marked<T>(name: string, p: Promise<T>): Promise<T> {
  return p.then((v) => {
    mark(name);
    return v;
  });
}
