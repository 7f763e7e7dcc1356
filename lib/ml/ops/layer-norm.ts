// Layer normalisation over the last axis (Ba, Kiros & Hinton 2016) and the GELU activation (Hendrycks & Gimpel 2016,
// tanh approximation as in GPT-2). Built from primitive ops that every tfjs backend can differentiate.
import * as tf from "@tensorflow/tfjs";
import { inInferenceMode } from "./inference-mode";
import { sumRows } from "./matmul";
import { GELU_KERNEL, LAYER_NORM_KERNEL, hasKernel } from "./wasm-kernels";

export interface LayerNormOptions {
  x: tf.Tensor;
  gain: tf.Tensor;
  bias: tf.Tensor;
  eps?: number;
}

/** x̂ = (x − mean) / sqrt(var + eps) over the last axis, and 1/sqrt(var + eps). */
function normalise(x: tf.Tensor, eps: number): { xhat: tf.Tensor; rstd: tf.Tensor } {
  const axis = x.rank - 1;
  const centred = tf.sub(x, tf.mean(x, axis, true)); // [..., C]
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), axis, true), eps)); // [..., 1]
  return { xhat: tf.mul(centred, rstd), rstd }; // [..., C]
}

/**
 * (x − mean) / sqrt(var + eps) · gain + bias over the last axis. Shape-preserving.
 * Hand-written backward (the standard LayerNorm gradient): about half the kernels of tfjs's autodiff through
 * mean/variance, which matters on wasm where every op costs bookkeeping and reductions are slow.
 */
export function layerNorm(options: LayerNormOptions): tf.Tensor {
  const { x, gain, bias, eps = 1e-5 } = options;
  if (inInferenceMode()) {
    // One kernel instead of nine where the backend has it (wasm): decoding steps are bound by kernel dispatch.
    if (hasKernel(LAYER_NORM_KERNEL)) return tf.engine().runKernel(LAYER_NORM_KERNEL, { x, gain, bias }, { eps }) as tf.Tensor;
    return tf.add(tf.mul(normalise(x, eps).xhat, gain), bias);
  }
  const c = x.shape[x.rank - 1] as number;
  const ln = tf.customGrad((...inputs) => {
    const [xIn, g, b, save] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const { xhat, rstd } = normalise(xIn, eps);
    save([xhat, rstd, g]);
    return {
      value: tf.add(tf.mul(xhat, g), b), // [..., C]
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sXhat, sRstd, sG] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const axis = dy.rank - 1;
        const dy2 = tf.reshape(dy, [-1, c]); // [N, C]
        const xhat2 = tf.reshape(sXhat, [-1, c]); // [N, C]
        const dGain = sumRows(tf.mul(dy2, xhat2)); // [C]
        const dBias = sumRows(dy2); // [C]
        const dxhat = tf.mul(dy, sG); // [..., C]
        const meanDxhat = tf.mean(dxhat, axis, true); // [..., 1]
        const meanDxhatXhat = tf.mean(tf.mul(dxhat, sXhat), axis, true); // [..., 1]
        const dx = tf.mul(tf.sub(tf.sub(dxhat, meanDxhat), tf.mul(sXhat, meanDxhatXhat)), sRstd); // [..., C]
        return [dx, dGain, dBias];
      },
    };
  });
  return ln(x, gain, bias);
}

const GELU_2C = 2 * Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh approximation: 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³) — PyTorch's gelu(approximate="tanh").
 * Computed as the identical x·σ(2u) because 0.5·(1 + tanh(u)) = σ(2u): on wasm Sigmoid is ~20× faster than Tanh.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  if (inInferenceMode() && hasKernel(GELU_KERNEL)) return tf.engine().runKernel(GELU_KERNEL, { x }) as tf.Tensor; // one kernel, not seven
  const x2 = tf.square(x); // [..., C]
  const twoU = tf.mul(tf.mul(x, tf.add(tf.mul(x2, 0.044715), 1)), GELU_2C); // [..., C]
  return tf.mul(x, tf.sigmoid(twoU)); // [..., C]
}
