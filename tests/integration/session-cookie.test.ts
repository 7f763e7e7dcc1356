import { expect, it } from "vitest";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestUser } from "../support/factories";

// Cookie values a client (or a broken proxy) may send: a %-escape cut short, one that is no UTF-8, a lone "%".
const MALFORMED = ["%E0%A4%A", "%ZZ", "%", "abc%FF%FEdef"];

describeEachDatabase("session cookie parsing", (env) => {
  it("treats a session cookie with a malformed %-escape as no session on every authenticated route (401, never 500)", async () => {
    for (const value of MALFORMED) {
      const headers = { cookie: `podium_session=${value}`, origin: env.baseUrl };
      for (const [method, path] of [
        ["GET", "/api/v1/me"],
        ["GET", "/api/v1/tasks/next"], // the fast lane
        ["GET", "/api/v1/stats"],
        ["GET", "/api/v1/jobs"],
        ["POST", "/api/v1/tasks/x/skip"],
      ] as const) {
        const res = await fetch(env.baseUrl + path, { method, headers, redirect: "manual" });
        const body = (await res.json()) as { error: { code: string } };
        expect({ value, path, status: res.status, code: body.error.code }).toEqual({ value, path, status: 401, code: "UNAUTHENTICATED" });
      }
    }
  });

  it("logs out normally with a malformed session cookie: 200 and the cookie cleared", async () => {
    for (const value of MALFORMED) {
      const res = await fetch(`${env.baseUrl}/api/v1/auth/logout`, {
        method: "POST",
        headers: { cookie: `podium_session=${value}`, origin: env.baseUrl },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      expect(res.headers.get("set-cookie")).toMatch(/^podium_session=;.*Expires=Thu, 01 Jan 1970/i);
    }
  });

  it("sends a visitor with a malformed session cookie to the login page, and shows the login page", async () => {
    const headers = { cookie: "podium_session=%E0%A4%A" };
    const label = await fetch(`${env.baseUrl}/label`, { headers, redirect: "manual" });
    expect(label.status).toBe(307);
    expect(label.headers.get("location")).toMatch(/^\/login\?next=/);
    const login = await fetch(`${env.baseUrl}/login`, { headers, redirect: "manual" });
    expect(login.status).toBe(200);
  });

  it("still finds the session when another cookie in the header is malformed", async () => {
    const user = await createTestUser(env.db);
    const api = new ApiClient(env.baseUrl);
    const login = await api.login(user.email, user.password);
    const session = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const res = await fetch(`${env.baseUrl}/api/v1/me`, { headers: { cookie: `theme=%E0%A4%A; ${session}; other=%%` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { email: string } }).user.email).toBe(user.email);
  });
});
