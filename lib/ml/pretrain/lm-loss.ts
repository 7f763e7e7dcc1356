// Next-token language-modelling loss (mean cross-entropy of logits[t] against ids[t+1]), as in GPT-2 / nanoGPT.
import * as tf from "@tensorflow/tfjs";
import type { Gpt } from "../model/gpt";
import { crossEntropy } from "../ops/cross-entropy";

export interface LmBatch {
  /** Inputs [B, T] int32. */
  inputs: tf.Tensor;
  /** Targets [B·T] (inputs shifted by one). */
  targets: Int32Array;
}

/** Mean next-token cross-entropy in nats over all B·T positions. */
export function lmLoss(options: { model: Gpt; batch: LmBatch }): tf.Scalar {
  const { model, batch } = options;
  const [b, t] = batch.inputs.shape as [number, number];
  const { logits } = model.forward({ ids: batch.inputs }); // [B, T, V]
  const flat = tf.reshape(logits as tf.Tensor, [b * t, model.config.vocabSize]); // [B·T, V]
  return tf.mean(crossEntropy({ logits: flat, targets: batch.targets })) as tf.Scalar;
}
