// Worker: the prompts a generate job writes completions for, oldest first. "new": prompts without any comparison
// yet; "all": every prompt without a completion from this generator yet (what a new policy version needs); a selector:
// exactly the prompts it picks (lib/jobs/prompt-selector.ts), with or without earlier completions.
// preferUncertain: the prompts whose comparisons the reward model is least sure about come first.
import type { Db, Prisma } from "@/lib/db";
import { promptSelectorWhere, type TPromptSelector } from "./prompt-selector";
import { selectUncertainPrompts } from "./select-uncertain-prompts";

export interface SelectGenerationPromptsOptions {
  db: Db;
  mode: "new" | "all" | TPromptSelector;
  /** The generator: a policy version id, or a completion source like "external:<model>". */
  generator: { modelVersionId: string } | { source: string };
  limit: number;
  /** Only prompts of this project; omitted: every project. */
  projectId?: string;
  /** The prompts with the most uncertain comparisons (Comparison.uncertainty) first, then the usual order. */
  preferUncertain?: boolean;
}

export async function selectGenerationPrompts({
  db,
  mode,
  generator,
  limit,
  projectId,
  preferUncertain = false,
}: SelectGenerationPromptsOptions): Promise<{ id: string; text: string }[]> {
  const fromGenerator: Prisma.CompletionWhereInput =
    "modelVersionId" in generator ? { modelVersionId: generator.modelVersionId } : { source: generator.source };
  const byMode: Prisma.PromptWhereInput =
    mode === "new" ? { comparisons: { none: {} } } : mode === "all" ? { completions: { none: fromGenerator } } : promptSelectorWhere(mode);
  const where: Prisma.PromptWhereInput = { AND: [projectId ? { projectId } : {}, byMode] };
  const first = preferUncertain ? await selectUncertainPrompts({ db, where, limit }) : [];
  const rest = await db.prompt.findMany({
    where: first.length ? { AND: [where, { id: { notIn: first.map((p) => p.id) } }] } : where,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit - first.length,
    select: { id: true, text: true },
  });
  return [...first, ...rest];
}
