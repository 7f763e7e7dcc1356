// The worker loop: claim the oldest runnable job, run it, repeat; sleep between polls while the queue is empty.
// One job at a time per process (the ML backend uses the whole machine). Stops between jobs, or mid-job through the
// handler's checkpoint + release, when `shutdown` aborts.
import type { Db } from "@/lib/db";
import { claimJob, type TJobType } from "@/lib/jobs";
import type { CheckpointStore } from "@/lib/ml/checkpoint";
import type { JobHandler } from "./job-context";
import { runJob, type RunJobResult } from "./run-job";

export interface RunWorkerOptions {
  db: Db;
  store: CheckpointStore;
  workerId: string;
  handlers: Partial<Record<string, JobHandler>>;
  leaseMs: number;
  heartbeatMs: number;
  pollMs: number;
  retryDelayMs?: number;
  types?: readonly TJobType[];
  shutdown: AbortSignal;
  log: (line: string) => void;
  /** Return once the queue is empty (tests, `--once`). */
  untilEmpty?: boolean;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

export async function runWorker(options: RunWorkerOptions): Promise<RunJobResult[]> {
  const { db, workerId, leaseMs, pollMs, types, shutdown, log } = options;
  const results: RunJobResult[] = [];
  while (!shutdown.aborted) {
    let job;
    try {
      job = await claimJob({ db, workerId, leaseMs, ...(types ? { types } : {}) });
    } catch (err) {
      log(`claim failed: ${err instanceof Error ? err.message : String(err)}`);
      await sleep(pollMs, shutdown);
      continue;
    }
    if (!job) {
      if (options.untilEmpty) break;
      await sleep(pollMs, shutdown);
      continue;
    }
    results.push(await runJob({ ...options, job }));
  }
  return results;
}
