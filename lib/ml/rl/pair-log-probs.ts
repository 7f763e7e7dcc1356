// Σ log π over each response of a batch of preference pairs (DPO, Rafailov et al. 2023): the chosen and rejected
// responses of B pairs in one forward pass of 2B rows, and the chosen responses' mean per-token NLL (RPO's term).
import * as tf from "@tensorflow/tfjs";
import type { PreferencePair } from "./preference-pairs";
import { buildSequenceBatch, tokenLogProbs } from "./sequence";
import type { ReferenceModel } from "./types";

export interface PairLogProbs {
  chosen: tf.Tensor; // [B]
  rejected: tf.Tensor; // [B]
  chosenNll: tf.Scalar;
}

/** Σ log π over each response's tokens for B pairs in one forward pass of 2B rows (chosen rows, then rejected). */
export function pairLogProbs(options: { model: ReferenceModel; pairs: readonly PreferencePair[] }): PairLogProbs {
  const { model, pairs } = options;
  const b = pairs.length;
  const batch = buildSequenceBatch({
    prompts: [...pairs.map((p) => p.prompt), ...pairs.map((p) => p.prompt)],
    responses: [...pairs.map((p) => p.chosen), ...pairs.map((p) => p.rejected)],
    padId: 0,
  });
  const { logProbs } = tokenLogProbs({ model, batch, temperature: 1 }); // [2B, S]
  const mask = tf.tensor2d(batch.mask, [2 * b, batch.seqLen]); // [2B, S]
  const sums = tf.sum(tf.mul(logProbs, mask), 1); // [2B]
  const [chosen, rejected] = tf.split(sums, 2) as [tf.Tensor, tf.Tensor]; // 2 × [B]
  const chosenMask = tf.slice(mask, [0, 0], [b, batch.seqLen]); // [B, S]
  const chosenLogProbs = tf.slice(logProbs, [0, 0], [b, batch.seqLen]); // [B, S]
  const chosenNll = tf.div(tf.neg(tf.sum(tf.mul(chosenLogProbs, chosenMask))), tf.maximum(tf.sum(chosenMask), 1)) as tf.Scalar;
  return { chosen, rejected, chosenNll };
}
