// Admin actions on one comparison, each in one write unit under the comparison's row lock (the lock every labeler
// operation on the task takes, lib/tasks/db-helpers), with its audit entry:
//  - gold: the reference order (explicit completion ids, or the ranked-pairs consensus of its rankings); a gold item
//    leaves the normal slots (open = false) and is served apart; ungold puts it back.
//  - exclude (with a reason) / include: kept out of training data and exports; excluding resolves its open flags.
//  - requireRankings: asks for more (or fewer, never below the rankings it has) rankings; open again when a slot is free.
//  - archive / unarchive: archived is never served; its leases are removed (a held one gives its slot back), so no
//    late ranking or renewal can land on it.
import { z } from "zod";
import { recordAuditStep } from "@/lib/audit/record-audit-step";
import type { AuditDetail } from "@/lib/audit/record-audit";
import type { TAuditAction } from "@/lib/audit/actions";
import { requireRole, type Actor } from "@/lib/auth";
import { all, asBoolean, asDate, asNumber, asString, columns, jsonValue, nullable, one, Prisma, run, runSteps, step, timestamp, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { consensusOrder, parseRanks } from "@/lib/quality";
import { checkPermutation, describePermutationProblems } from "@/lib/tasks/check-permutation";
import { asIdList, lockComparison } from "@/lib/tasks/db-helpers";
import { openAfter } from "./comparison-open";
import { getComparisonDetail, type ComparisonDetail } from "./get-comparison-detail";
import { resolveOpenFlags } from "./resolve-open-flags";

const ZReason = z.string().trim().min(1).max(500);
const ZCompletionId = z.string().min(1).max(100);

export const ZUpdateComparisonRequest = z.discriminatedUnion("action", [
  z
    .strictObject({
      action: z.literal("gold"),
      /** Completion ids, best first. */
      ranking: z.array(ZCompletionId).min(1).max(50).optional(),
      /** Use the ranked-pairs consensus of the rankings (409 without rankings). */
      fromConsensus: z.literal(true).optional(),
    })
    .refine((b) => (b.ranking === undefined) !== (b.fromConsensus === undefined), {
      message: "give either ranking or fromConsensus: true",
    }),
  z.strictObject({ action: z.literal("ungold") }),
  z.strictObject({ action: z.literal("exclude"), reason: ZReason }),
  z.strictObject({ action: z.literal("include") }),
  z.strictObject({ action: z.literal("requireRankings"), requiredRankings: z.number().int().min(1).max(50) }),
  z.strictObject({ action: z.literal("archive") }),
  z.strictObject({ action: z.literal("unarchive") }),
]);
export type TUpdateComparisonRequest = z.infer<typeof ZUpdateComparisonRequest>;

export interface UpdateComparisonOptions {
  db: Db;
  actor: Actor;
  comparisonId: string;
  request: TUpdateComparisonRequest;
}

const StateRow = columns({
  requiredRankings: asNumber,
  rankingCount: asNumber,
  slotsTaken: asNumber,
  gold: asBoolean,
  excludedAt: nullable(asDate),
  archivedAt: nullable(asDate),
});
const ItemRow = columns({ completionId: asString });
const OrderRow = columns({ order: asIdList, ranks: nullable(parseRanks) });
const CountRow = columns({ n: asNumber });

type State = ReturnType<typeof StateRow>;

export async function updateComparison(options: UpdateComparisonOptions): Promise<ComparisonDetail> {
  requireRole(options.actor, "ADMIN");
  await runSteps(options.db, () => act(options), { write: true });
  return getComparisonDetail({ db: options.db, actor: options.actor, comparisonId: options.comparisonId });
}

const act = step(function* ({ db, actor, comparisonId, request }: UpdateComparisonOptions): Steps<void> {
  if (!(yield* lockComparison(db, comparisonId))) throw new AppError("NOT_FOUND", `No comparison with id ${comparisonId}`);
  const state = yield* one(
    Prisma.sql`SELECT "requiredRankings", "rankingCount", "slotsTaken", "gold", "excludedAt", "archivedAt" FROM "Comparison" WHERE "id" = ${comparisonId}`,
    StateRow,
  );
  if (!state) throw new AppError("NOT_FOUND", `No comparison with id ${comparisonId}`);
  const now = timestamp(db, new Date());
  const where = Prisma.sql`WHERE "id" = ${comparisonId}`;
  let action: TAuditAction;
  let details: Record<string, AuditDetail> = {};

  switch (request.action) {
    case "gold": {
      if (state.archivedAt) throw new AppError("CONFLICT", "This comparison is archived: unarchive it before marking it gold");
      const ranking = request.ranking ?? (yield* consensusOf(comparisonId));
      const items = (yield* all(Prisma.sql`SELECT "completionId" FROM "ComparisonItem" WHERE "comparisonId" = ${comparisonId}`, ItemRow)).map(
        (i) => i.completionId,
      );
      const problems = checkPermutation(items, ranking);
      if (problems) {
        throw new AppError("UNPROCESSABLE", `The gold ranking must order this comparison's completions: ${describePermutationProblems(problems)}`, {
          details: problems,
        });
      }
      yield* run(Prisma.sql`UPDATE "Comparison" SET "gold" = true, "goldRanking" = ${jsonValue(db, ranking)}, "open" = false ${where}`);
      action = "comparison.gold";
      details = { ranking, fromConsensus: request.fromConsensus === true, wasGold: state.gold };
      break;
    }
    case "ungold": {
      if (!state.gold) throw new AppError("CONFLICT", "This comparison is not gold");
      yield* run(Prisma.sql`UPDATE "Comparison" SET "gold" = false, "goldRanking" = NULL, "open" = ${openAfter({ gold: false })} ${where}`);
      action = "comparison.ungold";
      break;
    }
    case "exclude": {
      if (state.excludedAt) throw new AppError("CONFLICT", "This comparison is already excluded");
      yield* run(Prisma.sql`UPDATE "Comparison" SET "excludedAt" = ${now}, "excludedReason" = ${request.reason} ${where}`);
      const flagsResolved = yield* resolveOpenFlags(db, actor, comparisonId);
      action = "comparison.exclude";
      details = { reason: request.reason, flagsResolved };
      break;
    }
    case "include": {
      if (!state.excludedAt) throw new AppError("CONFLICT", "This comparison is not excluded");
      yield* run(Prisma.sql`UPDATE "Comparison" SET "excludedAt" = NULL, "excludedReason" = NULL ${where}`);
      action = "comparison.include";
      break;
    }
    case "requireRankings": {
      const required = request.requiredRankings;
      if (required < state.rankingCount) {
        throw new AppError("CONFLICT", `This comparison already has ${state.rankingCount} rankings: it cannot require fewer`, {
          details: { rankingCount: state.rankingCount },
        });
      }
      yield* run(Prisma.sql`UPDATE "Comparison" SET "requiredRankings" = ${required}, "open" = ${openAfter({ requiredRankings: required })} ${where}`);
      action = "comparison.required_rankings";
      details = { from: state.requiredRankings, to: required };
      break;
    }
    case "archive": {
      if (state.archivedAt) throw new AppError("CONFLICT", "This comparison is already archived");
      const released = yield* removeLeases(comparisonId);
      yield* run(Prisma.sql`UPDATE "Comparison" SET "archivedAt" = ${now}, "open" = false, "slotsTaken" = "slotsTaken" - ${released.held} ${where}`);
      action = "comparison.archive";
      details = { leasesRemoved: released.removed, slotsReleased: released.held };
      break;
    }
    case "unarchive": {
      if (!state.archivedAt) throw new AppError("CONFLICT", "This comparison is not archived");
      yield* run(Prisma.sql`UPDATE "Comparison" SET "archivedAt" = NULL, "open" = ${openAfter({ archived: false })} ${where}`);
      action = "comparison.unarchive";
      break;
    }
  }
  yield* recordAuditStep({ db, actor, action, targetType: "comparison", targetId: comparisonId, details: { ...details, ...stateDetail(state) } });
});

function stateDetail(state: State): Record<string, AuditDetail> {
  return { before: { requiredRankings: state.requiredRankings, rankingCount: state.rankingCount, gold: state.gold } };
}

/** The ranked-pairs consensus of the comparison's rankings; 409 without any. */
const consensusOf = step(function* (comparisonId: string): Steps<string[]> {
  const rows = yield* all(Prisma.sql`SELECT "order", "ranks" FROM "Ranking" WHERE "comparisonId" = ${comparisonId} ORDER BY "createdAt", "id"`, OrderRow);
  if (rows.length === 0) throw new AppError("CONFLICT", "This comparison has no rankings yet: give the gold ranking explicitly");
  return consensusOrder({ rankings: rows, method: "ranked-pairs" }).order;
});

/** Removes every lease of the comparison; how many there were and how many held a slot. */
const removeLeases = step(function* (comparisonId: string): Steps<{ removed: number; held: number }> {
  const held = (yield* one(Prisma.sql`SELECT COUNT(*) AS "n" FROM "Lease" WHERE "comparisonId" = ${comparisonId} AND "slotHeld" = true`, CountRow))?.n ?? 0;
  const removed = yield* run(Prisma.sql`DELETE FROM "Lease" WHERE "comparisonId" = ${comparisonId}`);
  return { removed, held };
});
