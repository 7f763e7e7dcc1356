// The frozen features of a trained reward model: the hidden state its scalar head reads, per token sequence, in
// no-gradient chunks (sequences longer than maxLength keep their last tokens, as in training).
import * as tf from "@tensorflow/tfjs";
import { readAndDispose } from "../ops/read-tensor";
import type { RewardModel } from "./reward-model";

export async function rewardFeatures(options: {
  model: RewardModel;
  sequences: readonly (readonly number[])[];
  padId: number;
  maxLength: number;
  chunkSize?: number;
}): Promise<number[][]> {
  const { model, sequences, padId, maxLength, chunkSize = 16 } = options;
  const d = model.config.nEmbd;
  const out: number[][] = [];
  for (let from = 0; from < sequences.length; from += chunkSize) {
    const rows = sequences.slice(from, from + chunkSize).map((s) => (s.length > maxLength ? s.slice(s.length - maxLength) : s));
    if (rows.some((r) => r.length === 0)) throw new Error("rewardFeatures: empty sequence");
    const t = Math.max(...rows.map((r) => r.length));
    const ids = new Int32Array(rows.length * t).fill(padId);
    rows.forEach((r, i) => ids.set(r, i * t));
    const flat = await readAndDispose(
      tf.tidy(() => model.features({ ids: tf.tensor2d(ids, [rows.length, t], "int32"), lengths: rows.map((r) => r.length) })),
    ); // [B, D]
    for (let i = 0; i < rows.length; i++) out.push(Array.from(flat.subarray(i * d, (i + 1) * d)));
  }
  return out;
}
