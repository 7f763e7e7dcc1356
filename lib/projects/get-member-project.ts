// A project the user belongs to, as a labeler reads it (name, description, guidelines, judgment options); 404 for
// any other project, as if it did not exist.
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { LABELER_PROJECT_SELECT, memberWhere } from "./project-view";

export interface GetMemberProjectOptions {
  db: Db;
  userId: string;
  projectId: string;
}

export async function getMemberProject({ db, userId, projectId }: GetMemberProjectOptions) {
  const row = await db.project.findFirst({ where: { id: projectId, ...memberWhere(userId) }, select: LABELER_PROJECT_SELECT });
  if (!row) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
  return row;
}
