// Podium's worker process (`npm run worker` = `tsx workers/main.ts`): selects the TensorFlow.js backend and logs it,
// registers the shipped base policy if the database has none, then claims and runs jobs one at a time.
// SIGTERM / SIGINT: the running job checkpoints and goes back to the queue, then the process exits; a second signal
// exits at once (the lease then lapses and another worker resumes from the last checkpoint). The log names the backend,
// and for webgpu the adapter (or why none was usable, e.g. "Couldn't load Vulkan"); see README "GPU".
import { getConfig } from "@/lib/config";
import { openDb } from "@/lib/db";
import { selectBackend } from "@/lib/ml/backend";
import { releaseWebGpu } from "@/lib/ml/webgpu-shim";
import { openCheckpointStore } from "@/lib/models/open-checkpoint-store";
import { JOB_HANDLERS } from "./handlers";
import { ensureBasePolicy } from "./ml/ensure-base-policy";
import { runWorker } from "./run-worker";
import { parseWorkerConfig } from "./worker-config";

function log(line: string): void {
  console.log(`[${new Date().toISOString()}] [worker] ${line}`);
}

async function main(): Promise<void> {
  const config = getConfig();
  const worker = parseWorkerConfig(process.env);
  const shutdown = new AbortController();
  let signals = 0;
  const onSignal = (name: string) => {
    signals += 1;
    if (signals > 1) {
      log(`${name} again: exiting now`);
      process.exit(130);
    }
    log(`${name}: finishing — the running job checkpoints and returns to the queue`);
    shutdown.abort("shutdown");
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));

  const backend = await selectBackend({ log });
  log(`worker ${worker.workerId} on ${config.databaseKind}; tfjs backend ${backend.name}`);
  for (const reason of backend.reasons) log(`  ${reason}`);
  const db = await openDb({ url: config.DATABASE_URL, poolSize: 4 });
  const store = openCheckpointStore({ db, ...(config.PODIUM_ARTIFACT_DIR ? { dir: config.PODIUM_ARTIFACT_DIR } : {}) });
  await ensureBasePolicy({ db, store, log });
  log(`polling for jobs every ${worker.pollMs / 1000} s (lease ${worker.leaseMs / 1000} s, heartbeat ${worker.heartbeatMs / 1000} s)`);
  await runWorker({
    db,
    store,
    workerId: worker.workerId,
    handlers: JOB_HANDLERS,
    leaseMs: worker.leaseMs,
    heartbeatMs: worker.heartbeatMs,
    pollMs: worker.pollMs,
    retryDelayMs: worker.retryDelayMs,
    ...(worker.types ? { types: worker.types } : {}),
    shutdown: shutdown.signal,
    log,
    untilEmpty: process.argv.includes("--until-empty"),
  });
  await db.$disconnect();
  await releaseWebGpu(); // a referenced Dawn instance can keep Node alive; a no-op on other backends
  log("stopped");
}

main().catch((err: unknown) => {
  console.error(`[worker] fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
