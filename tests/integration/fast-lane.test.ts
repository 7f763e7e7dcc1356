// The labeler loop's two calls have two paths in production: the web server's fast lane (server/fast-lane.ts, what
// `npm start` serves) and Next.js's own request pipeline (`next start`, and every deployment that runs the build
// without server/web-server.ts). The same requests, through both, get the same answers: status, JSON body and
// security headers, for a task, a stored ranking and the errors.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { createTestComparisons } from "../support/factories";
import { freePort, ROOT } from "../support/servers";
import { TEST_SERVER_ENV } from "./global-setup";
import { ApiClient, type ApiResponse } from "./harness";
import { parkOtherComparisons, signedInUser, type ErrorBody, type RankingBody, type TaskBody } from "./tasks-support";

const server = inject("servers").find((s) => s.kind === "sqlite");

describe("the fast lane and Next.js answer the labeler loop alike", () => {
  let db: Db;
  let nextJs: ChildProcess;
  let nextUrl = "";

  beforeAll(async () => {
    if (!server) throw new Error("no SQLite test server");
    db = await openDb({ url: server.databaseUrl });
    const port = await freePort();
    nextUrl = `http://127.0.0.1:${port}`;
    // Next.js alone on the build and the database of the test server (which serves through the fast lane).
    nextJs = spawn(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
      cwd: ROOT,
      env: { ...process.env, ...TEST_SERVER_ENV, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: server.databaseUrl },
      stdio: "ignore",
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const up = await fetch(`${nextUrl}/api/v1/me`).then((r) => r.status === 401, () => false);
      if (up) break;
      if (Date.now() > deadline || nextJs.exitCode !== null) throw new Error("next start did not come up");
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    if (nextJs && nextJs.exitCode === null) {
      const exited = new Promise((r) => nextJs.once("exit", r));
      nextJs.kill("SIGTERM");
      await exited;
    }
    await db?.$disconnect();
  });

  /** One labeler signed in on both servers. */
  async function labelerOnBoth(): Promise<{ fast: ApiClient; next: ApiClient }> {
    if (!server) throw new Error("no SQLite test server");
    const labeler = await signedInUser(db, server.baseUrl);
    const next = new ApiClient(nextUrl);
    await next.login(labeler.email, labeler.password);
    return { fast: labeler.api, next };
  }

  const securityHeaders = (res: ApiResponse) =>
    Object.fromEntries(
      ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "content-type"].map((h) => [h, res.headers.get(h)]),
    );

  it("gives the same task with the same shown order and the same headers", async () => {
    const [c] = await createTestComparisons(db, { count: 1 });
    await parkOtherComparisons(db, [c!.id]);
    const { fast, next } = await labelerOnBoth();
    const viaFast = await fast.get<TaskBody>("/api/v1/tasks/next");
    const viaNext = await next.get<TaskBody>("/api/v1/tasks/next");
    expect(viaFast.status).toBe(200);
    expect(viaFast.body.task?.id).toBe(c!.id);
    expect(viaNext.status).toBe(viaFast.status);
    expect(viaNext.body).toEqual(viaFast.body);
    expect(securityHeaders(viaNext)).toEqual(securityHeaders(viaFast));
    expect(securityHeaders(viaFast)["content-security-policy"]).toBeTruthy();
  });

  it("answers a wrong ranking, an unknown task and a missing session with the same status and error body", async () => {
    const [c] = await createTestComparisons(db, { count: 1 });
    await parkOtherComparisons(db, [c!.id]);
    const { fast, next } = await labelerOnBoth();
    const ids = (await fast.get<TaskBody>("/api/v1/tasks/next")).body.task!.completions.map((x) => x.id);
    const requests: [string, string, unknown][] = [
      ["POST", `/api/v1/tasks/${c!.id}/ranking`, { ranking: [...ids.slice(0, 4), ids[0]] }],
      ["POST", `/api/v1/tasks/${c!.id}/ranking`, { ranking: "abc" }],
      ["POST", "/api/v1/tasks/no-such-task/ranking", { ranking: ids }],
    ];
    for (const [method, url, body] of requests) {
      const viaFast = await fast.request<ErrorBody>(method, url, body);
      const viaNext = await next.request<ErrorBody>(method, url, body);
      expect(viaFast.status).toBeGreaterThanOrEqual(400);
      expect([viaNext.status, viaNext.body]).toEqual([viaFast.status, viaFast.body]);
    }
    const anonymous = await Promise.all([server!.baseUrl, nextUrl].map((base) => new ApiClient(base).get<ErrorBody>("/api/v1/tasks/next")));
    expect(anonymous[0]?.status).toBe(401);
    expect([anonymous[1]?.status, anonymous[1]?.body]).toEqual([anonymous[0]?.status, anonymous[0]?.body]);
    expect(await db.ranking.count({ where: { comparisonId: c!.id } })).toBe(0);
  });

  it("stores a ranking sent through Next.js as the fast lane does, and refuses the second one through either", async () => {
    const [a, b] = await createTestComparisons(db, { count: 2, requiredRankings: 1 });
    await parkOtherComparisons(db, [a!.id, b!.id]);
    const { fast, next } = await labelerOnBoth();
    const stored: RankingBody[] = [];
    for (const api of [fast, next]) {
      const task = (await api.get<TaskBody>("/api/v1/tasks/next")).body.task!;
      const order = task.completions.map((x) => x.id).reverse();
      const res = await api.post<RankingBody>(`/api/v1/tasks/${task.id}/ranking`, { ranking: order, durationMs: 1200 });
      expect(res.status).toBe(201);
      expect(res.body.ranking).toMatchObject({ comparisonId: task.id, order, durationMs: 1200 });
      stored.push(res.body);
      const again = [await fast.post<ErrorBody>(`/api/v1/tasks/${task.id}/ranking`, { ranking: order }), await next.post<ErrorBody>(`/api/v1/tasks/${task.id}/ranking`, { ranking: order })];
      expect(again[0]?.status).toBe(409);
      expect([again[1]?.status, again[1]?.body]).toEqual([again[0]?.status, again[0]?.body]);
    }
    expect(Object.keys(stored[1]!.ranking).sort()).toEqual(Object.keys(stored[0]!.ranking).sort());
    const rows = await db.ranking.findMany({ where: { comparisonId: { in: [a!.id, b!.id] } }, select: { comparisonId: true, durationMs: true } });
    expect(rows.map((r) => r.comparisonId).sort()).toEqual([a!.id, b!.id].sort());
    expect((await fast.get<TaskBody>("/api/v1/tasks/next")).body).toEqual(await next.get<TaskBody>("/api/v1/tasks/next").then((r) => r.body));
  });
});
