// Vitest global setup of the integration suite: one production server on SQLite and one on PostgreSQL,
// each with its own fresh database; tests receive them through `inject("servers")`.
import type { TestProject } from "vitest/node";
import { startServer, type RunningServer, type TestServer } from "../support/servers";

declare module "vitest" {
  export interface ProvidedContext {
    servers: TestServer[];
  }
}

let running: RunningServer[] = [];

export async function setup(project: TestProject): Promise<void> {
  running = await Promise.all([
    // Tight login limits so the rate-limit test needs few requests; session TTL as in production.
    startServer({ kind: "sqlite", env: TEST_SERVER_ENV }),
    startServer({ kind: "postgresql", env: TEST_SERVER_ENV }),
  ]);
  project.provide(
    "servers",
    running.map(({ kind, databaseUrl, baseUrl }) => ({ kind, databaseUrl, baseUrl })),
  );
}

export async function teardown(): Promise<void> {
  await Promise.all(running.map((s) => s.stop()));
}

export const TEST_SERVER_ENV = {
  PODIUM_LOGIN_MAX_FAILURES_PER_ACCOUNT: "5",
  PODIUM_LOGIN_MAX_FAILURES_PER_IP: "1000",
  PODIUM_BODY_LIMIT_BYTES: String(8 * 1024 * 1024),
};
