/** User Timing marks of a view's opening ("ps:…"): read by the e2e benchmark; cheap, and visible only to our page. */
export function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}
