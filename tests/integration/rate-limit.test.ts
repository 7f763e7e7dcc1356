import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestUser } from "../support/factories";
import { startServer, type RunningServer } from "../support/servers";

describeEachDatabase("login rate limit", (env) => {
  it("answers 429 with Retry-After after 5 failed attempts on one account, even for the right password", async () => {
    const user = await createTestUser(env.db);
    const api = new ApiClient(env.baseUrl);
    for (let i = 0; i < 5; i++) {
      expect((await api.post("/api/v1/auth/login", { email: user.email, password: `wrong-${i}` })).status).toBe(401);
    }
    const limited = await api.post<{ error: { code: string } }>("/api/v1/auth/login", {
      email: user.email,
      password: user.password,
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await env.db.session.count({ where: { userId: user.id } })).toBe(0);

    // Another account is not affected by this one's failures.
    const other = await createTestUser(env.db);
    expect((await new ApiClient(env.baseUrl).post("/api/v1/auth/login", { email: other.email, password: other.password })).status).toBe(200);
  });
});

describe("login rate limit per IP address", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ kind: "sqlite", env: { PODIUM_LOGIN_MAX_FAILURES_PER_IP: "3" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers 429 to an address after 3 failures across different accounts, and not to another address", async () => {
    const api = new ApiClient(server.baseUrl);
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    for (let i = 0; i < 3; i++) {
      const res = await api.post("/api/v1/auth/login", { email: `nobody${i}@test.podium`, password: "whatever-pw" }, from("203.0.113.7"));
      expect(res.status).toBe(401);
    }
    const limited = await api.post("/api/v1/auth/login", { email: "nobody9@test.podium", password: "x" }, from("203.0.113.7"));
    expect(limited.status).toBe(429);
    const other = await api.post("/api/v1/auth/login", { email: "nobody9@test.podium", password: "x" }, from("203.0.113.8"));
    expect(other.status).toBe(401);
  });
});
