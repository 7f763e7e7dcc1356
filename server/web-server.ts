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
import { serveFastLane } from "./fast-lane";
import { appendPeerAddress } from "./forwarded-for";

const ROOT = path.resolve(__dirname, "..");

async function serve(): Promise<void> {
  const { PORT, HOST } = getConfig();
  const app = next({ dev: false, dir: ROOT, hostname: HOST, port: PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    if (!hasDecodablePath(req)) {
      // Next.js answers a malformed %-escape in the path with a 500; it is the client's error.
      res.writeHead(400, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ error: { code: "BAD_REQUEST", message: "The URL path has a malformed %-escape" } }));
      return;
    }
    if (serveFastLane(req, res)) return;
    appendPeerAddress(req);
    handle(req, res).catch((err: unknown) => {
      console.error("[web] unhandled error", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal server error");
    });
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

function hasDecodablePath(req: http.IncomingMessage): boolean {
  try {
    decodeURIComponent((req.url ?? "/").split("?")[0] as string);
    return true;
  } catch {
    return false;
  }
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
