// Learning through the job path: jobs enqueued with lib/jobs and run by the real worker loop and handlers, on tiny
// models with the wasm backend, learn from rankings that follow a hidden rule (more "good" ranks higher). A reward
// job's held-out accuracy is well above chance — and stays near chance on the same comparisons ranked at random; a
// DPO job raises the chosen-vs-rejected reward margin; a PPO job against the trained reward model raises the mean
// reward while the KL to its reference stays bounded. The assertions read what the jobs wrote: JobMetric rows and
// the resulting ModelVersion's metrics. SQLite only: the trainers do not touch the database, and the queue and the
// handlers' database work are tested on both SQLite and PostgreSQL in jobs-queue, worker-lifecycle and worker-crash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { enqueueJob, type TJobType } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { createTestDatabase } from "../support/servers";
import { createTestUser } from "../support/factories";
import { createTinyPolicyVersion, runTestWorker } from "./worker-fixtures";
import { createRuleRankings } from "./learning-fixtures";

const REWARD_CONFIG = {
  steps: 80,
  batchSize: 8,
  lr: 3e-3,
  heldOutFraction: 0.25,
  evalEvery: 40,
  checkpointEvery: 1_000,
  seed: 3,
};
const DPO_CONFIG = {
  steps: 40,
  batchSize: 8,
  lr: 3e-3,
  beta: 0.1,
  heldOutFraction: 0.2,
  evalEvery: 20,
  checkpointEvery: 1_000,
  seed: 3,
};
const PPO_CONFIG = {
  steps: 30,
  batchSize: 16,
  ppoEpochs: 2,
  lr: 3e-3,
  klCoef: 0.2,
  sampling: { maxTokens: 12 },
  checkpointEvery: 1_000,
  seed: 3,
};

const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;

