// Typed configuration of the PPO trainer with documented defaults (InstructGPT-style RLHF: Ouyang et al. 2022),
// the defaults taken from TRL's PPOConfig and "The N Implementation Details of RLHF with PPO" (Huang et al. 2024),
// scaled to Podium's small CPU models.
import { z } from "zod";
import { ZKlControllerConfig, type KlControllerConfig } from "./kl-controller";
import { TRUNCATED_MODES } from "./scores";

const ZLrSchedule = z.enum(["constant", "linear"]);

/**
 * The PPO trainer's config — the one declaration of its fields, bounds, defaults and documentation. The type is its
 * output, DEFAULT_PPO_CONFIG its parse of {}, and the ppo job's config (lib/jobs/job-config.ts) takes its fields from
 * here, so the trainer and the job cannot disagree on a default.
 */
export const ZPpoTrainerConfig = z.strictObject({
  steps: z.number().int().min(1).max(1_000_000).default(100).describe("PPO iterations: each samples one rollout batch, scores it and runs ppoEpochs epochs of minibatch updates."),
  batchSize: z.number().int().min(1).max(1024).default(16).describe("Prompts (and so responses) rolled out per iteration."),
  miniBatchSize: z.number().int().min(1).max(1024).default(4).describe("Responses per gradient step; must divide batchSize."),
  ppoEpochs: z.number().int().min(1).max(32).default(4).describe("Optimisation epochs over each rollout batch (TRL: num_ppo_epochs = 4)."),
  maxNewTokens: z.number().int().min(1).max(2048).default(48).describe("Response length cap in tokens; responses that hit it without EOS are scored as `truncated` says."),
  temperature: z.number().gt(0).max(5).default(0.7).describe("Sampling temperature; the log-probs of the rollout, of the reference and of the update all use logits / T."),
  lr: z.number().gt(0).max(1).default(1e-5).describe("Adam learning rate (TRL: 3e-6 for 1B models; small models tolerate more)."),
  lrSchedule: ZLrSchedule.default("linear").describe('"linear" anneals the rate to 0 over `steps` (TRL); "constant" keeps it.'),
  beta1: z.number().min(0).lt(1).default(0.9).describe("Adam β1."),
  beta2: z.number().min(0).lt(1).default(0.999).describe("Adam β2."),
  adamEps: z.number().gt(0).default(1e-5).describe("Adam ε."),
  weightDecay: z.number().min(0).default(0).describe("Decoupled weight decay (0: plain Adam, as in RLHF practice)."),
  gradClip: z.number().min(0).default(1).describe("Global gradient-norm clip (0 disables)."),
  gamma: z.number().min(0).max(1).default(1).describe("Discount γ (1: the episode is one response)."),
  lambda: z.number().min(0).max(1).default(0.95).describe("GAE λ."),
  clipRange: z.number().gt(0).max(1).default(0.2).describe("PPO ratio clip ε."),
  clipRangeValue: z.number().gt(0).max(10).default(0.2).describe("Value predictions are clipped to old ± this."),
  vfCoef: z.number().min(0).max(10).default(0.1).describe("Weight of the value loss in the total loss (TRL vf_coef)."),
  kl: ZKlControllerConfig.prefault({}).describe("Per-token KL penalty β against the frozen reference: fixed or adaptive (Ziegler et al.)."),
  whitenAdvantages: z.boolean().default(true).describe("Whiten advantages over the rollout batch's response tokens (mean 0, std 1)."),
  rewardStats: z
    .strictObject({ mean: z.number(), std: z.number().min(0) })
    .default({ mean: 0, std: 1 })
    .describe("The reward model's saved score statistics; scores are used as (raw − mean) / std (std ≤ 0 is read as 1)."),
  truncated: z
    .enum(TRUNCATED_MODES)
    .default("score-plus-penalty")
    .describe(
      'How a response that hits the length cap without EOS is scored: "score-plus-penalty" (the reward model\'s score plus the missing-EOS penalty, so the reward model shapes every update), "score" (the reward model\'s score alone) or "penalty" (the penalty instead of the reward model\'s score).',
    ),
  truncatedPenalty: z.number().min(0).default(0.5).describe("Penalty ≥ 0 in normalised units (reward-model standard deviations) for a response without EOS."),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).describe("Seed of the trainer's RNG (prompt order, sampling, minibatch order)."),
});
export type PpoConfig = z.output<typeof ZPpoTrainerConfig>;

export const DEFAULT_PPO_CONFIG: PpoConfig = ZPpoTrainerConfig.parse({});

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

/** A saved PpoConfig (checkpoints store the config as JSON); fields it lacks take today's defaults. */
export function parsePpoConfig(raw: unknown): PpoConfig {
  return ZPpoTrainerConfig.parse(upgradeMissingEosScore(raw));
}
