// Admin: pauses a labeler on a project by hand, with a reason (a LabelerPause without a gold score). From then on
// GET /tasks/next serves them nothing of that project and names the pause; the tasks of the project they hold are
// given back at once (their slots free for others), so a task still on their screen can no longer be ranked.
// One write unit: the user's row is locked first on PostgreSQL (as a claim does), then each held comparison (as a
// ranking does), so a pause and a claim or ranking of the same labeler run one after the other.
import { z } from "zod";
import { recordAuditStep } from "@/lib/audit/record-audit-step";
import { requireRole, type Actor } from "@/lib/auth";
import { all, asString, columns, dbKind, one, Prisma, run, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { lockComparison, releaseSlot } from "@/lib/tasks/db-helpers";
import { newId } from "@/lib/util/id";

export const ZPauseLabelerRequest = z.strictObject({
  userId: z.string().trim().min(1).max(100),
  /** Shown to the labeler on the ranking page and kept with the pause. */
  reason: z.string().trim().min(1).max(500),
});
export type TPauseLabelerRequest = z.infer<typeof ZPauseLabelerRequest>;

export interface PauseLabelerOptions extends TPauseLabelerRequest {
  db: Db;
  actor: Actor;
  projectId: string;
}

export interface LabelerPauseView {
  id: string;
  projectId: string;
  userId: string;
  reason: string;
  pausedAt: Date;
  /** Leases on the project's comparisons that were given back. */
  leasesReleased: number;
}

const IdRow = columns({ id: asString });
const LeaseRow = columns({ id: asString, comparisonId: asString });

export function pauseLabeler(options: PauseLabelerOptions): Promise<LabelerPauseView> {
  requireRole(options.actor, "ADMIN");
  return runSteps(options.db, () => pause(options), { write: true });
}

const pause = step(function* ({ db, actor, projectId, userId, reason }: PauseLabelerOptions): Steps<LabelerPauseView> {
  const project = yield* one(Prisma.sql`SELECT "id" FROM "Project" WHERE "id" = ${projectId}`, IdRow);
  if (!project) throw new AppError("NOT_FOUND", `No project with id ${projectId}`);
  const lock = dbKind(db) === "postgresql" ? Prisma.sql`FOR UPDATE` : Prisma.empty;
  const user = yield* one(Prisma.sql`SELECT "id" FROM "User" WHERE "id" = ${userId} ${lock}`, IdRow);
  if (!user) throw new AppError("UNPROCESSABLE", `No user with id ${userId}`, { details: { userId } });
  const live = yield* one(
    Prisma.sql`SELECT "id" FROM "LabelerPause" WHERE "projectId" = ${projectId} AND "userId" = ${userId} AND "liftedAt" IS NULL LIMIT 1`,
    IdRow,
  );
  if (live) throw new AppError("CONFLICT", "This labeler is already paused on this project", { details: { pauseId: live.id } });

  const pausedAt = new Date();
  const id = newId();
  yield* run(Prisma.sql`
    INSERT INTO "LabelerPause" ("id", "projectId", "userId", "reason", "pausedAt")
    VALUES (${id}, ${projectId}, ${userId}, ${reason}, ${timestamp(db, pausedAt)})`);

  // The labeler's held leases in the project: each removed under its comparison's lock, its slot given back.
  const held = yield* all(
    Prisma.sql`
    SELECT l."id", l."comparisonId" FROM "Lease" l JOIN "Comparison" c ON c."id" = l."comparisonId"
    WHERE l."userId" = ${userId} AND l."slotHeld" = true AND c."projectId" = ${projectId}
    ORDER BY l."comparisonId"`,
    LeaseRow,
  );
  let leasesReleased = 0;
  for (const lease of held) {
    yield* lockComparison(db, lease.comparisonId);
    const removed = yield* run(Prisma.sql`DELETE FROM "Lease" WHERE "id" = ${lease.id} AND "slotHeld" = true`);
    if (removed === 1) {
      yield* releaseSlot(lease.comparisonId);
      leasesReleased += 1;
    }
  }
  yield* recordAuditStep({
    db,
    actor,
    action: "labeler_pause.create",
    targetType: "labeler_pause",
    targetId: id,
    details: { projectId, userId, reason, leasesReleased },
  });
  return { id, projectId, userId, reason, pausedAt, leasesReleased };
});
