// Admin: every version of a project's guidelines, newest first, with who wrote it.
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export interface ListGuidelinesVersionsOptions {
  db: Db;
  actor: AuthUser;
  projectId: string;
}

export async function listGuidelinesVersions({ db, actor, projectId }: ListGuidelinesVersionsOptions) {
  requireRole(actor, "ADMIN");
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
  const versions = await db.guidelinesVersion.findMany({
    where: { projectId },
    orderBy: { version: "desc" },
    select: { version: true, markdown: true, createdById: true, createdAt: true },
  });
  const authorIds = [...new Set(versions.flatMap((v) => (v.createdById ? [v.createdById] : [])))];
  const authors = await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, email: true } });
  const emailOf = new Map(authors.map((a) => [a.id, a.email]));
  return versions.map((v) => ({ ...v, createdBy: v.createdById ? (emailOf.get(v.createdById) ?? null) : null }));
}
