// Admin: completions of a policy version beside its parent's for the same prompts, to compare versions by eye.
// Reads what generate jobs stored (Completion.modelVersionId); nothing is sampled in the web process. Pages through
// the version's prompts (ordered by id, `cursor` = the last prompt id of the previous page), optionally only one split
// (train / eval) or project.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";

export const MAX_SAMPLE_PROMPTS = 100;
export const MAX_SAMPLES_PER_PROMPT = 16;

export const ZModelSamplesQuery = z.strictObject({
  prompts: z.coerce.number().int().min(1).max(MAX_SAMPLE_PROMPTS).default(4),
  perPrompt: z.coerce.number().int().min(1).max(MAX_SAMPLES_PER_PROMPT).default(2),
  cursor: z.string().min(1).max(64).optional(),
  split: z.enum(["train", "eval"]).optional(),
  projectId: z.string().min(1).max(64).optional(),
});
export type TModelSamplesQuery = z.infer<typeof ZModelSamplesQuery>;

export interface SampleCompletion {
  text: string;
  /** "eos" (the model ended it), "length" (cut at the token limit), or null when not recorded. */
  finishReason: string | null;
}

export interface ModelSample {
  promptId: string;
  prompt: string;
  split: string;
  /** Completions of this version (up to `perPrompt`). */
  completions: SampleCompletion[];
  /** Completions of the parent version for the same prompt (empty when it has none or there is no parent). */
  parentCompletions: SampleCompletion[];
}

export interface ModelSamples {
  modelVersionId: string;
  parentId: string | null;
  samples: ModelSample[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface GetModelSamplesOptions extends Partial<TModelSamplesQuery> {
  db: Db;
  actor: AuthUser;
  modelVersionId: string;
}

export async function getModelSamples({
  db,
  actor,
  modelVersionId,
  prompts = 4,
  perPrompt = 2,
  cursor,
  split,
  projectId,
}: GetModelSamplesOptions): Promise<ModelSamples> {
  requireRole(actor, "ADMIN");
  const version = await db.modelVersion.findUnique({
    where: { id: modelVersionId },
    select: { id: true, parentId: true },
  });
  if (!version) throw new AppError("NOT_FOUND", `No model version with id ${modelVersionId}`);
  const versionIds = version.parentId ? [version.id, version.parentId] : [version.id];
  // One page of the prompts this version answered, in prompt-id order after the cursor; one more row tells whether a
  // next page exists.
  const page = await db.completion.findMany({
    where: {
      modelVersionId: version.id,
      ...(cursor ? { promptId: { gt: cursor } } : {}),
      ...(split || projectId ? { prompt: { ...(split ? { split } : {}), ...(projectId ? { projectId } : {}) } } : {}),
    },
    select: { promptId: true },
    distinct: ["promptId"],
    orderBy: { promptId: "asc" },
    take: prompts + 1,
  });
  const chosen = page.slice(0, prompts).map((c) => c.promptId);
  const nextCursor = page.length > prompts ? (chosen.at(-1) ?? null) : null;
  if (chosen.length === 0) return { modelVersionId: version.id, parentId: version.parentId, samples: [], nextCursor: null };
  const rows = await db.prompt.findMany({
    where: { id: { in: chosen } },
    select: {
      id: true,
      text: true,
      split: true,
      completions: {
        where: { modelVersionId: { in: versionIds } },
        select: { text: true, modelVersionId: true, finishReason: true },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const samples = chosen.flatMap((id): ModelSample[] => {
    const row = byId.get(id);
    if (!row) return [];
    const of = (vid: string | null): SampleCompletion[] =>
      row.completions
        .filter((c) => c.modelVersionId === vid)
        .slice(0, perPrompt)
        .map((c) => ({ text: c.text, finishReason: c.finishReason }));
    return [
      {
        promptId: row.id,
        prompt: row.text,
        split: row.split,
        completions: of(version.id),
        parentCompletions: version.parentId ? of(version.parentId) : [],
      },
    ];
  });
  return { modelVersionId: version.id, parentId: version.parentId, samples, nextCursor };
}
