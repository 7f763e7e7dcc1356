// Every admin route answers 401 to an anonymous caller and 403 to a labeler, with the JSON error shape.
import { expect, it } from "vitest";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestUser } from "../support/factories";

export const ADMIN_ROUTES: [method: string, path: string, body?: unknown][] = [
  ["GET", "/api/v1/users"],
  ["POST", "/api/v1/users", { email: "x@y.io", name: "x", password: "0123456789" }],
  ["PATCH", "/api/v1/users/some-id", { disabled: true }],
  ["GET", "/api/v1/audit"],
  ["GET", "/api/v1/tokens"],
  ["POST", "/api/v1/tokens", { name: "t" }],
  ["DELETE", "/api/v1/tokens/some-id"],
  ["POST", "/api/v1/prompts", [{ prompt: "p" }]],
  ["GET", "/api/v1/stats"],
  ["GET", "/api/v1/export?format=pairwise"],
  ["GET", "/api/v1/export?format=events&projectId=default&minGoldScore=0.5"],
  ["GET", "/api/v1/exports/snapshots"],
  ["POST", "/api/v1/exports/snapshots", { name: "s", format: "pairwise" }],
  ["GET", "/api/v1/exports/snapshots/some-id"],
  ["GET", "/api/v1/exports/snapshots/some-id/download"],
  ["GET", "/api/v1/jobs"],
  ["POST", "/api/v1/jobs", { type: "reward", config: {} }],
  ["POST", "/api/v1/jobs/pipeline", { jobs: [{ type: "sft", config: {} }] }],
  ["GET", "/api/v1/models"],
  ["GET", "/api/v1/models/some-id/samples"],
  ["POST", "/api/v1/models/some-id/score", { prompt: "p", completions: ["c"] }],
  ["GET", "/api/v1/evaluations"],
  ["GET", "/api/v1/demonstrations"],
  ["POST", "/api/v1/demonstrations", [{ prompt: "p", response: "r" }]],
  ["GET", "/api/v1/prompts?q=x"],
  ["GET", "/api/v1/comparisons"],
  ["GET", "/api/v1/comparisons/some-id"],
  ["PATCH", "/api/v1/comparisons/some-id", { action: "archive" }],
  ["GET", "/api/v1/flags"],
  ["PATCH", "/api/v1/flags/some-id", { action: "dismiss" }],
  ["POST", "/api/v1/projects", { name: "p" }],
  ["PATCH", "/api/v1/projects/some-id", { priority: 1 }],
  ["GET", "/api/v1/projects/some-id/guidelines/versions"],
  ["PUT", "/api/v1/projects/some-id/members", { userIds: [] }],
  ["GET", "/api/v1/projects/some-id/pauses"],
  ["POST", "/api/v1/projects/some-id/pauses", { userId: "some-user", reason: "r" }],
  ["POST", "/api/v1/projects/some-id/pauses/some-user/lift"],
  ["GET", "/api/v1/projects/some-id/quality"],
  ["GET", "/api/v1/projects/some-id/labelers/some-user/rankings"],
];

describeEachDatabase("authorisation matrix", (env) => {
  for (const [method, path, body] of ADMIN_ROUTES) {
    it(`${method} ${path} is 401 for anonymous and 403 for a labeler`, async () => {
      const anonymous = await new ApiClient(env.baseUrl).request<{ error: { code: string } }>(method, path, body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe("UNAUTHENTICATED");

      const labeler = await createTestUser(env.db);
      const api = new ApiClient(env.baseUrl);
      await api.login(labeler.email, labeler.password);
      const res = await api.request<{ error: { code: string } }>(method, path, body);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    });
  }

  it("lets an admin create a labeler, refuses a duplicate email with 409 and bad input with 400", async () => {
    const admin = await createTestUser(env.db, { role: "ADMIN" });
    const api = new ApiClient(env.baseUrl);
    await api.login(admin.email, admin.password);
    const email = `new-${Date.now()}@test.podium`;
    const created = await api.post<{ user: { id: string; role: string } }>("/api/v1/users", {
      email,
      name: "New",
      password: "a-good-password",
    });
    expect(created.status).toBe(201);
    expect(created.body.user.role).toBe("LABELER");
    const row = await env.db.user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect((await api.post("/api/v1/users", { email, name: "Again", password: "a-good-password" })).status).toBe(409);
    const bad = await api.post<{ error: { code: string; details: { path: string }[] } }>("/api/v1/users", {
      email: "not-an-email",
      name: "",
      password: "short",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error.details.map((d) => d.path)).toEqual(expect.arrayContaining(["email", "password"]));
    const unknown = await api.post("/api/v1/users", { email: "a@b.io", name: "A", password: "0123456789", admin: true });
    expect(unknown.status).toBe(400);
  });
});

/** The labeler's own routes: any signed-in user may call them, nobody anonymous. */
export const LABELER_ROUTES: [method: string, path: string, body?: unknown][] = [
  ["POST", "/api/v1/tasks/some-id/ranking/undo", {}],
  ["GET", "/api/v1/me/stats"],
];

describeEachDatabase("authorisation of the labeler's own routes", (env) => {
  for (const [method, path, body] of LABELER_ROUTES) {
    it(`${method} ${path} is 401 for anonymous and answers a labeler`, async () => {
      const anonymous = await new ApiClient(env.baseUrl).request<{ error: { code: string } }>(method, path, body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe("UNAUTHENTICATED");
      const labeler = await createTestUser(env.db);
      const api = new ApiClient(env.baseUrl);
      await api.login(labeler.email, labeler.password);
      const res = await api.request(method, path, body);
      expect(res.status).not.toBe(401);
      expect(res.status).not.toBe(403);
    });
  }
});

