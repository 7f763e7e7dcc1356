// Typed configuration of the supervised fine-tuning trainer with documented defaults: next-token cross-entropy on the
// response tokens of (prompt, demonstration) pairs, as in InstructGPT's SFT stage (Ouyang et al. 2022) and TRL's
// SFTTrainer with completion-only loss (prompt tokens masked out, the mean taken over response tokens).
import { z } from "zod";

export interface SftConfig {
  /** Total optimisation steps (through as many passes over the examples as needed). */
  steps: number;
  /** Examples per gradient step. */
  batchSize: number;
  /**
   * Examples per forward/backward pass: a step's batch is split into micro-batches whose gradients are accumulated,
   * each weighted by its share of the batch's response tokens (the same loss and gradient as one pass). 0 or
   * ≥ batchSize: one pass. Bounds the activation memory: every position carries full-vocabulary logits.
   */
  microBatchSize: number;
  /** Peak AdamW learning rate. */
  lr: number;
  /** Linear warm-up steps, then "constant" or "linear" decay to 0 at the last step. */
  warmupSteps: number;
  lrSchedule: "constant" | "linear";
  beta1: number;
  beta2: number;
  adamEps: number;
  weightDecay: number;
  /** Global gradient-norm clip (0 disables). */
  gradClip: number;
  /** Held-out loss every this many steps and at the end (0: only at the end, when held-out examples are given). */
  evalEvery: number;
  /** Seed of the per-pass example order. */
  seed: number;
}

export const DEFAULT_SFT_CONFIG: SftConfig = {
  steps: 200,
  batchSize: 8,
  microBatchSize: 4,
  lr: 1e-4,
  warmupSteps: 10,
  lrSchedule: "linear",
  beta1: 0.9,
  beta2: 0.95,
  adamEps: 1e-8,
  weightDecay: 0,
  gradClip: 1.0,
  evalEvery: 50,
  seed: 1,
};

/** Schema of a saved SftConfig (checkpoints store the config as JSON). */
export const ZSftTrainerConfig = z.strictObject({
  steps: z.number().int().min(1),
  batchSize: z.number().int().min(1),
  microBatchSize: z.number().int().min(0),
  lr: z.number().gt(0),
  warmupSteps: z.number().int().min(0),
  lrSchedule: z.enum(["constant", "linear"]),
  beta1: z.number().min(0).lt(1),
  beta2: z.number().min(0).lt(1),
  adamEps: z.number().gt(0),
  weightDecay: z.number().min(0),
  gradClip: z.number().min(0),
  evalEvery: z.number().int().min(0),
  seed: z.number().int(),
});

/** Defaults, then the saved config of a resumed run, then explicit overrides. */
export function makeSftConfig(...layers: (Partial<SftConfig> | undefined)[]): SftConfig {
  let config: SftConfig = { ...DEFAULT_SFT_CONFIG };
  for (const layer of layers) if (layer) config = { ...config, ...layer };
  return ZSftTrainerConfig.parse(config);
}

export function parseSftConfig(raw: unknown): SftConfig {
  return ZSftTrainerConfig.parse(raw);
}
