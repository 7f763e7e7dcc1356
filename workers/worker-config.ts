// Worker settings from the environment (zod, fail fast), next to lib/config's DATABASE_URL etc.
import os from "node:os";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ZJobType } from "@/lib/jobs";

export const ZWorkerEnv = z.object({
  /** Seconds a claim or heartbeat holds a job; another worker may take it over once it lapses. */
  PODIUM_JOB_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /** Seconds between heartbeats (lease renewal, progress, metrics, cancel check). */
  PODIUM_JOB_HEARTBEAT_SECONDS: z.coerce.number().positive().max(600).default(2),
  /** Seconds between polls of an empty queue. */
  PODIUM_JOB_POLL_SECONDS: z.coerce.number().positive().max(600).default(2),
  /** Seconds before a failed attempt is retried. */
  PODIUM_JOB_RETRY_SECONDS: z.coerce.number().min(0).max(86_400).default(5),
  /** Comma-separated job types this worker runs (default all). */
  PODIUM_WORKER_TYPES: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined))
    .pipe(z.array(ZJobType).optional()),
  /** Name of this worker in leases and logs; default host:pid:random. */
  PODIUM_WORKER_ID: z.string().min(1).max(200).optional(),
});

export interface WorkerConfig {
  leaseMs: number;
  heartbeatMs: number;
  pollMs: number;
  retryDelayMs: number;
  types: z.infer<typeof ZJobType>[] | undefined;
  workerId: string;
}

export function parseWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const parsed = ZWorkerEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid worker environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.PODIUM_JOB_HEARTBEAT_SECONDS * 3 > e.PODIUM_JOB_LEASE_SECONDS) {
    throw new Error("Invalid worker environment: PODIUM_JOB_HEARTBEAT_SECONDS must be at most a third of the lease");
  }
  return {
    leaseMs: e.PODIUM_JOB_LEASE_SECONDS * 1000,
    heartbeatMs: e.PODIUM_JOB_HEARTBEAT_SECONDS * 1000,
    pollMs: e.PODIUM_JOB_POLL_SECONDS * 1000,
    retryDelayMs: e.PODIUM_JOB_RETRY_SECONDS * 1000,
    types: e.PODIUM_WORKER_TYPES,
    workerId: e.PODIUM_WORKER_ID ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
  };
}
