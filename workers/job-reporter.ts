// Buffers a running job's progress, metrics and log lines and writes them on a timer, together with the lease
// heartbeat; aborts the job's controller when the heartbeat reports a cancel request or a lost lease.
import type { Db } from "@/lib/db";
import { appendJobLogs, heartbeatJob, recordJobMetrics, type JobLogEntry, type MetricPoint } from "@/lib/jobs";
import type { LogLevel, StopReason } from "./job-context";

export interface JobReporterOptions {
  db: Db;
  jobId: string;
  workerId: string;
  leaseMs: number;
  heartbeatMs: number;
  controller: AbortController;
  /** Worker-level log (stdout). */
  echo: (line: string) => void;
  initialStep: number;
  initialTotal: number;
}

export class JobReporter {
  private readonly o: JobReporterOptions;
  private metricBuffer: MetricPoint[] = [];
  private logBuffer: JobLogEntry[] = [];
  private step: number;
  private totalSteps: number;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(options: JobReporterOptions) {
    this.o = options;
    this.step = options.initialStep;
    this.totalSteps = options.initialTotal;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.o.heartbeatMs);
  }

  progress(step: number, totalSteps?: number): void {
    this.step = step;
    if (totalSteps !== undefined) this.totalSteps = totalSteps;
  }

  metrics(step: number, values: Record<string, number | null | undefined>): void {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === "number" && Number.isFinite(value)) this.metricBuffer.push({ step, name, value });
    }
  }

  log(message: string, level: LogLevel = "info"): void {
    this.logBuffer.push({ level, message, at: new Date() });
    this.o.echo(`[job ${this.o.jobId}] ${level}: ${message}`);
  }

  /** Drops buffered points after `step` (they belong to a replayed stretch). */
  dropBufferedAfter(step: number): void {
    this.metricBuffer = this.metricBuffer.filter((p) => p.step <= step);
  }

  /** Writes everything buffered and renews the lease; serialised so ticks never overlap. */
  tick(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce()).catch((err: unknown) => {
      this.o.echo(`[job ${this.o.jobId}] heartbeat failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const { db, jobId, workerId, leaseMs, controller } = this.o;
    const points = this.metricBuffer;
    const logs = this.logBuffer;
    this.metricBuffer = [];
    this.logBuffer = [];
    const beat = await heartbeatJob({ db, jobId, workerId, leaseMs, progress: { step: this.step, totalSteps: this.totalSteps } });
    if (!beat.held) {
      if (!controller.signal.aborted) controller.abort("lease-lost" satisfies StopReason);
      return;
    }
    await recordJobMetrics({ db, jobId, points });
    await appendJobLogs({ db, jobId, entries: logs });
    if (beat.cancelRequested && !controller.signal.aborted) {
      this.log("cancel requested; stopping");
      controller.abort("cancel" satisfies StopReason);
    }
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.tick();
  }
}
