// Typed configuration of the RLOO trainer (REINFORCE leave-one-out: Kool et al. 2019; Ahmadian et al. 2024, "Back to
// Basics: Revisiting REINFORCE Style Optimization for Learning from Human Feedback"), defaults after TRL's RLOOConfig
// scaled to Podium's small CPU models. No value model: the baseline is the other responses to the same prompt.
import { z } from "zod";
import { ZKlControllerConfig, type KlControllerConfig } from "./kl-controller";
import { ZPpoTrainerConfig } from "./ppo-config";

/**
 * The RLOO trainer's config — the one declaration of its fields, bounds, defaults and documentation; the rloo job's
 * config (lib/jobs/job-config.ts) takes its fields from here.
 */
export const ZRlooTrainerConfig = z.strictObject({
  steps: z.number().int().min(1).max(1_000_000).default(100).describe("Iterations: each samples k responses for each of promptsPerStep prompts, scores them and updates."),
  promptsPerStep: z.number().int().min(1).max(256).default(4).describe("Prompts per iteration."),
  k: z.number().int().min(2).max(64).default(4).describe("Responses sampled per prompt (≥ 2: the others are each one's baseline; TRL rloo_k)."),
  miniBatchSize: z.number().int().min(1).default(16).describe("Responses per gradient step; must divide promptsPerStep · k."),
  epochs: z.number().int().min(1).max(32).default(1).describe("Passes over each rollout batch (1: plain REINFORCE; more reuse it with the clipped ratio, as TRL)."),
  maxNewTokens: z.number().int().min(1).max(2048).default(48).describe("Response length cap in tokens; responses that hit it without EOS are scored as `truncated` says."),
  temperature: z.number().gt(0).max(5).default(0.7).describe("Sampling temperature; all log-probs use logits / T."),
  lr: ZPpoTrainerConfig.shape.lr,
  lrSchedule: ZPpoTrainerConfig.shape.lrSchedule,
  beta1: ZPpoTrainerConfig.shape.beta1,
  beta2: ZPpoTrainerConfig.shape.beta2,
  adamEps: ZPpoTrainerConfig.shape.adamEps,
  weightDecay: ZPpoTrainerConfig.shape.weightDecay,
  gradClip: ZPpoTrainerConfig.shape.gradClip,
  clipRange: z.number().gt(0).max(1).default(0.2).describe("The sequence ratio π/π_old is clipped to [1 − ε, 1 + ε] (only matters when a batch is used more than once)."),
  kl: ZKlControllerConfig.prefault({}).describe("KL penalty β: the reward is score − β·Σ_t (log π − log π_ref) over the response (TRL's RLOO); fixed or adaptive."),
  whitenAdvantages: z.boolean().default(false).describe("Whiten the advantages over each batch (TRL normalize_advantage)."),
  rewardStats: ZPpoTrainerConfig.shape.rewardStats,
  truncated: ZPpoTrainerConfig.shape.truncated,
  truncatedPenalty: ZPpoTrainerConfig.shape.truncatedPenalty,
  seed: ZPpoTrainerConfig.shape.seed,
});
export type RlooConfig = z.output<typeof ZRlooTrainerConfig>;

export const DEFAULT_RLOO_CONFIG: RlooConfig = ZRlooTrainerConfig.parse({});

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

/** A saved RlooConfig (checkpoints store the config as JSON); fields it lacks take today's defaults. */
export function parseRlooConfig(raw: unknown): RlooConfig {
  return ZRlooTrainerConfig.parse(raw);
}
