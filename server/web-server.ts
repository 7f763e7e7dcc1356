// The production web server: Next.js (the `next build` in .next) in several processes that share one port through
// node:cluster. One Next.js process serves requests on one event loop, i.e. one core; the labeler loop is bound by
// that (BENCHMARKS.md), so `npm start` runs PODIUM_WEB_PROCESSES of them (default: one per core, at most 4), and the
// labeler loop's two calls take a fast lane past Next.js's request pipeline (./fast-lane.ts).
// The processes share nothing in memory: sessions, rate limits and leases live in the database.
// Run: `tsx server/web-server.ts` with PORT, HOST, DATABASE_URL (see lib/config); prints "ready on <url>" once every
// process listens. SIGTERM/SIGINT stop the processes gracefully.
import cluster from "node:cluster";
import http from "node:http";
import path from "node:path";
import next from "next";
import { getConfig } from "@/lib/config";
import { clientErrorAnswer, sendError, setSecurityHeaders } from "./answers";
import { loadApiRoutes, matchApiRoute, type ApiRoute } from "./api-routes";
import { serveFastLane } from "./fast-lane";
import { appendPeerAddress } from "./forwarded-for";

const ROOT = path.resolve(__dirname, "..");

async function serve(): Promise<void> {
  const { PORT, HOST } = getConfig();
  const app = next({ dev: false, dir: ROOT, hostname: HOST, port: PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const apiRoutes = loadApiRoutes(path.join(ROOT, "app"));
  const server = http.createServer((req, res) => {
    // Every answer carries the security headers, Next.js's own redirects and errors included.
    setSecurityHeaders(res);
    closeIfBodyUnread(req, res);
    const refusal = refuse(req, apiRoutes);
    if (refusal) return sendError(res, refusal);
    if (serveFastLane(req, res)) return;
    appendPeerAddress(req);
    handle(req, res).catch((err: unknown) => {
      console.error("[web] unhandled error", err);
      if (res.headersSent) return void res.end();
      sendError(res, { status: 500, code: "INTERNAL", message: "Internal server error" });
    });
  });
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
    socket.end(clientErrorAnswer(err.code));
  });
  server.keepAliveTimeout = 65_000; // longer than common proxies' idle timeouts
  // A listen error (port taken) must end this process: Next.js installs an uncaughtException handler that only logs.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(PORT, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  process.send?.({ ready: true });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // The primary went away (killed): do not live on as an orphan holding the port.
  process.on("disconnect", () => process.exit(0));
}

type Refusal = Parameters<typeof sendError>[1];

/** What the server answers itself, before the fast lane and Next.js: requests they would mishandle. */
function refuse(req: http.IncomingMessage, apiRoutes: ApiRoute[]): Refusal | null {
  // RFC 9112 §3.2: a 400 for a Host header that is not a host, or for more than one (Node keeps the first).
  const host = req.headers.host;
  if ((host !== undefined && !isValidHost(host)) || countHostHeaders(req) > 1) {
    return { status: 400, code: "BAD_REQUEST", message: "The Host header is not a valid host, or there is more than one" };
  }
  const pathname = (req.url ?? "/").split("?")[0] as string;
  if (!isDecodable(pathname)) {
    // Next.js answers a malformed %-escape in the path with a 500; it is the client's error.
    return { status: 400, code: "BAD_REQUEST", message: "The URL path has a malformed %-escape" };
  }
  // Unknown API paths and methods get the JSON error shape (Next.js: an HTML page, an empty 405). A path with a
  // trailing slash is left to Next.js, which redirects it to the path without.
  if (!(pathname === "/api/v1" || pathname.startsWith("/api/v1/")) || pathname.endsWith("/")) return null;
  const route = matchApiRoute(apiRoutes, pathname);
  if (!route) return { status: 404, code: "NOT_FOUND", message: `No API endpoint at ${pathname.slice(0, 200)}` };
  if (!route.methods.includes(req.method ?? "")) {
    return {
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      message: `${req.method} is not allowed on ${route.path}: use ${route.methods.join(", ")}`,
      headers: { allow: route.methods.join(", ") },
    };
  }
  // A body declared over the limit is refused before anything reads it (the route would refuse it too, but only
  // after Next.js has taken the request's stream, and a stream it drops may reset the sender before the answer).
  const declared = Number(req.headers["content-length"] ?? "NaN");
  const limit = getConfig().PODIUM_BODY_LIMIT_BYTES;
  if (Number.isFinite(declared) && declared > limit) {
    return { status: 413, code: "PAYLOAD_TOO_LARGE", message: `Request body is larger than the limit of ${limit} bytes` };
  }
  return null;
}

/** The last Host header found valid: nearly every request repeats it, and then costs one comparison. */
let validHost = "";

/** host[:port] as RFC 9110 allows it: a name or IPv4 address, or an IPv6 address in brackets. */
function isValidHost(host: string): boolean {
  if (host === validHost) return true;
  if (!/^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::\d{0,5})?$/.test(host)) return false;
  try {
    new URL(`http://${host}/`);
    validHost = host;
    return true;
  } catch {
    return false;
  }
}

function countHostHeaders(req: http.IncomingMessage): number {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]?.toLowerCase() === "host") count++;
  return count;
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * An answer sent before the request body was read (a 413, a 401 to a large upload): the rest of the body is read and
 * discarded, so that a client still sending gets the answer instead of a reset, and once it has all arrived the
 * connection serves the next request as usual (keep-alive). A peer that sends more than DISCARD_LIMIT, or is still
 * sending after DISCARD_MS, is cut off.
 */
const DISCARD_LIMIT = 64 * 1024 * 1024;
const DISCARD_MS = 5000;

function closeIfBodyUnread(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.on("finish", () => {
    if (req.complete) return;
    let discarded = 0;
    const cutOff = setTimeout(() => req.socket.destroy(), DISCARD_MS);
    cutOff.unref();
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > DISCARD_LIMIT) req.socket.destroy();
    });
    req.on("end", () => clearTimeout(cutOff));
    req.resume();
  });
}

function primary(): void {
  const { PORT, HOST, PODIUM_WEB_PROCESSES: count } = getConfig();
  const readyWorkers = new Set<number>();
  let announced = false;
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork();
    worker.on("message", (msg: unknown) => {
      if (typeof msg !== "object" || msg === null || !("ready" in msg)) return;
      readyWorkers.add(worker.id);
      if (!announced && readyWorkers.size === count) {
        announced = true;
        const host = HOST === "0.0.0.0" ? "127.0.0.1" : HOST;
        console.log(`[web] ready on http://${host}:${PORT} (${count} process${count === 1 ? "" : "es"})`);
      }
    });
  };
  for (let i = 0; i < count; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (!readyWorkers.has(worker.id)) {
      // It never came up (port taken, no build, bad config): restarting would loop.
      console.error(`[web] a server process failed to start (exit ${signal ?? code}); stopping`);
      stop(1);
      return;
    }
    readyWorkers.delete(worker.id);
    console.error(`[web] process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  function stop(exitCode = 0) {
    stopping = true;
    process.exitCode = exitCode;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(exitCode), 10_000).unref();
  }
  process.on("SIGTERM", () => stop());
  process.on("SIGINT", () => stop());
}

if (cluster.isPrimary) primary();
else
  serve().catch((err: unknown) => {
    console.error("[web] failed to start", err);
    process.exit(1);
  });
