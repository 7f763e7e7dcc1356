// Admins edit the labeling guidelines of the default project (Markdown); every edit is a new, kept version.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import { DEFAULT_PROJECT_ID, type Guidelines } from "./get-guidelines";

export const MAX_GUIDELINES_CHARS = 100_000;
export const ZUpdateGuidelinesRequest = z.strictObject({
  markdown: z.string().max(MAX_GUIDELINES_CHARS, `guidelines are longer than ${MAX_GUIDELINES_CHARS} characters`),
});
export type TUpdateGuidelinesRequest = z.infer<typeof ZUpdateGuidelinesRequest>;

export interface UpdateGuidelinesOptions {
  db: Db;
  actor: AuthUser;
  markdown: string;
}

export async function updateGuidelines({ db, actor, markdown }: UpdateGuidelinesOptions): Promise<Guidelines> {
  requireRole(actor, "ADMIN");
  const row = await db.$transaction(async (tx) => {
    const project = await tx.project.update({
      where: { id: DEFAULT_PROJECT_ID },
      data: { guidelines: markdown, guidelinesVersion: { increment: 1 } },
      select: { guidelines: true, guidelinesVersion: true, updatedAt: true },
    });
    await tx.guidelinesVersion.create({ data: { projectId: DEFAULT_PROJECT_ID, version: project.guidelinesVersion, markdown, createdById: actor.id } });
    await recordAudit({ tx, actor, action: "guidelines.update", targetType: "project", targetId: DEFAULT_PROJECT_ID, details: { characters: markdown.length, version: project.guidelinesVersion } });
    return project;
  });
  return { markdown: row.guidelines, version: row.guidelinesVersion, updatedAt: row.updatedAt };
}
