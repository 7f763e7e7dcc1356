// One project: the full record for an admin; for a labeler only a project they belong to (else 404, as if absent).
import type { AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { LABELER_PROJECT_SELECT, memberWhere, PROJECT_SELECT } from "./project-view";

export interface GetProjectOptions {
  db: Db;
  actor: AuthUser;
  projectId: string;
}

export async function getProject({ db, actor, projectId }: GetProjectOptions) {
  if (actor.role !== "ADMIN") {
    const row = await db.project.findFirst({ where: { id: projectId, ...memberWhere(actor.id) }, select: LABELER_PROJECT_SELECT });
    if (!row) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
    return row;
  }
  const row = await db.project.findUnique({
    where: { id: projectId },
    select: { ...PROJECT_SELECT, members: { select: { userId: true }, orderBy: { addedAt: "asc" } } },
  });
  if (!row) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
  const { members, ...project } = row;
  return { ...project, memberIds: members.map((m) => m.userId) };
}
