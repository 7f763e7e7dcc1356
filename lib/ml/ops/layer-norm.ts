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

const GELU_2C = 2 * Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh approximation: 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³) — PyTorch's gelu(approximate="tanh").
 * Computed as the identical x·σ(2u) because 0.5·(1 + tanh(u)) = σ(2u): on wasm Sigmoid is ~20× faster than Tanh.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const x2 = tf.square(x); // [..., C]
  const twoU = tf.mul(tf.mul(x, tf.add(tf.mul(x2, 0.044715), 1)), GELU_2C); // [..., C]
  return tf.mul(x, tf.sigmoid(twoU)); // [..., C]
}
