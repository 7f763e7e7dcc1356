// Admin: a new project. Its guidelines (if any) are version 1, kept in GuidelinesVersion like every later version.
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { PROJECT_SELECT, type ProjectView, type TCreateProjectRequest } from "./project-view";

export interface CreateProjectOptions {
  db: Db;
  actor: AuthUser;
  project: TCreateProjectRequest;
}

export async function createProject({ db, actor, project }: CreateProjectOptions): Promise<ProjectView> {
  requireRole(actor, "ADMIN");
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.project.create({ data: { ...project, guidelinesVersion: 1 }, select: PROJECT_SELECT });
      await tx.guidelinesVersion.create({ data: { projectId: created.id, version: 1, markdown: created.guidelines, createdById: actor.id } });
      await recordAudit({ tx, actor, action: "project.create", targetType: "project", targetId: created.id, details: { name: created.name } });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", `A project named "${project.name}" already exists`);
    throw err;
  }
}
