import { expect, it } from "vitest";
import { ApiClient, describeEachDatabase } from "./harness";
import { createTestUser } from "../support/factories";

// `next` values as they appear in the query string of /login (already %-encoded where a browser would encode).
const HOSTILE_NEXT = [
  "/%09/evil.example/",
  "/%0A/evil.example/",
  "/%0D/evil.example/",
  "/%0D%0A/evil.example/",
  "/%00/evil.example/",
  "%09//evil.example/",
  "//evil.example/",
  "///evil.example/",
  "/%5Cevil.example/",
  "/%5C/evil.example/",
  "%2F%2Fevil.example%2F",
  "/.//evil.example/",
  "/%2E//evil.example/",
  "https://evil.example/",
  "https:evil.example",
  "javascript:alert(1)",
  "%20//evil.example/",
  "/%E0%A4%A",
  `/${"a".repeat(5000)}`,
];

describeEachDatabase("login page redirect of a signed-in user", (env) => {
  it("never leaves the origin and never answers 500, whatever `next` holds", async () => {
    const user = await createTestUser(env.db);
    const api = new ApiClient(env.baseUrl);
    await api.login(user.email, user.password);
    const origin = new URL(env.baseUrl).origin;
    for (const next of HOSTILE_NEXT) {
      const res = await api.get(`/login?next=${next}`);
      const location = res.headers.get("location") ?? "";
      expect({ next, status: res.status }).toEqual({ next, status: 307 });
      expect({ next, location }).toEqual({ next, location: expect.stringMatching(/^\/[^/\\]/) });
      expect({ next, origin: new URL(location, env.baseUrl).origin }).toEqual({ next, origin });
      expect(location).not.toContain("evil.example");
    }
  });

  it("follows a same-origin `next` path, query included", async () => {
    const user = await createTestUser(env.db);
    const api = new ApiClient(env.baseUrl);
    await api.login(user.email, user.password);
    const res = await api.get(`/login?next=${encodeURIComponent("/label?from=mail")}`);
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("/label?from=mail");
  });

  it("hands the sign-in form no hostile `next` for an anonymous visitor, and a same-origin one as it is", async () => {
    // The form's props travel in the page's flight data as `"next":…` (escaped inside a script string).
    const formNext = async (next: string) => {
      const html = await (await fetch(`${env.baseUrl}/login?next=${next}`)).text();
      return [...html.matchAll(/\\?"next\\?":(null|\\?"[^"\\]*)/g)].map((m) => m[1]);
    };
    expect(await formNext(encodeURIComponent("/label?from=mail"))).toEqual(['\\"/label?from=mail']);
    for (const next of HOSTILE_NEXT.filter((n) => n.includes("evil"))) {
      expect({ next, props: await formNext(next) }).toEqual({ next, props: ["null"] });
    }
  });
});
