// Converts a trainer's in-memory state to the project's checkpoint record (lib/ml/checkpoint) and back.
// Optimizer moments are stored as "m/<param>" and "v/<param>", the step counter and batch-RNG state as scalars.
import type { Checkpoint, TCheckpointKind } from "../checkpoint";
import type { TTokenizerJson } from "../tokenizer";
import type { NamedWeight } from "../model/gpt";
import type { AdamWState } from "./adamw";
import type { TrainerState } from "./state";

export interface ToCheckpointOptions<C> {
  kind: TCheckpointKind;
  state: TrainerState<C>;
  /** The model's config (saved next to the trainer's under `model`). */
  modelConfig: object;
  tokenizer: TTokenizerJson;
  extra?: Record<string, unknown>;
  /** Leave the optimizer out (a shipped model needs only its weights). */
  withoutOptimizer?: boolean;
}

export function toCheckpoint<C extends object>(options: ToCheckpointOptions<C>): Checkpoint {
  const { kind, state, modelConfig, tokenizer, extra = {}, withoutOptimizer = false } = options;
  const tensors = new Map<string, NamedWeight>();
  for (const [name, t] of state.optimizer.m) tensors.set(`m/${name}`, t);
  for (const [name, t] of state.optimizer.v) tensors.set(`v/${name}`, t);
  return {
    kind,
    config: { model: modelConfig, trainer: state.config },
    tokenizer,
    weights: state.weights,
    optimizer: withoutOptimizer ? null : { tensors, scalars: { step: state.optimizer.step, rngState: state.rngState } },
    step: state.step,
    bestMetric: state.bestMetric,
    extra,
  };
}

/** Trainer state from a checkpoint written by toCheckpoint (trainer config parsed by the caller's schema). */
export function fromCheckpoint<C>(options: { checkpoint: Checkpoint; parseConfig: (raw: unknown) => C }): TrainerState<C> {
  const { checkpoint, parseConfig } = options;
  const opt = checkpoint.optimizer;
  if (!opt) throw new Error("fromCheckpoint: the checkpoint holds no optimizer state, it cannot resume training");
  const optimizer: AdamWState = { step: opt.scalars.step ?? 0, m: new Map(), v: new Map() };
  for (const [key, t] of opt.tensors) {
    if (key.startsWith("m/")) optimizer.m.set(key.slice(2), t);
    else if (key.startsWith("v/")) optimizer.v.set(key.slice(2), t);
  }
  return {
    step: checkpoint.step,
    bestMetric: checkpoint.bestMetric,
    config: parseConfig(checkpoint.config.trainer),
    weights: checkpoint.weights,
    optimizer,
    rngState: opt.scalars.rngState ?? 0,
  };
}
