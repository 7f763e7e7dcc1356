// Admin: the ids of a job's prompt selector that name no stored prompt, so that enqueueing refuses them (422) instead
// of a job that runs on fewer prompts than asked.
import type { Db } from "@/lib/db";
import type { TPromptSelector } from "./prompt-selector";

export async function findUnknownPromptIds({ db, selector }: { db: Pick<Db, "prompt">; selector: TPromptSelector }): Promise<string[]> {
  const ids = [...new Set(selector.ids ?? [])];
  if (ids.length === 0) return [];
  const found = await db.prompt.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((p) => p.id));
  return ids.filter((id) => !known.has(id));
}
