/**
 * A sort the background's rebuild can pause in (lib/library/build-steps.ts runSteps): at 100,000 papers one sort of
 * every paper held its worker 65–290 ms (traced), and a message waited for it.
 */

/** Numbers sorted at once before the runs are merged. */
const RUN = 2_048;

/**
 * The numbers 0 … n − 1 in `before`'s order, stable (equal ones keep their order, as Array.prototype.sort does), a
 * piece at a time: each step sorts one run of RUN numbers or merges two runs (one comparison per number; runs already
 * in order are copied), and the last returns the order.
 */
export function* sortSteps(n: number, before: (a: number, b: number) => number): Generator<void, Uint32Array> {
  let order = new Uint32Array(n);
  for (let from = 0; from < n; from += RUN) {
    order.set(Array.from({ length: Math.min(n, from + RUN) - from }, (_, i) => from + i).sort(before), from);
    yield;
  }
  let into = new Uint32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      if (mid >= hi || before(order[mid - 1] as number, order[mid] as number) <= 0) {
        into.set(order.subarray(lo, hi), lo);
        yield;
        continue;
      }
      let i = lo;
      let j = mid;
      let k = lo;
      // The left one first when equal: stable.
      while (i < mid && j < hi)
        into[k++] =
          before(order[j] as number, order[i] as number) < 0 ? (order[j++] as number) : (order[i++] as number);
      while (i < mid) into[k++] = order[i++] as number;
      while (j < hi) into[k++] = order[j++] as number;
      yield;
    }
    [order, into] = [into, order];
  }
  return order;
}

/** Runs every step at once; gives what the last returns. */
export function runAll<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
