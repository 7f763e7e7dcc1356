// How many threads a training job uses (PODIUM_TRAIN_THREADS): data-parallel training over worker_threads, each with
// its own tfjs backend instance. Default: 2 on a machine with at least 2 cores, else 1 (beyond two, each thread also
// costs a model replica and the step's split gets finer; set it higher explicitly). On webgpu always 1: the threads
// exist to reach a second CPU core, while webgpu's kernels already run on the one GPU device.
import os from "node:os";
import * as tf from "@tensorflow/tfjs";

export const TRAIN_THREADS_ENV_VAR = "PODIUM_TRAIN_THREADS";

/**
 * PODIUM_TRAIN_THREADS as a whole number ≥ 1, or the default for `cores`; a malformed value is an error. 1 whatever
 * the variable says when `backend` (default: the active tfjs backend) is webgpu.
 */
export function trainThreadsFromEnv(options: { env?: Record<string, string | undefined>; cores?: number; backend?: string } = {}): number {
  if ((options.backend ?? tf.getBackend()) === "webgpu") return 1;
  const raw = (options.env ?? process.env)[TRAIN_THREADS_ENV_VAR]?.trim();
  if (!raw) return (options.cores ?? os.availableParallelism()) >= 2 ? 2 : 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new Error(`${TRAIN_THREADS_ENV_VAR}="${raw}" must be a whole number from 1 to 64`);
  }
  return n;
}
