// The labeling guidelines (Markdown), shown beside the ranking page; empty until an admin writes them.
import type { Db } from "@/lib/db";

export const GUIDELINES_KEY = "guidelines";

export interface Guidelines {
  markdown: string;
  updatedAt: Date | null;
}

export async function getGuidelines({ db }: { db: Db }): Promise<Guidelines> {
  const row = await db.setting.findUnique({ where: { key: GUIDELINES_KEY }, select: { value: true, updatedAt: true } });
  return { markdown: row?.value ?? "", updatedAt: row?.updatedAt ?? null };
}
