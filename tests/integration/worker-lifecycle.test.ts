// The worker loop with the real handlers and tiny models, in-process (and one real process for SIGTERM): a generate
// job writes comparisons of 5 completions (from a policy and from an OpenAI-compatible endpoint), cancel stops a
// running job within a heartbeat, a shutdown checkpoints and releases the job, errors are retried up to the bound,
// and a job that cannot run fails at once with the reason.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db, type DbKind } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { cancelJob, enqueueJob } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import type { RunWorkerOptions } from "@/workers/run-worker";
import { createTestDatabase } from "../support/servers";
import { createTestUser, uniq } from "../support/factories";
import { checkpointStore, createRankings, createTinyPolicyVersion, runTestWorker, startWorkerProcess, waitFor } from "./worker-fixtures";

const KINDS: DbKind[] = ["sqlite", "postgresql"];

for (const kind of KINDS) {
  describe(`worker lifecycle [${kind}]`, () => {
    let database: { url: string; drop(): Promise<void> };
    let db: Db;
    let admin: AuthUser;
    let policy: { id: string; artifactKey: string };
    const lines: string[] = [];

    const worker = (overrides: Partial<RunWorkerOptions> = {}) => runTestWorker({ db, lines, ...overrides });

    beforeAll(async () => {
      // The same backend as the worker process (tfjs's default in Node is the slow pure-JS one).
      await selectBackend({ force: "wasm" });
      database = await createTestDatabase(kind);
      db = await openDb({ url: database.url, poolSize: 4 });
      const user = await createTestUser(db, { role: "ADMIN" });
      admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
      policy = await createTinyPolicyVersion(db);
      await createRankings(db, { count: 8, labelers: 2 });
    });

    afterAll(async () => {
      await db?.$disconnect();
      await database?.drop();
    });

    beforeEach(async () => {
      await db.job.deleteMany({});
    });

    it("generates five completions per new prompt with the active policy and opens a comparison for each", async () => {
      const texts = Array.from({ length: 3 }, (_, i) => `${uniq("fresh")} prompt ${i}`);
      await db.prompt.createMany({ data: texts.map((text) => ({ text, textHash: uniq("h") })) });
      const job = await enqueueJob({
        db,
        actor: admin,
        type: "generate",
        config: { batchSize: 2, requiredRankings: 2, sampling: { maxTokens: 6 } },
      });
      expect(await worker(), lines.join("\n")).toEqual(["succeeded"]);
      const comparisons = await db.comparison.findMany({
        where: { prompt: { text: { in: texts } } },
        select: { requiredRankings: true, items: { select: { completion: { select: { modelVersionId: true, source: true } } } } },
      });
      expect(comparisons).toHaveLength(3);
      for (const c of comparisons) {
        expect(c.requiredRankings).toBe(2);
        expect(c.items).toHaveLength(5);
        expect(c.items.every((i) => i.completion.modelVersionId === policy.id && i.completion.source === "policy")).toBe(true);
      }
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row).toMatchObject({ status: "SUCCEEDED", step: 2, totalSteps: 2 });
    });

    it("generates through an OpenAI-compatible completions endpoint with the key from the environment", async () => {
      const seen: { auth: string | undefined; body: { model: string; n: number } }[] = [];
      const server = http.createServer((req, res) => {
        let raw = "";
        req.on("data", (d: Buffer) => (raw += d.toString()));
        req.on("end", () => {
          const body = JSON.parse(raw) as { model: string; n: number; prompt: string };
          seen.push({ auth: req.headers.authorization, body });
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ choices: Array.from({ length: body.n }, (_, i) => ({ index: i, text: ` answer ${i} to ${body.prompt.slice(0, 12)}` })) }));
        });
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const keyEnv = `PODIUM_TEST_KEY_${uniq().replace(/-/g, "_").toUpperCase()}`;
      process.env[keyEnv] = "sk-test";
      try {
        const text = `${uniq("external")} prompt`;
        await db.prompt.create({ data: { text, textHash: uniq("h") } });
        const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
        await enqueueJob({
          db,
          actor: admin,
          type: "generate",
          config: { source: "external", external: { baseUrl, model: "fake-llm", apiKeyEnv: keyEnv }, prompts: "all", maxPrompts: 500 },
        });
        expect(await worker()).toEqual(["succeeded"]);
        expect(seen.length).toBeGreaterThan(0);
        expect(seen.every((s) => s.auth === "Bearer sk-test" && s.body.model === "fake-llm" && s.body.n === 5)).toBe(true);
        const completions = await db.completion.findMany({ where: { prompt: { text } }, select: { text: true, source: true } });
        expect(completions).toHaveLength(5);
        expect(completions.every((c) => c.source === "external:fake-llm" && c.text.startsWith("answer"))).toBe(true);
      } finally {
        delete process.env[keyEnv];
        server.close();
      }
    });

    it("stops a running job within a heartbeat when an admin cancels it, leaving no model version", async () => {
      const job = await enqueueJob({ db, actor: admin, type: "reward", config: { steps: 100_000, batchSize: 2, checkpointEvery: 1_000 } });
      const done = worker();
      await waitFor({
        what: "the reward job to make progress",
        timeoutMs: 180_000,
        check: async () => (await db.jobMetric.count({ where: { jobId: job.id } })) > 0,
      });
      await cancelJob({ db, actor: admin, jobId: job.id });
      expect(await done).toEqual(["cancelled"]);
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("CANCELLED");
      expect(row.step).toBeLessThan(100_000);
      expect(await db.modelVersion.count({ where: { jobId: job.id } })).toBe(0);
      expect(await checkpointStore(db).load(`jobs/${job.id}/resume`)).toBeNull();
    }, 300_000);

    it("fails a job that cannot run at once, with the reason, without retrying", async () => {
      // No reward model exists in this database.
      const job = await enqueueJob({ db, actor: admin, type: "ppo", config: { steps: 2 }, maxAttempts: 3 });
      expect(await worker()).toEqual(["failed"]);
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row).toMatchObject({ status: "FAILED", attempts: 1 });
      expect(row.error).toMatch(/reward job first/);
    });

    it("retries a job whose handler keeps throwing until maxAttempts, keeping the last error", async () => {
      const job = await enqueueJob({ db, actor: admin, type: "pretrain", config: {}, maxAttempts: 2 });
      let calls = 0;
      const results = await worker({
        handlers: {
          pretrain: async () => {
            calls += 1;
            throw new Error(`disk full ${calls}`);
          },
        },
      });
      expect(results).toEqual(["retrying", "failed"]);
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row).toMatchObject({ status: "FAILED", attempts: 2, error: "disk full 2" });
    });

    it("on SIGTERM checkpoints the running job and gives it back to the queue; the next worker finishes it", async () => {
      const job = await enqueueJob({ db, actor: admin, type: "reward", config: { steps: 200, batchSize: 2, checkpointEvery: 5, evalEvery: 200 } });
      const proc = startWorkerProcess({ databaseUrl: database.url, env: { PODIUM_WORKER_TYPES: "reward" } });
      try {
        await waitFor({
          what: "the job to run a few steps",
          timeoutMs: 240_000,
          logs: proc.output,
          check: async () => (await db.job.findUniqueOrThrow({ where: { id: job.id } })).step >= 3,
        });
        proc.child.kill("SIGTERM");
        expect(await proc.exited).toBe(0);
      } finally {
        if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
      }
      const released = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(released, proc.output()).toMatchObject({ status: "QUEUED", attempts: 0, leaseOwner: null });
      const saved = await checkpointStore(db).load(`jobs/${job.id}/resume`);
      expect(saved?.step).toBeGreaterThan(0);
      expect(await worker()).toEqual(["succeeded"]);
      const logs = await db.jobLog.findMany({ where: { jobId: job.id }, select: { message: true } });
      expect(logs.some((l) => l.message.includes(`resumed from the checkpoint at step ${saved?.step}`))).toBe(true);
      expect(await db.modelVersion.count({ where: { jobId: job.id } })).toBe(1);
    }, 600_000);
  });
}
