/**
 * A count as English shows it ("12,345"), written out rather than by `toLocaleString('en')`: the first use of the
 * ICU number formatter cost ~20 ms of the library page's first render after a browser restart (a CPU profile of the
 * cold page: the bulk bar's two counts), before its first rows could paint.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const digits = String(Math.trunc(Math.abs(n)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n <= -1 ? `-${out}` : out;
}
