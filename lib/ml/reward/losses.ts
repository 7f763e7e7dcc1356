// Ranking losses for reward models. Bradley–Terry over all C(K,2) pairs of one ranking, averaged per ranking so a
// ranking counts as ONE batch element (InstructGPT, Ouyang et al. 2022, eq. 1); Plackett–Luce listwise likelihood
// (Plackett 1975; Luce 1959) as an option; plus a centring penalty c·mean(r²) that keeps rewards near zero
// (Eisenstein et al. 2023, "Helping or herding?"; TRL's center_rewards_coefficient).
import * as tf from "@tensorflow/tfjs";

export type RankingLossKind = "bradley-terry" | "plackett-luce";

export interface RankingLossOptions {
  /** Rewards of every completion in the batch, [N]. */
  rewards: tf.Tensor;
  /** One entry per ranking: indices into `rewards`, best first (≥ 2 each, no ties). */
  rankings: number[][];
  kind: RankingLossKind;
  /** Coefficient of the centring term mean(r²); 0 disables it. */
  centring: number;
}

/** Constant selection matrices, built in JS, so the loss is a few matmuls and elementwise ops on `rewards`. */
function pairMatrices(rankings: number[][], n: number): { diff: tf.Tensor; weight: tf.Tensor } {
  const rows: number[] = [];
  const weights: number[] = [];
  for (const ranking of rankings) {
    const k = ranking.length;
    const pairs = (k * (k - 1)) / 2;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const row = new Array<number>(n).fill(0);
        row[ranking[i] as number] = 1;
        row[ranking[j] as number] = -1;
        rows.push(...row);
        weights.push(1 / pairs / rankings.length);
      }
    }
  }
  return { diff: tf.tensor2d(rows, [weights.length, n]), weight: tf.tensor1d(weights) };
}

/** Scalar loss (mean over rankings) plus the centring term. */
export function rankingLoss(options: RankingLossOptions): tf.Scalar {
  const { rewards, rankings, kind, centring } = options;
  const n = rewards.shape[0] as number;
  if (rankings.length === 0) throw new Error("rankingLoss: no rankings");
  for (const r of rankings) if (r.length < 2) throw new Error("rankingLoss: a ranking needs at least two completions");
  return tf.tidy(() => {
    const r = tf.reshape(rewards, [n, 1]); // [N, 1]
    let loss: tf.Tensor;
    if (kind === "bradley-terry") {
      const { diff, weight } = pairMatrices(rankings, n);
      const margins = tf.reshape(tf.matMul(diff, r), [-1]); // [P]  r_better − r_worse
      loss = tf.sum(tf.mul(tf.softplus(tf.neg(margins)), weight)); // Σ_w −log σ(margin)
    } else {
      // −log P(ranking) = Σ_i [logsumexp_{j ≥ i} r_j − r_i], averaged over the K−1 choices of each ranking.
      const terms: number[] = [];
      const chosen: number[] = [];
      const weights: number[] = [];
      for (const ranking of rankings) {
        const k = ranking.length;
        for (let i = 0; i < k - 1; i++) {
          const maskRow = new Array<number>(n).fill(-1e9);
          for (let j = i; j < k; j++) maskRow[ranking[j] as number] = 0;
          const pickRow = new Array<number>(n).fill(0);
          pickRow[ranking[i] as number] = 1;
          terms.push(...maskRow);
          chosen.push(...pickRow);
          weights.push(1 / (k - 1) / rankings.length);
        }
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

/** Fraction of ordered pairs (better, worse) with r_better > r_worse, over all pairs of all rankings. */
export function pairwiseAccuracy(options: { rewards: ArrayLike<number>; rankings: number[][] }): number {
  const { rewards, rankings } = options;
  let correct = 0;
  let total = 0;
  for (const ranking of rankings) {
    for (let i = 0; i < ranking.length; i++) {
      for (let j = i + 1; j < ranking.length; j++) {
        total++;
        if ((rewards[ranking[i] as number] as number) > (rewards[ranking[j] as number] as number)) correct++;
      }
    }
  }
  return total === 0 ? NaN : correct / total;
}
