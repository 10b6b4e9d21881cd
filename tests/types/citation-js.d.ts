// citation-js ships no types; the tests use it only to read exports back.
declare module '@citation-js/core' {
  export const Cite: { async(input: string): Promise<{ data: unknown[] }> };
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
