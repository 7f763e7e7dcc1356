// Ranking losses for reward models. Bradley–Terry over all C(K,2) pairs of one ranking, averaged per ranking so a
// ranking counts as ONE batch element (InstructGPT, Ouyang et al. 2022, eq. 1); Plackett–Luce listwise likelihood
// (Plackett 1975; Luce 1959) as an option; plus a centring penalty c·mean(r²) that keeps rewards near zero
// (Eisenstein et al. 2023, "Helping or herding?"; TRL's center_rewards_coefficient).
// Ties (`ranks`: tied entries share a rank) state no preference: Bradley–Terry skips tied pairs, and Plackett–Luce
// chooses each completion over itself and the completions strictly worse than it only — tied completions never sit
// in each other's choice set, the last rank group chooses nothing — which is exactly Plackett–Luce for a strict order.
import * as tf from "@tensorflow/tfjs";

export type RankingLossKind = "bradley-terry" | "plackett-luce";

export interface RankingLossOptions {
  /** Rewards of every completion in the batch, [N]. */
  rewards: tf.Tensor;
  /** One entry per ranking: indices into `rewards`, best first (≥ 2 each). */
  rankings: number[][];
  /** Per ranking, the rank of each entry (tied entries share one); omitted or null: a strict order. */
  ranks?: readonly (readonly number[] | null)[];
  kind: RankingLossKind;
  /** Coefficient of the centring term mean(r²); 0 disables it. */
  centring: number;
}

/** The rank of entry i of ranking `r` (its position + 1 without ranks). */
function rankAt(ranks: readonly (readonly number[] | null)[] | undefined, r: number, i: number): number {
  return ranks?.[r]?.[i] ?? i + 1;
}

/** The (better, worse) index pairs of one ranking that it orders strictly. */
function strictPairs(ranking: readonly number[], rank: (i: number) => number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranking.length; i++) {
    for (let j = i + 1; j < ranking.length; j++) if (rank(i) < rank(j)) pairs.push([i, j]);
  }
  return pairs;
}

/** Constant selection matrices, built in JS, so the loss is a few matmuls and elementwise ops on `rewards`. */
function pairMatrices(rankings: number[][], ranks: RankingLossOptions["ranks"], n: number): { diff: tf.Tensor; weight: tf.Tensor } {
  const rows: number[] = [];
  const weights: number[] = [];
  for (const [r, ranking] of rankings.entries()) {
    // A ranking that ties everything orders no pair: it adds nothing (and still counts in the mean over rankings).
    const pairs = strictPairs(ranking, (i) => rankAt(ranks, r, i));
    for (const [i, j] of pairs) {
      const row = new Array<number>(n).fill(0);
      row[ranking[i] as number] = 1;
      row[ranking[j] as number] = -1;
      rows.push(...row);
      weights.push(1 / pairs.length / rankings.length);
    }
  }
  if (weights.length === 0) return { diff: tf.zeros([1, n]), weight: tf.zeros([1]) };
  return { diff: tf.tensor2d(rows, [weights.length, n]), weight: tf.tensor1d(weights) };
}

/** Scalar loss (mean over rankings) plus the centring term. */
export function rankingLoss(options: RankingLossOptions): tf.Scalar {
  const { rewards, rankings, ranks, kind, centring } = options;
  const n = rewards.shape[0] as number;
  if (rankings.length === 0) throw new Error("rankingLoss: no rankings");
  for (const r of rankings) if (r.length < 2) throw new Error("rankingLoss: a ranking needs at least two completions");
  return tf.tidy(() => {
    const r = tf.reshape(rewards, [n, 1]); // [N, 1]
    let loss: tf.Tensor;
    if (kind === "bradley-terry") {
      const { diff, weight } = pairMatrices(rankings, ranks, n);
      const margins = tf.reshape(tf.matMul(diff, r), [-1]); // [P]  r_better − r_worse
      loss = tf.sum(tf.mul(tf.softplus(tf.neg(margins)), weight)); // Σ_w −log σ(margin)
    } else {
      // −log P(ranking) = Σ_i [logsumexp_{j ∈ S_i} r_j − r_i], S_i = {i} ∪ {j strictly worse than i} (= {j ≥ i}
      // without ties), averaged over the choices of each ranking (K−1 without ties).
      const terms: number[] = [];
      const chosen: number[] = [];
      const weights: number[] = [];
      for (const [r, ranking] of rankings.entries()) {
        const k = ranking.length;
        const choices: number[][] = [];
        for (let i = 0; i < k; i++) {
          const worse = ranking.filter((_, j) => rankAt(ranks, r, j) > rankAt(ranks, r, i));
          if (worse.length > 0) choices.push([ranking[i] as number, ...worse]);
        }
        for (const [pick, ...worse] of choices) {
          const maskRow = new Array<number>(n).fill(-1e9);
          for (const j of [pick as number, ...worse]) maskRow[j] = 0;
          const pickRow = new Array<number>(n).fill(0);
          pickRow[pick as number] = 1;
          terms.push(...maskRow);
          chosen.push(...pickRow);
          weights.push(1 / choices.length / rankings.length);
        }
      }
      if (weights.length === 0) {
        // Nothing ordered anywhere: a zero that still depends on `rewards`, so gradients are defined.
        terms.push(...new Array<number>(n).fill(0));
        chosen.push(...new Array<number>(n).fill(0));
        weights.push(0);
      }
      const m = weights.length;
      const rowR = tf.reshape(rewards, [1, n]); // [1, N]
      const lse = tf.logSumExp(tf.add(rowR, tf.tensor2d(terms, [m, n])), 1); // [M]
      const picked = tf.sum(tf.mul(rowR, tf.tensor2d(chosen, [m, n])), 1); // [M]
      loss = tf.sum(tf.mul(tf.sub(lse, picked), tf.tensor1d(weights)));
    }
    if (centring > 0) loss = tf.add(loss, tf.mul(tf.mean(tf.square(rewards)), centring));
    return loss as tf.Scalar;
  });
}

/** Fraction of ordered pairs (better, worse) with r_better > r_worse, over all pairs of all rankings (tied pairs left out). */
export function pairwiseAccuracy(options: { rewards: ArrayLike<number>; rankings: number[][]; ranks?: readonly (readonly number[] | null)[] }): number {
  const { rewards, rankings, ranks } = options;
  let correct = 0;
  let total = 0;
  for (const [r, ranking] of rankings.entries()) {
    for (const [i, j] of strictPairs(ranking, (k) => rankAt(ranks, r, k))) {
      total++;
      if ((rewards[ranking[i] as number] as number) > (rewards[ranking[j] as number] as number)) correct++;
    }
  }
  return total === 0 ? NaN : correct / total;
}
