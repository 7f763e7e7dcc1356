// Admin: every project, highest priority first, with its counts and how many labelers are paused on it.
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { PROJECT_SELECT } from "./project-view";

export interface ListProjectsOptions {
  db: Db;
  actor: AuthUser;
}

export async function listProjects({ db, actor }: ListProjectsOptions) {
  requireRole(actor, "ADMIN");
  const projects = await db.project.findMany({
    orderBy: [{ priority: "desc" }, { createdAt: "asc" }],
    select: { ...PROJECT_SELECT, _count: { select: { prompts: true, comparisons: true, rankings: true, members: true } } },
  });
  const paused = await db.labelerPause.groupBy({ by: ["projectId"], where: { liftedAt: null }, _count: { _all: true } });
  const pausedBy = new Map(paused.map((p) => [p.projectId, p._count._all]));
  return projects.map(({ _count, ...p }) => ({ ...p, counts: { ..._count, pausedLabelers: pausedBy.get(p.id) ?? 0 } }));
}
