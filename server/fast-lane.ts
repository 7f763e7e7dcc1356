// The labeler loop's two calls — GET /api/v1/tasks/next and POST /api/v1/tasks/:id/ranking — served by the web
// server straight through their App Router route handlers (the same modules, the same withUser/zod/lib code),
// without Next.js's request pipeline, which cost ~1 ms of CPU per request: most of the loop (BENCHMARKS.md).
// Everything else goes to Next.js. Responses carry the same security headers as Next.js adds (./answers.ts).
// A Next.js middleware (proxy.ts), should one be added, would not run for these two routes: put such logic in withUser.
import type http from "node:http";
import { Readable } from "node:stream";
import { GET as nextTask } from "@/app/api/v1/tasks/next/route";
import { POST as submitRanking } from "@/app/api/v1/tasks/[id]/ranking/route";
import { SECURITY_HEADERS, sendError } from "./answers";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface FastRoute {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const ROUTES: FastRoute[] = [
  { method: "GET", pattern: /^\/api\/v1\/tasks\/next$/, handler: nextTask as Handler },
  { method: "POST", pattern: /^\/api\/v1\/tasks\/(?<id>[^/]+)\/ranking$/, handler: submitRanking as Handler },
];

/** Serves the request if it is one of the fast routes; false when Next.js should handle it. */
export function serveFastLane(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (!req.url?.startsWith("/api/v1/tasks/")) return false; // every other request, without parsing its URL
  let url: URL;
  try {
    url = new URL(req.url, `http://${req.headers.host ?? "localhost"}`);
  } catch {
    // The web server refuses a malformed Host header before this; a throw here would leave the request unanswered.
    sendError(res, { status: 400, code: "BAD_REQUEST", message: "The request URL or Host header is malformed" });
    return true;
  }
  const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
  if (!route) return false;
  const params: Record<string, string> = {};
  try {
    for (const [name, value] of Object.entries(route.pattern.exec(url.pathname)?.groups ?? {})) {
      params[name] = decodeURIComponent(value);
    }
  } catch {
    return false; // a malformed escape (the web server answers those with 400 before this)
  }
  respond(route, toRequest(req, url), params, res).catch((err: unknown) => {
    console.error("[web] fast lane error", err);
    if (res.headersSent) return void res.end();
    sendError(res, { status: 500, code: "INTERNAL", message: "Internal server error" });
  });
  return true;
}

function toRequest(req: http.IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  // As Next.js does: the peer's address as the last X-Forwarded-For hop (lib/http clientIp reads it).
  const peer = req.socket.remoteAddress;
  if (peer) headers.set("x-forwarded-for", [headers.get("x-forwarded-for"), peer].filter(Boolean).join(", "));
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

async function respond(route: FastRoute, request: Request, params: Record<string, string>, res: http.ServerResponse): Promise<void> {
  const response = await route.handler(request, { params: Promise.resolve(params) });
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  for (const [key, value] of SECURITY_HEADERS) headers[key] = value;
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}
