// Job ordering for pipelines: a job's config may say `after: <jobId>`. Such a job waits in the queue (its
// leaseExpiresAt, the queue's "not before", is set to WAITING_UNTIL) until its predecessor ends: it becomes runnable
// when the predecessor SUCCEEDED, and is FAILED with a message naming the predecessor when that one FAILED or was
// CANCELLED. Workers settle waiting jobs at every claim, so the order holds whichever worker or route ended the
// predecessor. `after` lives in the config JSON beside the type's fields and is not part of the type's schema.
import { z } from "zod";
import type { Db, Prisma } from "@/lib/db";

/** The "not before" of a job waiting for its predecessor: never, until a claim releases it. */
export const WAITING_UNTIL = new Date("9999-12-31T00:00:00.000Z");

export const ZJobAfter = z.string().trim().min(1).max(64);

/** The predecessor named by a stored or submitted config (undefined when none), and the config without it. */
export function splitJobAfter(config: unknown): { after: string | undefined; rest: unknown } {
  if (typeof config !== "object" || config === null || Array.isArray(config) || !("after" in config)) return { after: undefined, rest: config };
  const { after, ...rest } = config as Record<string, unknown>;
  return { after: ZJobAfter.parse(after), rest };
}

/**
 * Releases waiting jobs whose predecessor succeeded and fails those whose predecessor failed or was cancelled (or no
 * longer exists); each update is guarded, so concurrent workers settle a job once.
 */
export async function settleWaitingJobs({ db, now }: { db: Db; now: Date }): Promise<void> {
  const waiting = await db.job.findMany({ where: { status: "QUEUED", leaseExpiresAt: WAITING_UNTIL }, select: { id: true, config: true } });
  if (waiting.length === 0) return;
  const afterOf = new Map(waiting.map((w) => [w.id, afterId(w.config)]));
  const ids = [...new Set([...afterOf.values()].filter((id): id is string => id !== undefined))];
  const predecessors = new Map(
    (await db.job.findMany({ where: { id: { in: ids } }, select: { id: true, type: true, status: true } })).map((p) => [p.id, p]),
  );
  for (const job of waiting) {
    const after = afterOf.get(job.id);
    const predecessor = after ? predecessors.get(after) : undefined;
    const guard = { id: job.id, status: "QUEUED" as const, leaseExpiresAt: WAITING_UNTIL };
    if (predecessor?.status === "SUCCEEDED") {
      await db.job.updateMany({ where: guard, data: { leaseExpiresAt: null } });
    } else if (!predecessor || predecessor.status === "FAILED" || predecessor.status === "CANCELLED") {
      const why = predecessor ? `${predecessor.type} job ${predecessor.id} ended ${predecessor.status}` : `job ${after ?? "?"} no longer exists`;
      await db.job.updateMany({
        where: guard,
        data: { status: "FAILED", finishedAt: now, leaseExpiresAt: null, error: `Not run: it was to start after ${why}` },
      });
    }
  }
}

function afterId(config: Prisma.JsonValue): string | undefined {
  try {
    return splitJobAfter(config).after;
  } catch {
    return undefined;
  }
}
