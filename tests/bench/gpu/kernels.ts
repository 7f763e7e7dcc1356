// Kernel coverage of the webgpu backend for Podium's models: records every kernel the policy, reward model, PPO/DPO
// losses and KV-cache decoding run (forward and backward, on the cpu backend under tf.profile), lists those without
// a webgpu kernel, then runs the same work on webgpu and reports any error ("kernel not registered" or other).
// Run: PODIUM_WEBGPU_DAWN=backend=opengles PODIUM_WEBGPU_FEATURE_LEVEL=compatibility EGL_PLATFORM=surfaceless \
//        npx tsx tests/bench/gpu/kernels.ts           (or on a GPU machine with no variables)
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "@/lib/ml/backend";
import { makeGptConfig } from "@/lib/ml/model/config";
import { Gpt } from "@/lib/ml/model/gpt";
import { RewardModel } from "@/lib/ml/reward/reward-model";
import { SharedValueHead } from "@/lib/ml/rl/value-model";
import { releaseWebGpu } from "@/lib/ml/webgpu-shim";
import { greedyDecode, policyLoss, rewardLossFn, rlLossFn, tokenGrid, trainSteps } from "../../support/ml-workload";

const CONFIG = makeGptConfig({ vocabSize: 48, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16 });

/** Every piece of ML work once: a training step of each model and a short decode. */
async function workload(): Promise<Record<string, number>> {
  const policy = Gpt.create({ config: CONFIG, seed: 1 });
  const reference = Gpt.create({ config: CONFIG, seed: 2 });
  const reward = RewardModel.create({ config: CONFIG, seed: 3 });
  const head = new SharedValueHead({ hiddenSize: CONFIG.nEmbd, seed: 4 });
  const ids = tokenGrid({ rows: 2, cols: 8, vocab: CONFIG.vocabSize });
  const inputs = tf.tensor2d(ids, [2, 8], "int32");
  const targets = tokenGrid({ rows: 2, cols: 8, vocab: CONFIG.vocabSize, salt: 9 });
  const rIds = tf.tensor2d(tokenGrid({ rows: 3, cols: 6, vocab: CONFIG.vocabSize, salt: 5 }), [3, 6], "int32");
  try {
    const lm = await trainSteps({ params: policy.variables(), lossFn: () => policyLoss(policy, inputs, targets), steps: 1 });
    const rm = await trainSteps({ params: reward.variables(), lossFn: rewardLossFn(reward, rIds, [6, 4, 2], [[0, 1, 2]]), steps: 1 });
    const params = new Map([...policy.variables(), ...head.variables()]);
    const rl = await trainSteps({ params, lossFn: rlLossFn(policy, reference, head), steps: 1 });
    const dec = await greedyDecode({ model: policy, prompt: [1, 2, 3], rows: 2, newTokens: 4 });
    return { lm: lm[0] ?? NaN, reward: rm[0] ?? NaN, rl: rl[0] ?? NaN, firstToken: dec.tokens[0]?.[0] ?? -1 };
  } finally {
    tf.dispose([inputs, rIds]);
    policy.dispose();
    reference.dispose();
    reward.dispose();
    head.dispose();
  }
}

async function main(): Promise<void> {
  await selectBackend({ force: "cpu" });
  const kernels = new Set<string>();
  const profile = await tf.profile(async () => {
    await workload();
  });
  // Profile entries also name customGrad scopes ("forward"); keep the names that are kernels.
  for (const k of profile.kernels) if (tf.getKernel(k.name, "cpu")) kernels.add(k.name);
  const selection = await selectBackend({ force: "webgpu" }); // registers the webgpu kernels
  const missing = [...kernels].filter((name) => !tf.getKernel(name, "webgpu")).sort();
  console.log(JSON.stringify({ bench: "webgpu_kernels", adapter: selection.reasons.find((r) => r.startsWith("webgpu")), kernels: [...kernels].sort(), missing }));
  let error: string | null = null;
  let losses: Record<string, number> | null = null;
  try {
    losses = await workload();
  } catch (err) {
    error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  console.log(JSON.stringify({ bench: "webgpu_workload", ok: error === null, error, losses }));
  await releaseWebGpu();
  if (missing.length || error) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