describe("learning through the job queue and worker [sqlite]", () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Db;
  let admin: AuthUser;
  const lines: string[] = [];

  /** Enqueues one job, runs the worker until the queue is empty, and returns the job's metrics and model version. */
  async function runJob(type: TJobType, config: Record<string, unknown>) {
    const job = await enqueueJob({ db, actor: admin, type, config });
    const results = await runTestWorker({ db, lines, leaseMs: 60_000, heartbeatMs: 500 });
    expect(results, lines.join("\n")).toEqual(["succeeded"]);
    const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("SUCCEEDED");
    const points = await db.jobMetric.findMany({
      where: { jobId: job.id },
      orderBy: { step: "asc" },
      select: { step: true, name: true, value: true },
    });
    const series = (name: string) => points.filter((p) => p.name === name).map((p) => p.value);
    const version = await db.modelVersion.findFirstOrThrow({ where: { jobId: job.id } });
    return { job: row, series, version, metrics: version.metrics as Record<string, number | null> };
  }

  beforeAll(async () => {
    // The worker process's backend (tfjs's default in Node is the slow pure-JS one).
    await selectBackend({ force: "wasm" });
    database = await createTestDatabase("sqlite");
    db = await openDb({ url: database.url, poolSize: 4 });
    const user = await createTestUser(db, { role: "ADMIN" });
    admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
    await createTinyPolicyVersion(db);
    await createRuleRankings(db, { count: 40, seed: 11 });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  /** The reward job on the rule-following rankings, run once and shared by the reward test and the PPO test. */
  let rewardJob: ReturnType<typeof runJob> | undefined;
  const trainedReward = () => (rewardJob ??= runJob("reward", REWARD_CONFIG));

  it("a reward job learns the hidden ranking rule: held-out pairwise accuracy well above chance", async () => {
    const { series, version, metrics } = await trainedReward();
    const heldOut = series("heldOutAccuracy");
    const loss = series("loss");
    console.log(
      `reward job: held-out accuracy ${heldOut.map((a) => a.toFixed(3)).join(" → ")}, train loss ${mean(loss.slice(0, 10)).toFixed(3)} → ${mean(loss.slice(-10)).toFixed(3)}`,
    );
    expect(version.kind).toBe("REWARD");
    expect(heldOut.length).toBeGreaterThan(0);
    expect(heldOut.at(-1)).toBeGreaterThanOrEqual(0.7);
    expect(metrics.heldOutAccuracy).toBe(heldOut.at(-1));
    expect(mean(loss.slice(-10))).toBeLessThan(mean(loss.slice(0, 10)));
  }, 300_000);

  it("a DPO job raises the chosen-vs-rejected reward margin from its first to its last steps", async () => {
    const { series, version, metrics } = await runJob("dpo", DPO_CONFIG);
    const margin = series("rewardMargin");
    const loss = series("loss");
    const heldOutMargin = series("heldOutMargin");
    console.log(
      `dpo job: margin ${mean(margin.slice(0, 5)).toFixed(3)} → ${mean(margin.slice(-5)).toFixed(3)}, loss ${mean(loss.slice(0, 5)).toFixed(3)} → ` +
        `${mean(loss.slice(-5)).toFixed(3)}, held-out margin ${heldOutMargin.map((m) => m.toFixed(3)).join(" → ")}, held-out accuracy ${metrics.heldOutAccuracy}`,
    );
    expect(version.kind).toBe("POLICY");
    expect(margin).toHaveLength(DPO_CONFIG.steps);
    expect(mean(margin.slice(-5))).toBeGreaterThan(mean(margin.slice(0, 5)) + 0.5);
    expect(mean(loss.slice(-5))).toBeLessThan(mean(loss.slice(0, 5)));
    expect(metrics.heldOutMargin).toBeGreaterThan(0);
  }, 300_000);

  it("a PPO job against the trained reward model raises the mean reward while the KL to its reference stays bounded", async () => {
    const reward = await trainedReward();
    // The random tiny policy almost never writes EOS within a few tokens: its rollouts would all be truncated, scored
    // by the reward model with the missing-EOS penalty (truncated "score-plus-penalty") on texts unlike the ranked
    // ones. A DPO job with an NLL term on the chosen answers first teaches it the answer format (six words, then
    // EOS); PPO starts from that policy.
    const start = await runJob("dpo", { ...DPO_CONFIG, steps: 60, nllCoef: 1, heldOutFraction: 0 });
    const { series, version, metrics } = await runJob("ppo", {
      ...PPO_CONFIG,
      policyId: start.version.id,
      rewardModelId: reward.version.id,
    });
    const rewards = series("reward");
    const kl = series("kl");
    console.log(
      `ppo job: mean reward ${mean(rewards.slice(0, 3)).toFixed(3)} (first 3 steps) → ${mean(rewards.slice(-5)).toFixed(3)} (last 5), ` +
        `KL max ${Math.max(...kl).toFixed(3)}, last 5 ${mean(kl.slice(-5)).toFixed(3)}, EOS fraction ${series("eosFraction").at(-1)}`,
    );
    expect(version).toMatchObject({ kind: "POLICY", parentId: start.version.id });
    expect(metrics.rewardModelId).toBe(reward.version.id);
    expect(rewards).toHaveLength(PPO_CONFIG.steps);
    expect(mean(rewards.slice(-5))).toBeGreaterThan(mean(rewards.slice(0, 3)) + 1.5);
    // Nats per response with β = 0.2 fixed; the policy did move away from its reference, but not far.
    expect(Math.max(...kl)).toBeLessThan(10);
    expect(mean(kl.slice(-5))).toBeGreaterThan(0.1);
    expect(series("beta").every((b) => b === PPO_CONFIG.klCoef)).toBe(true);
  }, 300_000);

  it("a reward job on the same kind of comparisons ranked at random stays near chance", async () => {
    // Only the rankings made from here on: `since` leaves out the rule-following ones above.
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 10));
    await createRuleRankings(db, { count: 80, seed: 12, labels: "random" });
    const { series } = await runJob("reward", { ...REWARD_CONFIG, since });
    const heldOut = series("heldOutAccuracy");
    console.log(`reward job on random labels: held-out accuracy ${heldOut.map((a) => a.toFixed(3)).join(" → ")}`);
    expect(heldOut.at(-1)).toBeLessThan(0.7);
  }, 300_000);
});
