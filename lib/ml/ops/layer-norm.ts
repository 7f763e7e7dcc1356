// Layer normalisation over the last axis (Ba, Kiros & Hinton 2016) and the GELU activation (Hendrycks & Gimpel 2016,
// tanh approximation as in GPT-2). Built from primitive ops that every tfjs backend can differentiate.
import * as tf from "@tensorflow/tfjs";

export interface LayerNormOptions {
  x: tf.Tensor;
  gain: tf.Tensor;
  bias: tf.Tensor;
  eps?: number;
}

/** (x − mean) / sqrt(var + eps) · gain + bias over the last axis. Shape-preserving. */
export function layerNorm(options: LayerNormOptions): tf.Tensor {
  const { x, gain, bias, eps = 1e-5 } = options;
  const axis = x.rank - 1;
  const mean = tf.mean(x, axis, true); // [..., 1]
  const centred = tf.sub(x, mean); // [..., C]
  const variance = tf.mean(tf.square(centred), axis, true); // [..., 1]
  const normed = tf.mul(centred, tf.rsqrt(tf.add(variance, eps))); // [..., C]
  return tf.add(tf.mul(normed, gain), bias); // [..., C]
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Same as PyTorch's gelu(approximate="tanh"). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}
