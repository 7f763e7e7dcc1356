// Agreement between two rankings of the same items (best first): the share of item pairs both put in the same
// order, and Kendall's tau (= 2·agreement − 1 for full rankings without ties). Kendall (1938), "A new measure of rank
// correlation".

/** Position of every item in a ranking. */
export function positions(order: readonly string[]): Map<string, number> {
  return new Map(order.map((id, i) => [id, i]));
}

/**
 * Share of the pairs of items present in both rankings that both order the same way (1 = identical, 0 = reversed).
 * Null when the rankings share fewer than two items.
 */
export function pairwiseAgreement(a: readonly string[], b: readonly string[]): number | null {
  const pb = positions(b);
  const common = a.filter((id) => pb.has(id));
  let agree = 0;
  let pairs = 0;
  for (let i = 0; i < common.length; i++) {
    for (let j = i + 1; j < common.length; j++) {
      pairs++;
      // common keeps a's order, so a ranks common[i] above common[j].
      if ((pb.get(common[i] as string) as number) < (pb.get(common[j] as string) as number)) agree++;
    }
  }
  return pairs === 0 ? null : agree / pairs;
}

/** Kendall's tau-a between two rankings of the same items, in [−1, 1]; null with fewer than two shared items. */
export function kendallTau(a: readonly string[], b: readonly string[]): number | null {
  const rate = pairwiseAgreement(a, b);
  return rate === null ? null : 2 * rate - 1;
}

/** Mean pairwise agreement over all pairs of rankings (labelers) of one comparison; null with fewer than two. */
export function meanPairwiseAgreement(rankings: readonly (readonly string[])[]): { mean: number; pairs: number } | null {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < rankings.length; i++) {
    for (let j = i + 1; j < rankings.length; j++) {
      const rate = pairwiseAgreement(rankings[i] as string[], rankings[j] as string[]);
      if (rate === null) continue;
      sum += rate;
      pairs++;
    }
  }
  return pairs === 0 ? null : { mean: sum / pairs, pairs };
}
