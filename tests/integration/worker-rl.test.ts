// RL jobs through the real worker loop and handlers on tiny models, on SQLite and PostgreSQL: a random tiny policy
// almost never writes EOS, so nearly every rollout is truncated — under the default "score-plus-penalty" the reward
// model still scores every rollout (rewardModelShare 1, score ≠ the fixed penalty), under "penalty" it scores almost
// none and the job log says so; the rollout and sample-quality metrics are recorded; an rloo job trains and registers
// a policy version; the generate job stores how each completion ended, and the ranking data carries it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db, type DbKind } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { enqueueJob, loadRankingData, type TJobType } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { newId } from "@/lib/util/id";
import { createTestDatabase } from "../support/servers";
import { createTestUser, uniq } from "../support/factories";
import { createRankings, createTinyPolicyVersion, createTinyRewardVersion, runTestWorker } from "./worker-fixtures";

const KINDS: DbKind[] = ["sqlite", "postgresql"];
const ROLLOUT_METRICS = ["reward", "rewardNormalised", "score", "rewardModelShare", "eosFraction", "responseLength", "distinct1", "distinct2", "newlineRate", "repetitionRate"];

for (const kind of KINDS) {
  describe(`RL jobs and truncated rollouts [${kind}]`, () => {
    let database: { url: string; drop(): Promise<void> };
    let db: Db;
    let admin: AuthUser;
    let policy: { id: string; artifactKey: string };
    let reward: { id: string };
    const lines: string[] = [];

    async function runJob(type: TJobType, config: Record<string, unknown>) {
      const job = await enqueueJob({ db, actor: admin, type, config });
      expect(await runTestWorker({ db, lines, leaseMs: 60_000, heartbeatMs: 500 }), lines.join("\n")).toEqual(["succeeded"]);
      const points = await db.jobMetric.findMany({ where: { jobId: job.id }, orderBy: { step: "asc" }, select: { step: true, name: true, value: true } });
      const series = (name: string) => points.filter((p) => p.name === name).map((p) => p.value);
      const logs = await db.jobLog.findMany({ where: { jobId: job.id }, select: { level: true, message: true } });
      return { job, series, logs };
    }

    beforeAll(async () => {
      await selectBackend({ force: "wasm" });
      database = await createTestDatabase(kind);
      db = await openDb({ url: database.url, poolSize: 4 });
      const user = await createTestUser(db, { role: "ADMIN" });
      admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
      policy = await createTinyPolicyVersion(db);
      reward = await createTinyRewardVersion(db, policy);
      await createRankings(db, { count: 4, labelers: 1 });
    });

    afterAll(async () => {
      await db?.$disconnect();
      await database?.drop();
    });

    it("ppo: with nearly every rollout truncated the reward model still scores all of them by default", async () => {
      const { series, logs } = await runJob("ppo", { steps: 2, batchSize: 4, ppoEpochs: 1, sampling: { maxTokens: 6 }, checkpointEvery: 1_000 });
      for (const name of ROLLOUT_METRICS) expect(series(name), name).toHaveLength(2);
      expect(series("rewardModelShare")).toEqual([1, 1]);
      expect(Math.max(...series("eosFraction"))).toBeLessThan(0.5);
      // score = the reward model's normalised score − 0.5 on truncated rollouts, never the fixed −1 of every one.
      series("score").forEach((s, i) => {
        expect(s).not.toBe(-1);
        expect(s).toBeLessThanOrEqual((series("rewardNormalised")[i] as number) + 1e-9);
      });
      for (const name of ["distinct1", "distinct2"]) for (const v of series(name)) expect(v).toBeGreaterThan(0);
      expect(logs.some((l) => l.level === "warn" && l.message.includes("reward model scored only"))).toBe(false);
    }, 300_000);

    it("ppo with truncated 'penalty': the reward model shapes almost nothing, and the job log warns", async () => {
      const { series, logs } = await runJob("ppo", { steps: 2, batchSize: 4, ppoEpochs: 1, truncated: "penalty", sampling: { maxTokens: 6 }, checkpointEvery: 1_000 });
      for (const share of series("rewardModelShare")) expect(share).toBeLessThan(0.5);
      expect(series("score").every((s) => s < 0)).toBe(true);
      expect(logs.filter((l) => l.level === "warn" && l.message.includes("reward model scored only"))).toHaveLength(1);
    }, 300_000);

    it("rloo: k responses per prompt, a new policy version, the same rollout metrics", async () => {
      const { job, series } = await runJob("rloo", { steps: 2, promptsPerStep: 2, k: 2, rewardModelId: reward.id, sampling: { maxTokens: 6 }, checkpointEvery: 1 });
      for (const name of [...ROLLOUT_METRICS, "kl", "policyLoss", "advantageAbs"]) expect(series(name), name).toHaveLength(2);
      expect(series("rewardModelShare")).toEqual([1, 1]);
      expect(series("ensembleDisagreement")).toEqual([]);
      const version = await db.modelVersion.findFirstOrThrow({ where: { jobId: job.id } });
      expect(version).toMatchObject({ kind: "POLICY", parentId: policy.id });
      expect((version.metrics as Record<string, unknown>).rewardModelId).toBe(reward.id);
    }, 300_000);

    it("rloo with a reward-model ensemble: a conservative reward and the members' disagreement recorded", async () => {
      const second = await createTinyRewardVersion(db, policy, { seed: 9 });
      const { job, series, logs } = await runJob("rloo", {
        steps: 1,
        promptsPerStep: 2,
        k: 2,
        rewardModelId: reward.id,
        ensembleRewardModelIds: [second.id],
        disagreementPenalty: 1,
        sampling: { maxTokens: 6 },
      });
      const disagreement = series("ensembleDisagreement");
      expect(disagreement).toHaveLength(1);
      expect(disagreement[0]).toBeGreaterThan(0);
      expect(logs.some((l) => l.message.includes("conservative reward"))).toBe(true);
      const version = await db.modelVersion.findFirstOrThrow({ where: { jobId: job.id } });
      expect((version.config as { rewardModelIds: string[] }).rewardModelIds).toEqual([reward.id, second.id]);
    }, 300_000);

    it("generate stores each completion's finish reason, and the ranking data carries it", async () => {
      const text = `${uniq("fresh")} prompt`;
      await db.prompt.create({ data: { text, textHash: uniq("h") } });
      await runJob("generate", { batchSize: 1, requiredRankings: 1, sampling: { maxTokens: 3 } });
      const comparison = await db.comparison.findFirstOrThrow({
        where: { prompt: { text } },
        select: { id: true, items: { select: { completion: { select: { id: true, finishReason: true } } } } },
      });
      const reasons = comparison.items.map((i) => i.completion.finishReason);
      expect(reasons).toHaveLength(5);
      for (const r of reasons) expect(["eos", "length"]).toContain(r);
      expect(reasons).toContain("length");
      const since = new Date();
      const ids = comparison.items.map((i) => i.completion.id);
      const user = await createTestUser(db);
      await db.ranking.create({ data: { id: newId(), comparisonId: comparison.id, userId: user.id, order: ids, shownOrder: ids } });
      const data = await loadRankingData({ db, since });
      expect(data).toHaveLength(1);
      expect(data[0]?.finishReasons).toEqual(reasons);
    }, 300_000);
  });
}
