// Typed configuration of the PPO trainer with documented defaults (InstructGPT-style RLHF: Ouyang et al. 2022),
// the defaults taken from TRL's PPOConfig and "The N Implementation Details of RLHF with PPO" (Huang et al. 2024),
// scaled to Podium's small CPU models.
import { z } from "zod";
import { DEFAULT_KL_CONTROLLER_CONFIG, type KlControllerConfig } from "./kl-controller";
import { TRUNCATED_MODES, type TruncatedMode } from "./scores";
import type { RewardStats } from "./types";

export interface PpoConfig {
  /** PPO iterations: each samples one rollout batch, scores it and runs `ppoEpochs` epochs of minibatch updates. */
  steps: number;
  /** Prompts (and so responses) per rollout batch. */
  batchSize: number;
  /** Responses per gradient step; must divide batchSize. */
  miniBatchSize: number;
  /** Passes over each rollout batch (TRL: num_ppo_epochs = 4). */
  ppoEpochs: number;
  /** Response length cap; responses that hit it without EOS are scored as `truncated` says. */
  maxNewTokens: number;
  /** Sampling temperature; the log-probs of the rollout, of the reference and of the update all use logits / T. */
  temperature: number;
  /** Adam learning rate (TRL: 3e-6 for 1B models; small models tolerate more). */
  lr: number;
  /** "linear" anneals the rate to 0 over `steps` (TRL); "constant" keeps it. */
  lrSchedule: "constant" | "linear";
  beta1: number;
  beta2: number;
  adamEps: number;
  /** Decoupled weight decay (0: plain Adam, as in RLHF practice). */
  weightDecay: number;
  /** Global gradient-norm clip (0 disables). */
  gradClip: number;
  /** Discount γ (1: the episode is one response). */
  gamma: number;
  /** GAE λ. */
  lambda: number;
  /** PPO ratio clip ε. */
  clipRange: number;
  /** Value predictions are clipped to old ± this. */
  clipRangeValue: number;
  /** Weight of the value loss in the total loss (TRL vf_coef). */
  vfCoef: number;
  /** Per-token KL penalty β against the frozen reference: fixed or adaptive (Ziegler et al.). */
  kl: KlControllerConfig;
  /** Whiten advantages over the rollout batch's response tokens (mean 0, std 1). */
  whitenAdvantages: boolean;
  /** The reward model's saved score statistics; scores are used as (raw − mean) / std (std ≤ 0 is read as 1). */
  rewardStats: RewardStats;
  /**
   * Responses without EOS: "score" (the reward model's score), "score-plus-penalty" (that score − truncatedPenalty;
   * default) or "penalty" (−truncatedPenalty instead of the reward model's score; N-details' missing-EOS penalty).
   */
  truncated: TruncatedMode;
  /** Penalty ≥ 0 in normalised units (reward-model standard deviations) for a response without EOS. */
  truncatedPenalty: number;
  /** Seed of the trainer's RNG (prompt order, sampling, minibatch order). */
  seed: number;
}

export const DEFAULT_PPO_CONFIG: PpoConfig = {
  steps: 200,
  batchSize: 16,
  miniBatchSize: 4,
  ppoEpochs: 4,
  maxNewTokens: 48,
  temperature: 0.7,
  lr: 1e-5,
  lrSchedule: "linear",
  beta1: 0.9,
  beta2: 0.999,
  adamEps: 1e-5,
  weightDecay: 0,
  gradClip: 1.0,
  gamma: 1,
  lambda: 0.95,
  clipRange: 0.2,
  clipRangeValue: 0.2,
  vfCoef: 0.1,
  kl: DEFAULT_KL_CONTROLLER_CONFIG,
  whitenAdvantages: true,
  rewardStats: { mean: 0, std: 1 },
  truncated: "score-plus-penalty",
  truncatedPenalty: 0.5,
  seed: 1,
};

/** Overrides of any PpoConfig fields; `kl` may be partial too (merged field by field). */
export type PpoConfigOverrides = Partial<Omit<PpoConfig, "kl">> & { kl?: Partial<KlControllerConfig> };

/** Defaults, then the saved config of a resumed run, then explicit overrides (nested `kl` merged field by field). */
export function makePpoConfig(...layers: (PpoConfigOverrides | undefined)[]): PpoConfig {
  let config: PpoConfig = { ...DEFAULT_PPO_CONFIG };
  for (const layer of layers) {
    if (!layer) continue;
    config = { ...config, ...layer, kl: { ...config.kl, ...layer.kl } };
  }
  if (config.batchSize % config.miniBatchSize !== 0) throw new Error("PpoConfig: miniBatchSize must divide batchSize");
  if (config.temperature <= 0) throw new Error("PpoConfig: temperature must be > 0");
  if (config.truncatedPenalty < 0) throw new Error("PpoConfig: truncatedPenalty must be ≥ 0");
  return config;
}

/**
 * A config saved before the truncation modes had `missingEosScore` (a fixed score, or null for none): read it as
 * "penalty" with that score, or "score".
 */
export function upgradeMissingEosScore(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || !("missingEosScore" in raw)) return raw;
  const { missingEosScore, ...rest } = raw as Record<string, unknown>;
  if (typeof missingEosScore === "number") return { ...rest, truncated: "penalty", truncatedPenalty: Math.max(0, -missingEosScore) };
  return { ...rest, truncated: "score", truncatedPenalty: 0 };
}

/** Schema of a saved PpoConfig (checkpoints store the config as JSON). */
export const ZPpoTrainerConfig = z.strictObject({
  steps: z.number().int().min(1),
  batchSize: z.number().int().min(1),
  miniBatchSize: z.number().int().min(1),
  ppoEpochs: z.number().int().min(1),
  maxNewTokens: z.number().int().min(1),
  temperature: z.number().gt(0),
  lr: z.number().gt(0),
  lrSchedule: z.enum(["constant", "linear"]),
  beta1: z.number().min(0).lt(1),
  beta2: z.number().min(0).lt(1),
  adamEps: z.number().gt(0),
  weightDecay: z.number().min(0),
  gradClip: z.number().min(0),
  gamma: z.number().min(0).max(1),
  lambda: z.number().min(0).max(1),
  clipRange: z.number().gt(0),
  clipRangeValue: z.number().gt(0),
  vfCoef: z.number().min(0),
  kl: z.strictObject({
    mode: z.enum(["fixed", "adaptive"]),
    initCoef: z.number().min(0),
    target: z.number().gt(0),
    horizon: z.number().gt(0),
  }),
  whitenAdvantages: z.boolean(),
  rewardStats: z.strictObject({ mean: z.number(), std: z.number().min(0) }),
  truncated: z.enum(TRUNCATED_MODES),
  truncatedPenalty: z.number().min(0),
  seed: z.number().int(),
});

export function parsePpoConfig(raw: unknown): PpoConfig {
  return ZPpoTrainerConfig.parse(upgradeMissingEosScore(raw));
}
