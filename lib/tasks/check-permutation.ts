// A ranking must be exactly a permutation of the completion ids shown: this says what is wrong when it is not.
export interface PermutationProblems {
  missing: string[];
  duplicates: string[];
  unknown: string[];
}

export function checkPermutation(shown: readonly string[], ranking: readonly string[]): PermutationProblems | null {
  const shownSet = new Set(shown);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const unknown: string[] = [];
  for (const id of ranking) {
    if (!shownSet.has(id)) unknown.push(id);
    else if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  const missing = shown.filter((id) => !seen.has(id));
  if (missing.length === 0 && duplicates.size === 0 && unknown.length === 0 && ranking.length === shown.length) return null;
  return { missing, duplicates: [...duplicates], unknown };
}

export function describePermutationProblems(p: PermutationProblems): string {
  const parts: string[] = [];
  if (p.missing.length) parts.push(`missing id ${p.missing.join(", ")}`);
  if (p.duplicates.length) parts.push(`duplicate id ${p.duplicates.join(", ")}`);
  if (p.unknown.length) parts.push(`unknown id ${p.unknown.join(", ")}`);
  return `The ranking must be exactly a permutation of the completions shown: ${parts.join("; ")}`;
}
