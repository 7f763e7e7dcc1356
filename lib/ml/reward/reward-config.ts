// Typed configuration of the reward-model trainer with documented defaults (InstructGPT's RM recipe, Ouyang et al.
// 2022, at toy scale): the one declaration of its fields, bounds, defaults and documentation; the reward job's config
// (lib/jobs/job-config.ts) takes its fields from here.
import { z } from "zod";

export const ZRewardTrainConfig = z.strictObject({
  steps: z.number().int().min(1).max(1_000_000).default(300).describe("Optimisation steps."),
  batchSize: z.number().int().min(1).max(1024).default(16).describe("Rankings per step (each gives all C(K,2) pairs, one batch element whatever its K)."),
  microBatchSize: z
    .number()
    .int()
    .min(0)
    .default(4)
    .describe(
      "Rankings per forward/backward pass: a step's batch is split into micro-batches whose gradients are accumulated before the one AdamW update (0 or ≥ batchSize: one pass). Bounds the activation memory.",
    ),
  lr: z.number().gt(0).max(1).default(1e-4).describe("Peak AdamW learning rate."),
  minLr: z.number().min(0).max(1).default(1e-5).describe("Learning rate at the end of the cosine decay."),
  warmupSteps: z.number().int().min(0).default(20).describe("Linear warm-up steps before the cosine decay."),
  weightDecay: z.number().min(0).default(0.01).describe("Decoupled weight decay."),
  gradClip: z.number().min(0).default(1).describe("Global gradient-norm clip (0 disables)."),
  loss: z
    .enum(["bradley-terry", "plackett-luce"])
    .default("bradley-terry")
    .describe('"bradley-terry": all pairs of a ranking (InstructGPT); "plackett-luce": the listwise likelihood.'),
  centring: z.number().min(0).default(0.01).describe("Coefficient of the centring penalty mean(r²)."),
  evalEvery: z.number().int().min(0).max(100_000).default(50).describe("Held-out evaluation every this many steps (0: only at the end)."),
  valFraction: z.number().min(0).max(0.5).default(0.1).describe("Fraction of prompts held out for accuracy (split by prompt, never by ranking)."),
  maxLength: z.number().int().min(2).max(4096).default(128).describe("Sequences are cut to their last maxLength tokens (≤ the model's context)."),
  evalBatchSize: z
    .number()
    .int()
    .min(1)
    .default(4)
    .describe(
      "Rankings per forward pass (no gradients) during evaluation and the final reward-normalisation pass; chunks of 4 keep the peak memory below a training pass's (tests/bench/ml/reward-memory.ts).",
    ),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).describe("Seed of the held-out split and the batch order."),
});
export type RewardTrainConfig = z.output<typeof ZRewardTrainConfig>;

export const DEFAULT_REWARD_TRAIN_CONFIG: RewardTrainConfig = ZRewardTrainConfig.parse({});
