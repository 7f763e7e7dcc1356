// Typed configuration of the language-model pretrainer (next-token cross-entropy, AdamW, warm-up then cosine decay, as
// minGPT / nanoGPT): the one declaration of its fields, bounds, defaults and documentation; the pretrain job's config
// (lib/jobs/job-config.ts) takes its fields from here.
import { z } from "zod";

export const ZPretrainTrainerConfig = z.strictObject({
  steps: z.number().int().min(1).max(10_000_000).default(800).describe("Total optimisation steps (the schedule's horizon)."),
  batchSize: z.number().int().min(1).max(1024).default(16).describe("Sequences per step."),
  seqLen: z.number().int().min(8).max(2048).default(128).describe("Tokens per sequence (at most the model's blockSize)."),
  lr: z.number().gt(0).max(1).default(1e-3).describe("Peak learning rate (small models tolerate 1e-3)."),
  minLr: z.number().min(0).max(1).default(1e-4).describe("Learning rate at the end of the cosine decay."),
  warmupSteps: z.number().int().min(0).default(50).describe("Linear warm-up steps."),
  weightDecay: z.number().min(0).default(0.1).describe("Decoupled weight decay."),
  beta2: z.number().min(0).lt(1).default(0.95).describe("AdamW β2."),
  gradClip: z.number().min(0).default(1).describe("Global gradient-norm clip (0 disables)."),
  evalEvery: z.number().int().min(0).max(100_000).default(100).describe("Held-out loss every this many steps (0: never)."),
  evalBatches: z.number().int().min(1).default(8).describe("Batches in the held-out estimate."),
  valFraction: z.number().gt(0).lt(1).default(0.05).describe("Fraction of the token stream (its tail) held out."),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).describe("Seed of the batch windows."),
  timeBudgetMinutes: z
    .number()
    .min(0)
    .default(0)
    .describe(
      "Wall-clock budget in minutes (0: none): the schedule runs on max(step/steps, elapsed/budget) and training ends when either reaches 1. Not reproducible.",
    ),
});
export type PretrainConfig = z.output<typeof ZPretrainTrainerConfig>;

export const DEFAULT_PRETRAIN_CONFIG: PretrainConfig = ZPretrainTrainerConfig.parse({});
