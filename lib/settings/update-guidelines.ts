// Admins edit the labeling guidelines (Markdown text, stored as a Setting).
import { z } from "zod";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import { GUIDELINES_KEY, type Guidelines } from "./get-guidelines";

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
    await recordAudit({ tx, actor, action: "guidelines.update", targetType: "setting", targetId: GUIDELINES_KEY, details: { characters: markdown.length } });
    return tx.setting.upsert({
      where: { key: GUIDELINES_KEY },
      create: { key: GUIDELINES_KEY, value: markdown },
      update: { value: markdown },
      select: { value: true, updatedAt: true },
    });
  });
  return { markdown: row.value, updatedAt: row.updatedAt };
}
