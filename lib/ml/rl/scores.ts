// Sequence scores and per-token rewards of an RLHF rollout (Ziegler et al. 2019; Stiennon et al. 2020; InstructGPT):
// normalise the reward model's score with its saved statistics, give responses without EOS a fixed score, then
// r_t = −β·(log π(a_t) − log π_ref(a_t)) on every response token plus the score on the last one (TRL's PPOTrainer).
import type { SequenceBatch } from "./sequence";
import type { RewardStats } from "./types";

export interface ShapeScoresOptions {
  /** Raw scores from the reward function. */
  raw: readonly number[];
  endedWithEos: readonly boolean[];
  /** Normalise as (raw − mean) / std. */
  stats: RewardStats;
  /** Score (in normalised units) given instead to responses that did not end with EOS; null: no penalty. */
  missingEosScore: number | null;
}

export function shapeScores(options: ShapeScoresOptions): number[] {
  const { raw, endedWithEos, stats, missingEosScore } = options;
  const std = stats.std > 0 ? stats.std : 1;
  return raw.map((r, i) => {
    if (missingEosScore !== null && !endedWithEos[i]) return missingEosScore;
    return (r - stats.mean) / std;
  });
}

export interface TokenRewardsOptions {
  batch: Pick<SequenceBatch, "batch" | "seqLen" | "mask" | "responseStart" | "responseLength">;
  /** [B·S] log π_old at rollout time. */
  logProbs: Float32Array;
  /** [B·S] log π_ref. */
  refLogProbs: Float32Array;
  /** One score per row (after shapeScores). */
  scores: readonly number[];
  /** β. */
  klCoef: number;
}

export interface TokenRewards {
  /** [B·S] per-token rewards, 0 outside responses. */
  rewards: Float32Array;
  /** Per-row KL estimate Σ_t (log π − log π_ref) over the response (the k1 estimator). */
  klPerRow: number[];
}

export function tokenRewards(options: TokenRewardsOptions): TokenRewards {
  const { batch, logProbs, refLogProbs, scores, klCoef } = options;
  const { batch: b, seqLen: s, mask } = batch;
  const rewards = new Float32Array(b * s);
  const klPerRow: number[] = [];
  for (let i = 0; i < b; i++) {
    let kl = 0;
    for (let t = 0; t < s; t++) {
      const j = i * s + t;
      if (mask[j] === 0) continue;
      const k = (logProbs[j] as number) - (refLogProbs[j] as number);
      kl += k;
      rewards[j] = -klCoef * k;
    }
    klPerRow.push(kl);
    const len = batch.responseLength[i] as number;
    if (len > 0) {
      const last = i * s + (batch.responseStart[i] as number) + len - 1;
      rewards[last] = (rewards[last] as number) + (scores[i] as number);
    }
  }
  return { rewards, klPerRow };
}
