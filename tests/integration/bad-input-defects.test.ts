// The server errors and odd answers an attacker-style run found, one test each: a bad Host header that hung the
// fast lane, text the databases store differently (lone surrogates, NUL), nesting that overflowed the validator,
// an Int32 overflow, non-JSON 404/405 answers, answers without the security headers, a 413 that left the
// connection hanging, and content types the JSON endpoints took for JSON.
import { beforeAll, expect, it } from "vitest";
import { ApiClient, describeEachDatabase } from "./harness";
import { expectWellFormedAnswer, fingerprint, rawRequest } from "./bad-input-support";
import { createTestUser } from "../support/factories";
import { TEST_SERVER_ENV } from "./global-setup";

function deepJson(depth: number): string {
  return '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

describeEachDatabase("bad input found by an attacker-style run", (env) => {
  let admin: ApiClient;
  let adminToken = "";

  beforeAll(async () => {
    const user = await createTestUser(env.db, { role: "ADMIN" });
    admin = new ApiClient(env.baseUrl);
    await admin.login(user.email, user.password);
    const res = await admin.post<{ token: { token: string } }>("/api/v1/tokens", { name: "defects" });
    adminToken = res.body.token.token;
  });

  it("answers an unparseable Host header, or two, with a JSON 400 and the security headers, on the fast lane too", async () => {
    for (const target of ["/api/v1/tasks/next", "/api/v1/tasks/x/ranking", "/api/v1/me"]) {
      const method = target.endsWith("ranking") ? "POST" : "GET";
      const res = await rawRequest(env.baseUrl, { method, target, headers: { host: "[" }, body: method === "POST" ? "{}" : undefined, timeoutMs: 10_000 });
      expectWellFormedAnswer(res, `${method} ${target} with Host: [`);
      expect(res.status).toBe(400);
    }
    const twoHosts = await rawRequest(env.baseUrl, { method: "GET", target: "/api/v1/me", headers: { host: "a\r\nHost: b" } });
    expectWellFormedAnswer(twoHosts, "two Host headers");
    expect(twoHosts.status).toBe(400);
  });

  it("refuses a lone UTF-16 surrogate in a JSON body with a 400 naming it, and stores nothing", async () => {
    const before = await fingerprint(env.db);
    const res = await admin.request<{ error: { code: string; message: string } }>("PUT", "/api/v1/settings/guidelines", { markdown: "a\ud800b" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/surrogate/);
    const user = await admin.post<{ error: { message: string } }>("/api/v1/users", { email: "s@test.podium", name: "\udc00", password: "0123456789" });
    expect(user.status).toBe(400);
    expect(user.body.error.message).toMatch(/name: .*surrogate/);
    expect(await fingerprint(env.db)).toBe(before);
  });

  it("refuses NUL in JSON text with a 400 on both databases", async () => {
    const res = await admin.post<{ error: { message: string } }>("/api/v1/tokens", { name: "a\u0000b" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/NUL/);
  });

  it("refuses job config and JSON nested 10,000 deep with a 400, and rejects such an imported line alone", async () => {
    const job = await admin.post<{ error: { message: string } }>("/api/v1/jobs", `{"type":"reward","config":{"x":${deepJson(10_000)}}}`, {
      "content-type": "application/json",
    });
    expect(job.status).toBe(400);
    expect(job.body.error.message).toMatch(/nested deeper than 64/);
    const lines = [
      `{"prompt":"deep ${Date.now()}","metadata":{"x":${deepJson(10_000)}}}`,
      JSON.stringify({ prompt: `surrogate ${Date.now()} \ud800` }),
      JSON.stringify({ prompt: `fine ${Date.now()}-${Math.random()}` }),
    ].join("\n");
    const imported = await admin.post<{ imported: number; rejected: number; results: { line: number; reason?: string }[] }>(
      "/api/v1/prompts",
      lines,
      { "content-type": "application/x-ndjson" },
    );
    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(1);
    expect(imported.body.rejected).toBe(2);
    expect(imported.body.results[0]?.reason).toMatch(/metadata.*nested deeper/);
    expect(imported.body.results[1]?.reason).toMatch(/surrogate/);
  });

  it("answers NUL in a path id or a query value with a 400, the same on both databases", async () => {
    const labeler = await createTestUser(env.db);
    const api = new ApiClient(env.baseUrl);
    await api.login(labeler.email, labeler.password);
    for (const path of ["/api/v1/tasks/a%00b", "/api/v1/tasks/next?exclude=a%00b", "/api/v1/tasks/%00/skip"]) {
      const res = await api.request<{ error: { code: string; message: string } }>(path.endsWith("skip") ? "POST" : "GET", path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.message, path).toMatch(/NUL/);
    }
    const job = await admin.get<{ error: { code: string } }>("/api/v1/jobs/%00");
    expect(job.status).toBe(400);
  });

  it("refuses metricsAfterStep beyond a 32-bit integer with a 400", async () => {
    const res = await admin.get<{ error: { code: string; message: string } }>("/api/v1/jobs/no-such-job?metricsAfterStep=2147483648");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect((await admin.get("/api/v1/jobs/no-such-job?metricsAfterStep=2147483647")).status).toBe(404);
  });

  it("answers a method a route lacks with a JSON 405 and an Allow header", async () => {
    const res = await rawRequest(env.baseUrl, { method: "PUT", target: "/api/v1/me", headers: { authorization: `Bearer ${adminToken}` }, body: "{}" });
    expectWellFormedAnswer(res, "PUT /api/v1/me");
    expect(res.status).toBe(405);
    expect(JSON.parse(res.text).error.code).toBe("METHOD_NOT_ALLOWED");
    expect(res.headers.allow).toBe("GET, HEAD, OPTIONS");
  });

  it("answers an unknown /api/v1 path with a JSON 404", async () => {
    for (const target of ["/api/v1/nope", "/api/v1", "/api/v1/tasks/x/y/z", "/api/v1/users/x/y", "/api/v1/tasks//ranking"]) {
      const res = await rawRequest(env.baseUrl, { method: "GET", target });
      expectWellFormedAnswer(res, target);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text).error.code).toBe("NOT_FOUND");
    }
  });

  it("puts the security headers on the server's own 400 for a malformed %-escape and on redirects", async () => {
    const bad = await rawRequest(env.baseUrl, { method: "GET", target: "/api/v1/tasks/%zz" });
    expectWellFormedAnswer(bad, "malformed escape");
    expect(bad.status).toBe(400);
    const redirect = await rawRequest(env.baseUrl, { method: "GET", target: "/api/v1/me/" });
    expect(redirect.status).toBe(308);
    expectWellFormedAnswer(redirect, "trailing-slash redirect");
  });

  it("answers a request Node's HTTP parser refuses with the JSON error shape and the security headers", async () => {
    const res = await rawRequest(env.baseUrl, { method: "GET", target: "/api/v1/me", headers: { "x-bad": "a\u0001b" } });
    expectWellFormedAnswer(res, "control character in a header");
    expect(res.status).toBe(400);
  });

  it("closes the connection after a 413 on a chunked body that is still being sent", async () => {
    const limit = Number(TEST_SERVER_ENV.PODIUM_BODY_LIMIT_BYTES);
    const chunk = Buffer.alloc(1024 * 1024, "a");
    const size = chunk.length.toString(16);
    const body = Buffer.concat(Array.from({ length: Math.ceil(limit / chunk.length) + 1 }, () => Buffer.concat([Buffer.from(`${size}\r\n`), chunk, Buffer.from("\r\n")])));
    const res = await rawRequest(env.baseUrl, {
      method: "PUT",
      target: "/api/v1/settings/guidelines",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json", "transfer-encoding": "chunked", connection: "keep-alive" },
      body, // no terminating chunk: the peer has more to send
      waitForClose: true,
      timeoutMs: 20_000,
    });
    expectWellFormedAnswer(res, "chunked body over the limit");
    expect(res.status).toBe(413);
    expect(res.closed).toBe(true);
  });

  it("refuses a JSON endpoint's body sent as a form or as text with 415, and takes JSONL or text for the import", async () => {
    for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) {
      const res = await admin.post<{ error: { code: string } }>("/api/v1/tokens", JSON.stringify({ name: "t" }), { "content-type": type });
      expect(res.status, type).toBe(415);
      expect(res.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    for (const type of ["application/x-ndjson", "text/plain; charset=utf-8", "application/json"]) {
      const body = type === "application/json" ? JSON.stringify([{ prompt: `ct ${type} ${Math.random()}` }]) : JSON.stringify({ prompt: `ct ${type} ${Math.random()}` });
      const res = await admin.post<{ imported: number }>("/api/v1/prompts", body, { "content-type": type });
      expect(res.status, type).toBe(201);
      expect(res.body.imported).toBe(1);
    }
    const form = await admin.post("/api/v1/prompts", "prompt=x", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    const skipWithoutBody = await admin.post("/api/v1/tasks/no-such-task/skip");
    expect(skipWithoutBody.status).toBe(404);
  });
});
