// Prompt selectors on both databases: POST /api/v1/jobs refuses bad selectors naming the field (and queues nothing),
// a generate job with a selector of ids writes completions for exactly those prompts, and the prompts PPO and RLOO
// roll out on never include the eval split, whatever the selector says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db, type DbKind } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { enqueueJob, loadRlPrompts, MAX_SELECTOR_IDS } from "@/lib/jobs";
import { selectBackend } from "@/lib/ml/backend";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestDatabase } from "../support/servers";
import { createTestUser, uniq } from "../support/factories";
import { createTinyPolicyVersion, runTestWorker } from "./worker-fixtures";

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

describeEachDatabase("prompt selectors of jobs over HTTP", (env) => {
  let admin: ApiClient;
  let adminId = "";
  let promptId = "";

  beforeAll(async () => {
    const a = await createTestUser(env.db, { role: "ADMIN" });
    adminId = a.id;
    admin = new ApiClient(env.baseUrl);
    await admin.login(a.email, a.password);
    promptId = (await env.db.prompt.create({ data: { text: `${uniq("sel")} prompt`, textHash: uniq("h") } })).id;
  });

  const jobsOfAdmin = () => env.db.job.count({ where: { createdById: adminId } });

  it("refuses bad selectors with 400 naming the field, and queues nothing", async () => {
    const before = await jobsOfAdmin();
    const cases: [type: string, config: unknown, path: string][] = [
      ["generate", { prompts: { split: "test" } }, "prompts.split"],
      ["generate", { prompts: { ids: [] } }, "prompts.ids"],
      ["generate", { prompts: "old" }, "prompts"],
      ["sft", { prompts: { tags: [""] } }, "prompts.tags.0"],
      ["rloo", { prompts: { ids: Array.from({ length: MAX_SELECTOR_IDS + 1 }, (_, i) => `p${i}`) } }, "prompts.ids"],
      ["ppo", { prompts: { split: "eval" } }, "prompts.split"],
      ["rloo", { prompts: { split: "eval", tags: ["x"] } }, "prompts.split"],
      ["evaluate", { policyIds: ["only-one"] }, "policyIds"],
    ];
    for (const [type, config, path] of cases) {
      const res = await admin.post<ErrorBody>("/api/v1/jobs", { type, config });
      expect(res.status, `${type} ${JSON.stringify(config).slice(0, 80)}`).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(res.body.error.details?.map((d) => d.path)).toContain(path);
    }
    expect(await jobsOfAdmin()).toBe(before);
  });

  it("refuses ids that name no prompt with 422 naming prompts.ids, and queues nothing", async () => {
    const before = await jobsOfAdmin();
    const missing = uniq("missing");
    const res = await admin.post<ErrorBody>("/api/v1/jobs", { type: "generate", config: { prompts: { ids: [promptId, missing] } } });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain("prompts.ids");
    expect(res.body.error.message).toContain(missing);
    expect(res.body.error.details?.[0]?.path).toBe("prompts.ids");
    expect(await jobsOfAdmin()).toBe(before);
  });

  it("queues a job with a valid selector and stores it as given", async () => {
    const res = await admin.post<{ job: { id: string; config: { prompts: unknown } } }>("/api/v1/jobs", {
      type: "ppo",
      config: { prompts: { ids: [promptId], split: "train" } },
    });
    expect(res.status).toBe(202);
    expect(res.body.job.config.prompts).toEqual({ ids: [promptId], split: "train" });
    // Not for a worker of this run: cancel it.
    expect((await admin.post(`/api/v1/jobs/${res.body.job.id}/cancel`)).status).toBe(200);
  });
});

const KINDS: DbKind[] = ["sqlite", "postgresql"];

for (const kind of KINDS) {
  describe(`prompt selectors in the worker [${kind}]`, () => {
    let database: { url: string; drop(): Promise<void> };
    let db: Db;
    let admin: AuthUser;
    const lines: string[] = [];
    const tag = uniq("tag");
    const ids: string[] = [];

    beforeAll(async () => {
      await selectBackend({ force: "wasm" });
      database = await createTestDatabase(kind);
      db = await openDb({ url: database.url, poolSize: 4 });
      const user = await createTestUser(db, { role: "ADMIN" });
      admin = { id: user.id, email: user.email, name: "admin", role: "ADMIN", via: "token" };
      await createTinyPolicyVersion(db);
      // Six prompts: 0–2 train, 3–5 eval; 1, 2, 4 and 5 tagged.
      for (let i = 0; i < 6; i++) {
        const p = await db.prompt.create({ data: { text: `${tag} prompt ${i}`, textHash: uniq("h"), split: i < 3 ? "train" : "eval" } });
        if (i % 3 !== 0) await db.promptTag.create({ data: { promptId: p.id, tag } });
        ids.push(p.id);
      }
    });

    afterAll(async () => {
      await db?.$disconnect();
      await database?.drop();
    });

    it("a generate job with a selector of ids writes completions for exactly those prompts", async () => {
      const chosen = [ids[1] as string, ids[4] as string];
      await enqueueJob({ db, actor: admin, type: "generate", config: { prompts: { ids: chosen }, batchSize: 2, requiredRankings: 1, sampling: { maxTokens: 3 } } });
      expect(await runTestWorker({ db, lines }), lines.join("\n")).toEqual(["succeeded"]);
      const answered = await db.comparison.findMany({ select: { promptId: true } });
      expect(answered.map((c) => c.promptId).sort()).toEqual([...chosen].sort());
      // Again with the same ids: a selector generates whether or not the prompts have comparisons already.
      await enqueueJob({ db, actor: admin, type: "generate", config: { prompts: { ids: [ids[1] as string] }, batchSize: 1, requiredRankings: 1, sampling: { maxTokens: 3 } } });
      expect(await runTestWorker({ db, lines }), lines.join("\n")).toEqual(["succeeded"]);
      expect(await db.comparison.count({ where: { promptId: ids[1] as string } })).toBe(2);
      expect(await db.comparison.count({ where: { promptId: { notIn: chosen } } })).toBe(0);
    }, 300_000);

    it("PPO and RLOO prompts never include the eval split, whatever the selector says", async () => {
      const all = await loadRlPrompts({ db, limit: 100 });
      expect(all.map((p) => p.id).sort()).toEqual(ids.slice(0, 3).sort());
      const tagged = await loadRlPrompts({ db, selector: { tags: [tag] }, limit: 100 });
      expect(tagged.map((p) => p.id).sort()).toEqual([ids[1], ids[2]].sort());
      // Eval ids asked for by id, or the eval split itself (a selector the job schema refuses): still nothing of eval.
      const byIds = await loadRlPrompts({ db, selector: { ids: [ids[0] as string, ids[3] as string, ids[4] as string] }, limit: 100 });
      expect(byIds.map((p) => p.id)).toEqual([ids[0]]);
      expect(await loadRlPrompts({ db, selector: { split: "eval" }, limit: 100 })).toEqual([]);
      expect(await loadRlPrompts({ db, projectIds: ["no-such-project"], limit: 100 })).toEqual([]);
    });
  });
}
