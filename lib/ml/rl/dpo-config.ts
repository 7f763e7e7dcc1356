// Typed configuration of the DPO trainer with documented defaults: Direct Preference Optimization (Rafailov et al.
// 2023) with TRL's DPOConfig conventions (β = 0.1 sigmoid loss, optional label smoothing = cDPO, optional RPO NLL term).
import { z } from "zod";

/** Optimisation steps of a DPO run (the dpo job's `steps`, default 200; the trainer's may be null: see `epochs`). */
export const ZDpoSteps = z.number().int().min(1).max(1_000_000).describe("Optimisation steps (continuing through as many passes over the pairs as needed).");

/**
 * The DPO trainer's config — the one declaration of its fields, bounds, defaults and documentation; the dpo job's
 * config (lib/jobs/job-config.ts) takes its fields from here.
 */
export const ZDpoTrainerConfig = z.strictObject({
  epochs: z.number().int().min(1).max(10_000).default(1).describe("Passes over the preference pairs when `steps` is null: total steps = epochs · ceil(pairs / batchSize)."),
  steps: ZDpoSteps.nullable().default(null).describe("Optimisation steps (continuing through as many passes over the pairs as needed); null: derived from `epochs`."),
  batchSize: z.number().int().min(1).max(1024).default(16).describe("Preference pairs per gradient step (each pair is two sequences)."),
  microBatchSize: z
    .number()
    .int()
    .min(0)
    .default(4)
    .describe(
      "Pairs per forward/backward pass: a step's batch is split into micro-batches whose gradients are accumulated before its one update (0 or ≥ batchSize: one pass). Bounds the activation memory.",
    ),
  beta: z.number().gt(0).max(10).default(0.1).describe("DPO temperature β of the sigmoid loss: strength of the implicit KL constraint to the reference (Rafailov et al.: 0.1)."),
  labelSmoothing: z.number().min(0).lt(0.5).default(0).describe("Conservative DPO label smoothing ε (Mitchell 2023): loss = −(1−ε)·logσ(z) − ε·logσ(−z). 0: plain DPO."),
  rpoAlpha: z.number().min(0).max(10).default(0).describe("RPO (Pang et al. 2024): weight α of the mean NLL of the chosen response's tokens (0 = off)."),
  lr: z.number().gt(0).max(1).default(1e-5).describe("Adam learning rate (TRL: 1e-6 for 1B+ models; Podium's small models tolerate more)."),
  warmupSteps: z.number().int().min(0).default(10).describe("Linear warm-up steps, then lrSchedule's decay."),
  lrSchedule: z.enum(["constant", "linear"]).default("linear").describe('"linear" decays the rate to 0 at the last step; "constant" keeps it.'),
  beta1: z.number().min(0).lt(1).default(0.9).describe("Adam β1."),
  beta2: z.number().min(0).lt(1).default(0.999).describe("Adam β2."),
  adamEps: z.number().gt(0).default(1e-8).describe("Adam ε."),
  weightDecay: z.number().min(0).default(0).describe("Decoupled weight decay."),
  gradClip: z.number().min(0).default(1).describe("Global gradient-norm clip (0 disables)."),
  evalEvery: z.number().int().min(0).max(100_000).default(50).describe("Held-out evaluation every this many steps and at the end (0: only at the end)."),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).describe("Seed of the per-epoch pair order."),
});
export type DpoConfig = z.output<typeof ZDpoTrainerConfig>;

export const DEFAULT_DPO_CONFIG: DpoConfig = ZDpoTrainerConfig.parse({});

/** Defaults, then the saved config of a resumed run, then explicit overrides. */
export function makeDpoConfig(...layers: (Partial<DpoConfig> | undefined)[]): DpoConfig {
  let config: DpoConfig = { ...DEFAULT_DPO_CONFIG };
  for (const layer of layers) if (layer) config = { ...config, ...layer };
  if (config.beta <= 0) throw new Error("DpoConfig: beta must be > 0");
  if (config.labelSmoothing < 0 || config.labelSmoothing >= 0.5) throw new Error("DpoConfig: labelSmoothing must be in [0, 0.5)");
  return config;
}

/**
 * A saved DpoConfig (checkpoints store the config as JSON); fields it lacks take today's defaults, except
 * microBatchSize: checkpoints saved before micro-batching ran in one pass (0).
 */
export function parseDpoConfig(raw: unknown): DpoConfig {
  const saved = typeof raw === "object" && raw !== null && !("microBatchSize" in raw) ? { ...raw, microBatchSize: 0 } : raw;
  return ZDpoTrainerConfig.parse(saved);
}
