// The audit log: each admin action writes exactly one entry (actor, action, target, small details) with the action,
// and GET /api/v1/audit reads them newest first, filtered and in keyset pages.
import { expect, it } from "vitest";
import { ApiClient, describeEachDatabase, type DatabaseEnv } from "./harness";
import { createTestUser, uniq, type TestUser } from "../support/factories";

interface Entry {
  id: string;
  at: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown> | null;
  actor: { id: string; email: string } | null;
}
type Page = { entries: Entry[]; nextCursor: string | null };

async function signedInAdmin(env: DatabaseEnv): Promise<{ api: ApiClient; admin: TestUser }> {
  const admin = await createTestUser(env.db, { role: "ADMIN" });
  const api = new ApiClient(env.baseUrl);
  await api.login(admin.email, admin.password);
  return { api, admin };
}

/** This admin's entries, oldest first. */
async function entriesBy(api: ApiClient, actorId: string): Promise<Entry[]> {
  const res = await api.get<Page>(`/api/v1/audit?actorId=${actorId}&limit=200`);
  expect(res.status).toBe(200);
  return res.body.entries.reverse();
}

describeEachDatabase("audit log", (env) => {
  it("records each account and token action once, with its actor, target and no secrets", async () => {
    const { api, admin } = await signedInAdmin(env);
    const email = `${uniq("audited")}@test.podium`;
    const created = await api.post<{ user: { id: string } }>("/api/v1/users", { email, name: "A", password: "first-password-1" });
    const id = created.body.user.id;
    const patch = (body: unknown) => api.request("PATCH", `/api/v1/users/${id}`, body);
    expect((await patch({ disabled: true })).status).toBe(200);
    expect((await patch({ disabled: true })).status).toBe(200); // no change: no entry
    expect((await patch({ disabled: false })).status).toBe(200);
    expect((await patch({ role: "ADMIN", password: "second-password-2" })).status).toBe(200);
    const token = await api.post<{ token: { id: string } }>("/api/v1/tokens", { userId: id, name: "nightly" });
    expect((await api.delete(`/api/v1/tokens/${token.body.token.id}`)).status).toBe(200);
    expect((await api.delete(`/api/v1/tokens/${token.body.token.id}`)).status).toBe(200); // already revoked: no entry

    const entries = await entriesBy(api, admin.id);
    expect(entries.map((e) => [e.action, e.targetType, e.targetId])).toEqual([
      ["user.create", "user", id],
      ["user.disable", "user", id],
      ["user.enable", "user", id],
      ["user.role_change", "user", id],
      ["user.password_reset", "user", id],
      ["token.create", "api_token", token.body.token.id],
      ["token.revoke", "api_token", token.body.token.id],
    ]);
    expect(entries.every((e) => e.actor?.id === admin.id && e.actor.email === admin.email)).toBe(true);
    expect(entries[0]?.details).toEqual({ email, role: "LABELER" });
    expect(entries[3]?.details).toEqual({ from: "LABELER", to: "ADMIN" });
    const stored = JSON.stringify(await env.db.auditLog.findMany({ where: { actorId: admin.id } }));
    expect(stored).not.toMatch(/first-password-1|second-password-2|scrypt|pdm_/);
  });

  it("records imports with counts, guidelines, jobs, model activation and export downloads", async () => {
    const { api, admin } = await signedInAdmin(env);
    const tag = uniq("audit-import");
    const imported = await api.post("/api/v1/prompts", [{ prompt: `${tag} one` }, { prompt: `${tag} one` }, { prompt: 7 }]);
    expect(imported.status).toBe(201);

    const guidelines = await env.db.setting.findUnique({ where: { key: "guidelines" } });
    const markdown = `# ${tag}`;
    expect((await api.request("PUT", "/api/v1/settings/guidelines", { markdown })).status).toBe(200);
    if (guidelines) await env.db.setting.update({ where: { key: guidelines.key }, data: { value: guidelines.value } });

    const job = await api.post<{ job: { id: string } }>("/api/v1/jobs", { type: "reward", config: {} });
    expect(job.status).toBe(202);
    expect((await api.post(`/api/v1/jobs/${job.body.job.id}/cancel`)).status).toBe(200);

    const active = await env.db.modelVersion.findMany({ where: { active: true }, select: { id: true } });
    const model = await env.db.modelVersion.create({
      data: { kind: "REWARD", name: tag, config: {}, metrics: {}, artifactKey: `none/${tag}` },
      select: { id: true },
    });
    try {
      expect((await api.post(`/api/v1/models/${model.id}/activate`)).status).toBe(200);
    } finally {
      await env.db.modelVersion.delete({ where: { id: model.id } });
      await env.db.modelVersion.updateMany({ where: { id: { in: active.map((a) => a.id) } }, data: { active: true } });
    }

    expect((await api.get("/api/v1/export?format=pairwise&consensus=1")).status).toBe(200);
    expect((await api.get("/api/v1/export?format=nope")).status).toBe(400); // refused: nothing recorded

    const entries = await entriesBy(api, admin.id);
    expect(entries.map((e) => [e.action, e.targetType, e.targetId, e.details])).toEqual([
      ["prompts.import", "prompts", null, { imported: 1, duplicates: 1, rejected: 1, comparisons: 0, gold: 0, projectId: "default" }],
      ["guidelines.update", "project", "default", { characters: markdown.length, version: expect.any(Number) as number }],
      ["job.enqueue", "job", job.body.job.id, { type: "reward" }],
      ["job.cancel", "job", job.body.job.id, { was: "QUEUED" }],
      ["model.activate", "model_version", model.id, { kind: "REWARD", name: tag }],
      [
        "export.download",
        "export",
        null,
        { format: "pairwise", consensus: true, method: null, filters: { excludeFlagged: false, includeExcluded: false, includeGold: false } },
      ],
    ]);
  });

  it("pages newest first without gaps or repeats, and filters by action, target and time", async () => {
    const { api, admin } = await signedInAdmin(env);
    const firstDay = new Date().toISOString().slice(0, 10);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.post<{ token: { id: string } }>("/api/v1/tokens", { name: `t${i}` });
      ids.push(res.body.token.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/audit?actorId=${admin.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await api.get<Page>(query);
      expect(page.status).toBe(200);
      expect(page.body.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.entries.map((e) => e.targetId ?? ""));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const byTarget = await api.get<Page>(`/api/v1/audit?targetType=api_token&targetId=${ids[2]}`);
    expect(byTarget.body.entries.map((e) => e.action)).toEqual(["token.create"]);
    const byAction = await api.get<Page>(`/api/v1/audit?action=token.revoke&actorId=${admin.id}`);
    expect(byAction.body.entries).toEqual([]);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await api.get<Page>(`/api/v1/audit?actorId=${admin.id}&from=${encodeURIComponent(future)}`)).body.entries).toEqual([]);
    const lastDay = new Date().toISOString().slice(0, 10);
    const days = `from=${firstDay}&to=${lastDay}`; // a bare date: "to" includes the whole day
    expect((await api.get<Page>(`/api/v1/audit?actorId=${admin.id}&${days}`)).body.entries).toHaveLength(5);
  });

  it("records the command line's actions as the system actor", async () => {
    const { api } = await signedInAdmin(env);
    const labeler = await createTestUser(env.db); // created by SYSTEM_ACTOR, as the CLI does
    const res = await api.get<Page>(`/api/v1/audit?system=1&action=user.create&targetId=${labeler.id}`);
    expect(res.body.entries).toHaveLength(1);
    expect(res.body.entries[0]?.actor).toBeNull();
  });

  it("answers 400 with the error shape for bad query values", async () => {
    const { api } = await signedInAdmin(env);
    for (const query of [
      "action=nope",
      "targetType=planet",
      "limit=0",
      "limit=201",
      "limit=two",
      "from=yesterday",
      "to=2026-13-01",
      "cursor=garbage",
      "actorId=",
      "colour=blue",
    ]) {
      const res = await api.get<{ error: { code: string } }>(`/api/v1/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
  });
});
