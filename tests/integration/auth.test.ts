import { describe, expect, it } from "vitest";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestUser } from "../support/factories";

describeEachDatabase("accounts and sessions", (env) => {
  it("logs in with the right password, sets an httpOnly SameSite cookie and knows the user", async () => {
    const user = await createTestUser(env.db);
    const api = new ApiClient(env.baseUrl);
    const res = await api.login(user.email, user.password);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^podium_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await api.get<{ user: { email: string; role: string } }>("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: user.email, role: "LABELER" });
  });

  it("answers 401 with the error shape for a wrong password and stores no session", async () => {
    const user = await createTestUser(env.db);
    const api = new ApiClient(env.baseUrl);
    const res = await api.post<{ error: { code: string; message: string } }>("/api/v1/auth/login", {
      email: user.email,
      password: "wrong-password",
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHENTICATED");
    expect(await env.db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("logs out: the session is deleted and the cookie no longer works", async () => {
    const user = await createTestUser(env.db);
    const api = new ApiClient(env.baseUrl);
    const login = await api.login(user.email, user.password);
    const stolen = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect((await api.post("/api/v1/auth/logout")).status).toBe(200);
    expect(await env.db.session.count({ where: { userId: user.id } })).toBe(0);
    const replay = await fetch(`${env.baseUrl}/api/v1/me`, { headers: { cookie: stolen } });
    expect(replay.status).toBe(401);
  });

  it("rejects an expired session", async () => {
    const user = await createTestUser(env.db);
    const api = new ApiClient(env.baseUrl);
    await api.login(user.email, user.password);
    expect((await api.get("/api/v1/me")).status).toBe(200);
    await env.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api.get("/api/v1/me")).status).toBe(401);
  });

  it("authenticates API tokens as Bearer, and a revoked token gets 401", async () => {
    const admin = await createTestUser(env.db, { role: "ADMIN" });
    const labeler = await createTestUser(env.db);
    const adminApi = new ApiClient(env.baseUrl);
    await adminApi.login(admin.email, admin.password);
    const created = await adminApi.post<{ token: { id: string; token: string; prefix: string } }>("/api/v1/tokens", {
      userId: labeler.id,
      name: "script",
    });
    expect(created.status).toBe(201);
    const { id, token } = created.body.token;
    expect(token.startsWith(created.body.token.prefix)).toBe(true);
    // Only the hash is stored.
    const row = await env.db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).not.toContain(token);
    expect(row.tokenHash).toHaveLength(64);

    const script = new ApiClient(env.baseUrl, { origin: null }).withToken(token);
    const me = await script.get<{ user: { email: string } }>("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(labeler.email);

    const listed = await adminApi.get<{ tokens: { id: string; token?: string }[] }>("/api/v1/tokens");
    expect(listed.body.tokens.find((t) => t.id === id)).toBeDefined();
    expect(listed.text).not.toContain(token);

    expect((await adminApi.delete(`/api/v1/tokens/${id}`)).status).toBe(200);
    expect((await script.get("/api/v1/me")).status).toBe(401);
    expect((await new ApiClient(env.baseUrl).withToken("pdm_not-a-token").get("/api/v1/me")).status).toBe(401);
  });

  it("refuses cookie-authenticated writes from another origin or without one (CSRF), but not bearer writes", async () => {
    const admin = await createTestUser(env.db, { role: "ADMIN" });
    const body = { email: `csrf-${Date.now()}@test.podium`, name: "x", password: "long-enough-pw" };
    const evil = new ApiClient(env.baseUrl, { origin: "https://evil.example" });
    const good = new ApiClient(env.baseUrl);
    await good.login(admin.email, admin.password);
    // Re-use the session cookie from a foreign origin.
    const cookie = await env.db.session.findFirstOrThrow({ where: { userId: admin.id }, select: { id: true } });
    expect(cookie.id).toBeTruthy();
    const res = await good.request("POST", "/api/v1/users", body, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await env.db.user.count({ where: { email: body.email } })).toBe(0);
    const login = await evil.post("/api/v1/auth/login", { email: admin.email, password: admin.password });
    expect(login.status).toBe(403);
  });
});

describe("security headers", () => {
  it("are sent on pages and API responses", async () => {
    const { inject } = await import("vitest");
    const [server] = inject("servers");
    const res = await fetch(`${server?.baseUrl}/api/v1/me`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});
