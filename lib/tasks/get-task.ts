// Reads one task. A labeler sees only a task they were given (a lease, live or expired, or their own ranking), in
// the order they were shown it; anything else is 404 (no hint that it exists). Admins may read any task.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { AuthUser } from "@/lib/auth";
import { parseIdList } from "./db-helpers";
import { readTaskView, type TaskView } from "./load-task-view";

export interface GetTaskOptions {
  db: Db;
  actor: AuthUser;
  comparisonId: string;
}

export interface TaskDetail extends TaskView {
  /** This user's ranking of the task, if they ranked it (best first). */
  ranking: { id: string; order: string[]; createdAt: Date } | null;
}

export async function getTask({ db, actor, comparisonId }: GetTaskOptions): Promise<TaskDetail> {
  const where = { comparisonId_userId: { comparisonId, userId: actor.id } };
  const [lease, ranking] = await Promise.all([
    db.lease.findUnique({ where, select: { shownOrder: true, expiresAt: true, slotHeld: true } }),
    db.ranking.findUnique({ where, select: { id: true, order: true, shownOrder: true, createdAt: true } }),
  ]);
  if (!lease && !ranking && actor.role !== "ADMIN") throw new AppError("NOT_FOUND", "Task not found");
  const shownOrder = lease ? parseIdList(lease.shownOrder) : ranking ? parseIdList(ranking.shownOrder) : null;
  const view = await readTaskView(db, { comparisonId, shownOrder, leaseExpiresAt: lease?.expiresAt ?? null });
  return {
    ...view,
    ranking: ranking ? { id: ranking.id, order: parseIdList(ranking.order), createdAt: ranking.createdAt } : null,
  };
}
