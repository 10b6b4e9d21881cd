/**
 * Text normalisation shared by the index and the query: case, accents (Muller finds Müller), Greek and TeX
 * (mu-P, muP and $\mu$P all find μP), hyphens and spacing (pretrained finds pre-trained).
 */

const GREEK: Record<string, string> = {
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  ε: 'epsilon',
  ϵ: 'epsilon',
  ζ: 'zeta',
  η: 'eta',
  θ: 'theta',
  ϑ: 'theta',
  ι: 'iota',
  κ: 'kappa',
  λ: 'lambda',
  μ: 'mu',
  µ: 'mu',
  ν: 'nu',
  ξ: 'xi',
  ο: 'omicron',
  π: 'pi',
  ρ: 'rho',
  σ: 'sigma',
  ς: 'sigma',
  τ: 'tau',
  υ: 'upsilon',
  φ: 'phi',
  ϕ: 'phi',
  χ: 'chi',
  ψ: 'psi',
  ω: 'omega',
};
const GREEK_RE = new RegExp(`[${Object.keys(GREEK).join('')}]`, 'g');
// TeX: \mu → mu, \mathcal{O} → O, $ and braces dropped.
const TEX_COMMAND = /\\(?:mathcal|mathbf|mathrm|mathit|mathbb|text|textbf|textit|emph|operatorname)\s*/g;

/** Lower-case, accent-free, Greek spelled out, TeX unwrapped. Keeps punctuation (for phrases). */
export function fold(text: string): string {
  // ASCII text (most of it) skips Unicode decomposition.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range test is the point
  let t = /[^\x00-\x7f]/.test(text) ? text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : text;
  t = t.toLowerCase();
  if (GREEK_RE.test(t)) t = t.replace(GREEK_RE, (g) => GREEK[g] ?? g);
  GREEK_RE.lastIndex = 0;
  if (t.includes('\\') || t.includes('$')) {
    t = t
      .replace(TEX_COMMAND, '')
      .replace(/\\([a-z]+)/g, '$1')
      .replace(/[${}]/g, '');
  }
  return t;
}

/**
 * Words of a text for the index: folded, split on anything that is not a letter or digit. Hyphenated and
 * joined forms both count: "pre-trained" gives pre, trained and pretrained; "mu-P" gives mu, p and mup.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  const folded = fold(text);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range test is the point
  const found = folded.match(/[^\x00-\x7f]/.test(folded) ? WORD : ASCII_WORD) ?? [];
  for (const w of found) {
    out.push(w);
    if (/[-_.']/.test(w)) {
      const parts = w.split(/[-_.']/).filter(Boolean);
      if (parts.length > 1) {
        out.push(...parts);
        if (parts.length <= 4) out[out.length - parts.length - 1] = parts.join('');
        else out.splice(out.length - parts.length - 1, 1);
      }
    }
  }
  return out;
}

// A word, with its inner hyphens, dots and apostrophes (pre-trained, gpt-4, 3.5, don't).
const WORD = /[\p{L}\p{N}]+(?:[-_.'][\p{L}\p{N}]+)*/gu;
const ASCII_WORD = /[a-z0-9]+(?:[-_.'][a-z0-9]+)*/g;

/** Folded text with every non-alphanumeric run as one space: what "exact phrase" matching compares. */
export function phraseText(text: string): string {
  return ` ${fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}
