// The webgpu backend computes what wasm computes: forward logits, a few training steps of the policy and of the
// reward model, PPO/DPO loss steps and KV-cache generation, on tiny configs. Runs without a GPU on Dawn's OpenGL ES
// backend over Mesa's llvmpipe (compatibility feature level, EGL surfaceless) — the vitest project "webgpu" sets
// the variables; tests/run-all.sh installs libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri when missing.
// Tolerances: float32 kernels differ in summation order between backends, so logits agree to 1e-4 (relative to
// their scale) and losses over a few steps to 1e-3; greedy tokens must be identical.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { selectBackend } from "@/lib/ml/backend";
import { makeGptConfig } from "@/lib/ml/model/config";
import { Gpt } from "@/lib/ml/model/gpt";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { SharedValueHead } from "@/lib/ml/rl/value-model";
import { maxAbsDiff, on, setUpWebGpuSuite, type Backend } from "./backends";
import {
  adamwSteps,
  forwardLogits,
  greedyTokens,
  kernelsUsed,
  policyLoss,
  rewardLossFn,
  rlLossFn,
  tokenGrid,
} from "../support/ml-workload";

const CONFIG = makeGptConfig({ vocabSize: 40, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16 });
const UNTIED = { ...CONFIG, tieWeights: false };
const BATCH = 2;
const LENGTH = 8;

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

setUpWebGpuSuite();

describe("webgpu against wasm", () => {
  it("has a webgpu kernel for every kernel the policy, reward model, PPO/DPO and decoding run", async () => {
    const kernels = await kernelsUsed();
    expect(kernels).toEqual(expect.arrayContaining(["BatchMatMul", "GatherV2", "Softmax", "UnsortedSegmentSum"]));
    expect(kernels.filter((name) => !tf.getKernel(name, "webgpu"))).toEqual([]);
  });

  it("computes the same forward logits for tied and untied output heads", async () => {
    for (const config of [CONFIG, UNTIED]) {
      const ids = tokenGrid({ rows: BATCH, cols: LENGTH, vocab: config.vocabSize });
      const run = (backend: Backend) =>
        on(backend, async () => {
          const model = Gpt.create({ config, seed: 11 });
          try {
            return await forwardLogits(model, ids, BATCH);
          } finally {
            model.dispose();
          }
        });
      const wasm = await run("wasm");
      const gpu = await run("webgpu");
      expect(wasm.length).toBe(BATCH * LENGTH * config.vocabSize);
      expect(maxAbsDiff(wasm, gpu)).toBeLessThan(1e-4 * Math.max(1, maxAbs(wasm)));
    }
  });

  it("takes the same policy training steps: losses agree and fall", async () => {
    const ids = tokenGrid({ rows: BATCH, cols: LENGTH, vocab: CONFIG.vocabSize });
    const targets = tokenGrid({ rows: BATCH, cols: LENGTH, vocab: CONFIG.vocabSize, salt: 3 });
    const run = (backend: Backend) =>
      on(backend, async () => {
        const model = Gpt.create({ config: CONFIG, seed: 5 });
        const inputs = tf.tensor2d(ids, [BATCH, LENGTH], "int32");
        try {
          return await adamwSteps({
            params: model.variables(),
            lossFn: () => policyLoss(model, inputs, targets),
            steps: 5,
            lr: 3e-3,
          });
        } finally {
          inputs.dispose();
          model.dispose();
        }
      });
    const wasm = await run("wasm");
    const gpu = await run("webgpu");
    expect(gpu).toHaveLength(5);
    expect(maxAbsDiff(wasm, gpu)).toBeLessThan(1e-3);
    expect(gpu[4]).toBeLessThan(gpu[0] as number);
  });

  it("takes the same reward-model training steps on a ranking", async () => {
    const ids = tokenGrid({ rows: 3, cols: LENGTH, vocab: CONFIG.vocabSize, salt: 7 });
    const run = (backend: Backend) =>
      on(backend, async () => {
        const model = RewardModel.create({ config: CONFIG, seed: 9 });
        const input = tf.tensor2d(ids, [3, LENGTH], "int32");
        try {
          const lossFn = rewardLossFn(model, input, [8, 5, 3], [[2, 0, 1]]);
          return await adamwSteps({ params: model.variables(), lossFn, steps: 4, lr: 3e-3 });
        } finally {
          input.dispose();
          model.dispose();
        }
      });
    const wasm = await run("wasm");
    const gpu = await run("webgpu");
    expect(maxAbsDiff(wasm, gpu)).toBeLessThan(1e-3);
    expect(gpu[3]).toBeLessThan(gpu[0] as number);
  });

  it("takes the same steps on the PPO and DPO losses (token log-probs, entropy, value head)", async () => {
    const run = (backend: Backend) =>
      on(backend, async () => {
        const policy = Gpt.create({ config: CONFIG, seed: 21 });
        const reference = Gpt.create({ config: CONFIG, seed: 21 });
        const head = new SharedValueHead({ hiddenSize: CONFIG.nEmbd, seed: 22 });
        try {
          const params = new Map([...policy.variables(), ...head.variables()]);
          return await adamwSteps({ params, lossFn: rlLossFn(policy, reference, head), steps: 3, lr: 1e-3 });
        } finally {
          policy.dispose();
          reference.dispose();
          head.dispose();
        }
      });
    const wasm = await run("wasm");
    const gpu = await run("webgpu");
    expect(maxAbsDiff(wasm, gpu)).toBeLessThan(1e-3);
  });

  it("generates the same greedy tokens with the KV cache, with the same log-probs", async () => {
    const run = (backend: Backend) =>
      on(backend, async () => {
        const model = Gpt.create({ config: CONFIG, seed: 31 });
        try {
          return await greedyTokens({ model, prompt: [3, 1, 4, 1, 5], rows: 2, newTokens: 6 });
        } finally {
          model.dispose();
        }
      });
    const wasm = await run("wasm");
    const gpu = await run("webgpu");
    expect(gpu.tokens).toEqual(wasm.tokens);
    expect(gpu.tokens[0]).toHaveLength(6);
    expect(maxAbsDiff(wasm.logProbs, gpu.logProbs)).toBeLessThan(1e-4 * Math.max(1, maxAbs(wasm.logProbs)));
  });

  it("fails a synchronous read of GPU data with an error that says why, instead of hanging", async () => {
    await selectBackend({ force: "webgpu" });
    const product = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]));
    try {
      expect(() => product.dataSync()).toThrow(/cannot read GPU data synchronously.*await tensor\.data\(\)/);
      expect((await product.data())[0]).toBe(64);
    } finally {
      product.dispose();
    }
  });

  it("fails the next read when the device rejects a kernel, instead of returning wrong numbers", async () => {
    await selectBackend({ force: "webgpu" });
    // AddN binds one storage buffer per input: past the device's per-stage limit its pipeline is invalid.
    const device = (tf.backend() as unknown as { device: { limits: { maxStorageBuffersPerShaderStage: number } } })
      .device;
    const limit = device.limits.maxStorageBuffersPerShaderStage;
    const parts = Array.from({ length: limit + 4 }, (_, i) => tf.fill([64], i));
    const sum = tf.addN(parts);
    try {
      await expect(sum.data()).rejects.toThrow(/webgpu device error .*storage buffers/);
      // Work submitted with the invalid kernel is lost too; new work runs normally.
      const ok = tf.tidy(() => tf.add(tf.fill([64], 2), tf.fill([64], 3)));
      expect((await ok.data())[63]).toBe(5);
      ok.dispose();
    } finally {
      tf.dispose([...parts, sum]);
    }
  });
});
