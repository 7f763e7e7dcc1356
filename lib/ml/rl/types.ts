// The interfaces the RL trainers (PPO, DPO) are written against, so they never depend on a concrete model class.
// Shapes follow the policy contract of lib/ml/model/gpt.ts (GPT-2 / nanoGPT): forward [B, T] ids → logits + hidden.
// The reward-function contract mirrors TRL's PPOTrainer (a scalar score per (prompt, response)).
import type * as tf from "@tensorflow/tfjs";
import type { KvCache, NamedWeight } from "../model/gpt";

export type { KvCache, NamedWeight };

export interface PolicyForwardOptions {
  /** Token ids [B, T] int32; with `past` the T new tokens follow the cached positions. */
  ids: tf.Tensor;
  past?: KvCache;
  returnCache?: boolean;
  /** "all" for training, "last" while generating, "none" when only hidden states are needed. */
  logits?: "all" | "last" | "none";
}

export interface PolicyForwardResult {
  /** [B, T, V], [B, 1, V] or null. */
  logits: tf.Tensor | null | undefined;
  /** Final hidden states [B, T, D]. */
  hidden: tf.Tensor;
  cache?: KvCache;
}

/** A causal language model the trainers can sample from, score and train. `Gpt` satisfies it as is. */
export interface PolicyModel {
  readonly config: { readonly vocabSize: number; readonly blockSize: number; readonly nEmbd: number };
  forward(options: PolicyForwardOptions): PolicyForwardResult;
  /** Live trainable variables by name (the trainer never disposes them). */
  variables(): Map<string, tf.Variable>;
  exportWeights(): Promise<Map<string, NamedWeight>>;
  loadWeights(weights: Map<string, NamedWeight>): void;
}

/** The frozen reference policy: only its forward pass is used, never its variables. */
export type ReferenceModel = Pick<PolicyModel, "config" | "forward">;

/** One scored sample: token ids of the prompt and of the response (truncated after EOS, EOS included if any). */
export interface RewardInput {
  prompts: number[][];
  responses: number[][];
  /** Whether each response ended with EOS (false: truncated at maxNewTokens or the context length). */
  endedWithEos: boolean[];
}

/**
 * Raw scalar score per sample (e.g. a reward model's output, or decode the ids with the tokenizer and score texts).
 * The trainer normalises with `RewardStats`, then applies the missing-EOS score.
 */
export type RewardFunction = (input: RewardInput) => number[] | Promise<number[]>;

/** Mean and std of the reward model's raw scores on its training data, saved with the reward model. */
export interface RewardStats {
  mean: number;
  std: number;
}
