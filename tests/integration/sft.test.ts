// Supervised fine-tuning end to end: demonstrations imported over HTTP (per-line report, 400/413, 403 for a labeler,
// the list with its count), the consensus-best data (gold and excluded comparisons left out), and a tiny sft job
// through the worker loop: the loss falls, a held-out loss is reported, a POLICY version descends from the starting
// policy and can be activated, and a cancel stops the job. Resume after a kill: worker-crash.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db, type DbKind } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { importDemonstrationItems, type DemonstrationImportReport, type DemonstrationPage } from "@/lib/data";
import { cancelJob, enqueueJob, loadSftData } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { activateModelVersion } from "@/lib/models";
import { createTestDatabase } from "../support/servers";
import { createTestComparisons, createTestUser, uniq } from "../support/factories";
import { ApiClient, describeEachDatabase } from "./harness";
import { checkpointStore, createTinyPolicyVersion, runTestWorker, waitFor } from "./worker-fixtures";

describeEachDatabase("demonstrations import", (env) => {
  let admin: ApiClient;
  let labeler: ApiClient;
  beforeAll(async () => {
    const a = await createTestUser(env.db, { role: "ADMIN" });
    admin = new ApiClient(env.baseUrl);
    await admin.login(a.email, a.password);
    const l = await createTestUser(env.db, { role: "LABELER" });
    labeler = new ApiClient(env.baseUrl);
    await labeler.login(l.email, l.password);
  });

  it("imports a JSON array, finding an existing prompt of the project and creating a new one", async () => {
    const tag = uniq("demo");
    await admin.post("/api/v1/prompts", [{ prompt: `${tag} known prompt` }]);
    const known = await env.db.prompt.findFirstOrThrow({ where: { text: `${tag} known prompt` }, select: { id: true } });
    const res = await admin.post<DemonstrationImportReport>("/api/v1/demonstrations", [
      { prompt: `  ${tag}   known prompt `, response: "The known answer." },
      { prompt: `${tag} new prompt`, response: "A new answer.", projectId: "default" },
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 2, duplicates: 0, rejected: 0, promptsCreated: 1 });
    expect(res.body.results[0]).toMatchObject({ status: "imported", promptId: known.id, promptCreated: false });
    const rows = await env.db.demonstration.findMany({
      where: { prompt: { text: { startsWith: tag } } },
      select: { response: true, source: true, projectId: true, prompt: { select: { text: true, projectId: true } } },
      orderBy: { response: "asc" },
    });
    expect(rows).toEqual([
      { response: "A new answer.", source: "import", projectId: "default", prompt: { text: `${tag} new prompt`, projectId: "default" } },
      { response: "The known answer.", source: "import", projectId: "default", prompt: { text: `${tag} known prompt`, projectId: "default" } },
    ]);
    expect(await env.db.prompt.count({ where: { text: { startsWith: tag } } })).toBe(2);
    const again = await admin.post<DemonstrationImportReport>("/api/v1/demonstrations", [{ prompt: `${tag} new prompt`, response: "A new answer." }]);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ imported: 0, duplicates: 1 });
  });

  it("reports each bad JSONL line with its reason and imports the good ones", async () => {
    const tag = uniq("demojsonl");
    const body = [
      JSON.stringify({ prompt: `${tag} good`, response: "Fine." }),
      "{not json",
      JSON.stringify({ prompt: `${tag} empty`, response: "   " }),
      JSON.stringify({ prompt: `${tag} extra`, response: "x", colour: "blue" }),
      JSON.stringify({ prompt: `${tag} nowhere`, response: "x", projectId: uniq("no-such-project") }),
      JSON.stringify({ prompt: `${tag} no response` }),
      "",
      JSON.stringify({ prompt: `${tag} good`, response: "Fine." }),
    ].join("\n");
    const res = await admin.post<DemonstrationImportReport>("/api/v1/demonstrations", body, { "content-type": "application/x-ndjson" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 1, rejected: 5, duplicates: 1 });
    const byLine = new Map(res.body.results.map((r) => [r.line, r]));
    expect(byLine.get(1)?.status).toBe("imported");
    expect(byLine.get(2)).toMatchObject({ status: "rejected", reason: expect.stringContaining("not valid JSON") });
    expect(byLine.get(3)).toMatchObject({ status: "rejected", reason: expect.stringContaining("response is empty") });
    expect(byLine.get(4)).toMatchObject({ status: "rejected", reason: expect.stringContaining("colour") });
    expect(byLine.get(5)).toMatchObject({ status: "rejected", reason: expect.stringContaining("no project") });
    expect(byLine.get(6)).toMatchObject({ status: "rejected", reason: expect.stringContaining("response") });
    expect(byLine.get(8)).toMatchObject({ status: "duplicate", reason: "same prompt and response as line 1" });
    expect(await env.db.demonstration.count({ where: { prompt: { text: { startsWith: tag } } } })).toBe(1);
    expect(await env.db.prompt.count({ where: { text: { startsWith: tag } } })).toBe(1);
  });

  it("answers 400 to a malformed JSON array and 413 to an oversized body, storing nothing", async () => {
    const before = await env.db.demonstration.count();
    const malformed = await admin.post<{ error: { code: string } }>("/api/v1/demonstrations", '[{"prompt": "x", "response": "y"},', {
      "content-type": "application/json",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("INVALID_JSON");
    const huge = JSON.stringify([{ prompt: "x", response: "y".repeat(9 * 1024 * 1024) }]);
    const tooBig = await admin.post<{ error: { code: string } }>("/api/v1/demonstrations", huge, { "content-type": "application/json" });
    expect(tooBig.status).toBe(413);
    expect(await env.db.demonstration.count()).toBe(before);
  });

  it("refuses a labeler with 403 on both import and list, storing nothing", async () => {
    const tag = uniq("demolab");
    const post = await labeler.post<{ error: { code: string } }>("/api/v1/demonstrations", [{ prompt: `${tag} p`, response: "r" }]);
    expect(post.status).toBe(403);
    expect(post.body.error.code).toBe("FORBIDDEN");
    expect((await labeler.get("/api/v1/demonstrations")).status).toBe(403);
    expect(await env.db.prompt.count({ where: { text: { startsWith: tag } } })).toBe(0);
  });

  it("lists demonstrations newest first with the count, a page at a time, filtered by project", async () => {
    const tag = uniq("demolist");
    const project = await env.db.project.create({ data: { name: uniq("sft-project") }, select: { id: true } });
    const res = await admin.post<DemonstrationImportReport>(
      "/api/v1/demonstrations",
      Array.from({ length: 5 }, (_, i) => ({ prompt: `${tag} ${i}`, response: `answer ${i}`, projectId: project.id })),
    );
    expect(res.body.imported).toBe(5);
    const first = await admin.get<DemonstrationPage>(`/api/v1/demonstrations?projectId=${project.id}&limit=3`);
    expect(first.status).toBe(200);
    expect(first.body.count).toBe(5);
    expect(first.body.demonstrations).toHaveLength(3);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await admin.get<DemonstrationPage>(`/api/v1/demonstrations?projectId=${project.id}&limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.demonstrations).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.demonstrations, ...second.body.demonstrations];
    expect(new Set(all.map((d) => d.response))).toEqual(new Set(Array.from({ length: 5 }, (_, i) => `answer ${i}`)));
    expect(all.every((d) => d.projectId === project.id && d.prompt.startsWith(tag))).toBe(true);
    const everything = await admin.get<DemonstrationPage>("/api/v1/demonstrations?limit=1");
    expect(everything.body.count).toBe(await env.db.demonstration.count());
    expect((await admin.get("/api/v1/demonstrations?limit=0")).status).toBe(400);
  });
});

const KINDS: DbKind[] = ["sqlite", "postgresql"];

for (const kind of KINDS) {
  describe(`the sft job [${kind}]`, () => {
    let database: { url: string; drop(): Promise<void> };
    let db: Db;
    let admin: AuthUser;
    let policy: { id: string; artifactKey: string };
    const lines: string[] = [];

    beforeAll(async () => {
      await selectBackend({ force: "wasm" });
      database = await createTestDatabase(kind);
      db = await openDb({ url: database.url, poolSize: 4 });
      const user = await createTestUser(db, { role: "ADMIN" });
      admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
      policy = await createTinyPolicyVersion(db);
      // The demonstrated rule: every answer is the same short sentence, then EOS.
      const raw = Array.from({ length: 24 }, (_, i) => ({
        line: i + 1,
        value: { prompt: `the cat sat on the mat ${i}?`, response: "a dog ran to the park." },
      }));
      const report = await importDemonstrationItems({ db, raw });
      expect(report.imported).toBe(24);
    });

    afterAll(async () => {
      await db?.$disconnect();
      await database?.drop();
    });

    it("takes the consensus-best completion of ranked comparisons, leaving gold and excluded ones out", async () => {
      const comparisons = await createTestComparisons(db, { count: 4, requiredRankings: 2 });
      const users = await Promise.all([createTestUser(db), createTestUser(db), createTestUser(db)]);
      const [a, b, c, d] = comparisons as [(typeof comparisons)[0], (typeof comparisons)[0], (typeof comparisons)[0], (typeof comparisons)[0]];
      // a: two rankings put completion 2 first; b: only one ranking; c: gold; d: excluded.
      const rank = (cmp: typeof a, userIndex: number, first: number) => {
        const ids = [...cmp.completionIds];
        const order = [...ids.splice(first, 1), ...ids];
        return { comparisonId: cmp.id, userId: (users[userIndex] as { id: string }).id, order, shownOrder: cmp.completionIds };
      };
      await db.ranking.createMany({ data: [rank(a, 0, 2), rank(a, 1, 2), rank(a, 2, 0), rank(b, 0, 1), rank(c, 0, 3), rank(c, 1, 3), rank(d, 0, 4), rank(d, 1, 4)] });
      await db.comparison.update({ where: { id: c.id }, data: { gold: true } });
      await db.comparison.update({ where: { id: d.id }, data: { excludedAt: new Date(), excludedReason: "test" } });
      const data = await loadSftData({ db, source: "consensus-best", projectIds: [], minRankings: 2 });
      const best = await db.completion.findUniqueOrThrow({ where: { id: a.completionIds[2] as string }, select: { text: true } });
      expect(data).toEqual([expect.objectContaining({ promptId: a.promptId, response: best.text, source: "consensus-best" })]);
      const both = await loadSftData({ db, source: "both", projectIds: [], minRankings: 2 });
      expect(both).toHaveLength(25);
      expect(await loadSftData({ db, source: "demonstrations", projectIds: [uniq("other")], minRankings: 2 })).toEqual([]);
    });

    it("trains the active policy on the demonstrations: the loss falls, held-out loss is reported, a child policy version is registered", async () => {
      const job = await enqueueJob({
        db,
        actor: admin,
        type: "sft",
        config: { steps: 30, batchSize: 4, lr: 5e-3, evalEvery: 10, checkpointEvery: 10, heldOutFraction: 0.25, name: "tiny sft" },
      });
      expect(await runTestWorker({ db, lines }), lines.join("\n")).toEqual(["succeeded"]);
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("SUCCEEDED");
      expect(row.step).toBe(30);
      const losses = (await db.jobMetric.findMany({ where: { jobId: job.id, name: "loss" }, orderBy: { step: "asc" }, select: { value: true } })).map((m) => m.value);
      expect(losses).toHaveLength(30);
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.75);
      const heldOut = await db.jobMetric.findMany({ where: { jobId: job.id, name: "heldOutLoss" }, orderBy: { step: "asc" }, select: { step: true, value: true } });
      expect(heldOut.map((m) => m.step)).toEqual([10, 20, 30]);
      expect((heldOut.at(-1) as { value: number }).value).toBeLessThan((heldOut[0] as { value: number }).value);

      const version = await db.modelVersion.findFirstOrThrow({ where: { jobId: job.id } });
      expect(version).toMatchObject({ kind: "POLICY", name: "tiny sft", parentId: policy.id, active: false });
      expect(version.metrics).toMatchObject({ steps: 30, demonstrations: 24, heldOutLoss: expect.any(Number) });
      const saved = await checkpointStore(db).load(version.artifactKey);
      expect(saved?.kind).toBe("policy");
      expect(saved?.extra).toMatchObject({ trainer: "sft", parent: policy.id });
      expect(await checkpointStore(db).load(`jobs/${job.id}/resume`)).toBeNull();
      await activateModelVersion({ db, actor: admin, modelVersionId: version.id });
      expect((await db.modelVersion.findFirstOrThrow({ where: { kind: "POLICY", active: true } })).id).toBe(version.id);
    }, 300_000);

    it("stops within a heartbeat when an admin cancels it, leaving no model version", async () => {
      const job = await enqueueJob({ db, actor: admin, type: "sft", config: { steps: 100_000, batchSize: 2, checkpointEvery: 1_000 } });
      const done = runTestWorker({ db, lines });
      await waitFor({
        what: "the sft job to make progress",
        timeoutMs: 180_000,
        check: async () => (await db.jobMetric.count({ where: { jobId: job.id } })) > 0,
      });
      await cancelJob({ db, actor: admin, jobId: job.id });
      expect(await done).toEqual(["cancelled"]);
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("CANCELLED");
      expect(row.step).toBeLessThan(100_000);
      expect(await db.modelVersion.count({ where: { jobId: job.id } })).toBe(0);
    }, 300_000);

    it("fails at once, with the reason, when there is nothing to train on", async () => {
      const job = await enqueueJob({ db, actor: admin, type: "sft", config: { projectIds: [uniq("empty")] }, maxAttempts: 3 });
      expect(await runTestWorker({ db, lines })).toEqual(["failed"]);
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("FAILED");
      expect(row.attempts).toBe(1);
      expect(row.error).toContain("No demonstrations");
    });
  });
}
