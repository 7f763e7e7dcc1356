import http from "node:http";
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbKind } from "@/lib/db";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestUser } from "../support/factories";
import { startServer, type RunningServer } from "../support/servers";

interface LoginReply {
  status: number;
  retryAfter: string | undefined;
}

/**
 * POST /api/v1/auth/login over a connection from `localAddress` (any 127.x.y.z works on loopback), so the server
 * sees a real, distinct peer address: the only address a client cannot choose.
 */
function loginFrom(
  baseUrl: string,
  localAddress: string,
  body: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<LoginReply> {
  const url = new URL("/api/v1/auth/login", baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        agent: false,
        headers: {
          "content-type": "application/json",
          origin: url.origin,
          "content-length": Buffer.byteLength(payload),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** A loopback address no other test uses, i.e. a fresh per-IP budget. */
function freshAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

function tally(replies: LoginReply[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of replies) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

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
    expect(
      (await new ApiClient(env.baseUrl).post("/api/v1/auth/login", { email: other.email, password: other.password }))
        .status,
    ).toBe(200);
  });

  it("checks at most 5 passwords of an account when 40 logins arrive at once (39 wrong, the right one last)", async () => {
    const user = await createTestUser(env.db);
    const address = freshAddress();
    const wrong = Array.from({ length: 39 }, (_, i) =>
      loginFrom(env.baseUrl, address, { email: user.email, password: `wrong-${i}` }),
    );
    const right = loginFrom(env.baseUrl, address, { email: user.email, password: user.password });
    const replies = await Promise.all([...wrong, right]);

    const counts = tally(replies);
    const checked = (counts[401] ?? 0) + (counts[200] ?? 0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(counts[429]).toBe(40 - checked);
    for (const r of replies.filter((r) => r.status === 429)) expect(Number(r.retryAfter)).toBeGreaterThan(0);
    // Every password check left one attempt row; a refused attempt leaves none.
    expect(await env.db.loginAttempt.count({ where: { email: user.email } })).toBe(checked);
    expect(await env.db.session.count({ where: { userId: user.id } })).toBe(counts[200] ?? 0);
  });

  it("still lets the right password in after 4 failures, and counts a success as no failure", async () => {
    const user = await createTestUser(env.db);
    const address = freshAddress();
    for (let i = 0; i < 4; i++)
      expect((await loginFrom(env.baseUrl, address, { email: user.email, password: `wrong-${i}` })).status).toBe(401);
    expect((await loginFrom(env.baseUrl, address, { email: user.email, password: user.password })).status).toBe(200);
    expect(await env.db.loginAttempt.count({ where: { email: user.email, success: false } })).toBe(4);
    expect(await env.db.loginAttempt.count({ where: { email: user.email, success: true } })).toBe(1);
    // The fifth failure is still allowed (the success took no slot), the sixth attempt is refused.
    expect((await loginFrom(env.baseUrl, address, { email: user.email, password: "wrong-5" })).status).toBe(401);
    expect((await loginFrom(env.baseUrl, address, { email: user.email, password: user.password })).status).toBe(429);
  });
});

// Servers of their own with a per-IP limit of 3 and the default PODIUM_TRUSTED_PROXY_HOPS=0: the socket peer is the
// client. Each test connects from a loopback address of its own.
for (const kind of ["sqlite", "postgresql"] satisfies DbKind[]) {
  describe(`login rate limit per IP address [${kind}]`, () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ kind, env: { PODIUM_LOGIN_MAX_FAILURES_PER_IP: "3" } });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("answers 429 to an address after 3 failures across different accounts, and not to another address", async () => {
      const address = freshAddress();
      for (let i = 0; i < 3; i++) {
        expect(
          (await loginFrom(server.baseUrl, address, { email: `nobody${i}@test.podium`, password: "whatever-pw" }))
            .status,
        ).toBe(401);
      }
      const limited = await loginFrom(server.baseUrl, address, { email: "nobody9@test.podium", password: "x" });
      expect(limited.status).toBe(429);
      expect(Number(limited.retryAfter)).toBeGreaterThan(0);
      expect(
        (await loginFrom(server.baseUrl, freshAddress(), { email: "nobody9@test.podium", password: "x" })).status,
      ).toBe(401);
    });

    it("gives no fresh budget to a client that sends its own X-Forwarded-For", async () => {
      const address = freshAddress();
      for (let i = 0; i < 3; i++) {
        const res = await loginFrom(
          server.baseUrl,
          address,
          { email: `spoof${i}@test.podium`, password: "whatever-pw" },
          { "x-forwarded-for": `198.51.100.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` },
        );
        expect(res.status).toBe(401);
      }
      for (const forged of ["198.51.100.77", "198.51.100.78, 198.51.100.79", ""]) {
        const headers: Record<string, string> = forged ? { "x-forwarded-for": forged, "x-real-ip": forged } : {};
        expect(
          (await loginFrom(server.baseUrl, address, { email: "spoof9@test.podium", password: "x" }, headers)).status,
        ).toBe(429);
      }
    });

    it("checks at most 3 passwords from one address when 20 logins for different accounts arrive at once", async () => {
      const address = freshAddress();
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          loginFrom(server.baseUrl, address, { email: `burst${i}-${address}@test.podium`, password: "wrong-pw" }),
        ),
      );
      const counts = tally(replies);
      expect(counts[401] ?? 0).toBeLessThanOrEqual(3);
      expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(20);
    });

    it("lets in 12 labelers who sign in at once from one address, though their attempts in flight outnumber its budget of 3", async () => {
      const db = await openDb({ url: server.databaseUrl, poolSize: 2 });
      try {
        const team = await Promise.all(Array.from({ length: 12 }, () => createTestUser(db)));
        const address = freshAddress();
        const replies = await Promise.all(
          team.map((u) => loginFrom(server.baseUrl, address, { email: u.email, password: u.password })),
        );
        expect(tally(replies)).toEqual({ 200: 12 });
      } finally {
        await db.$disconnect();
      }
    });
  });
}

describe("login rate limit behind one trusted proxy (PODIUM_TRUSTED_PROXY_HOPS=1)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      kind: "sqlite",
      env: { PODIUM_LOGIN_MAX_FAILURES_PER_IP: "3", PODIUM_TRUSTED_PROXY_HOPS: "1" },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("limits the address the proxy appended, whatever the client put before it", async () => {
    const proxy = freshAddress();
    const via = (client: string, forged: string) => ({ "x-forwarded-for": `${forged}, ${client}` });
    for (let i = 0; i < 3; i++) {
      const res = await loginFrom(
        server.baseUrl,
        proxy,
        { email: `proxied${i}@test.podium`, password: "pw-wrong" },
        via("203.0.113.7", `10.0.0.${i}`),
      );
      expect(res.status).toBe(401);
    }
    expect(
      (
        await loginFrom(
          server.baseUrl,
          proxy,
          { email: "proxied9@test.podium", password: "x" },
          via("203.0.113.7", "10.9.9.9"),
        )
      ).status,
    ).toBe(429);
    expect(
      (
        await loginFrom(
          server.baseUrl,
          proxy,
          { email: "proxied9@test.podium", password: "x" },
          via("203.0.113.8", "10.9.9.9"),
        )
      ).status,
    ).toBe(401);
  });
});
