// The production web server (server/web-server.ts) as an operator meets it: a second server started on a port that
// is taken stops at once with the reason, instead of hanging without listening, and the running one keeps serving.
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, inject, it } from "vitest";
import { ROOT } from "../support/servers";

it("stops with exit code 1 and says why when its port is taken, and the server already on that port keeps serving", async () => {
  const [server] = inject("servers");
  if (!server) throw new Error("no test server");
  const port = new URL(server.baseUrl).port;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "web-server.ts")], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: server.databaseUrl, PORT: port, HOST: "127.0.0.1", PODIUM_WEB_PROCESSES: "2" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, 60_000);
    child.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code, output).toBe(1);
  expect(output).toContain("EADDRINUSE");
  expect(output).toContain("failed to start");
  expect((await fetch(`${server.baseUrl}/api/v1/me`)).status).toBe(401);
}, 90_000);
