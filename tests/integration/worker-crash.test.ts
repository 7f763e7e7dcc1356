// Crash safety: a worker process killed with SIGKILL in the middle of a reward, PPO or SFT job; a second worker re-claims
// the job once the lease lapses, resumes from the last checkpoint in the database, and finishes. Exactly one model
// version results, and no ranking or job record is lost. Tiny models, so each run takes seconds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db, type DbKind } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { enqueueJob, type TJobType } from "@/lib/jobs";
import { createTestDatabase } from "../support/servers";
import { createTestUser } from "../support/factories";
import {
  checkpointStore,
  createRankings,
  createTinyPolicyVersion,
  createTinyRewardVersion,
  startWorkerProcess,
  waitFor,
  type WorkerProcess,
} from "./worker-fixtures";

const KINDS: DbKind[] = ["sqlite", "postgresql"];

const JOBS: { type: TJobType; steps: number; config: Record<string, unknown> }[] = [
  { type: "reward", steps: 60, config: { steps: 60, batchSize: 4, checkpointEvery: 5, evalEvery: 20, heldOutFraction: 0.2 } },
  { type: "ppo", steps: 48, config: { steps: 48, batchSize: 4, ppoEpochs: 1, checkpointEvery: 2, sampling: { maxTokens: 8 } } },
  {
    type: "sft",
    steps: 60,
    config: { source: "consensus-best", minRankings: 2, steps: 60, batchSize: 4, checkpointEvery: 2, evalEvery: 20, heldOutFraction: 0.2 },
  },
];

for (const kind of KINDS) {
  describe(`worker crash safety [${kind}]`, () => {
    let database: { url: string; drop(): Promise<void> };
    let db: Db;
    let admin: AuthUser;
    const workers: WorkerProcess[] = [];

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      db = await openDb({ url: database.url, poolSize: 4 });
      const user = await createTestUser(db, { role: "ADMIN" });
      admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
      const policy = await createTinyPolicyVersion(db);
      await createTinyRewardVersion(db, policy);
      await createRankings(db, { count: 12, labelers: 2 });
    });

    afterAll(async () => {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
      await db?.$disconnect();
      await database?.drop();
    });

    for (const { type, steps, config } of JOBS) {
      it(`resumes a ${type} job from its last checkpoint on another worker after the first is killed`, async () => {
        const rankingsBefore = await db.ranking.count();
        const job = await enqueueJob({ db, actor: admin, type, config });
        const store = checkpointStore(db);
        const resumeKey = `jobs/${job.id}/resume`;

        // Each test's workers run only its job type, so a worker left over by another test cannot take this job.
        const only = { PODIUM_WORKER_TYPES: type };
        const first = startWorkerProcess({ databaseUrl: database.url, env: { ...only, PODIUM_WORKER_ID: `first-${job.id}` } });
        workers.push(first);
        // Kill as soon as a checkpoint exists: early, so the kill always lands mid-job however fast the machine.
        const checkpointStep = await waitFor({
          what: `a ${type} checkpoint`,
          timeoutMs: 240_000,
          logs: first.output,
          check: async () => {
            const saved = await store.load(resumeKey);
            return saved && saved.step > 0 ? saved.step : null;
          },
        });
        first.child.kill("SIGKILL");
        await first.exited;
        const killedAt = await db.job.findUniqueOrThrow({ where: { id: job.id } });
        expect(killedAt.status).toBe("RUNNING");
        expect(killedAt.leaseOwner).toBe(`first-${job.id}`);

        const second = startWorkerProcess({ databaseUrl: database.url, env: { ...only, PODIUM_WORKER_ID: `second-${job.id}` } });
        workers.push(second);
        const done = await waitFor({
          what: `the ${type} job to finish`,
          timeoutMs: 240_000,
          logs: second.output,
          check: async () => {
            const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
            return row.status === "RUNNING" || row.status === "QUEUED" ? null : row;
          },
        });
        second.child.kill("SIGTERM");
        await second.exited;

        expect(done.status, second.output()).toBe("SUCCEEDED");
        expect(done.attempts).toBe(2);
        const logs = await db.jobLog.findMany({ where: { jobId: job.id }, select: { message: true } });
        const resumedAt = logs.map((l) => /resumed from the checkpoint at step (\d+)/.exec(l.message)?.[1]).find(Boolean);
        expect(Number(resumedAt)).toBeGreaterThanOrEqual(checkpointStep);
        const versions = await db.modelVersion.findMany({ where: { jobId: job.id } });
        expect(versions).toHaveLength(1);
        expect(await store.load(versions[0]!.artifactKey)).not.toBeNull();
        expect(await store.load(resumeKey)).toBeNull();
        // Every step's metrics once, and the last step reached.
        const points = await db.jobMetric.findMany({ where: { jobId: job.id, name: "lr" }, select: { step: true } });
        const stepsSeen = points.map((p) => p.step);
        expect(new Set(stepsSeen).size).toBe(stepsSeen.length);
        expect(Math.max(...stepsSeen)).toBe(steps);
        expect(await db.ranking.count()).toBe(rankingsBefore);
        expect(await db.job.count({ where: { id: job.id } })).toBe(1);
      }, 600_000);
    }
  });
}
