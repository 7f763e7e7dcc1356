// The process supervisor of `podium up`: runs the web server and the worker as child processes and keeps labeling
// up when training fails. A worker that dies (any exit code or signal: a training run out of memory, a crash) is
// started again after an exponential backoff (1 s doubling to 60 s; back to 1 s once a worker ran 60 s), with a log
// line naming the exit code or signal; the web server keeps serving meanwhile. The web server's death stops
// everything with the reason (the web server restarts its own request processes; its primary dying is fatal).
// SIGTERM / SIGINT / SIGHUP stop both children (SIGKILL after `killAfterMs`) and resolve with 0, leaving no process
// behind. The children run in process groups of their own, so a Ctrl+C in the terminal reaches them once, through
// the supervisor, rather than twice (the worker takes a second signal as "exit now, skip the checkpoint").
import { spawn, type ChildProcess } from "node:child_process";

export interface RestartBackoff {
  /** Delay before the first restart. */
  initialMs: number;
  /** The delay doubles after each quick death up to this. */
  maxMs: number;
  /** A worker that ran at least this long before dying restarts after `initialMs` again. */
  stableMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { initialMs: 1_000, maxMs: 60_000, stableMs: 60_000 };

/** A Node.js process to run: `node <args>`. */
export interface SupervisedCommand {
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** "pipe": the caller reads the process's stdout in `onStart`; default "inherit". stderr is always inherited. */
  stdout?: "inherit" | "pipe";
  /** Called with each process started for this command. */
  onStart?: (child: ChildProcess) => void;
}

export interface SuperviseOptions {
  web: SupervisedCommand;
  /** Absent: the web server alone. */
  worker?: SupervisedCommand;
  backoff?: RestartBackoff;
  /** How long children get to exit after SIGTERM before they are killed. */
  killAfterMs?: number;
  log?: (line: string) => void;
}

export interface Supervision {
  /** Resolves with the exit code for `podium up` once every child has exited. */
  done: Promise<number>;
  /** Stops both children (as SIGTERM / SIGINT to this process do). */
  stop(reason: string): void;
}

export function supervise({
  web: webCommand,
  worker: workerCommand,
  backoff = DEFAULT_RESTART_BACKOFF,
  killAfterMs = 30_000,
  log = (line) => console.error(`[podium] ${line}`),
}: SuperviseOptions): Supervision {
  const live = new Set<ChildProcess>();
  let stopping = false;
  let exitCode = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  let killTimer: NodeJS.Timeout | null = null;
  let lastDelayMs = 0;
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const onSignal = (signal: NodeJS.Signals) => stop(`received ${signal}`);
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.on(signal, onSignal);

  function finishIfIdle(): void {
    if (!stopping || live.size > 0) return;
    if (restartTimer) clearTimeout(restartTimer);
    if (killTimer) clearTimeout(killTimer);
    for (const signal of signals) process.off(signal, onSignal);
    resolveDone(exitCode);
  }

  function stop(reason: string): void {
    if (stopping) return;
    stopping = true;
    log(`${reason}; stopping the web server and the worker`);
    if (restartTimer) clearTimeout(restartTimer);
    for (const child of live) child.kill("SIGTERM");
    killTimer = setTimeout(() => {
      for (const child of live) {
        log(`${nameOf(child)} (pid ${child.pid}) still running after ${killAfterMs / 1000} s; killing it`);
        child.kill("SIGKILL");
      }
    }, killAfterMs);
    finishIfIdle();
  }

  /** Calls `onExit` once, whether the child exits or fails to start at all. */
  function watch(child: ChildProcess, onExit: (code: number | null, signal: NodeJS.Signals | null) => void): void {
    live.add(child);
    let seen = false;
    const handle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (seen) return;
      seen = true;
      live.delete(child);
      onExit(code, signal);
      finishIfIdle();
    };
    child.once("exit", handle);
    child.once("error", (err) => {
      log(`${nameOf(child)} could not be started: ${err.message}`);
      handle(1, null);
    });
  }

  const names = new WeakMap<ChildProcess, string>();
  const nameOf = (child: ChildProcess) => names.get(child) ?? "process";

  function runWorker(command: SupervisedCommand): ChildProcess {
    const startedAt = Date.now();
    const worker = start(command);
    names.set(worker, "worker");
    watch(worker, (code, signal) => {
      if (stopping) return;
      const ranMs = Date.now() - startedAt;
      const delayMs = ranMs >= backoff.stableMs || lastDelayMs === 0 ? backoff.initialMs : Math.min(lastDelayMs * 2, backoff.maxMs);
      lastDelayMs = delayMs;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      log(`worker (pid ${worker.pid}) ${how} after ${seconds(ranMs)}; restarting it in ${seconds(delayMs)}`);
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (stopping) return;
        log(`worker restarted (pid ${runWorker(command).pid})`);
      }, delayMs);
    });
    return worker;
  }

  const web = start(webCommand);
  names.set(web, "web server");
  watch(web, (code, signal) => {
    if (stopping) return;
    exitCode = code || 1;
    stop(`web server (pid ${web.pid}) ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`);
  });
  if (workerCommand) runWorker(workerCommand);

  return { done, stop };
}

function start({ args, cwd, env, stdout = "inherit", onStart }: SupervisedCommand): ChildProcess {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", stdout, "inherit"], detached: true });
  onStart?.(child);
  return child;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
