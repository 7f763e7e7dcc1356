// Starts Podium's production build (`next start`) against a fresh test database, for integration and e2e tests.
// Each server gets its own SQLite file or PostgreSQL database, created and migrated here.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { migrate } from "@/server/migrate";
import type { DbKind } from "@/lib/db";

export const ROOT = path.resolve(__dirname, "..", "..");
export const PG_ADMIN_URL = process.env.PODIUM_TEST_PG_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

export interface TestServer {
  kind: DbKind;
  databaseUrl: string;
  baseUrl: string;
}

export interface RunningServer extends TestServer {
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** A fresh, migrated database of the given kind; returns its URL and a function that drops it. */
export async function createTestDatabase(kind: DbKind): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `podium_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "podium-test-"));
    const url = `file:${path.join(dir, `${name}.db`)}`;
    migrate({ databaseUrl: url });
    return { url, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const { Client } = await import("pg");
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  migrate({ databaseUrl: url.toString() });
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface StartServerOptions {
  kind: DbKind;
  env?: Record<string, string>;
}

/** The production web server on the existing build, on a free port, against a fresh database. */
export async function startServer({ kind, env = {} }: StartServerOptions): Promise<RunningServer> {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` first (tests/run-all.sh does)");
  }
  const database = await createTestDatabase(kind);
  const port = await freePort();
  // The production web server as `npm start` runs it (server/web-server.ts: Next.js in PODIUM_WEB_PROCESSES
  // processes on one port, plus the labeler loop's fast lane).
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "web-server.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  // A loaded machine may need longer: PODIUM_TEST_SERVER_START_SECONDS.
  const startSeconds = Number(process.env.PODIUM_TEST_SERVER_START_SECONDS ?? 60) || 60;
  const deadline = Date.now() + startSeconds * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/api/v1/me`);
      if (res.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`next start did not answer within ${startSeconds} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    kind,
    databaseUrl: database.url,
    baseUrl,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000); // its processes exit with it (disconnect)
        await exited;
        clearTimeout(timer);
      }
      await database.drop();
    },
  };
}
