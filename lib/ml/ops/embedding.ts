// Embedding lookup (rows of a table picked by integer ids) whose gradient runs on every backend.
// tf.gather's gradient needs UnsortedSegmentSum, which the wasm backend lacks; there the backward pass is a
// scatter-add of dY rows into a [V, D] buffer done in plain JS (O(N·D), no one-hot matmul). Backends that have the
// kernel (cpu, webgpu) keep tf.gather's own gradient: on webgpu dY stays on the GPU (and cannot be read synchronously).
import * as tf from "@tensorflow/tfjs";
import { inInferenceMode } from "./inference-mode";

export interface EmbeddingOptions {
  /** The table, [V, D]. */
  table: tf.Tensor;
  /** Integer ids, any shape S; every id in [0, V). */
  ids: tf.Tensor;
}

/** Returns table[ids], shape [...S, D]. Differentiable with respect to the table only. */
export function embedding(options: EmbeddingOptions): tf.Tensor {
  const { table, ids } = options;
  const [vocab, dim] = table.shape as [number, number];
  const outShape = [...ids.shape, dim];
  const nativeGradient = tf.getKernel("UnsortedSegmentSum", tf.getBackend()) !== undefined;
  if (nativeGradient && tf.getBackend() === "webgpu") {
    // A reused batch of ids lives on the GPU after its first step, where it cannot be read synchronously; the range
    // check below runs on the other backends, which execute the same model code in the tests.
    return tf.reshape(tf.gather(table, tf.reshape(ids, [-1])), outShape); // [...S, D]
  }
  const idArray = ids.dataSync() as Int32Array | Float32Array; // captured now: ids may be gone at backward time
  for (let i = 0; i < idArray.length; i++) {
    const id = idArray[i] as number;
    if (id < 0 || id >= vocab || !Number.isInteger(id)) throw new Error(`embedding: id ${id} outside [0, ${vocab})`);
  }
  if (inInferenceMode() || nativeGradient) {
    return tf.reshape(tf.gather(table, tf.reshape(ids, [-1])), outShape); // [...S, D]
  }
  const lookup = tf.customGrad((...inputs) => {
    const [t] = inputs as [tf.Tensor];
    const flatIds = tf.tensor1d(Int32Array.from(idArray), "int32"); // [N]
    const rows = tf.gather(t, flatIds); // [N, D]
    flatIds.dispose();
    return {
      value: tf.reshape(rows, outShape), // [...S, D]
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync(); // [N·D]
        const out = new Float32Array(vocab * dim); // [V, D]
        for (let n = 0; n < idArray.length; n++) {
          const src = n * dim;
          const dst = (idArray[n] as number) * dim;
          for (let d = 0; d < dim; d++) out[dst + d] = (out[dst + d] as number) + (g[src + d] as number);
        }
        return tf.tensor2d(out, [vocab, dim]);
      },
    };
  });
  return lookup(table);
}
