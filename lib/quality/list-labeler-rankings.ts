// Admin: one labeler's most recent rankings in a project, each next to the consensus of the comparison's other
// rankings (leave-one-out, the reference of the labeler's consensusAgreement) and, for a gold comparison, the gold
// reference. Bounded by `limit`: three queries over the labeler's index ([projectId, userId, createdAt]).
import { z } from "zod";
import { requireRole, type Actor } from "@/lib/auth";
import { all, asBoolean, asDate, asNumber, asString, columns, nullable, Prisma, runSteps, step, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { pairwiseAgreement } from "./agreement";
import { consensusOrder } from "./consensus";
import { parseOrder } from "./parse-order";
import { parseRanks } from "./parse-ranks";
import { refreshStaleQuality } from "./refresh-stale-quality";

export const ZLabelerRankingsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TLabelerRankingsQuery = z.infer<typeof ZLabelerRankingsQuery>;

export interface ListLabelerRankingsOptions extends Partial<TLabelerRankingsQuery> {
  db: Db;
  actor: Actor;
  projectId: string;
  userId: string;
}

export interface LabelerRankingView {
  id: string;
  comparisonId: string;
  createdAt: Date;
  durationMs: number | null;
  /** Completion ids, best first. */
  order: string[];
  shownOrder: string[];
  untouched: boolean;
  consensusAgreement: number | null;
  /** Consensus of the other rankings of the comparison (null when there is none), and how many there are. */
  consensus: string[] | null;
  others: number;
  gold: boolean;
  /** The gold reference order (gold comparisons only) and this ranking's agreement with it. */
  goldReference: string[] | null;
  goldAgreement: number | null;
  prompt: { id: string; text: string };
  /** The comparison's completions (text cut to 300 characters). */
  completions: { id: string; text: string }[];
}

export interface LabelerRankings {
  labeler: { id: string; name: string; email: string; pseudonym: string };
  rankings: LabelerRankingView[];
}

const TEXT_CHARS = 300;
const UserRow = columns({ id: asString, name: asString, email: asString, pseudonym: asString });
const IdRow = columns({ id: asString });
const RankingRow = columns({
  id: asString,
  comparisonId: asString,
  createdAt: asDate,
  durationMs: nullable(asNumber),
  order: parseOrder,
  shownOrder: parseOrder,
  untouched: asBoolean,
  consensusAgreement: nullable(asNumber),
  goldAgreement: nullable(asNumber),
  gold: asBoolean,
  goldRanking: nullable((v: unknown) => v),
  promptId: asString,
  promptText: asString,
});
const OtherRow = columns({ comparisonId: asString, order: parseOrder, ranks: nullable(parseRanks) });
const CompletionRow = columns({ comparisonId: asString, id: asString, text: asString });

export async function listLabelerRankings({ db, actor, projectId, userId, limit = 20 }: ListLabelerRankingsOptions): Promise<LabelerRankings> {
  requireRole(actor, "ADMIN");
  await refreshStaleQuality({ db, projectId });
  return runSteps(db, () => readLabelerRankings(projectId, userId, limit), { write: false });
}

const readLabelerRankings = step(function* (projectId: string, userId: string, limit: number): Steps<LabelerRankings> {
  if (!(yield* all(Prisma.sql`SELECT "id" FROM "Project" WHERE "id" = ${projectId}`, IdRow))[0]) throw new AppError("NOT_FOUND", "Project not found");
  const labeler = (yield* all(Prisma.sql`SELECT "id", "name", "email", "pseudonym" FROM "User" WHERE "id" = ${userId}`, UserRow))[0];
  if (!labeler) throw new AppError("NOT_FOUND", "User not found");
  const recent = Prisma.sql`SELECT "comparisonId" FROM "Ranking" WHERE "projectId" = ${projectId} AND "userId" = ${userId}
                            ORDER BY "createdAt" DESC, "id" DESC LIMIT ${limit}`;
  const rows = yield* all(
    Prisma.sql`SELECT r."id", r."comparisonId", r."createdAt", r."durationMs", r."order", r."shownOrder", r."untouched",
                      r."consensusAgreement", r."goldAgreement", c."gold", c."goldRanking", p."id" AS "promptId",
                      substr(p."text", 1, ${TEXT_CHARS}) AS "promptText"
               FROM "Ranking" r JOIN "Comparison" c ON c."id" = r."comparisonId" JOIN "Prompt" p ON p."id" = c."promptId"
               WHERE r."projectId" = ${projectId} AND r."userId" = ${userId}
               ORDER BY r."createdAt" DESC, r."id" DESC LIMIT ${limit}`,
    RankingRow,
  );
  const others = yield* all(
    Prisma.sql`SELECT o."comparisonId", o."order", o."ranks" FROM "Ranking" o JOIN (${recent}) m ON m."comparisonId" = o."comparisonId"
               WHERE o."userId" <> ${userId}`,
    OtherRow,
  );
  const completions = yield* all(
    Prisma.sql`SELECT i."comparisonId", co."id", substr(co."text", 1, ${TEXT_CHARS}) AS "text"
               FROM "ComparisonItem" i JOIN (${recent}) m ON m."comparisonId" = i."comparisonId" JOIN "Completion" co ON co."id" = i."completionId"
               ORDER BY i."comparisonId", i."position"`,
    CompletionRow,
  );
  const othersBy = groupBy(others, (o) => o.comparisonId);
  const completionsBy = groupBy(completions, (c) => c.comparisonId);
  return {
    labeler,
    rankings: rows.map((r): LabelerRankingView => {
      const theirs = (othersBy.get(r.comparisonId) ?? []).map((o) => ({ order: o.order, ranks: o.ranks }));
      const goldReference = r.gold && r.goldRanking !== null ? safeOrder(r.goldRanking) : null;
      return {
        id: r.id,
        comparisonId: r.comparisonId,
        createdAt: r.createdAt,
        durationMs: r.durationMs,
        order: r.order,
        shownOrder: r.shownOrder,
        untouched: r.untouched,
        consensusAgreement: r.consensusAgreement,
        consensus: theirs.length ? consensusOrder({ rankings: theirs }).order : null,
        others: theirs.length,
        gold: r.gold,
        goldReference,
        goldAgreement: r.goldAgreement ?? (goldReference ? pairwiseAgreement(r.order, goldReference) : null),
        prompt: { id: r.promptId, text: r.promptText },
        completions: (completionsBy.get(r.comparisonId) ?? []).map((c) => ({ id: c.id, text: c.text })),
      };
    }),
  };
});

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const group = out.get(key(row)) ?? [];
    group.push(row);
    out.set(key(row), group);
  }
  return out;
}

function safeOrder(value: unknown): string[] | null {
  try {
    return parseOrder(value, "goldRanking");
  } catch {
    return null;
  }
}
