// Bad input on every route: each method × route of app/api/v1 (discovered from the files, so a new route is
// covered without editing this file) gets malformed paths, query values, bodies, content types, headers and cookies,
// as an admin, a labeler and anonymous, on both databases. Every answer is below 500, carries the security headers,
// and a 4xx has the JSON error shape and leaves the database as it was; both databases give the same statuses.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, describeEachDatabase } from "./harness";
import {
  discoverRoutes,
  expectWellFormedAnswer,
  fillPath,
  fingerprint,
  HTTP_METHODS,
  rawRequest,
  type RawRequest,
  type RawResponse,
} from "./bad-input-support";
import { createTestComparisons, createTestUser, uniq } from "../support/factories";

const ROUTES = await discoverRoutes();
const DEEP = 10_000;
const LONE = "\ud800";

/** Statuses per database kind, by request label, to compare the two databases at the end. */
const statuses = new Map<string, Map<string, number>>();

interface Variant {
  name: string;
  target?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A body each route would accept, to mutate field by field; a route not listed here gets `{}`. */
function sampleBody(template: string, ids: { completionIds: string[] }): unknown {
  switch (template) {
    case "/api/v1/auth/login":
      return { email: `${uniq("nobody")}@test.podium`, password: "not-the-password" };
    case "/api/v1/users":
      return { email: `${uniq("u")}@test.podium`, name: "N", password: "0123456789", role: "LABELER" };
    case "/api/v1/tokens":
      return { name: "t" };
    case "/api/v1/jobs":
      return { type: "reward", config: { steps: 10, name: "r" }, maxAttempts: 1 };
    case "/api/v1/exports/snapshots":
      return { name: "s", format: "pairwise", options: { consensus: true }, filters: { projectId: "none", minGoldScore: 0.5, from: "2026-01-01" } };
    case "/api/v1/settings/guidelines":
      return { markdown: "# Guidelines" };
    case "/api/v1/tasks/[id]/ranking":
      return { ranking: ids.completionIds, durationMs: 1000, idempotencyKey: "k" };
    case "/api/v1/tasks/[id]/ranking/undo":
      return { rankingId: "r" };
    case "/api/v1/tasks/[id]/skip":
      return { reason: "r" };
    case "/api/v1/completions/[id]/flag":
      return { reason: "other", note: "n" };
    case "/api/v1/comparisons/[id]":
      return { action: "requireRankings", requiredRankings: 4 };
    case "/api/v1/flags/[id]":
      return { action: "exclude", reason: "r" };
    case "/api/v1/projects":
      return { name: uniq("project"), description: "d", priority: 1, goldRate: 0.1, allLabelers: false };
    case "/api/v1/projects/[id]":
      return { description: "d", requiredRankings: 3 };
    case "/api/v1/projects/[id]/members":
      return { userIds: ["u"] };
    case "/api/v1/projects/[id]/pauses":
      return { userId: "u", reason: "r" };
    case "/api/v1/prompts":
      return [{ prompt: "p", completions: ["a", "b", "c", "d", "e"], metadata: { k: [1, { x: "y" }] }, source: "s" }];
    case "/api/v1/demonstrations":
      return [{ prompt: "p", response: "r", projectId: "default" }];
    default:
      return {};
  }
}

/** The sample with one leaf replaced, for every leaf: each string and number becomes each bad value. */
function mutations(sample: unknown): { name: string; value: unknown }[] {
  const out: { name: string; value: unknown }[] = [];
  const badStrings: [string, unknown][] = [
    ["lone surrogate", `a${LONE}b`],
    ["lone low surrogate", "\udc00"],
    ["NUL", "a\u0000b"],
    ["huge string", "x".repeat(200_000)],
    ["number for string", 12],
    ["object for string", { a: 1 }],
  ];
  const badNumbers: [string, unknown][] = [
    ["huge number", 1e308],
    ["negative", -1],
    ["fraction", 1.5],
    ["beyond int32", 2 ** 31],
    ["beyond 2^53", 2 ** 53 + 2],
    ["string for number", "1"],
    ["null", null],
  ];
  const walk = (value: unknown, path: (string | number)[]) => {
    const bad = typeof value === "string" ? badStrings : typeof value === "number" ? badNumbers : null;
    if (bad) for (const [name, b] of bad) out.push({ name: `${path.join(".")}: ${name}`, value: replaceAt(sample, path, b) });
    if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
      out.push({ name: `${path.join(".") || "body"}: nested ${DEEP} deep`, value: replaceAt(sample, path, DEEP_MARK) });
      if (!Array.isArray(value)) out.push({ name: `${path.join(".") || "body"}: NUL in a key`, value: { ...value, "k\u0000": 1 } });
    }
  };
  walk(sample, []);
  return out;
}

function replaceAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
  return copy;
}

/** Stands for JSON nested DEEP levels (JSON.stringify itself overflows the stack on it): see bodyText. */
const DEEP_MARK = "\u0001deep\u0001";
const DEEP_TEXT = '{"a":['.repeat(DEEP / 2) + "1" + "]}".repeat(DEEP / 2);

function bodyText(value: unknown): string {
  return JSON.stringify(value).replace(JSON.stringify(DEEP_MARK), DEEP_TEXT);
}

const JSON_TYPE = { "content-type": "application/json" };

function bodyVariants(sample: unknown): Variant[] {
  const text = JSON.stringify(sample);
  const raw = (name: string, body: string, headers: Record<string, string> = JSON_TYPE): Variant => ({ name, body, headers });
  return [
    raw("invalid JSON", "{"),
    raw("truncated JSON", text.slice(0, Math.max(1, text.length - 3))),
    raw("empty body", ""),
    raw("empty body, no content type", "", {}),
    raw("null", "null"),
    raw("a number", "42"),
    raw("a string", '"s"'),
    raw("an array", "[]"),
    raw("an object for an array", "{}"),
    raw("__proto__ key", '{"__proto__":{"admin":true}}'),
    raw("constructor key", '{"constructor":{"prototype":{"x":1}}}'),
    raw("arrays nested 10000 deep", "[".repeat(DEEP) + "]".repeat(DEEP)),
    raw("objects nested 10000 deep", '{"a":'.repeat(DEEP) + "1" + "}".repeat(DEEP)),
    raw("a lone surrogate escape", JSON.stringify({ x: LONE })),
    raw("a NUL escape", JSON.stringify({ x: "\u0000" })),
    raw("invalid UTF-8 bytes", "{\"x\":\"\xff\xfe\"}"),
    raw("a BOM", `\ufeff${text}`),
    raw("the sample as text/plain", text, { "content-type": "text/plain" }),
    raw("the sample as a form", text, { "content-type": "application/x-www-form-urlencoded" }),
    raw("the sample as multipart", text, { "content-type": "multipart/form-data; boundary=x" }),
    raw("the sample as XML", text, { "content-type": "application/xml" }),
    raw("the sample without a content type", text, {}),
    raw("the sample with a garbage content type", text, { "content-type": ";;;/" }),
    raw("the sample as JSON in UTF-16", text, { "content-type": "application/json; charset=utf-16" }),
    ...mutations(sample).map((m) => raw(m.name, bodyText(m.value))),
  ];
}

const PATH_IDS: [string, string][] = [
  ["an unknown id", "no-such-id"],
  ["a NUL id", "%00"],
  ["a NUL inside the id", "a%00b"],
  ["a malformed escape", "%zz"],
  ["a truncated escape", "%E0%A4%A"],
  ["an encoded lone surrogate", "%ED%A0%80"],
  ["an overlong UTF-8 escape", "%C0%AF"],
  ["a 5000-character id", "x".repeat(5000)],
  ["an emoji id", "%F0%9F%98%80"],
  ["a dot-dot id", "..%2F..%2Fetc"],
  ["a raw unicode id", "é"],
];

