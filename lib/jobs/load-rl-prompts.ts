// Worker: the prompts PPO and RLOO roll out on, newest first: the train split only, whatever the selector says (the
// eval split is held out for the evaluate job), narrowed by the job's selector and projects.
import type { Db } from "@/lib/db";
import { promptSelectorWhere, type TPromptSelector } from "./prompt-selector";

export interface LoadRlPromptsOptions {
  db: Db;
  selector?: TPromptSelector;
  /** Only prompts of these projects; omitted: every project. */
  projectIds?: readonly string[];
  limit: number;
}

export async function loadRlPrompts({ db, selector, projectIds, limit }: LoadRlPromptsOptions): Promise<{ id: string; text: string }[]> {
  return db.prompt.findMany({
    where: { AND: [promptSelectorWhere(selector, { trainOnly: true }), projectIds ? { projectId: { in: [...projectIds] } } : {}] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, text: true },
  });
}
