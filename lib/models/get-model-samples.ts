// Admin: completions of a policy version beside its parent's for the same prompts, to compare versions by eye.
// Reads what generate jobs stored (Completion.modelVersionId); nothing is sampled in the web process.
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";

export interface ModelSample {
  promptId: string;
  prompt: string;
  /** Completions of this version (up to `perPrompt`). */
  completions: string[];
  /** Completions of the parent version for the same prompt (empty when it has none or there is no parent). */
  parentCompletions: string[];
}

export interface ModelSamples {
  modelVersionId: string;
  parentId: string | null;
  samples: ModelSample[];
}

export interface GetModelSamplesOptions {
  db: Db;
  actor: AuthUser;
  modelVersionId: string;
  prompts?: number;
  perPrompt?: number;
}

export async function getModelSamples({
  db,
  actor,
  modelVersionId,
  prompts = 4,
  perPrompt = 2,
}: GetModelSamplesOptions): Promise<ModelSamples> {
  requireRole(actor, "ADMIN");
  const version = await db.modelVersion.findUnique({
    where: { id: modelVersionId },
    select: { id: true, parentId: true },
  });
  if (!version) throw new AppError("NOT_FOUND", `No model version with id ${modelVersionId}`);
  const versionIds = version.parentId ? [version.id, version.parentId] : [version.id];
  // Prompts with completions of this version, preferring those its parent also answered.
  const mine = await db.completion.findMany({
    where: { modelVersionId: version.id },
    select: { promptId: true },
    distinct: ["promptId"],
    orderBy: { promptId: "asc" },
    take: 200,
  });
  const promptIds = mine.map((c) => c.promptId);
  let chosen = promptIds.slice(0, prompts);
  if (version.parentId && promptIds.length > 0) {
    const shared = await db.completion.findMany({
      where: { modelVersionId: version.parentId, promptId: { in: promptIds } },
      select: { promptId: true },
      distinct: ["promptId"],
      orderBy: { promptId: "asc" },
      take: prompts,
    });
    const sharedIds = shared.map((c) => c.promptId);
    chosen = [...sharedIds, ...promptIds.filter((id) => !sharedIds.includes(id))].slice(0, prompts);
  }
  if (chosen.length === 0) return { modelVersionId: version.id, parentId: version.parentId, samples: [] };
  const rows = await db.prompt.findMany({
    where: { id: { in: chosen } },
    select: {
      id: true,
      text: true,
      completions: {
        where: { modelVersionId: { in: versionIds } },
        select: { text: true, modelVersionId: true },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const samples = chosen.flatMap((id): ModelSample[] => {
    const row = byId.get(id);
    if (!row) return [];
    const of = (vid: string | null) =>
      row.completions.filter((c) => c.modelVersionId === vid).slice(0, perPrompt).map((c) => c.text);
    return [
      {
        promptId: row.id,
        prompt: row.text,
        completions: of(version.id),
        parentCompletions: version.parentId ? of(version.parentId) : [],
      },
    ];
  });
  return { modelVersionId: version.id, parentId: version.parentId, samples };
}
