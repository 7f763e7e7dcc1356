// Sequence scores and per-token rewards of an RLHF rollout (Ziegler et al. 2019; Stiennon et al. 2020; InstructGPT):
// normalise the reward model's score with its saved statistics, treat responses cut at the length limit (no EOS) as
// the `truncated` mode says, then r_t = −β·(log π(a_t) − log π_ref(a_t)) on every response token plus the score on
// the last one (TRL's PPOTrainer).
import type { SequenceBatch } from "./sequence";
import type { RewardStats } from "./types";

/**
 * How a response that hit the length limit without EOS is scored:
 * - "score": the reward model's normalised score, like any other response;
 * - "score-plus-penalty": that score minus `truncatedPenalty` (the reward model still ranks truncated responses
 *   against each other, and ending with EOS pays off);
 * - "penalty": the fixed score −`truncatedPenalty` instead of the reward model's (TRL's missing_eos_penalty, "The N
 *   Implementation Details of RLHF with PPO"); when most rollouts are truncated the reward model shapes almost nothing.
 */
export const TRUNCATED_MODES = ["score", "score-plus-penalty", "penalty"] as const;
export type TruncatedMode = (typeof TRUNCATED_MODES)[number];

export interface ShapeScoresOptions {
  /** Raw scores from the reward function. */
  raw: readonly number[];
  endedWithEos: readonly boolean[];
  /** Normalise as (raw − mean) / std. */
  stats: RewardStats;
  truncated: TruncatedMode;
  /** Penalty (≥ 0, in normalised units) of a response without EOS; ignored in "score" mode. */
  truncatedPenalty: number;
}

/** One score per response, in normalised units. */
export function shapeScores(options: ShapeScoresOptions): number[] {
  const { raw, endedWithEos, stats, truncated, truncatedPenalty } = options;
  const std = stats.std > 0 ? stats.std : 1;
  return raw.map((r, i) => {
    const normalised = (r - stats.mean) / std;
    if (endedWithEos[i]) return normalised;
    if (truncated === "penalty") return -truncatedPenalty;
    if (truncated === "score-plus-penalty") return normalised - truncatedPenalty;
    return normalised;
  });
}

/** Whether the reward model's score entered each response's score (false only for truncated ones in "penalty" mode). */
export function scoredByRewardModel(options: { endedWithEos: readonly boolean[]; truncated: TruncatedMode }): boolean[] {
  return options.endedWithEos.map((eos) => eos || options.truncated !== "penalty");
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

/** Per-row KL estimate Σ_t (log π − log π_ref) over the response tokens (mask). */
export function sequenceKl(options: { batch: Pick<SequenceBatch, "batch" | "seqLen" | "mask">; logProbs: Float32Array; refLogProbs: Float32Array }): number[] {
  const { batch, logProbs, refLogProbs } = options;
  const out: number[] = [];
  for (let i = 0; i < batch.batch; i++) {
    let kl = 0;
    for (let t = 0; t < batch.seqLen; t++) {
      const j = i * batch.seqLen + t;
      if (batch.mask[j] !== 0) kl += (logProbs[j] as number) - (refLogProbs[j] as number);
    }
    out.push(kl);
  }
  return out;
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
