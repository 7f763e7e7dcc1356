// Pre-tokenisation for the byte-level BPE: split text into chunks that merges never cross.
// Follows GPT-2's pattern (Radford et al. 2019, openai/gpt-2 encoder.py): contractions, words with one leading space,
// numbers, punctuation runs, whitespace. Combining marks stay with their letters. Chunks always cover the whole text.

/** GPT-2's split pattern with \p{M} added to the letter class so "é" (e + U+0301) stays one chunk. */
export const DEFAULT_PRETOKENIZE_PATTERN =
  "'s|'t|'re|'ve|'m|'ll|'d| ?[\\p{L}\\p{M}]+| ?\\p{N}+| ?[^\\s\\p{L}\\p{M}\\p{N}]+|\\s+(?!\\S)|\\s+";

export function compilePattern(pattern: string): RegExp {
  return new RegExp(pattern, "gu");
}

/**
 * Splits `text` into consecutive chunks whose concatenation is `text` exactly.
 * Any stretch the pattern does not match (impossible with the default pattern) becomes a chunk of its own.
 */
export function pretokenize(text: string, regex: RegExp): string[] {
  const chunks: string[] = [];
  let last = 0;
  for (const match of text.matchAll(regex)) {
    const start = match.index;
    if (start > last) chunks.push(text.slice(last, start));
    if (match[0].length > 0) chunks.push(match[0]);
    last = start + match[0].length;
  }
  if (last < text.length) chunks.push(text.slice(last));
  return chunks;
}
