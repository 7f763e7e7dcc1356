// The SFT loss: mean next-token negative log-likelihood over the response positions of a right-padded batch
// (lib/ml/rl/sequence.ts's mask: 1 where the target is a response token, EOS included; 0 on prompt and padding),
// as TRL's SFTTrainer computes it with completion-only loss. Prompt positions carry no loss and no gradient.
import * as tf from "@tensorflow/tfjs";
import { crossEntropy } from "../ops/cross-entropy";
import type { SequenceBatch } from "../rl/sequence";
import type { ReferenceModel } from "../rl/types";

export interface MaskedNllOptions {
  /** Logits [N, V] (N = B·S positions). */
  logits: tf.Tensor;
  /** Target ids [N]. */
  targets: Int32Array;
  /** [N] 1 where the position counts, 0 elsewhere. */
  mask: Float32Array;
}

/** Σ mask·(−log p(target)) / max(Σ mask, 1), a scalar; differentiable with respect to the logits. */
export function maskedNll(options: MaskedNllOptions): tf.Scalar {
  const { logits, targets, mask } = options;
  const nll = crossEntropy({ logits, targets }); // [N]
  const m = tf.tensor1d(mask); // [N]
  return tf.div(tf.sum(tf.mul(nll, m)), tf.maximum(tf.sum(m), 1)) as tf.Scalar;
}

/** The model's SFT loss on `batch` (one forward pass; call inside a tidy or gradient scope). */
export function sftLoss(options: { model: ReferenceModel; batch: SequenceBatch }): tf.Scalar {
  const { model, batch } = options;
  const { batch: b, seqLen: s } = batch;
  const ids = tf.tensor2d(batch.inputs, [b, s], "int32"); // [B, S]
  const { logits } = model.forward({ ids, logits: "all" }); // [B, S, V]
  if (!logits) throw new Error("sftLoss: the model returned no logits");
  const flat = tf.reshape(logits, [b * s, model.config.vocabSize]); // [B·S, V]
  return maskedNll({ logits: flat, targets: batch.targets, mask: batch.mask });
}

/** Response tokens of a batch: the positions that carry loss. */
export function responseTokens(batch: SequenceBatch): number {
  let n = 0;
  for (const m of batch.mask) n += m;
  return n;
}
