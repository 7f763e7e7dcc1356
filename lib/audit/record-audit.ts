// Writes one audit entry: who did what to which record. Callers pass their transaction (`tx`) so that the entry is
// stored with the action it records, or not at all. Details are small JSON, never secrets or passwords.
import { isSystemActor, type Actor } from "@/lib/auth/types";
import type { Db } from "@/lib/db";
import type { TAuditAction, TAuditTargetType } from "./actions";

/** A JSON value a detail may hold. */
export type AuditDetail = string | number | boolean | null | AuditDetail[] | { [key: string]: AuditDetail };

export interface RecordAuditOptions {
  /** The client or the transaction of the action; only its AuditLog table is used. */
  tx: Pick<Db, "auditLog">;
  actor: Actor;
  action: TAuditAction;
  targetType: TAuditTargetType;
  targetId?: string | null;
  details?: Record<string, AuditDetail>;
}

export async function recordAudit({ tx, actor, action, targetType, targetId = null, details }: RecordAuditOptions): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: isSystemActor(actor) ? null : actor.id,
      action,
      targetType,
      targetId,
      ...(details ? { details } : {}),
    },
    select: { id: true },
  });
}
