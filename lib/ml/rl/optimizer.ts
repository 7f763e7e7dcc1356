// Builds lib/ml/train's AdamW inside a tf.tidy scope. tf.variable(x) keeps `x` itself registered as a tensor, so
// AdamW's `tf.variable(tf.zerosLike(p))` moments would otherwise leave 2 stray tensors per parameter per trainer
// (Loshchilov & Hutter 2019 AdamW; the leak is tfjs 4.22 Engine.makeVariable behaviour).
import * as tf from "@tensorflow/tfjs";
import { AdamW, type AdamWConfig } from "../train/adamw";

export function createAdamW(options: { params: Map<string, tf.Variable>; config?: Partial<AdamWConfig> }): AdamW {
  const made: AdamW[] = [];
  tf.tidy(() => {
    made.push(new AdamW(options));
  });
  return made[0] as AdamW;
}
