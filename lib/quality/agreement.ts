// Agreement between two rankings of the same items (best first): the share of item pairs both put in the same
// order, and Kendall's tau (= 2·agreement − 1 for full rankings without ties). Kendall (1938), "A new measure of rank
// correlation". With ties (lib/quality/ranked) each ranking says of a pair "a above b", "b above a" or "tied": the
// same statement agrees (1, a tie with a tie included), a tie against a strict preference agrees half (0.5), opposite
// preferences not at all (0).
import { orderOf, ranksOf, type Ranked } from "./ranked";

/** Position of every item in a ranking. */
export function positions(order: readonly string[]): Map<string, number> {
  return new Map(order.map((id, i) => [id, i]));
}

/**
 * Share of the pairs of items present in both rankings that both order the same way (1 = identical, 0 = reversed).
 * Null when the rankings share fewer than two items.
 */
export function pairwiseAgreement(a: Ranked, b: Ranked): number | null {
  const ra = ranksOf(a);
  const rb = ranksOf(b);
  const common = orderOf(a).filter((id) => rb.has(id));
  let agree = 0;
  let pairs = 0;
  for (let i = 0; i < common.length; i++) {
    for (let j = i + 1; j < common.length; j++) {
      pairs++;
      const x = common[i] as string;
      const y = common[j] as string;
      const sa = Math.sign((ra.get(x) as number) - (ra.get(y) as number));
      const sb = Math.sign((rb.get(x) as number) - (rb.get(y) as number));
      if (sa === sb) agree++;
      else if (sa === 0 || sb === 0) agree += 0.5;
    }
  }
  return pairs === 0 ? null : agree / pairs;
}

/** Kendall's tau-a between two rankings of the same items, in [−1, 1]; null with fewer than two shared items. */
export function kendallTau(a: Ranked, b: Ranked): number | null {
  const rate = pairwiseAgreement(a, b);
  return rate === null ? null : 2 * rate - 1;
}

/** Mean pairwise agreement over all pairs of rankings (labelers) of one comparison; null with fewer than two. */
export function meanPairwiseAgreement(rankings: readonly Ranked[]): { mean: number; pairs: number } | null {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < rankings.length; i++) {
    for (let j = i + 1; j < rankings.length; j++) {
      const rate = pairwiseAgreement(rankings[i] as Ranked, rankings[j] as Ranked);
      if (rate === null) continue;
      sum += rate;
      pairs++;
    }
  }
  return pairs === 0 ? null : { mean: sum / pairs, pairs };
}
