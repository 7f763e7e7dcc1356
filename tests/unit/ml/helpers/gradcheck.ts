// Test helper: finite-difference gradient check. Compares the analytic gradient of
// L(x) = Σ f(x) ⊙ R (R a fixed random projection) with central differences at a sample of coordinates.
import * as tf from "@tensorflow/tfjs";

export interface GradCheckOptions {
  /** Function under test; receives the perturbed input. */
  f: (x: tf.Tensor) => tf.Tensor;
  /** Point at which to check (float32). */
  x: tf.Tensor;
  /** Finite-difference step. */
  eps?: number;
  /** How many coordinates to probe. */
  probes?: number;
  seed?: number;
}

/** Returns the largest relative error max|a−n| / max(|n|, 1e-2) over the probed coordinates. */
export function maxGradError(options: GradCheckOptions): number {
  const { f, x, eps = 1e-2, probes = 12, seed = 7 } = options;
  const projection = tf.tidy(() => tf.randomNormal(f(x).shape, 0, 1, "float32", seed));
  const loss = (input: tf.Tensor): tf.Scalar => tf.sum(tf.mul(f(input), projection));
  const analytic = tf.tidy(() => tf.grad(loss)(x).dataSync());
  const base = x.dataSync().slice();
  let worst = 0;
  for (let p = 0; p < probes; p++) {
    const i = (p * 7919 + seed * 104729) % base.length;
    const evalAt = (delta: number): number => {
      const moved = base.slice();
      moved[i] = (moved[i] as number) + delta;
      return tf.tidy(() => loss(tf.tensor(moved, x.shape)).dataSync()[0] as number);
    };
    const numeric = (evalAt(eps) - evalAt(-eps)) / (2 * eps);
    const a = analytic[i] as number;
    worst = Math.max(worst, Math.abs(a - numeric) / Math.max(Math.abs(numeric), 1e-2));
  }
  projection.dispose();
  return worst;
}
