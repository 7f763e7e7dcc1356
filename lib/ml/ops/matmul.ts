// Matrix product with a hand-written gradient that uses explicit transposes and plain matMul calls.
// On the wasm backend tf.matMul with transposeA/transposeB set is ~10x slower than transpose + matMul
// (tests/bench/ml/matmul.ts measures it); tfjs's own MatMul gradient uses the flags, so we route around it.
import * as tf from "@tensorflow/tfjs";
import { inInferenceMode } from "./inference-mode";

/** Swap the last two axes of a rank-2 or rank-3 tensor with an explicit (fast) transpose. */
export function transposeLast(x: tf.Tensor): tf.Tensor {
  if (x.rank === 2) return tf.transpose(x, [1, 0]);
  if (x.rank === 3) return tf.transpose(x, [0, 2, 1]);
  throw new Error(`transposeLast: rank ${x.rank} not supported`);
}

/** Batched products at least this large (M·K·N per matrix) go through per-matrix 2-D calls. */
const LOOP_MIN_WORK = 16 * 1024;

/**
 * Plain (flag-free) product. 2-D: one call (XNNPACK on wasm). 3-D: the wasm BatchMatMul kernel is a naive loop
 * (~1 GFLOP/s vs ~12 for 2-D), so for non-trivial matrices we cut the batch in JS and issue one 2-D call per
 * matrix, then concatenate. Tiny products (e.g. one query row while generating) keep the batched kernel.
 */
function plainMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank === 2) return tf.matMul(a, b);
  const [n, m, k] = a.shape as [number, number, number];
  const p = b.shape[2] as number;
  if (n === 1 || m * k * p < LOOP_MIN_WORK || tf.getBackend() !== "wasm") return tf.matMul(a, b);
  return tf.tidy(() => {
    const ad = a.dataSync() as Float32Array;
    const bd = b.dataSync() as Float32Array;
    const parts: tf.Tensor[] = [];
    for (let i = 0; i < n; i++) {
      const ai = tf.tensor2d(ad.subarray(i * m * k, (i + 1) * m * k), [m, k]); // [M, K]
      const bi = tf.tensor2d(bd.subarray(i * k * p, (i + 1) * k * p), [k, p]); // [K, N]
      parts.push(tf.matMul(ai, bi)); // [M, N]
    }
    return tf.reshape(tf.concat(parts, 0), [n, m, p]); // [B, M, N]
  });
}

const matMulWithFastGrad = tf.customGrad((...inputs) => {
  const [a, b, save] = inputs as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: plainMatMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      return [plainMatMul(dy, transposeLast(sb)), plainMatMul(transposeLast(sa), dy)];
    },
  };
});

/**
 * a @ b for a [M, K] · b [K, N] → [M, N], or batched a [B, M, K] · b [B, K, N] → [B, M, N].
 * Gradients: dA = dY @ bᵀ, dB = aᵀ @ dY, each with an explicit transpose.
 */
export function matMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank !== b.rank || (a.rank !== 2 && a.rank !== 3)) {
    throw new Error(`matMul: ranks ${a.rank} and ${b.rank} not supported (both 2 or both 3)`);
  }
  return inInferenceMode() ? plainMatMul(a, b) : matMulWithFastGrad(a, b);
}

/**
 * Column sums of a [N, C] matrix as a [1, N]·[N, C] product: on wasm a reduction over the leading axis transposes
 * first and runs a slow loop, while the matmul goes to XNNPACK. Used for bias and LayerNorm-gain gradients.
 */
export function sumRows(x: tf.Tensor): tf.Tensor {
  const [n, c] = x.shape as [number, number];
  return tf.reshape(tf.matMul(tf.ones([1, n]), x), [c]); // [C]
}

const linearWithBiasFastGrad = tf.customGrad((...inputs) => {
  const [x, w, b, save] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.add(plainMatMul(x, w), b), // [N, Out]
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor, tf.Tensor];
      return [plainMatMul(dy, transposeLast(sw)), plainMatMul(transposeLast(sx), dy), sumRows(dy)];
    },
  };
});

/**
 * Affine map over the last axis: x [..., In] · w [In, Out] + bias [Out] → [..., Out].
 * Leading axes are folded into one so a single 2-D matMul (with the fast gradient) does the work.
 */
export function linear(options: { x: tf.Tensor; weight: tf.Tensor; bias?: tf.Tensor }): tf.Tensor {
  const { x, weight, bias } = options;
  const inDim = x.shape[x.rank - 1] as number;
  const outDim = weight.shape[1] as number;
  const lead = x.shape.slice(0, -1);
  const x2 = x.rank === 2 ? x : tf.reshape(x, [-1, inDim]); // [N, In]
  let y: tf.Tensor; // [N, Out]
  if (!bias) y = matMul(x2, weight);
  else if (inInferenceMode()) y = tf.fused.matMul({ a: x2, b: weight, bias }); // one kernel (matmul + bias), no gradient
  else y = linearWithBiasFastGrad(x2, weight, bias);
  return x.rank === 2 ? y : tf.reshape(y, [...lead, outDim]); // [..., Out]
}
