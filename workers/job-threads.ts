// How many threads a job's training or decoding uses (lib/ml/parallel's PODIUM_TRAIN_THREADS rule), said in the job's
// log when the backend overrides the setting: on webgpu the job runs on one thread.
import * as tf from "@tensorflow/tfjs";
import { TRAIN_THREADS_ENV_VAR, trainThreadsFromEnv } from "@/lib/ml/parallel";
import type { JobContext } from "./job-context";

/** The job's thread count; on webgpu 1, with a log line when PODIUM_TRAIN_THREADS or the default asked for more. */
export function jobThreads(ctx: Pick<JobContext, "log">): number {
  const backend = tf.getBackend();
  const threads = trainThreadsFromEnv({ backend });
  if (backend === "webgpu") {
    const asked = trainThreadsFromEnv({ backend: "wasm" });
    if (asked > 1) ctx.log(`1 thread instead of ${asked} (${TRAIN_THREADS_ENV_VAR} or the default): the webgpu backend runs every kernel on its one device`);
  }
  return threads;
}
