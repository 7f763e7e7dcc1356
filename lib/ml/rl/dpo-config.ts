// Typed configuration of the DPO trainer with documented defaults: Direct Preference Optimization (Rafailov et al.
// 2023) with TRL's DPOConfig conventions (β = 0.1 sigmoid loss, optional label smoothing = cDPO, optional RPO NLL term).
import { z } from "zod";

export interface DpoConfig {
  /** Passes over the preference pairs; total steps = epochs · ceil(pairs / batchSize), unless `steps` is set. */
  epochs: number;
  /** Total optimisation steps (continuing through as many epochs as needed); null: derived from `epochs`. */
  steps: number | null;
  /** Pairs per gradient step (each pair is two sequences). */
  batchSize: number;
  /**
   * Pairs per forward/backward pass: a step's batch is split into micro-batches whose gradients are accumulated
   * before its one update (the same DPO loss and gradient; the optional RPO term is weighted per pair, which is exact
   * when the parts' chosen responses have equal token counts). 0 or ≥ batchSize: one pass. Bounds the activation
   * memory: every sequence carries full-vocabulary logits.
   */
  microBatchSize: number;
  /** β: strength of the implicit KL constraint to the reference (Rafailov et al.: 0.1). */
  beta: number;
  /** Conservative DPO label smoothing ε (Mitchell 2023): loss = −(1−ε)·logσ(z) − ε·logσ(−z). 0: plain DPO. */
  labelSmoothing: number;
  /** RPO (Pang et al. 2024): + α · mean NLL of the chosen response's tokens. 0 disables. */
  rpoAlpha: number;
  /** Adam learning rate (TRL: 1e-6 for 1B+ models; Podium's small models tolerate more). */
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
  /** Held-out evaluation every this many steps and at the end (0: only at the end, when eval pairs are given). */
  evalEvery: number;
  /** Seed of the per-epoch pair order. */
  seed: number;
}

export const DEFAULT_DPO_CONFIG: DpoConfig = {
  epochs: 1,
  steps: null,
  batchSize: 8,
  microBatchSize: 4,
  beta: 0.1,
  labelSmoothing: 0,
  rpoAlpha: 0,
  lr: 1e-5,
  warmupSteps: 10,
  lrSchedule: "linear",
  beta1: 0.9,
  beta2: 0.999,
  adamEps: 1e-8,
  weightDecay: 0,
  gradClip: 1.0,
  evalEvery: 0,
  seed: 1,
};

/** Defaults, then the saved config of a resumed run, then explicit overrides. */
export function makeDpoConfig(...layers: (Partial<DpoConfig> | undefined)[]): DpoConfig {
  let config: DpoConfig = { ...DEFAULT_DPO_CONFIG };
  for (const layer of layers) if (layer) config = { ...config, ...layer };
  if (config.beta <= 0) throw new Error("DpoConfig: beta must be > 0");
  if (config.labelSmoothing < 0 || config.labelSmoothing >= 0.5) throw new Error("DpoConfig: labelSmoothing must be in [0, 0.5)");
  return config;
}

/** Schema of a saved DpoConfig (checkpoints store the config as JSON). */
export const ZDpoTrainerConfig = z.strictObject({
  epochs: z.number().int().min(1),
  steps: z.number().int().min(1).nullable(),
  batchSize: z.number().int().min(1),
  // Absent in checkpoints saved before micro-batching: those ran in one pass.
  microBatchSize: z.number().int().min(0).default(0),
  beta: z.number().gt(0),
  labelSmoothing: z.number().min(0).lt(0.5),
  rpoAlpha: z.number().min(0),
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

export function parseDpoConfig(raw: unknown): DpoConfig {
  return ZDpoTrainerConfig.parse(raw);
}
