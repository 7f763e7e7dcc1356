// Starts one production web server (server/web-server.ts, needs `next build` first) on a fresh, migrated SQLite database for the
// whole e2e run, creates the suite's admin API token, and stops the server afterwards. Tests find them through
// PODIUM_E2E_BASE_URL, PODIUM_E2E_DATABASE_URL and PODIUM_E2E_ADMIN_TOKEN.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ROOT, startServer } from "../support/servers";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer({ kind: "sqlite" });
  try {
    const out = execFileSync(
      process.execPath,
      [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(__dirname, "bootstrap.ts")],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: server.databaseUrl },
        encoding: "utf8",
      },
    );
    const { token } = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as {
      token: string;
    };
    process.env.PODIUM_E2E_ADMIN_TOKEN = token;
  } catch (err) {
    await server.stop();
    throw err;
  }
  process.env.PODIUM_E2E_BASE_URL = server.baseUrl;
  process.env.PODIUM_E2E_DATABASE_URL = server.databaseUrl;
  return async () => {
    await server.stop();
  };
}
