/**
 * A very small shape checker for everything that crosses a trust boundary: messages from content scripts and
 * pages, records read back from storage, imported files. Each checker returns the value (possibly trimmed to its
 * limits) or throws a ShapeError naming the path of the first problem.
 */

export class ShapeError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path || 'value'}: ${problem}`);
    this.name = 'ShapeError';
  }
}

export type Check<T> = (value: unknown, path: string) => T;

export const str =
  (max = 10_000, { min = 0 }: { min?: number } = {}): Check<string> =>
  (v, path) => {
    if (typeof v !== 'string') throw new ShapeError(path, `expected a string, got ${kind(v)}`);
    if (v.length < min) throw new ShapeError(path, `expected at least ${min} characters`);
    if (v.length > max) throw new ShapeError(path, `longer than ${max} characters`);
    return v;
  };

export const bool: Check<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new ShapeError(path, `expected true or false, got ${kind(v)}`);
  return v;
};

export const num =
  (min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): Check<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ShapeError(path, `expected a number, got ${kind(v)}`);
    if (v < min || v > max) throw new ShapeError(path, `expected a number from ${min} to ${max}`);
    return v;
  };

export const literal =
  <T extends string>(...values: T[]): Check<T> =>
  (v, path) => {
    if (typeof v !== 'string' || !(values as string[]).includes(v)) {
      throw new ShapeError(path, `expected one of ${values.join(', ')}`);
    }
    return v as T;
  };

export const arr =
  <T>(item: Check<T>, max = 10_000): Check<T[]> =>
  (v, path) => {
    if (!Array.isArray(v)) throw new ShapeError(path, `expected a list, got ${kind(v)}`);
    if (v.length > max) throw new ShapeError(path, `more than ${max} items`);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };

/** A list cut to its first `max` items (page-given data: a page with 3,000 authors is cut, not refused). */
export const clipList =
  <T>(item: Check<T>, max: number): Check<T[]> =>
  (v, path) => {
    if (!Array.isArray(v)) throw new ShapeError(path, `expected a list, got ${kind(v)}`);
    return v.slice(0, max).map((x, i) => item(x, `${path}[${i}]`));
  };

export const opt =
  <T>(check: Check<T>): Check<T | undefined> =>
  (v, path) =>
    v === undefined || v === null ? undefined : check(v, path);

type Fields = Record<string, Check<unknown>>;
type Out<F extends Fields> = { [K in keyof F]: ReturnType<F[K]> };

/** A plain object with exactly these fields (unknown fields are dropped, never copied). */
export const obj =
  <F extends Fields>(fields: F): Check<Out<F>> =>
  (v, path) => {
    if (!isPlainObject(v)) throw new ShapeError(path, `expected an object, got ${kind(v)}`);
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(fields)) {
      const value = check(Object.hasOwn(v, key) ? v[key] : undefined, path ? `${path}.${key}` : key);
      if (value !== undefined) out[key] = value;
    }
    return out as Out<F>;
  };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v;
}

/** Runs a check and returns either the value or the error message. */
export function tryCheck<T>(
  check: Check<T>,
  value: unknown,
  path = '',
): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: check(value, path) };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, error: e.message };
    throw e;
  }
}
