// SFT trainer state ⇄ the project's checkpoint record (lib/ml/checkpoint), through lib/ml/train's bridge: policy
// weights, AdamW moments, step, best held-out loss and the trainer config, marked `extra.trainer = "sft"`.
import type { Checkpoint } from "../checkpoint";
import type { TTokenizerJson } from "../tokenizer";
import { fromCheckpoint, toCheckpoint } from "../train/checkpoint-bridge";
import type { SftState } from "./sft";
import { type SftConfig, parseSftConfig } from "./sft-config";

export interface SftToCheckpointOptions {
  state: SftState;
  /** The policy's GptConfig (saved under config.model). */
  modelConfig: object;
  tokenizer: TTokenizerJson;
  /** A shipped model: policy weights only, no optimizer. Default false (a resumable checkpoint). */
  weightsOnly?: boolean;
  extra?: Record<string, unknown>;
}

export function sftStateToCheckpoint(options: SftToCheckpointOptions): Checkpoint {
  const { state, modelConfig, tokenizer, weightsOnly = false, extra = {} } = options;
  return toCheckpoint<SftConfig>({ kind: "policy", state, modelConfig, tokenizer, withoutOptimizer: weightsOnly, extra: { ...extra, trainer: "sft" } });
}

export function sftStateFromCheckpoint(options: { checkpoint: Checkpoint }): SftState {
  const { checkpoint } = options;
  if (checkpoint.extra.trainer !== "sft") throw new Error("sftStateFromCheckpoint: not an SFT training checkpoint");
  return fromCheckpoint<SftConfig>({ checkpoint, parseConfig: parseSftConfig });
}
