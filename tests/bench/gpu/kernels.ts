// Kernel coverage of the webgpu backend for Podium's models: records every kernel the policy, reward model, PPO/DPO
// losses and KV-cache decoding run (forward and backward, on the cpu backend under tf.profile), lists those without
// a webgpu kernel, then runs the same work on webgpu and reports any error ("kernel not registered" or other).
// Run: PODIUM_WEBGPU_DAWN=backend=opengles PODIUM_WEBGPU_FEATURE_LEVEL=compatibility EGL_PLATFORM=surfaceless \
//        npx tsx tests/bench/gpu/kernels.ts           (or on a GPU machine with no variables)
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "@/lib/ml/backend";
import { releaseWebGpu } from "@/lib/ml/webgpu-shim";
import { kernelsUsed, runEveryModel } from "../../support/ml-workload";

async function main(): Promise<void> {
  await selectBackend({ force: "cpu" });
  const kernels = await kernelsUsed();
  const selection = await selectBackend({ force: "webgpu" }); // registers the webgpu kernels
  const missing = [...kernels].filter((name) => !tf.getKernel(name, "webgpu")).sort();
  console.log(JSON.stringify({ bench: "webgpu_kernels", adapter: selection.reasons.find((r) => r.startsWith("webgpu")), kernels: [...kernels].sort(), missing }));
  let error: string | null = null;
  let losses: Record<string, number> | null = null;
  try {
    losses = await runEveryModel();
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