const QUERIES: [string, string][] = [
  ["a NUL query key", "?%00=1"],
  ["a NUL query value", "?exclude=%00&format=%00&status=%00&kind=%00&type=%00"],
  ["a lone surrogate query value", "?exclude=%ED%A0%80"],
  ["a malformed query escape", "?exclude=%zz&%zz=1"],
  ["a NUL in exclude", "?exclude=a%00b,c"],
  ["metricsAfterStep beyond int32", "?metricsAfterStep=2147483648"],
  ["metricsAfterStep huge", "?metricsAfterStep=1e400"],
  ["metricsAfterStep fractional", "?metricsAfterStep=1.5"],
  ["metricsAfterStep NUL", "?metricsAfterStep=%00"],
  ["limit beyond int32", "?limit=99999999999999999999"],
  ["limit negative", "?limit=-5"],
  ["limit hex", "?limit=0x10"],
  ["logTail huge", "?logTail=2147483648"],
  ["requiredRankings huge", "?requiredRankings=1e9"],
  ["format unknown", "?format=xml"],
  ["a 10000-character value", `?exclude=${"x".repeat(10_000)}`],
  ["a repeated key", "?limit=1&limit=2&limit=x"],
];

const HEADERS: [string, Record<string, string>][] = [
  ["an unparseable Host", { host: "[" }],
  ["a Host with a path", { host: "example.com/x" }],
  ["a Host with a space", { host: "a b" }],
  ["an odd Authorization", { authorization: "Bearer \u00ff\u00fe" }],
  ["a Basic Authorization", { authorization: "Basic Zm9vOmJhcg==" }],
  ["an odd Accept", { accept: "*/*;q=x" }],
];

const COOKIES: [string, string][] = [
  ["a malformed cookie escape", "podium_session=%zz"],
  ["a truncated cookie escape", "podium_session=%E0%A4%A"],
  ["an encoded NUL in the cookie", "podium_session=%00"],
  ["a 4000-character cookie", `podium_session=${"a".repeat(4000)}`],
  ["a cookie without a value", "podium_session"],
  ["a repeated cookie", "podium_session=a; podium_session=%zz"],
];

