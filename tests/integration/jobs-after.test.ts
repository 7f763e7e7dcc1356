// Job ordering on both databases: a job whose config says `after: <jobId>` is not claimed until that job succeeded,
// and is failed, naming it, when that job failed or was cancelled; a pipeline enqueues its jobs in that chain
// (lib/jobs straight, and POST /api/v1/jobs/pipeline over HTTP with its 4xx answers).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db, type DbKind } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { cancelJob, claimJob, completeJob, enqueueJob, enqueuePipeline, failJob } from "@/lib/jobs";
import { createTestDatabase } from "../support/servers";
import { createTestUser } from "../support/factories";
import { ApiClient, describeEachDatabase } from "./harness";

const KINDS: DbKind[] = ["sqlite", "postgresql"];

for (const kind of KINDS) {
  describe(`jobs that start after another [${kind}]`, () => {
    let database: { url: string; drop(): Promise<void> };
    let db: Db;
    let admin: AuthUser;

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      db = await openDb({ url: database.url, poolSize: 4 });
      const user = await createTestUser(db, { role: "ADMIN" });
      admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
    });

    afterAll(async () => {
      await db?.$disconnect();
      await database?.drop();
    });

    beforeEach(async () => {
      await db.job.deleteMany({});
    });

    const status = async (id: string) => (await db.job.findUniqueOrThrow({ where: { id } })).status;

    it("claims the next job of a pipeline only once the one before it succeeded", async () => {
      const [sft, reward, ppo] = await enqueuePipeline({
        db,
        actor: admin,
        jobs: [
          { type: "sft", config: { steps: 3 } },
          { type: "reward", config: { steps: 4 } },
          { type: "ppo", config: { steps: 5 } },
        ],
      });
      expect(reward!.config).toMatchObject({ after: sft!.id, steps: 4 });
      expect(ppo!.config).toMatchObject({ after: reward!.id });

      const first = await claimJob({ db, workerId: "w1" });
      expect(first?.id).toBe(sft!.id);
      // The reward job waits while the SFT job runs.
      expect(await claimJob({ db, workerId: "w2" })).toBeNull();
      await completeJob({ db, jobId: sft!.id, workerId: "w1", result: {} });

      const second = await claimJob({ db, workerId: "w2" });
      expect(second?.id).toBe(reward!.id);
      expect(await claimJob({ db, workerId: "w1" })).toBeNull();
      expect(await status(ppo!.id)).toBe("QUEUED");
    });

    it("fails a waiting job, naming its predecessor, when that one failed or was cancelled, and the rest of the chain with it", async () => {
      const [a, b, c] = await enqueuePipeline({
        db,
        actor: admin,
        jobs: [
          { type: "reward", config: {} },
          { type: "dpo", config: {} },
          { type: "generate", config: {} },
        ],
        maxAttempts: 1,
      });
      const claimed = await claimJob({ db, workerId: "w1" });
      expect(claimed?.id).toBe(a!.id);
      expect(await failJob({ db, jobId: a!.id, workerId: "w1", error: "boom", retryable: false })).toBe("FAILED");

      expect(await claimJob({ db, workerId: "w1" })).toBeNull();
      const rowB = await db.job.findUniqueOrThrow({ where: { id: b!.id } });
      expect(rowB.status).toBe("FAILED");
      expect(rowB.attempts).toBe(0);
      expect(rowB.error).toContain(a!.id);
      expect(rowB.error).toContain("FAILED");
      // The job after it fails at the next claim, naming b.
      expect(await claimJob({ db, workerId: "w1" })).toBeNull();
      const rowC = await db.job.findUniqueOrThrow({ where: { id: c!.id } });
      expect(rowC.status).toBe("FAILED");
      expect(rowC.error).toContain(b!.id);

      const queued = await enqueueJob({ db, actor: admin, type: "reward", config: {} });
      const waiting = await enqueueJob({ db, actor: admin, type: "sft", config: { after: queued.id } });
      await cancelJob({ db, actor: admin, jobId: queued.id });
      expect(await claimJob({ db, workerId: "w1" })).toBeNull();
      const rowW = await db.job.findUniqueOrThrow({ where: { id: waiting.id } });
      expect(rowW.status).toBe("FAILED");
      expect(rowW.error).toContain(`${queued.id} ended CANCELLED`);
    });

    it("runs a job without `after` as before, while others wait", async () => {
      const running = await enqueueJob({ db, actor: admin, type: "reward", config: {} });
      await claimJob({ db, workerId: "w1" });
      await enqueueJob({ db, actor: admin, type: "sft", config: { after: running.id } });
      const free = await enqueueJob({ db, actor: admin, type: "generate", config: {} });
      expect((await claimJob({ db, workerId: "w2" }))?.id).toBe(free.id);
    });
  });
}

describeEachDatabase("pipeline API", (env) => {
  let admin: ApiClient;

  beforeAll(async () => {
    const a = await createTestUser(env.db, { role: "ADMIN" });
    admin = new ApiClient(env.baseUrl);
    await admin.login(a.email, a.password);
  });

  interface PipelineBody {
    jobs: { id: string; type: string; status: string; config: Record<string, unknown> }[];
  }

  it("queues the jobs in order with 202, each after the one before, and audits each", async () => {
    const res = await admin.post<PipelineBody>("/api/v1/jobs/pipeline", {
      jobs: [
        { type: "sft", config: { steps: 5 } },
        { type: "reward", config: {} },
        { type: "rloo", config: {} },
        { type: "generate", config: { prompts: "all" } },
      ],
    });
    expect(res.status, res.text).toBe(202);
    const jobs = res.body.jobs;
    expect(jobs.map((j) => j.type)).toEqual(["sft", "reward", "rloo", "generate"]);
    expect(jobs[0]!.config).not.toHaveProperty("after");
    for (let i = 1; i < jobs.length; i++) expect(jobs[i]!.config.after).toBe(jobs[i - 1]!.id);
    expect(jobs[0]!.config).toMatchObject({ steps: 5, batchSize: 8 });
    const audits = await env.db.auditLog.count({ where: { action: "job.enqueue", targetId: { in: jobs.map((j) => j.id) } } });
    expect(audits).toBe(4);
    // Nobody claims them in this test; leave the queue as it was.
    for (const job of jobs) await env.db.job.update({ where: { id: job.id }, data: { status: "CANCELLED" } });
  });

  it("rejects a bad step or an unknown predecessor naming the problem, and queues none of the jobs", async () => {
    const before = await env.db.job.count();
    const bad = await admin.post<{ error: { code: string; message: string; details?: { path: string }[] } }>("/api/v1/jobs/pipeline", {
      jobs: [{ type: "sft", config: {} }, { type: "ppo", config: { steps: 0 } }],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain("steps");
    const unknown = await admin.post<{ error: { code: string; message: string } }>("/api/v1/jobs/pipeline", {
      after: "no-such-job",
      jobs: [{ type: "sft", config: {} }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain("no-such-job");
    const empty = await admin.post("/api/v1/jobs/pipeline", { jobs: [] });
    expect(empty.status).toBe(400);
    expect(await env.db.job.count()).toBe(before);
  });
});
