// The public shape of a job (API and admin pages): its row plus progress (0‥1) and an ETA from the pace of its
// training steps: the time since the first step this attempt reported, over the steps done since (start-up, loading
// data and models, is not a step and does not inflate it).
import type { JobStatus, Prisma } from "@/lib/db";

/** Columns every job listing reads. */
export const JOB_VIEW_SELECT = {
  id: true,
  type: true,
  status: true,
  config: true,
  step: true,
  totalSteps: true,
  attempts: true,
  maxAttempts: true,
  error: true,
  result: true,
  cancelRequested: true,
  leaseOwner: true,
  leaseExpiresAt: true,
  heartbeatAt: true,
  paceStep: true,
  paceAt: true,
  createdById: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const satisfies Prisma.JobSelect;

export type JobRow = Prisma.JobGetPayload<{ select: typeof JOB_VIEW_SELECT }>;

export interface JobView {
  id: string;
  type: string;
  status: JobStatus;
  config: Prisma.JsonValue;
  step: number;
  totalSteps: number;
  /** step / totalSteps in [0, 1]; 1 once SUCCEEDED; null while the total is unknown. */
  progress: number | null;
  /** Seconds left at the pace of the steps since the first one this attempt reported; null until two are known. */
  etaSeconds: number | null;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  result: Prisma.JsonValue;
  cancelRequested: boolean;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  heartbeatAt: string | null;
  createdById: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ToJobViewOptions {
  row: JobRow;
  now?: Date;
}

export function toJobView({ row, now = new Date() }: ToJobViewOptions): JobView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  let progress: number | null = null;
  if (row.status === "SUCCEEDED") progress = 1;
  else if (row.totalSteps > 0) progress = Math.min(1, Math.max(0, row.step / row.totalSteps));
  let etaSeconds: number | null = null;
  if (row.status === "RUNNING" && row.paceAt && row.paceStep !== null && row.step > row.paceStep && row.totalSteps > row.step) {
    const elapsed = Math.max(0, now.getTime() - row.paceAt.getTime()) / 1000;
    etaSeconds = Math.round((elapsed / (row.step - row.paceStep)) * (row.totalSteps - row.step));
  }
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    config: row.config,
    step: row.step,
    totalSteps: row.totalSteps,
    progress,
    etaSeconds,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    error: row.error,
    result: row.result,
    cancelRequested: row.cancelRequested,
    leaseOwner: row.leaseOwner,
    leaseExpiresAt: iso(row.leaseExpiresAt),
    heartbeatAt: iso(row.heartbeatAt),
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}
