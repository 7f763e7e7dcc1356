// Projects: an admin sees all of them with their counts; a labeler sees the ones they belong to (with guidelines).
import type { Db } from "@/lib/db";
import type { AuthUser } from "@/lib/auth";
import { LABELER_PROJECT_SELECT, memberWhere, PROJECT_SELECT } from "./project-view";

export interface ListProjectsOptions {
  db: Db;
  actor: AuthUser;
}

export async function listProjects({ db, actor }: ListProjectsOptions) {
  if (actor.role !== "ADMIN") {
    return db.project.findMany({ where: memberWhere(actor.id), orderBy: [{ priority: "desc" }, { createdAt: "asc" }], select: LABELER_PROJECT_SELECT });
  }
  const projects = await db.project.findMany({
    orderBy: [{ priority: "desc" }, { createdAt: "asc" }],
    select: { ...PROJECT_SELECT, _count: { select: { prompts: true, comparisons: true, rankings: true, members: true } } },
  });
  const paused = await db.labelerPause.groupBy({ by: ["projectId"], where: { liftedAt: null }, _count: { _all: true } });
  const pausedBy = new Map(paused.map((p) => [p.projectId, p._count._all]));
  return projects.map(({ _count, ...p }) => ({ ...p, counts: { ..._count, pausedLabelers: pausedBy.get(p.id) ?? 0 } }));
}
