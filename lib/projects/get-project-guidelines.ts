// The guidelines of a project the caller belongs to, for the ranking page: polled every few seconds, so with
// `knownVersion` equal to the current version the answer carries no text (one primary-key read, a few bytes).
import type { AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { memberWhere } from "./project-view";

export interface GetProjectGuidelinesOptions {
  db: Db;
  actor: AuthUser;
  projectId: string;
  knownVersion?: number;
}

export interface ProjectGuidelines {
  projectId: string;
  name: string;
  version: number;
  /** Null when the caller already has this version. */
  markdown: string | null;
  updatedAt: Date;
}

export async function getProjectGuidelines({ db, actor, projectId, knownVersion }: GetProjectGuidelinesOptions): Promise<ProjectGuidelines> {
  const where = actor.role === "ADMIN" ? { id: projectId } : { id: projectId, ...memberWhere(actor.id) };
  const row = await db.project.findFirst({ where, select: { id: true, name: true, guidelinesVersion: true, updatedAt: true } });
  if (!row) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
  const unchanged = knownVersion === row.guidelinesVersion;
  const text = unchanged ? null : await db.project.findUnique({ where: { id: projectId }, select: { guidelines: true } });
  return { projectId: row.id, name: row.name, version: row.guidelinesVersion, markdown: text ? text.guidelines : null, updatedAt: row.updatedAt };
}
