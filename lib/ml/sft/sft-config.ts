// Typed configuration of the supervised fine-tuning trainer with documented defaults: next-token cross-entropy on the
// response tokens of (prompt, demonstration) pairs, as in InstructGPT's SFT stage (Ouyang et al. 2022) and TRL's
// SFTTrainer with completion-only loss (prompt tokens masked out, the mean taken over response tokens).
import { z } from "zod";

/**
 * The SFT trainer's config — the one declaration of its fields, bounds, defaults and documentation; the sft job's
 * config (lib/jobs/job-config.ts) takes its fields from here.
 */
export const ZSftTrainerConfig = z.strictObject({
  steps: z.number().int().min(1).max(1_000_000).default(200).describe("Optimisation steps (through as many passes over the examples as needed)."),
  batchSize: z.number().int().min(1).max(1024).default(8).describe("Examples per gradient step."),
  microBatchSize: z
    .number()
    .int()
    .min(0)
    .default(4)
    .describe(
      "Examples per forward/backward pass: a step's batch is split into micro-batches whose gradients are accumulated, each weighted by its share of the batch's response tokens (0 or ≥ batchSize: one pass). Bounds the activation memory.",
    ),
  lr: z.number().gt(0).max(1).default(1e-4).describe("Peak AdamW learning rate."),
  warmupSteps: z.number().int().min(0).default(10).describe("Linear warm-up steps, then lrSchedule's decay."),
  lrSchedule: z.enum(["constant", "linear"]).default("linear").describe('"linear" decays the rate to 0 at the last step; "constant" keeps it.'),
  beta1: z.number().min(0).lt(1).default(0.9).describe("AdamW β1."),
  beta2: z.number().min(0).lt(1).default(0.95).describe("AdamW β2."),
  adamEps: z.number().gt(0).default(1e-8).describe("AdamW ε."),
  weightDecay: z.number().min(0).default(0).describe("Decoupled weight decay."),
  gradClip: z.number().min(0).default(1).describe("Global gradient-norm clip (0 disables)."),
  evalEvery: z.number().int().min(0).max(100_000).default(25).describe("Held-out loss every this many steps and at the end (0: only at the end)."),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).describe("Seed of the per-pass example order."),
});
export type SftConfig = z.output<typeof ZSftTrainerConfig>;

export const DEFAULT_SFT_CONFIG: SftConfig = ZSftTrainerConfig.parse({});

/** Defaults, then the saved config of a resumed run, then explicit overrides. */
export function makeSftConfig(...layers: (Partial<SftConfig> | undefined)[]): SftConfig {
  let config: SftConfig = { ...DEFAULT_SFT_CONFIG };
  for (const layer of layers) if (layer) config = { ...config, ...layer };
  return ZSftTrainerConfig.parse(config);
}

/** A saved SftConfig (checkpoints store the config as JSON); fields it lacks take today's defaults. */
export function parseSftConfig(raw: unknown): SftConfig {
  return ZSftTrainerConfig.parse(raw);
}
