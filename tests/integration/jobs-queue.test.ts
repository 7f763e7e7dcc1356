// Queue semantics on both databases, straight against lib/jobs (no HTTP): atomic claims under a race, re-claim
// after a lapsed lease, cancellation, bounded retries, graceful release, and one model version per job.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db, type DbKind } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import {
  cancelJob,
  claimJob,
  completeJob,
  enqueueJob,
  failJob,
  heartbeatJob,
  markJobCancelled,
  releaseJob,
} from "@/lib/jobs";
import { spawn } from "node:child_process";
import path from "node:path";
import { createTestDatabase, ROOT } from "../support/servers";
import { createTestUser, uniq } from "../support/factories";

const KINDS: DbKind[] = ["sqlite", "postgresql"];

interface RaceWorker {
  ready: Promise<void>;
  go(): void;
  done: Promise<{ workerId: string; won: string[] }>;
}

/** Starts tests/integration/jobs-race-worker.ts in its own process (own connection, like a real worker). */
function startRaceWorker(options: { url: string; workerId: string }): RaceWorker {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(ROOT, "tests", "integration", "jobs-race-worker.ts")],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: options.url, WORKER_ID: options.workerId },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.startsWith("ready\n")) markReady();
  });
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ workerId: string; won: string[] }>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`race worker exited with ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { workerId: string; won: string[] });
    });
  });
  return { ready, done, go: () => child.stdin.end("go\n") };
}

for (const kind of KINDS) {
  describe(`job queue [${kind}]`, () => {
    let database: { url: string; drop(): Promise<void> };
    let db: Db;
    let admin: AuthUser;

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      db = await openDb({ url: database.url, poolSize: 8 });
      const user = await createTestUser(db, { role: "ADMIN" });
      admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
    });

    afterAll(async () => {
      await db?.$disconnect();
      await database?.drop();
    });

    beforeEach(async () => {
      // Each test sees only its own jobs.
      await db.job.deleteMany({});
    });

    const enqueue = (maxAttempts?: number) =>
      enqueueJob({ db, actor: admin, type: "reward", config: { steps: 5 }, ...(maxAttempts ? { maxAttempts } : {}) });

    it("hands each job to exactly one of several worker processes racing to claim", async () => {
      const jobs = await Promise.all(Array.from({ length: 16 }, () => enqueue()));
      const racers = Array.from({ length: 4 }, (_, i) => startRaceWorker({ url: database.url, workerId: `racer-${i}-${uniq()}` }));
      await Promise.all(racers.map((r) => r.ready));
      for (const racer of racers) racer.go();
      const results = await Promise.all(racers.map((r) => r.done));
      const ids = results.flatMap((r) => r.won);
      expect(ids).toHaveLength(jobs.length);
      expect(new Set(ids)).toEqual(new Set(jobs.map((j) => j.id)));
      const rows = await db.job.findMany({ select: { id: true, status: true, attempts: true, leaseOwner: true } });
      const ownerOf = new Map(results.flatMap((r) => r.won.map((id) => [id, r.workerId] as const)));
      for (const row of rows) {
        expect(row.status).toBe("RUNNING");
        expect(row.attempts).toBe(1);
        expect(row.leaseOwner).toBe(ownerOf.get(row.id));
      }
    });

    it("lets another worker re-claim a job whose lease lapsed, and the first worker can no longer touch it", async () => {
      const job = await enqueue();
      const t0 = new Date();
      const first = await claimJob({ db, workerId: "worker-a", leaseMs: 30_000, now: t0 });
      expect(first?.id).toBe(job.id);
      expect(await claimJob({ db, workerId: "worker-b", now: new Date(t0.getTime() + 10_000) })).toBeNull();

      const later = new Date(t0.getTime() + 31_000);
      const second = await claimJob({ db, workerId: "worker-b", leaseMs: 30_000, now: later });
      expect(second?.id).toBe(job.id);
      expect(second?.attempts).toBe(2);

      const beat = await heartbeatJob({ db, jobId: job.id, workerId: "worker-a", progress: { step: 99 } });
      expect(beat.held).toBe(false);
      await expect(completeJob({ db, jobId: job.id, workerId: "worker-a", result: { by: "a" } })).rejects.toThrow(
        /no longer holds/,
      );
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row).toMatchObject({ status: "RUNNING", leaseOwner: "worker-b", step: 0 });
    });

    it("renews the lease on every heartbeat so a live job is not re-claimed", async () => {
      const job = await enqueue();
      const t0 = new Date();
      await claimJob({ db, workerId: "worker-a", leaseMs: 30_000, now: t0 });
      const beat = await heartbeatJob({
        db,
        jobId: job.id,
        workerId: "worker-a",
        leaseMs: 30_000,
        progress: { step: 3, totalSteps: 5 },
        now: new Date(t0.getTime() + 25_000),
      });
      expect(beat).toEqual({ held: true, cancelRequested: false });
      expect(await claimJob({ db, workerId: "worker-b", now: new Date(t0.getTime() + 40_000) })).toBeNull();
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row).toMatchObject({ step: 3, totalSteps: 5, leaseOwner: "worker-a" });
    });

    it("measures the pace of steps from the first training step each attempt reports", async () => {
      const job = await enqueue();
      const t0 = new Date();
      await claimJob({ db, workerId: "worker-a", leaseMs: 30_000, now: t0 });
      const beat = (workerId: string, step: number, at: number) =>
        heartbeatJob({ db, jobId: job.id, workerId, leaseMs: 30_000, progress: { step, totalSteps: 10 }, now: new Date(t0.getTime() + at) });
      await beat("worker-a", 0, 5_000); // still loading: no step yet
      await beat("worker-a", 2, 20_000);
      await beat("worker-a", 4, 24_000);
      const pace = () => db.job.findUniqueOrThrow({ where: { id: job.id }, select: { paceStep: true, paceAt: true } });
      expect(await pace()).toEqual({ paceStep: 2, paceAt: new Date(t0.getTime() + 20_000) });
      // The worker dies; the next attempt starts its own measurement.
      await claimJob({ db, workerId: "worker-b", leaseMs: 30_000, now: new Date(t0.getTime() + 60_000) });
      expect(await pace()).toEqual({ paceStep: null, paceAt: null });
      // Its start-up (loading, a reference pass) reports the step it resumes from: that is no training step yet.
      await beat("worker-b", 4, 70_000);
      await beat("worker-b", 3, 80_000); // resumed from an earlier checkpoint
      expect(await pace()).toEqual({ paceStep: null, paceAt: null });
      await beat("worker-b", 5, 90_000);
      expect(await pace()).toEqual({ paceStep: 5, paceAt: new Date(t0.getTime() + 90_000) });
    });

    it("cancels a queued job at once and never hands it out", async () => {
      const job = await enqueue();
      const cancelled = await cancelJob({ db, actor: admin, jobId: job.id });
      expect(cancelled.status).toBe("CANCELLED");
      expect(await claimJob({ db, workerId: "worker-a" })).toBeNull();
    });

    it("asks a running job to stop; its worker sees the request on the next heartbeat and marks it cancelled", async () => {
      const job = await enqueue();
      await claimJob({ db, workerId: "worker-a" });
      const requested = await cancelJob({ db, actor: admin, jobId: job.id });
      expect(requested).toMatchObject({ status: "RUNNING", cancelRequested: true });
      const beat = await heartbeatJob({ db, jobId: job.id, workerId: "worker-a" });
      expect(beat).toEqual({ held: true, cancelRequested: true });
      expect(await markJobCancelled({ db, jobId: job.id, workerId: "worker-a" })).toBe(true);
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("CANCELLED");
      expect(row.finishedAt).not.toBeNull();
      await expect(cancelJob({ db, actor: admin, jobId: uniq("missing") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    });

    it("settles a cancel-requested job whose worker died instead of running it again", async () => {
      const job = await enqueue();
      const t0 = new Date();
      await claimJob({ db, workerId: "worker-a", leaseMs: 1_000, now: t0 });
      await cancelJob({ db, actor: admin, jobId: job.id });
      expect(await claimJob({ db, workerId: "worker-b", now: new Date(t0.getTime() + 5_000) })).toBeNull();
      expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("CANCELLED");
    });

    it("retries a failing job until maxAttempts, then fails it with the last error kept", async () => {
      const job = await enqueue(2);
      const one = await claimJob({ db, workerId: "worker-a" });
      expect(one?.attempts).toBe(1);
      expect(await failJob({ db, jobId: job.id, workerId: "worker-a", error: "boom 1", retryDelayMs: 0 })).toBe("QUEUED");
      const queued = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(queued).toMatchObject({ status: "QUEUED", error: "boom 1", leaseOwner: null });

      const two = await claimJob({ db, workerId: "worker-b", now: new Date(Date.now() + 10) });
      expect(two?.attempts).toBe(2);
      expect(await failJob({ db, jobId: job.id, workerId: "worker-b", error: "boom 2", retryDelayMs: 0 })).toBe("FAILED");
      expect(await claimJob({ db, workerId: "worker-c", now: new Date(Date.now() + 10) })).toBeNull();
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row).toMatchObject({ status: "FAILED", error: "boom 2", attempts: 2 });
      const logs = await db.jobLog.findMany({ where: { jobId: job.id, level: "error" } });
      expect(logs.map((l) => l.message).join("\n")).toMatch(/will retry: boom 1[\s\S]*giving up: boom 2/);
    });

    it("waits out the retry delay before running a failed job again", async () => {
      const job = await enqueue(3);
      const t0 = new Date();
      await claimJob({ db, workerId: "worker-a", now: t0 });
      await failJob({ db, jobId: job.id, workerId: "worker-a", error: "flaky", retryDelayMs: 5_000, now: t0 });
      expect(await claimJob({ db, workerId: "worker-b", now: new Date(t0.getTime() + 1_000) })).toBeNull();
      expect((await claimJob({ db, workerId: "worker-b", now: new Date(t0.getTime() + 6_000) }))?.id).toBe(job.id);
    });

    it("fails a job for good on a permanent error, whatever attempts remain", async () => {
      const job = await enqueue(5);
      await claimJob({ db, workerId: "worker-a" });
      const status = await failJob({ db, jobId: job.id, workerId: "worker-a", error: "trainer not available", retryable: false });
      expect(status).toBe("FAILED");
      expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ attempts: 1, error: "trainer not available" });
    });

    it("fails a job whose worker vanished on its last attempt instead of running it once more", async () => {
      const job = await enqueue(1);
      const t0 = new Date();
      await claimJob({ db, workerId: "worker-a", leaseMs: 1_000, now: t0 });
      expect(await claimJob({ db, workerId: "worker-b", now: new Date(t0.getTime() + 5_000) })).toBeNull();
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("FAILED");
      expect(row.error).toMatch(/stopped renewing its lease/);
    });

    it("gives a job back on graceful shutdown without using up an attempt", async () => {
      const job = await enqueue(1);
      await claimJob({ db, workerId: "worker-a" });
      expect(await releaseJob({ db, jobId: job.id, workerId: "worker-a" })).toBe(true);
      expect(await releaseJob({ db, jobId: job.id, workerId: "worker-a" })).toBe(false);
      const again = await claimJob({ db, workerId: "worker-b" });
      expect(again).toMatchObject({ id: job.id, attempts: 1 });
    });

    it("records one model version per job and activates it only when asked", async () => {
      const job = await enqueue();
      await claimJob({ db, workerId: "worker-a" });
      await heartbeatJob({ db, jobId: job.id, workerId: "worker-a", progress: { step: 4, totalSteps: 5 } });
      const version = {
        kind: "REWARD" as const,
        name: uniq("rm"),
        parentId: null,
        config: { steps: 5 },
        metrics: { accuracy: 0.7 },
        artifactKey: `models/${job.id}`,
        activate: false,
      };
      const done = await completeJob({ db, jobId: job.id, workerId: "worker-a", result: { ok: true }, modelVersion: version });
      expect(done.modelVersionId).toBeTruthy();
      await expect(
        completeJob({ db, jobId: job.id, workerId: "worker-a", result: { ok: true }, modelVersion: version }),
      ).rejects.toThrow();
      const versions = await db.modelVersion.findMany({ where: { jobId: job.id } });
      expect(versions).toHaveLength(1);
      expect(versions[0]?.active).toBe(false);
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row).toMatchObject({ status: "SUCCEEDED", step: 5, leaseOwner: null, result: { ok: true } });
    });
  });
}
