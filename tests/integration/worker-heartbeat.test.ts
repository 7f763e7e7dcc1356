// A job's slow stage outlasting the job lease: DPO's reference pass over thousands of pairs, run by two worker
// processes with a 2 s lease. The worker that claimed the job keeps renewing its lease through the pass, so the other
// never claims it (one attempt, one model version), and a cancel sent during the pass stops the job before the pass
// ends. Tiny models; the pass is long because of the number of pairs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db, type DbKind } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { cancelJob, enqueueJob } from "@/lib/jobs";
import { createTestDatabase } from "../support/servers";
import { createTestUser } from "../support/factories";
import { checkpointStore, createRankings, createTinyPolicyVersion, startWorkerProcess, waitFor, type WorkerProcess } from "./worker-fixtures";

const KINDS: DbKind[] = ["sqlite", "postgresql"];
const LEASE_SECONDS = 2;
/** 300 comparisons × 2 rankings × C(5,2) pairs = 6 000 preference pairs through the reference pass. */
const COMPARISONS = 300;
const DPO_CONFIG = { steps: 2, batchSize: 4, evalEvery: 100, checkpointEvery: 1, heldOutFraction: 0.1 };

for (const kind of KINDS) {
  describe(`a slow stage longer than the job lease [${kind}]`, () => {
    let database: { url: string; drop(): Promise<void> };
    let db: Db;
    let admin: AuthUser;
    const workers: WorkerProcess[] = [];
    const outputs = () => workers.map((w, i) => `--- worker ${i} ---\n${w.output()}`).join("\n");

    const logsOf = (jobId: string) => db.jobLog.findMany({ where: { jobId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { message: true, createdAt: true } });
    const finished = (jobId: string) =>
      waitFor({
        what: `job ${jobId} to finish`,
        timeoutMs: 300_000,
        logs: outputs,
        check: async () => {
          const row = await db.job.findUniqueOrThrow({ where: { id: jobId } });
          return row.status === "RUNNING" || row.status === "QUEUED" ? null : row;
        },
      });

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      db = await openDb({ url: database.url, poolSize: 4 });
      const user = await createTestUser(db, { role: "ADMIN" });
      admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
      await createTinyPolicyVersion(db);
      await createRankings(db, { count: COMPARISONS, labelers: 2 });
      // Two workers on the one queue, each with a lease far shorter than the reference pass.
      for (const name of ["a", "b"]) {
        workers.push(
          startWorkerProcess({
            databaseUrl: database.url,
            env: { PODIUM_WORKER_TYPES: "dpo", PODIUM_WORKER_ID: `${name}-${kind}`, PODIUM_JOB_LEASE_SECONDS: String(LEASE_SECONDS), PODIUM_JOB_HEARTBEAT_SECONDS: "0.5" },
          }),
        );
      }
    }, 120_000);

    afterAll(async () => {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
      await Promise.all(workers.map((w) => w.exited));
      await db?.$disconnect();
      await database?.drop();
    });

    it("runs the job exactly once: the worker holding it renews its lease through the reference pass", async () => {
      const job = await enqueueJob({ db, actor: admin, type: "dpo", config: DPO_CONFIG });
      const done = await finished(job.id);
      expect(done.status, outputs()).toBe("SUCCEEDED");
      expect(done.attempts).toBe(1);
      const logs = await logsOf(job.id);
      const messages = logs.map((l) => l.message);
      expect(messages.filter((m) => m.startsWith("attempt "))).toHaveLength(1);
      const passStart = logs.find((l) => l.message.startsWith("reference pass: log-probs of"));
      const passEnd = logs.find((l) => l.message === "reference pass done");
      expect(passStart && passEnd, messages.join("\n")).toBeTruthy();
      // The premise: the pass outlasted the lease, so a worker that did not heartbeat during it would have lost the job.
      expect(passEnd!.createdAt.getTime() - passStart!.createdAt.getTime()).toBeGreaterThan(LEASE_SECONDS * 1000);
      // Only one worker ever started it, and one model version came out.
      const starts = workers.filter((w) => w.output().includes(`job ${job.id} (dpo) attempt`));
      expect(starts).toHaveLength(1);
      expect(outputs()).not.toContain(`job ${job.id}: lease lost`);
      expect(await db.modelVersion.count({ where: { jobId: job.id } })).toBe(1);
    }, 360_000);

    it("honours a cancel sent during the reference pass before the pass ends", async () => {
      const job = await enqueueJob({ db, actor: admin, type: "dpo", config: DPO_CONFIG });
      await waitFor({
        what: "the reference pass to start",
        timeoutMs: 240_000,
        logs: outputs,
        check: async () => (await logsOf(job.id)).some((l) => l.message.startsWith("reference pass: log-probs of")),
      });
      await cancelJob({ db, actor: admin, jobId: job.id });
      const done = await finished(job.id);
      expect(done.status, outputs()).toBe("CANCELLED");
      expect(done.attempts).toBe(1);
      const messages = (await logsOf(job.id)).map((l) => l.message);
      const cancelAt = messages.indexOf("cancel requested; stopping");
      expect(cancelAt, messages.join("\n")).toBeGreaterThan(messages.findIndex((m) => m.startsWith("reference pass: log-probs of")));
      // Stopped inside the pass: it never finished, no training step ran, nothing was saved.
      expect(messages).not.toContain("reference pass done");
      expect(await db.jobMetric.count({ where: { jobId: job.id } })).toBe(0);
      expect(await db.modelVersion.count({ where: { jobId: job.id } })).toBe(0);
      expect(await checkpointStore(db).load(`jobs/${job.id}/resume`)).toBeNull();
    }, 360_000);
  });
}
