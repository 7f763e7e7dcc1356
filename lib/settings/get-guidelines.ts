// The labeling guidelines (Markdown) of the default project, shown beside the ranking page; empty until an admin
// writes them.
import type { Db } from "@/lib/db";

export const DEFAULT_PROJECT_ID = "default";

export interface Guidelines {
  markdown: string;
  version: number;
  updatedAt: Date | null;
}

export async function getGuidelines({ db }: { db: Db }): Promise<Guidelines> {
  const row = await db.project.findUnique({ where: { id: DEFAULT_PROJECT_ID }, select: { guidelines: true, guidelinesVersion: true, updatedAt: true } });
  return { markdown: row?.guidelines ?? "", version: row?.guidelinesVersion ?? 1, updatedAt: row?.updatedAt ?? null };
}
