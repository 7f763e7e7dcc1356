// Account management over HTTP: disabling cuts sessions and tokens at once, a new password ends sessions, a role
// change takes effect on the next request, and nobody can lock the admins out.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/auth";
import { updateUser } from "@/lib/users";
import { ApiClient, describeEachDatabase, type DatabaseEnv } from "./harness";
import { createTestUser, type TestUser } from "../support/factories";

type ErrorBody = { error: { code: string; message: string } };
type UserBody = { user: { id: string; role: string; disabledAt: string | null } };

const ROOT = path.resolve(__dirname, "..", "..");

/** Runs `podium <args>` (server/podium.ts) on the test database; its exit code and output. */
async function cli(env: DatabaseEnv, ...args: string[]): Promise<{ code: number; out: string }> {
  const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, path.join(ROOT, "server", "podium.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: env.databaseUrl },
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

async function signedIn(env: DatabaseEnv, user: TestUser): Promise<ApiClient> {
  const api = new ApiClient(env.baseUrl);
  await api.login(user.email, user.password);
  return api;
}

function patchUser(api: ApiClient, id: string, body: unknown) {
  return api.request<UserBody & ErrorBody>("PATCH", `/api/v1/users/${encodeURIComponent(id)}`, body);
}

async function loginStatus(env: DatabaseEnv, email: string, password: string): Promise<number> {
  return (await new ApiClient(env.baseUrl).post("/api/v1/auth/login", { email, password })).status;
}

describeEachDatabase("account management", (env) => {
  it("disabling an account refuses its open session and its API token on the next request and blocks login; enabling restores login", async () => {
    const admin = await signedIn(env, await createTestUser(env.db, { role: "ADMIN" }));
    const labeler = await createTestUser(env.db);
    const session = await signedIn(env, labeler);
    const created = await admin.post<{ token: { token: string } }>("/api/v1/tokens", { userId: labeler.id, name: "script" });
    const script = new ApiClient(env.baseUrl).withToken(created.body.token.token);
    expect((await session.get("/api/v1/me")).status).toBe(200);
    expect((await script.get("/api/v1/me")).status).toBe(200);

    const disabled = await patchUser(admin, labeler.id, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.user.disabledAt).not.toBeNull();
    expect((await session.get("/api/v1/tasks/next")).status).toBe(401);
    expect((await script.get("/api/v1/me")).status).toBe(401);
    expect(await env.db.session.count({ where: { userId: labeler.id } })).toBe(0);
    expect(await loginStatus(env, labeler.email, labeler.password)).toBe(401);

    const enabled = await patchUser(admin, labeler.id, { disabled: false });
    expect(enabled.status).toBe(200);
    expect(enabled.body.user.disabledAt).toBeNull();
    expect((await session.get("/api/v1/me")).status).toBe(401); // the old session is gone for good
    expect(await loginStatus(env, labeler.email, labeler.password)).toBe(200);
    expect((await script.get("/api/v1/me")).status).toBe(200); // tokens are refused only while disabled
  });

  it("a new password ends the account's sessions, the new password works and the old one does not", async () => {
    const admin = await signedIn(env, await createTestUser(env.db, { role: "ADMIN" }));
    const labeler = await createTestUser(env.db);
    const session = await signedIn(env, labeler);
    const res = await patchUser(admin, labeler.id, { password: "a-brand-new-password" });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain("a-brand-new-password");
    expect((await session.get("/api/v1/me")).status).toBe(401);
    expect(await loginStatus(env, labeler.email, labeler.password)).toBe(401);
    expect(await loginStatus(env, labeler.email, "a-brand-new-password")).toBe(200);
  });

  it("a role change takes effect on the account's next request", async () => {
    const admin = await signedIn(env, await createTestUser(env.db, { role: "ADMIN" }));
    const labeler = await createTestUser(env.db);
    const session = await signedIn(env, labeler);
    expect((await session.get("/api/v1/users")).status).toBe(403);
    expect((await patchUser(admin, labeler.id, { role: "ADMIN" })).body.user.role).toBe("ADMIN");
    expect((await session.get("/api/v1/users")).status).toBe(200);
    expect((await patchUser(admin, labeler.id, { role: "LABELER" })).body.user.role).toBe("LABELER");
    expect((await session.get("/api/v1/users")).status).toBe(403);
  });

  it("refuses an admin disabling or demoting themselves with 409 and changes nothing", async () => {
    const me = await createTestUser(env.db, { role: "ADMIN" });
    const admin = await signedIn(env, me);
    for (const body of [{ disabled: true }, { role: "LABELER" }]) {
      const res = await patchUser(admin, me.id, body);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("CONFLICT");
      expect(res.body.error.message).toMatch(/your own/);
    }
    const row = await env.db.user.findUniqueOrThrow({ where: { id: me.id }, select: { role: true, disabledAt: true } });
    expect(row).toEqual({ role: "ADMIN", disabledAt: null });
    expect((await admin.get("/api/v1/users")).status).toBe(200);
    expect(await env.db.auditLog.count({ where: { targetId: me.id, action: { not: "user.create" } } })).toBe(0);
  });

  it("refuses to disable or demote the last enabled admin (the command line acts as the system actor)", async () => {
    const last = await createTestUser(env.db, { role: "ADMIN" });
    // Suites run one file at a time: the other admins are set aside for this test and restored after it.
    const others = await env.db.user.findMany({
      where: { role: "ADMIN", disabledAt: null, id: { not: last.id } },
      select: { id: true },
    });
    const ids = others.map((o) => o.id);
    await env.db.user.updateMany({ where: { id: { in: ids } }, data: { disabledAt: new Date() } });
    try {
      for (const change of [{ disabled: true }, { role: "LABELER" as const }]) {
        await expect(updateUser({ db: env.db, actor: SYSTEM_ACTOR, userId: last.id, ...change })).rejects.toMatchObject({
          code: "CONFLICT",
          message: expect.stringMatching(/last enabled admin/),
        });
      }
      const row = await env.db.user.findUniqueOrThrow({ where: { id: last.id }, select: { role: true, disabledAt: true } });
      expect(row).toEqual({ role: "ADMIN", disabledAt: null });
      // With a second enabled admin, the first may go.
      await env.db.user.update({ where: { id: ids[0] ?? last.id }, data: { disabledAt: null } });
      if (ids[0]) await expect(updateUser({ db: env.db, actor: SYSTEM_ACTOR, userId: last.id, role: "LABELER" })).resolves.toMatchObject({ role: "LABELER" });
    } finally {
      await env.db.user.updateMany({ where: { id: { in: ids } }, data: { disabledAt: null } });
    }
  });

  it("two admins demoting each other at once leave one admin: one change succeeds, the other is refused", async () => {
    const a = await createTestUser(env.db, { role: "ADMIN" });
    const b = await createTestUser(env.db, { role: "ADMIN" });
    const [apiA, apiB] = [await signedIn(env, a), await signedIn(env, b)];
    const others = await env.db.user.findMany({
      where: { role: "ADMIN", disabledAt: null, id: { notIn: [a.id, b.id] } },
      select: { id: true },
    });
    const ids = others.map((o) => o.id);
    await env.db.user.updateMany({ where: { id: { in: ids } }, data: { disabledAt: new Date() } });
    try {
      const results = await Promise.all([patchUser(apiA, b.id, { role: "LABELER" }), patchUser(apiB, a.id, { role: "LABELER" })]);
      // Refused with 409 (the last admin) when both changes overlap, 403 when the winner finished first.
      const [won, lost] = results.map((r) => r.status).sort();
      expect(won).toBe(200);
      expect([403, 409]).toContain(lost);
      expect(await env.db.user.count({ where: { id: { in: [a.id, b.id] }, role: "ADMIN" } })).toBe(1);
      expect(await env.db.auditLog.count({ where: { action: "user.role_change", targetId: { in: [a.id, b.id] } } })).toBe(1);

      // The same race in lib/, with both transactions started together: still one admin left.
      const winner = results[0]?.status === 200 ? a : b;
      const c = await createTestUser(env.db, { role: "ADMIN" });
      const asAdmin = (u: TestUser) => ({ id: u.id, email: u.email, name: u.email, role: "ADMIN" as const, via: "session" as const });
      const race = await Promise.allSettled([
        updateUser({ db: env.db, actor: asAdmin(winner), userId: c.id, role: "LABELER" }),
        updateUser({ db: env.db, actor: asAdmin(c), userId: winner.id, role: "LABELER" }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(race.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
      expect(await env.db.user.count({ where: { id: { in: [winner.id, c.id] }, role: "ADMIN" } })).toBe(1);
    } finally {
      await env.db.user.updateMany({ where: { id: { in: ids } }, data: { disabledAt: null } });
    }
  });

  it("the command line disables, enables and promotes an account through the same rules, recorded as the system actor", async () => {
    const labeler = await createTestUser(env.db);
    const session = await signedIn(env, labeler);
    const disabled = await cli(env, "user:disable", "--email", labeler.email);
    expect(disabled).toMatchObject({ code: 0, out: expect.stringContaining("is disabled") });
    expect((await session.get("/api/v1/me")).status).toBe(401);
    expect((await cli(env, "user:enable", "--email", labeler.email)).code).toBe(0);
    expect((await cli(env, "user:role", "--email", labeler.email, "--role", "ADMIN")).code).toBe(0);
    expect((await cli(env, "user:role", "--email", labeler.email, "--role", "OWNER")).code).toBe(2);
    expect(await cli(env, "user:password", "--email", labeler.email, "--password", "short")).toMatchObject({
      code: 1,
      out: expect.stringContaining("at least 10 characters"),
    });
    expect(await env.db.user.findUniqueOrThrow({ where: { id: labeler.id }, select: { role: true, disabledAt: true } })).toEqual({
      role: "ADMIN",
      disabledAt: null,
    });
    const entries = await env.db.auditLog.findMany({ where: { targetId: labeler.id }, orderBy: { at: "asc" }, select: { action: true, actorId: true } });
    expect(entries).toEqual(
      ["user.create", "user.disable", "user.enable", "user.role_change"].map((action) => ({ action, actorId: null })),
    );
  });

  it("answers 404 for an unknown account and 400 for bad bodies, and changes nothing", async () => {
    const admin = await signedIn(env, await createTestUser(env.db, { role: "ADMIN" }));
    const labeler = await createTestUser(env.db);
    const before = await env.db.user.findUniqueOrThrow({ where: { id: labeler.id } });
    const auditBefore = await env.db.auditLog.count();

    const unknown = await patchUser(admin, "no-such-user", { disabled: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("NOT_FOUND");
    for (const body of [{}, { disabled: "yes" }, { role: "OWNER" }, { password: "short" }, { disabled: true, admin: true }, [], null]) {
      const res = await patchUser(admin, labeler.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toMatch(/VALIDATION_FAILED|INVALID_JSON|BAD_REQUEST/);
    }
    expect(await env.db.user.findUniqueOrThrow({ where: { id: labeler.id } })).toEqual(before);
    expect(await env.db.auditLog.count()).toBe(auditBefore);
  });
});
