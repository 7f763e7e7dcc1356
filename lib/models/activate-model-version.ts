// Admin: makes a version the active one of its kind (the active policy generates new completions; the active reward
// model is PPO's default). One transaction, so there is never a moment with two active versions of a kind.
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type AuthUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { MODEL_VIEW_SELECT, toModelView, type ModelView } from "./model-view";

export interface ActivateModelVersionOptions {
  db: Db;
  actor: AuthUser;
  modelVersionId: string;
}

export async function activateModelVersion({
  db,
  actor,
  modelVersionId,
}: ActivateModelVersionOptions): Promise<ModelView> {
  requireRole(actor, "ADMIN");
  return db.$transaction(async (tx) => {
    const target = await tx.modelVersion.findUnique({ where: { id: modelVersionId }, select: { id: true, kind: true, name: true } });
    if (!target) throw new AppError("NOT_FOUND", `No model version with id ${modelVersionId}`);
    await tx.modelVersion.updateMany({
      where: { kind: target.kind, active: true, id: { not: target.id } },
      data: { active: false },
    });
    const row = await tx.modelVersion.update({
      where: { id: target.id },
      data: { active: true },
      select: MODEL_VIEW_SELECT,
    });
    await recordAudit({ tx, actor, action: "model.activate", targetType: "model_version", targetId: target.id, details: { kind: target.kind, name: target.name } });
    return toModelView(row);
  });
}
