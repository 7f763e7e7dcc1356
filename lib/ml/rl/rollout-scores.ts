// Scoring one rollout batch, shared by PPO and RLOO: the reward function's raw scores, their normalised values, the
// scores the update uses (the `truncated` mode applied to responses without EOS), and the rollout's statistics —
// how many responses the reward model shaped, EOS rate, length, sample quality.
import type { GeneratedResponses } from "./rollout";
import { type SampleQuality, sampleQuality } from "./sample-quality";
import { type TruncatedMode, scoredByRewardModel, shapeScores } from "./scores";
import type { RewardFunction, RewardStats } from "./types";

export interface RolloutStats extends SampleQuality {
  /** Mean raw score from the reward function over all responses. */
  rewardRaw: number;
  /** The reward model's mean normalised score, (raw − mean) / std, over all responses. */
  rewardNormalised: number;
  /** Mean score actually used by the update (truncation mode applied). */
  score: number;
  /** Share of responses whose score includes the reward model's (1 unless the mode is "penalty"). */
  rewardModelShare: number;
  /** Share of responses that ended with EOS. */
  eosFraction: number;
  /** Mean response length in tokens (EOS included). */
  responseLength: number;
}

export interface ScoredRollout {
  raw: number[];
  /** Per-response score used by the update. */
  scores: number[];
  stats: RolloutStats;
}

export interface ScoreRolloutOptions {
  gen: GeneratedResponses;
  reward: RewardFunction;
  rewardStats: RewardStats;
  truncated: TruncatedMode;
  truncatedPenalty: number;
  eosId: number;
  newlineIds?: ReadonlySet<number>;
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export async function scoreRollout(options: ScoreRolloutOptions): Promise<ScoredRollout> {
  const { gen, reward, rewardStats, truncated, truncatedPenalty, eosId, newlineIds } = options;
  const raw = await reward({ prompts: gen.prompts, responses: gen.responses, endedWithEos: gen.endedWithEos });
  if (raw.length !== gen.responses.length) throw new Error(`reward returned ${raw.length} scores for ${gen.responses.length} responses`);
  if (!raw.every(Number.isFinite)) throw new Error("the reward function returned a non-finite score");
  const normalised = shapeScores({ raw, endedWithEos: gen.endedWithEos, stats: rewardStats, truncated: "score", truncatedPenalty: 0 });
  const scores = shapeScores({ raw, endedWithEos: gen.endedWithEos, stats: rewardStats, truncated, truncatedPenalty });
  const shaped = scoredByRewardModel({ endedWithEos: gen.endedWithEos, truncated });
  return {
    raw,
    scores,
    stats: {
      rewardRaw: mean(raw),
      rewardNormalised: mean(normalised),
      score: mean(scores),
      rewardModelShare: mean(shaped.map((s) => (s ? 1 : 0))),
      eosFraction: mean(gen.endedWithEos.map((e) => (e ? 1 : 0))),
      responseLength: mean(gen.responses.map((r) => r.length)),
      ...sampleQuality({ responses: gen.responses, eosId, newlineIds }),
    },
  };
}
