// Loads model versions from the checkpoint store into tfjs models: a policy (Gpt) or a reward model, each with the
// tokenizer saved in its checkpoint, and the reward model's normalisation statistics.
import { ZGptConfig, type GptConfig } from "@/lib/ml/model/config";
import { Gpt } from "@/lib/ml/model/gpt";
import type { RewardModel } from "@/lib/ml/reward/reward-model";
import { rewardModelFromCheckpoint } from "@/lib/ml/reward/from-checkpoint";
import type { Checkpoint, CheckpointStore } from "@/lib/ml/checkpoint";
import { Tokenizer } from "@/lib/ml/tokenizer";
import { PermanentJobError } from "../job-context";

export interface LoadedCheckpoint {
  checkpoint: Checkpoint;
  modelConfig: GptConfig;
  tokenizer: Tokenizer;
}

export async function loadCheckpoint(options: { store: CheckpointStore; key: string; what: string }): Promise<LoadedCheckpoint> {
  const checkpoint = await options.store.load(options.key);
  if (!checkpoint) throw new PermanentJobError(`${options.what}: no checkpoint under "${options.key}" in the artifact store`);
  const raw = checkpoint.config.model;
  const parsed = ZGptConfig.safeParse(raw);
  if (!parsed.success) throw new PermanentJobError(`${options.what}: checkpoint "${options.key}" has no valid model config`);
  return { checkpoint, modelConfig: parsed.data, tokenizer: Tokenizer.fromJSON(checkpoint.tokenizer) };
}

export interface LoadedPolicy extends LoadedCheckpoint {
  model: Gpt;
}

export async function loadPolicy(options: { store: CheckpointStore; key: string }): Promise<LoadedPolicy> {
  const loaded = await loadCheckpoint({ ...options, what: "policy" });
  if (loaded.checkpoint.kind !== "policy") throw new PermanentJobError(`"${options.key}" is not a policy checkpoint`);
  return { ...loaded, model: Gpt.fromWeights({ config: loaded.modelConfig, weights: loaded.checkpoint.weights }) };
}

export interface LoadedRewardModel extends LoadedCheckpoint {
  model: RewardModel;
  normalisation: { mean: number; std: number };
}

export async function loadRewardModel(options: { store: CheckpointStore; key: string }): Promise<LoadedRewardModel> {
  const loaded = await loadCheckpoint({ ...options, what: "reward model" });
  if (loaded.checkpoint.kind !== "reward") throw new PermanentJobError(`"${options.key}" is not a reward-model checkpoint`);
  // The same reader as lib/ml/reward's tests use; a checkpoint without usable statistics scores unnormalised.
  const { model, normalisation: saved } = rewardModelFromCheckpoint(loaded.checkpoint);
  const normalisation = saved ? { mean: saved.mean, std: saved.std > 0 ? saved.std : 1 } : { mean: 0, std: 1 };
  return { ...loaded, model, normalisation };
}
