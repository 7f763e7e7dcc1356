// PPO / DPO trainer state ⇄ the project's checkpoint record (lib/ml/checkpoint), through lib/ml/train's bridge:
// policy weights as-is, value weights as "value/<name>", AdamW moments "m/…"/"v/…", β and the value-model kind in
// `extra`. Saved with every checkpoint as STYLE.md asks (config, step, optimizer state, best metric; Ouyang et al. 2022).
import type { Checkpoint } from "../checkpoint";
import type { NamedWeight } from "../model/gpt";
import type { TTokenizerJson } from "../tokenizer";
import { fromCheckpoint, toCheckpoint } from "../train/checkpoint-bridge";
import { type DpoConfig, parseDpoConfig } from "./dpo-config";
import type { DpoState } from "./dpo";
import type { PpoState } from "./ppo";
import { type PpoConfig, parsePpoConfig } from "./ppo-config";
import type { RlooState } from "./rloo";
import { type RlooConfig, parseRlooConfig } from "./rloo-config";

const VALUE_PREFIX = "value/";

export interface RlToCheckpointOptions {
  /** The policy's GptConfig (saved under config.model). */
  modelConfig: object;
  tokenizer: TTokenizerJson;
  /** A shipped model: policy weights only, no optimizer or value head. Default false (a resumable checkpoint). */
  weightsOnly?: boolean;
  extra?: Record<string, unknown>;
}

export function ppoStateToCheckpoint(options: RlToCheckpointOptions & { state: PpoState }): Checkpoint {
  const { state, modelConfig, tokenizer, weightsOnly = false, extra = {} } = options;
  const weights = new Map<string, NamedWeight>(state.weights);
  if (!weightsOnly) for (const [name, w] of state.valueWeights) weights.set(`${VALUE_PREFIX}${name}`, w);
  return toCheckpoint<PpoConfig>({
    kind: "policy",
    state: { ...state, weights },
    modelConfig,
    tokenizer,
    withoutOptimizer: weightsOnly,
    extra: { ...extra, trainer: "ppo", klCoef: state.klCoef },
  });
}

export function ppoStateFromCheckpoint(options: { checkpoint: Checkpoint }): PpoState {
  const { checkpoint } = options;
  if (checkpoint.extra.trainer !== "ppo") throw new Error("ppoStateFromCheckpoint: not a PPO training checkpoint");
  const base = fromCheckpoint<PpoConfig>({ checkpoint, parseConfig: parsePpoConfig });
  const weights = new Map<string, NamedWeight>();
  const valueWeights = new Map<string, NamedWeight>();
  for (const [name, w] of base.weights) {
    if (name.startsWith(VALUE_PREFIX)) valueWeights.set(name.slice(VALUE_PREFIX.length), w);
    else weights.set(name, w);
  }
  const klCoef = checkpoint.extra.klCoef;
  if (typeof klCoef !== "number") throw new Error("ppoStateFromCheckpoint: extra.klCoef missing");
  return { ...base, weights, valueWeights, klCoef };
}

export function dpoStateToCheckpoint(options: RlToCheckpointOptions & { state: DpoState }): Checkpoint {
  const { state, modelConfig, tokenizer, weightsOnly = false, extra = {} } = options;
  return toCheckpoint<DpoConfig>({
    kind: "policy",
    state,
    modelConfig,
    tokenizer,
    withoutOptimizer: weightsOnly,
    extra: { ...extra, trainer: "dpo" },
  });
}

export function dpoStateFromCheckpoint(options: { checkpoint: Checkpoint }): DpoState {
  const { checkpoint } = options;
  if (checkpoint.extra.trainer !== "dpo") throw new Error("dpoStateFromCheckpoint: not a DPO training checkpoint");
  return fromCheckpoint<DpoConfig>({ checkpoint, parseConfig: parseDpoConfig });
}

export function rlooStateToCheckpoint(options: RlToCheckpointOptions & { state: RlooState }): Checkpoint {
  const { state, modelConfig, tokenizer, weightsOnly = false, extra = {} } = options;
  return toCheckpoint<RlooConfig>({
    kind: "policy",
    state,
    modelConfig,
    tokenizer,
    withoutOptimizer: weightsOnly,
    extra: { ...extra, trainer: "rloo", klCoef: state.klCoef },
  });
}

export function rlooStateFromCheckpoint(options: { checkpoint: Checkpoint }): RlooState {
  const { checkpoint } = options;
  if (checkpoint.extra.trainer !== "rloo") throw new Error("rlooStateFromCheckpoint: not an RLOO training checkpoint");
  const base = fromCheckpoint<RlooConfig>({ checkpoint, parseConfig: parseRlooConfig });
  const klCoef = checkpoint.extra.klCoef;
  if (typeof klCoef !== "number") throw new Error("rlooStateFromCheckpoint: extra.klCoef missing");
  return { ...base, klCoef };
}
