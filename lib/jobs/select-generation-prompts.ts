// Worker: the prompts a generate job writes completions for, oldest first. "new": prompts without any comparison
// yet; "all": every prompt without a completion from this generator yet (what a new policy version needs); a selector:
// exactly the prompts it picks (lib/jobs/prompt-selector.ts), with or without earlier completions.
import type { Db, Prisma } from "@/lib/db";
import { promptSelectorWhere, type TPromptSelector } from "./prompt-selector";

export interface SelectGenerationPromptsOptions {
  db: Db;
  mode: "new" | "all" | TPromptSelector;
  /** The generator: a policy version id, or a completion source like "external:<model>". */
  generator: { modelVersionId: string } | { source: string };
  limit: number;
  /** Only prompts of this project; omitted: every project. */
  projectId?: string;
}

export async function selectGenerationPrompts({
  db,
  mode,
  generator,
  limit,
  projectId,
}: SelectGenerationPromptsOptions): Promise<{ id: string; text: string }[]> {
  const fromGenerator: Prisma.CompletionWhereInput =
    "modelVersionId" in generator ? { modelVersionId: generator.modelVersionId } : { source: generator.source };
  const byMode: Prisma.PromptWhereInput =
    mode === "new" ? { comparisons: { none: {} } } : mode === "all" ? { completions: { none: fromGenerator } } : promptSelectorWhere(mode);
  return db.prompt.findMany({
    where: { AND: [projectId ? { projectId } : {}, byMode] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, text: true },
  });
}
