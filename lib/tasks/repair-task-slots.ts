// Repairs the slot accounting of comparisons that concurrent labeler operations left wrong on PostgreSQL before
// those operations locked the comparison's row: a lease renewal racing a ranking took a slot no lease held, so the
// comparison closed short of its required rankings and was never offered again; a skip racing a ranking stored both.
// Per affected comparison, under its row lock: a skip or lease of a labeler who also ranked it is removed (the
// ranking stands), a lease of a labeler who skipped it too, and the counters are recounted from the leases that hold
// a slot and the rankings (slotsTaken, rankingCount, open). A gold comparison stays closed (it is served only by the
// gold path of assignment, lib/tasks/claim-next-task), and so does an archived one (it is never served). Idempotent:
// a second run finds nothing to change.
import { all, asBoolean, asNumber, asString, columns, one, Prisma, run, runSteps, step, type Db, type Steps } from "@/lib/db";
import { lockComparison } from "./db-helpers";

export interface RepairTaskSlotsOptions {
  db: Db;
}

export interface SlotCounters {
  slotsTaken: number;
  rankingCount: number;
  open: boolean;
}

export interface SlotRepair {
  comparisonId: string;
  before: SlotCounters;
  after: SlotCounters;
  requiredRankings: number;
  skipsRemoved: number;
  leasesRemoved: number;
}

export interface RepairTaskSlotsResult {
  /** Comparisons looked at. */
  checked: number;
  /** The comparisons changed, with their counters before and after. */
  repaired: SlotRepair[];
}

const IdRow = columns({ id: asString });
const CountRow = columns({ n: asNumber });
const CountersRow = columns({
  slotsTaken: asNumber,
  rankingCount: asNumber,
  open: asBoolean,
  requiredRankings: asNumber,
  gold: asBoolean,
  held: asNumber,
  ranked: asNumber,
  archived: asBoolean,
});

/** Each comparison with its counters and what they should be (live leases holding a slot + rankings). */
const COUNTED = Prisma.sql`
  SELECT c."id", c."slotsTaken", c."rankingCount", c."open", c."requiredRankings", c."gold",
    (SELECT COUNT(*) FROM "Lease" l WHERE l."comparisonId" = c."id" AND l."slotHeld" = true) AS "held",
    (SELECT COUNT(*) FROM "Ranking" r WHERE r."comparisonId" = c."id") AS "ranked",
    (c."archivedAt" IS NOT NULL) AS "archived"
  FROM "Comparison" c`;

export async function repairTaskSlots({ db }: RepairTaskSlotsOptions): Promise<RepairTaskSlotsResult> {
  const { checked, suspects } = await runSteps(db, () => findSuspects(), { write: false });
  const repaired: SlotRepair[] = [];
  for (const comparisonId of suspects) {
    const repair = await runSteps(db, () => repairOne(db, comparisonId), { write: true });
    if (repair) repaired.push(repair);
  }
  return { checked, repaired };
}

/** Comparisons whose counters disagree with their rows, or with a labeler holding two of ranking / skip / lease. */
const findSuspects = step(function* (): Steps<{ checked: number; suspects: string[] }> {
  const total = yield* one(Prisma.sql`SELECT COUNT(*) AS "n" FROM "Comparison"`, CountRow);
  const miscounted = yield* all(
    Prisma.sql`
    SELECT x."id" FROM (${COUNTED}) x
    WHERE x."slotsTaken" <> x."held" + x."ranked" OR x."rankingCount" <> x."ranked"
       OR x."open" <> (x."gold" = false AND x."archived" = false AND x."held" + x."ranked" < x."requiredRankings")`,
    IdRow,
  );
  const doubled = yield* all(
    Prisma.sql`
    SELECT s."comparisonId" AS "id" FROM "Skip" s
      JOIN "Ranking" r ON r."comparisonId" = s."comparisonId" AND r."userId" = s."userId"
    UNION SELECT l."comparisonId" FROM "Lease" l
      JOIN "Ranking" r ON r."comparisonId" = l."comparisonId" AND r."userId" = l."userId"
    UNION SELECT l."comparisonId" FROM "Lease" l
      JOIN "Skip" s ON s."comparisonId" = l."comparisonId" AND s."userId" = l."userId"`,
    IdRow,
  );
  const suspects = [...new Set([...miscounted, ...doubled].map((r) => r.id))].sort();
  return { checked: total?.n ?? 0, suspects };
});

const repairOne = step(function* (db: Db, comparisonId: string): Steps<SlotRepair | null> {
  if (!(yield* lockComparison(db, comparisonId))) return null;
  const skipsRemoved = yield* run(Prisma.sql`
    DELETE FROM "Skip" WHERE "comparisonId" = ${comparisonId}
      AND EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = "Skip"."comparisonId" AND r."userId" = "Skip"."userId")`);
  const leasesRemoved = yield* run(Prisma.sql`
    DELETE FROM "Lease" WHERE "comparisonId" = ${comparisonId}
      AND (EXISTS (SELECT 1 FROM "Ranking" r WHERE r."comparisonId" = "Lease"."comparisonId" AND r."userId" = "Lease"."userId")
        OR EXISTS (SELECT 1 FROM "Skip" s WHERE s."comparisonId" = "Lease"."comparisonId" AND s."userId" = "Lease"."userId"))`);
  const row = yield* one(Prisma.sql`SELECT * FROM (${COUNTED}) x WHERE x."id" = ${comparisonId}`, CountersRow);
  if (!row) return null;
  const before: SlotCounters = { slotsTaken: row.slotsTaken, rankingCount: row.rankingCount, open: row.open };
  const slotsTaken = row.held + row.ranked;
  const after: SlotCounters = { slotsTaken, rankingCount: row.ranked, open: !row.gold && !row.archived && slotsTaken < row.requiredRankings };
  const changed = before.slotsTaken !== after.slotsTaken || before.rankingCount !== after.rankingCount || before.open !== after.open;
  if (!changed && skipsRemoved === 0 && leasesRemoved === 0) return null;
  if (changed) {
    yield* run(Prisma.sql`
      UPDATE "Comparison" SET "slotsTaken" = ${after.slotsTaken}, "rankingCount" = ${after.rankingCount}, "open" = ${after.open}
      WHERE "id" = ${comparisonId}`);
  }
  return { comparisonId, before, after, requiredRankings: row.requiredRankings, skipsRemoved, leasesRemoved };
});
