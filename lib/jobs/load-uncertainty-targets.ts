// Worker: the comparisons whose uncertainty a reward job scores — open (still collecting rankings), not gold, not
// archived, in projects whose selection is "active" (optionally only some projects), oldest first as the claim's
// active step reads them, at most `limit`; each with its prompt and completions (texts and how they ended).
import type { Db } from "@/lib/db";

export interface UncertaintyTarget {
  comparisonId: string;
  prompt: string;
  completions: { text: string; finishReason: string | null }[];
}

export interface LoadUncertaintyTargetsOptions {
  db: Db;
  /** Only these projects; null: every project whose selection is "active". */
  projectIds: string[] | null;
  limit: number;
}

export async function loadUncertaintyTargets({ db, projectIds, limit }: LoadUncertaintyTargetsOptions): Promise<UncertaintyTarget[]> {
  const rows = await db.comparison.findMany({
    where: {
      open: true,
      gold: false,
      archivedAt: null,
      project: { selection: "active", ...(projectIds ? { id: { in: projectIds } } : {}) },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      prompt: { select: { text: true } },
      items: { orderBy: { position: "asc" }, select: { completion: { select: { text: true, finishReason: true } } } },
    },
  });
  return rows.map((r) => ({ comparisonId: r.id, prompt: r.prompt.text, completions: r.items.map((i) => i.completion) }));
}
