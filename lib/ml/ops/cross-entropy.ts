// Per-row softmax cross-entropy −log softmax(logits)[target] with the fused gradient softmax − onehot.
// The same op gives token log-probabilities (its negative), used by LM pretraining, sampling and PPO/DPO.
// Reference: the standard fused softmax-CE gradient (e.g. PyTorch F.cross_entropy, tf.nn.sparse_softmax_cross_entropy).
import * as tf from "@tensorflow/tfjs";

export interface CrossEntropyOptions {
  /** Unnormalised scores [N, V]. */
  logits: tf.Tensor;
  /** Target ids [N] (int32 tensor or array). */
  targets: tf.Tensor | Int32Array | number[];
}

/** Returns the per-row loss [N] (no reduction). Differentiable with respect to the logits. */
export function crossEntropy(options: CrossEntropyOptions): tf.Tensor {
  const { logits } = options;
  const [n, vocab] = logits.shape as [number, number];
  const targets =
    options.targets instanceof tf.Tensor ? options.targets : tf.tensor1d(Int32Array.from(options.targets), "int32");
  if (targets.size !== n) throw new Error(`crossEntropy: ${targets.size} targets for ${n} rows`);
  // Softmax is one native kernel (on wasm ~8× cheaper than the exp inside logSoftmax); the loss only needs the
  // log of N picked probabilities, taken after a gather on the flattened matrix.
  const ce = tf.customGrad((...inputs) => {
    const [x, save] = inputs as [tf.Tensor, tf.GradSaveFunc];
    const probs = tf.softmax(x); // [N, V]
    const flatIndex = tf.add(tf.mul(tf.range(0, n, 1, "int32"), tf.scalar(vocab, "int32")), tf.reshape(tf.cast(targets, "int32"), [n])); // [N]
    const picked = tf.gather(tf.reshape(probs, [n * vocab]), flatIndex); // [N]
    const loss = tf.neg(tf.log(tf.maximum(picked, 1e-30))); // [N]
    const oneHot = tf.oneHot(tf.reshape(tf.cast(targets, "int32"), [n]) as tf.Tensor1D, vocab); // [N, V]
    save([probs, oneHot]);
    return {
      value: loss,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sProbs, sOneHot] = saved as [tf.Tensor, tf.Tensor];
        return tf.mul(tf.sub(sProbs, sOneHot), tf.reshape(dy, [n, 1])); // [N, V]
      },
    };
  });
  const out = ce(logits);
  if (!(options.targets instanceof tf.Tensor)) targets.dispose();
  return out;
}

/** log p(target) for each row: −crossEntropy. [N] */
export function tokenLogProbs(options: CrossEntropyOptions): tf.Tensor {
  return tf.neg(crossEntropy(options));
}
