// The projects a user belongs to (open to all labelers, or a member), not archived, with their guidelines: what a
// labeler may read about projects.
import type { Db } from "@/lib/db";
import { LABELER_PROJECT_SELECT, memberWhere } from "./project-view";

export interface ListMemberProjectsOptions {
  db: Db;
  userId: string;
}

export async function listMemberProjects({ db, userId }: ListMemberProjectsOptions) {
  return db.project.findMany({ where: memberWhere(userId), orderBy: [{ priority: "desc" }, { createdAt: "asc" }], select: LABELER_PROJECT_SELECT });
}
