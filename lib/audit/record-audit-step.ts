// Writes one audit entry as a SQL step, for actions that run as a unit of lib/db's SQL steps (the same lock and
// transaction as the task code): the entry is stored with the action it records, or not at all.
import { isSystemActor, type Actor } from "@/lib/auth/types";
import { jsonValue, Prisma, run, step, timestamp, type Db, type Steps } from "@/lib/db";
import { newId } from "@/lib/util/id";
import type { TAuditAction, TAuditTargetType } from "./actions";
import type { AuditDetail } from "./record-audit";

export interface RecordAuditStepOptions {
  db: Db;
  actor: Actor;
  action: TAuditAction;
  targetType: TAuditTargetType;
  targetId?: string | null;
  details?: Record<string, AuditDetail>;
}

export const recordAuditStep = step(function* ({ db, actor, action, targetType, targetId = null, details }: RecordAuditStepOptions): Steps<void> {
  const actorId = isSystemActor(actor) ? null : actor.id;
  const detailsSql = details ? jsonValue(db, details) : Prisma.sql`NULL`;
  yield* run(Prisma.sql`
    INSERT INTO "AuditLog" ("id", "actorId", "action", "targetType", "targetId", "details", "at")
    VALUES (${newId()}, ${actorId}, ${action}, ${targetType}, ${targetId}, ${detailsSql}, ${timestamp(db, new Date())})`);
});
