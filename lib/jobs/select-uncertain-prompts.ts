// Worker: the prompts whose comparisons the reward model is least sure about (highest Comparison.uncertainty, as the
// last reward job scored them), most uncertain first, among the prompts `where` keeps: what a generate job with
// preferUncertain writes fresh completions for first. Reads the scored comparisons of those prompts (no index on
// uncertainty: a job runs rarely).
import type { Db, Prisma } from "@/lib/db";

export interface SelectUncertainPromptsOptions {
  db: Db;
  where: Prisma.PromptWhereInput;
  limit: number;
}

export async function selectUncertainPrompts({ db, where, limit }: SelectUncertainPromptsOptions): Promise<{ id: string; text: string }[]> {
  const scored = await db.comparison.findMany({
    where: { uncertainty: { not: null }, prompt: where },
    orderBy: [{ uncertainty: "desc" }, { id: "asc" }],
    select: { prompt: { select: { id: true, text: true } } },
  });
  const out = new Map<string, { id: string; text: string }>();
  for (const { prompt } of scored) {
    if (out.size >= limit) break;
    if (!out.has(prompt.id)) out.set(prompt.id, prompt);
  }
  return [...out.values()];
}
