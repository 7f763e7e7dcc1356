// The device-side copy of rankings not yet acknowledged by the server. A ranking enters before its first request
// and leaves only when the server has stored it (or refused it for good), so a crash, a reload or a lost
// connection never loses one; the idempotency key makes every retry safe.
import { z } from "zod";
import type { ApiError, ApiResult } from "@/app/components/api";
import type { PendingRanking } from "./types";

export function pendingKey(userId: string): string {
  return `podium.pendingRankings.v1.${userId}`;
}

function isPending(v: unknown): v is PendingRanking {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    typeof p.taskId === "string" &&
    Array.isArray(p.ranking) &&
    p.ranking.every((id) => typeof id === "string") &&
    typeof p.idempotencyKey === "string" &&
    typeof p.durationMs === "number"
  );
}

export function readPending(userId: string): PendingRanking[] {
  try {
    const raw = window.localStorage.getItem(pendingKey(userId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter(isPending) : [];
  } catch {
    return [];
  }
}

export function writePending(userId: string, list: PendingRanking[]): void {
  try {
    if (list.length === 0) window.localStorage.removeItem(pendingKey(userId));
    else window.localStorage.setItem(pendingKey(userId), JSON.stringify(list));
  } catch {
    // Storage full or disabled: the in-memory queue still retries while the page is open.
  }
}

/**
 * What to do with a pending ranking after a send:
 * - "stored": the server has it (201, or an idempotent replay);
 * - "refused": it can never succeed (422, 409, 404, 403), drop it and tell the labeler;
 * - "signed-out": keep it until the labeler signs in again;
 * - "retry": no answer, 429 or a server error, try again later with the same key.
 */
export type SendOutcome = "stored" | "refused" | "signed-out" | "retry";

export function classifySend(result: ApiResult<unknown>): SendOutcome {
  if (result.ok) return "stored";
  const { status } = result.error;
  if (status === 401) return "signed-out";
  if (status === 0 || status === 408 || status === 429 || status >= 500) return "retry";
  return "refused";
}

/** Wait before the n-th retry: 1 s, 2 s, 4 s … capped at 15 s. */
export function retryDelayMs(attempts: number): number {
  return Math.min(15_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

const ZSwitchedOffProblems = z
  .array(z.object({ path: z.enum(["ranks", "noneAcceptable", "scores"]), switchedOff: z.literal(true) }))
  .min(1);

/**
 * A ranking refused only because its project stopped taking ties, "none acceptable" or scores while the task was
 * open: the same ranking without those fields (same key), to send again, and which fields were left out. Null for any
 * other refusal. The labeler's order is never dropped for a switch an admin turned off.
 */
export function withoutSwitchedOffFields(item: PendingRanking, error: ApiError): { item: PendingRanking; dropped: string[] } | null {
  if (error.status !== 422) return null;
  const problems = ZSwitchedOffProblems.safeParse(error.details);
  if (!problems.success) return null;
  const dropped = [...new Set(problems.data.map((p) => p.path))];
  const next: PendingRanking = { ...item };
  if (dropped.includes("ranks")) delete next.ranks;
  if (dropped.includes("noneAcceptable")) delete next.noneAcceptable;
  if (dropped.includes("scores")) delete next.scores;
  return { item: next, dropped };
}
