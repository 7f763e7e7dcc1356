// Admin: policy and reward model versions, newest first, with their parent (lineage) and metrics.
import { z } from "zod";
import type { Db } from "@/lib/db";
import { requireRole, type AuthUser } from "@/lib/auth";
import { MODEL_VIEW_SELECT, toModelView, type ModelView } from "./model-view";

export const ZListModelsQuery = z.strictObject({
  kind: z.enum(["POLICY", "REWARD"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type TListModelsQuery = z.infer<typeof ZListModelsQuery>;

export interface ListModelVersionsOptions {
  db: Db;
  actor: AuthUser;
  query?: Partial<TListModelsQuery>;
}

export async function listModelVersions({ db, actor, query = {} }: ListModelVersionsOptions): Promise<ModelView[]> {
  requireRole(actor, "ADMIN");
  const { kind, limit } = ZListModelsQuery.parse(query);
  const rows = await db.modelVersion.findMany({
    where: kind ? { kind } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: MODEL_VIEW_SELECT,
  });
  return rows.map(toModelView);
}
