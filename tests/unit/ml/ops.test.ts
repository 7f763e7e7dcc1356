import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "./helpers/backend";
import { maxGradError } from "./helpers/gradcheck";
import { linear, matMul } from "@/lib/ml/ops/matmul";
import { embedding } from "@/lib/ml/ops/embedding";
import { crossEntropy } from "@/lib/ml/ops/cross-entropy";
import { gelu, layerNorm } from "@/lib/ml/ops/layer-norm";
import { withoutGradients } from "@/lib/ml/ops/inference-mode";

beforeAll(useWasmBackend);

describe("custom ops", () => {
  it("matMul matches tf.matMul in the forward pass for 2-D and batched 3-D inputs", () => {
    tf.tidy(() => {
      const a = tf.randomNormal([3, 4, 5], 0, 1, "float32", 1);
      const b = tf.randomNormal([3, 5, 2], 0, 1, "float32", 2);
      expect(tf.max(tf.abs(tf.sub(matMul(a, b), tf.matMul(a, b)))).dataSync()[0]).toBeLessThan(1e-5);
      const a2 = tf.randomNormal([4, 5], 0, 1, "float32", 3);
      const b2 = tf.randomNormal([5, 6], 0, 1, "float32", 4);
      expect(tf.max(tf.abs(tf.sub(matMul(a2, b2), tf.matMul(a2, b2)))).dataSync()[0]).toBeLessThan(1e-5);
    });
  });

  it("matMul's gradient with respect to each input agrees with finite differences", () => {
    const a = tf.randomNormal([2, 3, 4], 0, 1, "float32", 5);
    const b = tf.randomNormal([2, 4, 5], 0, 1, "float32", 6);
    expect(maxGradError({ f: (x) => matMul(x, b), x: a })).toBeLessThan(2e-2);
    expect(maxGradError({ f: (x) => matMul(a, x), x: b })).toBeLessThan(2e-2);
    const a2 = tf.randomNormal([3, 4], 0, 1, "float32", 7);
    const b2 = tf.randomNormal([4, 2], 0, 1, "float32", 8);
    expect(maxGradError({ f: (x) => matMul(x, b2), x: a2 })).toBeLessThan(2e-2);
    expect(maxGradError({ f: (x) => matMul(a2, x), x: b2 })).toBeLessThan(2e-2);
    tf.dispose([a, b, a2, b2]);
  });

  it("matMul on large batched inputs (the per-matrix path on wasm) matches tf.matMul and has correct gradients", () => {
    const a = tf.randomNormal([2, 32, 24], 0, 1, "float32", 21);
    const b = tf.randomNormal([2, 24, 32], 0, 1, "float32", 22);
    tf.tidy(() => {
      expect(tf.max(tf.abs(tf.sub(matMul(a, b), tf.matMul(a, b)))).dataSync()[0]).toBeLessThan(1e-4);
    });
    // matMul is linear in each argument, so a large step is exact and keeps float32 round-off small.
    expect(maxGradError({ f: (x) => matMul(x, b), x: a, eps: 1 })).toBeLessThan(2e-3);
    expect(maxGradError({ f: (x) => matMul(a, x), x: b, eps: 1 })).toBeLessThan(2e-3);
    tf.dispose([a, b]);
  });

  it("linear's gradient with respect to input, weight and bias agrees with finite differences", () => {
    const x = tf.randomNormal([2, 3, 4], 0, 1, "float32", 9);
    const w = tf.randomNormal([4, 5], 0, 1, "float32", 10);
    const bias = tf.randomNormal([5], 0, 1, "float32", 11);
    expect(maxGradError({ f: (v) => linear({ x: v, weight: w, bias }), x })).toBeLessThan(2e-2);
    expect(maxGradError({ f: (v) => linear({ x, weight: v, bias }), x: w })).toBeLessThan(2e-2);
    expect(maxGradError({ f: (v) => linear({ x, weight: w, bias: v }), x: bias })).toBeLessThan(2e-2);
    tf.dispose([x, w, bias]);
  });

  it("embedding picks table rows and its gradient (with repeated ids) agrees with finite differences on wasm", () => {
    expect(tf.getBackend()).toBe("wasm");
    const table = tf.randomNormal([7, 3], 0, 1, "float32", 12);
    const ids = tf.tensor2d([[1, 4, 1], [6, 0, 4]], [2, 3], "int32");
    tf.tidy(() => {
      const out = embedding({ table, ids });
      expect(out.shape).toEqual([2, 3, 3]);
      expect(Array.from(tf.slice(out, [1, 0, 0], [1, 1, 3]).dataSync())).toEqual(
        Array.from(tf.slice(table, [6, 0], [1, 3]).dataSync()),
      );
    });
    expect(maxGradError({ f: (t) => embedding({ table: t, ids }), x: table, probes: 21 })).toBeLessThan(2e-2);
    tf.dispose([table, ids]);
  });

  it("cross-entropy equals −log softmax at the target and its gradient agrees with finite differences", () => {
    const logits = tf.randomNormal([4, 6], 0, 2, "float32", 13);
    const targets = [0, 5, 2, 2];
    tf.tidy(() => {
      const loss = crossEntropy({ logits, targets }).dataSync();
      const logp = tf.logSoftmax(logits).arraySync() as number[][];
      targets.forEach((t, i) => expect(loss[i]).toBeCloseTo(-(logp[i]?.[t] as number), 4));
    });
    expect(maxGradError({ f: (x) => crossEntropy({ logits: x, targets }), x: logits, probes: 24 })).toBeLessThan(3e-2);
    logits.dispose();
  });

  it("layerNorm normalises the last axis and its gradient (input, gain, bias) agrees with finite differences", () => {
    const x = tf.randomNormal([2, 3, 6], 1, 2, "float32", 31);
    const gain = tf.randomNormal([6], 1, 0.5, "float32", 32);
    const bias = tf.randomNormal([6], 0, 0.5, "float32", 33);
    tf.tidy(() => {
      const y = layerNorm({ x, gain: tf.onesLike(gain), bias: tf.zerosLike(bias) });
      const { mean, variance } = tf.moments(y, 2);
      expect(tf.max(tf.abs(mean)).dataSync()[0]).toBeLessThan(1e-5);
      expect(tf.max(tf.abs(tf.sub(variance, 1))).dataSync()[0]).toBeLessThan(1e-3);
      const fast = withoutGradients(() => layerNorm({ x, gain, bias }));
      expect(tf.max(tf.abs(tf.sub(fast, layerNorm({ x, gain, bias })))).dataSync()[0]).toBeLessThan(1e-6);
    });
    expect(maxGradError({ f: (v) => layerNorm({ x: v, gain, bias }), x, probes: 18, eps: 1e-2 })).toBeLessThan(3e-2);
    expect(maxGradError({ f: (v) => layerNorm({ x, gain: v, bias }), x: gain, probes: 6 })).toBeLessThan(2e-2);
    expect(maxGradError({ f: (v) => layerNorm({ x, gain, bias: v }), x: bias, probes: 6 })).toBeLessThan(2e-2);
    tf.dispose([x, gain, bias]);
  });

  it("gelu matches PyTorch's tanh approximation and its gradient agrees with finite differences", () => {
    const x = tf.tensor1d([-3, -1, -0.2, 0, 0.5, 1.5, 4]);
    tf.tidy(() => {
      const y = gelu(x).dataSync();
      x.dataSync().forEach((v, i) => {
        const ref = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
        expect(y[i]).toBeCloseTo(ref, 5);
      });
    });
    expect(maxGradError({ f: gelu, x, probes: 7, eps: 1e-3 })).toBeLessThan(2e-2);
    x.dispose();
  });

  it("without gradients, layerNorm and gelu each run as one kernel on wasm and give the differentiable ops' values", async () => {
    const x = tf.randomNormal([3, 2, 40], 0.5, 2, "float32", 41);
    const gain = tf.randomNormal([40], 1, 0.5, "float32", 42);
    const bias = tf.randomNormal([40], 0, 0.5, "float32", 43);
    tf.tidy(() => {
      const diff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number;
      expect(diff(withoutGradients(() => layerNorm({ x, gain, bias })), layerNorm({ x, gain, bias }))).toBeLessThan(1e-5);
      expect(diff(withoutGradients(() => gelu(x)), gelu(x))).toBeLessThan(1e-6);
    });
    for (const op of [() => layerNorm({ x, gain, bias }), () => gelu(x)]) {
      const profile = await tf.profile(() => {
        withoutGradients(op).dispose();
      });
      expect(profile.kernels).toHaveLength(1);
    }
    tf.dispose([x, gain, bias]);
  });

  it("custom ops leave no tensors behind after a forward and backward pass", () => {
    const w = tf.variable(tf.randomNormal([5, 4], 0, 1, "float32", 14));
    const table = tf.variable(tf.randomNormal([9, 5], 0, 1, "float32", 15));
    const ids = tf.tensor2d([[1, 2, 3]], [1, 3], "int32");
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const h = embedding({ table, ids }); // [1, 3, 5]
        const logits = tf.reshape(linear({ x: h, weight: w }), [3, 4]); // [3, 4]
        return tf.mean(crossEntropy({ logits, targets: [0, 1, 2] })) as tf.Scalar;
      }, [w, table]);
      expect(Object.keys(grads)).toHaveLength(2);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, table, ids]);
  });
});
