// The PPO-clip surrogate (Schulman et al. 2017, eq. 7) and the clipped value loss of OpenAI baselines / TRL,
// both averaged over response tokens (mask), as in "The N Implementation Details of RLHF with PPO" (Huang et al. 2024).
import * as tf from "@tensorflow/tfjs";
import { maskedMean } from "./sequence";

export interface PolicyLossOptions {
  /** log π_θ(a_t | s_t) now, [B, S] (differentiable). */
  logProbs: tf.Tensor;
  /** log π_old(a_t | s_t) at rollout time, [B, S]. */
  oldLogProbs: tf.Tensor;
  /** (Whitened) advantages, [B, S]. */
  advantages: tf.Tensor;
  /** 1 on response tokens, [B, S]. */
  mask: tf.Tensor;
  /** ε: the ratio is clipped to [1 − ε, 1 + ε]. */
  clipRange: number;
}

export interface PolicyLossResult {
  /** mean over tokens of max(−A·ρ, −A·clip(ρ, 1−ε, 1+ε)). */
  loss: tf.Scalar;
  /** Fraction of tokens where the clipped term is the larger one. */
  clipFrac: tf.Scalar;
  /** ½·mean((log ρ)²), an estimate of KL(π_old ‖ π_θ). */
  approxKl: tf.Scalar;
}

export function ppoPolicyLoss(options: PolicyLossOptions): PolicyLossResult {
  const { logProbs, oldLogProbs, advantages, mask, clipRange } = options;
  const logRatio = tf.sub(logProbs, oldLogProbs); // [B, S]
  const ratio = tf.exp(logRatio); // [B, S]
  const unclipped = tf.neg(tf.mul(advantages, ratio)); // [B, S]
  const clipped = tf.neg(tf.mul(advantages, tf.clipByValue(ratio, 1 - clipRange, 1 + clipRange))); // [B, S]
  const loss = maskedMean(tf.maximum(unclipped, clipped), mask);
  const clipFrac = maskedMean(tf.cast(tf.greater(clipped, unclipped), "float32"), mask);
  const approxKl = tf.mul(maskedMean(tf.square(logRatio), mask), 0.5) as tf.Scalar;
  return { loss, clipFrac, approxKl };
}

export interface ValueLossOptions {
  /** Current value predictions, [B, S] (differentiable). */
  values: tf.Tensor;
  /** Value predictions at rollout time, [B, S]. */
  oldValues: tf.Tensor;
  /** GAE returns (targets), [B, S]. */
  returns: tf.Tensor;
  mask: tf.Tensor;
  /** Predictions are clipped to oldValues ± this. */
  clipRange: number;
}

export interface ValueLossResult {
  /** ½·mean over tokens of max((V − R)², (clip(V, V_old ± ε) − R)²). */
  loss: tf.Scalar;
  /** Fraction of tokens where the clipped error is the larger one. */
  clipFrac: tf.Scalar;
}

export function clippedValueLoss(options: ValueLossOptions): ValueLossResult {
  const { values, oldValues, returns, mask, clipRange } = options;
  const clippedValues = tf.clipByValue(tf.sub(values, oldValues), -clipRange, clipRange); // [B, S]
  const errUnclipped = tf.square(tf.sub(values, returns)); // [B, S]
  const errClipped = tf.square(tf.sub(tf.add(oldValues, clippedValues), returns)); // [B, S]
  const loss = tf.mul(maskedMean(tf.maximum(errUnclipped, errClipped), mask), 0.5) as tf.Scalar;
  const clipFrac = maskedMean(tf.cast(tf.greater(errClipped, errUnclipped), "float32"), mask);
  return { loss, clipFrac };
}
