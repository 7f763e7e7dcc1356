// Admin: triage of one open flag, in one write unit with its audit entries:
//  - dismiss: the flag is resolved as "dismissed", nothing else changes;
//  - exclude: the comparison showing the flagged completion is excluded from training data and exports (unless it
//    already was), and every open flag of that comparison's completions is resolved as "excluded".
// The comparison's row lock is taken first, as the data browser's actions take it, so the two never deadlock.
import { z } from "zod";
import { recordAuditStep } from "@/lib/audit/record-audit-step";
import { isSystemActor, requireRole, type Actor } from "@/lib/auth";
import { all, asDate, asString, columns, nullable, one, Prisma, run, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { lockComparison } from "@/lib/tasks/db-helpers";
import { resolveOpenFlags } from "./resolve-open-flags";

export const ZTriageFlagRequest = z.strictObject({
  action: z.enum(["dismiss", "exclude"]),
  /** Why: kept in the audit log; for exclude, also the comparison's exclusion reason. */
  reason: z.string().trim().min(1).max(500).optional(),
});
export type TTriageFlagRequest = z.infer<typeof ZTriageFlagRequest>;

export interface TriageFlagOptions extends TTriageFlagRequest {
  db: Db;
  actor: Actor;
  flagId: string;
}

export interface TriageFlagResult {
  flag: { id: string; resolution: string; resolvedAt: Date };
  /** The comparisons excluded by this action (empty for dismiss, or when they were excluded already). */
  excludedComparisons: string[];
  /** Flags resolved by this action, this one included. */
  flagsResolved: number;
}

const FlagRow = columns({ id: asString, completionId: asString, reason: asString, resolvedAt: nullable(asDate) });
const ComparisonRow = columns({ id: asString, excludedAt: nullable(asDate) });
const IdRow = columns({ comparisonId: asString });

export async function triageFlag(options: TriageFlagOptions): Promise<TriageFlagResult> {
  requireRole(options.actor, "ADMIN");
  return runSteps(options.db, () => triage(options), { write: true });
}

const triage = step(function* ({ db, actor, flagId, action, reason }: TriageFlagOptions): Steps<TriageFlagResult> {
  const find = Prisma.sql`SELECT "id", "completionId", "reason", "resolvedAt" FROM "Flag" WHERE "id" = ${flagId}`;
  const first = yield* one(find, FlagRow);
  if (!first) throw new AppError("NOT_FOUND", `No flag with id ${flagId}`);
  const comparisonIds = (yield* all(
    Prisma.sql`SELECT "comparisonId" FROM "ComparisonItem" WHERE "completionId" = ${first.completionId} ORDER BY "comparisonId"`,
    IdRow,
  )).map((r) => r.comparisonId);
  for (const id of comparisonIds) yield* lockComparison(db, id);
  const flag = yield* one(find, FlagRow);
  if (!flag) throw new AppError("NOT_FOUND", `No flag with id ${flagId}`);
  if (flag.resolvedAt) throw new AppError("CONFLICT", "This flag has already been triaged");

  const resolvedAt = new Date();
  const resolvedById = isSystemActor(actor) ? null : actor.id;
  if (action === "dismiss") {
    yield* run(Prisma.sql`
      UPDATE "Flag" SET "resolution" = 'dismissed', "resolvedAt" = ${timestamp(db, resolvedAt)}, "resolvedById" = ${resolvedById}
      WHERE "id" = ${flagId} AND "resolvedAt" IS NULL`);
    yield* recordAuditStep({ db, actor, action: "flag.dismiss", targetType: "flag", targetId: flagId, details: { reason: reason ?? null } });
    return { flag: { id: flagId, resolution: "dismissed", resolvedAt }, excludedComparisons: [], flagsResolved: 1 };
  }

  if (comparisonIds.length === 0) throw new AppError("CONFLICT", "The flagged completion is in no comparison: there is nothing to exclude");
  const exclusionReason = reason ?? `Flagged as ${flag.reason}`;
  const excluded: string[] = [];
  let flagsResolved = 0;
  for (const comparisonId of comparisonIds) {
    const c = yield* one(Prisma.sql`SELECT "id", "excludedAt" FROM "Comparison" WHERE "id" = ${comparisonId}`, ComparisonRow);
    if (c && !c.excludedAt) {
      yield* run(Prisma.sql`
        UPDATE "Comparison" SET "excludedAt" = ${timestamp(db, resolvedAt)}, "excludedReason" = ${exclusionReason} WHERE "id" = ${comparisonId}`);
      excluded.push(comparisonId);
    }
    const resolved = yield* resolveOpenFlags(db, actor, comparisonId);
    flagsResolved += resolved;
    if (c && !c.excludedAt) {
      yield* recordAuditStep({
        db,
        actor,
        action: "comparison.exclude",
        targetType: "comparison",
        targetId: comparisonId,
        details: { reason: exclusionReason, flagId, flagsResolved: resolved },
      });
    }
  }
  yield* recordAuditStep({
    db,
    actor,
    action: "flag.exclude",
    targetType: "flag",
    targetId: flagId,
    details: { reason: exclusionReason, comparisonIds, excluded, flagsResolved },
  });
  return { flag: { id: flagId, resolution: "excluded", resolvedAt }, excludedComparisons: excluded, flagsResolved };
});
