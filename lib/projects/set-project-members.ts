// Admin: the members of a project (who may be served its tasks when allLabelers is false): replaces the whole set.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const ZSetProjectMembersRequest = z.strictObject({
  userIds: z.array(z.string().min(1).max(100)).max(10_000),
});
export type TSetProjectMembersRequest = z.infer<typeof ZSetProjectMembersRequest>;

export interface SetProjectMembersOptions {
  db: Db;
  actor: AuthUser;
  projectId: string;
  userIds: string[];
}

export async function setProjectMembers({ db, actor, projectId, userIds }: SetProjectMembersOptions): Promise<{ userIds: string[] }> {
  requireRole(actor, "ADMIN");
  const wanted = [...new Set(userIds)];
  return db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { id: true } });
    if (!project) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
    const known = await tx.user.findMany({ where: { id: { in: wanted } }, select: { id: true } });
    if (known.length !== wanted.length) {
      const found = new Set(known.map((u) => u.id));
      const missing = wanted.filter((id) => !found.has(id));
      throw new AppError("UNPROCESSABLE", `No user with id ${missing.slice(0, 5).join(", ")}`, { details: { missing } });
    }
    const before = await tx.projectMember.findMany({ where: { projectId }, select: { userId: true } });
    const had = new Set(before.map((m) => m.userId));
    const keep = new Set(wanted);
    const added = wanted.filter((id) => !had.has(id));
    const removed = [...had].filter((id) => !keep.has(id));
    if (removed.length) await tx.projectMember.deleteMany({ where: { projectId, userId: { in: removed } } });
    if (added.length) await tx.projectMember.createMany({ data: added.map((userId) => ({ projectId, userId })) });
    await recordAudit({ tx, actor, action: "project.members", targetType: "project", targetId: projectId, details: { added, removed } });
    return { userIds: wanted };
  });
}
