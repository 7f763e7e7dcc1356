// The job and model HTTP API on both databases: admin only (401 / 403), 202 with the defaults filled in, 400 for a bad
// config, detail with progress, metrics and log tail, cancel (and 409 once finished), model listing and activation.
import { beforeAll, expect, it } from "vitest";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestUser, uniq } from "../support/factories";
import { newId } from "@/lib/util/id";

interface JobBody {
  job: {
    id: string;
    type: string;
    status: string;
    config: Record<string, unknown>;
    progress: number | null;
    etaSeconds: number | null;
    metrics?: { step: number; name: string; value: number }[];
    logs?: { message: string }[];
  };
}

describeEachDatabase("jobs API", (env) => {
  let admin: ApiClient;
  let labeler: ApiClient;

  beforeAll(async () => {
    const a = await createTestUser(env.db, { role: "ADMIN" });
    const l = await createTestUser(env.db, { role: "LABELER" });
    admin = new ApiClient(env.baseUrl);
    await admin.login(a.email, a.password);
    labeler = new ApiClient(env.baseUrl);
    await labeler.login(l.email, l.password);
  });

  it("refuses anonymous callers with 401 and labelers with 403", async () => {
    const anonymous = new ApiClient(env.baseUrl);
    expect((await anonymous.get("/api/v1/jobs")).status).toBe(401);
    expect((await anonymous.post("/api/v1/jobs", { type: "reward" })).status).toBe(401);
    expect((await labeler.get("/api/v1/jobs")).status).toBe(403);
    expect((await labeler.post("/api/v1/jobs", { type: "reward" })).status).toBe(403);
    expect((await labeler.get("/api/v1/models")).status).toBe(403);
    expect((await labeler.post(`/api/v1/jobs/${newId()}/cancel`)).status).toBe(403);
  });

  it("queues a job with 202 and stores its config with every default filled in", async () => {
    const res = await admin.post<JobBody>("/api/v1/jobs", { type: "reward", config: { steps: 7 } });
    expect(res.status).toBe(202);
    expect(res.body.job).toMatchObject({ type: "reward", status: "QUEUED", progress: null });
    expect(res.body.job.config).toMatchObject({ steps: 7, batchSize: 16, loss: "bradley-terry", heldOutFraction: 0.1 });
    const row = await env.db.job.findUniqueOrThrow({ where: { id: res.body.job.id } });
    expect(row.status).toBe("QUEUED");
    expect(row.config).toMatchObject({ steps: 7, lr: 1e-4 });
  });

  it("rejects a bad config, an unknown field and an unknown type with 400 naming the problem", async () => {
    const before = await env.db.job.count();
    const negative = await admin.post<{ error: { code: string; details: { path: string }[] } }>("/api/v1/jobs", {
      type: "ppo",
      config: { steps: -3 },
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.code).toBe("VALIDATION_FAILED");
    expect(negative.body.error.details.map((d) => d.path)).toContain("steps");
    const unknownField = await admin.post("/api/v1/jobs", { type: "dpo", config: { betta: 0.2 } });
    expect(unknownField.status).toBe(400);
    const unknownType = await admin.post("/api/v1/jobs", { type: "distill", config: {} });
    expect(unknownType.status).toBe(400);
    const externalWithoutEndpoint = await admin.post("/api/v1/jobs", { type: "generate", config: { source: "external" } });
    expect(externalWithoutEndpoint.status).toBe(400);
    const notJson = await admin.post("/api/v1/jobs", "{type:", { "content-type": "application/json" });
    expect(notJson.status).toBe(400);
    expect(await env.db.job.count()).toBe(before);
  });

  it("lists jobs newest first and shows one with its progress, ETA, metrics and log tail", async () => {
    const created = await admin.post<JobBody>("/api/v1/jobs", { type: "dpo", config: { steps: 10 } });
    const id = created.body.job.id;
    // What a worker would have written.
    await env.db.job.update({
      where: { id },
      data: {
        status: "RUNNING",
        step: 4,
        totalSteps: 10,
        // 100 s of start-up, then the first step at −30 s: the ETA counts only the steps' pace.
        startedAt: new Date(Date.now() - 130_000),
        paceStep: 1,
        paceAt: new Date(Date.now() - 30_000),
        leaseOwner: "w",
        leaseExpiresAt: new Date(Date.now() + 30_000),
      },
    });
    await env.db.jobMetric.createMany({
      data: [1, 2, 3, 4].map((step) => ({ jobId: id, step, name: "loss", value: 1 / step })),
    });
    await env.db.jobLog.create({ data: { jobId: id, message: `hello ${uniq()}` } });

    const list = await admin.get<{ jobs: { id: string }[] }>("/api/v1/jobs?limit=5");
    expect(list.status).toBe(200);
    expect(list.body.jobs[0]?.id).toBe(id);

    const detail = await admin.get<JobBody>(`/api/v1/jobs/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.job.progress).toBeCloseTo(0.4);
    // 30 s for the 3 steps since step 1 → about 60 s for the 6 left.
    expect(detail.body.job.etaSeconds).toBeGreaterThan(45);
    expect(detail.body.job.etaSeconds).toBeLessThan(75);
    expect(detail.body.job.metrics?.map((m) => m.step)).toEqual([1, 2, 3, 4]);
    expect(detail.body.job.logs?.at(-1)?.message).toMatch(/^hello /);
    const incremental = await admin.get<JobBody>(`/api/v1/jobs/${id}?metricsAfterStep=2`);
    expect(incremental.body.job.metrics?.map((m) => m.step)).toEqual([3, 4]);
    expect((await admin.get(`/api/v1/jobs/${newId()}`)).status).toBe(404);
  });

  it("cancels a queued job at once, flags a running one, and answers 409 for a finished one", async () => {
    const queued = await admin.post<JobBody>("/api/v1/jobs", { type: "generate", config: {} });
    const cancelled = await admin.post<JobBody>(`/api/v1/jobs/${queued.body.job.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.job.status).toBe("CANCELLED");

    const running = await admin.post<JobBody>("/api/v1/jobs", { type: "generate", config: {} });
    await env.db.job.update({ where: { id: running.body.job.id }, data: { status: "RUNNING", leaseOwner: "w", leaseExpiresAt: new Date(Date.now() + 30_000) } });
    const flagged = await admin.post<JobBody & { job: { cancelRequested: boolean } }>(`/api/v1/jobs/${running.body.job.id}/cancel`);
    expect(flagged.status).toBe(200);
    expect(flagged.body.job).toMatchObject({ status: "RUNNING", cancelRequested: true });

    const finished = await admin.post<JobBody>("/api/v1/jobs", { type: "generate", config: {} });
    await env.db.job.update({ where: { id: finished.body.job.id }, data: { status: "SUCCEEDED" } });
    expect((await admin.post(`/api/v1/jobs/${finished.body.job.id}/cancel`)).status).toBe(409);
    expect((await admin.post(`/api/v1/jobs/${newId()}/cancel`)).status).toBe(404);
  });

  it("lists model versions with their parent and activates one, deactivating the other of its kind", async () => {
    const parentId = newId();
    const childId = newId();
    await env.db.modelVersion.create({
      data: { id: parentId, kind: "POLICY", name: uniq("parent"), config: {}, metrics: {}, artifactKey: `models/${parentId}`, active: true },
    });
    await env.db.modelVersion.create({
      data: { id: childId, kind: "POLICY", name: uniq("child"), parentId, config: {}, metrics: { reward: 0.5 }, artifactKey: `models/${childId}` },
    });
    const list = await admin.get<{ models: { id: string; parentId: string | null; parentName: string | null; active: boolean }[] }>(
      "/api/v1/models?kind=POLICY",
    );
    expect(list.status).toBe(200);
    const child = list.body.models.find((m) => m.id === childId);
    expect(child).toMatchObject({ parentId, active: false });
    expect(child?.parentName).toMatch(/^parent-/);

    const activated = await admin.post<{ model: { id: string; active: boolean } }>(`/api/v1/models/${childId}/activate`);
    expect(activated.status).toBe(200);
    expect(activated.body.model).toMatchObject({ id: childId, active: true });
    const active = await env.db.modelVersion.findMany({ where: { kind: "POLICY", active: true }, select: { id: true } });
    expect(active.map((m) => m.id)).toEqual([childId]);
    expect((await admin.post(`/api/v1/models/${newId()}/activate`)).status).toBe(404);
    expect((await labeler.post(`/api/v1/models/${childId}/activate`)).status).toBe(403);
  });
});
