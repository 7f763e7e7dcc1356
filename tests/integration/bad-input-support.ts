// What the bad-input suite shares: the /api/v1 routes as the App Router files declare them (discovered at test
// time, so a new route is covered without editing the suite), a raw HTTP client that sends bytes as given (a bad
// Host header, bad %-escapes: fetch would refuse or normalise them), the checks every answer must pass, and a
// fingerprint of the database to show that a refused request changed nothing.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect } from "vitest";
import type { Db } from "@/lib/db";
import policy from "@/lib/http/security-headers.json";
import { ROOT } from "../support/servers";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

export interface DiscoveredRoute {
  /** e.g. "/api/v1/tasks/[id]/ranking" */
  template: string;
  /** The HTTP methods the route module exports. */
  methods: string[];
}

/** Every app/api/v1/**\/route.ts and the methods its module exports. */
export async function discoverRoutes(): Promise<DiscoveredRoute[]> {
  const base = path.join(ROOT, "app", "api", "v1");
  const files = (fs.readdirSync(base, { recursive: true }) as string[]).filter((f) => path.basename(f) === "route.ts");
  const routes: DiscoveredRoute[] = [];
  for (const file of files.sort()) {
    const mod = (await import(path.join(base, file))) as Record<string, unknown>;
    const methods = Object.keys(mod).filter((k) => (HTTP_METHODS as readonly string[]).includes(k) || k === "OPTIONS");
    const dir = path.dirname(file).split(path.sep).join("/");
    routes.push({ template: `/api/v1/${dir}`, methods });
  }
  return routes;
}

/** The route's path with each dynamic segment replaced by `id` (given raw: already %-encoded as it should be sent). */
export function fillPath(template: string, id: string): string {
  return template.replace(/\[[^\]]+\]/g, id);
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The server closed the connection (it was asked for keep-alive). */
  closed: boolean;
}

export interface RawRequest {
  method: string;
  /** Sent exactly as given, bad escapes and all. */
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Give up after this long without a complete answer (the test then fails with "no answer"). */
  timeoutMs?: number;
  /** Resolve only once the server has closed the connection (the answer must be complete by then). */
  waitForClose?: boolean;
  /** Leave the body unfinished: the socket stays open for writing (a peer still sending). */
  keepWriting?: boolean;
}

/** One request over a fresh TCP connection, bytes as given; resolves on a complete answer. */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const headers: Record<string, string> = { host: `${hostname}:${port}`, connection: "close", ...req.headers };
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
  if (body && headers["content-length"] === undefined && headers["transfer-encoding"] === undefined) {
    headers["content-length"] = String(body.length);
  }
  const head = [`${req.method} ${req.target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join("\r\n");
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      const parsed = parseResponse(Buffer.concat(chunks), req.method === "HEAD");
      if ((!parsed || req.waitForClose) && !closed) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (parsed) resolve({ ...parsed, closed });
      else reject(new Error(`no answer to ${req.method} ${req.target.slice(0, 200)} (connection closed)`));
    };
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      const what = req.waitForClose && parseResponse(Buffer.concat(chunks), false) ? "connection still open" : "no answer";
      reject(new Error(`${what}: ${req.method} ${req.target.slice(0, 200)} after ${req.timeoutMs ?? 15_000} ms`));
    }, req.timeoutMs ?? 15_000);
    socket.on("connect", () => {
      socket.write(`${head}\r\n\r\n`);
      if (body) socket.write(body);
    });
    socket.on("data", (d: Buffer) => {
      chunks.push(d);
      finish(false);
    });
    socket.on("error", () => finish(true));
    socket.on("close", () => finish(true));
  });
}

/** A complete HTTP/1.1 answer (content-length, chunked, or a bodiless status), or null while it is incomplete. */
function parseResponse(buf: Buffer, bodiless: boolean): Omit<RawResponse, "closed"> | null {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(lines[0]?.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    const key = line.slice(0, colon).trim().toLowerCase();
    headers[key] = headers[key] === undefined ? line.slice(colon + 1).trim() : `${headers[key]}, ${line.slice(colon + 1).trim()}`;
  }
  let rest = buf.subarray(end + 4);
  if (bodiless || status === 204 || status === 304 || (status >= 100 && status < 200)) return { status, headers, text: "" };
  if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    if (rest.length < length) return null;
    return { status, headers, text: rest.subarray(0, length).toString("utf8") };
  }
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = rest.indexOf("\r\n");
      if (lineEnd < 0) return null;
      const size = parseInt(rest.subarray(0, lineEnd).toString("latin1"), 16);
      if (rest.length < lineEnd + 2 + size + 2) return null;
      if (size === 0) return { status, headers, text: Buffer.concat(parts).toString("utf8") };
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
  }
  return null; // read until close
}

export const SECURITY_HEADER_NAMES = [...policy.headers.map((h) => h.key.toLowerCase()), "content-security-policy"];

/** What every answer to bad input must be: no 5xx, the security headers, and on a 4xx the JSON error shape. */
export function expectWellFormedAnswer(
  res: { status: number; headers: Record<string, string>; text: string },
  label: string,
  options: { head?: boolean } = {},
): void {
  expect(res.status, `${label} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  for (const name of SECURITY_HEADER_NAMES) expect(res.headers[name], `${label}: header ${name}`).toBeTruthy();
  if (res.status >= 400) {
    expect(res.headers["content-type"], `${label}: content-type of ${res.status}`).toMatch(/^application\/json/);
    if (options.head) return; // a HEAD answer has no body
    const body = parseJson(res.text);
    expect(body, `${label}: error shape of ${res.status} ${res.text.slice(0, 300)}`).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const TABLES = [
  "User", "Session", "ApiToken", "Prompt", "Completion", "Comparison", "ComparisonItem", "Lease", "Ranking", "Skip",
  "Flag", "Job", "JobMetric", "JobLog", "ModelVersion", "Artifact", "Setting",
  "Project", "ProjectMember", "GuidelinesVersion", "LabelerPause", "PromptTag",
];

/**
 * Row counts of every table but LoginAttempt (a refused login is recorded there, by design), and the mutable
 * columns a refused request must not move: comparison counters, active models, revoked tokens, job states,
 * settings.
 */
export async function fingerprint(db: Db): Promise<string> {
  const parts = [
    ...TABLES.map((t) => `(SELECT COUNT(*) FROM "${t}") AS "${t}"`),
    `(SELECT COALESCE(SUM("rankingCount" * 1000 + "slotsTaken"), 0) FROM "Comparison") AS counters`,
    `(SELECT COUNT(*) FROM "ModelVersion" WHERE "active") AS active`,
    `(SELECT COUNT(*) FROM "ApiToken" WHERE "revokedAt" IS NOT NULL) AS revoked`,
    `(SELECT COUNT(*) FROM "Job" WHERE "status" = 'CANCELLED' OR "cancelRequested") AS cancelled`,
    `(SELECT COALESCE(MAX("value"), '') FROM "Setting") AS settings`,
    `(SELECT COALESCE(SUM("priority" + "requiredRankings" * 10000 + "guidelinesVersion" * 1000000), 0) FROM "Project") AS projects`,
    `(SELECT COUNT(*) FROM "LabelerPause" WHERE "liftedAt" IS NULL) AS pauses`,
  ];
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT ${parts.join(", ")}`);
  return JSON.stringify(rows[0], (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v));
}
