// Admin: lifts a labeler's live pause on a project, so they are served its tasks again. Their gold score starts
// afresh: only gold answers after the lift count towards the next pause.
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export interface LiftLabelerPauseOptions {
  db: Db;
  actor: AuthUser;
  projectId: string;
  userId: string;
}

export async function liftLabelerPause({ db, actor, projectId, userId }: LiftLabelerPauseOptions) {
  requireRole(actor, "ADMIN");
  return db.$transaction(async (tx) => {
    const live = await tx.labelerPause.findMany({ where: { projectId, userId, liftedAt: null }, select: { id: true, reason: true } });
    if (live.length === 0) throw new AppError("NOT_FOUND", "This labeler is not paused on this project");
    const liftedAt = new Date();
    await tx.labelerPause.updateMany({ where: { id: { in: live.map((p) => p.id) }, liftedAt: null }, data: { liftedAt, liftedById: actor.id } });
    for (const pause of live) {
      await recordAudit({ tx, actor, action: "labeler_pause.lift", targetType: "labeler_pause", targetId: pause.id, details: { projectId, userId, reason: pause.reason } });
    }
    return { projectId, userId, liftedAt, lifted: live.length };
  });
}
