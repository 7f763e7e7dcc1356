// Real jobs end to end on webgpu (Dawn over llvmpipe here): enqueued with lib/jobs and run by the worker loop and its
// handlers, as `PODIUM_TF_BACKEND=webgpu npm run worker` runs them, on a tiny policy in a fresh SQLite database. Each
// job succeeds and writes finite metrics and its model version or comparisons; the job runs on one thread on webgpu
// (PODIUM_TRAIN_THREADS=2 here) and its log says so. How well the jobs learn is tested on wasm
// (tests/integration/worker-learning.test.ts); the trainers' numbers against wasm are in ./trainers.test.ts.
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthUser } from "@/lib/auth";
import { openDb, type Db } from "@/lib/db";
import { enqueueJob, type TJobType } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { releaseWebGpu } from "@/lib/ml/webgpu-shim";
import { createTestUser } from "../support/factories";
import { createTestDatabase } from "../support/servers";
import { createRuleRankings } from "../integration/learning-fixtures";
import { createTinyPolicyVersion, createTinyRewardVersion, runTestWorker } from "../integration/worker-fixtures";

const saved = { backend: process.env.PODIUM_TF_BACKEND, threads: process.env.PODIUM_TRAIN_THREADS };

describe("jobs on the webgpu backend [sqlite]", () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Db;
  let admin: AuthUser;
  let policy: { id: string; artifactKey: string };

  /** Enqueues one job, runs the worker until the queue is empty; returns the job row, its metrics and log lines. */
  async function runJob(type: TJobType, config: Record<string, unknown>) {
    const job = await enqueueJob({ db, actor: admin, type, config });
    const lines: string[] = [];
    const results = await runTestWorker({ db, lines, leaseMs: 120_000, heartbeatMs: 500 });
    expect(results, lines.join("\n")).toEqual(["succeeded"]);
    expect(tf.getBackend()).toBe("webgpu");
    const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    const points = await db.jobMetric.findMany({ where: { jobId: job.id }, select: { name: true, value: true } });
    const logs = await db.jobLog.findMany({ where: { jobId: job.id }, select: { message: true } });
    return { row, points, logs: logs.map((l) => l.message) };
  }

  beforeAll(async () => {
    process.env.PODIUM_TF_BACKEND = "webgpu";
    process.env.PODIUM_TRAIN_THREADS = "2";
    const selection = await selectBackend({ force: "webgpu" });
    expect(selection.name).toBe("webgpu");
    database = await createTestDatabase("sqlite");
    db = await openDb({ url: database.url, poolSize: 4 });
    const user = await createTestUser(db, { role: "ADMIN" });
    admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
    policy = await createTinyPolicyVersion(db);
    await createRuleRankings(db, { count: 12, seed: 11 });
  }, 300_000);

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await releaseWebGpu();
    await selectBackend({ force: "wasm" });
    for (const [name, value] of [
      ["PODIUM_TF_BACKEND", saved.backend],
      ["PODIUM_TRAIN_THREADS", saved.threads],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("a reward job trains on one thread, writes finite metrics and a REWARD version", async () => {
    const { row, points, logs } = await runJob("reward", {
      steps: 4,
      batchSize: 4,
      heldOutFraction: 0.25,
      evalEvery: 2,
      seed: 3,
    });
    expect(row.status).toBe("SUCCEEDED");
    expect(points.filter((p) => p.name === "loss")).toHaveLength(4);
    expect(points.every((p) => Number.isFinite(p.value))).toBe(true);
    expect(logs.some((l) => l.startsWith("1 thread instead of 2"))).toBe(true);
    expect(await db.modelVersion.count({ where: { jobId: row.id, kind: "REWARD" } })).toBe(1);
  }, 300_000);

  it("a DPO job writes finite metrics and a POLICY version", async () => {
    const { row, points } = await runJob("dpo", {
      steps: 3,
      batchSize: 4,
      heldOutFraction: 0.2,
      evalEvery: 3,
      seed: 3,
    });
    expect(points.filter((p) => p.name === "rewardMargin")).toHaveLength(3);
    expect(points.every((p) => Number.isFinite(p.value))).toBe(true);
    expect(await db.modelVersion.count({ where: { jobId: row.id, kind: "POLICY" } })).toBe(1);
  }, 300_000);

  it("a PPO job samples rollouts, scores them with a reward model and writes a POLICY version", async () => {
    const reward = await createTinyRewardVersion(db, policy);
    const { row, points } = await runJob("ppo", {
      steps: 2,
      batchSize: 4,
      ppoEpochs: 1,
      sampling: { maxTokens: 6 },
      policyId: policy.id,
      rewardModelId: reward.id,
      seed: 3,
    });
    expect(points.filter((p) => p.name === "reward")).toHaveLength(2);
    expect(points.every((p) => Number.isFinite(p.value))).toBe(true);
    expect(await db.modelVersion.count({ where: { jobId: row.id, kind: "POLICY" } })).toBe(1);
  }, 300_000);

  it("a generate job samples completions with the policy and stores comparisons", async () => {
    const before = await db.comparison.count();
    const { row } = await runJob("generate", {
      prompts: "all",
      maxPrompts: 3,
      batchSize: 2,
      sampling: { maxTokens: 6 },
      modelVersionId: policy.id,
    });
    expect(row.status).toBe("SUCCEEDED");
    expect(await db.comparison.count()).toBe(before + 3);
  }, 300_000);
});
