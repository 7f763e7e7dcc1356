// The DPO objective (Rafailov et al. 2023, eq. 7) on summed response log-probs, with cDPO label smoothing, as in
// TRL's DPOTrainer `dpo_loss` ("sigmoid"): z = β·[(log π(y_w) − log π_ref(y_w)) − (log π(y_l) − log π_ref(y_l))].
import * as tf from "@tensorflow/tfjs";

export interface DpoLossOptions {
  /** Σ log π_θ(chosen | prompt), [B] (differentiable). */
  policyChosen: tf.Tensor;
  /** Σ log π_θ(rejected | prompt), [B]. */
  policyRejected: tf.Tensor;
  /** Σ log π_ref(chosen | prompt), [B]. */
  refChosen: tf.Tensor;
  /** Σ log π_ref(rejected | prompt), [B]. */
  refRejected: tf.Tensor;
  beta: number;
  labelSmoothing?: number;
}

export interface DpoLossResult {
  /** Per-pair loss −(1−ε)·logσ(z) − ε·logσ(−z), [B]. */
  losses: tf.Tensor;
  /** Implicit rewards β·(log π − log π_ref) of the chosen responses, [B]. */
  chosenRewards: tf.Tensor;
  /** Implicit rewards of the rejected responses, [B]. */
  rejectedRewards: tf.Tensor;
}

export function dpoLoss(options: DpoLossOptions): DpoLossResult {
  const { policyChosen, policyRejected, refChosen, refRejected, beta, labelSmoothing = 0 } = options;
  const chosenRatio = tf.sub(policyChosen, refChosen); // [B]
  const rejectedRatio = tf.sub(policyRejected, refRejected); // [B]
  const z = tf.mul(tf.sub(chosenRatio, rejectedRatio), beta); // [B]
  // −log σ(z) = softplus(−z); tf.logSigmoid's custom gradient fails inside tf.variableGrads on tfjs 4.22.
  let losses = tf.softplus(tf.neg(z)); // [B]
  if (labelSmoothing > 0) {
    losses = tf.add(tf.mul(losses, 1 - labelSmoothing), tf.mul(tf.softplus(z), labelSmoothing)); // [B]
  }
  return { losses, chosenRewards: tf.mul(chosenRatio, beta), rejectedRewards: tf.mul(rejectedRatio, beta) };
}
