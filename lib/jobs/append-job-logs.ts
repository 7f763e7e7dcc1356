// Worker: appends log lines to a job (buffered by the worker, written in one insert per heartbeat tick).
import type { Db } from "@/lib/db";

export const MAX_LOG_MESSAGE_CHARS = 2_000;

export interface JobLogEntry {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  at: Date;
}

export interface AppendJobLogsOptions {
  db: Db;
  jobId: string;
  entries: readonly JobLogEntry[];
}

export async function appendJobLogs({ db, jobId, entries }: AppendJobLogsOptions): Promise<number> {
  if (entries.length === 0) return 0;
  const { count } = await db.jobLog.createMany({
    data: entries.map((e) => ({
      jobId,
      level: e.level,
      message: e.message.length > MAX_LOG_MESSAGE_CHARS ? `${e.message.slice(0, MAX_LOG_MESSAGE_CHARS)}…` : e.message,
      createdAt: e.at,
    })),
  });
  return count;
}
