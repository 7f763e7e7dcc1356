// Worker: stores the K completions a generate job wrote for each prompt, and one Comparison per prompt for labelers
// to rank, in one transaction per batch (a batch is all or nothing, so a resumed job never half-writes a prompt).
// Each comparison goes to its prompt's project and needs that project's requiredRankings unless the job set a number.
import type { Db } from "@/lib/db";
import { newId } from "@/lib/util/id";
import { stripNul } from "@/lib/util/text";

export interface GeneratedPrompt {
  promptId: string;
  completions: string[];
  /**
   * Completion.finishReason per completion: "eos" (the generator ended it) or "length" (cut at the token limit);
   * null or omitted when the generator did not say.
   */
  finishReasons?: readonly ("eos" | "length" | null)[];
}

export interface StoreGeneratedComparisonsOptions {
  db: Db;
  items: readonly GeneratedPrompt[];
  /** Completion.source: "policy" or "external:<model>". */
  source: string;
  modelVersionId: string | null;
  /** Default: the requiredRankings of each prompt's project. */
  requiredRankings?: number;
}

export async function storeGeneratedComparisons({
  db,
  items,
  source,
  modelVersionId,
  requiredRankings,
}: StoreGeneratedComparisonsOptions): Promise<number> {
  const completions: { id: string; promptId: string; text: string; source: string; modelVersionId: string | null; finishReason: string | null }[] = [];
  const comparisons: { id: string; projectId: string; promptId: string; requiredRankings: number }[] = [];
  const rows: { comparisonId: string; completionId: string; position: number }[] = [];
  const prompts = await db.prompt.findMany({
    where: { id: { in: [...new Set(items.map((i) => i.promptId))] } },
    select: { id: true, projectId: true, project: { select: { requiredRankings: true } } },
  });
  const promptById = new Map(prompts.map((p) => [p.id, p]));
  for (const item of items) {
    const prompt = promptById.get(item.promptId);
    if (!prompt) continue; // deleted while the job ran
    const comparisonId = newId();
    comparisons.push({ id: comparisonId, projectId: prompt.projectId, promptId: item.promptId, requiredRankings: requiredRankings ?? prompt.project.requiredRankings });
    item.completions.forEach((text, position) => {
      const id = newId();
      // A model can emit the byte 0x00; PostgreSQL cannot store it.
      const finishReason = item.finishReasons?.[position] ?? null;
      completions.push({ id, promptId: item.promptId, text: stripNul(text), source, modelVersionId, finishReason });
      rows.push({ comparisonId, completionId: id, position });
    });
  }
  if (comparisons.length === 0) return 0;
  await db.$transaction(async (tx) => {
    await tx.completion.createMany({ data: completions });
    await tx.comparison.createMany({ data: comparisons });
    await tx.comparisonItem.createMany({ data: rows });
  });
  return comparisons.length;
}
