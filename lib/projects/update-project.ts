// Admin: changes a project's settings. A change of the guidelines bumps guidelinesVersion and keeps the new text as a
// GuidelinesVersion row (rankings record the version they were made under); the same text again is no new version.
import { recordAudit, type AuditDetail } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { PROJECT_SELECT, type ProjectView, type TUpdateProjectRequest } from "./project-view";

export interface UpdateProjectOptions {
  db: Db;
  actor: AuthUser;
  projectId: string;
  changes: TUpdateProjectRequest;
}

export async function updateProject({ db, actor, projectId, changes }: UpdateProjectOptions): Promise<ProjectView> {
  requireRole(actor, "ADMIN");
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.project.findUnique({ where: { id: projectId }, select: PROJECT_SELECT });
      if (!before) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
      const { guidelines, ...settings } = changes;
      const newGuidelines = guidelines !== undefined && guidelines !== before.guidelines;
      const after = await tx.project.update({
        where: { id: projectId },
        data: { ...settings, ...(newGuidelines ? { guidelines, guidelinesVersion: { increment: 1 } } : {}) },
        select: PROJECT_SELECT,
      });
      if (newGuidelines) {
        await tx.guidelinesVersion.create({ data: { projectId, version: after.guidelinesVersion, markdown: after.guidelines, createdById: actor.id } });
      }
      const changed: Record<string, AuditDetail> = {};
      for (const [key, value] of Object.entries(settings)) {
        const old = before[key as keyof typeof before];
        if (old !== value) changed[key] = { from: old instanceof Date ? old.toISOString() : old, to: value };
      }
      if (newGuidelines) changed.guidelines = { version: after.guidelinesVersion, characters: after.guidelines.length };
      await recordAudit({ tx, actor, action: "project.update", targetType: "project", targetId: projectId, details: changed });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", `A project named "${changes.name ?? ""}" already exists`);
    throw err;
  }
}
