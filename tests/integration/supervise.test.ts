// `podium up` keeps labeling up when training dies: its supervisor (server/supervise.ts), driven with stand-in
// processes by ./supervise-driver.ts, restarts a killed worker with a growing delay while the web server keeps
// answering, stops everything when the web server dies, and leaves no process behind on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { freePort, ROOT } from "../support/servers";

interface Driver {
  child: ChildProcess;
  port: number;
  output(): string;
  /** Waits until the output matches `pattern` `count` times; returns the matches. */
  waitFor(pattern: RegExp, count?: number): Promise<RegExpMatchArray[]>;
  exited: Promise<number | null>;
}

const drivers: Driver[] = [];

afterEach(() => {
  for (const d of drivers.splice(0)) if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill("SIGKILL");
});

async function startDriver(): Promise<Driver> {
  const port = await freePort();
  // A process group of its own, like `npm start` in a terminal, so the test can send Ctrl+C's SIGINT to the group.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "supervise-driver.ts")], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const driver: Driver = {
    child,
    port,
    exited,
    output: () => output,
    async waitFor(pattern, count = 1) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const matches = [...output.matchAll(new RegExp(pattern.source, "g"))];
        if (matches.length >= count) return matches;
        if (Date.now() > deadline) throw new Error(`no ${count}× ${pattern} in:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  drivers.push(driver);
  return driver;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

const pidOf = (m: RegExpMatchArray | undefined) => Number(m?.[1]);

it("restarts a worker killed with SIGKILL, with a doubling delay, while the web server keeps answering", async () => {
  const d = await startDriver();
  const web = pidOf((await d.waitFor(/web pid (\d+)/))[0]);
  const first = pidOf((await d.waitFor(/worker pid (\d+)/))[0]);

  process.kill(first, "SIGKILL");
  const second = pidOf((await d.waitFor(/worker pid (\d+)/, 2))[1]);
  expect(second).not.toBe(first);
  expect(d.output()).toContain(`worker (pid ${first}) was killed by SIGKILL`);
  expect(d.output()).toMatch(/restarting it in 0\.2 s/);
  expect(d.output()).toContain(`worker restarted (pid ${second})`);
  expect(alive(web)).toBe(true);
  expect(await (await fetch(`http://127.0.0.1:${d.port}/`)).text()).toBe("ok");

  // A second quick death waits twice as long; an exit code is reported like a signal.
  process.kill(second, "SIGKILL");
  const third = pidOf((await d.waitFor(/worker pid (\d+)/, 3))[2]);
  expect(d.output()).toMatch(/restarting it in 0\.4 s/);
  expect(alive(third)).toBe(true);
  expect(d.output()).not.toContain("stopping");
}, 60_000);

it("stops the web server and the worker on SIGTERM and exits 0, leaving no process", async () => {
  const d = await startDriver();
  const web = pidOf((await d.waitFor(/web pid (\d+)/))[0]);
  const first = pidOf((await d.waitFor(/worker pid (\d+)/))[0]);
  process.kill(first, "SIGKILL");
  const second = pidOf((await d.waitFor(/worker pid (\d+)/, 2))[1]);

  d.child.kill("SIGTERM");
  expect(await d.exited).toBe(0);
  expect(d.output()).toContain("received SIGTERM; stopping the web server and the worker");
  expect(await gone(web)).toBe(true);
  expect(await gone(second)).toBe(true);
}, 60_000);

it("on Ctrl+C (SIGINT to the terminal's process group) signals the worker once, through the supervisor", async () => {
  const d = await startDriver();
  const web = pidOf((await d.waitFor(/web pid (\d+)/))[0]);
  const worker = pidOf((await d.waitFor(/worker pid (\d+)/))[0]);

  process.kill(-(d.child.pid as number), "SIGINT");
  expect(await d.exited).toBe(0);
  expect(d.output()).toContain("received SIGINT; stopping the web server and the worker");
  expect([...d.output().matchAll(new RegExp(`worker ${worker} got (\\w+)`, "g"))].map((m) => m[1])).toEqual(["SIGTERM"]);
  expect(await gone(web)).toBe(true);
  expect(await gone(worker)).toBe(true);
}, 60_000);

it("stops everything with the reason and a non-zero exit code when the web server dies", async () => {
  const d = await startDriver();
  const web = pidOf((await d.waitFor(/web pid (\d+)/))[0]);
  const worker = pidOf((await d.waitFor(/worker pid (\d+)/))[0]);

  process.kill(web, "SIGKILL");
  expect(await d.exited).toBe(1);
  expect(d.output()).toContain(`web server (pid ${web}) was killed by SIGKILL; stopping the web server and the worker`);
  expect(await gone(worker)).toBe(true);
  expect(d.output()).not.toContain("restarting");
}, 60_000);
