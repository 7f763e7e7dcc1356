// What a stored ranking records about its task besides the order (read in the ranking's transaction, by primary
// key): the comparison's project, that project's guidelines version and judgment switches, and for a gold comparison
// its reference order and the project's pause rule.
import { asBoolean, asNumber, asString, columns, dbKind, nullable, one, Prisma, step, type Db, type Steps } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { JudgmentSwitches } from "./check-judgment";
import { parseIdList } from "./db-helpers";

export interface RankingContext {
  projectId: string;
  guidelinesVersion: number;
  /** The reference order (completion ids, best first) when the comparison is gold. */
  goldRanking: string[] | null;
  goldThreshold: number;
  goldMinAnswers: number;
  /** The comparison's rankings (counted) and stored agreement, as read. */
  rankingCount: number;
  agreement: number | null;
  /** The project's judgment switches: what a ranking may carry beside its order. */
  switches: JudgmentSwitches;
}

const ContextRow = columns({
  projectId: asString,
  gold: asBoolean,
  goldRanking: nullable((value) => value),
  guidelinesVersion: asNumber,
  goldThreshold: asNumber,
  goldMinAnswers: asNumber,
  rankingCount: asNumber,
  agreement: nullable(asNumber),
  allowTies: asBoolean,
  allowNoneAcceptable: asBoolean,
  collectScores: asBoolean,
});

/**
 * Also takes the comparison's row lock (what lockComparison in ./db-helpers does) in the same statement, so a ranking
 * reads its context as the first step of its unit of work, after which the operations on the task are serialized.
 */
export const loadRankingContext = step(function* (db: Db, comparisonId: string): Steps<RankingContext> {
  const lock = dbKind(db) === "postgresql" ? Prisma.sql`FOR UPDATE OF c` : Prisma.empty;
  const row = yield* one(
    Prisma.sql`
    SELECT c."projectId", c."gold", c."goldRanking", c."rankingCount", c."agreement", p."guidelinesVersion", p."goldThreshold", p."goldMinAnswers",
           p."allowTies", p."allowNoneAcceptable", p."collectScores"
    FROM "Comparison" c JOIN "Project" p ON p."id" = c."projectId"
    WHERE c."id" = ${comparisonId} ${lock}`,
    ContextRow,
  );
  if (!row) throw new AppError("NOT_FOUND", "Task not found");
  return {
    projectId: row.projectId,
    guidelinesVersion: row.guidelinesVersion,
    goldRanking: row.gold && row.goldRanking !== null ? parseIdList(row.goldRanking) : null,
    goldThreshold: row.goldThreshold,
    goldMinAnswers: row.goldMinAnswers,
    rankingCount: row.rankingCount,
    agreement: row.agreement,
    switches: { allowTies: row.allowTies, allowNoneAcceptable: row.allowNoneAcceptable, collectScores: row.collectScores },
  };
});
