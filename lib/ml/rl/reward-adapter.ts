// Adapters from models to the PPO trainer's RewardFunction / RolloutSampler: score (prompt, response) ids with a
// reward model read at the last real token (InstructGPT §3.5, lib/ml/reward), and sample rollouts with
// lib/ml/sampling's `generate` (temperature only, no top-k/top-p, as PPO's log-probs require).
import * as tf from "@tensorflow/tfjs";
import type { Gpt } from "../model/gpt";
import { readAndDispose } from "../ops/read-tensor";
import { generate } from "../sampling/generate";
import { yieldIfDue } from "../train/state";
import type { RolloutSampler } from "./rollout";
import type { RewardFunction, RewardInput } from "./types";

/** What the scorer needs of a reward model; lib/ml/reward's RewardModel fits. */
export interface ScalarRewardModel {
  readonly config: { readonly blockSize: number };
  /** ids [B, T] right-padded, lengths = real tokens per row → scores [B]. */
  forward(options: { ids: tf.Tensor; lengths: number[] }): tf.Tensor;
}

export interface RewardModelScorerOptions {
  rewardModel: ScalarRewardModel;
  padId: number;
  /** Sequences per forward pass. */
  batchSize?: number;
}

/** RewardFunction that returns the reward model's raw score of prompt ++ response (the trainer normalises it). */
export function rewardModelScorer(options: RewardModelScorerOptions): RewardFunction {
  const { rewardModel, padId, batchSize = 16 } = options;
  const { blockSize } = rewardModel.config;
  return async (input: RewardInput) => {
    const seqs = input.prompts.map((p, i) => [...p, ...(input.responses[i] as number[])].slice(-blockSize));
    const scores: number[] = [];
    for (let from = 0; from < seqs.length; from += batchSize) {
      await yieldIfDue();
      const chunk = seqs.slice(from, from + batchSize);
      const t = Math.max(...chunk.map((s) => s.length));
      const ids = new Int32Array(chunk.length * t).fill(padId);
      chunk.forEach((s, i) => ids.set(s, i * t));
      const out = await readAndDispose(
        tf.tidy(() => rewardModel.forward({ ids: tf.tensor2d(ids, [chunk.length, t], "int32"), lengths: chunk.map((s) => s.length) })),
      ); // [B]
      scores.push(...Array.from(out));
    }
    return scores;
  };
}

/**
 * RolloutSampler backed by lib/ml/sampling's `generate` (KV cache, per-row seeded streams). Each rollout draws one
 * seed from the trainer's RNG, so runs stay reproducible and resumable.
 */
export function gptSampler(options: { model: Gpt }): RolloutSampler {
  const { model } = options;
  return async ({ prompts, maxNewTokens, temperature, eosId, rng }) => {
    const seed = rng.int(0x7fffffff);
    const maxPrompt = model.config.blockSize - maxNewTokens;
    const used = prompts.map((p) => p.slice(Math.max(0, p.length - maxPrompt)));
    const completions = await generate({
      model,
      prompts: used,
      eosId,
      seed,
      config: { temperature, topK: 0, topP: 1, maxNewTokens },
    });
    return {
      prompts: used,
      responses: completions.map((c) => c.tokens),
      endedWithEos: completions.map((c) => c.finished),
    };
  };
}
