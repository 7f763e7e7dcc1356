// Admin: the pauses of a project's labelers (low gold score, or set by an admin), live ones first, then history.
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export interface ListLabelerPausesOptions {
  db: Db;
  actor: AuthUser;
  projectId: string;
}

export async function listLabelerPauses({ db, actor, projectId }: ListLabelerPausesOptions) {
  requireRole(actor, "ADMIN");
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
  const rows = await db.labelerPause.findMany({
    where: { projectId },
    orderBy: { pausedAt: "desc" },
    take: 500,
    select: {
      id: true,
      userId: true,
      reason: true,
      goldScore: true,
      goldAnswers: true,
      pausedAt: true,
      liftedAt: true,
      liftedById: true,
      user: { select: { email: true, name: true } },
    },
  });
  const pauses = rows.map(({ user, ...p }) => ({ ...p, email: user.email, name: user.name, active: p.liftedAt === null }));
  return [...pauses.filter((p) => p.active), ...pauses.filter((p) => !p.active)];
}
