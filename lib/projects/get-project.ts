// Admin: one project with all its settings and its member ids.
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { PROJECT_SELECT } from "./project-view";

export interface GetProjectOptions {
  db: Db;
  actor: AuthUser;
  projectId: string;
}

export async function getProject({ db, actor, projectId }: GetProjectOptions) {
  requireRole(actor, "ADMIN");
  const row = await db.project.findUnique({
    where: { id: projectId },
    select: { ...PROJECT_SELECT, members: { select: { userId: true }, orderBy: { addedAt: "asc" } } },
  });
  if (!row) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
  const { members, ...project } = row;
  return { ...project, memberIds: members.map((m) => m.userId) };
}
