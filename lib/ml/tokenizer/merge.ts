// The one BPE merge step shared by training and encoding (as in karpathy/minbpe's `merge`).

/** Ids stay below 2^16 (vocabulary ≤ 65536), so a pair fits in one number: a * 65536 + b. */
export const PAIR_BASE = 65536;

export const pairKey = (a: number, b: number): number => a * PAIR_BASE + b;

/** Replaces every non-overlapping (a, b), left to right, by `id`. Returns null when the pair is absent. */
export function mergePair(tokens: readonly number[], a: number, b: number, id: number): number[] | null {
  let found = false;
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (i + 1 < tokens.length && tokens[i] === a && tokens[i + 1] === b) {
      out.push(id);
      i++;
      found = true;
    } else {
      out.push(tokens[i]!);
    }
  }
  return found ? out : null;
}