describeEachDatabase("bad input on every route", (env) => {
  const identities: { name: string; headers: Record<string, string> }[] = [];
  let comparisonId = "";
  let completionIds: string[] = [];
  let seen: Map<string, number>;

  beforeAll(async () => {
    const admin = await createTestUser(env.db, { role: "ADMIN" });
    const labeler = await createTestUser(env.db);
    const api = new ApiClient(env.baseUrl);
    await api.login(admin.email, admin.password);
    const tokenFor = async (userId: string) =>
      ((await api.post<{ token: { token: string } }>("/api/v1/tokens", { name: uniq("bad-input"), userId })).body.token.token);
    const origin = env.baseUrl;
    identities.push(
      { name: "admin", headers: { authorization: `Bearer ${await tokenFor(admin.id)}`, origin } },
      { name: "labeler", headers: { authorization: `Bearer ${await tokenFor(labeler.id)}`, origin } },
      { name: "anonymous", headers: { origin } },
    );
    const [comparison] = await createTestComparisons(env.db, { count: 1 });
    comparisonId = comparison?.id ?? "";
    completionIds = comparison?.completionIds ?? [];
    seen = new Map();
    statuses.set(env.kind, seen);
  });

  /** Sends one request; checks the answer; on a 4xx, checks the database did not change. */
  async function check(label: string, req: RawRequest, before: { value: string }): Promise<RawResponse> {
    const res = await rawRequest(env.baseUrl, req);
    expectWellFormedAnswer(res, label, { head: req.method === "HEAD" });
    const after = await fingerprint(env.db);
    if (res.status >= 400) expect(after, `${label}: the database changed on a ${res.status}`).toBe(before.value);
    before.value = after;
    seen.set(label, res.status);
    return res;
  }

  for (const route of ROUTES) {
    const dynamic = route.template.includes("[");
    for (const method of route.methods) {
      it(`${method} ${route.template} answers malformed paths, queries, bodies and headers without a 5xx; a refusal is JSON and changes nothing`, async () => {
        const realId = route.template.startsWith("/api/v1/tasks/") ? comparisonId : "no-such-id";
        const path = fillPath(route.template, realId);
        const variants: Variant[] = [
          ...(dynamic ? PATH_IDS.map(([name, id]) => ({ name, target: fillPath(route.template, id) })) : []),
          ...QUERIES.map(([name, query]) => ({ name, target: path + query })),
          ...HEADERS.map(([name, headers]) => ({ name, headers })),
          ...(method === "GET" || method === "HEAD" ? [] : bodyVariants(sampleBody(route.template, { completionIds }))),
        ];
        const before = { value: await fingerprint(env.db) };
        for (const identity of identities) {
          for (const v of variants) {
            const label = `${method} ${route.template} as ${identity.name}: ${v.name}`;
            await check(label, { method, target: v.target ?? path, headers: { ...identity.headers, ...v.headers }, body: v.body }, before);
          }
        }
      });
    }

    for (const method of route.methods) {
      it(`${method} ${route.template} answers malformed session cookies without a 5xx; a refusal is JSON and changes nothing`, async () => {
        const path = fillPath(route.template, "no-such-id");
        const before = { value: await fingerprint(env.db) };
        for (const identity of identities) {
          for (const [name, cookie] of COOKIES) {
            const label = `${method} ${route.template} as ${identity.name}: ${name}`;
            const body = method === "GET" || method === "HEAD" ? undefined : "{}";
            await check(label, { method, target: path, headers: { ...identity.headers, ...JSON_TYPE, cookie }, body }, before);
          }
        }
      });
    }

    const others = HTTP_METHODS.filter((m) => !route.methods.includes(m) && !(m === "HEAD" && route.methods.includes("GET")));
    it(`${route.template} answers ${others.join(", ")} with 405, the JSON error shape and an Allow header`, async () => {
      const before = { value: await fingerprint(env.db) };
      for (const method of others) {
        const res = await check(`${method} ${route.template}: method not allowed`, {
          method,
          target: fillPath(route.template, "x"),
          headers: identities[0]?.headers,
          body: method === "GET" || method === "HEAD" ? undefined : "{}",
        }, before);
        expect(res.status, `${method} ${route.template}`).toBe(405);
        if (method !== "HEAD") expect(JSON.parse(res.text).error.code).toBe("METHOD_NOT_ALLOWED");
        const allow = (res.headers.allow ?? "").split(",").map((s) => s.trim());
        expect(allow).toEqual(expect.arrayContaining(route.methods));
      }
    });
  }

  it("answers fuzzed JSON bodies on every body-taking route with no 5xx and no change on a refusal (fast-check)", async () => {
    const before = { value: await fingerprint(env.db) };
    const text = fc.string({ unit: "binary", maxLength: 40 }); // any UTF-16 code units: lone surrogates, NUL
    const leaf = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(text, tie("node"), { maxKeys: 4 })),
    })).node;
    for (const route of ROUTES) {
      for (const method of route.methods.filter((m) => m !== "GET" && m !== "HEAD")) {
        const sample = sampleBody(route.template, { completionIds });
        const keys = sample && typeof sample === "object" && !Array.isArray(sample) ? Object.keys(sample) : ["x"];
        const body = fc.oneof(value, fc.record(Object.fromEntries(keys.map((k) => [k, value]))));
        let run = 0;
        await fc.assert(
          fc.asyncProperty(body, fc.constantFrom(...identities.slice(0, 2)), async (b, identity) => {
            const label = `${method} ${route.template} as ${identity.name}: fuzzed body ${run++}`;
            const target = fillPath(route.template, "no-such-id");
            await check(label, { method, target, headers: { ...identity.headers, ...JSON_TYPE }, body: JSON.stringify(b) }, before);
          }),
          { seed: 20261129, numRuns: 25, endOnFailure: true },
        );
      }
    }
  });
});

describe("both databases", () => {
  afterAll(() => statuses.clear());
  it("gave the same status to every malformed request", () => {
    const [a, b] = [...statuses.values()];
    if (!a || !b) return; // one database only in this run
    const differ = [...a].filter(([label, status]) => b.has(label) && b.get(label) !== status).map(([label, s]) => `${label}: ${s} vs ${b.get(label)}`);
    expect(differ).toEqual([]);
  });
});
