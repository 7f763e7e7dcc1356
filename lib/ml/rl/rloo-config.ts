// Typed configuration of the RLOO trainer (REINFORCE leave-one-out: Kool et al. 2019; Ahmadian et al. 2024, "Back to
// Basics: Revisiting REINFORCE Style Optimization for Learning from Human Feedback"), defaults after TRL's RLOOConfig
// scaled to Podium's small CPU models. No value model: the baseline is the other responses to the same prompt.
import { z } from "zod";
import { DEFAULT_KL_CONTROLLER_CONFIG, type KlControllerConfig } from "./kl-controller";
import { TRUNCATED_MODES, type TruncatedMode } from "./scores";
import type { RewardStats } from "./types";

export interface RlooConfig {
  /** Iterations: each samples k responses for each of `promptsPerStep` prompts, scores them and updates. */
  steps: number;
  /** Prompts per iteration. */
  promptsPerStep: number;
  /** Responses per prompt (TRL rloo_k; ≥ 2). */
  k: number;
  /** Responses per gradient step; must divide promptsPerStep · k. */
  miniBatchSize: number;
  /** Passes over each rollout batch (1: plain REINFORCE; more reuse it with the clipped ratio, as TRL). */
  epochs: number;
  /** Response length cap; responses that hit it without EOS are scored as `truncated` says. */
  maxNewTokens: number;
  /** Sampling temperature; all log-probs use logits / T. */
  temperature: number;
  lr: number;
  lrSchedule: "constant" | "linear";
  beta1: number;
  beta2: number;
  adamEps: number;
  weightDecay: number;
  /** Global gradient-norm clip (0 disables). */
  gradClip: number;
  /** The sequence ratio π/π_old is clipped to [1 − ε, 1 + ε] (only matters when a batch is used more than once). */
  clipRange: number;
  /** KL penalty β: the reward is score − β·Σ_t (log π − log π_ref) over the response (TRL's RLOO); fixed or adaptive. */
  kl: KlControllerConfig;
  /** Whiten the advantages over the batch (TRL normalize_advantage; default off). */
  whitenAdvantages: boolean;
  rewardStats: RewardStats;
  truncated: TruncatedMode;
  /** Penalty ≥ 0 in normalised units for a response without EOS. */
  truncatedPenalty: number;
  seed: number;
}

export const DEFAULT_RLOO_CONFIG: RlooConfig = {
  steps: 100,
  promptsPerStep: 4,
  k: 4,
  miniBatchSize: 16,
  epochs: 1,
  maxNewTokens: 48,
  temperature: 0.7,
  lr: 1e-5,
  lrSchedule: "linear",
  beta1: 0.9,
  beta2: 0.999,
  adamEps: 1e-5,
  weightDecay: 0,
  gradClip: 1.0,
  clipRange: 0.2,
  kl: DEFAULT_KL_CONTROLLER_CONFIG,
  whitenAdvantages: false,
  rewardStats: { mean: 0, std: 1 },
  truncated: "score-plus-penalty",
  truncatedPenalty: 0.5,
  seed: 1,
};

export type RlooConfigOverrides = Partial<Omit<RlooConfig, "kl">> & { kl?: Partial<KlControllerConfig> };

/** Defaults, then the saved config of a resumed run, then explicit overrides (nested `kl` merged field by field). */
export function makeRlooConfig(...layers: (RlooConfigOverrides | undefined)[]): RlooConfig {
  let config: RlooConfig = { ...DEFAULT_RLOO_CONFIG };
  for (const layer of layers) {
    if (!layer) continue;
    config = { ...config, ...layer, kl: { ...config.kl, ...layer.kl } };
  }
  if (config.k < 2) throw new Error("RlooConfig: k must be at least 2");
  if ((config.promptsPerStep * config.k) % config.miniBatchSize !== 0) throw new Error("RlooConfig: miniBatchSize must divide promptsPerStep · k");
  if (config.temperature <= 0) throw new Error("RlooConfig: temperature must be > 0");
  if (config.truncatedPenalty < 0) throw new Error("RlooConfig: truncatedPenalty must be ≥ 0");
  return config;
}

export const ZRlooTrainerConfig = z.strictObject({
  steps: z.number().int().min(1),
  promptsPerStep: z.number().int().min(1),
  k: z.number().int().min(2),
  miniBatchSize: z.number().int().min(1),
  epochs: z.number().int().min(1),
  maxNewTokens: z.number().int().min(1),
  temperature: z.number().gt(0),
  lr: z.number().gt(0),
  lrSchedule: z.enum(["constant", "linear"]),
  beta1: z.number().min(0).lt(1),
  beta2: z.number().min(0).lt(1),
  adamEps: z.number().gt(0),
  weightDecay: z.number().min(0),
  gradClip: z.number().min(0),
  clipRange: z.number().gt(0),
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

export function parseRlooConfig(raw: unknown): RlooConfig {
  return ZRlooTrainerConfig.parse(raw);
}
